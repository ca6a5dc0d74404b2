from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ntm_portal.lib.text import fold
from units.access import ScopedQuerySet
from units.models import Unit


class Standard(models.TextChoices):
    NTM = "ntm", "Đạt chuẩn nông thôn mới"
    ADVANCED = "advanced", "Đạt chuẩn NTM nâng cao"
    MODEL = "model", "Đạt chuẩn NTM kiểu mẫu"
    COMPLETED = "completed", "Hoàn thành nhiệm vụ xây dựng NTM"

    # The ladder of standards, written once (DOMAIN.md): NTM, then advanced, then model; a
    # provincial city or a thị xã "completes the NTM task" instead, on the NTM rung.

    @property
    def rank(self):
        """The rung: a unit holding rank r counts toward every standard of rank r or lower."""
        return _RANK[self]

    @property
    def lower(self):
        """The standard a unit must already hold: NTM for advanced, advanced for model."""
        return _LOWER.get(self)

    @property
    def higher(self):
        """The standards that rest on this one (advanced on NTM, model on advanced)."""
        return [standard for standard, lower in _LOWER.items() if lower == self]

    @property
    def phrase(self):
        """The name inside a sentence: "đạt chuẩn NTM nâng cao" (NTM keeps its capitals)."""
        return self.label[:1].lower() + self.label[1:]

    @classmethod
    def ladder(cls):
        """The standards of communes and districts, from the lowest up."""
        return [cls.NTM, cls.ADVANCED, cls.MODEL]

    @classmethod
    def of_kind(cls, kind):
        """The standards a kind of unit can be recognised for, from the lowest up ([] if none)."""
        return _OF_KIND.get(kind, [])

    @classmethod
    def from_text(cls, text):
        """The standard a document names ("NTM nâng cao", "kiểu mẫu", "ntm", "Đạt chuẩn nông
        thôn mới" …: any case, with or without diacritics), or None."""
        return _SPELLINGS.get(fold(text))

    @classmethod
    def choices_of_kind(cls, kind):
        """(value, label) pairs of `of_kind`, for a form's select."""
        return [(standard.value, standard.label) for standard in cls.of_kind(kind)]


_RANK = {Standard.NTM: 1, Standard.COMPLETED: 1, Standard.ADVANCED: 2, Standard.MODEL: 3}
_LOWER = {Standard.ADVANCED: Standard.NTM, Standard.MODEL: Standard.ADVANCED}
_OF_KIND = {
    Unit.Kind.XA: Standard.ladder(),
    Unit.Kind.HUYEN: Standard.ladder(),
    # A thị xã "completes the NTM task" like a provincial city, and is never NTM (DOMAIN.md).
    Unit.Kind.THI_XA: [Standard.COMPLETED],
    Unit.Kind.THANH_PHO: [Standard.COMPLETED],
}


# How documents and spreadsheets write the standards, compared without case or diacritics.
_SPELLINGS = {
    fold(spelling): standard
    for standard, spellings in {
        Standard.NTM: ["NTM", "nông thôn mới", "đạt chuẩn NTM", "chuẩn NTM"],
        Standard.ADVANCED: ["NTM nâng cao", "nâng cao", "nông thôn mới nâng cao"],
        Standard.MODEL: ["NTM kiểu mẫu", "kiểu mẫu", "nông thôn mới kiểu mẫu"],
        Standard.COMPLETED: [
            "hoàn thành nhiệm vụ xây dựng nông thôn mới",
            "hoàn thành nhiệm vụ",
        ],
    }.items()
    for spelling in [
        *spellings,
        *(f"đạt chuẩn {name}" for name in spellings),
        standard.value,
        standard.label,
    ]
}


class PlanInUseError(ValidationError):
    """A plan something rests on (a movement, a report) cannot be deleted; the message says what."""


class PlanQuerySet(ScopedQuerySet):
    def delete(self):
        # A bulk delete (the admin's action) goes plan by plan, so that one in use is refused.
        count = 0
        for plan in self:
            plan.delete()
            count += 1
        return count, {Plan._meta.label: count}

    def district_q(self, district):
        # A plan is the province's: district officers read it but never change it.
        return Q(pk__in=[])


class Plan(models.Model):
    """A plan with yearly targets, such as Plan 168/KH-UBND for 2021–2025."""

    number = models.CharField("số hiệu", max_length=40, unique=True)
    title = models.CharField("trích yếu", max_length=400)
    movement_name = models.CharField("tên phong trào", max_length=200, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=200)
    issued_on = models.DateField("ngày ban hành")
    signer = models.CharField("người ký", max_length=100)
    signer_title = models.CharField("chức vụ người ký", max_length=100, blank=True)
    scope = models.ForeignKey(
        Unit, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="plans"
    )
    baseline_year = models.PositiveSmallIntegerField("năm gốc")
    start_year = models.PositiveSmallIntegerField("từ năm")
    end_year = models.PositiveSmallIntegerField("đến năm")
    source = models.TextField(
        "nguồn số liệu",
        blank=True,
        help_text="Văn bản và mục nêu các chỉ tiêu; cách suy ra năm gốc nếu văn bản không ghi.",
    )
    # The criteria sets the plan's units are judged by (QĐ 318, 319, 320 for 2021–2025; QĐ 51
    # for 2026–2030): versioned data of their own, named by the plan file (targets/plan_file.py).
    criteria_sets = models.ManyToManyField(
        "targets.CriteriaSet",
        verbose_name="bộ tiêu chí áp dụng",
        blank=True,
        related_name="plans",
        through="targets.PlanCriteriaSet",
    )
    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-start_year", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lte=models.F("end_year")),
                name="plan_years_ordered",
                violation_error_message="Năm bắt đầu phải không sau năm kết thúc.",
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__lt=models.F("start_year")),
                name="plan_baseline_before_start",
                violation_error_message="Năm gốc phải trước năm bắt đầu của kế hoạch.",
            ),
        ]

    def __str__(self):
        return f"Kế hoạch {self.number}"

    def get_absolute_url(self):
        return reverse("targets:plan_detail", args=[self.pk])

    @property
    def years(self):
        return list(range(self.start_year, self.end_year + 1))

    def set_criteria_sets(self, criteria_sets):
        """Link exactly these criteria sets, row by row so that each change has its history;
        whether anything changed."""
        wanted = {criteria_set.pk: criteria_set for criteria_set in criteria_sets}
        links = {link.criteria_set_id: link for link in PlanCriteriaSet.objects.filter(plan=self)}
        for pk, link in links.items():
            if pk not in wanted:
                link.delete()
        for pk, criteria_set in wanted.items():
            if pk not in links:
                PlanCriteriaSet.objects.create(plan=self, criteria_set=criteria_set)
        return set(links) != set(wanted)

    def uses(self):
        """What keeps the plan from being deleted, in words ([] when nothing does): the
        movement it launched, the report assessments written for its years."""
        uses = []
        if not self.pk:
            return uses
        from emulation.models import Movement

        movement = Movement.objects.filter(plan=self).first()
        if movement is not None:
            uses.append(f"phong trào thi đua “{movement.name}” được phát động theo kế hoạch")
        years = sorted(self.assessments.values_list("year", flat=True))
        if years:
            uses.append("phần đánh giá báo cáo năm " + ", ".join(str(year) for year in years))
        return uses

    def delete(self, *args, **kwargs):
        uses = self.uses()
        if uses:
            raise PlanInUseError(
                f"Không xóa được kế hoạch {self.number} vì đang được sử dụng: {'; '.join(uses)}."
            )
        return super().delete(*args, **kwargs)

    @property
    def period(self):
        return f"{self.start_year}–{self.end_year}"


class PlanCriteriaSet(models.Model):
    """A criteria set a plan uses: a row of its own, so that linking and unlinking are recorded
    with who and when like every other change."""

    plan = models.ForeignKey(Plan, verbose_name="kế hoạch", on_delete=models.CASCADE)
    criteria_set = models.ForeignKey(
        "targets.CriteriaSet", verbose_name="bộ tiêu chí", on_delete=models.PROTECT
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "bộ tiêu chí của kế hoạch"
        verbose_name_plural = "bộ tiêu chí của kế hoạch"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "criteria_set"],
                name="plan_criteria_set_unique",
                violation_error_message="Kế hoạch đã dùng bộ tiêu chí này.",
            ),
        ]

    def __str__(self):
        return f"{self.plan}: {self.criteria_set}"


class IndicatorQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return Q(pk__in=[])


class Indicator(models.Model):
    """One of a plan's target lines: how many units of a level hold a standard."""

    plan = models.ForeignKey(
        Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="indicators"
    )
    level = models.CharField(
        "cấp đơn vị",
        max_length=10,
        choices=[(Unit.Level.DISTRICT, "Đơn vị cấp huyện"), (Unit.Level.COMMUNE, "Xã")],
    )
    standard = models.CharField(
        "chuẩn",
        max_length=10,
        choices=[c for c in Standard.choices if c[0] != Standard.COMPLETED],
        help_text="Với đơn vị cấp huyện, chuẩn NTM gồm cả thành phố hoàn thành nhiệm vụ xây dựng NTM.",
    )
    name = models.CharField("tên chỉ tiêu", max_length=200)
    denominator = models.PositiveIntegerField("tổng số đơn vị (mẫu số)")
    baseline = models.PositiveIntegerField("số đạt năm gốc")
    stated_period_increment = models.PositiveIntegerField(
        "số tăng thêm cả giai đoạn (theo văn bản)", null=True, blank=True
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    history = HistoricalRecords()
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "level", "standard"],
                name="indicator_unique_per_plan",
                violation_error_message="Kế hoạch đã có chỉ tiêu cho cấp và chuẩn này.",
            ),
            models.CheckConstraint(
                condition=Q(baseline__lte=models.F("denominator")),
                name="indicator_baseline_within_denominator",
                violation_error_message="Số đạt năm gốc không được lớn hơn tổng số đơn vị.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def key(self):
        return f"{self.level}_{self.standard}"


class YearlyTargetQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return Q(pk__in=[])


class YearlyTarget(models.Model):
    """The cumulative target of an indicator for a year, with what the plan text states beside it."""

    indicator = models.ForeignKey(
        Indicator, verbose_name="chỉ tiêu", on_delete=models.CASCADE, related_name="yearly_targets"
    )
    year = models.PositiveSmallIntegerField("năm")
    cumulative = models.PositiveIntegerField("lũy kế")
    stated_increment = models.PositiveIntegerField(
        "tăng thêm (theo văn bản)", null=True, blank=True
    )
    stated_percentage = models.DecimalField(
        "tỷ lệ % (theo văn bản)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords()
    objects = YearlyTargetQuerySet.as_manager()

    class Meta:
        verbose_name = "chỉ tiêu năm"
        verbose_name_plural = "chỉ tiêu năm"
        ordering = ["indicator__position", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="yearly_target_unique",
                violation_error_message="Chỉ tiêu này đã có giá trị cho năm này.",
            ),
            models.CheckConstraint(
                condition=Q(stated_percentage__isnull=True)
                | Q(stated_percentage__gte=0, stated_percentage__lte=100),
                name="yearly_target_percentage_range",
                violation_error_message="Tỷ lệ phải từ 0 đến 100%.",
            ),
        ]

    def __str__(self):
        return f"{self.indicator} — {self.year}: {self.cumulative}"

    def clean(self):
        errors = {}
        if self.indicator_id:
            plan = self.indicator.plan
            if not plan.start_year <= self.year <= plan.end_year:
                errors["year"] = f"Năm {self.year} nằm ngoài giai đoạn {plan.period} của kế hoạch."
            if self.cumulative is not None and self.cumulative > self.indicator.denominator:
                errors["cumulative"] = (
                    f"Lũy kế {self.cumulative} vượt tổng số {self.indicator.denominator} đơn vị."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def percentage(self):
        """The share of the denominator, computed from the cumulative target."""
        return (Decimal(self.cumulative) * 100 / Decimal(self.indicator.denominator)).quantize(
            Decimal("0.01")
        )


class NamedTargetQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return Q(pk__in=[])


class NamedTarget(models.Model):
    """A unit the plan names to reach a standard by a year (Hà Tiên to complete the NTM task, …)."""

    plan = models.ForeignKey(
        Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="named_targets"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="named_targets"
    )
    standard = models.CharField("chuẩn", max_length=10, choices=Standard.choices)
    year = models.PositiveSmallIntegerField("năm")
    history = HistoricalRecords()
    objects = NamedTargetQuerySet.as_manager()

    class Meta:
        verbose_name = "mục tiêu đơn vị cụ thể"
        verbose_name_plural = "mục tiêu đơn vị cụ thể"
        ordering = ["plan", "standard", "unit__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit", "standard"],
                name="named_target_unique",
                violation_error_message="Đơn vị này đã có mục tiêu cho chuẩn này trong kế hoạch.",
            ),
        ]

    def __str__(self):
        return f"{self.unit}: {self.get_standard_display()} ({self.year})"


class CommuneGroup(models.Model):
    """The group (1, 2 or 3) a commune is assigned to in a year under a criteria set that grades
    its indicators by group (QĐ 51/2025/QĐ-TTg, Điều 2: nhóm 1 near towns or with agriculture
    below 10% of the economy, nhóm 3 the communes of zones II and III of ethnic-minority and
    mountain areas, nhóm 2 the others). The province assigns it; it is data, never derived."""

    class Group(models.IntegerChoices):
        ONE = 1, "Xã nhóm 1"
        TWO = 2, "Xã nhóm 2"
        THREE = 3, "Xã nhóm 3"

    criteria_set = models.ForeignKey(
        "targets.CriteriaSet",
        verbose_name="bộ tiêu chí",
        on_delete=models.PROTECT,
        related_name="commune_groups",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="xã", on_delete=models.PROTECT, related_name="commune_groups"
    )
    year = models.PositiveSmallIntegerField("năm")
    group = models.PositiveSmallIntegerField("nhóm xã", choices=Group.choices)
    source = models.CharField(
        "căn cứ", max_length=200, blank=True, help_text="Văn bản phân nhóm xã của tỉnh."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "nhóm xã"
        verbose_name_plural = "nhóm xã"
        ordering = ["year", "unit__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "unit", "year"],
                name="commune_group_unique",
                violation_error_message="Xã này đã được xếp nhóm theo bộ tiêu chí này trong năm.",
            ),
        ]

    def __str__(self):
        return f"{self.unit} — {self.get_group_display()} ({self.year})"

    def clean(self):
        if self.unit_id and self.year and not self.unit.exists_in(self.year):
            raise ValidationError(
                {"unit": f"{self.unit.full_name} không còn hiệu lực trong năm {self.year}."}
            )
