"""The NTM side of the movement, read from the register through `targets.progress`: what a
district can commit to (from its named targets and its communes' plans), and what a district or
a commune achieved in a phase's year (recognitions against targets, criteria met).

Figures are counted by standard year (`Basis.STANDARD`), as reports and `manage.py progress` count.
"""

from dataclasses import dataclass, field

from targets.models import NamedTarget, Standard
from targets.progress import Basis, ProgressCounter, commune_rows

MEASURE_OF_STANDARD = {
    Standard.NTM: "communes_ntm",
    Standard.ADVANCED: "communes_advanced",
    Standard.MODEL: "communes_model",
}


def suggested_measures(participant, phase):
    """Prefill of a district's measurable commitments for the phase's year.

    Communes count toward a standard when their latest criteria status before the year plans
    that standard for the year ("chuẩn phấn đấu tiếp theo", "năm dự kiến đạt"); the district's
    own standard is the one a named target of the plan sets for the year, or for a later year
    when the phase is the final review.
    """
    district = participant.unit
    if district is None or not district.is_district:
        return {}
    measures = {name: 0 for name in MEASURE_OF_STANDARD.values()}
    for row in commune_rows(district, year=phase.year - 1):
        if row.planned_year == phase.year and row.next_standard in MEASURE_OF_STANDARD:
            measures[MEASURE_OF_STANDARD[row.next_standard]] += 1
    targets = NamedTarget.objects.filter(unit=district, plan=phase.movement.plan)
    if phase.kind == phase.Kind.FINAL:
        targets = targets.filter(year__gte=phase.year)
    else:
        targets = targets.filter(year=phase.year)
    target = targets.order_by("-standard").first()
    measures["unit_standard"] = target.standard if target else ""
    return measures


@dataclass
class NtmResult:
    """A district's or commune's NTM results in a year, for a review page and the report."""

    year: int
    unit: object
    standard_label: str = ""
    indicators: list = field(default_factory=list)  # IndicatorProgress (district scope)
    named_targets: list = field(default_factory=list)  # NamedTargetProgress
    criteria_met: int | None = None
    criteria_total: int | None = None
    communes_reported: int = 0
    criteria_average: object = None


def ntm_result(participant, year, counter=None):
    """NtmResult of a district or commune participant in the year; None for organisations."""
    unit = participant.unit
    if unit is None or unit.is_province:
        return None
    if unit.is_district:
        counter = counter or ProgressCounter(participant.movement.plan)
        progress = counter.progress(year=year, scope=unit, basis=Basis.STANDARD)
        row = next((r for r in counter.district_rows(year=year) if r.unit.pk == unit.pk), None)
        return NtmResult(
            year=year,
            unit=unit,
            standard_label=row.standard_label if row else "",
            indicators=progress.indicators,
            named_targets=progress.named_targets,
            communes_reported=row.criteria_reported if row else 0,
            criteria_average=row.criteria_average if row else None,
        )
    rows = commune_rows(unit.parent, year=year)
    row = next((r for r in rows if r.unit.pk == unit.pk), None)
    counter = counter or ProgressCounter(participant.movement.plan)
    named = [
        counter.named_target_progress(target, year=year)
        for target in counter.named_targets
        if target.unit_id == unit.pk
    ]
    return NtmResult(
        year=year,
        unit=unit,
        standard_label=row.standard_label if row else "",
        named_targets=named,
        criteria_met=row.criteria_met if row else None,
        criteria_total=row.criteria_total if row else None,
    )
