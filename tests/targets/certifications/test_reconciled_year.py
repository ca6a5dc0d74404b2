"""A recognition counted from a year staff reconciled is accepted with a warning and undoes the
reconciliation from that year (#19): through the import (preview warns, confirm undoes) and the
appraisal's decide step, with the same words as the recording form."""

import pytest
from django.urls import reverse

from targets.imports.engine import run_import
from targets.models import Certification, Reconciliation
from targets.services import reconcile, submit_appraisal
from tests.factories import commune_status, unit
from tests.targets.imports.files import CERTIFICATION_HEADERS, certification_row, csv_bytes

pytestmark = pytest.mark.django_db

PROVINCE_UNDONE = (
    "Sổ công nhận của Tỉnh Kiên Giang đã được đối chiếu đủ đến năm 2024; công nhận này tính từ "
    "năm 2021 nên việc đối chiếu được hủy từ năm 2021 (nay chỉ còn đủ đến năm 2020): hãy đối "
    "chiếu lại."
)
DISTRICT_UNDONE = (
    "Sổ công nhận của Huyện Vĩnh Thuận đã được đối chiếu đủ đến năm 2023; công nhận này tính từ "
    "năm 2021 nên việc đối chiếu được hủy từ năm 2021 (nay chỉ còn đủ đến năm 2020): hãy đối "
    "chiếu lại."
)


def test_an_import_row_of_a_reconciled_year_warns_in_the_preview_and_undoes_on_confirm(
    province_staff,
):
    reconcile(scope=unit("91"), up_to_year=2024, by=province_staff)
    reconcile(scope=unit("910"), up_to_year=2023, by=province_staff)
    # Another district's reconciliation is not touched by a commune of Vĩnh Thuận.
    reconcile(scope=unit("908"), up_to_year=2024, by=province_staff)
    content = csv_bytes(CERTIFICATION_HEADERS, [certification_row()])  # 31060, NTM 2021

    preview = run_import("certifications", content, "so.csv", user=province_staff)
    assert [w for row in preview.rows for w in row.warnings] == [DISTRICT_UNDONE, PROVINCE_UNDONE]
    assert {r.scope.code: r.up_to_year for r in Reconciliation.objects.all()} == {
        "91": 2024,
        "910": 2023,
        "908": 2024,
    }

    report = run_import("certifications", content, "so.csv", user=province_staff, commit=True)
    assert report.committed, report.errors
    assert Certification.objects.filter(unit__code="31060").exists()
    assert {r.scope.code: r.up_to_year for r in Reconciliation.objects.all()} == {
        "91": 2020,
        "910": 2020,
        "908": 2024,
    }
    province = Reconciliation.objects.get(scope__code="91")
    assert province.history.first().history_change_reason == "Có công nhận mới tính từ năm 2021"


def test_an_import_row_after_the_reconciled_years_leaves_it(province_staff):
    reconcile(scope=unit("91"), up_to_year=2020, by=province_staff)
    content = csv_bytes(CERTIFICATION_HEADERS, [certification_row()])  # NTM 2021
    report = run_import("certifications", content, "so.csv", user=province_staff, commit=True)
    assert report.committed
    assert [w for row in report.rows for w in row.warnings] == []
    assert Reconciliation.objects.get().up_to_year == 2020


def test_the_decide_step_of_a_reconciled_year_warns_and_undoes(client, officer, province_staff):
    commune_status("31060", 2024, met=19)
    request = submit_appraisal(
        commune=unit("31060"),
        standard="ntm",
        standard_year=2024,
        submission_number="45/TTr-UBND",
        by=officer,
    )
    request.receive(by=province_staff)
    request.refresh_from_db()
    request.appraise(by=province_staff, passed=True)
    reconcile(scope=unit("91"), up_to_year=2025, by=province_staff)
    client.force_login(province_staff)
    response = client.post(
        reverse("targets:appraisal_decide", args=[request.pk]),
        {
            "decide-number": "1007/QĐ-UBND",
            "decide-issued_on": "15/03/2025",
            "decide-issuer": "ct_ubnd_tinh",
        },
        follow=True,
    )
    assert (
        "Sổ công nhận của Tỉnh Kiên Giang đã được đối chiếu đủ đến năm 2025; công nhận này tính "
        "từ năm 2024 nên việc đối chiếu được hủy từ năm 2024 (nay chỉ còn đủ đến năm 2023)"
    ) in response.content.decode()
    assert Reconciliation.objects.get().up_to_year == 2023
