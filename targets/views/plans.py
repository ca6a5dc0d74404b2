from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from ntm_portal.lib.concurrency import OptimisticLockViewMixin, stale_action
from ntm_portal.lib.history import history_rows
from ntm_portal.lib.reference import LoadReport
from targets import plan_file
from targets.consistency import check_plan
from targets.forms.plans import (
    IndicatorForm,
    IndicatorTargetsForm,
    NamedTargetForm,
    PlanFileForm,
    PlanForm,
)
from targets.models import Indicator, NamedTarget, Plan, PlanCriteriaSet, YearlyTarget
from units.access import (
    Capability,
    CapabilityRequiredMixin,
    ScopedObjectMixin,
    get_scoped_or_403,
    require_capability,
)


class PlanListView(CapabilityRequiredMixin, ListView):
    model = Plan

    def get_queryset(self):
        return Plan.objects.for_user(self.request.user).select_related("scope")


class PlanDetailView(ScopedObjectMixin, DetailView):
    model = Plan

    def get_queryset(self):
        return Plan.objects.select_related("scope")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        indicators = list(plan.indicators.prefetch_related("yearly_targets"))
        for indicator in indicators:
            by_year = {target.year: target for target in indicator.yearly_targets.all()}
            indicator.row = [by_year.get(year) for year in plan.years]
        context["indicators"] = indicators
        context["named_targets"] = plan.named_targets.select_related("unit")
        context["discrepancy_count"] = len(check_plan(plan))
        return context


class PlanCreateView(CapabilityRequiredMixin, SuccessMessageMixin, CreateView):
    model = Plan
    form_class = PlanForm
    capability = Capability.EDIT_PLAN
    success_message = "Đã tạo kế hoạch. Hãy thêm các chỉ tiêu của kế hoạch."


class PlanUpdateView(OptimisticLockViewMixin, ScopedObjectMixin, SuccessMessageMixin, UpdateView):
    model = Plan
    form_class = PlanForm
    capability = Capability.EDIT_PLAN
    success_message = "Đã lưu thông tin kế hoạch."


def plan_targets_edit(request, pk):
    """All yearly targets of a plan on one page, validated indicator by indicator."""
    plan = get_scoped_or_403(Plan, request.user, Capability.EDIT_PLAN, pk=pk)
    indicators = list(plan.indicators.prefetch_related("yearly_targets"))
    data = request.POST if request.method == "POST" else None
    forms = [IndicatorTargetsForm(data, indicator=indicator) for indicator in indicators]
    if request.method == "POST":
        if all(form.is_valid() for form in forms):
            with transaction.atomic():
                for form in forms:
                    form.save()
            messages.success(request, "Đã lưu các chỉ tiêu của kế hoạch.")
            return redirect("targets:plan_detail", pk=plan.pk)
        messages.error(
            request, "Chưa lưu: có chỉ tiêu không hợp lệ, xem các ô được đánh dấu bên dưới."
        )
    return render(request, "targets/plan_targets_form.html", {"plan": plan, "forms": forms})


def indicator_create(request, pk):
    plan = get_scoped_or_403(Plan, request.user, Capability.EDIT_PLAN, pk=pk)
    form = IndicatorForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        indicator = form.save()
        messages.success(request, f"Đã thêm chỉ tiêu “{indicator.name}”.")
        return redirect("targets:plan_targets_edit", pk=plan.pk)
    return render(request, "targets/indicator_form.html", {"plan": plan, "form": form})


def named_target_create(request, pk):
    plan = get_scoped_or_403(Plan, request.user, Capability.EDIT_PLAN, pk=pk)
    form = NamedTargetForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        target = form.save()
        messages.success(request, f"Đã thêm mục tiêu: {target}.")
        return redirect("targets:plan_detail", pk=plan.pk)
    return render(request, "targets/namedtarget_form.html", {"plan": plan, "form": form})


def named_target_delete(request, pk):
    """A page that says what deleting the target changes; deleted only when confirmed (POST)."""
    target = get_scoped_or_403(NamedTarget, request.user, Capability.EDIT_PLAN, pk=pk)
    plan_pk = target.plan_id
    stale = stale_action(request, target, action="xóa") if request.method == "POST" else None
    if stale:
        messages.error(request, stale)
        target.refresh_from_db()  # as the other person saved it: the page shows what is deleted
    elif request.method == "POST":
        target._history_user = request.user
        target.delete()
        messages.success(request, f"Đã xóa mục tiêu: {target}.")
        return redirect("targets:plan_detail", pk=plan_pk)
    return render(request, "targets/namedtarget_confirm_delete.html", {"target": target})


def plan_check(request, pk):
    plan = get_scoped_or_403(Plan, request.user, Capability.VIEW, pk=pk)
    return render(
        request, "targets/plan_check.html", {"plan": plan, "discrepancies": check_plan(plan)}
    )


def plan_history(request, pk):
    plan = get_scoped_or_403(Plan, request.user, Capability.VIEW, pk=pk)
    indicator_ids = list(plan.indicators.values_list("pk", flat=True))
    rows = history_rows(
        Plan.history.filter(id=plan.pk),
        Indicator.history.filter(id__in=indicator_ids),
        YearlyTarget.history.filter(indicator_id__in=indicator_ids),
        NamedTarget.history.filter(plan_id=plan.pk),
        PlanCriteriaSet.history.filter(plan_id=plan.pk),
    )
    return render(request, "targets/plan_history.html", {"plan": plan, "history": rows})


def plan_import(request):
    """Staff load a plan from its file (the format of `manage.py load_plan`): every refused line
    is listed with its reason and nothing is written; a plan already in the portal is not
    overwritten (the differences are listed; edit it on its page)."""
    require_capability(request.user, Capability.EDIT_PLAN)
    form = PlanFileForm(request.POST or None, request.FILES or None)
    problems, differing = [], []
    if request.method == "POST" and form.is_valid():
        name, text = form.cleaned_data["file"]
        report = LoadReport()
        try:
            plan = plan_file.load_text(text, name, report, update=False)
        except plan_file.PlanFileError as error:
            problems = error.lines()
        else:
            differing = report.differing
            if not differing:
                if report.changed:
                    messages.success(
                        request, f"Đã nạp {plan} từ tệp {name}: thêm {report.created} mục."
                    )
                else:
                    messages.info(request, f"{plan} đã có đúng như tệp {name}: không thay đổi gì.")
                return redirect(plan)
    return render(
        request,
        "targets/plan_import.html",
        {"form": form, "problems": problems, "differing": differing},
        status=400 if problems else 200,
    )


def plan_export(request, pk):
    """The plan's file, to keep, edit and load again (or into another portal)."""
    plan = get_scoped_or_403(Plan, request.user, Capability.VIEW, pk=pk)
    response = HttpResponse(
        plan_file.dumps(plan_file.export(plan)), content_type="application/json; charset=utf-8"
    )
    safe = plan.number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="ke-hoach-{safe}.json"'
    return response
