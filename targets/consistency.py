"""Does a plan agree with itself? Recompute its increments, totals and percentages.

Plans state each year's target three ways (a cumulative total, an increment over the year before,
a percentage of the denominator), and real plans contradict themselves: Plan 168 says "có thêm 02
xã đạt chuẩn NTM nâng cao" for 2025 while its totals go from 39 to 40. The check lists every such
place with the figures side by side and corrects nothing.
"""

from dataclasses import dataclass
from decimal import Decimal

# A stated percentage agrees when it is the computed one rounded or truncated to two decimals.
PERCENT_TOLERANCE = Decimal("0.01")


class Check:
    INCREMENT = "increment"
    TOTAL = "total"
    PERCENTAGE = "percentage"
    PERIOD = "period"
    LABELS = {
        INCREMENT: "Số tăng thêm so với lũy kế",
        TOTAL: "Lũy kế so với năm gốc cộng các số tăng thêm",
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


def check_plan(plan):
    """Every disagreement among a plan's own figures, indicator by indicator and year by year."""
    found = []
    indicators = plan.indicators.prefetch_related("yearly_targets").order_by("position")
    for indicator in indicators:
        targets = {target.year: target for target in indicator.yearly_targets.all()}
        previous_total = indicator.baseline
        # Baseline plus the stated increments, as long as every increment so far is stated.
        running = indicator.baseline
        for year in plan.years:
            target = targets.get(year)
            if target is None:
                running = None
                continue
            if target.stated_increment is not None:
                computed_increment = target.cumulative - previous_total
                if computed_increment != target.stated_increment:
                    found.append(
                        Discrepancy(
                            indicator,
                            year,
                            Check.INCREMENT,
                            target.stated_increment,
                            computed_increment,
                            f"Văn bản ghi có thêm {target.stated_increment}, nhưng lũy kế đi từ "
                            f"{previous_total} lên {target.cumulative} (thêm {computed_increment}).",
                        )
                    )
                if running is not None:
                    running += target.stated_increment
                    if running != target.cumulative:
                        found.append(
                            Discrepancy(
                                indicator,
                                year,
                                Check.TOTAL,
                                target.cumulative,
                                running,
                                f"Năm gốc {indicator.baseline} cộng các số tăng thêm đến {year} được "
                                f"{running}, nhưng lũy kế ghi {target.cumulative}.",
                            )
                        )
            # Where no increment is stated the chain restarts from the stated total.
            running = (
                target.cumulative if target.stated_increment is None or running is None else running
            )
            if target.stated_percentage is not None:
                exact = _percent(target.cumulative, indicator.denominator)
                if abs(exact - target.stated_percentage) >= PERCENT_TOLERANCE:
                    found.append(
                        Discrepancy(
                            indicator,
                            year,
                            Check.PERCENTAGE,
                            target.stated_percentage,
                            exact.quantize(Decimal("0.01")),
                            f"{target.cumulative}/{indicator.denominator} là "
                            f"{exact.quantize(Decimal('0.01'))}%, văn bản ghi {target.stated_percentage}%.",
                        )
                    )
            previous_total = target.cumulative
        final = targets.get(plan.end_year)
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
