import datetime

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from ntm_portal.lib.uploads import FileContent
from targets.models.criteria import CriteriaSet, Criterion
from targets.models.plans import Standard
from units.access import ScopedQuerySet, unit_district_q
from units.models import Unit


def next_standards_allowed(kind, held):
    """The standards a unit of the kind may aim at next while it holds `held` (or None): only
    higher ones."""
    return [
        standard
        for standard in Standard.of_kind(kind)
        if held is None or Standard(standard).rank > Standard(held).rank
    ]


def next_standard_refusal(unit, *, year, next_standard, held):
    """Why `next_standard` cannot be the standard the unit aims at next in the year while it
    holds `held`, or None. The one rule of the criteria page and of the status import (both
    through `CommuneStatus.clean_fields`): a commune aims only higher than what it holds."""
    if (
        not next_standard
        or held is None
        or next_standard in next_standards_allowed(unit.kind, held)
    ):
        return None
    higher = [Standard(standard).label for standard in next_standards_allowed(unit.kind, held)]
    choose = (
        f"chọn “{'” hoặc “'.join(higher)}”, hoặc để trống"
        if higher
        else "đây đã là chuẩn cao nhất, hãy để trống"
    )
    return (
        f"{unit.full_name} đã {Standard(held).phrase} năm {year}: chuẩn phấn đấu tiếp theo phải "
        f"cao hơn chuẩn đang giữ — {choose}."
    )


class CommuneStatusQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return unit_district_q("commune", district)

    def with_met_count(self):
        """`met_count` and `criteria_count` ("x/19") on each status, without multiplying joins."""
        criteria = (
            Criterion.objects.filter(criteria_set=OuterRef("criteria_set"))
            .order_by()
            .values("criteria_set")
            .annotate(total=Count("pk"))
            .values("total")
        )
        # Correlated counts rather than a join: each status reads its own 19 rows by index,
        # whatever the size of the results table.
        met = (
            CriterionResult.objects.filter(status=OuterRef("pk"), met=True)
            .order_by()
            .values("status")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return self.annotate(
            met_count=Coalesce(Subquery(met), 0),
            criteria_count=Coalesce(Subquery(criteria), 0),
        )


# The levels whose units are judged by a criteria set each year: communes (QĐ 318, 319) and
# district-level units (QĐ 320).
STATUS_LEVELS = (Unit.Level.COMMUNE, Unit.Level.DISTRICT)


class CommuneStatus(models.Model):
    """A unit's status in a year: which criteria of its set a commune or a district-level unit
    meets, and what next.

    The class and the `commune` field keep their first names (imports, appraisals and progress
    read them); `unit` reads the same field for a district-level unit.
    """

    commune = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="statuses",
        limit_choices_to={"level__in": STATUS_LEVELS},
    )
    year = models.PositiveSmallIntegerField("năm")
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name="bộ tiêu chí", on_delete=models.PROTECT, related_name="statuses"
    )
    next_standard = models.CharField(
        "chuẩn phấn đấu tiếp theo", max_length=10, choices=Standard.choices, blank=True
    )
    planned_year = models.PositiveSmallIntegerField("năm dự kiến đạt", null=True, blank=True)
    notes = models.TextField("ghi chú", blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    history = HistoricalRecords()
    objects = CommuneStatusQuerySet.as_manager()

    class Meta:
        verbose_name = "kết quả tiêu chí của đơn vị"
        verbose_name_plural = "kết quả tiêu chí của đơn vị"
        ordering = ["commune__sort_key", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year"],
                name="commune_status_unique_year",
                violation_error_message="Đơn vị này đã có kết quả tiêu chí cho năm này.",
            ),
            models.CheckConstraint(
                condition=Q(planned_year__isnull=True) | Q(planned_year__gte=models.F("year")),
                name="commune_status_planned_not_before_year",
                violation_error_message="Năm dự kiến đạt chuẩn không được trước năm đánh giá.",
            ),
        ]

    def __str__(self):
        return f"{self.commune} — năm {self.year}"

    @property
    def unit(self):
        """The commune or district-level unit whose status this is."""
        return self.commune

    @cached_property
    def held_standard(self):
        """The highest standard the commune holds in the year (the progress module's count), or
        None. An import sets it from its own count of each district, read once per year."""
        from targets.progress.at_risk import held_standard

        return held_standard(self.commune, year=self.year)

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "next_standard" not in (exclude or ()) and "next_standard" not in errors:
            refusal = self.commune_id and next_standard_refusal(
                self.commune,
                year=self.year,
                next_standard=self.next_standard,
                held=self.held_standard if self.next_standard else None,
            )
            if refusal:
                errors["next_standard"] = [refusal]
        if errors:
            raise ValidationError(errors)

    def clean(self):
        if self.commune_id and self.commune.level not in STATUS_LEVELS:
            raise ValidationError(
                {"commune": f"{self.commune} không phải là xã hay đơn vị cấp huyện."}
            )
        if (
            self.commune_id
            and self.criteria_set_id
            and self.criteria_set.level != self.commune.level
        ):
            raise ValidationError(
                {
                    "criteria_set": f"{self.criteria_set.label} dùng cho "
                    f"{self.criteria_set.get_level_display().lower()}, không dùng cho "
                    f"{self.commune} ({self.commune.get_level_display().lower()})."
                }
            )
        if self.planned_year is not None and self.year and self.planned_year < self.year:
            raise ValidationError(
                {"planned_year": f"Năm dự kiến {self.planned_year} trước năm đánh giá {self.year}."}
            )

    @staticmethod
    def criteria_set_for(year, unit=None, standard=None):
        """The criteria set that judges a unit in a year, or None (a commune's NTM set without a
        unit).

        A unit is judged by the set of its level and of `standard`, by default the first standard
        its kind can reach (NTM for a xã or a huyện, "completed" for a city: QĐ 320/QĐ-TTg).
        The set in force during the year, the newest first. QĐ 318/QĐ-TTg was signed on
        08/03/2022 but is the set of the whole 2021–2025 period, so a year before every stored set
        uses the earliest one, until staff add the older set (e.g. QĐ 1980/QĐ-TTg) as data.
        """
        level = unit.level if unit is not None else Unit.Level.COMMUNE
        if standard is None:
            reachable = Standard.of_kind(unit.kind) if unit is not None else []
            standard = reachable[0] if reachable else Standard.NTM
        sets = CriteriaSet.objects.filter(level=level, standard=standard)
        in_force = (
            sets.filter(valid_from__lte=datetime.date(year, 12, 31))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(year, 1, 1)))
            .order_by("-valid_from")
            .first()
        )
        if in_force is not None:
            return in_force
        return (
            sets.filter(valid_from__gt=datetime.date(year, 12, 31)).order_by("valid_from").first()
        )

    @staticmethod
    def criteria_set_choices(year, unit):
        """[(standard, set)]: the sets a unit may be judged by in a year, one per standard its kind
        can reach (a xã: NTM, advanced, model), leaving out sets without criteria yet."""
        choices = []
        for standard in Standard.of_kind(unit.kind):
            criteria_set = CommuneStatus.criteria_set_for(year, unit=unit, standard=standard)
            if criteria_set is not None and criteria_set.criteria.exists():
                choices.append((standard, criteria_set))
        return choices

    def previous(self):
        """The commune's latest status before this year, to start a new year from."""
        return (
            CommuneStatus.objects.filter(commune_id=self.commune_id, year__lt=self.year)
            .order_by("-year")
            .first()
        )

    def snapshot(self):
        """{criterion number: met} as stored with an appraisal request (JSON keys are text)."""
        return {
            str(number): met
            for number, met in self.results.values_list("criterion__number", "met").order_by(
                "criterion__number"
            )
        }

    def unmet_numbers(self):
        """Numbers of the set's criteria not met, a criterion without a result counting as unmet."""
        # `met_criterion_ids` and the set's prefetched criteria are there when many statuses were
        # read at once (targets/services.py: SubmissionFacts).
        met = getattr(self, "met_criterion_ids", None)
        if met is None:
            met = set(self.results.filter(met=True).values_list("criterion_id", flat=True))
        criteria = sorted(self.criteria_set.criteria.all(), key=lambda criterion: criterion.number)
        return [criterion.number for criterion in criteria if criterion.pk not in met]

    def ensure_all_met(self):
        """QĐ 18/2022/QĐ-TTg: a commune is proposed only when it meets every criterion of the set."""
        unmet = self.unmet_numbers()
        if unmet:
            total = len(self.criteria_set.criteria.all())
            raise ValidationError(
                {
                    "standard_year": f"{self.commune} năm {self.year} mới đạt {total - len(unmet)}/{total} tiêu chí "
                    f"(chưa đạt: tiêu chí {', '.join(map(str, unmet))}); chỉ trình thẩm định khi xã đạt đủ các tiêu chí."
                }
            )


class CriterionResultQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return unit_district_q("status__commune", district)


class CriterionResult(models.Model):
    """Whether a commune meets one criterion in a year, with a note and evidence."""

    # No index of its own: the unique (status, criterion) index serves every lookup by status, and
    # one index fewer to maintain is a fifth less work for the 190,000 rows of a status import.
    status = models.ForeignKey(
        CommuneStatus,
        verbose_name="kết quả năm",
        on_delete=models.CASCADE,
        related_name="results",
        db_index=False,
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name="tiêu chí", on_delete=models.PROTECT, related_name="results"
    )
    met = models.BooleanField("đạt", default=False)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    evidence = models.FileField(
        "minh chứng",
        upload_to="evidence/%Y/",
        blank=True,
        validators=[
            FileExtensionValidator(
                ["pdf", "jpg", "jpeg", "png"], "Minh chứng phải là tệp PDF, JPG hoặc PNG."
            ),
            FileContent(["pdf", "jpeg", "png"], "Minh chứng"),
        ],
    )
    history = HistoricalRecords()
    objects = CriterionResultQuerySet.as_manager()

    class Meta:
        verbose_name = "kết quả tiêu chí"
        verbose_name_plural = "kết quả tiêu chí"
        ordering = ["status", "criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["status", "criterion"],
                name="criterion_result_unique",
                violation_error_message="Tiêu chí này đã có kết quả trong năm.",
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {'đạt' if self.met else 'chưa đạt'}"


def criteria_summary(commune_ids, *, year=None):
    """{commune id: (criteria met, criteria in the set, year)} from each commune's latest status
    (up to `year` when given).

    "x/19" stands beside a commune wherever it appears; one query serves a whole list, and only
    the latest status of each commune is aggregated.
    """
    latest = CommuneStatus.objects.filter(commune_id=OuterRef("commune_id"))
    if year is not None:
        latest = latest.filter(year__lte=year)
    latest_year = latest.order_by("-year").values("year")[:1]
    rows = (
        CommuneStatus.objects.filter(commune_id__in=commune_ids, year=Subquery(latest_year))
        .with_met_count()
        .order_by()
        .values_list("commune_id", "met_count", "criteria_count", "year")
    )
    return {commune_id: (met, total, status_year) for commune_id, met, total, status_year in rows}
