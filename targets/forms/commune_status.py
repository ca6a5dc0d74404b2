"""Forms of a unit's criteria status for a year (a commune's or a district-level unit's)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from ntm_portal.lib.concurrency import VersionedFormMixin
from ntm_portal.lib.uploads import head, matches, size_error
from targets.models import CommuneStatus, CriterionResult, Plan, Standard
from targets.models.commune_status import next_standard_refusal, next_standards_allowed
from units.models import Unit

FIRST_STATUS_YEAR = 2000


def last_status_year(commune=None):
    """The latest year a criteria status can be recorded for (of one commune, when given).

    Assessments, so never a future year; and never a year without valid communes: after the
    period (units valid until 30/06/2025) the portal is the record of the period, and its last
    year is the last one in which the communes existed.
    """
    today = timezone.localdate()
    if commune is not None:
        return min(today.year, commune.valid_to.year) if commune.valid_to else today.year
    # The xã a plan covers (under its province, directly or through a district): the new
    # communes of 01/07/2025 enter once a plan of their province does.
    scopes = Plan.objects.values("scope")
    communes = Unit.objects.filter(level=Unit.Level.COMMUNE, kind=Unit.Kind.XA).filter(
        Q(parent__in=scopes) | Q(parent__parent__in=scopes)
    )
    if communes.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).exists():
        return today.year
    last = communes.aggregate(last=Max("valid_to"))["last"]
    return min(today.year, last.year) if last else today.year


def status_years():
    """Years a criteria status can be recorded for (last_status_year)."""
    return range(FIRST_STATUS_YEAR, last_status_year() + 1)


class CommuneStatusForm(VersionedFormMixin, forms.ModelForm):
    """The year's overall fields: the next standard the unit aims at, when, and notes."""

    next_standard = forms.ChoiceField(
        label="Chuẩn phấn đấu tiếp theo",
        choices=[("", "—"), *Standard.choices_of_kind(Unit.Kind.XA)],
        required=False,
    )

    class Meta:
        model = CommuneStatus
        fields = ["next_standard", "planned_year", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A huyện aims at NTM or advanced, a city at "completed" (Standard.of_kind); a commune
        # only at a standard higher than the one it holds in the year (next_standard_refusal,
        # checked by the model for this page and the status import alike).
        status = self.instance
        unit, held = status.commune, status.held_standard
        offered = [
            (standard, Standard(standard).label)
            for standard in next_standards_allowed(unit.kind, held)
        ]
        # A value saved before this rule stays visible, so that the refusal names it.
        current = self.initial.get("next_standard")
        if current and current not in dict(offered):
            offered.insert(0, (current, Standard(current).label))
        field = self.fields["next_standard"]
        field.choices = [("", "—"), *offered]
        if held:
            # Any standard not offered is the one held or a lower one: the rule's own words.
            field.error_messages["invalid_choice"] = next_standard_refusal(
                unit, year=status.year, next_standard=held, held=held
            )

    def version_histories(self):
        """The year's fields and its criteria rows, saved together by one page."""
        if self.instance.pk is None:
            return []
        return [
            CommuneStatus.history.filter(id=self.instance.pk),
            CriterionResult.history.filter(status_id=self.instance.pk),
        ]

    def clean_planned_year(self):
        planned = self.cleaned_data.get("planned_year")
        if planned is not None and planned > self.instance.year + 30:
            raise ValidationError(
                f"Năm dự kiến đạt {planned} quá xa năm đánh giá {self.instance.year} "
                "(tối đa 30 năm); kiểm tra lại số năm."
            )
        return planned

    def clean(self):
        data = super().clean()
        if data.get("planned_year") and not data.get("next_standard"):
            self.add_error(
                "next_standard",
                f"Đã ghi năm dự kiến đạt {data['planned_year']} nhưng chưa chọn chuẩn phấn đấu.",
            )
        return data


class CriterionResultForm(VersionedFormMixin, forms.ModelForm):
    """One row of the year's table: one criterion, met or not, a note and an evidence file."""

    class Meta:
        model = CriterionResult
        fields = ["met", "note", "evidence"]

    def __init__(self, *args, criterion, **kwargs):
        self.criterion = criterion
        super().__init__(*args, prefix=f"tc{criterion.number}", **kwargs)
        self.fields["met"].label = f"Đạt tiêu chí {criterion.number}"
        self.fields["note"].label = f"Ghi chú tiêu chí {criterion.number}"
        self.fields["evidence"].label = f"Minh chứng tiêu chí {criterion.number}"

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        uploaded = self.files.get(self.add_prefix("evidence"))
        if not evidence or uploaded is None:
            return evidence
        too_big = size_error(uploaded.size, f"Tệp “{uploaded.name}”")
        if too_big:
            raise ValidationError(too_big)
        extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
        if not matches(head(uploaded), extension):
            raise ValidationError(
                f"Tệp “{uploaded.name}” có đuôi .{extension} nhưng nội dung không phải tệp "
                f"{extension.upper()}."
            )
        return evidence


class CommuneStatusEditor:
    """The whole edit page of a commune and year: the year's fields and a row per criterion.

    Each criterion's row carries the criterion number in its prefix ("tc5-met"), so a row can
    never be attached to the wrong criterion whatever the page sends. A new year starts from the
    latest earlier year, without its evidence files.
    """

    def __init__(self, status, data=None, files=None):
        self.status = status
        self.is_new = status.pk is None
        self.previous = status.previous() if self.is_new else None
        self.criteria = list(status.criteria_set.criteria.order_by("number"))
        if self.is_new:
            existing = {}
        else:
            existing = {result.criterion_id: result for result in status.results.all()}
        earlier = {}
        # Rows start from the earlier year only when it was judged by the same set.
        self.prefilled = (
            self.previous is not None and self.previous.criteria_set_id == status.criteria_set_id
        )
        if self.prefilled:
            earlier = {result.criterion_id: result for result in self.previous.results.all()}
        status_initial = {}
        if self.previous is not None:
            status_initial["next_standard"] = self.previous.next_standard
            if self.previous.planned_year and self.previous.planned_year >= status.year:
                status_initial["planned_year"] = self.previous.planned_year
        self.form = CommuneStatusForm(data, files, instance=status, initial=status_initial)
        self.rows = []
        for criterion in self.criteria:
            result = existing.get(criterion.pk) or CriterionResult(criterion=criterion)
            initial = {}
            if criterion.pk not in existing and criterion.pk in earlier:
                initial = {"met": earlier[criterion.pk].met, "note": earlier[criterion.pk].note}
            self.rows.append(
                CriterionResultForm(
                    data, files, instance=result, criterion=criterion, initial=initial
                )
            )

    def is_valid(self):
        # Every part is validated, so that every error shows at once.
        valid = [self.form.is_valid()] + [row.is_valid() for row in self.rows]
        return all(valid)

    def rows_with_errors(self):
        return [row.criterion.number for row in self.rows if row.errors]

    def has_files(self):
        return any(row.files for row in self.rows)

    def groups(self):
        """The rows under their group headings (Quy hoạch, Hạ tầng kinh tế - xã hội …)."""
        grouped = []
        for row in self.rows:
            criterion = row.criterion
            if not grouped or grouped[-1][0] != (criterion.group_number, criterion.group_name):
                grouped.append(((criterion.group_number, criterion.group_name), []))
            grouped[-1][1].append(row)
        return grouped

    @transaction.atomic
    def save(self):
        status = self.form.save()
        for row in self.rows:
            # Rows that did not change are not written again, so the history stays readable.
            if row.instance.pk is None or row.has_changed():
                result = row.save(commit=False)
                result.status = status
                result.criterion = row.criterion
                result.save()
        return status


class StatusStartForm(forms.Form):
    """Pick a commune or a district-level unit and a year, to open its edit page."""

    commune = forms.ModelChoiceField(
        label="Xã hoặc đơn vị cấp huyện",
        queryset=Unit.objects.none(),
        to_field_name="code",
        error_messages={
            "invalid_choice": "đơn vị mã %(value)s không thuộc phạm vi bạn được cập nhật."
        },
    )
    year = forms.IntegerField(label="Năm đánh giá")

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["commune"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["commune"].label_from_instance = lambda unit: (
            f"{unit.full_name} — {unit.parent.full_name}"
            if unit.level == Unit.Level.COMMUNE
            else f"{unit.full_name} (đơn vị cấp huyện)"
        )
        self.fields["year"].initial = last_status_year()

    def clean_year(self):
        year = self.cleaned_data["year"]
        years = status_years()
        if year not in years:
            raise ValidationError(
                f"năm {year} nằm ngoài khoảng {years.start}–{years.stop - 1} (không nhập năm tương lai"
                " hay năm không còn xã trong danh mục)."
            )
        return year
