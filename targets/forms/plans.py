from decimal import Decimal

from django import forms
from django.db import transaction

from ntm_portal.lib.concurrency import VersionedFormMixin
from ntm_portal.lib.uploads import FileContent
from targets.models import Indicator, NamedTarget, Plan, Standard, YearlyTarget
from units.models import Unit


class PlanForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "number",
            "title",
            "movement_name",
            "issuer",
            "issued_on",
            "signer",
            "signer_title",
            "scope",
            "baseline_year",
            "start_year",
            "end_year",
            "criteria_sets",
            "source",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "issued_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "criteria_sets": forms.CheckboxSelectMultiple,
            "source": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = Unit.objects.provinces().order_by("-valid_from")
        # Two provinces carry code 91: Kiên Giang until 30/06/2025, An Giang from 01/07/2025.
        self.fields["scope"].label_from_instance = lambda unit: (
            f"{unit.full_name} ({unit.validity_text})" if unit.validity_text else unit.full_name
        )
        self.fields["criteria_sets"].label_from_instance = lambda criteria_set: criteria_set.label
        self.fields["issued_on"].widget.format = "%d/%m/%Y"

    def _save_m2m(self):
        # Each link a row with its history (Plan.set_criteria_sets), not a bulk insert.
        self.instance.set_criteria_sets(self.cleaned_data.get("criteria_sets") or [])

    def clean(self):
        cleaned = super().clean()
        scope, start, end = (cleaned.get(name) for name in ("scope", "start_year", "end_year"))
        if scope and start and end and not (scope.exists_in(start) and scope.exists_in(end)):
            self.add_error(
                "scope",
                f"{scope.full_name} ({scope.validity_text}) không còn hiệu lực trong cả giai đoạn "
                f"{start}–{end}: chọn đơn vị cấp tỉnh của giai đoạn này.",
            )
        for criteria_set in cleaned.get("criteria_sets") or []:
            if (start and end) and (
                criteria_set.valid_from.year > end
                or (criteria_set.valid_to is not None and criteria_set.valid_to.year < start)
            ):
                self.add_error(
                    "criteria_sets",
                    f"{criteria_set.label} không áp dụng trong giai đoạn {start}–{end}.",
                )
        return cleaned


class PlanFileForm(forms.Form):
    """A plan file (targets/plan_file.py) uploaded by staff: the format `export_plan` writes."""

    MAX_BYTES = 2 * 1024 * 1024

    file = forms.FileField(
        label="Tệp kế hoạch (.json)",
        help_text="Cùng định dạng với tệp tải về từ trang một kế hoạch (“Tải tệp kế hoạch”).",
        validators=[FileContent(["json"], "Tệp kế hoạch")],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 2 MB: tệp kế hoạch thường chỉ vài chục KB.")
        try:
            return upload.name, upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                "Tệp không phải văn bản UTF-8: hãy chọn tệp .json tải về từ cổng."
            ) from error


class IndicatorForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "level",
            "standard",
            "name",
            "denominator",
            "baseline",
            "stated_period_increment",
            "position",
        ]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan

    @transaction.atomic
    def save(self, commit=True):
        indicator = super().save()
        # A new indicator starts flat at its baseline; staff then enter the yearly targets.
        for year in indicator.plan.years:
            YearlyTarget.objects.get_or_create(
                indicator=indicator, year=year, defaults={"cumulative": indicator.baseline}
            )
        return indicator


class IndicatorTargetsForm(VersionedFormMixin, forms.Form):
    """One indicator's row: denominator, baseline and, for each year, total, increment and %.

    The row is validated as a whole, because the rules are about the sequence: a cumulative target
    never decreases from one year to the next and never exceeds the denominator.
    """

    denominator = forms.IntegerField(label="Mẫu số", min_value=1)
    baseline = forms.IntegerField(label="Năm gốc", min_value=0)
    stated_period_increment = forms.IntegerField(
        label="Tăng thêm cả giai đoạn", min_value=0, required=False
    )

    def __init__(self, *args, indicator, **kwargs):
        self.indicator = indicator
        self.years = indicator.plan.years
        targets = {target.year: target for target in indicator.yearly_targets.all()}
        initial = {
            "denominator": indicator.denominator,
            "baseline": indicator.baseline,
            "stated_period_increment": indicator.stated_period_increment,
        }
        for year in self.years:
            target = targets.get(year)
            initial[f"cumulative_{year}"] = target.cumulative if target else None
            initial[f"increment_{year}"] = target.stated_increment if target else None
            initial[f"percentage_{year}"] = target.stated_percentage if target else None
        kwargs.setdefault("version_records", [indicator])
        super().__init__(*args, initial=initial, prefix=f"i{indicator.pk}", **kwargs)
        for year in self.years:
            self.fields[f"cumulative_{year}"] = forms.IntegerField(
                label=f"Lũy kế {year}", min_value=0
            )
            self.fields[f"increment_{year}"] = forms.IntegerField(
                label=f"Tăng thêm {year}", min_value=0, required=False
            )
            self.fields[f"percentage_{year}"] = forms.DecimalField(
                label=f"Tỷ lệ % {year}",
                min_value=Decimal(0),
                max_value=Decimal(100),
                max_digits=5,
                decimal_places=2,
                required=False,
                localize=True,
            )

    def version_histories(self):
        """The indicator and its yearly targets, saved together by its row."""
        return [
            Indicator.history.filter(id=self.indicator.pk),
            YearlyTarget.history.filter(indicator_id=self.indicator.pk),
        ]

    def year_fields(self):
        return [
            (
                year,
                [self[f"cumulative_{year}"], self[f"increment_{year}"], self[f"percentage_{year}"]],
            )
            for year in self.years
        ]

    def clean(self):
        data = super().clean()
        denominator = data.get("denominator")
        baseline = data.get("baseline")
        name = self.indicator.name
        if denominator is not None and baseline is not None and baseline > denominator:
            self.add_error(
                "baseline", f"{name}: số đạt năm gốc ({baseline}) vượt mẫu số ({denominator})."
            )
        previous_year, previous = self.indicator.plan.baseline_year, baseline
        for year in self.years:
            value = data.get(f"cumulative_{year}")
            if value is None:
                continue
            if denominator is not None and value > denominator:
                self.add_error(
                    f"cumulative_{year}",
                    f"{name}: lũy kế năm {year} ({value}) vượt mẫu số ({denominator} đơn vị).",
                )
            if previous is not None and value < previous:
                self.add_error(
                    f"cumulative_{year}",
                    f"{name}: lũy kế năm {year} ({value}) nhỏ hơn năm {previous_year} ({previous}); "
                    "chỉ tiêu lũy kế không được giảm qua các năm.",
                )
            previous_year, previous = year, value
        return data

    def save(self):
        data = self.cleaned_data
        indicator = self.indicator
        indicator.denominator = data["denominator"]
        indicator.baseline = data["baseline"]
        indicator.stated_period_increment = data["stated_period_increment"]
        indicator.save()
        for year in self.years:
            values = {
                "cumulative": data[f"cumulative_{year}"],
                "stated_increment": data[f"increment_{year}"],
                "stated_percentage": data[f"percentage_{year}"],
            }
            target = indicator.yearly_targets.filter(year=year).first()
            if target is None:
                YearlyTarget.objects.create(indicator=indicator, year=year, **values)
            elif any(getattr(target, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(target, key, value)
                target.save()


class NamedTargetForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = NamedTarget
        fields = ["unit", "standard", "year"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["unit"].queryset = Unit.objects.districts().in_vietnamese_order()
        self.fields["year"].initial = plan.end_year

    def clean(self):
        data = super().clean()
        unit, standard, year = data.get("unit"), data.get("standard"), data.get("year")
        plan = self.instance.plan
        if unit and standard:
            if unit.is_city and standard == Standard.NTM:
                self.add_error(
                    "standard",
                    f"{unit} là thành phố: mục tiêu là “hoàn thành nhiệm vụ xây dựng NTM”, không phải “đạt chuẩn NTM”.",
                )
            if not unit.is_city and standard == Standard.COMPLETED:
                self.add_error(
                    "standard",
                    f"Chỉ thành phố thuộc tỉnh mới có mục tiêu “hoàn thành nhiệm vụ xây dựng NTM”; {unit} là huyện.",
                )
        if year is not None and not plan.start_year <= year <= plan.end_year:
            self.add_error("year", f"Năm {year} nằm ngoài giai đoạn {plan.period} của kế hoạch.")
        return data
