"""“Chuẩn phấn đấu tiếp theo” offers only standards higher than the one the commune holds in
the year (the progress module's answer), and refuses the others with a message naming them."""

import re

from django.urls import reverse

from targets.models import CommuneStatus
from tests.factories import certify
from tests.targets.status.test_status_edit import page_data

VINH_BINH_BAC = "31060"


def offered(page):
    select = page.split('name="next_standard"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([^"]*)"', select)


def test_an_advanced_commune_is_offered_only_the_model_standard(client, officer):
    certify(VINH_BINH_BAC, "ntm", 2021, number="90/QĐ-UBND")
    certify(VINH_BINH_BAC, "advanced", 2023, number="91/QĐ-UBND")
    client.force_login(officer)
    page = client.get(reverse("targets:status_edit", args=[VINH_BINH_BAC, 2024])).content
    assert offered(page.decode()) == ["", "model"]
    # Before its advanced recognition counted (2022), advanced was still ahead of it.
    page = client.get(reverse("targets:status_edit", args=[VINH_BINH_BAC, 2022])).content
    assert offered(page.decode()) == ["", "advanced", "model"]


def test_a_commune_without_a_standard_is_offered_every_standard(client, officer):
    client.force_login(officer)
    page = client.get(reverse("targets:status_edit", args=[VINH_BINH_BAC, 2024])).content
    assert offered(page.decode()) == ["", "ntm", "advanced", "model"]


def test_the_standard_already_held_is_refused_with_a_message_and_nothing_is_saved(client, officer):
    certify(VINH_BINH_BAC, "ntm", 2021, number="90/QĐ-UBND")
    certify(VINH_BINH_BAC, "advanced", 2023, number="91/QĐ-UBND")
    client.force_login(officer)
    url = reverse("targets:status_edit", args=[VINH_BINH_BAC, 2024])
    for held_or_lower in ("advanced", "ntm"):
        response = client.post(url, page_data(next_standard=held_or_lower, planned_year="2026"))
        page = response.content.decode()
        assert response.status_code == 200
        assert (
            "Xã Vĩnh Bình Bắc đã đạt chuẩn NTM nâng cao năm 2024: chuẩn phấn đấu tiếp theo phải "
            "cao hơn chuẩn đang giữ — chọn “Đạt chuẩn NTM kiểu mẫu”, hoặc để trống." in page
        )
        assert not CommuneStatus.objects.filter(commune__code=VINH_BINH_BAC).exists()
    response = client.post(url, page_data(next_standard="model", planned_year="2026"))
    assert response.status_code == 302
    assert (
        CommuneStatus.objects.get(commune__code=VINH_BINH_BAC, year=2024).next_standard == "model"
    )


def test_a_model_commune_may_only_leave_the_next_standard_empty(client, officer):
    certify(VINH_BINH_BAC, "ntm", 2021, number="90/QĐ-UBND")
    certify(VINH_BINH_BAC, "advanced", 2022, number="91/QĐ-UBND")
    certify(VINH_BINH_BAC, "model", 2023, number="92/QĐ-UBND")
    client.force_login(officer)
    url = reverse("targets:status_edit", args=[VINH_BINH_BAC, 2024])
    assert offered(client.get(url).content.decode()) == [""]
    page = client.post(url, page_data(next_standard="model")).content.decode()
    assert "đây đã là chuẩn cao nhất, hãy để trống." in page


def test_the_status_import_refuses_the_standard_held_naming_row_column_and_why(db):
    """The import applies the page's rule (CommuneStatus.clean_fields): the same words, on the
    row and the column of the next standard; nothing is written."""
    from targets.imports.engine import run_import
    from tests.targets.imports.files import STATUS_HEADERS, status_row, xlsx_bytes

    certify(VINH_BINH_BAC, "ntm", 2021, number="90/QĐ-UBND")
    certify(VINH_BINH_BAC, "advanced", 2023, number="91/QĐ-UBND")

    def imported(*rows):
        return run_import("statuses", xlsx_bytes(STATUS_HEADERS, rows), "s.xlsx", commit=True)

    why = (
        "Xã Vĩnh Bình Bắc đã đạt chuẩn NTM nâng cao năm 2024: chuẩn phấn đấu tiếp theo phải "
        "cao hơn chuẩn đang giữ — chọn “Đạt chuẩn NTM kiểu mẫu”, hoặc để trống."
    )
    report = imported(
        status_row(code="31063", next_standard="Đạt chuẩn NTM"),
        status_row(next_standard="Đạt chuẩn NTM nâng cao"),
    )
    assert report.errors == [f"Dòng 3, cột “Chuẩn phấn đấu tiếp theo”: {why}"]
    assert not CommuneStatus.objects.exists()
    # A lower standard is refused the same way; in 2022, before the advanced recognition
    # counted, advanced was still ahead of it.
    report = imported(
        status_row(next_standard="Đạt chuẩn NTM"),
        status_row(year="2022", next_standard="Đạt chuẩn NTM nâng cao"),
    )
    assert report.errors == [f"Dòng 2, cột “Chuẩn phấn đấu tiếp theo”: {why}"]
    assert imported(status_row(next_standard="Đạt chuẩn NTM kiểu mẫu")).committed
    # A stored status changed to the standard held is refused too, and stays as it was.
    report = imported(status_row(next_standard="Đạt chuẩn NTM nâng cao"))
    assert report.errors == [f"Dòng 2, cột “Chuẩn phấn đấu tiếp theo”: {why}"]
    status = CommuneStatus.objects.get(commune__code=VINH_BINH_BAC, year=2024)
    assert status.next_standard == "model"
