"""Home-page tasks of the awards app (registered in AwardsConfig.ready)."""

from django.urls import reverse

from units.access import Capability, access_of
from units.tasks import Task

# What waits for whom, by the nomination's state: (label, state, tone). The council's step counts
# only nominations it passed: those it did not pass have nothing left to decide.
WAITING = {
    Capability.DECIDE_AWARD: [
        ("Đề nghị khen thưởng chờ tiếp nhận", "submitted", "warning"),
        ("Đề nghị chờ hội đồng xét", "received", "info"),
        ("Đề nghị hội đồng đã xét, chờ quyết định", "reviewed", "warning"),
    ],
    Capability.PROPOSE_AWARD: [
        ("Đề nghị khen thưởng bị trả lại, cần hoàn thiện", "returned", "danger"),
        ("Đề nghị khen thưởng còn dự thảo", "draft", "info"),
    ],
}


def _waiting_nominations(user, capability):
    from awards.models import Nomination

    scoped = Nomination.objects.for_user(user, capability)
    base = reverse("awards:nomination_list")
    tasks = []
    for label, state, tone in WAITING[capability]:
        nominations = scoped.filter(state=state)
        if state == Nomination.State.REVIEWED:
            nominations = nominations.filter(votes__passed=True).distinct()
        tasks.append(Task(label, nominations.count(), f"{base}?state={state}", tone=tone))
    return tasks


def provide(user):
    from awards.models import Nominee

    access = access_of(user)
    tasks = []
    if access.can(Capability.DECIDE_AWARD):
        tasks += _waiting_nominations(user, Capability.DECIDE_AWARD)
        tasks.append(
            Task(
                "Nhóm hồ sơ có thể trùng người",
                len(Nominee.objects.for_user(user, Capability.DECIDE_AWARD).duplicate_groups()),
                reverse("awards:duplicate_list"),
                tone="danger",
            )
        )
    if access.can(Capability.PROPOSE_AWARD):
        tasks += _waiting_nominations(user, Capability.PROPOSE_AWARD)
    return tasks
