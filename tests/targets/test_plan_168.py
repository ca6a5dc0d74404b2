from decimal import Decimal

from targets.models import Indicator, NamedTarget

# DOMAIN.md, "Plan 168/KH-UBND targets (cumulative, whole province)".
TABLE = {
    ("district", "ntm"): (15, 3, [5, 7, 9, 9, 9]),
    ("district", "advanced"): (15, 0, [0, 0, 0, 1, 2]),
    ("commune", "ntm"): (116, 79, [90, 101, 113, 114, 116]),
    ("commune", "advanced"): (116, 0, [0, 3, 24, 39, 40]),
    ("commune", "model"): (116, 0, [0, 1, 1, 4, 15]),
}
# Increments and percentages as the plan text states them (None: the text states none).
STATED = {
    ("district", "ntm"): ([2, 2, 2, None, None], ["33.33", "46.67", "60", "60", "60"]),
    ("district", "advanced"): ([None, None, None, 1, 1], [None, None, None, "6.67", "13.33"]),
    ("commune", "ntm"): ([11, 11, 12, 1, 2], ["77.59", "87.07", "97.41", "98.28", "100"]),
    ("commune", "advanced"): ([None, 3, 21, 15, 2], [None, "2.59", "20.69", "33.62", "34.48"]),
    ("commune", "model"): ([None, 1, None, 3, 11], [None, "0.86", "0.86", "3.45", "12.93"]),
}


def test_plan_168_has_its_number_date_signer_and_period(plan):
    assert plan.number == "168/KH-UBND"
    assert plan.issued_on.strftime("%d/%m/%Y") == "12/07/2022"
    assert plan.signer == "Nguyễn Lưu Trung"
    assert (plan.baseline_year, plan.start_year, plan.end_year) == (2020, 2021, 2025)
    assert plan.scope.code == "91"


def test_the_25_cumulative_targets_equal_the_domain_table(plan):
    indicators = Indicator.objects.filter(plan=plan).prefetch_related("yearly_targets")
    assert indicators.count() == 5
    count = 0
    for indicator in indicators:
        denominator, baseline, totals = TABLE[(indicator.level, indicator.standard)]
        assert (indicator.denominator, indicator.baseline) == (denominator, baseline)
        targets = sorted(indicator.yearly_targets.all(), key=lambda target: target.year)
        assert [target.year for target in targets] == [2021, 2022, 2023, 2024, 2025]
        assert [target.cumulative for target in targets] == totals
        count += len(targets)
    assert count == 25


def test_stated_increments_and_percentages_are_read_from_the_plan_text(plan):
    for indicator in Indicator.objects.filter(plan=plan).prefetch_related("yearly_targets"):
        increments, percentages = STATED[(indicator.level, indicator.standard)]
        targets = sorted(indicator.yearly_targets.all(), key=lambda target: target.year)
        assert [target.stated_increment for target in targets] == increments
        assert [target.stated_percentage for target in targets] == [
            None if value is None else Decimal(value) for value in percentages
        ]


def test_named_unit_targets_are_six_ntm_and_two_advanced(plan):
    ntm = NamedTarget.objects.filter(plan=plan, standard__in=["ntm", "completed"])
    assert sorted(ntm.values_list("unit__name", flat=True)) == sorted(
        ["Hà Tiên", "Vĩnh Thuận", "Kiên Lương", "An Biên", "Kiên Hải", "An Minh"]
    )
    assert ntm.get(unit__name="Hà Tiên").standard == "completed"
    advanced = NamedTarget.objects.filter(plan=plan, standard="advanced")
    assert sorted(advanced.values_list("unit__name", flat=True)) == ["Kiên Hải", "Tân Hiệp"]
    assert set(NamedTarget.objects.filter(plan=plan).values_list("year", flat=True)) == {2025}
