"""Recognitions known from a source: recorded without the decision's number and date when the
standard year and a source are given, flagged "thiếu số/ngày quyết định" wherever they show,
listed for staff to complete, completed through the edit page with history; imports take them."""

import datetime

import pytest
from django.urls import reverse

from targets.imports.engine import run_import
from targets.models import Certification
from tests.factories import decision, unit
from tests.targets.imports.files import CERTIFICATION_HEADERS, certification_row, csv_bytes

from .helpers import CREATE_URL, page_text, record_data

SOURCE = "Báo cáo 25/BC-UBND ngày 10/01/2021 của UBND tỉnh"
FLAG = "thiếu số/ngày quyết định"


@pytest.fixture
def staff_client(client, province_staff):
    client.force_login(province_staff)
    return client


def from_source_data(rows, source=SOURCE):
    return record_data(rows, number="", issued_on="", source=source)


def test_a_recognition_is_recorded_from_a_source_and_flagged_everywhere(staff_client):
    response = staff_client.post(CREATE_URL, from_source_data([("31060", "ntm", 2019)]))
    assert response.status_code == 302
    recorded = Certification.objects.get()
    assert (recorded.decision, recorded.source, recorded.standard_year) == (None, SOURCE, 2019)
    assert response.url == reverse("targets:certification_detail", args=[recorded.pk])
    assert FLAG in page_text(staff_client.get(response.url))
    assert FLAG in page_text(staff_client.get(reverse("targets:certification_list")))
    assert FLAG in page_text(staff_client.get(reverse("units:unit_detail", args=["31060"])))
    to_complete = page_text(staff_client.get(reverse("targets:data_quality")))
    assert f'data-certification="{recorded.pk}"' in to_complete
    assert SOURCE in to_complete


def test_without_a_decision_the_source_is_required(staff_client):
    response = staff_client.post(CREATE_URL, from_source_data([("31060", "ntm", 2019)], source=""))
    assert response.status_code == 200
    assert not Certification.objects.exists()


def test_completing_the_decision_through_the_edit_page_keeps_history(staff_client):
    staff_client.post(CREATE_URL, from_source_data([("31060", "ntm", 2019)]))
    recorded = Certification.objects.get()
    found = decision("12/QĐ-UBND", datetime.date(2020, 3, 2))
    response = staff_client.post(
        reverse("targets:certification_update", args=[recorded.pk]),
        {
            "decision": found.pk,
            "source": SOURCE,
            "unit": unit("31060").pk,
            "standard": "ntm",
            "standard_year": 2019,
            "notes": "",
        },
    )
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.decision == found
    assert recorded.history.count() == 2
    to_complete = page_text(staff_client.get(reverse("targets:data_quality")))
    assert f'data-certification="{recorded.pk}"' not in to_complete


def test_an_import_row_without_number_and_date_takes_the_notes_as_source(db):
    row = certification_row(number="", date="", issuer="", signer="", notes=SOURCE)
    report = run_import(
        "certifications", csv_bytes(CERTIFICATION_HEADERS, [row]), "f.csv", commit=True
    )
    assert report.committed, report.errors
    recorded = Certification.objects.get()
    assert (recorded.decision, recorded.source, recorded.notes) == (None, SOURCE, "")
    again = run_import(
        "certifications", csv_bytes(CERTIFICATION_HEADERS, [row]), "f.csv", commit=True
    )
    assert [r.outcome for r in again.rows] == ["unchanged"]


def test_an_import_row_without_number_date_or_source_is_an_error(db):
    row = certification_row(number="", date="", issuer="", notes="")
    report = run_import("certifications", csv_bytes(CERTIFICATION_HEADERS, [row]), "f.csv")
    assert report.errors == [
        "Dòng 2, cột “Số quyết định”: để trống; hãy ghi số quyết định, ví dụ 1007/QĐ-UBND (khi "
        "chưa có số và ngày quyết định: để trống cả hai cột và ghi nguồn ở cột “Ghi chú”)."
    ]
