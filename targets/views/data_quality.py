"""What the register still lacks: recognitions known only from a source (without the decision's
number and date), for staff to complete through the edit page, and, for an indicator of a plan,
the units that may be missing from the register in the plan's baseline year."""

from django.core.paginator import Paginator
from django.shortcuts import render

from targets.models import Certification, Plan
from targets.progress.counting import ProgressCounter
from targets.progress.query import ProgressQuery, ProgressQueryError
from units.access import Capability, access_of, require_capability


def data_quality(request):
    require_capability(request.user, Capability.VIEW)
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
        "can_record": access_of(request.user).can(Capability.RECORD_CERTIFICATION),
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
            )
    return render(request, "targets/data_quality.html", context)
