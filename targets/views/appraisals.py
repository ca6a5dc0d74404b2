"""The appraisal workflow (QĐ 18/2022/QĐ-TTg): the district submits a commune, the province
receives, returns or appraises it, and the Chairman's decision is recorded.

Each step is a POST to its own URL. The step's rights are checked first (403), then whether the
request's state allows it (a message, nothing changes), then the form (the detail page again, with
what was typed).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from ntm_portal.lib.dataio.export import ExportListMixin
from ntm_portal.lib.forms import add_errors
from ntm_portal.lib.workflow import step_forms, take_step
from targets.filters import AppraisalFilter
from targets.forms.appraisals import (
    AppraisalSubmitForm,
    AppraiseForm,
    DecideForm,
    NoteForm,
    ReceiveForm,
    ResubmitForm,
    ReturnForm,
)
from targets.forms.commune_status import last_status_year
from targets.imports.exports import APPRAISALS
from targets.models import AppraisalEvent, AppraisalRequest
from targets.models.commune_status import criteria_summary
from targets.services import decide_appraisal, submission_options, submit_appraisal
from units.access import (
    Capability,
    CapabilityRequiredMixin,
    access_of,
    get_scoped_or_403,
    require_capability,
)
from units.models import Unit, communes_for

Action = AppraisalEvent.Action

# The capability whose scope must hold the request, then any further capability the step needs.
STEP_RIGHTS = {
    Action.RECEIVE: [Capability.REVIEW_APPRAISAL],
    Action.RETURN: [Capability.REVIEW_APPRAISAL],
    Action.APPRAISE: [Capability.REVIEW_APPRAISAL],
    Action.DECIDE: [Capability.REVIEW_APPRAISAL, Capability.RECORD_CERTIFICATION],
    Action.WITHDRAW: [Capability.SUBMIT_APPRAISAL],
    Action.RESUBMIT: [Capability.SUBMIT_APPRAISAL],
}
STEP_FORMS = {
    Action.RECEIVE: ReceiveForm,
    Action.RETURN: ReturnForm,
    Action.APPRAISE: AppraiseForm,
    Action.DECIDE: DecideForm,
    Action.WITHDRAW: NoteForm,
    Action.RESUBMIT: ResubmitForm,
}


def allowed_steps(user, appraisal):
    """The steps this user may take on this request now: rights, scope and state together."""
    access = access_of(user)
    in_scope = {}
    for capability in (Capability.REVIEW_APPRAISAL, Capability.SUBMIT_APPRAISAL):
        in_scope[capability] = (
            access.can(capability)
            and AppraisalRequest.objects.for_user(user, capability).filter(pk=appraisal.pk).exists()
        )
    return [
        action
        for action, (scoped, *others) in STEP_RIGHTS.items()
        if in_scope[scoped]
        and all(access.can(capability) for capability in others)
        and appraisal.can_move(action)
    ]


class AppraisalListView(CapabilityRequiredMixin, ExportListMixin, ListView):
    model = AppraisalRequest
    paginate_by = 50
    export = APPRAISALS
    template_name = "targets/appraisal_list.html"

    def get_queryset(self):
        requests = AppraisalRequest.objects.for_user(self.request.user).select_related(
            "commune__parent", "certification__decision"
        )
        self.filterset = AppraisalFilter(self.request.GET or None, queryset=requests)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["object_list"]
        summary = criteria_summary({appraisal.commune_id for appraisal in page})
        for appraisal in page:
            appraisal.current = summary.get(appraisal.commune_id)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter"] = self.filterset
        context["query_string"] = query.urlencode()
        context["can_submit"] = access_of(self.request.user).can(Capability.SUBMIT_APPRAISAL)
        return context


def render_detail(request, appraisal, *, bound=None):
    """The detail page, with the forms of the steps the user may take (one of them bound)."""
    steps = allowed_steps(request.user, appraisal)
    next_step = appraisal.next_step()
    forms = step_forms(appraisal, steps, STEP_FORMS, bound=bound)
    status = appraisal.commune_status
    snapshot = appraisal.criteria_snapshot
    criteria_rows = [
        (criterion, snapshot.get(str(criterion.number)))
        for criterion in status.criteria_set.criteria.order_by("number")
    ]
    summary = criteria_summary([appraisal.commune_id])
    context = {
        "appraisal": appraisal,
        "events": appraisal.events.select_related("actor"),
        "forms": forms,
        # The expected step, when this user may take it: the page's one primary button.
        "next_step": next_step if next_step in steps else None,
        "next_label": AppraisalRequest.STEPS[next_step].verb if next_step in steps else "",
        "criteria_rows": criteria_rows,
        "current": summary.get(appraisal.commune_id),
    }
    return render(request, "targets/appraisal_detail.html", context)


def appraisal_detail(request, pk):
    appraisal = get_scoped_or_403(AppraisalRequest, request.user, Capability.VIEW, pk=pk)
    return render_detail(request, appraisal)


def appraisal_create(request):
    """The district submits one of its communes, with that year's criteria status attached."""
    require_capability(request.user, Capability.SUBMIT_APPRAISAL)
    communes = communes_for(request.user, Capability.SUBMIT_APPRAISAL, year=last_status_year())
    if request.method == "POST":
        code = request.POST.get("commune", "")
        if (
            Unit.objects.communes().filter(code=code).exists()
            and not communes.filter(code=code).exists()
        ):
            raise PermissionDenied("Xã này nằm ngoài phạm vi được phân công của bạn.")
        form = AppraisalSubmitForm(request.POST, communes=communes)
        if form.is_valid():
            data = form.cleaned_data
            try:
                appraisal = submit_appraisal(
                    commune=data["commune"],
                    standard=data["standard"],
                    standard_year=data["standard_year"],
                    submission_number=data["submission_number"],
                    note=data["note"],
                    submitted_on=data["submitted_on"],
                    by=request.user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"Đã trình hồ sơ: {appraisal}.")
                _warn_incomplete(request, appraisal)
                return redirect("targets:appraisal_detail", pk=appraisal.pk)
    else:
        initial = {key: request.GET[key] for key in ("commune", "standard") if key in request.GET}
        form = AppraisalSubmitForm(initial=initial, communes=communes)
    year = last_status_year()
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["standard_year"]
    # Each commune with its standards and whether any of them may be submitted.
    options = [
        (commune, standards, any(reasons is None for _, reasons in standards))
        for commune, standards in submission_options(
            communes.select_related("parent").order_by("parent__sort_key", "sort_key", "code"),
            year,
        )
    ]
    return render(
        request,
        "targets/appraisal_form.html",
        {"form": form, "options": options, "options_year": year},
    )


def _take_step(request, pk, action, perform, success):
    scoped, *others = STEP_RIGHTS[action]
    appraisal = get_scoped_or_403(AppraisalRequest, request.user, scoped, pk=pk)
    for capability in others:
        require_capability(request.user, capability)
    return take_step(
        request,
        appraisal,
        action,
        form_class=STEP_FORMS[action],
        perform=perform,
        success=success,
        detail="targets:appraisal_detail",
        render_detail=render_detail,
    )


@require_POST
def appraisal_receive(request, pk):
    return _take_step(
        request,
        pk,
        Action.RECEIVE,
        lambda appraisal, data: appraisal.receive(
            by=request.user, note=data["note"], on=data["received_on"]
        ),
        "Đã tiếp nhận hồ sơ.",
    )


@require_POST
def appraisal_return(request, pk):
    return _take_step(
        request,
        pk,
        Action.RETURN,
        lambda appraisal, data: appraisal.return_to_district(
            by=request.user, reason=data["reason"]
        ),
        "Đã trả lại hồ sơ cho huyện, kèm lý do.",
    )


@require_POST
def appraisal_appraise(request, pk):
    return _take_step(
        request,
        pk,
        Action.APPRAISE,
        lambda appraisal, data: appraisal.appraise(
            by=request.user, passed=data["result"] == "pass", reason=data["reason"]
        ),
        "Đã ghi kết quả thẩm định.",
    )


@require_POST
def appraisal_decide(request, pk):
    return _take_step(
        request,
        pk,
        Action.DECIDE,
        lambda appraisal, data: _warn_incomplete(
            request, decide_appraisal(request=appraisal, by=request.user, **data)
        ),
        "Đã ghi quyết định công nhận; công nhận đã được tạo.",
    )


def _warn_incomplete(request, certification):
    """The warnings of a recognition recorded true but incomplete, as the recording form shows."""
    for notice in certification.notices:
        messages.warning(request, f"Cần bổ sung: {notice}")
    return certification


@require_POST
def appraisal_withdraw(request, pk):
    return _take_step(
        request,
        pk,
        Action.WITHDRAW,
        lambda appraisal, data: appraisal.withdraw(by=request.user, reason=data["note"]),
        "Đã rút hồ sơ.",
    )


@require_POST
def appraisal_resubmit(request, pk):
    return _take_step(
        request,
        pk,
        Action.RESUBMIT,
        lambda appraisal, data: appraisal.resubmit(
            by=request.user, submission_number=data["submission_number"], note=data["note"]
        ),
        "Đã trình lại hồ sơ, kèm kết quả tiêu chí hiện tại.",
    )


def appraisals_section(request, unit):
    """The "appraisals" section of a commune's page: the timeline of its requests."""
    requests = unit.appraisal_requests.select_related("certification__decision").prefetch_related(
        Prefetch("events", queryset=AppraisalEvent.objects.select_related("actor"))
    )
    can_submit = communes_for(request.user, Capability.SUBMIT_APPRAISAL).filter(pk=unit.pk).exists()
    return render_to_string(
        "targets/_unit_appraisals.html",
        {"unit": unit, "requests": requests, "can_submit": can_submit},
        request=request,
    )
