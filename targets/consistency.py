"""Does a plan agree with itself? Recompute its increments, totals and percentages.

Plans state each year's target three ways (a cumulative total, an increment over the year before,
a percentage of the denominator), and real plans contradict themselves: Plan 168 says "có thêm 02
xã đạt chuẩn NTM nâng cao" for 2025 while its totals go from 39 to 40. The check lists every such
place with the figures side by side and corrects nothing.

One finding per root cause. Each year's increment is checked against the step between the stated
totals, so a wrong increment is reported in its year only. A wrong total shows as two increments
that disagree, in its year and the next; when the stated increments lead from the year before to
the year after, the total in between is the one reported, once. A stated percentage agrees when it
is the computed one rounded or truncated to the number of decimals the plan writes (33,3 and
33,33 both agree with 5/15).
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal


class Check:
    INCREMENT = "increment"
    TOTAL = "total"
    PERCENTAGE = "percentage"
    PERIOD = "period"
    LABELS = {
        INCREMENT: "Số tăng thêm so với lũy kế",
        TOTAL: "Lũy kế so với năm trước và năm sau",
        PERCENTAGE: "Tỷ lệ % so với lũy kế và mẫu số",
        PERIOD: "Số tăng thêm cả giai đoạn so với lũy kế cuối kỳ",
    }


@dataclass(frozen=True)
class Discrepancy:
    indicator: object
    year: int | None
    check: str
    stated: object
    computed: object
    explanation: str

    @property
    def check_label(self):
        return Check.LABELS[self.check]


def _percent(value, denominator):
    return Decimal(value) * 100 / Decimal(denominator)


def percentage_agrees(stated, value, denominator):
    """Whether a stated percentage is value/denominator at the precision it is written with."""
    exact = _percent(value, denominator)
    # The stored figure keeps two decimals: 33,30 is read as the 33,3 a plan writes.
    step = Decimal(1).scaleb(min(0, stated.normalize().as_tuple().exponent))
    return stated in (exact.quantize(step, ROUND_HALF_UP), exact.quantize(step, ROUND_DOWN))


def _check_indicator(plan, indicator):
    found = []
    targets = [
        target
        for target in sorted(indicator.yearly_targets.all(), key=lambda target: target.year)
        if plan.start_year <= target.year <= plan.end_year
    ]
    previous, previous_year = indicator.baseline, plan.baseline_year
    for index, target in enumerate(targets):
        following = targets[index + 1] if index + 1 < len(targets) else None
        if following is not None and following.year != target.year + 1:
            following = None
        total = target.cumulative
        # An increment is over the year before; after a year without a target it cannot be checked.
        checkable = target.stated_increment is not None and target.year == previous_year + 1
        if checkable and total - previous != target.stated_increment:
            meant = previous + target.stated_increment
            if (
                following is not None
                and following.stated_increment is not None
                and meant + following.stated_increment == following.cumulative
            ):
                found.append(
                    Discrepancy(
                        indicator,
                        target.year,
                        Check.TOTAL,
                        total,
                        meant,
                        f"Lũy kế năm {target.year} ghi {total}, nhưng {previous} (năm trước) cộng "
                        f"số tăng thêm {target.stated_increment} là {meant}, và năm "
                        f"{following.year} ghi thêm {following.stated_increment} lên "
                        f"{following.cumulative}, khớp với {meant}.",
                    )
                )
                total = meant
            else:
                found.append(
                    Discrepancy(
                        indicator,
                        target.year,
                        Check.INCREMENT,
                        target.stated_increment,
                        total - previous,
                        f"Văn bản ghi có thêm {target.stated_increment}, nhưng lũy kế đi từ "
                        f"{previous} lên {total} (thêm {total - previous}).",
                    )
                )
        stated = target.stated_percentage
        if stated is not None and not any(
            percentage_agrees(stated, value, indicator.denominator)
            for value in {target.cumulative, total}
        ):
            exact = _percent(target.cumulative, indicator.denominator).quantize(Decimal("0.01"))
            found.append(
                Discrepancy(
                    indicator,
                    target.year,
                    Check.PERCENTAGE,
                    stated,
                    exact,
                    f"{target.cumulative}/{indicator.denominator} là {exact}%, văn bản ghi "
                    f"{stated}%.",
                )
            )
        previous, previous_year = total, target.year
    final = targets[-1] if targets and targets[-1].year == plan.end_year else None
    if indicator.stated_period_increment is not None and final is not None:
        computed = final.cumulative - indicator.baseline
        if computed != indicator.stated_period_increment:
            found.append(
                Discrepancy(
                    indicator,
                    None,
                    Check.PERIOD,
                    indicator.stated_period_increment,
                    computed,
                    f"Văn bản ghi cả giai đoạn có thêm {indicator.stated_period_increment}, nhưng "
                    f"từ {indicator.baseline} (năm gốc) đến {final.cumulative} ({plan.end_year}) "
                    f"là thêm {computed}.",
                )
            )
    return found


def check_plan(plan):
    """Every disagreement among a plan's own figures, one per root cause, indicator by indicator
    and year by year."""
    indicators = plan.indicators.prefetch_related("yearly_targets").order_by("position")
    return [found for indicator in indicators for found in _check_indicator(plan, indicator)]
