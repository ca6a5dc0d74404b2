"""The 2021–2025 record "theo đơn vị mới": the dashboard's numbers per unit of 01/07/2025 (what
the old xã that went into it reached), as a page and as a report (PDF). The counting is
targets/progress/successors.py, over the dashboard's own ProgressCounter; the plan, year and basis
are asked as on the dashboard (targets/progress/query.py)."""

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.views.generic import TemplateView
from django_ratelimit.core import is_ratelimited

from ntm_portal.lib.data_version import cached
from targets.models import Plan
from targets.progress.counting import Basis
from targets.progress.query import ProgressQuery, ProgressQueryError
from targets.progress.report import PDF_RATE, signature_lines
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

    def render():
        if is_ratelimited(
            request, group="new-units-report-pdf", key="user", rate=PDF_RATE, increment=True
        ):
            raise _Throttled
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

    from ntm_portal.lib.pdf import pdf_response

    try:
        return pdf_response(
            request,
            ("new-units-report", plan.pk, year, basis),
            render,
            filename=report_filename(year, basis),
        )
    except _Throttled:
        return HttpResponse(
            "Bạn vừa lập nhiều báo cáo PDF liên tiếp; vui lòng chờ một phút rồi tải lại.",
            status=429,
            content_type="text/plain; charset=utf-8",
        )


class _Throttled(Exception):
    pass
