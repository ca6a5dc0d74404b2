"""The movement's report of a phase (sơ kết năm, sơ kết giữa kỳ, tổng kết 2021–2025) as a
Decree 30/2020 document.

The NTM figures are those of `targets.progress` (standard-year basis, the default of the
dashboard and of `manage.py progress`) for the phase's year; the registrations, reviews, ranking
and exemplary models come from this app; the assessment and directions are what staff wrote on the
report record.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from emulation.completeness import completeness
from emulation.models import Exemplar, Phase, Registration, RegistrationItem, Review, Score
from emulation.ranking import TIE_RULE, standings
from targets.progress import Basis, ProgressCounter
from targets.progress.report import signature_lines, trajectory_figures
from targets.progress.successors import new_units_record


@dataclass
class AreaResult:
    area: object
    commitments: int
    max_points: Decimal
    average: Decimal | None
    exemplars: int


def exemplars_of(phase):
    """Exemplary models of the phase: of its year for a yearly review, up to its year for the
    mid-term review, of the whole period for the final review."""
    exemplars = Exemplar.objects.filter(movement_id=phase.movement_id)
    if phase.kind == Phase.Kind.YEARLY:
        exemplars = exemplars.filter(year=phase.year)
    else:
        exemplars = exemplars.filter(year__lte=phase.year)
    return exemplars.select_related("content_area", "participant__unit").order_by(
        "content_area__number", "-year", "title"
    )


def area_results(phase, exemplars):
    areas = list(phase.movement.content_areas.all())
    commitments = dict(
        RegistrationItem.objects.filter(
            registration__phase=phase, registration__state=Registration.State.SUBMITTED
        )
        .values_list("content_area__number")
        .annotate(count=Count("pk"))
    )
    max_of = {}
    for criterion in phase.criteria.select_related("content_area"):
        number = criterion.content_area.number
        max_of[number] = max_of.get(number, Decimal(0)) + criterion.max_points
    sums, reviews_counted = {}, set()
    scores = Score.objects.filter(review__phase=phase, review__state=Review.State.VERIFIED)
    for review_id, number, _self_points, points in scores.counted():
        sums[number] = sums.get(number, Decimal(0)) + points
        reviews_counted.add(review_id)
    count = len(reviews_counted)
    exemplar_counts = {}
    for exemplar in exemplars:
        exemplar_counts[exemplar.content_area.number] = (
            exemplar_counts.get(exemplar.content_area.number, 0) + 1
        )
    return [
        AreaResult(
            area=area,
            commitments=commitments.get(area.number, 0),
            max_points=max_of.get(area.number, Decimal(0)),
            average=(sums.get(area.number, Decimal(0)) / count).quantize(Decimal("0.01"))
            if count
            else None,
            exemplars=exemplar_counts.get(area.number, 0),
        )
        for area in areas
    ]


def cluster_statistics(phase, cluster_standings):
    registered = {
        r.participant_id: r
        for r in Registration.objects.filter(phase=phase).only("participant_id", "state", "late")
    }
    rows = []
    for standing in cluster_standings:
        members = [row.participant for row in standing.rows]
        regs = [registered.get(p.pk) for p in members]
        rows.append(
            {
                "cluster": standing.cluster,
                "members": len(members),
                "registered": sum(1 for r in regs if r and r.state == Registration.State.SUBMITTED),
                "late": sum(
                    1 for r in regs if r and r.state == Registration.State.SUBMITTED and r.late
                ),
                "reviewed": len(standing.ranked),
                "verified": standing.verified_count,
            }
        )
    return rows


def after_the_province(report):
    """The report is dated after the plan's province ended (30/06/2025 for Kiên Giang): it is
    written in the new province, whose communes have no district."""
    scope = report.phase.movement.plan.scope
    return scope.valid_to is not None and report.report_date > scope.valid_to


def shows_new_units(report):
    """The final review written in the new province also reads the record per new unit (when
    the plan's province has a successor)."""
    return report.phase.kind == Phase.Kind.FINAL and after_the_province(report)


def table_numbers(named_targets, new_units):
    """The tables' numbers in order, skipping the tables the report does not print."""
    numbers, count = {}, 2
    for key, printed in (("named", named_targets), ("new_units", new_units), ("clusters", True)):
        if printed:
            count += 1
            numbers[key] = count
    numbers["standings_offset"] = count  # the cluster rankings follow, one table each
    return numbers


def report_context(report):
    phase = report.phase
    movement = phase.movement
    plan = movement.plan
    counter = ProgressCounter(plan)
    year = min(phase.year, plan.end_year)
    series = counter.trajectory(basis=Basis.STANDARD)
    cluster_standings = standings(phase)
    exemplars = list(exemplars_of(phase))
    paragraphs = [line.strip() for line in report.assessment.splitlines() if line.strip()]
    directions = [line.strip() for line in report.directions.splitlines() if line.strip()]
    district_rows = counter.district_rows(year=year, basis=Basis.STANDARD)
    reviews = Review.objects.filter(phase=phase).aggregate(
        sent=Count("pk", filter=~Q(state=Review.State.DRAFT)),
        verified=Count("pk", filter=Q(state=Review.State.VERIFIED)),
    )
    progress = counter.progress(year=year, basis=Basis.STANDARD)
    new_units = (
        new_units_record(plan, year=year, basis=Basis.STANDARD, counter=counter)
        if shows_new_units(report)
        else None
    )
    return {
        "report": report,
        "phase": phase,
        "movement": movement,
        "plan": plan,
        "year": year,
        "progress": progress,
        "new_units": new_units,
        "tables": table_numbers(bool(progress.named_targets), new_units is not None),
        "district_rows": district_rows,
        # The recipients: district UBNDs until 30/06/2025, the communes' after (no district).
        "has_districts": bool(district_rows) and not after_the_province(report),
        "trajectories": trajectory_figures(series, year=year),
        "area_results": area_results(phase, exemplars),
        "completeness": completeness(phase),
        "cluster_rows": cluster_statistics(phase, cluster_standings),
        "standings": cluster_standings,
        "review_counts": reviews,
        "tie_rule": TIE_RULE,
        "exemplars": exemplars,
        "assessment": paragraphs,
        "directions": directions,
        "signature_lines": signature_lines(report.signer_title),
    }
