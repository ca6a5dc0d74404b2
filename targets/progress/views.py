"""Progress against the plan: the dashboard, a district's page, the numbers as JSON, and the
district section of a unit's page. All numbers come from targets/progress/counting.py."""

from functools import partial

from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView

from targets.models import Plan, Standard
from targets.progress import cache as progress_cache
from targets.progress.counting import Basis, commune_rows, predecessors_record, progress_as_dict
from targets.progress.query import ProgressQuery, ProgressQueryError
from units.access import Capability, CapabilityRequiredMixin, require_capability
from units.models import Unit
from units.sections import children_section
from units.views import year_asked


class ProgressPageMixin(CapabilityRequiredMixin):
    """The plan, year and basis a progress page shows, and the choices for its selector.

    A value not understood is refused as by the JSON, the PDF and the command (400): the page
    names it and offers the selector set to the defaults, and shows no numbers."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if response.context_data.get("refused"):
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plans = Plan.objects.for_user(self.request.user).select_related("scope")
        # Read once: the selector lists them and the default plan is the first (no second query).
        len(plans)
        query = ProgressQuery(self.request.GET, plans=plans, with_scope=False)
        try:
            question = query.question()
        except ProgressQueryError as error:
            question = query.defaults_question()
            if plans:  # with no plan at all there is nothing to ask: the page says so
                context["refused"] = str(error)
        context.update(
            plan=question.plan,
            year=question.year,
            basis=question.basis,
            basis_label=Basis(question.basis).label,
            bases=Basis.choices,
            plans=plans,
        )
        return context


class DashboardView(ProgressPageMixin, TemplateView):
    """Plan against actual for the whole province: what leadership opens first."""

    template_name = "targets/dashboard.html"
    NUMBERS = ("progress", "series", "district_rows", "commune_rows", "attention", "at_risk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, year, basis = context["plan"], context["year"], context["basis"]
        if plan is not None and not context.get("refused"):
            # Cached until the data changes (targets/progress/cache.py), and read only when the
            # template renders them: the page's sections are a fragment cached on the data
            # version and the user's access (templates/targets/dashboard.html), so a second view
            # on the same data neither counts nor unpickles the numbers (issue #22).
            numbers = {}

            def number(name):
                if not numbers:
                    numbers.update(progress_cache.dashboard_numbers(plan, year, basis))
                return numbers[name]

            for name in self.NUMBERS:
                context[name] = SimpleLazyObject(partial(number, name))
        return context


class DistrictProgressView(ProgressPageMixin, TemplateView):
    """One district-level unit: its communes' standards, criteria and plans, and its trajectory."""

    template_name = "targets/district_progress.html"

    def get_context_data(self, **kwargs):
        district = (
            Unit.objects.for_user(self.request.user)
            .districts()
            .by_code(self.kwargs["code"], year=year_asked(self.request))
        )
        if district is None:
            raise Http404("Không có đơn vị cấp huyện mã này.")
        context = super().get_context_data(district=district, **kwargs)
        plan, year, basis = context["plan"], context["year"], context["basis"]
        if context.get("refused"):
            return context
        if plan is not None:
            context.update(progress_cache.district_numbers(plan, year, basis, district))
        context["communes"] = commune_rows(
            district, year=year or timezone.localdate().year, basis=basis
        )
        return context


def progress_json(request):
    """The dashboard's numbers for machines: ?plan=168/KH-UBND&year=2025&basis=…&scope=CODE.

    A value not understood is an error (400) naming it (see targets/progress/query.py).
    """
    require_capability(request.user, Capability.VIEW)
    query = ProgressQuery(request.GET, plans=Plan.objects.for_user(request.user))
    try:
        question = query.question()
    except ProgressQueryError as error:
        return JsonResponse(
            {"error": str(error)}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    progress = progress_cache.progress_numbers(
        question.plan, question.year, question.basis, question.scope
    )
    return JsonResponse(progress_as_dict(progress), json_dumps_params={"ensure_ascii": False})


def district_communes_section(request, unit):
    """The communes of a district on its unit page, with standard and criteria met today.

    The province keeps the plain list of its district-level units.
    """
    if not unit.is_district:
        return children_section(request, unit)
    year = timezone.localdate().year
    if unit.valid_to is not None:
        year = min(year, unit.valid_to.year)
    return render_to_string(
        "targets/_district_communes.html",
        {
            "unit": unit,
            "communes": commune_rows(unit, year=year),
            "year": year,
            "basis": Basis.STANDARD,
            "basis_label": Basis.STANDARD.label,
            "with_progress_link": True,
        },
        request=request,
    )


def predecessors_record_section(request, unit):
    """On the page of a unit of 01/07/2025: what its old xã reached by 30/06/2025, counted as
    the district pages count (counting.predecessors_record); "" for a unit without old xã."""
    rows, summary = predecessors_record(unit)
    if not rows:
        return ""
    return render_to_string(
        "targets/_predecessors_record.html",
        {
            "unit": unit,
            "rows": rows,
            "summary": summary,
            "end": rows[0][0].valid_to,
            "standard_labels": Standard.choices,
        },
        request=request,
    )
