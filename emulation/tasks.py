"""Home-page tasks of the movement (units/tasks.py): registrations and self-assessments due or
overdue for the participants a user registers for, and reviews waiting for the user's verification.

"Due" means the phase's deadline is today or within the next 30 days; "overdue" means the deadline
of the most recent phase passed and the participant has not sent its registration or
self-assessment (only the latest phase whose deadline has passed, so that old phases do not pile
up). A fixed number of queries: phases, two counts per kind of task, one for verifications.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from emulation.models import Participant, Phase, Registration, Review
from units.access import Capability, access_of
from units.tasks import Task

DUE_WINDOW = datetime.timedelta(days=30)


def _missing(phase, participants, model, done_states):
    done = model.objects.filter(phase=phase, state__in=done_states).values("participant_id")
    return participants.exclude(pk__in=done).count()


def _kind_tasks(user, participants, *, what, model, done_states, today):
    deadline_field = "registration_deadline" if what == "registration" else "assessment_deadline"
    noun = "Đăng ký thi đua" if what == "registration" else "Tự chấm điểm thi đua"
    phases = Phase.objects.order_by(deadline_field, "kind_order")
    upcoming = phases.filter(
        **{f"{deadline_field}__gte": today, f"{deadline_field}__lte": today + DUE_WINDOW}
    ).first()
    past = (
        phases.filter(**{f"{deadline_field}__lt": today})
        .order_by(f"-{deadline_field}", "-kind_order")
        .first()
    )
    tasks = []
    for phase, tone, state in ((upcoming, "warning", "sắp đến hạn"), (past, "danger", "quá hạn")):
        if phase is None:
            continue
        count = _missing(phase, participants, model, done_states)
        deadline = getattr(phase, deadline_field)
        tasks.append(
            Task(
                label=f"{noun} {state}: {phase.label}",
                count=count,
                url=reverse("emulation:phase_detail", args=[phase.pk]),
                tone=tone,
                detail=f"Hạn {deadline:%d/%m/%Y}; {count} đơn vị chưa gửi.",
            )
        )
    return tasks


def movement_tasks(user):
    access = access_of(user)
    tasks = []
    today = timezone.localdate()
    if access.can(Capability.REGISTER_EMULATION):
        participants = Participant.objects.for_user(user, Capability.REGISTER_EMULATION).filter(
            active=True
        )
        # Provincial staff see the province's own organisations; districts their own units.
        if access.can(Capability.MANAGE_MOVEMENT):
            participants = participants.filter(unit__isnull=True)
        tasks += _kind_tasks(
            user,
            participants,
            what="registration",
            model=Registration,
            done_states=[Registration.State.SUBMITTED],
            today=today,
        )
        tasks += _kind_tasks(
            user,
            participants,
            what="assessment",
            model=Review,
            done_states=[s for s in Review.State if s != Review.State.DRAFT],
            today=today,
        )
    if access.can(Capability.VERIFY_REVIEW):
        waiting = Review.objects.for_user(user, Capability.VERIFY_REVIEW)
        if access.can(Capability.MANAGE_MOVEMENT):
            waiting = waiting.filter(
                state__in=[Review.State.SELF_ASSESSED, Review.State.CLUSTER_VERIFIED]
            )
        else:
            waiting = waiting.filter(state=Review.State.SELF_ASSESSED)
        tasks.append(
            Task(
                label="Bảng điểm thi đua chờ thẩm định",
                count=waiting.count(),
                url=reverse("emulation:review_list"),
                tone="warning",
                detail="Trưởng cụm/khối thẩm định trước, sau đó cấp tỉnh.",
            )
        )
    return tasks
