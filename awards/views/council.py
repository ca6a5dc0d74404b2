"""Council sessions with the vote per nomination, award decisions, printer calibration, and the
documents of a dossier (tờ trình, minutes, achievement reports, decision, certificates)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from awards import documents
from awards.exports import DECISIONS, SESSIONS
from awards.forms import (
    AwardDecisionForm,
    CentralSubmissionForm,
    CouncilSessionForm,
    DistrictDecisionForm,
    PrinterCalibrationForm,
)
from awards.models import (
    AwardDecision,
    AwardKind,
    CouncilSession,
    Nomination,
    PrinterCalibration,
)
from awards.models.nominations import issuer_kind_for
from awards.services import issue_decision, national_passed, record_council, send_to_central
from ntm_portal.lib.concurrency import VersionedFormMixin, stale_action
from ntm_portal.lib.dataio.export import ExportListMixin
from ntm_portal.lib.forms import add_errors
from ntm_portal.lib.history import history_rows
from ntm_portal.lib.pdf import pdf_response
from units.access import (
    Capability,
    CapabilityRequiredMixin,
    access_of,
    get_scoped_or_403,
    require_capability,
)
from units.models import IssuingBody


def _pdf(request, parts, render, filename):
    """A document of the dossier, cached on the data version and bounded in time
    (ntm_portal.lib.pdf.pdf_response)."""
    return pdf_response(request, parts, render, filename=filename)


class CouncilSessionListView(CapabilityRequiredMixin, ExportListMixin, ListView):
    model = CouncilSession
    paginate_by = 30
    export = SESSIONS
    template_name = "awards/session_list.html"

    def get_queryset(self):
        return CouncilSession.objects.for_user(self.request.user).select_related("phase__movement")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_decide"] = access_of(self.request.user).can(Capability.DECIDE_AWARD)
        return context


def session_create(request):
    require_capability(request.user, Capability.DECIDE_AWARD)
    form = CouncilSessionForm(request.POST or None)
    if request.GET.get("phase", "").isdigit():
        form.initial["phase"] = request.GET["phase"]
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.created_by = request.user
        session._history_user = request.user
        session.save()
        messages.success(request, f"Đã lập {session}. Ghi kết quả biểu quyết cho từng đề nghị.")
        return redirect("awards:session_detail", pk=session.pk)
    return render(request, "awards/session_form.html", {"form": form})


class VoteForm(VersionedFormMixin, forms.Form):
    votes_for = forms.IntegerField(label="Tán thành", min_value=0)
    votes_against = forms.IntegerField(label="Không tán thành", min_value=0)
    votes_abstain = forms.IntegerField(label="Không biểu quyết", min_value=0)


def session_detail(request, pk):
    session = get_scoped_or_403(CouncilSession, request.user, Capability.VIEW, pk=pk)
    can_decide = access_of(request.user).can(Capability.DECIDE_AWARD)
    pending = list(
        Nomination.objects.filter(phase=session.phase, state=Nomination.State.RECEIVED)
        .select_related("nominee", "kind")
        .order_by("nominee__nominee_type", "nominee__search_key")
    )
    vote_forms = [
        (
            nomination,
            VoteForm(
                request.POST or None, prefix=f"n{nomination.pk}", version_records=[nomination]
            ),
        )
        for nomination in pending
    ]
    waiting_central = national_passed(session)
    central_form = CentralSubmissionForm(
        request.POST if request.POST.get("action") == "central" else None, instance=session
    )
    if request.method == "POST" and request.POST.get("action") == "central":
        require_capability(request.user, Capability.DECIDE_AWARD)
        if central_form.is_valid():
            try:
                sent = send_to_central(session=central_form.save(commit=False), by=request.user)
            except ValidationError as error:
                add_errors(central_form, error)
            else:
                messages.success(
                    request,
                    f"Đã trình Trung ương {len(sent)} đề nghị (tờ trình số "
                    f"{session.central_submission_number}).",
                )
                return redirect("awards:session_detail", pk=session.pk)
    elif request.method == "POST":
        require_capability(request.user, Capability.DECIDE_AWARD)
        votes, errors = {}, []
        for nomination, form in vote_forms:
            if not any(
                request.POST.get(f"n{nomination.pk}-{name}") for name in VoteForm.base_fields
            ):
                continue
            if form.is_valid():
                data = form.cleaned_data
                votes[nomination] = (
                    data["votes_for"],
                    data["votes_against"],
                    data["votes_abstain"],
                )
            elif form.non_field_errors():  # changed by someone since the page was opened
                errors.extend(
                    f"{nomination.nominee.display_name}: {message}"
                    for message in form.non_field_errors()
                )
            else:
                errors.append(
                    f"{nomination.nominee.display_name}: nhập đủ ba số phiếu (số nguyên ≥ 0)."
                )
        if not votes and not errors:
            errors.append("Chưa nhập kết quả biểu quyết cho đề nghị nào.")
        if not errors:
            try:
                record_council(session=session, votes=votes, by=request.user)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(request, f"Đã ghi kết quả biểu quyết cho {len(votes)} đề nghị.")
                return redirect("awards:session_detail", pk=session.pk)
        for error in errors:
            messages.error(request, error)
    context = {
        "session": session,
        "votes": session.votes.select_related("nomination__nominee", "nomination__kind"),
        "vote_forms": vote_forms if can_decide else [],
        "can_decide": can_decide,
        "decisions": session.decisions.all(),
        "waiting_central": waiting_central,
        "central_form": central_form,
        "sent_central": session.nominations.filter(state=Nomination.State.TO_CENTRAL).exists()
        or bool(session.central_submission_number),
        "history": history_rows(session.history.all()),
    }
    return render(request, "awards/session_detail.html", context)


def session_minutes(request, pk):
    session = get_scoped_or_403(CouncilSession, request.user, Capability.VIEW, pk=pk)
    return _pdf(
        request,
        ("session-minutes", session.pk),
        lambda: documents.minutes_pdf(session),
        f"bien-ban-hoi-dong-{session.pk}.pdf",
    )


def session_submission(request, pk):
    """The tờ trình of the session: to the provincial Chairman, or with `?to=central` the
    province's tờ trình of the national kinds to the central level."""
    session = get_scoped_or_403(CouncilSession, request.user, Capability.VIEW, pk=pk)
    particulars = documents.particulars_view(request.user)
    if request.GET.get("to") == "central":
        return _pdf(
            request,
            ("session-submission", session.pk, "central", particulars.key),
            lambda: documents.central_submission_pdf(session, particulars=particulars),
            f"to-trinh-tw-{session.pk}.pdf",
        )
    return _pdf(
        request,
        ("session-submission", session.pk, "province", particulars.key),
        lambda: documents.submission_pdf(session, particulars=particulars),
        f"to-trinh-{session.pk}.pdf",
    )


def session_dossier(request, pk):
    """The session's dossier; `?decision=<id>` ends it with that decision of the session (the
    link on a decision's page), otherwise with the session's latest decision."""
    session = get_scoped_or_403(CouncilSession, request.user, Capability.VIEW, pk=pk)
    decision = None
    if "decision" in request.GET:
        wanted = request.GET["decision"]
        decision = session.decisions.filter(pk=wanted).first() if wanted.isdigit() else None
        if decision is None:
            raise Http404("Quyết định này không thuộc phiên họp hội đồng.")
    name = f"ho-so-khen-thuong-{session.pk}" + (f"-qd-{decision.pk}" if decision else "")
    particulars = documents.particulars_view(request.user)
    return _pdf(
        request,
        ("session-dossier", session.pk, decision.pk if decision else None, particulars.key),
        lambda: documents.dossier_pdf(session, decision=decision, particulars=particulars),
        f"{name}.pdf",
    )


def nomination_report(request, pk):
    nomination = get_scoped_or_403(Nomination, request.user, Capability.VIEW, pk=pk)
    particulars = documents.particulars_view(request.user)
    return _pdf(
        request,
        ("nomination-report", nomination.pk, particulars.key),
        lambda: documents.report_pdf(
            documents.prefetch(Nomination.objects.filter(pk=nomination.pk)).get(),
            particulars=particulars,
        ),
        f"bao-cao-thanh-tich-{nomination.pk}.pdf",
    )


# --- decisions --------------------------------------------------------------------------------


class AwardDecisionListView(CapabilityRequiredMixin, ExportListMixin, ListView):
    model = AwardDecision
    paginate_by = 30
    export = DECISIONS
    template_name = "awards/decision_list.html"

    def get_queryset(self):
        return AwardDecision.objects.for_user(self.request.user).select_related(
            "phase__movement", "issuer"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_decide"] = access_of(self.request.user).can(Capability.DECIDE_AWARD)
        access = access_of(self.request.user)
        # A district's decision is numbered by that district: only an account attached to one
        # (not the province's staff or the administrator) is offered the form.
        context["can_decide_district"] = (
            access.can(Capability.DECIDE_DISTRICT_AWARD) and access.unit is not None
        )
        return context


def decision_create(request, pk):
    """Issue the provincial decision for the nominations a council session passed, or record the
    national decision that came back for those sent to the central level."""
    require_capability(request.user, Capability.DECIDE_AWARD)
    session = get_object_or_404(CouncilSession, pk=pk)
    passed = list(
        Nomination.objects.filter(
            Q(state=Nomination.State.REVIEWED) | Q(state=Nomination.State.TO_CENTRAL),
            votes__session=session,
            votes__passed=True,
        ).select_related("nominee", "kind")
    )
    # One issuer per decision: the province's, or a central one for what was sent up to it.
    province = IssuingBody.Kind.PROVINCE_COMMITTEE
    issuer_kinds = [province]
    for nomination in passed:
        kind = issuer_kind_for(nomination.kind)
        if nomination.state == Nomination.State.TO_CENTRAL and kind not in issuer_kinds:
            issuer_kinds.append(kind)
    wanted = request.POST.get("issuer_kind") or request.GET.get("issuer") or province
    if wanted not in issuer_kinds:
        wanted = province
    candidates = [
        nomination
        for nomination in passed
        if issuer_kind_for(nomination.kind) == wanted
        and (wanted == province or nomination.state == Nomination.State.TO_CENTRAL)
    ]
    form = AwardDecisionForm(
        request.POST or None,
        initial={"issued_on": session.submission_day, "issuer_kind": wanted},
        issuer_kinds=[wanted],
    )
    other_issuers = [
        (kind, IssuingBody.Kind(kind).label) for kind in issuer_kinds if kind != wanted
    ]
    chosen = set(request.POST.getlist("nominations")) if request.method == "POST" else None
    if request.method == "POST" and form.is_valid():
        decision = form.save(commit=False)
        decision.phase = session.phase
        decision.session = session
        decision.created_by = request.user
        picked = [nomination for nomination in candidates if str(nomination.pk) in chosen]
        try:
            issue_decision(decision=decision, nominations=picked, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"Đã ghi {decision}: {len(picked)} đối tượng được khen thưởng."
            )
            return redirect("awards:decision_detail", pk=decision.pk)
    context = {
        "form": form,
        "session": session,
        "candidates": candidates,
        "chosen": chosen,
        "other_issuers": other_issuers,
    }
    return render(request, "awards/decision_form.html", context)


def district_decision_create(request):
    """A district's own decision (Giấy khen, base-level titles) for the nominations its units
    submitted, numbered by the district; the province sees it in the list of decisions."""
    require_capability(request.user, Capability.DECIDE_DISTRICT_AWARD)
    district = access_of(request.user).unit
    if district is None:
        raise PermissionDenied("Tài khoản chưa được gắn với một đơn vị cấp huyện.")
    candidates = list(
        Nomination.objects.filter(
            district=district,
            state=Nomination.State.SUBMITTED,
            kind__level=AwardKind.Level.DISTRICT,
        ).select_related("nominee", "kind", "phase")
    )
    form = DistrictDecisionForm(request.POST or None, district=district)
    chosen = set(request.POST.getlist("nominations")) if request.method == "POST" else None
    if request.method == "POST" and form.is_valid():
        picked = [nomination for nomination in candidates if str(nomination.pk) in chosen]
        decision = form.save(commit=False)
        decision.created_by = request.user
        phases = {nomination.phase for nomination in picked}
        if not picked:
            form.add_error(None, "Chọn ít nhất một đề nghị để quyết định khen thưởng.")
        elif len(phases) > 1:
            form.add_error(None, "Một quyết định chỉ khen thưởng các đề nghị của cùng một đợt.")
        else:
            decision.phase = phases.pop()
            try:
                issue_decision(decision=decision, nominations=picked, by=request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, f"Đã ghi {decision}: {len(picked)} đối tượng được khen thưởng."
                )
                return redirect("awards:decision_detail", pk=decision.pk)
    context = {"form": form, "district": district, "candidates": candidates, "chosen": chosen}
    return render(request, "awards/decision_form.html", context)


def decision_detail(request, pk):
    decision = get_scoped_or_403(AwardDecision, request.user, Capability.VIEW, pk=pk)
    nominations = documents.prefetch(decision.nominations.all())
    context = {
        "decision": decision,
        "central": bool(decision.issuer and decision.issuer.kind in IssuingBody.CENTRAL_KINDS),
        "nominations": nominations,
        "calibrations": PrinterCalibration.objects.all(),
        "history": history_rows(decision.history.all()),
    }
    return render(request, "awards/decision_detail.html", context)


def decision_document(request, pk):
    decision = get_scoped_or_403(AwardDecision, request.user, Capability.VIEW, pk=pk)
    return _pdf(
        request,
        ("decision-document", decision.pk),
        lambda: documents.decision_pdf(decision),
        f"quyet-dinh-{decision.pk}.pdf",
    )


def decision_certificates(request, pk):
    """Certificates of a decision: `?mode=blank&printer=<id>` for the pre-printed blanks."""
    decision = get_scoped_or_403(AwardDecision, request.user, Capability.VIEW, pk=pk)
    mode = "blank" if request.GET.get("mode") == "blank" else "full"
    calibration = None
    if mode == "blank" and request.GET.get("printer", "").isdigit():
        calibration = PrinterCalibration.objects.filter(pk=request.GET["printer"]).first()
    documents.ensure_printable(decision)

    def make():
        nominations = documents._ordered(documents.prefetch(decision.nominations.all()))
        return documents.certificates_pdf(nominations, mode=mode, calibration=calibration)

    return _pdf(
        request,
        ("decision-certificates", decision.pk, mode, calibration.pk if calibration else None),
        make,
        f"bang-khen-{decision.pk}-{mode}.pdf",
    )


# --- printers ---------------------------------------------------------------------------------


def printer_list(request):
    require_capability(request.user, Capability.DECIDE_AWARD)
    instance = None
    if request.GET.get("edit", "").isdigit():
        instance = PrinterCalibration.objects.filter(pk=request.GET["edit"]).first()
    form = PrinterCalibrationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        printer = form.save(commit=False)
        printer._history_user = request.user
        printer.save()
        messages.success(request, f"Đã lưu căn chỉnh máy in {printer.name}.")
        return redirect("awards:printer_list")
    return render(
        request,
        "awards/printer_list.html",
        {"form": form, "printers": PrinterCalibration.objects.all(), "editing": instance},
    )


@require_POST
def printer_delete(request, pk):
    require_capability(request.user, Capability.DECIDE_AWARD)
    printer = get_object_or_404(PrinterCalibration, pk=pk)
    stale = stale_action(request, printer, action="xóa")
    if stale:
        messages.error(request, stale)
        return redirect("awards:printer_list")
    printer._history_user = request.user
    printer.delete()
    messages.success(request, "Đã xóa máy in.")
    return redirect("awards:printer_list")


def nomination_submission(request, pk):
    """The proposer's tờ trình for this nomination's submission: every nomination of the same
    district, phase and tờ trình number that has been submitted."""
    nomination = get_scoped_or_403(Nomination, request.user, Capability.VIEW, pk=pk)
    if not nomination.submission_number:
        raise Http404("Đề nghị này chưa có số tờ trình.")
    together = documents.prefetch(
        Nomination.objects.for_user(request.user)
        .filter(
            phase=nomination.phase,
            district=nomination.district,
            submission_number=nomination.submission_number,
        )
        .exclude(state__in=[Nomination.State.DRAFT, Nomination.State.WITHDRAWN])
    )
    particulars = documents.particulars_view(request.user)
    return _pdf(
        request,
        ("nomination-submission", nomination.pk, particulars.key),
        lambda: documents.district_submission_pdf(
            district=nomination.district,
            phase=nomination.phase,
            nominations=together,
            particulars=particulars,
        ),
        f"to-trinh-{nomination.pk}.pdf",
    )
