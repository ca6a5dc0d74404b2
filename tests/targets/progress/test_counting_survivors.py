"""Counting rules that `make mutants` found unheld at 76015b9 (docs/benchmarks.md, "Mutation
testing", targets/progress/counting.py): a xã or a ward as the scope, a district's own
reconciliation, the standard lost after the baseline on each basis, the reason a commune is
missing from the register, the order of the districts, an award's recognition in force on the
decision's day. Each test's docstring names the mutants it fails on."""

import datetime
from decimal import Decimal

import pytest

from awards.checks import check_ntm_recognition
from targets.models import NamedTarget
from targets.progress import Basis, IndicatorStatus, ProgressCounter, compute_progress
from targets.progress.at_risk import plan_communes_at_risk
from targets.services import reconcile
from tests.awards.helpers import collective, nomination
from tests.factories import certify, commune_status, unit

pytestmark = pytest.mark.django_db

D = datetime.date


def indicator(progress, key):
    return next(item for item in progress.indicators if item.key == key)


# --- an award for NTM results: the recognition still in force on the decision's day -------------


def test_an_award_for_ntm_results_needs_the_recognition_still_in_force_on_the_decisions_day(
    officer,
):
    """rank_of: with `in_force_on` (the award checks), mutants 1 (the day not read), 8–11, 13,
    15, 17–21, 24–27 (the unit's rows lost or the call broken), 22 (the decision basis: a
    recognition of 2024 decided in 2025 not counted for 2024), 23 and 28 (the day not passed on);
    _highest_standard: 9–13 (the later of the year's end and the day lost or broken)."""
    certify("31060", "ntm", 2024, number="90/QĐ-UBND")  # decided 15/03/2025, in force
    certify("31063", "ntm", 2024, number="91/QĐ-UBND", revoked_on=D(2025, 6, 1))
    in_force = nomination(collective("31060", by=officer), by=officer, ntm_standard="ntm")
    revoked = nomination(collective("31063", by=officer), by=officer, ntm_standard="ntm")
    day = D(2025, 9, 5)
    assert check_ntm_recognition(in_force, day) == []
    assert check_ntm_recognition(revoked, day) == [
        "Khen thưởng vì kết quả xây dựng NTM phải có quyết định công nhận: quyết định công nhận "
        "“Đạt chuẩn nông thôn mới” của Xã Vĩnh Bình Nam đã bị thu hồi, không còn hiệu lực vào "
        "ngày 05/09/2025."
    ]


# --- one xã, or a ward, as the scope -------------------------------------------------------------


def test_the_progress_of_one_xa_counts_that_xa_and_that_of_a_ward_counts_none(plan):
    """communes: a commune-level scope, mutants 4 and 7 (the unit not found), 9 (never
    counted), 10 and 11 (a ward counted as a xã), 12 (the kind not read), 13 (the year not
    read: the xã of 2021–2025 end on 30/06/2025); _percent: mutants 2 and 3 (the share of no
    commune is 0,00 %, not an error)."""
    certify("31060", "ntm", 2021)  # Vĩnh Bình Bắc
    xa = indicator(compute_progress(plan, year=2022, scope=unit("31060")), "commune_ntm")
    assert (xa.denominator, xa.actual, xa.share) == (1, 1, Decimal("100.00"))
    ward = indicator(compute_progress(plan, year=2022, scope=unit("30733")), "commune_ntm")
    assert (ward.denominator, ward.actual, ward.share) == (0, 0, Decimal("0.00"))


# --- a district's own reconciliation --------------------------------------------------------------


def test_a_district_reconciled_by_itself_is_judged_finally_on_its_own_page(plan):
    """indicator_progress: mutant 78 (the province's reconciliation read for a district);
    reconciled_to: mutant 18 (the page's unit read instead of the counter's, which carries the
    reconciliation). The province is not reconciled, Vĩnh Thuận is, up to 2025."""
    reconcile(scope=unit("910"), up_to_year=2025, note="", by=None)
    district = compute_progress(plan, year=2025, scope=unit("910"))
    assert [item.reconciled for item in district.indicators] == [True, True, True]
    province = compute_progress(plan, year=2025)
    assert [item.reconciled for item in province.indicators] == [False] * 5


def test_a_communes_missed_target_is_final_once_its_district_is_reconciled(plan):
    """named_target_progress: mutants 51 (the commune taken as its own district) and 53 (no
    district: the province's reconciliation read). Vĩnh Bình Bắc was to meet NTM in 2024 and
    did not; Vĩnh Thuận is reconciled up to 2024, so the miss is final."""
    NamedTarget.objects.create(plan=plan, unit=unit("31060"), standard="ntm", year=2024)
    reconcile(scope=unit("910"), up_to_year=2024, note="", by=None)
    progress = ProgressCounter(plan).progress(year=2024)
    (target,) = [t for t in progress.named_targets if t.unit.code == "31060"]
    assert (str(target.status), target.provisional) == ("missed", False)


# --- the standard lost after the baseline, on each basis ------------------------------------------


def test_an_advanced_district_revoked_after_the_baseline_goes_backwards_by_standard_year_only(plan):
    """indicator_progress: mutants 29, 142 and 149 (the count in the baseline year on the basis
    asked not used: on the decision basis the register's count by standard year is), 33 (that
    count taken on the decision basis whatever the basis asked). Vĩnh Thuận: advanced for 2020
    by a decision of 15/03/2021, revoked on 01/06/2023. In 2024, by standard year it had it in
    the baseline year and lost it (“đi lùi”); by decision date it never had it then, so it is
    only behind its target of 1."""
    certify("910", "ntm", 2019, number="7/QĐ-TTg", validate=False)
    certify("910", "advanced", 2020, number="8/QĐ-TTg", revoked_on=D(2023, 6, 1), validate=False)
    statuses = [
        indicator(compute_progress(plan, year=2024, basis=basis), "district_advanced").status
        for basis in (Basis.STANDARD, Basis.DECISION)
    ]
    assert statuses == [IndicatorStatus.DETERIORATING, IndicatorStatus.OFF_TRACK]


# --- the units the register implies it lacks -----------------------------------------------------


def test_a_xa_without_ntm_under_an_ntm_district_is_named_with_its_districts_reason(plan):
    """implied_units: mutant 56 (the unit and its reason lost); indicator_progress: mutants 111
    and 129 (the implied units not handed on). Vĩnh Thuận is NTM for 2021: each of its xã the
    register does not show NTM in 2022 is named, with why."""
    certify("910", "ntm", 2021, number="45/QĐ-TTg", validate=False)
    item = indicator(compute_progress(plan, year=2022), "commune_ntm")
    reasons = {unit_.code: reason for unit_, reason in item.implied_units}
    assert reasons["31060"] == (
        "Huyện Vĩnh Thuận đã đạt chuẩn/hoàn thành NTM nhưng sổ chưa có công nhận NTM của xã"
    )
    assert sorted(reasons) == ["31060", "31063", "31064", "31069", "31072", "31074", "31075"]


def test_an_advanced_district_without_its_ntm_decision_lacks_ntm_not_advanced(plan):
    """implied_units: mutant 8 (a district indicator of any standard looking for an NTM or
    “completed” decision). Vĩnh Thuận recognised advanced for 2022, its NTM decision not in the
    register: the register lacks its NTM, not its advanced."""
    certify("910", "advanced", 2022, number="9/QĐ-TTg", validate=False)
    progress = compute_progress(plan, year=2023)
    lacking_ntm = indicator(progress, "district_ntm").implied_units
    assert [(unit_.code, reason) for unit_, reason in lacking_ntm] == [
        ("910", "có chuẩn cao hơn nhưng sổ thiếu QĐ đạt chuẩn nông thôn mới")
    ]
    assert indicator(progress, "district_advanced").implied_units == ()


def test_one_counter_reads_each_years_own_recognitions(plan):
    """held: mutant 1 (one answer kept for every year and basis). The dashboard asks one counter
    for the year and for the trajectory: Vĩnh Bình Bắc is NTM for 2021 and advanced for 2023;
    in 2023 the register lacks nothing of it, whatever year was asked first."""
    certify("31060", "ntm", 2021, number="10/QĐ-UBND")
    certify("31060", "advanced", 2023, number="11/QĐ-UBND")
    counter = ProgressCounter(plan)
    counter.progress(year=2022)
    assert indicator(counter.progress(year=2023), "commune_advanced").implied_missing == 0


# --- the order of the districts and the query count of the at-risk list -------------------------


def test_the_dashboard_lists_the_districts_in_the_order_of_their_names(plan):
    """__init__: mutant 7 (the units ordered by code, not by name)."""
    rows = ProgressCounter(plan).district_rows(year=2023)
    names = [row.unit.name for row in rows]
    assert names[:4] == ["An Biên", "An Minh", "Châu Thành", "Giang Thành"]
    assert names[-1] == "Vĩnh Thuận" and len(names) == 15


def test_the_communes_at_risk_cost_the_same_queries_however_many(plan, django_assert_num_queries):
    """__init__: mutant 25 (the units' sort key not loaded with them: a query for each commune
    the at-risk list orders). Two NTM communes that met 17 of 19 criteria in 2023."""
    for code in ("31060", "31063"):
        certify(code, "ntm", 2021, number=f"{code}/QĐ-UBND")
        commune_status(code, 2023, met=17)
    counter = ProgressCounter(plan)
    with django_assert_num_queries(2):
        risks = plan_communes_at_risk(plan, year=2023, counter=counter)
    assert [risk.unit.code for risk in risks] == ["31060", "31063"]
