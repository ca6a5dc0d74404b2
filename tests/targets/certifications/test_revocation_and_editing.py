import datetime

from django.urls import reverse

from targets.models import Certification
from tests.conftest import status_as
from tests.factories import certify, decision, unit

from .helpers import page_text

REVOCATION = {
    "revocation_number": "1520/QĐ-UBND",
    "revoked_on": "01/09/2023",
    "revocation_reason": "Xã không duy trì tiêu chí môi trường.",
}


def ntm_of_vinh_binh_bac():
    return certify("31060", "ntm", 2021, number="100/QĐ-UBND", issued_on=datetime.date(2022, 3, 1))


def test_revocation_ladder_only_province_staff_and_administrators_revoke(client, cast):
    certification = ntm_of_vinh_binh_bac()
    url = reverse("targets:certification_revoke", args=[certification.pk])
    assert status_as(client, None, "post", url, REVOCATION)[0] == 302
    for name in ("officer", "other_officer", "leadership"):
        assert status_as(client, cast[name], "post", url, REVOCATION)[0] == 403
    certification.refresh_from_db()
    assert not certification.is_revoked
    code, page = status_as(client, cast["province_staff"], "get", url)
    assert code == 200 and "Việc thu hồi sẽ thay đổi" in page.content.decode()
    certification.refresh_from_db()
    assert not certification.is_revoked
    code, response = status_as(client, cast["province_staff"], "post", url, REVOCATION)
    assert code == 302
    assert response.url == reverse("targets:certification_detail", args=[certification.pk])
    certification.refresh_from_db()
    assert certification.revoked_on == datetime.date(2023, 9, 1)
    assert certification.revocation_number == "1520/QĐ-UBND"
    assert certification.revocation_reason == "Xã không duy trì tiêu chí môi trường."
    assert certification.history.first().history_user == cast["province_staff"]


def test_administrator_can_revoke(client, administrator):
    certification = ntm_of_vinh_binh_bac()
    url = reverse("targets:certification_revoke", args=[certification.pk])
    assert status_as(client, administrator, "post", url, REVOCATION)[0] == 302
    certification.refresh_from_db()
    assert certification.is_revoked


def test_a_revoked_certification_stays_visible_marked_revoked(client, officer):
    certification = ntm_of_vinh_binh_bac()
    certification.revoke(
        number="1520/QĐ-UBND", on=datetime.date(2023, 9, 1), reason="Không duy trì tiêu chí"
    )
    client.force_login(officer)
    detail = page_text(client.get(reverse("targets:certification_detail", args=[certification.pk])))
    assert "Đã thu hồi" in detail
    assert "01/09/2023" in detail
    assert "1520/QĐ-UBND" in detail
    listing = page_text(client.get(reverse("targets:certification_list")))
    assert "Đã thu hồi 01/09/2023" in listing
    unit_page = page_text(client.get(reverse("units:unit_detail", args=["31060"])))
    assert "Đã thu hồi 01/09/2023" in unit_page


def test_revoking_ntm_while_advanced_is_active_is_refused(client, province_staff):
    ntm = ntm_of_vinh_binh_bac()
    certify("31060", "advanced", 2022, number="200/QĐ-UBND", issued_on=datetime.date(2023, 2, 1))
    client.force_login(province_staff)
    response = client.post(reverse("targets:certification_revoke", args=[ntm.pk]), REVOCATION)
    assert response.status_code == 200
    page = page_text(response)
    assert (
        "Xã Vĩnh Bình Bắc còn công nhận đạt chuẩn NTM nâng cao dựa trên chuẩn này; "
        "hãy thu hồi chuẩn cao hơn trước." in page
    )
    assert 'value="1520/QĐ-UBND"' in page
    ntm.refresh_from_db()
    assert not ntm.is_revoked


def test_revocation_number_must_have_the_official_shape(client, province_staff):
    certification = ntm_of_vinh_binh_bac()
    client.force_login(province_staff)
    data = {**REVOCATION, "revocation_number": "1520-UBND"}
    response = client.post(reverse("targets:certification_revoke", args=[certification.pk]), data)
    assert response.status_code == 200
    assert "Số quyết định thu hồi “1520-UBND” không đúng mẫu, ví dụ 1520/QĐ-UBND." in page_text(
        response
    )
    certification.refresh_from_db()
    assert not certification.is_revoked


def test_revocation_before_the_decision_or_in_the_future_is_refused(client, province_staff):
    certification = ntm_of_vinh_binh_bac()
    client.force_login(province_staff)
    url = reverse("targets:certification_revoke", args=[certification.pk])
    response = client.post(url, {**REVOCATION, "revoked_on": "01/01/2022"})
    assert "Ngày thu hồi 01/01/2022 trước ngày quyết định công nhận 01/03/2022." in page_text(
        response
    )
    # The refused revocation leaves the page showing the recognition as still active.
    assert "Còn hiệu lực" in page_text(response)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = client.post(url, {**REVOCATION, "revoked_on": f"{tomorrow:%d/%m/%Y}"})
    assert f"Ngày thu hồi {tomorrow:%d/%m/%Y} ở tương lai." in page_text(response)
    certification.refresh_from_db()
    assert not certification.is_revoked


def test_revocation_needs_a_reason(client, province_staff):
    certification = ntm_of_vinh_binh_bac()
    client.force_login(province_staff)
    url = reverse("targets:certification_revoke", args=[certification.pk])
    response = client.post(url, {**REVOCATION, "revocation_reason": ""})
    assert response.status_code == 200
    assert "revocation_reason" in response.context["revocation_form"].errors
    certification.refresh_from_db()
    assert not certification.is_revoked


def test_an_already_revoked_certification_cannot_be_revoked_again(client, province_staff):
    certification = ntm_of_vinh_binh_bac()
    certification.revoke(number="1/QĐ-UBND", on=datetime.date(2023, 1, 1), reason="Lý do")
    client.force_login(province_staff)
    url = reverse("targets:certification_revoke", args=[certification.pk])
    response = client.post(url, REVOCATION)
    assert "Công nhận này đã bị thu hồi ngày 01/01/2023." in page_text(response)
    certification.refresh_from_db()
    assert certification.revocation_number == "1/QĐ-UBND"


def edit_data(certification, **changes):
    data = {
        "decision": certification.decision_id,
        "unit": certification.unit_id,
        "standard": certification.standard,
        "standard_year": certification.standard_year,
        "notes": certification.notes,
    }
    data.update(changes)
    return data


def test_edit_page_ladder_only_province_staff_and_administrators_edit(client, cast):
    certification = ntm_of_vinh_binh_bac()
    url = reverse("targets:certification_update", args=[certification.pk])
    data = edit_data(certification, notes="Đã kiểm tra bản gốc")
    assert status_as(client, None, "get", url)[0] == 302
    for name in ("officer", "other_officer", "leadership"):
        assert status_as(client, cast[name], "get", url)[0] == 403
        assert status_as(client, cast[name], "post", url, data)[0] == 403
    certification.refresh_from_db()
    assert certification.notes == ""
    assert status_as(client, cast["administrator"], "get", url)[0] == 200
    assert status_as(client, cast["province_staff"], "get", url)[0] == 200
    assert status_as(client, cast["province_staff"], "post", url, data)[0] == 302
    certification.refresh_from_db()
    assert certification.notes == "Đã kiểm tra bản gốc"


def test_edit_the_standard_year_and_see_it_in_the_history(client, province_staff):
    certification = ntm_of_vinh_binh_bac()
    client.force_login(province_staff)
    url = reverse("targets:certification_update", args=[certification.pk])
    assert client.post(url, edit_data(certification, standard_year=2020)).status_code == 302
    certification.refresh_from_db()
    assert certification.standard_year == 2020
    detail = page_text(client.get(reverse("targets:certification_detail", args=[certification.pk])))
    assert "2021 → <strong>2020</strong>" in detail
    assert "tinh" in detail


def test_edit_is_checked_by_the_same_rules(client, province_staff):
    certification = ntm_of_vinh_binh_bac()
    client.force_login(province_staff)
    url = reverse("targets:certification_update", args=[certification.pk])
    response = client.post(url, edit_data(certification, standard="completed"))
    assert response.status_code == 200
    assert "chỉ dành cho thành phố thuộc tỉnh" in page_text(response)
    response = client.post(url, edit_data(certification, standard_year=2023))
    assert "Ngày quyết định 01/03/2022 trước năm đạt chuẩn 2023." in page_text(response)
    assert 'value="2023"' in page_text(response)
    certification.refresh_from_db()
    assert (certification.standard, certification.standard_year) == ("ntm", 2021)


def test_edit_cannot_move_ntm_from_under_an_active_advanced(client, province_staff):
    ntm = ntm_of_vinh_binh_bac()
    certify("31060", "advanced", 2022, number="200/QĐ-UBND", issued_on=datetime.date(2023, 2, 1))
    client.force_login(province_staff)
    url = reverse("targets:certification_update", args=[ntm.pk])
    response = client.post(url, edit_data(ntm, unit=unit("31063").pk))
    assert response.status_code == 200
    assert (
        "Xã Vĩnh Bình Bắc còn công nhận đạt chuẩn NTM nâng cao dựa trên công nhận đạt chuẩn "
        "nông thôn mới này" in page_text(response)
    )
    ntm.refresh_from_db()
    assert ntm.unit.code == "31060"


def test_edit_into_a_duplicate_active_certification_shows_the_message(client, province_staff):
    certify("31060", "ntm", 2021, number="100/QĐ-UBND", issued_on=datetime.date(2022, 3, 1))
    other = certify("31063", "ntm", 2021, number="100/QĐ-UBND", issued_on=datetime.date(2022, 3, 1))
    client.force_login(province_staff)
    url = reverse("targets:certification_update", args=[other.pk])
    response = client.post(url, edit_data(other, unit=unit("31060").pk))
    assert response.status_code == 200
    assert "Đơn vị này đang có một công nhận còn hiệu lực cho chuẩn này." in page_text(response)
    assert Certification.objects.filter(unit__code="31063").exists()


def test_move_a_certification_to_another_decision(client, province_staff):
    certification = ntm_of_vinh_binh_bac()
    other = decision("150/QĐ-UBND", datetime.date(2022, 4, 1))
    client.force_login(province_staff)
    url = reverse("targets:certification_update", args=[certification.pk])
    assert client.post(url, edit_data(certification, decision=other.pk)).status_code == 302
    certification.refresh_from_db()
    assert certification.decision == other
