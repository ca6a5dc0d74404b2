"""Reports of the movement: the record staff write (assessment, directions) and its PDF."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.generic import ListView

from emulation.exports import REPORTS
from emulation.forms import MovementReportForm
from emulation.models import MovementReport
from emulation.report import report_context
from emulation.views.movement import get_movement
from ntm_portal.lib.dataio.export import ExportListMixin
from ntm_portal.lib.history import history_rows
from units.access import (
    Capability,
    CapabilityRequiredMixin,
    access_of,
    get_scoped_or_403,
    require_capability,
)


class ReportListView(CapabilityRequiredMixin, ExportListMixin, ListView):
    """The movement's reports; the same rows as xlsx at `?format=xlsx`."""

    template_name = "emulation/report_list.html"
    context_object_name = "reports"
    export = REPORTS

    def get_queryset(self):
        return (
            MovementReport.objects.for_user(self.request.user)
            .filter(phase__movement=get_movement(self.request))
            .select_related("phase__movement__plan", "created_by")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["phases"] = get_movement(self.request).phases.in_order()
        context["can_manage"] = access_of(self.request.user).can(Capability.MANAGE_MOVEMENT)
        return context


def report_form(request, pk=None):
    require_capability(request.user, Capability.MANAGE_MOVEMENT)
    report = get_object_or_404(MovementReport, pk=pk) if pk else None
    movement = report.phase.movement if report else get_movement(request)
    initial = {}
    if report is None and request.GET.get("phase", "").isdigit():
        initial["phase"] = int(request.GET["phase"])
    if report is None:
        initial["signer"] = movement.plan.signer
        initial["signer_title"] = movement.plan.signer_title or "Chủ tịch"
    form = MovementReportForm(
        request.POST or None, instance=report, movement=movement, initial=initial
    )
    if request.method == "POST":
        if form.is_valid():
            if report is None:
                form.instance.created_by = request.user
            report = form.save()
            messages.success(request, f"Đã lưu {report}.")
            return redirect("emulation:report_detail", pk=report.pk)
        messages.error(request, "Chưa lưu: xem các lỗi được đánh dấu bên dưới.")
    return render(request, "emulation/report_form.html", {"form": form, "report": report})


def report_detail(request, pk):
    report = get_scoped_or_403(MovementReport, request.user, Capability.VIEW, pk=pk)
    return render(
        request,
        "emulation/report_detail.html",
        {
            "report": report,
            "can_manage": access_of(request.user).can(Capability.MANAGE_MOVEMENT),
            "history": history_rows(MovementReport.history.filter(id=report.pk)),
        },
    )


def report_pdf(request, pk):
    report = get_scoped_or_403(MovementReport, request.user, Capability.VIEW, pk=pk)
    # WeasyPrint takes half a second to import: only the PDF views pay for it.
    from ntm_portal.lib.pdf import pdf_response, render_pdf

    name = slugify(
        f"bao cao {report.phase.get_kind_display()} {report.phase.year}".replace("đ", "d").replace(
            "Đ", "D"
        )
    )
    return pdf_response(
        request,
        ("movement-report", report.pk),
        lambda: render_pdf("pdf/emulation_report.html", report_context(report), request=request),
        filename=f"{name}.pdf",
    )
