"""The edit page of a commune's criteria status for a year."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from targets.models import CommuneStatus, CriteriaSet, CriterionResult
from tests.conftest import status_as
from tests.factories import commune_status

VINH_BINH_BAC = "31060"  # Vĩnh Thuận (910), the officer's district
TAY_YEN = "30988"  # An Biên (908), the other officer's district


def edit_url(code=VINH_BINH_BAC, year=2024):
    return reverse("targets:status_edit", args=[code, year])


def page_data(met=range(1, 20), notes=None, **overall):
    """The POST data of the edit page: criteria in `met` ticked, notes by criterion number."""
    data = {"next_standard": "", "planned_year": "", "notes": ""}
    data.update(overall)
    for number in range(1, 20):
        if number in met:
            data[f"tc{number}-met"] = "on"
        data[f"tc{number}-note"] = (notes or {}).get(number, "")
    return data


def status_of(code=VINH_BINH_BAC, year=2024):
    return CommuneStatus.objects.filter(commune__code=code, year=year).first()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_status_edit_page_follows_the_role_ladder(client, cast):
    own = edit_url(VINH_BINH_BAC)
    other = edit_url(TAY_YEN)
    for url, allowed in [
        (own, {"province_staff", "officer", "administrator"}),
        (other, {"province_staff", "other_officer", "administrator"}),
    ]:
        status, response = status_as(client, None, "get", url)
        assert status == 302 and response.url.startswith(reverse("login"))
        for name, user in cast.items():
            status, _ = status_as(client, user, "get", url)
            assert status == (200 if name in allowed else 403), f"{name} on {url}: {status}"
    assert not CommuneStatus.objects.exists(), "opening the page must not create a status"


def test_officer_records_a_new_year_with_one_row_per_criterion(client, officer):
    client.force_login(officer)
    response = client.post(
        edit_url(),
        page_data(
            met=set(range(1, 20)) - {5, 17},
            notes={5: "Trường mầm non chưa đạt chuẩn cơ sở vật chất"},
            next_standard="ntm",
            planned_year="2025",
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("units:unit_detail", args=[VINH_BINH_BAC]) + "?year=2025"
    status = status_of()
    assert status.criteria_set.code == "QD318-2022-XA-NTM"
    assert status.results.count() == 19
    assert sorted(status.results.filter(met=False).values_list("criterion__number", flat=True)) == [
        5,
        17,
    ]
    assert status.results.get(criterion__number=5).note.startswith("Trường mầm non")
    assert (status.next_standard, status.planned_year) == ("ntm", 2025)
    assert status.history.first().history_user == officer
    page = client.get(response.url).content.decode()
    assert "đạt 17/19 năm 2024" in page


def test_district_officer_cannot_edit_other_district_commune_status(client, other_officer):
    existing = commune_status(VINH_BINH_BAC, 2023, met=15)
    client.force_login(other_officer)
    assert client.get(edit_url(VINH_BINH_BAC, 2023)).status_code == 403
    assert client.post(edit_url(VINH_BINH_BAC, 2023), page_data()).status_code == 403
    assert client.post(edit_url(VINH_BINH_BAC, 2024), page_data()).status_code == 403
    assert existing.results.filter(met=True).count() == 15
    assert status_of(VINH_BINH_BAC, 2024) is None


def test_leadership_cannot_edit_any_commune_status(client, leadership):
    client.force_login(leadership)
    assert client.post(edit_url(), page_data()).status_code == 403
    assert status_of() is None


def test_planned_year_before_the_year_is_refused_and_the_input_kept(client, officer):
    client.force_login(officer)
    response = client.post(
        edit_url(),
        page_data(
            met={1, 2, 3}, notes={4: "Ghi chú đã gõ"}, next_standard="ntm", planned_year="2020"
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Năm dự kiến 2020 trước năm đánh giá 2024." in page
    assert "Chưa lưu: có lỗi ở thông tin chung" in page
    assert 'value="Ghi chú đã gõ"' in page
    assert 'value="2020"' in page
    assert status_of() is None


def test_planned_year_without_a_next_standard_names_the_missing_field(client, officer):
    client.force_login(officer)
    response = client.post(edit_url(), page_data(planned_year="2026"))
    assert (
        "Đã ghi năm dự kiến đạt 2026 nhưng chưa chọn chuẩn phấn đấu." in response.content.decode()
    )
    assert status_of() is None


def test_a_future_year_or_an_unknown_commune_is_not_found(client, officer):
    client.force_login(officer)
    assert client.get(edit_url(year=2999)).status_code == 404
    assert client.get(edit_url(code="99999")).status_code == 404


def test_evidence_of_the_wrong_kind_or_too_large_is_refused_naming_the_criterion(
    client, officer, settings, media
):
    settings.NTM_MAX_UPLOAD_MB = 1
    client.force_login(officer)
    data = page_data()
    data["tc2-evidence"] = SimpleUploadedFile("bien-ban.docx", b"PK\x03\x04 word")
    data["tc3-evidence"] = SimpleUploadedFile("anh.pdf", b"\x89PNG\r\n\x1a\n not a pdf")
    data["tc4-evidence"] = SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 200_000))
    response = client.post(edit_url(), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tiêu chí 2: Minh chứng phải là tệp PDF, JPG hoặc PNG." in page
    assert "Tiêu chí 3: Tệp “anh.pdf” có đuôi .pdf nhưng nội dung không phải tệp PDF." in page
    assert "Tiêu chí 4: Tệp “lon.pdf” nặng 1,2 MB, vượt giới hạn 1 MB." in page
    assert "có lỗi ở tiêu chí 2, 3, 4" in page
    assert "hãy chọn lại tệp minh chứng" in page
    assert status_of() is None


def test_evidence_files_are_stored_and_can_be_cleared(client, officer, media):
    client.force_login(officer)
    data = page_data()
    data["tc1-evidence"] = SimpleUploadedFile("quy-hoach.pdf", b"%PDF-1.7 minh chung")
    data["tc2-evidence"] = SimpleUploadedFile("duong.jpg", b"\xff\xd8\xff\xe0 anh")
    assert client.post(edit_url(), data).status_code == 302
    results = {r.criterion.number: r for r in status_of().results.select_related("criterion")}
    assert results[1].evidence.name.endswith(".pdf")
    assert results[2].evidence.name.endswith(".jpg")
    assert (media / results[1].evidence.name).read_bytes().startswith(b"%PDF-")
    cleared = page_data()
    cleared["tc1-evidence-clear"] = "on"
    assert client.post(edit_url(), cleared).status_code == 302
    results[1].refresh_from_db()
    assert not results[1].evidence


def test_saving_again_rewrites_only_the_criteria_that_changed(client, officer):
    status = commune_status(VINH_BINH_BAC, 2024, met=17)
    client.force_login(officer)
    before = CriterionResult.history.filter(status_id=status.pk).count()
    response = client.post(edit_url(), page_data(met=set(range(1, 19))))
    assert response.status_code == 302
    assert CriterionResult.history.filter(status_id=status.pk).count() == before + 1
    changed = status.results.get(criterion__number=18)
    assert changed.met and changed.history.first().history_user == officer
    assert status.results.filter(met=True).count() == 18


def test_a_new_year_starts_from_the_previous_year(client, officer):
    commune_status(VINH_BINH_BAC, 2023, met=16, next_standard="ntm", planned_year=2025)
    client.force_login(officer)
    page = client.get(edit_url(year=2024)).content.decode()
    assert "điền sẵn theo kết quả năm 2023" in page
    assert page.count('type="checkbox" name="tc') - page.count("checked>") == 3
    assert 'value="2025"' in page


def test_the_set_in_force_in_the_year_is_used(db):
    qd318 = CriteriaSet.objects.get(code="QD318-2022-XA-NTM")
    assert CommuneStatus.criteria_set_for(2024) == qd318
    # QĐ 318 (03/2022) is the set of the whole 2021–2025 period.
    assert CommuneStatus.criteria_set_for(2021) == qd318


def test_a_newer_version_of_the_set_applies_from_its_year(db):
    qd318 = CriteriaSet.objects.get(code="QD318-2022-XA-NTM")
    amended = CriteriaSet.objects.create(
        code="QD211-2024-XA-NTM",
        name="Bộ tiêu chí sửa đổi",
        legal_basis="Quyết định 211/QĐ-TTg",
        level="commune",
        standard="ntm",
        version=2,
        valid_from=datetime.date(2024, 3, 1),
    )
    assert CommuneStatus.criteria_set_for(2023) == qd318
    assert CommuneStatus.criteria_set_for(2024) == amended


def test_a_valid_file_beside_an_error_elsewhere_is_not_saved_and_must_be_chosen_again(
    client, officer, media
):
    client.force_login(officer)
    data = page_data(next_standard="ntm", planned_year="2019")
    data["tc1-evidence"] = SimpleUploadedFile("quy-hoach.pdf", b"%PDF-1.7 minh chung")
    response = client.post(edit_url(), data)
    assert response.status_code == 200
    assert "hãy chọn lại tệp minh chứng" in response.content.decode()
    assert status_of() is None
    assert not list(media.rglob("*.pdf"))


def test_evidence_is_served_behind_the_login_to_those_who_may_read(client, cast, officer, media):
    client.force_login(officer)
    data = page_data()
    data["tc1-evidence"] = SimpleUploadedFile("quy-hoach.pdf", b"%PDF-1.7 minh chung")
    client.post(edit_url(), data)
    result = status_of().results.get(criterion__number=1)
    url = reverse("targets:status_evidence", args=[result.pk])
    status, response = status_as(client, None, "get", url)
    assert status == 302 and response.url.startswith(reverse("login"))
    for name, user in cast.items():
        status, response = status_as(client, user, "get", url)
        assert status == 200, name
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    without = status_of().results.get(criterion__number=2)
    client.force_login(officer)
    assert client.get(reverse("targets:status_evidence", args=[without.pk])).status_code == 404


def test_status_page_shows_who_changed_which_criterion(client, officer, province_staff):
    status = commune_status(VINH_BINH_BAC, 2024, met=17)
    client.force_login(officer)
    assert client.post(edit_url(), page_data(met=set(range(1, 19)))).status_code == 302
    client.force_login(province_staff)
    page = client.get(edit_url()).content.decode()
    assert "Lịch sử chỉnh sửa" in page
    assert "huyen.vinhthuan" in page
    assert "18. Hệ thống chính trị và tiếp cận pháp luật: đạt" in page
    assert status.results.get(criterion__number=18).met
