"""Workflows of the movement that change several records at once: a registration with its
commitments, a self-assessment with its scores, a verification with its reasons.

Each checks the phase's deadline (`Phase.check_deadline`) before writing: district officers are
refused after the deadline, provincial staff may still change and the record is marked late.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from emulation.models import (
    Registration,
    RegistrationItem,
    Review,
    ReviewEvent,
    Score,
    check_points,
)


@transaction.atomic
def save_registration(*, phase, participant, user, commitments, measures, submit, today=None):
    """Create or update a participant's registration; `commitments` {content area: text}."""
    late = phase.check_deadline("registration", user, today, participant=participant)
    registration, _created = Registration.objects.select_for_update().get_or_create(
        phase=phase, participant=participant
    )
    for name, value in measures.items():
        # The unit's standard is a text field: "" when none is chosen.
        setattr(registration, name, "" if name == "unit_standard" and value is None else value)
    if late:
        registration.mark_late(user)
    registration._history_user = user
    registration.save()
    kept = set()
    for area, text in commitments.items():
        item, created = RegistrationItem.objects.get_or_create(
            registration=registration, content_area=area, defaults={"commitment": text}
        )
        if not created and item.commitment != text:
            item.commitment = text
            item._history_user = user
            item.save()
        kept.add(area.pk)
    for item in registration.items.exclude(content_area_id__in=kept):
        item._history_user = user
        item.delete()
    if submit and registration.state == Registration.State.DRAFT:
        registration.submit(by=user, late=late)
    return registration


@transaction.atomic
def save_self_assessment(*, phase, participant, user, values, summary, submit, today=None):
    """Scores {criterion pk: (points, evidence)} of the participant's review; refused once sent."""
    late = phase.check_deadline("assessment", user, today, participant=participant)
    review, _created = Review.objects.select_for_update().get_or_create(
        phase=phase, participant=participant
    )
    if review.state != Review.State.DRAFT:
        raise ValidationError(
            f"Bảng tự chấm đã gửi ({review.get_state_display().lower()}), không sửa được nữa."
        )
    if submit:
        missing = [
            criterion.code
            for criterion in phase.criteria.all()
            if values.get(criterion.pk, (None, ""))[0] is None
        ]
        if missing:
            raise ValidationError(
                "Chưa gửi được: còn tiêu chí chưa chấm điểm (" + ", ".join(missing) + ")."
            )
    existing = {score.criterion_id: score for score in review.scores.all()}
    for criterion in phase.criteria.all():
        points, evidence = values.get(criterion.pk, (None, ""))
        check_points(points, criterion)
        score = existing.get(criterion.pk) or Score(review=review, criterion=criterion)
        if score.pk and score.self_points == points and score.evidence == evidence:
            continue
        score.self_points = points
        score.evidence = evidence
        score._history_user = user
        score.save()
    review.summary = summary
    if late:
        review.mark_late(user)
    review._history_user = user
    review.save()
    if submit:
        review.submit(by=user, late=late)
    return review


@transaction.atomic
def verify_review(*, review, stage, user, values, note=""):
    """Record verified points {criterion pk: (points, reason)} at the cluster or the province
    stage and move the review; a changed value without a reason is refused."""
    action = (
        ReviewEvent.Action.CLUSTER_VERIFY
        if stage == "cluster"
        else ReviewEvent.Action.PROVINCE_VERIFY
    )
    review = review.lock_for_step(action)
    scores = {score.criterion_id: score for score in review.scores.select_related("criterion")}
    for criterion in review.phase.criteria.all():
        points, reason = values[criterion.pk]
        check_points(points, criterion, label="Điểm thẩm định")
        score = scores.get(criterion.pk) or Score(review=review, criterion=criterion)
        before = score.self_points if stage == "cluster" else score.before_province
        if points != before and not reason:
            raise ValidationError(
                f"Tiêu chí {criterion.code}: điểm thay đổi mà chưa ghi lý do điều chỉnh."
            )
        if stage == "cluster":
            score.cluster_points, score.cluster_reason = points, reason if points != before else ""
        else:
            score.province_points, score.province_reason = (
                points,
                reason if points != before else "",
            )
        score._history_user = user
        score.save()
    review.move(action, by=user, reason=note)
    return review
