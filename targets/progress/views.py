"""Progress against the plan: the dashboard, a district's page, the numbers as JSON, and the
district section of a unit's page. All numbers come from targets.progress."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import TemplateView

from targets.models import Plan
from targets.progress import (
    Basis,
    Tracker,
    commune_rows,
    default_year,
    parse_basis,
    parse_plan,
    parse_scope,
    parse_year,
    progress_as_dict,
)
from units.access import Capability, CapabilityRequiredMixin, require_capability
from units.models import Unit
from units.sections import children_section


def read_choices(request):
    """Plan, year and basis from the query string. A bad value is named in a message and the
    default is used instead, so the page always shows numbers."""
    plans = Plan.objects.for_user(request.user)
    try:
        plan = parse_plan(request.GET.get("plan"), plans)
    except ValueError as error:
        plan = plans.first()
        if plan is not None:
            messages.warning(request, f"{error} Đang hiển thị kế hoạch {plan.number}.")
    if plan is None:
        return None, None, Basis.STANDARD
    try:
        year = parse_year(plan, request.GET.get("year"))
    except ValueError as error:
        year = default_year(plan)
        messages.warning(request, f"{error} Đang hiển thị năm {year}.")
    try:
        basis = parse_basis(request.GET.get("basis"))
    except ValueError as error:
        basis = Basis.STANDARD
        messages.warning(request, f"{error} Đang tính {basis.label.lower()}.")
    return plan, year, basis


class ProgressPageMixin(CapabilityRequiredMixin):
    """The plan, year and basis a progress page shows, and the choices for its selector."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, year, basis = read_choices(self.request)
        context.update(
            plan=plan,
            year=year,
            basis=basis,
            basis_label=Basis(basis).label,
            bases=Basis.choices,
            plans=Plan.objects.for_user(self.request.user),
        )
        return context


class DashboardView(ProgressPageMixin, TemplateView):
    """Plan against actual for the whole province: what leadership opens first."""

    template_name = "targets/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, year, basis = context["plan"], context["year"], context["basis"]
        if plan is not None:
            tracker = Tracker(plan)
            context.update(
                progress=tracker.progress(year=year, basis=basis),
                series=tracker.trajectory(basis=basis),
                district_rows=tracker.district_rows(year=year, basis=basis),
                attention=tracker.attention_items(year=year, basis=basis),
            )
        return context


class DistrictProgressView(ProgressPageMixin, TemplateView):
    """One district-level unit: its communes' standards, criteria and plans, and its trajectory."""

    template_name = "targets/district_progress.html"

    def get_context_data(self, **kwargs):
        district = get_object_or_404(
            Unit.objects.for_user(self.request.user).districts().order_by("-valid_from"),
            code=self.kwargs["code"],
        )
        context = super().get_context_data(district=district, **kwargs)
        plan, year, basis = context["plan"], context["year"], context["basis"]
        if plan is not None:
            tracker = Tracker(plan)
            context.update(
                progress=tracker.progress(year=year, scope=district, basis=basis),
                series=tracker.trajectory(scope=district, basis=basis),
            )
        context["communes"] = commune_rows(
            district, year=year or timezone.localdate().year, basis=basis
        )
        return context


def progress_json(request):
    """The dashboard's numbers for machines: ?plan=168/KH-UBND&year=2025&basis=…&scope=CODE.

    Unlike the pages, a bad parameter is an error (400) naming it: a script must not receive
    numbers for a year or basis it did not ask for.
    """
    require_capability(request.user, Capability.VIEW)
    plans = Plan.objects.for_user(request.user)
    try:
        plan = parse_plan(request.GET.get("plan"), plans)
        year = parse_year(plan, request.GET.get("year"))
        basis = parse_basis(request.GET.get("basis"))
        scope = parse_scope(plan, request.GET.get("scope"))
    except ValueError as error:
        return JsonResponse(
            {"error": str(error)}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    progress = Tracker(plan).progress(year=year, scope=scope, basis=basis)
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
