"""What waits for each user on the home page (units/tasks.py): dossiers of the appraisal workflow,
communes whose criteria for the latest year are missing, and (a card of its own on the home page,
templates/home.html) the communes whose standard is at risk. A fixed number of queries each."""

from django.db.models import Count, Q
from django.urls import reverse

from targets.forms.commune_status import last_status_year
from targets.models import AppraisalRequest, CommuneStatus
from targets.progress.at_risk import communes_at_risk
from units.access import Capability, Scope, access_of
from units.models import communes_for
from units.tasks import Task

State = AppraisalRequest.State


def _appraisals_in(state):
    return f"{reverse('targets:appraisal_list')}?state={state}"


def appraisal_tasks(user):
    """Staff: dossiers waiting to be received, appraised, decided. Districts: dossiers returned."""
    access = access_of(user)
    tasks = []
    if access.can(Capability.REVIEW_APPRAISAL):
        counts = AppraisalRequest.objects.for_user(user, Capability.REVIEW_APPRAISAL).aggregate(
            **{state: Count("pk", filter=Q(state=state)) for state in State.values}
        )
        tasks += [
            Task(
                "Hồ sơ chờ tiếp nhận",
                counts[State.SUBMITTED],
                _appraisals_in(State.SUBMITTED),
                "warning",
                "Huyện đã trình, tỉnh chưa tiếp nhận.",
            ),
            Task(
                "Hồ sơ chờ thẩm định",
                counts[State.RECEIVED],
                _appraisals_in(State.RECEIVED),
                "warning",
                "Đã tiếp nhận, chờ hội đồng thẩm định.",
            ),
            Task(
                "Hồ sơ chờ quyết định công nhận",
                counts[State.APPRAISED],
                _appraisals_in(State.APPRAISED),
                "warning",
                "Đã thẩm định đạt, chờ ghi nhận quyết định.",
            ),
        ]
    if access.can(Capability.SUBMIT_APPRAISAL):
        returned = (
            AppraisalRequest.objects.for_user(user, Capability.SUBMIT_APPRAISAL)
            .filter(state=State.RETURNED)
            .count()
        )
        tasks.append(
            Task(
                "Hồ sơ bị tỉnh trả lại",
                returned,
                _appraisals_in(State.RETURNED),
                "danger",
                "Hoàn thiện theo lý do trả lại rồi trình lại, hoặc rút hồ sơ.",
            )
        )
    return tasks


def criteria_tasks(user):
    """A district officer: the district's communes without criteria for the latest year."""
    access = access_of(user)
    if access.scope(Capability.EDIT_COMMUNE_STATUS) != Scope.DISTRICT or access.unit is None:
        return []
    year = last_status_year()
    missing = list(
        communes_for(user, Capability.EDIT_COMMUNE_STATUS)
        .existing_in(year)
        .exclude(pk__in=CommuneStatus.objects.filter(year=year).values("commune_id"))
    )
    names = ", ".join(commune.full_name for commune in missing[:3])
    more = f" và {len(missing) - 3} xã khác" if len(missing) > 3 else ""
    return [
        Task(
            f"Xã chưa có kết quả tiêu chí năm {year}",
            len(missing),
            access.unit.get_absolute_url(),
            "warning",
            f"{names}{more}.",
        )
    ]


def communes_at_risk_for(user):
    """A district officer: the district's communes that hold a standard and whose latest
    criteria no longer meet its set (targets/progress/at_risk.py), for the home card
    "Xã có nguy cơ không giữ chuẩn" with a link to each. Others: none."""
    access = access_of(user)
    if access.scope(Capability.EDIT_COMMUNE_STATUS) != Scope.DISTRICT or access.unit is None:
        return []
    return communes_at_risk(access.unit)
