import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from targets.consistency import Check, check_plan
from targets.models import Indicator, Plan, YearlyTarget
from units.models import Unit


def build_plan(number, rows, *, baseline=10, denominator=100, period_increment=None):
    """A plan with one indicator; rows are (year, cumulative, stated increment, stated %)."""
    plan = Plan.objects.create(
        number=number,
        title="Kế hoạch thử",
        issuer="UBND tỉnh",
        issued_on=datetime.date(2022, 1, 1),
        signer="Người ký",
        scope=Unit.objects.provinces().get(valid_from__isnull=True),
        baseline_year=2020,
        start_year=2021,
        end_year=2020 + len(rows),
    )
    indicator = Indicator.objects.create(
        plan=plan,
        level="commune",
        standard="ntm",
        name="Xã đạt chuẩn NTM",
        denominator=denominator,
        baseline=baseline,
        stated_period_increment=period_increment,
    )
    for year, cumulative, increment, percentage in rows:
        YearlyTarget.objects.create(
            indicator=indicator,
            year=year,
            cumulative=cumulative,
            stated_increment=increment,
            stated_percentage=None if percentage is None else Decimal(percentage),
        )
    return plan


def test_a_consistent_plan_has_no_discrepancy(db):
    plan = build_plan(
        "1/KH-UBND",
        [(2021, 20, 10, "20"), (2022, 30, 10, "30"), (2023, 30, None, "30"), (2024, 45, 15, "45")],
        period_increment=35,
    )
    assert check_plan(plan) == []


def test_every_known_contradiction_is_found(db):
    plan = build_plan(
        "2/KH-UBND",
        [
            (2021, 20, 10, "20"),  # consistent
            (2022, 30, 12, "30"),  # increment says 12, totals say 10 → increment and total
            (2023, 40, None, "41"),  # percentage 41 vs 40
            (2024, 45, 5, "45"),  # consistent with totals; chain restarted after 2023
            (2025, 47, 2, "47.5"),  # percentage wrong
        ],
        period_increment=30,  # 47 - 10 = 37
    )
    found = [(item.year, item.check, item.stated, item.computed) for item in check_plan(plan)]
    # One finding per root cause: the wrong increment of 2022 is not reported again as a total.
    assert found == [
        (2022, Check.INCREMENT, 12, 10),
        (2023, Check.PERCENTAGE, Decimal("41"), Decimal("40.00")),
        (2025, Check.PERCENTAGE, Decimal("47.5"), Decimal("47.00")),
        (None, Check.PERIOD, 30, 37),
    ]


def test_one_wrong_early_increment_is_one_finding(db):
    plan = build_plan(
        "5/KH-UBND",
        [(2021, 20, 12, None), (2022, 30, 10, None), (2023, 40, 10, None), (2024, 50, 10, None)],
    )
    found = check_plan(plan)
    assert [(item.year, item.check, item.stated, item.computed) for item in found] == [
        (2021, Check.INCREMENT, 12, 10)
    ]


def test_one_wrong_early_total_is_one_finding_in_its_year(db):
    plan = build_plan(
        "6/KH-UBND",
        [(2021, 20, 10, "20"), (2022, 35, 10, "30"), (2023, 40, 10, "40"), (2024, 50, 10, "50")],
    )
    found = check_plan(plan)
    assert [(item.year, item.check, item.stated, item.computed) for item in found] == [
        (2022, Check.TOTAL, 35, 30)
    ]
    assert found[0].explanation == (
        "Lũy kế năm 2022 ghi 35, nhưng 20 (năm trước) cộng số tăng thêm 10 là 30, và năm 2023 "
        "ghi thêm 10 lên 40, khớp với 30."
    )


@pytest.mark.parametrize("stated", ["33", "33.3", "33.33"])
def test_a_percentage_agrees_at_the_precision_the_plan_writes(db, stated):
    plan = build_plan("7/KH-UBND", [(2021, 5, None, stated)], baseline=0, denominator=15)
    assert check_plan(plan) == []


@pytest.mark.parametrize("stated", ["34", "33.4", "33.35", "33.34"])
def test_a_percentage_that_differs_at_its_precision_is_found(db, stated):
    plan = build_plan("8/KH-UBND", [(2021, 5, None, stated)], baseline=0, denominator=15)
    assert [item.check for item in check_plan(plan)] == [Check.PERCENTAGE]


def test_rounded_or_truncated_percentages_agree(db):
    plan = build_plan(
        "3/KH-UBND", [(2021, 1, None, "0.86"), (2022, 3, 2, "2.58")], baseline=0, denominator=116
    )
    assert check_plan(plan) == []


def test_plan_168_disagrees_with_itself_on_2025_advanced_communes(plan):
    found = check_plan(plan)
    assert {
        (item.indicator.key, item.year, item.check, item.stated, item.computed) for item in found
    } == {
        ("commune_advanced", 2025, Check.INCREMENT, 2, 1),
    }
    assert len(found) == 1


def test_check_plan_command_exits_non_zero_and_lists_the_figures(plan, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_plan", "168/KH-UBND")
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert "1 chỗ không khớp" in out
    assert "Xã đạt chuẩn NTM nâng cao | 2025 | Số tăng thêm so với lũy kế | 2 | 1" in out


def test_check_plan_command_exits_zero_for_a_consistent_plan(db, capsys):
    build_plan("4/KH-UBND", [(2021, 20, 10, "20")])
    call_command("check_plan", "4/KH-UBND")
    assert "khớp với nhau" in capsys.readouterr().out


def test_check_plan_command_names_an_unknown_plan(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có kế hoạch số 9/KH-UBND") as refused:
        call_command("check_plan", "9/KH-UBND")
    assert refused.value.returncode == 2


def test_check_plan_command_exit_codes_from_the_command_line(db, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings

    manage = Path(settings.BASE_DIR) / "manage.py"
    missing_argument = subprocess.run(
        [sys.executable, str(manage), "check_plan"], capture_output=True, text=True, check=False
    )
    assert missing_argument.returncode == 2


def test_check_page_shows_the_figures_side_by_side(client, leadership, plan):
    client.force_login(leadership)
    page = client.get(reverse("targets:plan_check", args=[plan.pk])).content.decode()
    assert "1 chỗ không khớp" in page
    assert "Văn bản ghi có thêm 2, nhưng lũy kế đi từ 39 lên 40 (thêm 1)." in page
