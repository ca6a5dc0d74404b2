"""Reopening after a deadline (đề nghị mở lại): a district officer whose registration or
self-assessment has closed asks the province; provincial staff grant it for that participant
with a new deadline, or refuse it with a reason. Both answers are kept with their history."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from emulation.forms import ReopenGrantForm, ReopenRefuseForm, ReopenRequestForm
from emulation.models import ReopenRequest
from emulation.views.movement import deadline_state, phase_and_participant
from ntm_portal.lib.history import history_rows
from units.access import Capability, Scope, access_of, get_scoped_or_403, require_capability

FORM_URLS = {
    ReopenRequest.What.REGISTRATION: "emulation:registration_edit",
    ReopenRequest.What.ASSESSMENT: "emulation:review_edit",
}
# The new deadline offered by default: a week, enough to finish a form already drafted.
DEFAULT_EXTENSION = datetime.timedelta(days=7)


def closed_state(phase, participant, what, user):
    """What a form shows when its deadline has passed for the user: the latest reopen request
    for it and the form to ask again (None while a request is pending)."""
    latest = (
        ReopenRequest.objects.filter(phase=phase, participant=participant, what=what)
        .select_related("requested_by", "decided_by")
        .first()
    )
    pending = latest is not None and latest.state == ReopenRequest.State.PENDING
    return {
        "reopen_latest": latest,
        "reopen_form": None if pending else ReopenRequestForm(),
    }


@require_POST
def reopen_request_create(request, pk, code, what):
    phase, participant = phase_and_participant(request.user, pk, code)
    back = redirect(FORM_URLS[what], pk=phase.pk, code=participant.code)
    deadline_error, _late = deadline_state(phase, what, request.user, participant)
    if not deadline_error:
        messages.info(
            request, "Chưa quá hạn (hoặc đã được mở lại): bạn vẫn lưu được, không cần đề nghị."
        )
        return back
    form = ReopenRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Chưa gửi đề nghị: " + form.errors["reason"][0])
        return back
    request_ = ReopenRequest(
        phase=phase,
        participant=participant,
        what=what,
        reason=form.cleaned_data["reason"],
        requested_by=request.user,
    )
    request_._history_user = request.user
    try:
        with transaction.atomic():
            request_.save()
    except IntegrityError:
        messages.info(request, "Đơn vị đã có một đề nghị mở lại đang chờ tỉnh xem xét.")
        return back
    messages.success(
        request,
        f"Đã gửi đề nghị mở lại {request_.get_what_display().lower()} của {participant} "
        f"({phase.label}) đến cấp tỉnh; kết quả hiện ở trang này và trên trang chủ của tỉnh.",
    )
    return back


def reopen_request_list(request, answering=None):
    """Pending requests first (with the province's answer forms), then the answered ones.
    `answering` is a request's bound answer form refused for a change made meanwhile: shown again
    with what was typed."""
    require_capability(request.user, Capability.VIEW)
    access = access_of(request.user)
    can_decide = access.can(Capability.MANAGE_MOVEMENT)
    # A district officer sees their district's requests (the reasons stay within the district
    # and the province, as drafts do); staff and leadership the whole province's.
    capability = (
        Capability.REGISTER_EMULATION
        if access.scope(Capability.REGISTER_EMULATION) == Scope.DISTRICT
        else Capability.VIEW
    )
    requests = ReopenRequest.objects.for_user(request.user, capability)
    requests = requests.select_related(
        "phase", "participant__unit", "requested_by", "decided_by"
    ).order_by("-requested_at", "-pk")
    default_deadline = timezone.localdate() + DEFAULT_EXTENSION
    pending = [r for r in requests if r.state == ReopenRequest.State.PENDING]
    for reopen in pending:
        # Each request's answer forms carry its version (ntm_portal/lib/concurrency.py).
        reopen.grant_form = ReopenGrantForm(
            initial={"new_deadline": default_deadline}, version_records=[reopen]
        )
        reopen.refuse_form = ReopenRefuseForm(version_records=[reopen])
        reopen.deadline_typed = f"{default_deadline:%d/%m/%Y}"
        reopen.answer_typed = ""
        if answering is not None and answering._version_records[0].pk == reopen.pk:
            field = "new_deadline" if isinstance(answering, ReopenGrantForm) else "answer"
            typed = answering.data.get(field, "")
            if field == "new_deadline":
                reopen.grant_form, reopen.deadline_typed = answering, typed
            else:
                reopen.refuse_form, reopen.answer_typed = answering, typed
    return render(
        request,
        "emulation/reopen_request_list.html",
        {
            "pending": pending,
            "answered": [r for r in requests if r.state != ReopenRequest.State.PENDING][:100],
            "can_decide": can_decide,
            "history": history_rows(
                ReopenRequest.history.filter(id__in=[r.pk for r in requests[:100]])
            ),
        },
    )


@require_POST
def reopen_request_decide(request, pk, decision):
    reopen = get_scoped_or_403(ReopenRequest, request.user, Capability.MANAGE_MOVEMENT, pk=pk)
    form_class = ReopenGrantForm if decision == "grant" else ReopenRefuseForm
    form = form_class(request.POST, version_records=[reopen])
    if not form.is_valid():
        if form.non_field_errors():
            # Answered or changed by someone else since the page was opened: their change is
            # shown, what was typed stays in the form, which now carries the new version.
            said = f"Chưa xử lý đề nghị của {reopen.participant}: {form.non_field_errors()[0]}"
            reopen.refresh_from_db()
            typed = form.data.get("answer" if decision == "refuse" else "new_deadline", "")
            if reopen.state != ReopenRequest.State.PENDING and typed.strip():
                # Answered meanwhile: the request has left the pending list, and its form with
                # it; what this person typed is said here instead of being lost.
                said += f" Nội dung bạn đã nhập (chưa lưu): “{typed.strip()}”."
            messages.error(request, said)
            return reopen_request_list(request, answering=form)
        field, errors = next(iter(form.errors.items()))
        messages.error(request, f"Chưa xử lý đề nghị của {reopen.participant}: {errors[0]}")
        return redirect("emulation:reopen_request_list")
    try:
        if decision == "grant":
            reopen.grant(by=request.user, new_deadline=form.cleaned_data["new_deadline"])
        else:
            reopen.refuse(by=request.user, reason=form.cleaned_data["answer"])
    except ValidationError as error:
        messages.error(request, f"Chưa xử lý đề nghị của {reopen.participant}: {error.messages[0]}")
        return redirect("emulation:reopen_request_list")
    if decision == "grant":
        messages.success(
            request,
            f"Đã mở lại {reopen.get_what_display().lower()} cho {reopen.participant} "
            f"đến hết ngày {reopen.new_deadline:%d/%m/%Y}.",
        )
    else:
        messages.success(request, f"Đã trả lời không mở lại cho {reopen.participant}.")
    return redirect("emulation:reopen_request_list")
