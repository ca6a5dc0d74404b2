"""Dossiers of earlier years are entered with the dates on their papers: submission, receipt."""

import datetime

from django.urls import reverse

from targets.models import AppraisalRequest
from tests.factories import commune_status
from tests.targets.appraisals.conftest import VINH_BINH_BAC, reload, step_url


def submit(client, **data):
    return client.post(
        reverse("targets:appraisal_create"),
        {
            "commune": VINH_BINH_BAC,
            "standard": "ntm",
            "standard_year": 2024,
            "submission_number": "45/TTr-UBND",
            **data,
        },
    )


def test_district_enters_a_past_submission_with_its_own_date(client, officer):
    commune_status(VINH_BINH_BAC, 2024, met=19)
    client.force_login(officer)
    response = submit(client, submitted_on="20/12/2024")
    assert response.status_code == 302
    appraisal = AppraisalRequest.objects.get()
    assert appraisal.submitted_on == datetime.date(2024, 12, 20)
    listing = client.get(reverse("targets:appraisal_list")).content.decode()
    assert "20/12/2024" in listing


def test_a_submission_date_before_the_standard_year_or_in_the_future_is_refused(client, officer):
    commune_status(VINH_BINH_BAC, 2024, met=19)
    client.force_login(officer)
    response = submit(client, submitted_on="20/12/2023")
    assert "trước năm đạt chuẩn đề nghị 2024" in response.content.decode()
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = submit(client, submitted_on=f"{tomorrow:%d/%m/%Y}")
    assert "ở tương lai" in response.content.decode()
    assert not AppraisalRequest.objects.exists()


def test_province_records_the_receipt_date_of_a_past_dossier(client, submitted, province_staff):
    AppraisalRequest.objects.filter(pk=submitted.pk).update(submitted_on=datetime.date(2024, 12, 3))
    client.force_login(province_staff)
    response = client.post(
        step_url("receive", submitted), {"receive-received_on": "01/12/2024", "receive-note": ""}
    )
    assert "trước ngày trình 03/12/2024" in response.content.decode()
    assert reload(submitted).state == "submitted"
    client.post(
        step_url("receive", submitted), {"receive-received_on": "08/12/2024", "receive-note": ""}
    )
    appraisal = reload(submitted)
    assert appraisal.state == "received"
    assert appraisal.received_on == datetime.date(2024, 12, 8)
    detail = client.get(reverse("targets:appraisal_detail", args=[appraisal.pk])).content.decode()
    assert "tỉnh tiếp nhận ngày 08/12/2024" in detail
