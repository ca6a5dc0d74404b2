"""The assessment staff write before printing a year's progress report: its form and page."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ntm_portal.lib.concurrency import VersionedFormMixin
from ntm_portal.lib.history import history_rows
from targets.models import Plan, ReportAssessment
from units.access import Capability, get_scoped_or_403


class ReportAssessmentForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ReportAssessment
        fields = ["number", "issued_on", "overall", "shortcomings", "proposals"]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 6}) for name in fields[2:]},
            "number": forms.TextInput(attrs={"placeholder": "ví dụ 125/BC-UBND"}),
            "issued_on": forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        }
        help_texts = {
            "overall": "Kết quả nổi bật, cách làm hay; in ở mục V của báo cáo.",
            "shortcomings": "Những chỉ tiêu, đơn vị chưa đạt và nguyên nhân.",
            "proposals": "Kiến nghị với Trung ương, tỉnh, các sở ngành.",
        }


def report_assessment_edit(request, pk, year):
    """Staff write the assessment of a plan's year; the report PDF of that year prints it."""
    plan = get_scoped_or_403(Plan, request.user, Capability.EDIT_PLAN, pk=pk)
    if year not in range(plan.start_year, plan.end_year + 1):
        raise Http404(
            f"Kế hoạch {plan.number} không có năm báo cáo {year} "
            f"(từ {plan.start_year} đến {plan.end_year})."
        )
    assessment = ReportAssessment.objects.filter(plan=plan, year=year).first()
    assessment = assessment or ReportAssessment(plan=plan, year=year)
    form = ReportAssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Đã lưu phần đánh giá của báo cáo năm {year}.")
        return redirect(f"{reverse('targets:dashboard')}?plan={plan.number}&year={year}")
    return render(
        request,
        "targets/report_assessment_form.html",
        {
            "plan": plan,
            "year": year,
            "form": form,
            "history": history_rows(ReportAssessment.history.filter(plan_id=plan.pk, year=year)),
        },
    )
