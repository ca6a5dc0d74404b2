"""Counting output that `make mutants` found unheld (docs/benchmarks.md, "Mutation testing"):
the machine-readable progress (`progress.json`, `manage.py progress --format json`) of the
whole province. Each test's docstring names the mutants of targets/progress/counting.py it
fails on."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from targets.models import Certification, Standard
from targets.progress import Basis, ProgressCounter, compute_progress
from targets.progress.counting import commune_rows, progress_as_dict
from tests.factories import certify, commune_status, unit
from units.models import Unit

pytestmark = pytest.mark.django_db

TEST_PLAN = Path(__file__).parent.parent / "plans" / "plan_thu_nghiem_2026.json"
VINH_THUAN_COMMUNES = ["31060", "31063", "31064", "31069", "31072", "31074", "31075"]
NAMED_TARGET_KEYS = {"unit", "unit_name", "standard", "year", "met", "status", "provisional"}


def test_the_provinces_progress_for_machines_names_each_named_targets_fields(plan):
    """progress_as_dict: the keys "unit_name", "year", "met" of a named target renamed."""
    data = progress_as_dict(ProgressCounter(plan).progress(year=2025))
    assert data["scope"] == "91" and data["year"] == 2025  # Kiên Giang, the plan's province
    assert data["named_targets"]
    for target in data["named_targets"]:
        assert set(target) == NAMED_TARGET_KEYS
        names = [unit.full_name for unit in Unit.objects.filter(code=target["unit"])]
        assert target["unit_name"] in names
        assert isinstance(target["year"], int) and isinstance(target["met"], bool)


# --- recognitions known from a source, on the decision basis (undated_count) -------------------

D = datetime.date


def record_from_source(code, standard_year=2021, revoked_on=None):
    """A recognition without a decision, known from a provincial report (no decision date)."""
    return Certification.objects.create(
        unit=unit(code),
        standard="ntm",
        standard_year=standard_year,
        source="Báo cáo 25/BC-UBND ngày 10/01/2022 của UBND tỉnh",
        revoked_on=revoked_on,
        revocation_number="9/QĐ-UBND" if revoked_on else "",
    )


def undated_note(plan, year, scope=None):
    return compute_progress(plan, year=year, scope=scope, basis=Basis.DECISION).undated_note


def undated(count):
    return (
        f"{count} công nhận chưa có số/ngày quyết định được tính từ cuối năm đạt chuẩn của chúng."
    )


def test_the_undated_note_counts_the_recognitions_of_the_scope_only(plan):
    """undated_count: mutants 3 and 5 (every commune of the province counted for a district),
    6 (the districts' own recognitions counted for a district), 7 (not counted for the
    province)."""
    record_from_source("31060")  # Vĩnh Bình Bắc, Vĩnh Thuận district
    record_from_source("31108")  # Hòn Tre, Kiên Hải district
    record_from_source("912")  # Kiên Hải district itself
    # The province: the three; Vĩnh Thuận: its one commune; Kiên Hải: its commune only (the
    # district's own recognition is not one of its communes').
    assert undated_note(plan, 2022) == undated(3)
    assert undated_note(plan, 2022, unit("910")) == undated(1)
    assert undated_note(plan, 2022, unit("912")) == undated(1)
    assert undated_note(plan, 2022, unit("914")) == ""  # Giang Thành: none


def test_an_undated_recognition_counts_from_the_end_of_its_standard_year(plan):
    """undated_count: mutant 27 (`standard_year < year`: not counted in its standard year)."""
    record_from_source("31060", standard_year=2022)
    assert [undated_note(plan, year) for year in (2021, 2022, 2023)] == [
        "",
        undated(1),
        undated(1),
    ]


def test_an_undated_recognition_revoked_on_the_last_day_of_the_year_no_longer_counts_in_it(plan):
    """undated_count: mutants 11 (no reference day: a revoked row cannot be compared) and 30
    (`revoked_on >= reference`: still counted on the day of its revocation). The count of
    communes agrees: revoked on 31/12/2022, Vĩnh Bình Bắc is NTM in 2021, not in 2022."""
    record_from_source("31060", standard_year=2021, revoked_on=D(2022, 12, 31))
    assert [undated_note(plan, year) for year in (2021, 2022)] == [undated(1), ""]
    ntm = [
        next(
            i
            for i in compute_progress(plan, year=y, basis=Basis.DECISION).indicators
            if i.key == "commune_ntm"
        ).actual
        for y in (2021, 2022)
    ]
    assert ntm == [1, 0]


# --- the district rows and the missing units follow the basis asked -----------------------------


def test_a_districts_row_judges_its_named_target_on_the_basis_asked(plan):
    """district_rows: mutants 47 (basis None, read as the decision basis) and 50 (always the
    standard basis). Vĩnh Thuận met NTM in 2021 by a decision of 01/05/2023: in 2022 its named
    target is met on the standard basis, not on the decision basis."""
    certify("910", "ntm", 2021, "45/QĐ-TTg", D(2023, 5, 1), validate=False)

    def status(basis):
        rows = ProgressCounter(plan).district_rows(year=2022, basis=basis)
        (row,) = [row for row in rows if row.unit.code == "910"]
        return [(t.unit.code, t.met) for t in row.named_targets]

    assert status(Basis.STANDARD) == [("910", True)]
    assert status(Basis.DECISION) == [("910", False)]


def test_the_units_short_of_a_standard_follow_the_basis_asked(plan):
    """units_without: mutant 9 (basis None, read as the decision basis). Vĩnh Bình Bắc met
    NTM in 2019, decided on 01/05/2021: at the baseline 2020 it is short of NTM only on the
    decision basis."""
    certify("31060", "ntm", 2019, "12/QĐ-UBND", D(2021, 5, 1))
    counter = ProgressCounter(plan)
    indicator = next(i for i in counter.indicators if i.key == "commune_ntm")
    short = {
        basis: {u.code for u in counter.units_without(indicator, 2020, basis)}
        for basis in (Basis.STANDARD, Basis.DECISION)
    }
    assert "31060" not in short[Basis.STANDARD]
    assert "31060" in short[Basis.DECISION]


# --- a district's communes as its unit page lists them (commune_rows) ---------------------------


def test_a_districts_communes_are_listed_by_name(db):
    """commune_rows: mutant 4 (listed by code)."""
    rows = commune_rows(unit("910"), year=2023)
    assert [row.unit.name for row in rows] == [
        "Bình Minh",
        "Phong Đông",
        "Tân Thuận",
        "Vĩnh Bình Bắc",
        "Vĩnh Bình Nam",
        "Vĩnh Phong",
        "Vĩnh Thuận",
    ]


def test_two_communes_of_the_same_name_are_listed_by_code(db):
    """commune_rows: mutant 5 (the same name left in the database's order). Two communes named
    alike, made up for the test, created in the reverse order of their codes."""
    for code in ("31995", "31994"):
        Unit.objects.create(
            code=code,
            name="Vĩnh Hòa",
            level=Unit.Level.COMMUNE,
            kind=Unit.Kind.XA,
            parent=unit("910"),
        )
    rows = commune_rows(unit("910"), year=2023)
    assert [row.unit.code for row in rows if row.unit.name == "Vĩnh Hòa"] == ["31994", "31995"]


def test_a_commune_row_shows_the_plan_of_the_latest_year_reported(db):
    """commune_rows: mutant 75 (the plan of the first year reported)."""
    commune_status("31060", 2022, planned_year=2025, next_standard="advanced")
    commune_status("31060", 2023, planned_year=2024, next_standard="model")
    commune_status("31060", 2024, planned_year=2026, next_standard="advanced")  # after the year
    (row,) = [row for row in commune_rows(unit("910"), year=2023) if row.unit.code == "31060"]
    assert (row.planned_year, row.next_standard_label) == (2024, Standard.MODEL.label)


def test_a_commune_without_a_reported_plan_shows_none(db):
    """commune_rows: mutant 105 (a made-up next standard for a commune without a plan)."""
    (row,) = [row for row in commune_rows(unit("910"), year=2023) if row.unit.code == "31060"]
    assert (row.planned_year, row.next_standard, row.next_standard_label) == (None, "", "")


# --- the register's completeness in the output for machines --------------------------------------

PROGRESS_KEYS = {
    "plan", "scope", "year", "basis", "undated_counted", "reconciled", "reconciled_to",
    "implied_missing", "notes", "indicators", "named_targets",
}  # fmt: skip
INDICATOR_KEYS = {
    "indicator", "name", "year", "basis", "target", "actual", "gap", "share", "status",
    "denominator", "baseline", "recorded_baseline", "baseline_missing", "reconciled",
    "reconciled_to", "implied_missing", "provisional",
}  # fmt: skip


def test_the_provinces_progress_for_machines_says_how_complete_the_register_is(plan):
    """progress_as_dict: mutants 14 to 21 (the keys "reconciled", "reconciled_to",
    "implied_missing" and "notes" renamed); indicator_as_dict: its keys renamed. Staff reconciled
    the province's register up to 2022; one commune known from a report, none decided: the
    baseline of 79 NTM communes lacks 78."""
    from targets.services import reconcile

    record_from_source("31060", standard_year=2020)
    reconcile(scope=plan.scope, up_to_year=2022, by=None)
    for year, reconciled in ((2022, True), (2023, False)):
        progress = compute_progress(plan, year=year, basis=Basis.DECISION)
        data = progress_as_dict(progress)
        assert set(data) == PROGRESS_KEYS
        assert (data["reconciled"], data["reconciled_to"]) == (reconciled, 2022)
        assert data["implied_missing"] == progress.implied_missing >= 78
        assert data["notes"][0] == undated(1)
        assert len(data["notes"]) == 1 + len(progress.incomplete)
        for row in data["indicators"]:
            assert set(row) == INDICATOR_KEYS
            assert (row["reconciled"], row["reconciled_to"]) == (reconciled, 2022)
        ntm = next(row for row in data["indicators"] if row["indicator"] == "commune_ntm")
        assert (ntm["recorded_baseline"], ntm["baseline_missing"]) == (1, 78)


# --- what needs attention on the dashboard (attention_items) ------------------------------------


def test_the_indicators_behind_are_listed_in_words_on_the_basis_asked(plan):
    """attention_items: mutants 5 (the indicators judged on the standard basis whatever the
    basis asked), 26 (the line of an indicator behind without its text) and 33 (its status in
    capitals). Vĩnh Bình Bắc: NTM 2019, advanced 2021, model for 2023 decided on 01/03/2024:
    the model target of 2023 (1) is met on the standard basis, not on the decision basis."""
    certify("31060", "ntm", 2019, "1/QĐ-UBND", D(2020, 3, 1))
    certify("31060", "advanced", 2021, "2/QĐ-UBND", D(2022, 3, 1))
    certify("31060", "model", 2023, "3/QĐ-UBND", D(2024, 3, 1))
    provisional = "chậm tiến độ (tạm tính — sổ chưa đối chiếu) (năm gốc 0)."
    advanced = f"Xã đạt chuẩn NTM nâng cao: 1/24 năm 2023, {provisional}"
    model = f"Xã đạt chuẩn NTM kiểu mẫu: 0/1 năm 2023, {provisional}"

    def behind(basis):
        items = ProgressCounter(plan).attention_items(year=2023, basis=basis)
        return [(item.text, item.url) for item in items if item.kind == "indicator"]

    assert behind(Basis.STANDARD) == [(advanced, "#indicator-commune_advanced")]
    assert behind(Basis.DECISION) == [
        (advanced, "#indicator-commune_advanced"),
        (model, "#indicator-commune_model"),
    ]


def test_a_named_target_at_risk_is_listed_on_the_basis_asked(plan):
    """attention_items: mutants 37 (the named targets judged with basis None, read as the
    decision basis), 40 (always on the standard basis) and 51 (its status in capitals). Vĩnh
    Thuận's seven communes met NTM in 2021 by a decision of 01/05/2023: in 2022 its target
    “NTM by 2025” is pending on the standard basis, at risk on the decision basis."""
    for code in VINH_THUAN_COMMUNES:
        certify(code, "ntm", 2021, "50/QĐ-UBND", D(2023, 5, 1))
    line = (
        "Huyện Vĩnh Thuận — mục tiêu “Đạt chuẩn nông thôn mới” trước hết năm 2025: có nguy cơ "
        "không đạt."
    )

    def listed(basis):
        items = ProgressCounter(plan).attention_items(year=2022, basis=basis)
        return [(item.text, item.url) for item in items if item.kind == "named_target"]

    assert (line, "/districts/910/progress/") not in listed(Basis.STANDARD)
    assert (line, "/districts/910/progress/") in listed(Basis.DECISION)


def test_a_criterion_is_lost_only_against_the_year_before(plan):
    """_lost_criteria: mutants 7 (met in any earlier year, not the year before) and 30 (not met
    in any year, not the year asked). Vĩnh Bình Bắc met 19 criteria in 2021, 15 from 2022 on:
    it lost 16 to 19 in 2022, not again in 2023. Vĩnh Bình Nam met 15 in 2021, 19 from 2022 on:
    it lost nothing."""
    commune_status("31060", 2021, met=19)
    commune_status("31060", 2022, met=15)
    commune_status("31060", 2023, met=15)
    commune_status("31063", 2021, met=15)
    commune_status("31063", 2022, met=19)
    commune_status("31063", 2023, met=19)

    def lost(year):
        items = ProgressCounter(plan).attention_items(year=year)
        return [item.text for item in items if item.kind == "lost_criterion"]

    assert lost(2022) == [
        "Xã Vĩnh Bình Bắc (Huyện Vĩnh Thuận): không còn đạt tiêu chí số 16, 17, 18, 19 so với "
        "năm 2021."
    ]
    assert lost(2023) == []


def test_a_criterion_lost_by_a_xa_directly_under_the_province_is_listed_without_a_district(db):
    """_lost_criteria: mutants 34 (only the xã under a district looked at), 58 and 60 (a
    district named, or a made-up text, for a xã without one). The test plan of 2026–2030
    (tests/targets/plans) is on the new An Giang, whose xã have no district: Tiên Hải met 19
    criteria in 2025 and 15 in 2026."""
    from targets.models import CommuneStatus, CriteriaSet, CriterionResult, Plan

    call_command("load_plan", str(TEST_PLAN), stdout=io.StringIO())
    tien_hai = Unit.objects.get(code="30781", valid_from=D(2025, 7, 1))
    criteria_set = CriteriaSet.objects.get(code="QD318-2022-XA-NTM")
    for year, met in ((2025, 19), (2026, 15)):
        status = CommuneStatus.objects.create(
            commune=tien_hai, year=year, criteria_set=criteria_set
        )
        CriterionResult.objects.bulk_create(
            CriterionResult(status=status, criterion=criterion, met=criterion.number <= met)
            for criterion in criteria_set.criteria.all()
        )
    counter = ProgressCounter(Plan.objects.get(number="99/KH-THUNGHIEM"))
    items = counter.attention_items(year=2026)
    assert [item.text for item in items if item.kind == "lost_criterion"] == [
        "Xã Tiên Hải: không còn đạt tiêu chí số 16, 17, 18, 19 so với năm 2025."
    ]


# --- the trajectory (the chart of each indicator from the baseline year) -------------------------


def test_the_trajectory_names_each_series_with_its_denominator(plan):
    """trajectory: mutants 24 and 25 (a series' level and standard removed), 26, 34, 35 and 36
    (its denominator: the plan's for the province; for a district, its communes of the plan's
    last year: Vĩnh Thuận's seven)."""
    counter = ProgressCounter(plan)
    province = {s.key: (s.level, s.standard, s.denominator) for s in counter.trajectory()}
    assert province == {i.key: (i.level, i.standard, i.denominator) for i in counter.indicators}
    assert province["commune_ntm"][:2] == ("commune", "ntm")
    assert province["district_ntm"][:2] == ("district", "ntm")
    assert province["district_ntm"][2] != len(counter.communes(plan.end_year))
    district = {s.key: s.denominator for s in counter.trajectory(scope=unit("910"))}
    assert district == {"commune_ntm": 7, "commune_advanced": 7, "commune_model": 7}


def test_a_province_without_districts_has_no_district_rows(db):
    """districts: mutant 5 (every unit under the province that exists in the year taken for a
    district). The test plan of 2026–2030 is on the new An Giang, whose units are xã and wards
    directly under it: no district row, no district counted."""
    from targets.models import Plan

    call_command("load_plan", str(TEST_PLAN), stdout=io.StringIO())
    counter = ProgressCounter(Plan.objects.get(number="99/KH-THUNGHIEM"))
    assert counter.districts(2026) == []
    assert counter.district_rows(year=2026) == []


def test_a_missed_named_target_is_final_once_its_district_is_reconciled(plan):
    """named_target_progress: mutants 49 and 50 (the district's own reconciliation not read:
    only the province's). Vĩnh Thuận's target “NTM by 2025” is missed in 2025; it stays
    provisional until staff reconcile the district's register up to 2025."""
    from targets.services import reconcile

    def vinh_thuan():
        (target,) = [
            t for t in compute_progress(plan, year=2025).named_targets if t.unit.code == "910"
        ]
        return str(target.status), target.provisional

    assert vinh_thuan() == ("missed", True)
    reconcile(scope=unit("910"), up_to_year=2025, by=None)
    assert vinh_thuan() == ("missed", False)


def test_the_units_the_register_implies_it_lacks_read_each_recognition_on_its_day(plan):
    """_held_standards: mutants 15 (a decision of 31/12 not held in its year), 17 (a
    recognition not yet made held) and 20 (a recognition held on the day of its revocation).
    Three communes advanced for 2021 (decided 01/03/2022), on the decision basis in 2022: the
    register lacks the NTM decision of Vĩnh Bình Nam (revoked on 31/12/2022) and of Bình Minh
    (decided only in 2023), not Vĩnh Bình Bắc's (decided on 31/12/2022)."""
    for code in ("31060", "31063", "31064"):
        certify(code, "advanced", 2021, f"2{code}/QĐ-UBND", D(2022, 3, 1), validate=False)
    certify("31060", "ntm", 2020, "1/QĐ-UBND", D(2022, 12, 31), validate=False)
    certify(
        "31063", "ntm", 2020, "3/QĐ-UBND", D(2021, 3, 1),
        revoked_on=D(2022, 12, 31), revocation_number="4/QĐ-UBND", validate=False,
    )  # fmt: skip
    certify("31064", "ntm", 2023, "5/QĐ-UBND", D(2023, 6, 1), validate=False)
    counter = ProgressCounter(plan)
    indicator = next(i for i in counter.indicators if i.key == "commune_ntm")
    implied = counter.implied_units(indicator, 2022, None, Basis.DECISION)
    assert {unit.code: reason for unit, reason in implied} == {
        "31063": "có chuẩn cao hơn nhưng sổ thiếu QĐ " + Standard("ntm").phrase,
        "31064": "có chuẩn cao hơn nhưng sổ thiếu QĐ " + Standard("ntm").phrase,
    }
