"""The assessment staff write before printing: kept per report year, with history, printed in the PDF."""

import pytest
from django.urls import reverse

from targets.models import ReportAssessment
from tests.conftest import status_as
from tests.targets.reports.test_progress_report import pdf_of, text_of

pytestmark = pytest.mark.usefixtures("history")

TEXT = {
    "overall": "Phong trào được các địa phương hưởng ứng rộng khắp.",
    "shortcomings": "Tiêu chí môi trường chưa bền vững ở một số xã.",
    "proposals": "Đề nghị Trung ương bố trí thêm vốn cho các xã khó khăn.",
}


def url(plan, year=2024):
    return reverse("targets:report_assessment_edit", args=[plan.pk, year])


def test_only_staff_and_administrators_write_the_assessment(client, cast, plan):
    for name in ("officer", "other_officer", "leadership"):
        assert status_as(client, cast[name], "get", url(plan))[0] == 403
        assert status_as(client, cast[name], "post", url(plan), TEXT)[0] == 403
    assert not ReportAssessment.objects.exists()
    assert status_as(client, cast["province_staff"], "get", url(plan))[0] == 200
    assert status_as(client, cast["administrator"], "get", url(plan))[0] == 200


def test_staff_write_the_assessment_and_the_report_of_that_year_prints_it(
    client, province_staff, plan
):
    client.force_login(province_staff)
    dashboard = client.get(reverse("targets:dashboard"), {"year": 2024}).content.decode()
    assert url(plan) in dashboard
    assert client.post(url(plan), TEXT).status_code == 302
    client.post(url(plan), {**TEXT, "proposals": "Đề nghị bổ sung vốn."})
    assessment = ReportAssessment.objects.get(plan=plan, year=2024)
    assert assessment.proposals == "Đề nghị bổ sung vốn."
    assert assessment.history.count() == 2
    assert assessment.history.first().history_user == province_staff
    page = client.get(url(plan)).content.decode()
    assert "Lịch sử" in page

    _response, reader = pdf_of(client, province_staff, year=2024)
    text = text_of(reader)
    assert "V. ĐÁNH GIÁ CHUNG, TỒN TẠI, HẠN CHẾ VÀ KIẾN NGHỊ" in text
    assert "Tiêu chí môi trường chưa bền vững ở một số xã." in text
    _response, reader = pdf_of(client, province_staff, year=2023)
    assert "ĐÁNH GIÁ CHUNG" not in text_of(reader)


def test_a_year_outside_the_plan_says_why(client, province_staff, plan):
    client.force_login(province_staff)
    response = client.get(url(plan, 2030))
    assert response.status_code == 404
    assert "không có năm báo cáo 2030" in response.content.decode()
