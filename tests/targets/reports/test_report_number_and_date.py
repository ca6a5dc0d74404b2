"""The progress report's number and date come from staff (the assessment form); without them the
report is dated at the end of the reported period and printed as a draft without number
(Decree 30/2020/NĐ-CP: the number is given when the report is signed and issued)."""

import pytest
from django.urls import reverse

from targets.models import ReportAssessment
from tests.targets.reports.test_progress_report import pdf_of, text_of


def url(plan, year):
    return reverse("targets:report_assessment_edit", args=[plan.pk, year])


def test_a_past_years_report_is_dated_at_the_end_of_that_year_by_kien_giang_as_a_draft(
    report_over_known_history,
):
    text = text_of(report_over_known_history(2023))
    assert "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG" in text
    assert "Kiên Giang, ngày 31 tháng 12 năm 2023" in text
    assert "DỰ THẢO" in text
    assert "AN GIANG" not in text
    assert "của Ủy ban nhân dân tỉnh Kiên Giang./." in text


@pytest.mark.usefixtures("history")
def test_staffs_number_and_date_are_printed_and_the_draft_mark_goes(client, province_staff, plan):
    client.force_login(province_staff)
    response = client.post(
        url(plan, 2023), {"number": "125/BC-UBND", "issued_on": "15/01/2024", "overall": ""}
    )
    assert response.status_code == 302
    assessment = ReportAssessment.objects.get(plan=plan, year=2023)
    assert (assessment.number, f"{assessment.issued_on:%d/%m/%Y}") == ("125/BC-UBND", "15/01/2024")
    text = text_of(pdf_of(client, province_staff, year=2023)[1])
    assert "Số: 125/BC-UBND" in text
    assert "Kiên Giang, ngày 15 tháng 01 năm 2024" in text
    assert "DỰ THẢO" not in text


@pytest.mark.usefixtures("history")
def test_a_report_dated_after_the_merger_is_headed_by_an_giang(client, province_staff, plan):
    client.force_login(province_staff)
    client.post(url(plan, 2025), {"number": "12/BC-UBND", "issued_on": "10/01/2026"})
    text = text_of(pdf_of(client, province_staff, year=2025)[1])
    assert "ỦY BAN NHÂN DÂN TỈNH AN GIANG" in text
    assert "An Giang, ngày 10 tháng 01 năm 2026" in text
    assert "Số: 12/BC-UBND" in text


def test_a_number_of_the_wrong_shape_or_a_date_before_the_year_is_refused(
    client, province_staff, plan
):
    client.force_login(province_staff)
    response = client.post(url(plan, 2023), {"number": "125", "issued_on": "15/06/2022"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Số báo cáo “125” không đúng mẫu: số/BC-cơ quan, ví dụ 125/BC-UBND." in page
    assert "Ngày báo cáo 15/06/2022 trước năm được báo cáo 2023." in page
    assert not ReportAssessment.objects.exists()
