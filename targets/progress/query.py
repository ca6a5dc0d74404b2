"""The question every progress output answers: which plan, which year, on which basis, for which
scope. The dashboard, a district's page, the JSON, the PDF report and the `progress` command all
read it through `ProgressQuery`, with the same defaults and the same messages.

Plans are those the asker may see (`Plan.objects.for_user`; every plan for a command). A value
that is not understood gets one message naming it, and every output refuses the question the same
way: no numbers for a plan, year, basis or scope nobody asked for. The JSON and the PDF answer 400
with the message, the command exits 2 with it, and a page answers 400 showing the message and its
selector set to the defaults (`defaults_question`), so that a person picks again in one click.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from targets.models import Plan
from targets.progress.counting import Basis, default_year
from units.models import Unit


def default_plan(plans, today=None):
    """The plan a person expects when they name none: the plan in force today by its years (the
    latest started, if two overlap), else the latest that has started, else the first to come.

    Plans are ordered newest first, so without this rule a 2026–2030 plan entered in advance
    would open the dashboard before its first year. Reads `plans` once (a list or queryset).
    """
    year = (today or timezone.localdate()).year
    plans = list(plans)
    in_force = [p for p in plans if p.start_year <= year <= p.end_year]
    started = [p for p in plans if p.start_year <= year]
    if in_force or started:
        return max(in_force or started, key=lambda p: (p.start_year, p.end_year, p.pk))
    return min(plans, key=lambda p: (p.start_year, p.pk), default=None)


@dataclass(frozen=True)
class ProgressQuestion:
    plan: Plan | None
    year: int | None
    basis: Basis
    scope: Unit | None = None


class ProgressQueryError(Exception):
    """A progress question that cannot be answered; the message names the value."""


class ProgressQuery(forms.Form):
    plan = forms.CharField(required=False)
    year = forms.CharField(required=False)
    basis = forms.CharField(required=False)
    scope = forms.CharField(required=False)

    def __init__(self, data=None, *, plans=None, with_scope=True):
        super().__init__(data or {})
        self.plans = Plan.objects.all() if plans is None else plans
        if not with_scope:
            del self.fields["scope"]
        # What a page shows instead of a value it could not read.
        self.defaults = {"basis": Basis.STANDARD}

    def _plan(self):
        return self.cleaned_data.get("plan") or self.defaults.get("plan")

    def clean_plan(self):
        value = self.cleaned_data["plan"].strip()
        plan = self.plans.filter(number=value).first() if value else default_plan(self.plans)
        if plan is None:
            self.defaults["plan"] = default_plan(self.plans)
            raise ValidationError(
                f"Không có kế hoạch số “{value}”."
                if value
                else "Chưa có kế hoạch nào trong hệ thống."
            )
        return plan

    def clean_year(self):
        plan, value = self._plan(), self.cleaned_data["year"].strip()
        if plan is None:
            return None
        self.defaults["year"] = default_year(plan)
        if value == "":
            return default_year(plan)
        year = int(value) if value.isdigit() else None
        # The baseline year can be asked too: it shows the register against the plan's baseline.
        if year is None or not plan.baseline_year <= year <= plan.end_year:
            raise ValidationError(
                f"Năm “{value}” không thuộc giai đoạn {plan.period} của kế hoạch {plan.number}."
            )
        return year

    def clean_basis(self):
        value = self.cleaned_data["basis"].strip()
        if value == "":
            return Basis.STANDARD
        if value not in Basis.values:
            raise ValidationError(
                f"Cách tính “{value}” không hợp lệ: dùng “standard” (theo năm đạt chuẩn) "
                "hoặc “decision” (theo ngày quyết định)."
            )
        return Basis(value)

    def clean_scope(self):
        plan, value = self._plan(), self.cleaned_data["scope"].strip()
        if value == "" or plan is None:
            return None
        if value == plan.scope.code:
            return None  # the plan's province: the whole plan
        # A district of the province, or a commune-level unit (xã, phường, đặc khu) of the
        # province or of one of its districts, valid in the plan's years (a code may be reused:
        # 30742 is a ward until 30/06/2025 and another from 01/07/2025).
        start = datetime.date(plan.baseline_year, 1, 1)
        end = datetime.date(plan.end_year, 12, 31)
        unit = (
            Unit.objects.filter(code=value)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
            .exclude(valid_to__lt=start)
            .filter(
                Q(level=Unit.Level.DISTRICT, parent_id=plan.scope_id)
                | Q(level=Unit.Level.COMMUNE, parent_id=plan.scope_id)
                | Q(level=Unit.Level.COMMUNE, parent__parent_id=plan.scope_id)
            )
            .order_by("-valid_from")
            .first()
        )
        if unit is None:
            raise ValidationError(
                f"Mã “{value}” không phải tỉnh, đơn vị cấp huyện hay đơn vị cấp xã thuộc địa bàn "
                f"của kế hoạch {plan.number} trong giai đoạn {plan.period}."
            )
        return unit

    def _value(self, name):
        if name in self.errors or name not in self.fields:
            return self.defaults.get(name)
        return self.cleaned_data.get(name)

    def question(self):
        """The question asked; ProgressQueryError naming every value that was not understood."""
        if not self.is_valid():
            raise ProgressQueryError(" ".join(self.messages()))
        return self._question()

    def _question(self):
        return ProgressQuestion(
            plan=self._value("plan"),
            year=self._value("year"),
            basis=self._value("basis"),
            scope=self._value("scope"),
        )

    def defaults_question(self):
        """The question with each value not understood replaced by its default: what the
        selector of a page that refused the question offers instead."""
        self.is_valid()
        return self._question()

    def messages(self):
        return [message for messages in self.errors.values() for message in messages]
