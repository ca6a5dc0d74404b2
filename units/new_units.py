"""The 2021–2025 record "theo đơn vị mới": the dashboard's numbers per unit of 01/07/2025 (what
the old xã that went into it reached), as a page and as a report (PDF). The counting is
targets/progress/successors.py, over the dashboard's own ProgressCounter; the plan, year and basis
are asked as on the dashboard (targets/progress/query.py)."""

from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.views.generic import TemplateView

from ntm_portal.lib.data_version import cached
from targets.models import Plan
from targets.progress.counting import Basis
from targets.progress.query import ProgressQuery, ProgressQueryError
from targets.progress.report import signature_lines, throttled_pdf
from targets.progress.successors import new_units_record
from targets.progress.views import ProgressPageMixin
from units.access import Capability, require_capability


def record_of(plan, year, basis):
    """Cached until the data changes, as the dashboard's numbers are."""
    return cached(
        ("new-units-record", plan.pk, year, basis),
        lambda: new_units_record(plan, year=year, basis=basis),
    )


class NewUnitsProgressView(ProgressPageMixin, TemplateView):
    """The dashboard "theo đơn vị mới": one row per unit of 01/07/2025."""

    template_name = "units/new_units_progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, year, basis = context["plan"], context["year"], context["basis"]
        if plan is not None and not context.get("refused"):
            context["record"] = record_of(plan, year, basis)
        return context


def report_filename(year, basis):
    suffix = "" if basis == Basis.STANDARD else "-theo-ngay-quyet-dinh"
    return f"ket-qua-ntm-theo-don-vi-moi-nam-{year}{suffix}.pdf"


def new_units_report_pdf(request):
    """GET plan, year, basis as the dashboard: the record per new unit, as a Decree 30/2020
    report of the province on today's date (the final review is the new province's)."""
    require_capability(request.user, Capability.VIEW)
    query = ProgressQuery(request.GET, plans=Plan.objects.for_user(request.user), with_scope=False)
    try:
        question = query.question()
    except ProgressQueryError as error:
        return HttpResponseBadRequest(
            f"Không lập được báo cáo: {error}", content_type="text/plain; charset=utf-8"
        )
    plan, year, basis = question.plan, question.year, question.basis
    record = record_of(plan, year, basis)
    if record is None:
        return HttpResponseBadRequest(
            f"Kế hoạch {plan.number} theo dõi trên các đơn vị hiện hành: không có đơn vị cũ để "
            "tổng hợp theo đơn vị mới.",
            content_type="text/plain; charset=utf-8",
        )
    today = timezone.localdate()

    def make():
        from ntm_portal.lib.pdf import render_pdf

        context = {
            "plan": plan,
            "year": year,
            "basis": basis,
            "basis_label": Basis(basis).label,
            "record": record,
            "report_date": today,
            "signature_lines": signature_lines("Chủ tịch"),
        }
        return render_pdf("pdf/new_units_report.html", context, request=request)

    return throttled_pdf(
        request,
        ("new-units-report", plan.pk, year, basis),
        make,
        filename=report_filename(year, basis),
        group="new-units-report-pdf",
    )
