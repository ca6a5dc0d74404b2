from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.generic import DetailView, ListView, UpdateView

from ntm_portal.lib.history import history_rows
from units.access import (
    ROLE_CAPABILITIES,
    Capability,
    CapabilityRequiredMixin,
    Role,
    Scope,
    ScopedObjectMixin,
    access_of,
)
from units.forms import UnitContactForm
from units.models import Unit
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
        rows.append((capability, [ROLE_CAPABILITIES[role].get(capability) for role in Role]))
    return render(
        request,
        "units/roles.html",
        {"roles": list(Role), "rows": rows, "scope_labels": dict(Scope.choices)},
    )


class UnitListView(CapabilityRequiredMixin, ListView):
    """The province with its district-level units, or search results over all units."""

    model = Unit
    paginate_by = 50

    def get_queryset(self):
        units = Unit.objects.for_user(self.request.user).select_related("parent")
        self.query = self.request.GET.get("q", "").strip()
        if self.query:
            return units.search(self.query).in_vietnamese_order()
        return (
            units.districts()
            .annotate(commune_count=Count("children", filter=Q(children__level=Unit.Level.COMMUNE)))
            .in_vietnamese_order()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.query:
            notes = list_notes(context["object_list"])
            for unit in context["object_list"]:
                unit.notes = notes.get(unit.pk, [])
        context["query"] = self.query
        context["province"] = Unit.objects.provinces().order_by("valid_from").last()
        return context


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
        context["can_edit_contact"] = (
            Unit.objects.for_user(self.request.user, Capability.EDIT_CONTACT)
            .filter(pk=unit.pk)
            .exists()
        )
        return context


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
        return reverse("units:unit_detail", args=[self.object.code])
