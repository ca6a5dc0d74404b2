"""Home-page tasks of the awards app (registered in AwardsConfig.ready)."""

from django.urls import reverse

from units.access import Capability, access_of
from units.tasks import Task


def provide(user):
    from awards.models import Nomination, Nominee

    access = access_of(user)
    tasks = []
    base = reverse("awards:nomination_list")
    if access.can(Capability.DECIDE_AWARD):
        scoped = Nomination.objects.for_user(user, Capability.DECIDE_AWARD)
        tasks.append(
            Task(
                "Đề nghị khen thưởng chờ tiếp nhận",
                scoped.filter(state=Nomination.State.SUBMITTED).count(),
                f"{base}?state=submitted",
            )
        )
        tasks.append(
            Task(
                "Đề nghị chờ hội đồng xét",
                scoped.filter(state=Nomination.State.RECEIVED).count(),
                f"{base}?state=received",
                tone="info",
            )
        )
        tasks.append(
            Task(
                "Đề nghị hội đồng đã xét, chờ quyết định",
                scoped.filter(state=Nomination.State.REVIEWED, votes__passed=True)
                .distinct()
                .count(),
                f"{base}?state=reviewed",
            )
        )
        tasks.append(
            Task(
                "Nhóm hồ sơ có thể trùng người",
                Nominee.objects.for_user(user, Capability.DECIDE_AWARD).duplicate_groups().count(),
                reverse("awards:duplicate_list"),
                tone="danger",
            )
        )
    if access.can(Capability.PROPOSE_AWARD):
        scoped = Nomination.objects.for_user(user, Capability.PROPOSE_AWARD)
        tasks.append(
            Task(
                "Đề nghị khen thưởng bị trả lại, cần hoàn thiện",
                scoped.filter(state=Nomination.State.RETURNED).count(),
                f"{base}?state=returned",
                tone="danger",
            )
        )
        tasks.append(
            Task(
                "Đề nghị khen thưởng còn dự thảo",
                scoped.filter(state=Nomination.State.DRAFT).count(),
                f"{base}?state=draft",
                tone="info",
            )
        )
    return tasks
