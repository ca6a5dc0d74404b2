"""Workflows of the awards app that change several records at once, each in one transaction."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.models import (
    AwardRecord,
    CouncilVote,
    DistinctPerson,
    Nomination,
    NominationEvent,
    RecipientType,
)
from awards.models.nominations import issuer_kind_for
from units.models import IssuingBody, issuing_body


def save_nominee(nominee, *, by):
    """Normalise, validate and save a nominee (new or changed)."""
    nominee.prepare_keys()
    nominee.full_clean(exclude=["match_key", "search_key"])
    nominee._history_user = by
    nominee.save()
    return nominee


def merge_nominees(*, keep, merged, by):
    """Staff decide that two records are one person: the award history and the nominations of
    `merged` move to `keep`; `merged` stays, marked as merged, so its history is kept."""
    if keep.pk == merged.pk:
        raise ValidationError("Không thể gộp một hồ sơ với chính nó.")
    if keep.nominee_type != RecipientType.INDIVIDUAL or merged.nominee_type != keep.nominee_type:
        raise ValidationError("Chỉ gộp hai hồ sơ cá nhân.")
    if keep.merged_into_id or merged.merged_into_id:
        raise ValidationError("Một trong hai hồ sơ đã được gộp trước đó.")
    with transaction.atomic():
        records = list(AwardRecord.objects.select_for_update().filter(nominee=merged))
        kept = {
            (record.kind_id, record.year, record.decision_number)
            for record in keep.award_records.all()
        }
        for record in records:
            if (record.kind_id, record.year, record.decision_number) in kept:
                # The same award entered under both spellings: one row is enough; the merged
                # record's history table still shows it.
                record._history_user = by
                record.delete()
                continue
            record.nominee = keep
            record._history_user = by
            record.save(update_fields=["nominee"])
        for nomination in merged.nominations.select_for_update():
            nomination.nominee = keep
            nomination._history_user = by
            nomination.save(update_fields=["nominee"])
        merged.merged_into = keep
        merged.merged_at = timezone.now()
        merged.merged_by = by
        merged._history_user = by
        merged.save(update_fields=["merged_into", "merged_at", "merged_by"])
        DistinctPerson.objects.filter(first=merged).delete()
        DistinctPerson.objects.filter(second=merged).delete()
    return keep


def mark_distinct(*, first, second, by):
    """Staff decide that two records of the same name and year of birth are two people."""
    if first.pk == second.pk:
        raise ValidationError("Hai hồ sơ phải khác nhau.")
    first, second = sorted([first, second], key=lambda nominee: nominee.pk)
    pair, _created = DistinctPerson.objects.get_or_create(
        first=first, second=second, defaults={"decided_by": by}
    )
    return pair


def _day(day):
    return day.strftime("%d/%m/%Y")


def record_council(*, session, votes, by):
    """Record the council's vote on nominations ({nomination: (for, against, abstain)}), in one
    transaction: a nomination that reaches the session's share moves to "reviewed"; one that
    does not ends as "không được Hội đồng thông qua" with its vote (it may be proposed again in
    a later phase). The council cannot meet before a nomination was submitted."""
    with transaction.atomic():
        for nomination, (votes_for, votes_against, votes_abstain) in votes.items():
            if nomination.submitted_on and nomination.submitted_on > session.held_on:
                raise ValidationError(
                    f"{nomination.nominee.display_name}: Hội đồng họp ngày {_day(session.held_on)}, "
                    f"trước ngày trình đề nghị ({_day(nomination.submitted_on)})."
                )
            vote = CouncilVote(
                session=session,
                nomination=nomination,
                votes_for=votes_for,
                votes_against=votes_against,
                votes_abstain=votes_abstain,
                passed=session.passes(votes_for),
            )
            vote.full_clean()
            vote._history_user = by
            vote.save()
            outcome = "thông qua" if vote.passed else "không thông qua"
            nomination.move(
                NominationEvent.Action.REVIEW if vote.passed else NominationEvent.Action.FAIL,
                by=by,
                reason=f"Tán thành {votes_for}, không tán thành {votes_against}, không biểu quyết "
                f"{votes_abstain} — {outcome}.",
                session=session,
            )


def national_passed(session):
    """The national kinds the session passed that still wait for the province's tờ trình."""
    return [
        nomination
        for nomination in Nomination.objects.filter(
            votes__session=session, votes__passed=True, state=Nomination.State.REVIEWED
        ).select_related("kind", "nominee")
        if issuer_kind_for(nomination.kind) in IssuingBody.CENTRAL_KINDS
    ]


def send_to_central(*, session, by):
    """The province's step for a national kind: its tờ trình to the central level. The session
    carries the tờ trình's number, date and signer (already set by the form); every national
    nomination it passed moves to "đã trình Trung ương"."""
    nominations = national_passed(session)
    if not nominations:
        raise ValidationError(
            "Phiên họp không có đề nghị khen thưởng cấp Nhà nước nào được thông qua đang chờ trình "
            "Trung ương."
        )
    with transaction.atomic():
        session.full_clean()
        session._history_user = by
        session.save()
        for nomination in nominations:
            nomination.move(
                NominationEvent.Action.SEND_UP,
                by=by,
                reason=f"Tờ trình số {session.central_submission_number} ngày "
                f"{_day(session.central_submission_date)}",
            )
    return nominations


def _decision_issuer(decision, nominations):
    """The decision's issuer as set, or the one the first nomination's kind names on its date."""
    if decision.issuer_id:
        return decision.issuer
    first = nominations[0]
    kind = issuer_kind_for(first.kind)
    unit = first.district if kind == IssuingBody.Kind.DISTRICT_COMMITTEE else None
    return issuing_body(kind, on=decision.issued_on, unit=unit)


def _ensure_fits_decision(decision, nomination):
    """One nomination against its decision: the kind is this issuer's, the step before it is
    the issuer's own (council vote for the province, tờ trình to the central level for a
    national kind, the district's own nomination for a district kind), dates in order."""
    issuer = decision.issuer
    name = nomination.nominee.display_name
    wanted = issuer_kind_for(nomination.kind)
    if issuer.kind != wanted:
        raise ValidationError(
            f"Quyết định của {issuer.authority} không thể tặng “{nomination.kind.name}” ({name}): "
            f"loại khen thưởng này do {nomination.kind.decided_by} quyết định."
        )
    if wanted == IssuingBody.Kind.DISTRICT_COMMITTEE:
        if nomination.district_id != issuer.unit_id:
            raise ValidationError(
                f"{name}: đề nghị của đơn vị khác, {issuer.authority} không quyết định được."
            )
        if nomination.state != Nomination.State.SUBMITTED:
            raise ValidationError(f"{name}: đề nghị chưa được trình.")
    elif wanted in IssuingBody.CENTRAL_KINDS:
        if nomination.state != Nomination.State.TO_CENTRAL:
            raise ValidationError(
                f"{name}: “{nomination.kind.name}” phải được tỉnh trình Trung ương trước khi ghi "
                "quyết định của Trung ương."
            )
    else:
        vote = nomination.council_vote()
        if vote is None or not vote.passed:
            raise ValidationError(
                f"Chưa quyết định được — {name}: hội đồng chưa thông qua đề nghị này."
            )
    if nomination.submitted_on and nomination.submitted_on > decision.issued_on:
        raise ValidationError(
            f"{name}: quyết định ngày {_day(decision.issued_on)} không thể trước ngày trình đề nghị "
            f"({_day(nomination.submitted_on)})."
        )


def issue_decision(*, decision, nominations, by):
    """Record an award decision of one issuer: each nomination must fit it (see
    `_ensure_fits_decision`) and is checked again for eligibility; it becomes "decided" with its
    amount and enters the nominee's award history under the issuer's name. All or nothing."""
    if not nominations:
        raise ValidationError("Chọn ít nhất một đề nghị để quyết định khen thưởng.")
    decision.issuer = _decision_issuer(decision, nominations)
    # clean() names the number when it is taken (a field error on the form); the constraint's
    # own check would repeat it as a general error. Two clerks at once meet the constraint.
    decision.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            decision._history_user = by
            decision.save()
            _decide(decision, nominations, by=by)
    except IntegrityError as error:
        if not decision.number_taken():
            raise
        raise ValidationError({"number": decision.NUMBER_TAKEN}) from error
    return decision


def _decide(decision, nominations, *, by):
    from awards.checks import ensure_eligible

    for nomination in nominations:
        # The rule the nomination breaks is named before the state machine's general refusal.
        current = Nomination.objects.select_for_update().get(pk=nomination.pk)
        _ensure_fits_decision(decision, current)
        current.ensure_can_move(NominationEvent.Action.DECIDE)
        ensure_eligible(current, stage="decide", on=decision.issued_on)
        amount = current.kind.amount_on(current.nominee.nominee_type, decision.issued_on)
        nomination.move(
            NominationEvent.Action.DECIDE,
            by=by,
            reason=f"Quyết định số {decision.number}",
            decision=decision,
            amount=amount,
        )
        record = AwardRecord(
            nominee=nomination.nominee,
            kind=nomination.kind,
            year=decision.phase.year,
            decision_number=decision.number,
            decision_date=decision.issued_on,
            issuer=decision.issuer.authority,
            phase=nomination.phase,
            nomination=nomination,
        )
        record._history_user = by
        record.save()
