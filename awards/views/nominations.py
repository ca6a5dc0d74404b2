"""Nominations: list, proposal with its achievement report, the workflow steps, and drafts made
from the top-ranked participants of a review.

Each step is a POST to its own URL. The step's rights are checked first (403), then whether the
nomination's state allows it (a message, nothing changes), then the form and the rules (the
detail page again, with what was typed and each rule's refusal).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from awards.checks import refusals_for
from awards.exports import NOMINATIONS
from awards.filters import NominationFilter
from awards.forms import (
    EscalateForm,
    FromReviewForm,
    NominationForm,
    NoteForm,
    ReasonForm,
    SubmitForm,
)
from awards.models import AwardKind, Nomination, NominationEvent, Nominee
from awards.nominating import create_nomination, drafts_from_review, escalate, ntm_results_text
from awards.templatetags.council import council_session_for
from emulation.models import Exemplar, Participant, Phase, Review
from ntm_portal.lib.history import history_rows
from ntm_portal.lib.lists import FilteredListMixin
from ntm_portal.lib.workflow import step_forms, take_step
from units.access import (
    Capability,
    CapabilityRequiredMixin,
    access_of,
    get_scoped_or_403,
    require_capability,
)

Action = NominationEvent.Action

STEP_RIGHTS = {
    Action.SUBMIT: Capability.PROPOSE_AWARD,
    Action.WITHDRAW: Capability.PROPOSE_AWARD,
    Action.RECEIVE: Capability.DECIDE_AWARD,
    Action.RETURN: Capability.DECIDE_AWARD,
    Action.REJECT: Capability.DECIDE_AWARD,
    Action.ESCALATE: Capability.DECIDE_AWARD,
}
STEP_FORMS = {
    Action.SUBMIT: SubmitForm,
    Action.WITHDRAW: NoteForm,
    Action.RECEIVE: NoteForm,
    Action.RETURN: ReasonForm,
    Action.REJECT: ReasonForm,
    Action.ESCALATE: EscalateForm,
}
EDITABLE_STATES = [Nomination.State.DRAFT, Nomination.State.RETURNED]


def in_scope(user, nomination, capability):
    return (
        access_of(user).can(capability)
        and Nomination.objects.for_user(user, capability).filter(pk=nomination.pk).exists()
    )


def allowed_steps(user, nomination):
    scoped = {
        capability: in_scope(user, nomination, capability)
        for capability in (Capability.PROPOSE_AWARD, Capability.DECIDE_AWARD)
    }
    return [
        action
        for action, capability in STEP_RIGHTS.items()
        if scoped[capability] and nomination.can_move(action)
    ]


def _choices(user):
    """Phases, proposers, nominees and exemplars the user may use in a nomination."""
    phases = Phase.objects.in_order()
    proposers = Participant.objects.for_user(user, Capability.PROPOSE_AWARD).active().in_order()
    nominees = (
        Nominee.objects.for_user(user, Capability.PROPOSE_AWARD).active().select_related("district")
    )
    exemplars = Exemplar.objects.for_user(user, Capability.PROPOSE_AWARD).order_by("-year", "title")
    return {"phases": phases, "proposers": proposers, "nominees": nominees, "exemplars": exemplars}


def _district_of(participant):
    unit = participant.unit
    if unit is None or unit.is_province:
        return None
    return unit if unit.is_district else unit.parent


class NominationListView(CapabilityRequiredMixin, FilteredListMixin, ListView):
    model = Nomination
    paginate_by = 50
    template_name = "awards/nomination_list.html"
    filterset_class = NominationFilter
    export = NOMINATIONS

    def rows(self):
        return Nomination.objects.for_user(self.request.user).select_related(
            "nominee", "kind", "phase__movement", "district", "decision", "proposer__unit"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_propose"] = access_of(self.request.user).can(Capability.PROPOSE_AWARD)
        return context


def nomination_create(request):
    require_capability(request.user, Capability.PROPOSE_AWARD)
    choices = _choices(request.user)
    if request.method == "POST":
        nominee_id = request.POST.get("nominee", "")
        if (
            nominee_id.isdigit()
            and Nominee.objects.filter(pk=nominee_id).exists()
            and not choices["nominees"].filter(pk=nominee_id).exists()
        ):
            raise PermissionDenied("Đối tượng này nằm ngoài phạm vi được phân công của bạn.")
        form = NominationForm(request.POST, **choices)
        if form.is_valid():
            data = form.cleaned_data
            nomination = create_nomination(
                phase=data["phase"],
                proposer=data["proposer"],
                nominee=data["nominee"],
                kind=data["kind"],
                by=request.user,
                district=_district_of(data["proposer"]),
                ntm_standard=data["ntm_standard"],
                background=data["background"],
                achievements=data["achievements"],
                exemplars=data["exemplars"],
                report_signer=data["report_signer"],
                report_signer_title=data["report_signer_title"],
            )
            messages.success(request, f"Đã lập đề nghị (dự thảo): {nomination}.")
            return redirect("awards:nomination_detail", pk=nomination.pk)
    else:
        initial = {}
        if "nominee" in request.GET:
            initial["nominee"] = request.GET["nominee"]
        form = NominationForm(initial=initial, **choices)
    return render(request, "awards/nomination_form.html", {"form": form})


def nomination_update(request, pk):
    nomination = get_scoped_or_403(Nomination, request.user, Capability.PROPOSE_AWARD, pk=pk)
    if nomination.state not in EDITABLE_STATES:
        messages.error(request, "Chỉ sửa được đề nghị ở trạng thái dự thảo hoặc bị trả lại.")
        return redirect("awards:nomination_detail", pk=pk)
    choices = _choices(request.user)
    form = NominationForm(request.POST or None, instance=nomination, **choices)
    if request.method == "POST" and form.is_valid():
        nomination = form.save(commit=False)
        nomination.district = _district_of(nomination.proposer)
        nomination.report_form = Nomination.default_report_form(nomination.nominee, nomination.kind)
        nomination.ntm_results = ntm_results_text(nomination.nominee, nomination.phase)
        nomination._history_user = request.user
        nomination.save()
        form.save_m2m()
        messages.success(request, "Đã lưu đề nghị.")
        return redirect("awards:nomination_detail", pk=pk)
    return render(request, "awards/nomination_form.html", {"form": form, "nomination": nomination})


def next_link(user, nomination, step):
    """(note, label, URL) of the expected step taken on another page (the council's vote, the
    decision, the tờ trình to the central level), for a user who may take it; else None."""
    if step == Action.REVIEW and in_scope(user, nomination, Capability.DECIDE_AWARD):
        council = council_session_for(nomination)
        note = "Hội đồng Thi đua – Khen thưởng biểu quyết đề nghị này."
        if council is not None:
            return (
                note,
                f"Đưa vào phiên họp Hội đồng ngày {council.held_on:%d/%m/%Y}",
                reverse("awards:session_detail", args=[council.pk]),
            )
        return (
            note,
            "Đưa vào phiên họp Hội đồng (lập phiên họp)",
            f"{reverse('awards:session_create')}?phase={nomination.phase_id}",
        )
    if step in (Action.DECIDE, Action.SEND_UP) and nomination.state != Nomination.State.SUBMITTED:
        vote = nomination.council_vote()
        if vote is None or not in_scope(user, nomination, Capability.DECIDE_AWARD):
            return None
        session = vote.session
        url = reverse("awards:session_detail", args=[session.pk])
        held = f"{session.held_on:%d/%m/%Y}"
        if step == Action.SEND_UP:
            return (
                "Tờ trình gửi Trung ương (khen thưởng cấp Nhà nước).",
                f"Trình Trung ương (phiên họp ngày {held})",
                url,
            )
        if nomination.state == Nomination.State.TO_CENTRAL:
            return (
                "Ghi quyết định của Trung ương khi nhận được.",
                f"Ghi quyết định của Trung ương (phiên họp ngày {held})",
                f"{reverse('awards:decision_create', args=[session.pk])}?issuer=thu_tuong",
            )
        return (
            "Quyết định khen thưởng theo kết quả Hội đồng.",
            f"Ghi quyết định khen thưởng (phiên họp ngày {held})",
            reverse("awards:decision_create", args=[session.pk]),
        )
    if step == Action.DECIDE:
        access = access_of(user)
        if access.can(Capability.DECIDE_DISTRICT_AWARD) and access.unit == nomination.district:
            return (
                "Huyện quyết định khen thưởng cấp huyện.",
                "Ghi quyết định khen thưởng cấp huyện",
                reverse("awards:district_decision_create"),
            )
    return None


def render_detail(request, nomination, *, bound=None):
    steps = allowed_steps(request.user, nomination)
    step = nomination.next_step()
    forms = step_forms(nomination, steps, STEP_FORMS, bound=bound)
    nominee = nomination.nominee
    context = {
        "nomination": nomination,
        "nominee": nominee,
        "records": nominee.awards_received(),
        "events": nomination.events.select_related("actor"),
        "votes": nomination.votes.select_related("session"),
        "forms": forms,
        # The expected step is the page's one primary button: a step form here, or a link to
        # the page where it is taken.
        "next_step": step if step in steps else None,
        "next_link": next_link(request.user, nomination, step),
        "refusals": refusals_for(nomination) if nomination.state in Nomination.OPEN_STATES else [],
        "can_edit": nomination.state in EDITABLE_STATES
        and in_scope(request.user, nomination, Capability.PROPOSE_AWARD),
        "escalation": Nomination.objects.filter(escalated_from=nomination).first(),
        "history": history_rows(nomination.history.all()),
    }
    return render(request, "awards/nomination_detail.html", context)


def nomination_detail(request, pk):
    nomination = get_scoped_or_403(Nomination, request.user, Capability.VIEW, pk=pk)
    return render_detail(request, nomination)


def _take_step(request, pk, action, perform, success):
    nomination = get_scoped_or_403(Nomination, request.user, STEP_RIGHTS[action], pk=pk)
    return take_step(
        request,
        nomination,
        action,
        form_class=STEP_FORMS[action],
        perform=perform,
        success=success,
        detail="awards:nomination_detail",
        render_detail=render_detail,
    )


MISSING_REPORT_SIGNER = (
    "Thiếu người ký báo cáo thành tích (mẫu số 02): ghi họ tên và chức vụ thủ trưởng đơn vị "
    "(sửa đề nghị) trước khi trình."
)


@require_POST
def nomination_submit(request, pk):
    def submit(nomination, data):
        # A collective's report goes out signed and sealed by its head (Decree 98/2023, form
        # 02): the district does not send it without his name and title.
        if nomination.missing_report_signer:
            raise ValidationError(MISSING_REPORT_SIGNER)
        return nomination.submit(
            by=request.user,
            submission_number=data["submission_number"],
            submitted_on=data["submitted_on"],
            submission_signer=data["submission_signer"],
            submission_by_deputy=data["submission_by_deputy"],
        )

    return _take_step(request, pk, Action.SUBMIT, submit, "Đã trình đề nghị khen thưởng.")


@require_POST
def nomination_withdraw(request, pk):
    return _take_step(
        request,
        pk,
        Action.WITHDRAW,
        lambda nomination, data: nomination.withdraw(by=request.user, reason=data["note"]),
        "Đã rút đề nghị.",
    )


@require_POST
def nomination_receive(request, pk):
    return _take_step(
        request,
        pk,
        Action.RECEIVE,
        lambda nomination, data: nomination.receive(by=request.user, note=data["note"]),
        "Đã tiếp nhận hồ sơ đề nghị.",
    )


@require_POST
def nomination_return(request, pk):
    return _take_step(
        request,
        pk,
        Action.RETURN,
        lambda nomination, data: nomination.return_for_completion(
            by=request.user, reason=data["reason"]
        ),
        "Đã trả lại đề nghị để hoàn thiện.",
    )


@require_POST
def nomination_reject(request, pk):
    return _take_step(
        request,
        pk,
        Action.REJECT,
        lambda nomination, data: nomination.reject(by=request.user, reason=data["reason"]),
        "Đã ghi không khen thưởng.",
    )


def _province_participant(phase):
    return (
        Participant.objects.filter(movement=phase.movement, kind=Participant.Kind.PROVINCE)
        .order_by("pk")
        .first()
    )


@require_POST
def nomination_escalate(request, pk):
    def perform(nomination, data):
        proposer = _province_participant(nomination.phase)
        if proposer is None:
            raise ValidationError("Phong trào chưa có tỉnh trong danh sách đơn vị tham gia.")
        return escalate(
            nomination=nomination,
            kind=data["kind"],
            proposer=proposer,
            by=request.user,
            reason=data["reason"],
        )

    return _take_step(
        request,
        pk,
        Action.ESCALATE,
        perform,
        "Đã lập đề nghị khen thưởng cấp trên cho cùng thành tích.",
    )


def nominations_from_review(request):
    """Turn the top-ranked participants of a phase's review into draft nominations in one step."""
    require_capability(request.user, Capability.PROPOSE_AWARD)
    phases = Phase.objects.in_order()
    proposers = (
        Participant.objects.for_user(request.user, Capability.PROPOSE_AWARD).active().in_order()
    )
    form = FromReviewForm(request.POST or None, phases=phases, proposers=proposers)
    candidates = []
    phase = None
    if form.is_bound and form.is_valid():
        phase = form.cleaned_data["phase"]
    elif request.GET.get("phase", "").isdigit():
        phase = phases.filter(pk=request.GET["phase"]).first()
        form = FromReviewForm(initial={"phase": phase}, phases=phases, proposers=proposers)
    if phase is not None:
        candidates = list(
            Review.objects.for_user(request.user, Capability.PROPOSE_AWARD)
            .proposed_for_commendation(phase)
            .select_related("participant__unit")
        )
    if request.method == "POST" and form.is_valid():
        if not candidates:
            messages.error(
                request,
                "Đợt này chưa có đơn vị nào được đề nghị khen thưởng trong phạm vi của bạn.",
            )
        else:
            outcome = drafts_from_review(
                phase=phase,
                kind=form.cleaned_data["kind"],
                proposer=form.cleaned_data["proposer"],
                by=request.user,
                reviews=candidates,
            )
            for participant, reason in outcome.skipped:
                messages.warning(request, f"Bỏ qua {participant.display_name}: {reason}.")
            messages.success(
                request, f"Đã lập {len(outcome.created)} đề nghị dự thảo từ kết quả bình xét."
            )
            return redirect("awards:nomination_list")
    context = {"form": form, "phase": phase, "candidates": candidates}
    return render(request, "awards/nomination_from_review.html", context)


def kind_list(request):
    require_capability(request.user, Capability.VIEW)
    kinds = AwardKind.objects.prefetch_related("prerequisites__required_kind", "amounts").order_by(
        "category", "-level", "name"
    )
    from awards.models import BaseSalary

    return render(
        request,
        "awards/kind_list.html",
        {
            "titles": [kind for kind in kinds if kind.is_title],
            "forms": [kind for kind in kinds if not kind.is_title],
            "salaries": BaseSalary.objects.all(),
        },
    )
