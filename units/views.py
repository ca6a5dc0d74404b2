from datetime import date

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.generic import DetailView, ListView, UpdateView

from ntm_portal.lib.dataio.export import ExportListMixin
from ntm_portal.lib.history import history_rows
from units.access import (
    ASSIGNED_UNIT_LABELS,
    ROLE_CAPABILITIES,
    Capability,
    CapabilityRequiredMixin,
    Role,
    Scope,
    ScopedObjectMixin,
    access_of,
)
from units.exports import UNITS
from units.forms import UnitContactForm
from units.models import Unit, UnitSuccession
from units.sections import list_notes, render_sections
from units.tasks import tasks_for


def home(request):
    user_access = access_of(request.user)
    # Leadership reads, it does not edit: its home is the progress dashboard.
    if user_access.role == Role.LEADERSHIP:
        return redirect("targets:dashboard")
    allowed = (
        [
            (capability, ROLE_CAPABILITIES[user_access.role][capability])
            for capability in Capability
            if user_access.can(capability)
        ]
        if user_access.role
        else []
    )
    return render(request, "home.html", {"allowed": allowed, "tasks": tasks_for(request.user)})


def roles(request):
    """What each role may do, and where: the same table the access checks read."""
    rows = []
    for capability in Capability:
        cells = []
        for role in Role:
            scope = ROLE_CAPABILITIES[role].get(capability)
            cells.append((scope, _scope_label(role, scope)))
        rows.append((capability, cells))
    return render(
        request,
        "units/roles.html",
        {"roles": list(Role), "rows": rows, "scope_labels": dict(Scope.choices)},
    )


def _scope_label(role, scope):
    if scope == Scope.PROVINCE:
        return "Toàn tỉnh"
    if scope == Scope.DISTRICT:
        return ASSIGNED_UNIT_LABELS[role]
    return "—"


class UnitListView(CapabilityRequiredMixin, ExportListMixin, ListView):
    """The province with its units, or search results over all units: those whose name or code
    matches, then the units before or after the 2025 reorganisation of those on the page (an old
    name finds the new unit and the other way round)."""

    model = Unit
    paginate_by = 50
    export = UNITS

    def get_queryset(self):
        units = Unit.objects.for_user(self.request.user).select_related("parent")
        self.query = self.request.GET.get("q", "").strip()
        if self.query:
            return units.search(self.query).in_vietnamese_order()
        return (
            units.districts()
            .annotate(
                commune_count=Count(
                    "children",
                    filter=Q(children__level=Unit.Level.COMMUNE, children__kind=Unit.Kind.XA),
                )
            )
            .in_vietnamese_order()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.query:
            found = list(context["object_list"])
            lineage = _lineage_of(found)
            related = (
                Unit.objects.for_user(self.request.user)
                .filter(pk__in={pk for pks in lineage.values() for pk, _ in pks})
                .exclude(pk__in=[unit.pk for unit in found])
                .select_related("parent")
                .in_vietnamese_order()
            )
            notes = list_notes(found)
            names = {unit.pk: unit for unit in [*found, *related]}
            for unit in found:
                unit.notes = notes.get(unit.pk, [])
                unit.lineage = [(names.get(pk), text) for pk, text in lineage.get(unit.pk, [])]
            context["related_units"] = related
        context["query"] = self.query
        provinces = sorted(Unit.objects.provinces(), key=lambda unit: unit.valid_from or date.min)
        context["province"] = provinces[-1] if provinces else None
        context["earlier_provinces"] = provinces[:-1]
        if context["province"] is not None:
            context["province_communes"] = (
                context["province"].children.communes().in_vietnamese_order()
            )
        return context


def _lineage_of(units):
    """{unit pk: [(pk of the unit before or after, "nay là" / "trước là"), …]} in one query."""
    pks = [unit.pk for unit in units]
    rows = UnitSuccession.objects.filter(Q(predecessor__in=pks) | Q(successor__in=pks)).values_list(
        "predecessor", "successor"
    )
    lineage = {}
    for before, after in rows:
        if before in pks:
            lineage.setdefault(before, []).append((after, "nay thuộc"))
        if after in pks:
            lineage.setdefault(after, []).append((before, "từ"))
    return lineage


def year_asked(request):
    """?year=2024 on a unit's address picks the unit of that code valid in that year."""
    year = request.GET.get("year", "")
    return int(year) if year.isdigit() and len(year) == 4 else None


class UnitDetailView(CapabilityRequiredMixin, DetailView):
    model = Unit
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_object(self, queryset=None):
        units = Unit.objects.for_user(self.request.user).select_related("parent__parent")
        unit = units.by_code(self.kwargs["code"], year=year_asked(self.request))
        if unit is None:
            raise Http404("Không có đơn vị mã này trong phạm vi của bạn.")
        return unit

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.object
        context["sections"] = render_sections(self.request, unit)
        context["history"] = history_rows(unit.history.all())
        context["breadcrumbs"] = unit.ancestors()
        context["same_code_units"] = unit.same_code_units()
        context.update(lineage_context(unit))
        context["can_edit_contact"] = (
            Unit.objects.for_user(self.request.user, Capability.EDIT_CONTACT)
            .filter(pk=unit.pk)
            .exists()
        )
        return context


def lineage_context(unit):
    """What units/_lineage.html shows: the units this one went into, and those it came from."""
    return {
        "unit": unit,
        "became": unit.succession_rows.select_related("successor").order_by("successor__sort_key"),
        "came_from": unit.predecession_rows.select_related("predecessor__parent").order_by(
            "predecessor__parent__sort_key", "predecessor__sort_key"
        ),
    }


class UnitContactUpdateView(ScopedObjectMixin, UpdateView):
    model = Unit
    form_class = UnitContactForm
    capability = Capability.EDIT_CONTACT
    template_name = "units/unit_contact_form.html"

    def get_object_lookup(self):
        unit = Unit.objects.by_code(self.kwargs["code"], year=year_asked(self.request))
        return {"pk": unit.pk if unit else None}

    def get_queryset(self):
        return Unit.objects.select_related("parent__parent").order_by("-valid_from")

    def form_valid(self, form):
        messages.success(self.request, f"Đã cập nhật đầu mối liên hệ của {self.object}.")
        return super().form_valid(form)

    def get_success_url(self):
        return self.object.get_absolute_url()
