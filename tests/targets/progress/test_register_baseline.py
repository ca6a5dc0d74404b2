"""An honest register: a register that holds only part of the plan's baseline is "chưa đủ dữ
liệu" with the missing count everywhere; once complete, judgements again that agree with a hand
count on both bases, counting recognitions known from a source from the end of their standard
year; "Đi lùi" only when the count fell; "không đạt" after the plan's last year."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from targets.models import Certification
from targets.progress import Basis, IndicatorStatus, compute_progress
from tests import pdftext
from tests.factories import certify
from units.models import Unit

pytestmark = pytest.mark.django_db

MISSING_72 = "Sổ công nhận có 7/79 xã đạt chuẩn nông thôn mới đến năm 2020: còn thiếu 72."


def rural_communes():
    return list(
        Unit.objects.rural_communes()
        .valid_on(datetime.date(2020, 12, 31))
        .filter(parent__parent__code="91")
        .order_by("code")
    )


def record_from_source(commune, standard_year=2020):
    Certification.objects.create(
        unit=commune,
        standard="ntm",
        standard_year=standard_year,
        source="Báo cáo 25/BC-UBND ngày 10/01/2021 của UBND tỉnh",
    )


@pytest.fixture
def partial_register(db):
    """7 of the 79 NTM communes of the 2020 baseline, decided in 2020."""
    for commune in rural_communes()[:7]:
        certify(commune.code, "ntm", 2019, number="5/QĐ-UBND", issued_on=datetime.date(2020, 3, 2))


@pytest.fixture
def full_register(partial_register):
    """The other 72: 63 decided in 2020, 9 known only from a report (standard year 2020)."""
    rest = rural_communes()[7:79]
    for commune in rest[:63]:
        certify(commune.code, "ntm", 2019, number="6/QĐ-UBND", issued_on=datetime.date(2020, 5, 4))
    for commune in rest[63:]:
        record_from_source(commune)


def reconcile_province(year):
    from targets.services import reconcile

    reconcile(scope=Unit.objects.get(code="91", valid_from__isnull=True), up_to_year=year, by=None)


def pdf_text(response):
    return pdftext.flat_text(response.content)


def commune_ntm(data):
    return next(row for row in data["indicators"] if row["indicator"] == "commune_ntm")


def test_a_partial_register_says_how_much_is_missing_everywhere(
    client, leadership, partial_register
):
    client.force_login(leadership)
    page = client.get(reverse("targets:dashboard"), {"year": 2023}).content.decode()
    assert MISSING_72 in page
    assert 'data-status="insufficient_data">Chưa đủ dữ liệu</span>' in page
    assert "/certifications/to-complete/?plan=168/KH-UBND&amp;indicator=commune_ntm" in page
    district = client.get(reverse("targets:district_progress", args=["910"]), {"year": 2023})
    assert MISSING_72 in district.content.decode()

    data = client.get(reverse("targets:progress_json"), {"year": 2023}).json()
    row = commune_ntm(data)
    assert (row["status"], row["recorded_baseline"], row["baseline_missing"]) == (
        "insufficient_data",
        7,
        72,
    )
    assert MISSING_72 in data["notes"]

    out = io.StringIO()
    call_command("progress", "--year", "2023", stdout=out)
    lines = out.getvalue().splitlines()
    assert next(line for line in lines if line.startswith("Xã đạt chuẩn NTM ")).endswith(
        "Chưa đủ dữ liệu"
    )
    assert f"Lưu ý: {MISSING_72}" in lines

    pdf = client.get(reverse("targets:progress_report_pdf"), {"year": 2023})
    text = pdf_text(pdf)
    assert MISSING_72 in text
    assert "Chưa đủ dữ liệu" in text


def test_the_missing_units_page_lists_communes_the_register_lacks(
    client, province_staff, partial_register
):
    client.force_login(province_staff)
    response = client.get(
        reverse("targets:data_quality"), {"plan": "168/KH-UBND", "indicator": "commune_ntm"}
    )
    page = response.content.decode()
    listed = rural_communes()
    assert MISSING_72 in page
    assert f'data-unit="{listed[7].code}"' in page
    assert f'data-unit="{listed[0].code}"' not in page
    assert f"Dưới đây là {len(listed) - 7} đơn vị" in page


@pytest.mark.parametrize("basis", [Basis.STANDARD, Basis.DECISION])
def test_a_complete_register_is_judged_again_and_agrees_with_a_hand_count(
    client, leadership, full_register, plan, basis
):
    progress = compute_progress(plan, year=2021, basis=basis)
    item = next(item for item in progress.indicators if item.key == "commune_ntm")
    # Hand count: 7 + 63 decided in 2020, and 9 known from a report of standard year 2020 that
    # count from 31/12/2020 on the decision basis: 79 in 2020 and still 79 in 2021.
    assert (item.recorded_baseline, item.actual, item.baseline_missing) == (79, 79, 0)
    # No progress since the baseline towards 90: a judgement, not a gap in the data.
    assert item.status == IndicatorStatus.OFF_TRACK
    assert progress.undated == (9 if basis == Basis.DECISION else 0)
    client.force_login(leadership)
    data = client.get(reverse("targets:progress_json"), {"year": 2021, "basis": basis}).json()
    assert commune_ntm(data)["status"] == "off_track"
    assert data["undated_counted"] == progress.undated
    page = client.get(reverse("targets:dashboard"), {"year": 2021, "basis": basis}).content
    said = "9 công nhận chưa có số/ngày quyết định được tính từ cuối năm đạt chuẩn của chúng."
    assert (said in page.decode()) == (basis == Basis.DECISION)


def test_a_recognition_from_a_source_counts_from_the_end_of_its_standard_year(plan):
    commune = rural_communes()[0]
    record_from_source(commune, standard_year=2022)

    def actual(year, basis):
        progress = compute_progress(plan, year=year, basis=basis)
        return next(item.actual for item in progress.indicators if item.key == "commune_ntm")

    assert [actual(year, Basis.DECISION) for year in (2021, 2022, 2023)] == [0, 1, 1]
    assert [actual(year, Basis.STANDARD) for year in (2021, 2022, 2023)] == [0, 1, 1]


def test_going_backwards_only_when_the_count_fell(full_register, plan):
    for certification in Certification.objects.filter(decision__number="5/QĐ-UBND")[:2]:
        certification.revoke(
            number="9/QĐ-UBND", on=datetime.date(2021, 6, 1), reason="Không duy trì tiêu chí"
        )
    item = next(i for i in compute_progress(plan, year=2021).indicators if i.key == "commune_ntm")
    assert item.actual == 77
    assert item.status == IndicatorStatus.DETERIORATING
    # Final only on a reconciled register (#19): provisional before.
    assert item.status_label == "Đi lùi (tạm tính — sổ chưa đối chiếu)"
    reconcile_province(2021)
    item = next(i for i in compute_progress(plan, year=2021).indicators if i.key == "commune_ntm")
    assert item.status_label == "Đi lùi"


def test_after_the_last_year_of_the_plan_a_missed_target_is_not_achieved(full_register, plan):
    item = next(i for i in compute_progress(plan, year=2025).indicators if i.key == "commune_ntm")
    assert (item.actual, item.target) == (79, 116)
    # Not judged finally before staff reconcile the register (#19).
    assert item.status == IndicatorStatus.INSUFFICIENT_DATA
    reconcile_province(2025)
    item = next(i for i in compute_progress(plan, year=2025).indicators if i.key == "commune_ntm")
    assert item.status == IndicatorStatus.NOT_ACHIEVED
    assert item.status_label == "Không đạt"


def test_the_baseline_year_can_be_asked_by_the_command_and_the_json(
    client, leadership, partial_register
):
    out = io.StringIO()
    call_command("progress", "--year", "2020", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["year"] == 2020
    assert (commune_ntm(data)["actual"], commune_ntm(data)["target"]) == (7, 79)
    client.force_login(leadership)
    response = client.get(reverse("targets:progress_json"), {"year": 2020})
    assert response.status_code == 200
    assert commune_ntm(response.json())["baseline_missing"] == 72


def test_decisions_signed_after_the_baseline_year_do_not_make_the_register_incomplete(
    client, leadership, plan
):
    communes = rural_communes()[:79]
    for commune in communes[:69]:
        certify(commune.code, "ntm", 2019, number="5/QĐ-UBND", issued_on=datetime.date(2020, 3, 2))
    for commune in communes[69:]:
        certify(commune.code, "ntm", 2020, number="7/QĐ-UBND", issued_on=datetime.date(2021, 2, 1))
    progress = compute_progress(plan, year=2021, basis=Basis.DECISION)
    item = next(item for item in progress.indicators if item.key == "commune_ntm")
    # By standard year the register holds the 79; by decision date 69 were signed in 2020 and
    # 79 by 2021: no gap in the data, and no going backwards.
    assert (item.recorded_baseline, item.baseline_missing, item.actual) == (79, 0, 79)
    assert item.status == IndicatorStatus.OFF_TRACK
    # Every page on that basis answers, the baseline year's point of the trajectory included.
    client.force_login(leadership)
    for year in (2021, 2025):
        response = client.get(reverse("targets:dashboard"), {"year": year, "basis": "decision"})
        assert response.status_code == 200
    assert (
        client.get(reverse("targets:progress_json"), {"year": 2020, "basis": "decision"}).json()[
            "year"
        ]
        == 2020
    )
