import datetime
from decimal import Decimal

import pytest

from targets.models import CommuneStatus
from targets.progress import (
    Basis,
    IndicatorStatus,
    NamedTargetStatus,
    ProgressCounter,
    commune_rows,
    compute_progress,
)
from tests.factories import certify, commune_status, unit
from tests.targets.progress import known_history
from tests.targets.progress.known_history import ACTUAL, DENOMINATORS, VINH_THUAN, YEARS
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(db):
    known_history.build()


def by_key(progress):
    return {item.key: item for item in progress.indicators}


@pytest.mark.parametrize("basis", ["standard", "decision"])
@pytest.mark.parametrize("year", [2021, 2022, 2023, 2024, 2025])
def test_province_counts_agree_with_the_hand_count(plan, history, basis, year):
    progress = compute_progress(plan, year=year, basis=basis)
    items = by_key(progress)
    assert list(items) == [
        "district_ntm",
        "district_advanced",
        "commune_ntm",
        "commune_advanced",
        "commune_model",
    ]
    for key, item in items.items():
        expected = known_history.actual(basis, key, year)
        assert item.actual == expected, (key, year, basis)
        assert item.target == known_history.target(key, year)
        assert item.gap == item.target - expected
        assert item.denominator == DENOMINATORS[key]
        assert item.share == (Decimal(expected) * 100 / DENOMINATORS[key]).quantize(Decimal("0.01"))
    assert progress.scope.code == "91"


def test_a_decision_in_a_later_year_counts_from_its_standard_year_or_its_date(plan, history):
    # 31108: standard year 2022, decided 01/05/2024.
    assert by_key(compute_progress(plan, year=2022))["commune_ntm"].actual == 7
    assert (
        by_key(compute_progress(plan, year=2022, basis=Basis.DECISION))["commune_ntm"].actual == 6
    )


def test_a_revocation_counts_until_its_date_and_not_after_the_unit_ended(plan, history):
    ntm_2023 = [by_key(compute_progress(plan, year=y))["commune_ntm"].actual for y in (2022, 2023)]
    assert ntm_2023 == [7, 6]  # 31064 revoked on 30/06/2023
    # 31069 was revoked on 01/09/2025, after its commune ended on 30/06/2025.
    assert by_key(compute_progress(plan, year=2025))["commune_ntm"].actual == 6


def test_a_revocation_on_the_reference_date_already_stops_counting(plan):
    certify("31060", "ntm", 2021, "10/QĐ-UBND", datetime.date(2021, 3, 15))
    certify(
        "31063",
        "ntm",
        2021,
        "10/QĐ-UBND",
        datetime.date(2021, 3, 15),
        revoked_on=datetime.date(2021, 12, 31),
        revocation_number="11/QĐ-UBND",
    )
    assert by_key(compute_progress(plan, year=2021))["commune_ntm"].actual == 1


def test_a_model_commune_counts_toward_advanced_and_ntm(plan, history):
    communes = {row.unit.code: row for row in commune_rows(unit("910"), year=2023)}
    assert communes["31063"].standard == "model"
    # Its one commune is counted once under each of the three commune indicators.
    items = by_key(compute_progress(plan, year=2023, scope=unit("910")))
    assert [items[k].actual for k in ("commune_ntm", "commune_advanced", "commune_model")] == [
        3,
        1,
        1,
    ]


def test_a_city_that_completed_the_task_counts_as_a_district_level_ntm(plan):
    certify("900", "completed", 2020, "671/QĐ-TTg", datetime.date(2022, 6, 2))
    items = by_key(compute_progress(plan, year=2021))
    assert items["district_ntm"].actual == 1
    assert items["district_advanced"].actual == 0


def test_a_unit_counts_only_in_the_years_it_existed(plan):
    commune = unit("31060")
    certify("31060", "ntm", 2021, "10/QĐ-UBND", datetime.date(2021, 3, 15))
    Unit.objects.filter(pk=commune.pk).update(valid_to=datetime.date(2022, 12, 31))
    assert by_key(compute_progress(plan, year=2022))["commune_ntm"].actual == 1
    assert by_key(compute_progress(plan, year=2023))["commune_ntm"].actual == 0


@pytest.mark.parametrize("basis", ["standard", "decision"])
def test_district_scope_counts_its_communes_without_a_target(plan, history, basis):
    for year in (2021, 2022, 2023, 2024, 2025):
        progress = compute_progress(plan, year=year, scope=unit("910"), basis=basis)
        items = by_key(progress)
        assert list(items) == ["commune_ntm", "commune_advanced", "commune_model"]
        for key, item in items.items():
            assert item.actual == VINH_THUAN[basis][key][YEARS.index(year)]
            assert item.denominator == 7
            assert item.baseline == VINH_THUAN[basis][key][0]
            assert item.target is None
            assert item.gap is None
            assert item.status is None
        assert [t.unit.code for t in progress.named_targets] == ["910"]


@pytest.mark.parametrize("basis", ["standard", "decision"])
def test_trajectory_gives_target_and_actual_from_the_baseline_year(plan, history, basis):
    series = {line.key: line for line in ProgressCounter(plan).trajectory(basis=basis)}
    for key, line in series.items():
        assert [year for year, _target, _actual in line.points] == YEARS
        assert [target for _year, target, _actual in line.points] == known_history.TARGETS[key]
        assert [actual for _year, _target, actual in line.points] == ACTUAL[basis][key]


def test_district_trajectory_has_no_target(plan, history):
    series = ProgressCounter(plan).trajectory(scope=unit("910"))
    assert [line.key for line in series] == ["commune_ntm", "commune_advanced", "commune_model"]
    assert series[0].points == [
        (2020, None, 1),
        (2021, None, 4),
        (2022, None, 4),
        (2023, None, 3),
        (2024, None, 3),
        (2025, None, 3),
    ]


def test_district_rows_count_communes_by_highest_standard(plan, history):
    commune_status("31060", 2022, met=19)
    commune_status("31063", 2023, met=19)
    commune_status("31064", 2023, met=16)
    commune_status("31064", 2024, met=10)  # after the year asked: not used
    rows = {row.unit.code: row for row in ProgressCounter(plan).district_rows(year=2023)}
    assert len(rows) == 15
    vinh_thuan = rows["910"]
    assert vinh_thuan.communes == 7
    assert vinh_thuan.by_standard == {"ntm": 2, "advanced": 0, "model": 1}
    assert vinh_thuan.ntm == 3
    assert vinh_thuan.standard == "ntm"
    assert [(t.standard, t.status) for t in vinh_thuan.named_targets] == [("ntm", "met")]
    assert vinh_thuan.criteria_average == Decimal("18.0")  # (19 + 19 + 16) / 3
    assert vinh_thuan.criteria_reported == 3
    assert rows["900"].standard == "completed"
    assert rows["900"].by_standard == {"ntm": 2, "advanced": 0, "model": 0}
    assert rows["912"].standard == "ntm"
    assert rows["904"].standard is None
    assert rows["904"].criteria_average is None
    by_decision = {
        row.unit.code: row
        for row in ProgressCounter(plan).district_rows(year=2023, basis="decision")
    }
    assert by_decision["910"].by_standard == {"ntm": 2, "advanced": 1, "model": 0}
    assert by_decision["912"].standard is None


def test_commune_rows_show_standard_criteria_and_planned_year(history):
    commune_status("31060", 2023, met=19, next_standard="advanced", planned_year=2025)
    commune_status("31072", 2022, met=12, next_standard="ntm", planned_year=2024)
    commune_status("31072", 2024, met=15, next_standard="ntm", planned_year=2025)
    rows = {row.unit.code: row for row in commune_rows(unit("910"), year=2023)}
    assert list(rows) == [
        row.unit.code for row in commune_rows(unit("910"), year=2023)
    ]  # Vietnamese order, stable
    assert len(rows) == 7
    assert (rows["31060"].standard, rows["31060"].criteria_met, rows["31060"].planned_year) == (
        "ntm",
        19,
        2025,
    )
    assert rows["31060"].criteria_total == 19
    assert rows["31060"].next_standard == "advanced"
    assert (rows["31072"].standard, rows["31072"].criteria_met, rows["31072"].criteria_year) == (
        None,
        12,
        2022,
    )
    assert rows["31072"].planned_year == 2024
    assert rows["31064"].standard is None  # revoked on 30/06/2023
    assert rows["31075"].criteria_met is None


@pytest.mark.parametrize(
    ("code", "standard", "year", "basis", "expected"),
    [
        ("910", "ntm", 2021, "standard", NamedTargetStatus.MET),
        # By decision Vĩnh Thuận is not yet NTM in 2021, and only 2 of its 7 communes are.
        ("910", "ntm", 2021, "decision", NamedTargetStatus.AT_RISK),
        # Hà Tiên's two communes are NTM by decision in 2021; the city is not yet "completed".
        ("900", "completed", 2021, "decision", NamedTargetStatus.PENDING),
        ("900", "completed", 2022, "decision", NamedTargetStatus.MET),
        # Kiên Hải is NTM (standard 2023) but not yet advanced: its advanced target is open.
        ("912", "advanced", 2023, "standard", NamedTargetStatus.PENDING),
        ("912", "advanced", 2023, "decision", NamedTargetStatus.AT_RISK),
        ("912", "advanced", 2024, "standard", NamedTargetStatus.MET),
        ("904", "advanced", 2024, "standard", NamedTargetStatus.AT_RISK),
        ("908", "ntm", 2024, "standard", NamedTargetStatus.AT_RISK),
        ("908", "ntm", 2025, "standard", NamedTargetStatus.MISSED),
        ("904", "advanced", 2025, "decision", NamedTargetStatus.MISSED),
    ],
)
def test_named_target_status_follows_the_rule(plan, history, code, standard, year, basis, expected):
    progress = compute_progress(plan, year=year, basis=basis)
    found = [t for t in progress.named_targets if t.unit.code == code and t.standard == standard]
    assert len(found) == 1
    assert found[0].status == expected
    assert found[0].met == (expected == NamedTargetStatus.MET)


def test_named_targets_are_listed_by_standard_then_in_vietnamese_order(plan):
    progress = compute_progress(plan, year=2025)
    assert [(t.unit.code, t.standard) for t in progress.named_targets] == [
        ("908", "ntm"),
        ("909", "ntm"),
        ("900", "completed"),
        ("912", "ntm"),
        ("902", "ntm"),
        ("910", "ntm"),
        ("912", "advanced"),
        ("904", "advanced"),
    ]


def test_attention_lists_indicators_behind_named_targets_at_risk_and_lost_criteria(plan, history):
    commune_status("31060", 2023, met=19)
    commune_status("31060", 2024, met=17)  # criteria 18 and 19 lost
    commune_status("31063", 2023, met=15)
    commune_status("31063", 2024, met=16)  # gained one: nothing to report
    items = ProgressCounter(plan).attention_items(year=2024, basis=Basis.STANDARD)
    # Kiên Hải makes the district-level advanced target of 2024 (1). The register holds 2 of
    # the 3 district-level units and 2 of the 79 communes of the 2020 baseline: those two
    # indicators cannot be judged; the two others (baseline 0) are behind.
    assert [item.url for item in items if item.kind == "indicator"] == [
        "#indicator-commune_advanced",
        "#indicator-commune_model",
    ]
    incomplete = [item for item in items if item.kind == "incomplete_register"]
    assert [item.text for item in incomplete] == [
        "Đơn vị cấp huyện đạt chuẩn NTM/hoàn thành nhiệm vụ xây dựng NTM: Sổ công nhận có 2/3 "
        "đơn vị cấp huyện đạt chuẩn nông thôn mới đến năm 2020: còn thiếu 1.",
        "Xã đạt chuẩn NTM: Sổ công nhận có 2/79 xã đạt chuẩn nông thôn mới đến năm 2020: còn "
        "thiếu 77.",
    ]
    assert incomplete[1].url == (
        "/certifications/to-complete/?plan=168%2FKH-UBND&indicator=commune_ntm&basis=standard"
    )
    assert [item.url for item in items if item.kind == "named_target"] == [
        "/districts/908/progress/",
        "/districts/909/progress/",
        "/districts/902/progress/",
        "/districts/904/progress/",
    ]
    lost = [item for item in items if item.kind == "lost_criterion"]
    assert len(lost) == 1
    assert "Xã Vĩnh Bình Bắc (Huyện Vĩnh Thuận)" in lost[0].text
    assert "tiêu chí số 18, 19 so với năm 2023" in lost[0].text
    assert lost[0].url == "/units/31060/?year=2025"
    assert lost[0].label == "Xã không còn đạt tiêu chí"


def test_attention_is_empty_when_every_indicator_is_achieved(plan):
    for indicator in plan.indicators.all():
        indicator.yearly_targets.update(cumulative=0)
    plan.named_targets.all().delete()
    assert ProgressCounter(plan).attention_items(year=2023, basis=Basis.STANDARD) == []
    statuses = {item.status for item in compute_progress(plan, year=2023).indicators}
    assert statuses == {IndicatorStatus.ACHIEVED}


def make_certifications(count):
    communes = list(
        Unit.objects.rural_communes()
        .filter(valid_from__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)[:count]
    )
    for code in communes:
        certify(code, "ntm", 2021, "10/QĐ-UBND", datetime.date(2021, 3, 15))
    for code in communes[: count // 3]:
        commune_status(code, 2022, met=19)
        commune_status(code, 2023, met=18)


@pytest.mark.parametrize("count", [5, 60])
def test_progress_costs_a_fixed_number_of_queries(plan, django_assert_num_queries, count):
    make_certifications(count)
    vinh_thuan, giong_rieng = unit("910"), unit("906")
    with django_assert_num_queries(5):
        compute_progress(plan, year=2023)
    with django_assert_num_queries(4):
        compute_progress(plan, year=2023, scope=vinh_thuan)
    with django_assert_num_queries(4):
        ProgressCounter(plan).trajectory()
    with django_assert_num_queries(4):
        ProgressCounter(plan).district_rows(year=2023)
    with django_assert_num_queries(6):
        ProgressCounter(plan).attention_items(year=2023, basis=Basis.STANDARD)
    with django_assert_num_queries(4):
        commune_rows(giong_rieng, year=2023)
    assert CommuneStatus.objects.count() == 2 * (count // 3)


def test_one_tracker_answers_a_whole_page_with_seven_queries(plan, django_assert_num_queries):
    make_certifications(60)
    # Units, certifications, indicators, targets, named targets, criteria met, lost criteria.
    with django_assert_num_queries(7):
        tracker = ProgressCounter(plan)
        tracker.progress(year=2023)
        tracker.trajectory()
        tracker.district_rows(year=2023)
        tracker.attention_items(year=2023)
