import datetime

from django.urls import reverse

from tests.conftest import status_as
from tests.factories import certify

from .helpers import page_text


def vinh_thuan_2020():
    return certify("910", "ntm", 2020, number="669/QĐ-TTg", issued_on=datetime.date(2022, 6, 2))


def test_certification_detail_ladder(client, cast, unassigned):
    certification = vinh_thuan_2020()
    url = reverse("targets:certification_detail", args=[certification.pk])
    assert status_as(client, None, "get", url)[0] == 302
    assert status_as(client, unassigned, "get", url)[0] == 403
    for user in cast.values():
        assert status_as(client, user, "get", url)[0] == 200


def test_certification_detail_shows_decision_breadcrumbs_and_history(client, province_staff):
    certification = certify(
        "31060", "ntm", 2021, number="1007/QĐ-UBND", issued_on=datetime.date(2022, 3, 15)
    )
    client.force_login(province_staff)
    page = page_text(client.get(reverse("targets:certification_detail", args=[certification.pk])))
    assert "Xã Vĩnh Bình Bắc — Đạt chuẩn nông thôn mới năm 2021" in page
    assert "1007/QĐ-UBND</a> ngày 15/03/2022 · Chủ tịch UBND tỉnh" in page
    assert reverse("units:unit_detail", args=["910"]) in page  # breadcrumb to the district
    assert reverse("units:unit_detail", args=["91"]) in page  # and to the province
    assert "Lịch sử chỉnh sửa" in page
    assert "Tạo mới" in page
    assert "Thu hồi công nhận" in page


def test_readers_see_no_edit_or_revoke_controls(client, officer, leadership):
    certification = vinh_thuan_2020()
    url = reverse("targets:certification_detail", args=[certification.pk])
    for user in (officer, leadership):
        client.force_login(user)
        page = page_text(client.get(url))
        assert "Sửa công nhận" not in page
        assert "Thu hồi công nhận" not in page


def test_decision_detail_ladder(client, cast, unassigned):
    certification = vinh_thuan_2020()
    url = reverse("targets:decision_detail", args=[certification.decision_id])
    assert status_as(client, None, "get", url)[0] == 302
    assert status_as(client, unassigned, "get", url)[0] == 403
    for user in cast.values():
        assert status_as(client, user, "get", url)[0] == 200


def test_decision_detail_lists_all_its_certifications(client, officer, province_staff):
    first = certify(
        "31060", "ntm", 2021, number="1007/QĐ-UBND", issued_on=datetime.date(2022, 3, 15)
    )
    certify("31006", "ntm", 2021, number="1007/QĐ-UBND", issued_on=datetime.date(2022, 3, 15))
    client.force_login(officer)
    url = reverse("targets:decision_detail", args=[first.decision_id])
    page = page_text(client.get(url))
    assert "Quyết định 1007/QĐ-UBND ngày 15/03/2022" in page
    assert "Xã Vĩnh Bình Bắc" in page
    assert "Xã Đông Thái" in page  # another district's commune: officers read the whole province
    assert "Các đơn vị được công nhận (2)" in page
    assert "Chưa có" in page  # no scanned document yet
    assert "Thêm đơn vị vào quyết định này" not in page
    client.force_login(province_staff)
    page = page_text(client.get(url))
    assert f"{reverse('targets:certification_create')}?decision={first.decision_id}" in page


def test_unit_page_section_lists_recognitions_with_decision_links(client, officer):
    certification = vinh_thuan_2020()
    client.force_login(officer)
    page = page_text(client.get(reverse("units:unit_detail", args=["910"])))
    assert "Công nhận nông thôn mới" in page
    assert reverse("targets:decision_detail", args=[certification.decision_id]) in page
    assert "669/QĐ-TTg</a> ngày 02/06/2022" in page
    assert "Ghi nhận công nhận" not in page


def test_unit_page_section_offers_recording_to_province_staff(client, province_staff):
    client.force_login(province_staff)
    page = page_text(client.get(reverse("units:unit_detail", args=["31060"])))
    assert "Xã Vĩnh Bình Bắc chưa có quyết định công nhận nào trong sổ." in page
    assert "Ghi nhận công nhận" in page
    assert "?unit=" in page


def test_unit_page_section_is_not_on_the_province_page(client, province_staff):
    client.force_login(province_staff)
    page = page_text(client.get(reverse("units:unit_detail", args=["91"])))
    assert "certifications-title" not in page
