import datetime
import re
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

# Migration 0002 names the decision scan's former content validator here.
from ntm_portal.lib.uploads import (
    FileContent,
    validate_pdf_content,  # noqa: F401
    validate_pdf_size,
)
from targets.models.plans import Standard
from units.access import ScopedQuerySet, unit_district_q
from units.models import Unit

# "669/QĐ-TTg", "1007/QĐ-UBND", "25/QĐ-CT": number, slash, QĐ, hyphen, issuing body's code.
DECISION_NUMBER = re.compile(r"^[1-9][0-9]{0,5}/QĐ-[A-Za-zĐđ]+(-[A-Za-zĐđ]+)*$")


class Issuer(models.TextChoices):
    PRIME_MINISTER = "ttg", "Thủ tướng Chính phủ"
    PROVINCE_CHAIRMAN = "ct_ubnd_tinh", "Chủ tịch UBND tỉnh"
    OTHER = "other", "Cơ quan khác"

    @property
    def suffix(self):
        """The end of this issuer's decision numbers ("/QĐ-TTg"), or "" when it has no rule."""
        return _SUFFIX.get(self, "")

    @classmethod
    def recognising(cls, unit):
        """Who recognises a unit's standards (QĐ 18/2022/QĐ-TTg): the Prime Minister for
        district-level units (NTM, advanced, and "completed" of a city or thị xã), the provincial
        Chairman for communes; None for other units."""
        return _RECOGNISING.get(unit.level)


# What a recognition on the register may lack and still be true (docs/recognition-rules.md):
# recorded with a warning, shown with its flag and listed on "Dữ liệu cần bổ sung" until completed.
FLAG_NO_DECISION = "thiếu số/ngày quyết định"
FLAG_NO_NUMBER = "thiếu số quyết định"
FLAG_NO_DATE = "thiếu ngày quyết định"
FLAG_NO_STANDARD_YEAR = "thiếu năm đạt chuẩn"
FLAG_NO_LOWER = "thiếu QĐ chuẩn thấp hơn"

NO_YEAR_NOR_DATE = (
    "Chưa có năm đạt chuẩn lẫn ngày quyết định: cần ít nhất một trong hai để biết công nhận "
    "được tính từ năm nào."
)
NEITHER_NUMBER_NOR_DATE = (
    "Quyết định cần ít nhất số hoặc ngày; khi chưa có cả hai, hãy để trống phần quyết định và "
    "ghi nguồn (báo cáo, văn bản cho biết việc công nhận)."
)


def _date_or_unknown(day):
    return f"ngày {day:%d/%m/%Y}" if day else "chưa rõ ngày"


_SUFFIX = {Issuer.PRIME_MINISTER: "/QĐ-TTg", Issuer.PROVINCE_CHAIRMAN: "/QĐ-UBND"}
_RECOGNISING = {
    Unit.Level.DISTRICT: Issuer.PRIME_MINISTER,
    Unit.Level.COMMUNE: Issuer.PROVINCE_CHAIRMAN,
}


class DecisionQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return unit_district_q("certifications__unit", district)


class Decision(models.Model):
    """A recognition decision (quyết định công nhận), which may recognise several units at once."""

    # A decision may be known by its number only, or by its date only (a press report): true
    # but incomplete, flagged until completed (docs/recognition-rules.md); never neither.
    number = models.CharField(
        "số quyết định",
        max_length=40,
        blank=True,
        help_text="Theo mẫu chính thức, ví dụ 669/QĐ-TTg, 1007/QĐ-UBND. Để trống khi chưa biết "
        "số (khi đó phải có ngày).",
    )
    issued_on = models.DateField(
        "ngày quyết định",
        null=True,
        blank=True,
        help_text="Để trống khi chưa biết ngày (khi đó phải có số).",
    )
    year = models.PositiveSmallIntegerField("năm quyết định", editable=False, null=True)
    issuer = models.CharField("cấp quyết định", max_length=20, choices=Issuer.choices)
    signer = models.CharField("người ký", max_length=100, blank=True)
    document = models.FileField(
        "bản scan quyết định (PDF)",
        upload_to="decisions/%Y/",
        blank=True,
        validators=[
            FileExtensionValidator(["pdf"], "Chỉ nhận tệp PDF (.pdf)."),
            validate_pdf_size,
            FileContent(["pdf"], "Tệp quyết định"),
        ],
    )
    notes = models.TextField("ghi chú", blank=True)
    history = HistoricalRecords()
    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "quyết định công nhận"
        verbose_name_plural = "quyết định công nhận"
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "issuer", "year"],
                condition=~Q(number=""),
                name="decision_number_unique_per_issuer_year",
                violation_error_message="Số quyết định này đã có cho cùng cấp quyết định trong năm.",
            ),
        ]

    def __str__(self):
        if not self.number:
            return f"quyết định ngày {self.issued_on:%d/%m/%Y} (chưa rõ số)"
        if self.issued_on is None:
            return f"{self.number} (chưa rõ ngày)"
        return f"{self.number} ngày {self.issued_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        # The year is kept as a column so that the database can enforce uniqueness per year.
        self.year = self.issued_on.year if self.issued_on else None
        super().save(*args, **kwargs)

    @property
    def missing_parts(self):
        """What the decision still lacks, as flagged: "thiếu số quyết định", "thiếu ngày …"."""
        return [
            flag
            for flag, lacking in (
                (FLAG_NO_NUMBER, not self.number),
                (FLAG_NO_DATE, self.issued_on is None),
            )
            if lacking
        ]

    def clean(self):
        self.check_rules(
            lambda decision: Decision.objects.filter(
                number=decision.number,
                year=decision.issued_on.year if decision.issued_on else None,
            ).exclude(pk=decision.pk)
        )

    def validate_among(self, others_of_number):
        """`full_clean` for a decision checked against decisions read beforehand (an import):
        `others_of_number(decision)` lists the decisions with its number in its year."""
        self.year = self.issued_on.year if self.issued_on else None
        errors = {}
        try:
            self.clean_fields()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            self.check_rules(others_of_number)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def check_rules(self, others_of_number):
        """The number's form and owner, the date, and one decision per number, issuer and year;
        `others_of_number(decision)`: the decisions with its number in its year."""
        errors = {}
        if not self.number and not self.issued_on:
            errors["number"] = NEITHER_NUMBER_NOR_DATE
        if self.number and not DECISION_NUMBER.match(self.number):
            errors["number"] = (
                f"Số quyết định “{self.number}” không đúng mẫu: số/QĐ-cơ quan, ví dụ 669/QĐ-TTg hoặc 1007/QĐ-UBND."
            )
        elif self.number and self.issuer and not self.number.endswith(Issuer(self.issuer).suffix):
            # The number's suffix names the issuer: "669/QĐ-TTg" can only be the Prime Minister's.
            issuer = (
                "Thủ tướng" if self.issuer == Issuer.PRIME_MINISTER else self.get_issuer_display()
            )
            errors["number"] = (
                f"Quyết định của {issuer} phải có số dạng …{Issuer(self.issuer).suffix} "
                f"(đang ghi “{self.number}”)."
            )
        elif self.number and self.issuer == Issuer.OTHER:
            owner = next(
                (issuer for issuer in _SUFFIX if self.number.endswith(issuer.suffix)), None
            )
            if owner is not None:
                errors["number"] = (
                    f"Số “{self.number}” là số quyết định của {owner.label}; hãy chọn cấp quyết "
                    f"định “{owner.label}”."
                )
        if self.issued_on:
            self.year = self.issued_on.year
            if self.issued_on > timezone.localdate():
                errors["issued_on"] = f"Ngày quyết định {self.issued_on:%d/%m/%Y} ở tương lai."
        if "number" not in errors and self.number and self.issuer:
            # The database constraint says the same, but a form leaves out the non-editable year.
            others = [other for other in others_of_number(self) if other is not self]
            same = next((other for other in others if other.issuer == self.issuer), None)
            elsewhere = next((other for other in others if other.issuer != self.issuer), None)
            year = f"năm {self.issued_on.year}" if self.issued_on else "chưa rõ ngày"
            if elsewhere is not None:
                errors["number"] = (
                    f"Số quyết định {self.number} {year} đã được ghi là quyết "
                    f"định của {elsewhere.get_issuer_display()}; một số quyết định không thể "
                    "thuộc hai cơ quan."
                )
            elif same is not None:
                errors["number"] = (
                    f"Số quyết định {self.number} của {Issuer(self.issuer).label} {year} đã có "
                    f"(quyết định {_date_or_unknown(same.issued_on)}); để thêm đơn vị vào quyết "
                    "định đó, hãy chọn nó ở ô “Quyết định đã có”."
                )
        if errors:
            raise ValidationError(errors)


class CertificationQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return unit_district_q("unit", district)

    def active(self):
        """Not revoked."""
        return self.filter(revoked_on__isnull=True)

    def active_on(self, day):
        """Recognised on or before the day and not revoked by then; a recognition known from a
        source, without a decision date, from the end of its standard year."""
        last_full_year = day.year if (day.month, day.day) == (12, 31) else day.year - 1
        recognised = Q(decision__issued_on__lte=day) | Q(
            decision__issued_on__isnull=True, standard_year__lte=last_full_year
        )
        return self.filter(recognised).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))

    def lacking_decision(self):
        """Known from a source, still without the decision's number and date."""
        return self.filter(decision__isnull=True)

    def with_lower_on_register(self):
        """Annotated `lower_on_register`: the unit holds, not revoked, the standard just below
        (always True for a standard with none below)."""
        lower = models.Case(
            *(
                models.When(standard=standard, then=models.Value(below))
                for standard, below in (
                    (Standard.ADVANCED, Standard.NTM),
                    (Standard.MODEL, Standard.ADVANCED),
                )
            ),
            default=models.Value(""),
            output_field=models.CharField(),
        )
        held = Certification.objects.filter(
            unit_id=models.OuterRef("unit_id"),
            standard=models.OuterRef("lower_standard"),
            revoked_on__isnull=True,
        )
        return self.annotate(lower_standard=lower).annotate(
            lower_on_register=Q(lower_standard="") | models.Exists(held)
        )

    def to_complete(self):
        """Not revoked and flagged: without decision, number, date, standard year, or the
        decision of the standard below (annotated as `with_lower_on_register`)."""
        return (
            self.active()
            .with_lower_on_register()
            .filter(
                Q(decision__isnull=True)
                | Q(decision__number="")
                | Q(decision__issued_on__isnull=True)
                | Q(standard_year__isnull=True)
                | Q(lower_on_register=False)
            )
        )

    def of_standard(self, standard):
        return self.filter(standard=standard)


NTM_OR_HIGHER = (Standard.NTM, Standard.ADVANCED, Standard.MODEL)


class Register:
    """What the rules of a recognition read about the unit's other recognitions.

    A form or the decide step reads them from the database, a query or two per recognition
    (`DATABASE`). An import of thousands of rows loads them for every unit of its file at once
    (`LoadedRegister`) and adds each recognition as it records it, so that a later row of the file
    finds it (an advanced standard resting on an NTM recognised by the same decision). The rules
    themselves are written once, in `Certification.check_rules`, whichever register answers.
    """

    def holds(self, unit, standard, *, on=None, decision=None):
        """Whether the unit holds the standard, not revoked: recognised on or before `on` (any
        time when None), or by `decision`."""
        holders = Certification.objects.filter(
            unit=unit, standard=standard, revoked_on__isnull=True
        )
        if on is not None:
            # A lower standard whose decision date is unknown (known from a source, or a
            # decision known by its number) is held when its standard year is not later.
            # `decision=None` would match every recognition without a decision, whatever its
            # year (LoadedRegister.holds compares a decision only when there is one).
            by_decision = Q(decision=decision) if decision is not None else Q(pk__in=[])
            holders = holders.filter(
                Q(decision__issued_on__lte=on)
                | by_decision
                | Q(decision__issued_on__isnull=True, standard_year__lte=on.year)
                | Q(decision__issued_on__isnull=True, standard_year__isnull=True)
            )
        return holders.exists()

    def revoked(self, unit, standard):
        """The unit's latest revoked recognition for the standard, or None."""
        return (
            Certification.objects.filter(unit=unit, standard=standard, revoked_on__isnull=False)
            .order_by("-revoked_on")
            .first()
        )

    def saved_place(self, certification):
        """(unit id, standard) of the recognition as saved, while not revoked; None otherwise."""
        return (
            Certification.objects.filter(pk=certification.pk, revoked_on__isnull=True)
            .values_list("unit_id", "standard")
            .first()
        )

    def dependants(self, unit_id, standard):
        """The unit's active recognitions that rest on its recognition for the standard."""
        return list(
            Certification.objects.active().filter(
                unit_id=unit_id, standard__in=Standard(standard).higher
            )
        )

    def active_twin(self, certification):
        """Another active recognition of the same unit for the same standard, or None."""
        return (
            Certification.objects.active()
            .filter(unit_id=certification.unit_id, standard=certification.standard)
            .exclude(pk=certification.pk)
            .first()
        )

    def communes_short_of_ntm(self, district, day):
        """The district's communes (xã) valid on the day that do not hold NTM or higher then."""
        communes = district.children.rural_communes().valid_on(day)
        holding = Certification.objects.active_on(day).filter(
            unit__in=communes, standard__in=NTM_OR_HIGHER
        )
        return list(communes.exclude(pk__in=holding.values("unit_id")).in_vietnamese_order())


DATABASE = Register()


class LoadedRegister(Register):
    """The recognitions of some units, read at once; `add` the ones recorded since."""

    def __init__(self, unit_ids):
        self.of_unit = defaultdict(list)
        self.saved_places = {}
        self.loaded = set()
        self.communes_of = {}
        self.load(unit_ids)

    def load(self, unit_ids):
        """Read the recognitions of these units (with their decisions), in one query."""
        unit_ids = set(unit_ids) - self.loaded
        self.loaded |= unit_ids
        if not unit_ids:
            return
        for certification in (
            Certification.objects.filter(unit_id__in=unit_ids)
            .select_related("decision")
            .order_by("pk")
        ):
            self.add(certification)
            if not certification.is_revoked:
                self.saved_places[certification.pk] = (
                    certification.unit_id,
                    certification.standard,
                )

    def add(self, certification):
        self.of_unit[certification.unit_id].append(certification)

    def of(self, unit_id):
        return self.of_unit.get(unit_id, [])

    def holds(self, unit, standard, *, on=None, decision=None):
        for held in self.of(unit.pk):
            if held.standard != standard or held.is_revoked:
                continue
            if on is None:
                return True
            by = held.recorded_decision
            if by is not None and same_decision(by, decision):
                return True
            if by is not None and by.issued_on is not None:
                if by.issued_on <= on:
                    return True
            elif held.standard_year is None or held.standard_year <= on.year:
                return True
        return False

    def saved_place(self, certification):
        return self.saved_places.get(certification.pk)

    def revoked(self, unit, standard):
        revoked = [c for c in self.of(unit.pk) if c.standard == standard and c.is_revoked]
        return max(revoked, key=lambda c: c.revoked_on, default=None)

    def dependants(self, unit_id, standard):
        higher = Standard(standard).higher
        return [c for c in self.of(unit_id) if c.standard in higher and not c.is_revoked]

    def communes_short_of_ntm(self, district, day):
        # Rare (a district-level NTM recognised by the file): its communes are read then, and the
        # recognitions the file records before it count.
        key = (district.pk, day)
        if key not in self.communes_of:
            self.communes_of[key] = list(
                district.children.rural_communes().valid_on(day).in_vietnamese_order()
            )
        communes = self.communes_of[key]
        self.load(commune.pk for commune in communes)
        return [
            commune
            for commune in communes
            if not any(
                held.standard in NTM_OR_HIGHER and held.is_active_on(day)
                for held in self.of(commune.pk)
            )
        ]

    def active_twin(self, certification):
        return next(
            (
                other
                for other in self.of(certification.unit_id)
                if other is not certification
                and not (other.pk is not None and other.pk == certification.pk)
                and other.standard == certification.standard
                and not other.is_revoked
            ),
            None,
        )


def same_decision(decision, other):
    """The same decision, also when neither is saved yet (an import saves them at the end)."""
    if other is None:
        return False
    return decision is other or (decision.pk is not None and decision.pk == other.pk)


class Certification(models.Model):
    """A unit's recognition for a standard in a standard year, made by a decision."""

    decision = models.ForeignKey(
        Decision,
        verbose_name="quyết định",
        on_delete=models.PROTECT,
        related_name="certifications",
        null=True,
        blank=True,
        help_text="Để trống khi chưa có số và ngày quyết định: khi đó phải ghi nguồn.",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="certifications"
    )
    standard = models.CharField("chuẩn", max_length=10, choices=Standard.choices)
    standard_year = models.PositiveSmallIntegerField(
        "năm đạt chuẩn",
        null=True,
        blank=True,
        help_text="Để trống khi quyết định không ghi năm đạt chuẩn: khi đó tính từ năm của "
        "quyết định và đánh dấu “thiếu năm đạt chuẩn”.",
    )
    notes = models.TextField("ghi chú", blank=True)
    source = models.TextField(
        "nguồn",
        blank=True,
        help_text="Báo cáo hoặc văn bản cho biết việc công nhận, khi chưa có số và ngày quyết "
        "định (ví dụ: Báo cáo 25/BC-UBND ngày 10/01/2021 của UBND tỉnh).",
    )
    warning = models.TextField(
        "cảnh báo khi ghi nhận",
        blank=True,
        help_text="Điều sổ công nhận cho thấy trái quy định khi ghi nhận, đã được xác nhận.",
    )
    revoked_on = models.DateField("ngày thu hồi", null=True, blank=True)
    revocation_number = models.CharField("số quyết định thu hồi", max_length=40, blank=True)
    revocation_reason = models.TextField("lý do thu hồi", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi nhận",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()
    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = "công nhận"
        verbose_name_plural = "công nhận"
        ordering = ["-decision__issued_on", "unit__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "standard"],
                condition=Q(revoked_on__isnull=True),
                name="certification_one_active_per_unit_standard",
                violation_error_message="Đơn vị này đang có một công nhận còn hiệu lực cho chuẩn này.",
            ),
            models.CheckConstraint(
                condition=(Q(revoked_on__isnull=True) & Q(revocation_number=""))
                | (Q(revoked_on__isnull=False) & ~Q(revocation_number="")),
                name="certification_revocation_complete",
                violation_error_message="Thu hồi cần cả số quyết định thu hồi và ngày thu hồi.",
            ),
            models.CheckConstraint(
                condition=Q(decision__isnull=False) | ~Q(source=""),
                name="certification_decision_or_source",
                violation_error_message="Chưa có quyết định thì phải ghi nguồn (báo cáo, văn bản) "
                "cho biết việc công nhận.",
            ),
            models.CheckConstraint(
                condition=Q(standard_year__gte=2000, standard_year__lte=2100)
                | Q(standard_year__isnull=True),
                name="certification_standard_year_range",
                violation_error_message="Năm đạt chuẩn phải từ 2000 đến 2100.",
            ),
        ]

    def __str__(self):
        year = f"năm {self.standard_year}" if self.standard_year else "(thiếu năm đạt chuẩn)"
        return f"{self.unit}: {self.get_standard_display()} {year}"

    @property
    def counted_year(self):
        """The year it counts from on the standard-year basis: its standard year, or, when the
        decision states none, the decision's year."""
        if self.standard_year:
            return self.standard_year
        decision = self.recorded_decision
        return decision.issued_on.year if decision and decision.issued_on else None

    def flags(self, *, lower_on_register=True):
        """What it lacks, in the words shown beside it; `lower_on_register` as annotated by
        `with_lower_on_register` (or read with `has_lower_on_register`)."""
        decision = self.recorded_decision
        flags = [FLAG_NO_DECISION] if decision is None else decision.missing_parts
        if not self.standard_year:
            flags.append(FLAG_NO_STANDARD_YEAR)
        if not lower_on_register:
            flags.append(FLAG_NO_LOWER)
        return flags

    @property
    def flag_list(self):
        """`flags`, reading `lower_on_register` as annotated (or set) on this record."""
        return self.flags(lower_on_register=getattr(self, "lower_on_register", True))

    def has_lower_on_register(self):
        lower = Standard(self.standard).lower
        return lower is None or DATABASE.holds(self.unit, lower)

    def incompleteness(self, register):
        """The warnings of a recognition that is true but incomplete (never a refusal), each
        naming its flag: the same words in the form, the import and the decide step."""
        notices = []
        decision = self.recorded_decision
        if decision is not None and not decision.number:
            notices.append(
                f"Quyết định ngày {decision.issued_on:%d/%m/%Y} chưa có số: công nhận được ghi "
                f"và đánh dấu “{FLAG_NO_NUMBER}” cho đến khi bổ sung."
            )
        if decision is not None and decision.issued_on is None:
            notices.append(
                f"Quyết định {decision.number} chưa có ngày: công nhận được ghi và đánh dấu "
                f"“{FLAG_NO_DATE}”; theo ngày quyết định, được tính từ cuối năm đạt chuẩn."
            )
        if not self.standard_year and decision is not None and decision.issued_on:
            notices.append(
                f"Chưa có năm đạt chuẩn: theo năm đạt chuẩn, công nhận được tính từ năm của "
                f"quyết định ({decision.issued_on.year}) và đánh dấu “{FLAG_NO_STANDARD_YEAR}”."
            )
        lower = Standard(self.standard).lower if self.standard else None
        if (
            lower is not None
            and self.unit_id
            and not self.is_revoked
            and not register.holds(self.unit, lower)
        ):
            notices.append(
                f"{self.unit} chưa có công nhận {lower.phrase} trong sổ: công nhận "
                f"{Standard(self.standard).phrase} vẫn được ghi, được tính cả cho "
                f"{lower.phrase} từ cùng năm, và đánh dấu “{FLAG_NO_LOWER}” cho đến khi "
                "bổ sung quyết định đó."
            )
        return notices

    @property
    def is_revoked(self):
        return self.revoked_on is not None

    def is_active_on(self, day):
        """`Certification.objects.active_on(day)` for a recognition in hand."""
        last_full_year = day.year if (day.month, day.day) == (12, 31) else day.year - 1
        decision = self.recorded_decision
        if decision is not None and decision.issued_on is not None:
            recognised = decision.issued_on <= day
        else:
            recognised = self.counted_year is not None and self.counted_year <= last_full_year
        return recognised and (self.revoked_on is None or self.revoked_on > day)

    @property
    def recorded_decision(self):
        """The decision, also one not saved yet (an import saves its decisions at the end)."""
        if self.decision_id is not None or Certification.decision.is_cached(self):
            return self.decision
        return None

    @property
    def lacks_decision(self):
        """Known from a source: "thiếu số/ngày quyết định" until the decision is found."""
        return self.decision_id is None

    def dependants(self):
        """The unit's active recognitions that rest on this one (advanced on NTM, model on advanced)."""
        higher = Standard(self.standard).higher
        return Certification.objects.active().filter(unit_id=self.unit_id, standard__in=higher)

    @staticmethod
    def missing_lower_standard(unit, standard, *, on=None, decision=None, register=DATABASE):
        """Why the unit cannot yet be recognised for the standard on the ladder, or None.

        The lower standard must be held and not revoked: recognised on or before `on` (any time
        when None), or in the same decision (recorded first).
        """
        lower = Standard(standard).lower
        if lower is None:
            return None
        if register.holds(unit, lower, on=on, decision=decision):
            return None
        return (
            f"{unit} chưa có công nhận {lower.phrase} còn hiệu lực, nên chưa thể công nhận "
            f"{Standard(standard).phrase} (chuẩn thấp hơn có thể nằm trong cùng quyết định)."
        )

    def clean(self):
        self.check_rules(DATABASE)

    def check_rules(self, register):
        """The rules of DOMAIN.md that need more than one row, each message on the field it is
        about, so that a form shows it beside that field and an import names that column; what
        they read about the unit's other recognitions comes from the register."""
        errors = {}

        def refuse(field, message):
            errors.setdefault(field, []).append(message)

        unit = self.unit if self.unit_id else None
        decision = self.recorded_decision
        if decision is None and not (self.source or "").strip():
            refuse(
                "source",
                "Chưa có số và ngày quyết định thì phải ghi nguồn: báo cáo hoặc văn bản cho biết "
                "việc công nhận (ví dụ: Báo cáo 25/BC-UBND ngày 10/01/2021 của UBND tỉnh).",
            )
        if (
            (decision is None or decision.issued_on is None)
            and self.standard_year
            and self.standard_year > timezone.localdate().year
        ):
            refuse("standard_year", f"Năm đạt chuẩn {self.standard_year} chưa tới.")
        if not self.standard_year and (decision is None or decision.issued_on is None):
            refuse("standard_year", NO_YEAR_NOR_DATE)
        if unit is not None:
            allowed = Standard.of_kind(unit.kind)
            if unit.level not in (Unit.Level.COMMUNE, Unit.Level.DISTRICT) or not allowed:
                refuse("unit", f"{unit} không thuộc diện công nhận nông thôn mới.")
            elif self.standard and self.standard not in allowed:
                refuse("standard", self._standard_not_for_kind(unit))
        if decision is not None and unit is not None:
            expected = Issuer.recognising(unit)
            if expected is not None and decision.issuer != expected:
                refuse(
                    "issuer",
                    f"{unit} được công nhận bởi {expected.label} (số quyết định dạng "
                    f"…{expected.suffix}); quyết định {decision.number} là của "
                    f"{decision.get_issuer_display()}.",
                )
        if decision is not None and decision.issued_on is not None:
            if self.standard_year and decision.issued_on.year < self.standard_year:
                refuse(
                    "standard_year",
                    f"Ngày quyết định {decision.issued_on:%d/%m/%Y} trước năm đạt chuẩn {self.standard_year}.",
                )
            if unit is not None and not unit.is_valid_on(decision.issued_on):
                refuse(
                    "unit",
                    f"{unit} không còn hiệu lực vào ngày quyết định {decision.issued_on:%d/%m/%Y}.",
                )
        # A higher standard without its lower one on the register is true and incomplete (a
        # commune recognised advanced was NTM): a warning and a flag, see `incompleteness`. A
        # lower one the register shows revoked, and not recognised again, contradicts it.
        lower = Standard(self.standard).lower if self.standard else None
        if unit is not None and lower is not None and not self.is_revoked:
            revoked = register.revoked(unit, lower)
            if revoked is not None and not register.holds(unit, lower):
                refuse(
                    "standard",
                    f"{unit} chưa có công nhận {lower.phrase} còn hiệu lực: công nhận đó đã bị "
                    f"thu hồi ngày {revoked.revoked_on:%d/%m/%Y} ({revoked.revocation_number}) "
                    f"và chưa được công nhận lại, nên chưa thể công nhận "
                    f"{Standard(self.standard).phrase}.",
                )
        if self.pk and not self.is_revoked:
            saved = register.saved_place(self)
            dependants = (
                register.dependants(*saved)
                if saved is not None and saved != (self.unit_id, self.standard)
                else []
            )
            if dependants:
                names = ", ".join(Standard(c.standard).phrase for c in dependants)
                refuse(
                    "standard",
                    f"{Unit.objects.get(pk=saved[0])} còn công nhận {names} dựa trên công nhận "
                    f"{Standard(saved[1]).phrase} này, nên không thể đổi đơn vị hay chuẩn của nó.",
                )
        if (
            self.revoked_on
            and decision is not None
            and decision.issued_on is not None
            and self.revoked_on < decision.issued_on
        ):
            refuse(
                "revoked_on",
                f"Ngày thu hồi {self.revoked_on:%d/%m/%Y} trước ngày quyết định công nhận {decision.issued_on:%d/%m/%Y}.",
            )
        if (
            self.revoked_on
            and (decision is None or decision.issued_on is None)
            and self.standard_year
            and self.revoked_on.year < self.standard_year
        ):
            refuse(
                "revoked_on",
                f"Ngày thu hồi {self.revoked_on:%d/%m/%Y} trước năm đạt chuẩn {self.standard_year}.",
            )
        if self.revoked_on and self.revoked_on > timezone.localdate():
            refuse("revoked_on", f"Ngày thu hồi {self.revoked_on:%d/%m/%Y} ở tương lai.")
        if self.revocation_number and decision is not None:
            # A revocation comes from the authority that recognised (QĐ 18/2022/QĐ-TTg).
            suffix = Issuer(decision.issuer).suffix
            if suffix and not self.revocation_number.endswith(suffix):
                refuse(
                    "revocation_number",
                    f"Công nhận này do {decision.get_issuer_display()} quyết định, nên quyết định "
                    f"thu hồi cũng của {decision.get_issuer_display()}, số dạng …{suffix} "
                    f"(đang ghi “{self.revocation_number}”).",
                )
        if errors:
            raise ValidationError(errors)

    def validate_in(self, register, *, exclude=()):
        """`full_clean` for a recognition whose unit and decision are in hand (an import): the
        fields, the rules, and one active recognition per unit and standard, read from the
        register instead of the database. The other constraints restate what the fields and
        the rules check (a decision or a source, both parts of a revocation, the year's range)
        and stay enforced by the database."""
        errors = {}
        try:
            self.clean_fields(exclude=[*exclude, "decision", "unit", "created_by"])
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            self.check_rules(register)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not self.is_revoked and register.active_twin(self) is not None:
            errors.setdefault(NON_FIELD_ERRORS, []).append(ONE_ACTIVE_MESSAGE)
        if errors:
            raise ValidationError(errors)

    def _standard_not_for_kind(self, unit):
        if unit.kind == Unit.Kind.THI_XA:
            return (
                f"{unit} là thị xã: được công nhận “hoàn thành nhiệm vụ xây dựng NTM”, không "
                f"công nhận {Standard(self.standard).phrase}."
            )
        if self.standard == Standard.COMPLETED:
            return (
                "“Hoàn thành nhiệm vụ xây dựng NTM” chỉ dành cho thành phố thuộc tỉnh và thị xã; "
                f"{unit} thì công nhận đạt chuẩn NTM."
            )
        return (
            f"{unit} là thành phố thuộc tỉnh: được công nhận “hoàn thành nhiệm vụ xây dựng NTM”, "
            f"không công nhận {Standard(self.standard).phrase}."
        )

    @transaction.atomic
    def revoke(self, *, number, on, reason, by=None, register=None):
        """Revoke this recognition; a higher standard that rests on it must be revoked first.

        With a register (an import), the revocation is checked against it and left to the caller
        to save, with the others, at the end."""
        if self.is_revoked:
            raise ValidationError(
                {"revoked_on": f"Công nhận này đã bị thu hồi ngày {self.revoked_on:%d/%m/%Y}."}
            )
        dependants = (register or DATABASE).dependants(self.unit_id, self.standard)
        if dependants:
            names = ", ".join(Standard(c.standard).phrase for c in dependants)
            raise ValidationError(
                {
                    "revoked_on": f"{self.unit} còn công nhận {names} dựa trên chuẩn này; hãy thu "
                    "hồi chuẩn cao hơn trước."
                }
            )
        if not number or not DECISION_NUMBER.match(number):
            raise ValidationError(
                {
                    "revocation_number": f"Số quyết định thu hồi “{number}” không đúng mẫu, ví dụ 1520/QĐ-UBND."
                }
            )
        if isinstance(on, datetime.datetime):
            on = on.date()
        self.revoked_on = on
        self.revocation_number = number
        self.revocation_reason = reason
        try:
            if register is None:
                self.full_clean()
            else:
                self.validate_in(register)
        except ValidationError:
            # A refused revocation leaves the record as it was, also in memory (the page shows it).
            self.revoked_on, self.revocation_number, self.revocation_reason = None, "", ""
            raise
        if register is None:
            self._history_user = by
            self.save()


ONE_ACTIVE_MESSAGE = next(
    constraint.violation_error_message
    for constraint in Certification._meta.constraints
    if constraint.name == "certification_one_active_per_unit_standard"
)
