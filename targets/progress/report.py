"""The progress report: plan vs actual for a year, as a document in the format of Decree
30/2020/NĐ-CP, with the indicator, named-target and district tables, the trajectory charts and the
district map."""

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from ntm_portal.lib.charts import trajectory_chart
from ntm_portal.lib.text import fold
from targets.models import Plan, ReportAssessment
from targets.models.report_assessment import report_date
from targets.progress.counting import Basis, ProgressCounter, commune_rows
from targets.progress.query import ProgressQuery, ProgressQueryError
from targets.templatetags.documents import district_standard_map
from units.access import Capability, require_capability

# New PDFs per person per minute (a cached one does not count).
PDF_RATE = "6/m"


def signature_lines(signer_title):
    """The authority lines above a signature: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH" for a deputy."""
    title = (signer_title or "Chủ tịch").strip()
    lines = ["TM. ỦY BAN NHÂN DÂN"]
    if fold(title) != "chu tich":
        lines.append("KT. CHỦ TỊCH")
    lines.append(title.upper())
    return lines


def report_filename(year, basis):
    suffix = "" if basis == Basis.STANDARD else "-theo-ngay-quyet-dinh"
    return f"bao-cao-ket-qua-phong-trao-ntm-nam-{year}{suffix}.pdf"


def progress_report_pdf(request):
    """GET year, basis (and plan, the plan number; default the first plan the user may see)."""
    require_capability(request.user, Capability.VIEW)
    query = ProgressQuery(request.GET, plans=Plan.objects.for_user(request.user), with_scope=False)
    try:
        question = query.question()
    except ProgressQueryError as error:
        return HttpResponseBadRequest(
            f"Không lập được báo cáo: {error}", content_type="text/plain; charset=utf-8"
        )
    plan, year, basis = question.plan, question.year, question.basis
    today = timezone.localdate()

    return throttled_pdf(
        request,
        ("progress-report", plan.pk, year, basis),
        lambda: _render_report(request, plan, year, basis, today),
        filename=report_filename(year, basis),
        group="progress-report-pdf",
    )


def throttled_pdf(request, key, make, *, filename, group):
    """A report's PDF from the cache (ntm_portal/lib/pdf.py); a new one (about a second of CPU)
    only a few times a minute per person (`group`), else 429 with the reason."""

    def render():
        if is_ratelimited(request, group=group, key="user", rate=PDF_RATE, increment=True):
            raise _Throttled
        return make()

    # WeasyPrint takes half a second to import: only the PDF views pay for it.
    from ntm_portal.lib.pdf import pdf_response

    try:
        return pdf_response(request, key, render, filename=filename)
    except _Throttled:
        return HttpResponse(
            "Bạn vừa lập nhiều báo cáo PDF liên tiếp; vui lòng chờ một phút rồi tải lại.",
            status=429,
            content_type="text/plain; charset=utf-8",
        )


class _Throttled(Exception):
    pass


def trajectory_figures(series, *, year):
    """Each indicator's trajectory as a printed figure: the chart up to `year` and its table,
    with no actual figure after `year` (a report states what was known at its date)."""
    return [
        {
            "series": item,
            "chart": trajectory_chart(item, until_year=year),
            "points": [
                (point_year, target, actual if point_year <= year else None)
                for point_year, target, actual in item.points
            ],
        }
        for item in series
    ]


def _render_report(request, plan, year, basis, today):
    counter = ProgressCounter(plan)
    rows = counter.district_rows(year=year, basis=basis)
    series = counter.trajectory(basis=basis)
    assessment = ReportAssessment.objects.filter(plan=plan, year=year).first()
    context = {
        "plan": plan,
        "year": year,
        "basis": basis,
        "basis_label": Basis(basis).label,
        "progress": counter.progress(year=year, basis=basis),
        "district_rows": rows,
        # A province without districts (from 01/07/2025): the table of its communes instead.
        "commune_rows": [] if rows else commune_rows(plan.scope, year=year, basis=basis),
        "trajectories": trajectory_figures(series, year=year),
        "district_map": district_standard_map(rows, year=year, link=False),
        "signature_lines": signature_lines(plan.signer_title),
        "assessment": assessment,
        "today": today,
        # The date and number staff gave the report (the assessment form), or the end of the
        # reported period and a draft without number (Decree 30/2020: numbered when issued).
        "report_date": report_date(plan, year, assessment=assessment, today=today),
        "report_number": assessment.number if assessment else "",
    }
    # The People's Committees the report goes to: the districts' until they ended (30/06/2025),
    # the communes' after, and always for a province without districts.
    ended = plan.scope.valid_to is not None and context["report_date"] > plan.scope.valid_to
    context["district_recipients"] = bool(rows) and not ended
    # WeasyPrint takes half a second to import: only the PDF views pay for it.
    from ntm_portal.lib.pdf import render_pdf

    return render_pdf("pdf/progress_report.html", context, request=request)
