"""Nominations from draft to decision: creating them (by hand, from a review's top-ranked
participants, or by escalation), the council's vote, and the award decision, each in one
transaction through the workflow mechanism of `ntm_portal.lib.workflow`."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from awards.models import (
    Nomination,
    NominationEvent,
    Nominee,
    RecipientType,
)

# The council's vote and the decision live with the other workflows across models.
from awards.services import issue_decision, record_council, save_nominee  # noqa: F401
from ntm_portal.lib.text import fold
from targets.models import Standard


def ntm_results_text(nominee, phase, *, counter=None):
    """Part II's NTM results of a unit in the phase's year, as the progress module counts them
    (`targets.progress`: a higher standard counts toward the lower ones, a revoked recognition
    stops counting from its revocation date, by standard year), never a count of its own."""
    from targets.models import Certification
    from targets.progress import Basis, ProgressCounter

    unit = nominee.unit
    if unit is None:
        return ""
    year = phase.year
    # Drafts made in one step from a review share one counter (it loads the province once).
    counter = counter or ProgressCounter(phase.movement.plan)
    held = counter.standing(year, Basis.STANDARD).get(unit.pk)
    if held is None:
        lines = [
            f"- {unit.full_name}: sổ công nhận chưa ghi nhận đạt chuẩn nào còn hiệu lực đến năm "
            f"{year}."
        ]
    else:
        # The decision cited is the one that recognised the standard the count found.
        certification = (
            Certification.objects.filter(unit=unit, standard=held, standard_year__lte=year)
            .select_related("decision")
            .order_by("-standard_year")
            .first()
        )
        source = ""
        if certification is not None:
            source = (
                f" (Quyết định số {certification.decision.number} ngày "
                f"{certification.decision.issued_on:%d/%m/%Y})"
                if certification.decision_id
                else f" (theo {certification.source})"
            )
        lines = [f"- {unit.full_name}: {Standard(held).label} đến năm {year}{source}."]
    if unit.is_district:
        row = next(
            (row for row in counter.district_rows(year=year) if row.unit.pk == unit.pk), None
        )
        if row is not None and row.communes:
            lines += [
                f"- Số xã đạt chuẩn nông thôn mới (kể cả chuẩn cao hơn) đến năm {year}: "
                f"{row.ntm}/{row.communes} xã.",
                f"- Số xã đạt chuẩn nông thôn mới nâng cao trở lên: "
                f"{row.advanced_or_higher}/{row.communes} xã.",
                f"- Số xã đạt chuẩn nông thôn mới kiểu mẫu: "
                f"{row.by_standard[Standard.MODEL]}/{row.communes} xã.",
            ]
    return "\n".join(lines)


def create_nomination(
    *,
    phase,
    proposer,
    nominee,
    kind,
    by,
    district=None,
    review=None,
    review_rank=None,
    review_points=None,
    ntm_standard="",
    background="",
    achievements="",
    exemplars=(),
    escalated_from=None,
    counter=None,
    report_signer="",
    report_signer_title="",
):
    """A draft nomination with its achievement report prefilled where the portal knows the facts."""
    nomination = Nomination(
        phase=phase,
        proposer=proposer,
        district=district,
        nominee=nominee,
        kind=kind,
        review=review,
        review_rank=review_rank,
        review_points=review_points,
        ntm_standard=ntm_standard,
        report_form=Nomination.default_report_form(nominee, kind),
        background=background,
        achievements=achievements,
        ntm_results=ntm_results_text(nominee, phase, counter=counter),
        escalated_from=escalated_from,
        report_signer=report_signer,
        report_signer_title=report_signer_title,
        created_by=by,
    )
    with transaction.atomic():
        nomination.start(NominationEvent.Action.CREATE, by=by)
        if exemplars:
            nomination.exemplars.set(exemplars)
    return nomination


def nominee_for_participant(participant, *, by):
    """The collective nominee standing for a movement participant (a unit or an organisation)."""
    unit = participant.unit
    if unit is not None:
        same = {"unit": unit}
        nominee = Nominee(
            nominee_type=RecipientType.COLLECTIVE,
            collective_kind=Nominee.CollectiveKind.UNIT,
            name=f"Ủy ban nhân dân {unit.full_name[:1].lower()}{unit.full_name[1:]}",
            unit=unit,
            district=unit if unit.is_district else (unit.parent if unit.is_commune else None),
        )
    else:
        same = {"search_key": fold(participant.name), "district": None}
        nominee = Nominee(
            nominee_type=RecipientType.COLLECTIVE,
            collective_kind=Nominee.CollectiveKind.ORGANISATION,
            name=participant.name,
        )
    found = Nominee.objects.active().filter(nominee_type=RecipientType.COLLECTIVE, **same).first()
    return found or save_nominee(nominee, by=by)


@dataclass
class DraftOutcome:
    created: list
    skipped: list  # [(participant, reason)]


def drafts_from_review(*, phase, kind, proposer, by, reviews):
    """Turn the top-ranked participants of a review into draft nominations in one step.

    `reviews` are the reviews proposed for commendation that the user may act on; a participant
    that already has a nomination for the phase is skipped, with the reason.
    """
    from emulation.ranking import standings
    from targets.progress import ProgressCounter

    ranks = {}
    for standing in standings(phase):
        for row in standing.rows:
            if row.review is not None:
                ranks[row.review.pk] = (row.rank, row.total)
    outcome = DraftOutcome(created=[], skipped=[])
    counter = ProgressCounter(phase.movement.plan)
    with transaction.atomic():
        for review in reviews:
            participant = review.participant
            nominee = nominee_for_participant(participant, by=by)
            existing = Nomination.objects.filter(
                nominee=nominee, phase=phase, state__in=Nomination.COUNTING_STATES
            ).first()
            if existing:
                outcome.skipped.append(
                    (
                        participant,
                        f"đã có đề nghị {existing.kind.name} ({existing.get_state_display().lower()})",
                    )
                )
                continue
            rank, total = ranks.get(review.pk, (None, None))
            unit = participant.unit
            district = None
            if unit is not None and not unit.is_province:
                district = unit if unit.is_district else unit.parent
            outcome.created.append(
                create_nomination(
                    phase=phase,
                    proposer=proposer,
                    nominee=nominee,
                    kind=kind,
                    by=by,
                    district=district if district is not None else proposer_district(proposer),
                    review=review,
                    review_rank=rank,
                    review_points=total,
                    background="",
                    achievements=review.summary or "",
                    counter=counter,
                )
            )
    return outcome


def proposer_district(proposer):
    unit = proposer.unit
    if unit is None or unit.is_province:
        return None
    return unit if unit.is_district else unit.parent


def escalate(*, nomination, kind, proposer, by, reason=""):
    """The province proposes the same achievement for a higher award: the nomination ends as
    escalated and a new draft, linked to it, carries the achievement upwards."""
    if kind.rank <= nomination.kind.rank:
        raise ValidationError(
            {
                "kind": f"Đề nghị lên cấp trên phải là khen thưởng cấp cao hơn {nomination.kind.get_level_display().lower()}."
            }
        )
    with transaction.atomic():
        nomination.move(
            NominationEvent.Action.ESCALATE, by=by, reason=reason or f"Đề nghị {kind.name}"
        )
        higher = create_nomination(
            phase=nomination.phase,
            proposer=proposer,
            nominee=nomination.nominee,
            kind=kind,
            by=by,
            district=None,
            review=nomination.review,
            review_rank=nomination.review_rank,
            review_points=nomination.review_points,
            ntm_standard=nomination.ntm_standard,
            background=nomination.background,
            achievements=nomination.achievements,
            exemplars=list(nomination.exemplars.all()),
            escalated_from=nomination,
            # The same report goes up, signed by the same head of the unit.
            report_signer=nomination.report_signer,
            report_signer_title=nomination.report_signer_title,
        )
    return higher
