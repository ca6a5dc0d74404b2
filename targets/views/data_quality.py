"""What the register still lacks, for staff to complete: recognitions flagged when recorded
(without the decision's number or date, standard year, or the lower standard's decision), each
completed through its edit page; for an indicator of a plan, the units that the register itself
implies are missing in a year and those that may be missing in the plan's baseline year; and the
scopes staff have reconciled (“đã đối chiếu đủ đến năm …”, who and when), with the form that
declares it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from ntm_portal.lib.forms import add_errors
from targets.forms.certifications import ReconciliationForm
from targets.models import Certification, Plan, Reconciliation
from targets.progress.counting import ProgressCounter
from targets.progress.query import ProgressQuery, ProgressQueryError
from targets.services import reconcile
from units.access import Capability, access_of, require_capability


def data_quality(request):
    require_capability(request.user, Capability.VIEW)
    can_record = access_of(request.user).can(Capability.RECORD_CERTIFICATION)
    form = None
    if can_record:
        form = ReconciliationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require_capability(request.user, Capability.RECORD_CERTIFICATION)
        if form.is_valid():
            try:
                reconciliation = reconcile(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Đã ghi: sổ công nhận của {reconciliation.scope} đã đối chiếu đủ đến năm "
                    f"{reconciliation.up_to_year}. Từ nay các đánh giá đến năm này là chính thức.",
                )
                return redirect(request.get_full_path())
    lacking = (
        Certification.objects.for_user(request.user)
        .to_complete()
        .select_related("unit__parent", "decision")
        .order_by("standard_year", "unit__sort_key", "unit__code", "pk")
    )
    page = Paginator(lacking, 50).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
        "can_record": can_record,
        "reconciliation_form": form,
        "reconciliations": Reconciliation.objects.select_related("scope", "reconciled_by").order_by(
            "-scope__level", "scope__sort_key"
        ),
    }
    key = request.GET.get("indicator", "")
    if key:
        plans = Plan.objects.for_user(request.user)
        query = ProgressQuery(request.GET, plans=plans, with_scope=False)
        try:
            question = query.question()
        except ProgressQueryError as error:
            # Refused as every progress output refuses it: named, no numbers (400).
            context["refused"] = str(error)
            return render(request, "targets/data_quality.html", context, status=400)
        level, _, standard = key.rpartition("_")
        indicator = (
            question.plan
            and question.plan.indicators.filter(level=level, standard=standard).first()
        )
        if indicator:
            counter = ProgressCounter(question.plan)
            year = question.plan.baseline_year
            context.update(
                plan=question.plan,
                indicator=indicator,
                item=counter.indicator_progress(indicator, year=year, basis=question.basis),
                candidates=counter.units_without(indicator, year, question.basis),
                basis_label=question.basis.label,
                year=question.year,
                implied=counter.implied_units(indicator, question.year, None, question.basis),
            )
    return render(request, "targets/data_quality.html", context)
