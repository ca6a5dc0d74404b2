"""A district-level unit's criteria status per year, judged by the district set of QĐ 320/QĐ-TTg,
through the same pages and scoping as a commune's."""

from django.urls import reverse

from targets.models import CommuneStatus, CriteriaSet, CriterionResult
from tests.conftest import status_as

VINH_THUAN = "910"  # the officer's district
AN_BIEN = "908"  # the other officer's district
RACH_GIA = "899"  # a provincial city: "completes the task" (QĐ 320), no NTM set
VINH_BINH_BAC = "31060"  # a commune of Vĩnh Thuận


def edit_url(code=VINH_THUAN, year=2024):
    return reverse("targets:status_edit", args=[code, year])


def district_data(met=range(1, 10), notes=None, **overall):
    data = {"next_standard": "", "planned_year": "", "notes": ""}
    data.update(overall)
    for number in range(1, 10):
        if number in met:
            data[f"tc{number}-met"] = "on"
        data[f"tc{number}-note"] = (notes or {}).get(number, "")
    return data


def test_district_officer_saves_the_nine_district_criteria_with_history(client, officer):
    client.force_login(officer)
    page = client.get(edit_url()).content.decode()
    assert "Bộ tiêu chí huyện NTM — QĐ 320/QĐ-TTg, Phụ lục I" in page
    assert "9. Hệ thống chính trị - An ninh trật tự - Hành chính công" in page
    assert "QĐ 320/QĐ-TTg, Phụ lục I, tiêu chí 9" in page
    assert 'name="tc10-met"' not in page

    response = client.post(
        edit_url(),
        district_data(
            met=set(range(1, 10)) - {7},
            notes={7: "Tỷ lệ chất thải rắn được thu gom chưa đạt"},
            next_standard="ntm",
            planned_year="2025",
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("units:unit_detail", args=[VINH_THUAN]) + "?year=2025"
    status = CommuneStatus.objects.get(commune__code=VINH_THUAN, year=2024)
    assert status.criteria_set.code == "QD320-2022-HUYEN-NTM"
    assert status.results.count() == 9
    assert list(status.results.filter(met=False).values_list("criterion__number", flat=True)) == [7]
    assert (status.next_standard, status.planned_year) == ("ntm", 2025)
    assert status.history.first().history_user == officer
    assert CriterionResult.history.filter(status_id=status.pk).count() == 9

    unit_page = client.get(response.url).content.decode()
    assert "Đã lưu kết quả tiêu chí năm 2024 của Huyện Vĩnh Thuận: đạt 8/9." in unit_page
    assert "đạt 8/9 năm 2024" in unit_page
    assert "Năm 2024 đánh giá theo Bộ tiêu chí huyện NTM — QĐ 320/QĐ-TTg, Phụ lục I." in unit_page

    # A second save changes one row; the page lists both versions in its history.
    response = client.post(
        edit_url(), district_data(met=range(1, 10), **{"edit_version": _version(client)})
    )
    assert response.status_code == 302
    assert status.results.filter(met=True).count() == 9
    assert CriterionResult.history.filter(status_id=status.pk).count() == 10
    history = client.get(edit_url()).content.decode()
    assert "Lịch sử" in history and "huyen.vinhthuan" in history


def _version(client):
    """The edit version the page carries (optimistic locking), read as a person's browser would."""
    page = client.get(edit_url()).content.decode()
    marker = 'name="edit_version" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_another_districts_officer_is_refused_and_nothing_is_written(client, cast):
    for name, user in cast.items():
        status, _ = status_as(client, user, "get", edit_url())
        allowed = name in {"province_staff", "officer", "administrator"}
        assert status == (200 if allowed else 403), f"{name}: {status}"
    status, _ = status_as(client, cast["other_officer"], "post", edit_url(), district_data())
    assert status == 403
    assert not CommuneStatus.objects.filter(commune__code=VINH_THUAN).exists()
    # The other officer edits its own district.
    status, _ = status_as(client, cast["other_officer"], "get", edit_url(AN_BIEN))
    assert status == 200


def test_province_staff_opens_a_district_from_the_list_form(client, province_staff):
    client.force_login(province_staff)
    page = client.get(reverse("targets:status_list")).content.decode()
    assert "Huyện Vĩnh Thuận (đơn vị cấp huyện)" in page
    response = client.get(reverse("targets:status_start"), {"commune": VINH_THUAN, "year": "2024"})
    assert response.url == edit_url()


def test_the_status_page_names_the_set_it_is_judged_by(client, officer):
    client.force_login(officer)
    page = client.get(edit_url(VINH_BINH_BAC)).content.decode()
    assert "Đánh giá theo <strong>Bộ tiêu chí xã NTM — QĐ 318/QĐ-TTg, Phụ lục I</strong>" in page
    assert (
        '<a href="?chuan=advanced">Bộ tiêu chí xã NTM nâng cao — QĐ 318/QĐ-TTg, Phụ lục II</a>'
        in (page)
    )
    # The officer chooses the advanced set before the first save; the page names it and says
    # that its criteria were not checked against the decision's text.
    advanced_url = edit_url(VINH_BINH_BAC) + "?chuan=advanced"
    page = client.get(advanced_url).content.decode()
    assert (
        "Đánh giá theo <strong>Bộ tiêu chí xã NTM nâng cao — QĐ 318/QĐ-TTg, Phụ lục II</strong>"
        in page
    )
    assert "chưa được đối chiếu với văn bản gốc" in page
    data = {"next_standard": "", "planned_year": "", "notes": ""}
    data.update({f"tc{number}-met": "on" for number in range(1, 20)})
    response = client.post(advanced_url, data)
    assert response.status_code == 302
    status = CommuneStatus.objects.get(commune__code=VINH_BINH_BAC, year=2024)
    assert status.criteria_set.code == "QD318-2022-XA-NANGCAO"
    assert status.results.filter(met=True).count() == 19
    # The saved set stays, and the next year starts from it.
    page = client.get(edit_url(VINH_BINH_BAC)).content.decode()
    assert "Bộ tiêu chí xã NTM nâng cao — QĐ 318/QĐ-TTg, Phụ lục II</strong>" in page
    assert "Đánh giá theo bộ khác" not in page
    unit_page = client.get(reverse("units:unit_detail", args=[VINH_BINH_BAC])).content.decode()
    assert "Năm 2024 đánh giá theo Bộ tiêu chí xã NTM nâng cao" in unit_page


def test_a_standard_the_unit_cannot_reach_is_refused_naming_the_sets_offered(client, officer):
    client.force_login(officer)
    response = client.get(edit_url(VINH_THUAN) + "?chuan=model")
    assert response.status_code == 404
    assert (
        "Không có bộ tiêu chí “Đạt chuẩn NTM kiểu mẫu” cho Huyện Vĩnh Thuận năm 2024. Các bộ "
        "tiêu chí dùng được: Bộ tiêu chí huyện NTM — QĐ 320/QĐ-TTg, Phụ lục I; Bộ tiêu chí huyện "
        "NTM nâng cao — QĐ 320/QĐ-TTg, Phụ lục III."
    ) in response.content.decode()
    assert not CommuneStatus.objects.exists()


def test_a_city_has_no_criteria_to_enter_until_its_rules_are_found(client, province_staff):
    client.force_login(province_staff)
    response = client.get(edit_url(RACH_GIA))
    assert response.status_code == 404
    unit_page = client.get(reverse("units:unit_detail", args=[RACH_GIA])).content.decode()
    assert (
        "Quy định thành phố, thị xã hoàn thành nhiệm vụ xây dựng NTM — QĐ 320/QĐ-TTg, Phụ lục II "
        "chưa có tiêu chí nào" in unit_page
    )
    assert edit_url(RACH_GIA) not in unit_page


def test_a_district_status_cannot_use_a_commune_set(db):
    from django.core.exceptions import ValidationError

    from tests.factories import unit

    status = CommuneStatus(
        commune=unit(VINH_THUAN),
        year=2024,
        criteria_set=CriteriaSet.objects.get(code="QD318-2022-XA-NTM"),
    )
    try:
        status.full_clean()
    except ValidationError as error:
        assert error.message_dict["criteria_set"] == [
            "Bộ tiêu chí xã NTM — QĐ 318/QĐ-TTg, Phụ lục I dùng cho cấp xã, không dùng cho "
            "Huyện Vĩnh Thuận (cấp huyện)."
        ]
    else:
        raise AssertionError("a commune set was accepted for a district")
