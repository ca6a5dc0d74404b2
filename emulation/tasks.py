"""Home-page tasks of the movement (units/tasks.py): registrations and self-assessments due or
overdue for the participants a user registers for, reopen requests, and reviews waiting for the
user's verification.

"Due" means the phase's deadline is today or within the next 30 days; "overdue" means the deadline
of the most recent phase passed and the participant has not sent its registration or
self-assessment (only the latest phase whose deadline has passed, so that old phases do not pile
up). A card never sends anyone to a task they cannot do: after the deadline provincial staff may
still enter (and the record says late), so theirs is "quá hạn"; a district officer can only ask
the province to reopen, so theirs is "đã đóng" and counts the participants without a request,
while those the province reopened get their own card with the new deadline.

Counts: registrations are counted through `emulation.completeness.unregistered`, the queryset of
the phase's completeness page, so the card and the page give the same number for the same scope
(provincial staff: every active participant of the province).

A fixed number of queries, whatever the data size.
"""

import datetime

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from emulation.completeness import EXPECTED_LABEL, expected_participants, unregistered
from emulation.models import Participant, Phase, ReopenRequest, Review
from units.access import Capability, access_of
from units.tasks import Task

DUE_WINDOW = datetime.timedelta(days=30)


def _missing(phase, participants, what):
    if what == "registration":
        return unregistered(phase, participants)
    done = Review.objects.filter(phase=phase).exclude(state=Review.State.DRAFT)
    return (
        expected_participants(phase)
        .filter(pk__in=participants.values("pk"))
        .exclude(pk__in=done.values("participant_id"))
    )


def _kind_tasks(participants, *, what, today, manages, scope_label):
    deadline_field = "registration_deadline" if what == "registration" else "assessment_deadline"
    noun = "Đăng ký thi đua" if what == "registration" else "Tự chấm điểm thi đua"
    verb = "đăng ký" if what == "registration" else "tự chấm"
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
    if upcoming is not None:
        count = _missing(upcoming, participants, what).count()
        tasks.append(
            Task(
                label=f"{noun} sắp đến hạn: {upcoming.label}",
                count=count,
                url=reverse("emulation:phase_detail", args=[upcoming.pk]),
                tone="warning",
                detail=f"Hạn {getattr(upcoming, deadline_field):%d/%m/%Y}; "
                f"{count} {scope_label} chưa gửi {verb}.",
            )
        )
    if past is None:
        return tasks
    deadline = getattr(past, deadline_field)
    missing = _missing(past, participants, what)
    if manages:
        count = missing.count()
        url = (
            reverse("emulation:phase_completeness", args=[past.pk])
            if what == "registration"
            else reverse("emulation:phase_detail", args=[past.pk])
        )
        tasks.append(
            Task(
                label=f"{noun} quá hạn: {past.label}",
                count=count,
                url=url,
                tone="danger",
                detail=f"Hạn {deadline:%d/%m/%Y}; {count} {scope_label} chưa gửi {verb}. "
                "Cấp tỉnh vẫn nhập được, bản ghi ghi là sau hạn.",
            )
        )
        return tasks
    requests = ReopenRequest.objects.filter(phase=past, what=what, participant__in=missing)
    reopened = requests.filter(state=ReopenRequest.State.GRANTED, new_deadline__gte=today)
    reopened_until = reopened.aggregate(until=Max("new_deadline"))["until"]
    reopened_count = reopened.values("participant_id").distinct().count()
    answered_or_open = requests.filter(
        Q(state=ReopenRequest.State.PENDING)
        | Q(state=ReopenRequest.State.GRANTED, new_deadline__gte=today)
    )
    closed = missing.exclude(pk__in=answered_or_open.values("participant_id")).count()
    url = reverse("emulation:phase_detail", args=[past.pk])
    tasks.append(
        Task(
            label=f"{noun} được mở lại: {past.label}",
            count=reopened_count,
            url=url,
            tone="warning",
            detail=f"Cấp tỉnh mở lại cho {reopened_count} {scope_label}"
            + (f" đến hết ngày {reopened_until:%d/%m/%Y}" if reopened_until else "")
            + f"; hãy {verb} và gửi.",
        )
    )
    tasks.append(
        Task(
            label=f"{noun} đã đóng: {past.label}",
            count=closed,
            url=url,
            tone="danger",
            detail=f"Hạn {deadline:%d/%m/%Y} đã qua; {closed} {scope_label} chưa gửi {verb} "
            "và chưa đề nghị mở lại. Mở để xem và gửi “Đề nghị mở lại” lên cấp tỉnh.",
        )
    )
    return tasks


def movement_tasks(user):
    access = access_of(user)
    tasks = []
    today = timezone.localdate()
    manages = access.can(Capability.MANAGE_MOVEMENT)
    if access.can(Capability.REGISTER_EMULATION):
        participants = Participant.objects.for_user(user, Capability.REGISTER_EMULATION).filter(
            active=True
        )
        scope_label = (
            f"{EXPECTED_LABEL} (toàn tỉnh)"
            if manages
            else f"đơn vị của {access.unit}"
            if access.unit
            else EXPECTED_LABEL
        )
        for what in ("registration", "assessment"):
            tasks += _kind_tasks(
                participants, what=what, today=today, manages=manages, scope_label=scope_label
            )
    if manages:
        pending = ReopenRequest.objects.pending().count()
        tasks.append(
            Task(
                label="Đề nghị mở lại chờ cấp tỉnh xem xét",
                count=pending,
                url=reverse("emulation:reopen_request_list"),
                tone="warning",
                detail="Đơn vị quá hạn đăng ký hoặc tự chấm đề nghị mở lại: mở lại với hạn mới "
                "hoặc trả lời không mở lại.",
            )
        )
    if access.can(Capability.VERIFY_REVIEW):
        waiting = Review.objects.for_user(user, Capability.VERIFY_REVIEW)
        if manages:
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
