import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ntm_portal.lib.spelling import modern_tone_placement
from ntm_portal.lib.text import fold, sort_key
from units.access import Role, ScopedQuerySet, unit_district_q


class UnitQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return unit_district_q("", district)

    def provinces(self):
        return self.filter(level=Unit.Level.PROVINCE)

    def districts(self):
        return self.filter(level=Unit.Level.DISTRICT)

    def communes(self):
        return self.filter(level=Unit.Level.COMMUNE)

    def rural_communes(self):
        """Communes (xã), without wards and townships: the units the commune NTM criteria apply to."""
        return self.filter(level=Unit.Level.COMMUNE, kind=Unit.Kind.XA)

    def valid_on(self, day):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def existing_in(self, year):
        """Units that existed at some time in the year (see `Unit.exists_in`)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=datetime.date(year, 12, 31))
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(year, 1, 1)))

    def of_year(self, year):
        """The units whose records the year holds, one per code: those valid on 01/01 of the
        year. A unit that began during the year enters from the next one: the year's records
        stay on the units it began with (in 2025, the units of 2021–2025: Xã Bình Minh, not Xã
        Vĩnh Bình of 01/07/2025 that took its code 31064, nor a unit of 01/07/2025 with a code
        of its own, such as the 54 from the old An Giang). For choices keyed by code."""
        return self.valid_on(datetime.date(year, 1, 1))

    def by_code(self, code, year=None):
        """The unit with this code: the unit of the year (when given), otherwise the latest.

        A code can be reused by a unit of a later period (30742 was Phường Vĩnh Thanh Vân until
        30/06/2025 and is Phường Rạch Giá from 01/07/2025). The unit of a year is the one the
        year began with, so 2025 — the last year of 2021–2025, whose records stay on the old
        units — answers the old unit and 2026 the new one; a year in which no unit of the code
        existed answers the latest. Decided in Python over the few units of one code, so the
        answer does not depend on how a database sorts empty dates.
        """
        units = sorted(self.filter(code=code), key=_period_order)
        if not units:
            return None
        if year is not None:
            in_year = [unit for unit in units if unit.exists_in(year)]
            began_with = [unit for unit in in_year if unit.is_valid_on(datetime.date(year, 1, 1))]
            if began_with:
                return began_with[-1]
            if in_year:
                return in_year[0]
        return units[-1]

    def search(self, query):
        """Units whose name contains the phrase from the start of a word, or whose code is the query.

        Case, diacritics, tone placement and Unicode form are ignored: "tan hoa" finds "Tân Hoà"
        but not "Tân Khánh Hòa".
        """
        phrase = fold(query)
        if not phrase:
            return self
        return self.filter(
            Q(search_key__startswith=phrase) | Q(search_key__contains=f" {phrase}") | Q(code=phrase)
        )

    def search_with_lineage(self, query):
        """`search`, and the units before and after a reorganisation of the units it finds: an
        old name ("Vĩnh Thanh Vân") finds the new unit (Phường Rạch Giá) and the other way round."""
        phrase = fold(query)
        if not phrase:
            return self
        found = Unit.objects.search(query).values("pk")
        return self.filter(
            Q(pk__in=found)
            | Q(pk__in=UnitSuccession.objects.filter(predecessor__in=found).values("successor"))
            | Q(pk__in=UnitSuccession.objects.filter(successor__in=found).values("predecessor"))
        )

    def in_vietnamese_order(self):
        return self.order_by("sort_key", "code")


class Unit(models.Model):
    """An administrative unit: the province, a district-level unit or a commune."""

    class Level(models.TextChoices):
        PROVINCE = "province", "Cấp tỉnh"
        DISTRICT = "district", "Cấp huyện"
        COMMUNE = "commune", "Cấp xã"

    class Kind(models.TextChoices):
        TINH = "tinh", "Tỉnh"
        THANH_PHO = "thanh_pho", "Thành phố"
        HUYEN = "huyen", "Huyện"
        THI_XA = "thi_xa", "Thị xã"
        XA = "xa", "Xã"
        PHUONG = "phuong", "Phường"
        THI_TRAN = "thi_tran", "Thị trấn"
        DAC_KHU = "dac_khu", "Đặc khu"

    KINDS_OF_LEVEL = {
        Level.PROVINCE: {Kind.TINH},
        Level.DISTRICT: {Kind.THANH_PHO, Kind.HUYEN, Kind.THI_XA},
        Level.COMMUNE: {Kind.XA, Kind.PHUONG, Kind.THI_TRAN, Kind.DAC_KHU},
    }

    code = models.CharField(
        "mã đơn vị", max_length=10, help_text="Mã theo danh mục của Tổng cục Thống kê."
    )
    name = models.CharField("tên", max_length=100)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(
        "hiệu lực từ", null=True, blank=True, help_text="Để trống: từ trước năm 2021."
    )
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name="đơn vị kế thừa",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        through="UnitSuccession",
        through_fields=("predecessor", "successor"),
    )
    contact_person = models.CharField("đầu mối liên hệ", max_length=100, blank=True)
    contact_phone = models.CharField("điện thoại", max_length=30, blank=True)
    contact_email = models.EmailField("thư điện tử", blank=True)
    sort_key = models.CharField(max_length=400, editable=False, db_index=True)
    search_key = models.CharField(max_length=200, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["sort_key", "search_key"])
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["sort_key", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"],
                name="unit_code_unique_per_period",
                violation_error_message="Mã đơn vị này đã có trong cùng thời kỳ hiệu lực.",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
                violation_error_message="Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(level="province", kind="tinh", parent__isnull=True)
                    | Q(
                        level="district",
                        kind__in=["thanh_pho", "huyen", "thi_xa"],
                        parent__isnull=False,
                    )
                    | Q(level="commune", kind__in=["xa", "phuong", "thi_tran", "dac_khu"])
                ),
                name="unit_kind_fits_level",
                violation_error_message="Loại đơn vị không phù hợp với cấp (ví dụ: xã phải thuộc cấp xã).",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        # Derived keys for Vietnamese ordering and diacritic-free search, kept with the name.
        self.sort_key = sort_key(self.name)
        self.search_key = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The unit's page: /units/<code>/ for a unit still valid, /units/<code>/?year=<year>
        for a unit that has ended, so that a code reused after a reorganisation still leads
        each link to the unit it meant (see `UnitQuerySet.by_code`)."""
        from django.urls import reverse

        return self._with_year(reverse("units:unit_detail", args=[self.code]))

    @property
    def full_name(self):
        """The name as shown: one tone-mark convention on screen, the GSO spelling in the data."""
        # The kind's label without get_kind_display's walk over the choices: lists and imports
        # name thousands of units.
        return f"{_KIND_LABELS.get(self.kind, self.kind)} {modern_tone_placement(self.name)}"

    @property
    def is_province(self):
        return self.level == self.Level.PROVINCE

    @property
    def is_district(self):
        return self.level == self.Level.DISTRICT

    @property
    def is_commune(self):
        return self.level == self.Level.COMMUNE

    @property
    def is_city(self):
        """A provincial city: recognised as having "completed" the NTM task, not as NTM."""
        return self.kind == self.Kind.THANH_PHO

    def is_valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    def exists_in(self, year):
        """Whether the unit existed at some time in the year: valid from 31/12 of the year or
        earlier, and valid to 01/01 of the year or later (the units of 2021–2025 end on 30/06/2025,
        so they exist in 2025)."""
        return (self.valid_from is None or self.valid_from <= datetime.date(year, 12, 31)) and (
            self.valid_to is None or self.valid_to >= datetime.date(year, 1, 1)
        )

    @property
    def address_year(self):
        """A year that `by_code` answers with this unit: None for a unit still valid (the
        latest), otherwise the last year that began with the unit valid (2025 for the units of
        2021–2025, which end on 30/06/2025)."""
        if self.valid_to is None:
            return None
        return self.valid_to.year

    def get_contact_url(self):
        from django.urls import reverse

        return self._with_year(reverse("units:unit_contact", args=[self.code]))

    def _with_year(self, url):
        year = self.address_year
        return f"{url}?year={year}" if year else url

    @property
    def validity_text(self):
        """“đến 30/06/2025”, “từ 01/07/2025”, or both; empty for a unit without dates."""
        parts = []
        if self.valid_from:
            parts.append(f"từ {self.valid_from:%d/%m/%Y}")
        if self.valid_to:
            parts.append(f"đến {self.valid_to:%d/%m/%Y}")
        return " ".join(parts)

    def same_code_units(self):
        """The other units that carry this code, in other periods."""
        return Unit.objects.filter(code=self.code).exclude(pk=self.pk).order_by("valid_from")

    def ancestors(self):
        """From the province down to the parent of this unit."""
        chain = []
        unit = self.parent
        while unit is not None:
            chain.append(unit)
            unit = unit.parent
        return list(reversed(chain))

    def district(self):
        """The district-level unit this unit belongs to (itself for a district)."""
        if self.is_district:
            return self
        if self.is_commune:
            return self.parent
        return None


_KIND_LABELS = dict(Unit.Kind.choices)


def _period_order(unit):
    """Units of one code from the earliest period to the latest (no start date: the earliest)."""
    return (unit.valid_from is not None, unit.valid_from or datetime.date.min)


class UnitSuccession(models.Model):
    """One line of a reorganisation: an old unit went, whole or in part, into a new one on a
    day (Resolution 202/2025/QH15 and the Standing Committee's resolutions of 2025 for the
    communes). A new unit may keep the code of one of its predecessors."""

    class Relation(models.TextChoices):
        WHOLE = "whole", "toàn bộ"
        PART = "part", "một phần"

    predecessor = models.ForeignKey(
        Unit,
        verbose_name="đơn vị cũ",
        on_delete=models.CASCADE,
        related_name="succession_rows",
    )
    successor = models.ForeignKey(
        Unit,
        verbose_name="đơn vị mới",
        on_delete=models.CASCADE,
        related_name="predecession_rows",
    )
    relation = models.CharField(
        "phần chuyển sang", max_length=10, choices=Relation.choices, default=Relation.WHOLE
    )
    effective_on = models.DateField("có hiệu lực từ")
    legal_basis = models.CharField("căn cứ", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "sắp xếp đơn vị hành chính"
        verbose_name_plural = "sắp xếp đơn vị hành chính"
        ordering = ["successor__sort_key", "predecessor__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="unit_succession_once",
                violation_error_message="Dòng sắp xếp này (đơn vị cũ → đơn vị mới) đã có.",
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({self.get_relation_display()})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if not (self.predecessor_id and self.successor_id):
            return
        if self.predecessor.valid_to is None or self.predecessor.valid_to >= self.effective_on:
            raise ValidationError(
                f"{self.predecessor.full_name} phải hết hiệu lực trước ngày "
                f"{self.effective_on:%d/%m/%Y} mới có đơn vị kế thừa."
            )
        if self.successor.valid_from != self.effective_on:
            raise ValidationError(
                f"{self.successor.full_name} phải có hiệu lực từ ngày {self.effective_on:%d/%m/%Y}."
            )


def communes_for(user, capability, year=None):
    """The communes (xã) in a user's scope for a capability, with their district, in Vietnamese
    order: those whose criteria a user may update, or that a user may submit for appraisal; with
    a year, the communes of that year, one per code (`UnitQuerySet.of_year`)."""
    communes = Unit.objects.for_user(user, capability).rural_communes()
    if year is not None:
        communes = communes.of_year(year)
    return communes.select_related("parent").in_vietnamese_order()


PRE_MERGER_END = datetime.date(2025, 6, 30)


class Assignment(models.Model):
    """A user's role in the portal and the unit an officer serves: a district-level unit until
    30/06/2025; from 01/07/2025, when the district level ended, a commune-level unit (xã,
    phường, đặc khu) or the province. An account is never deleted for a reorganisation: its
    assignment is changed (`reassign`), and the history keeps who served where until when."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.CASCADE,
        related_name="assignment",
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        help_text=(
            "Cán bộ cấp huyện: đơn vị cấp huyện (đến 30/06/2025). Cán bộ cấp xã: xã, phường, "
            "đặc khu. Cán bộ cấp tỉnh, lãnh đạo: để trống hoặc chọn tỉnh."
        ),
    )
    history = HistoricalRecords()

    # The level of unit each role serves (None: no unit, or the province).
    UNIT_LEVEL_OF_ROLE = {
        Role.DISTRICT_OFFICER: Unit.Level.DISTRICT,
        Role.COMMUNE_OFFICER: Unit.Level.COMMUNE,
    }

    class Meta:
        verbose_name = "phân công"
        verbose_name_plural = "phân công"
        constraints = [
            models.CheckConstraint(
                condition=Q(role="district_officer", unit__isnull=False)
                | ~Q(role="district_officer"),
                name="assignment_district_officer_has_unit",
                violation_error_message="Cán bộ cấp huyện phải được gắn với một đơn vị cấp huyện.",
            ),
            models.CheckConstraint(
                condition=Q(role="commune_officer", unit__isnull=False)
                | ~Q(role="commune_officer"),
                name="assignment_commune_officer_has_unit",
                violation_error_message="Cán bộ cấp xã phải được gắn với một đơn vị cấp xã.",
            ),
        ]

    def __str__(self):
        if self.unit_id:
            return f"{self.user} — {self.get_role_display()} ({self.unit})"
        return f"{self.user} — {self.get_role_display()}"

    @property
    def unit_has_ended(self):
        """The unit served has ended (a district after 30/06/2025): the account awaits a new
        assignment."""
        from django.utils import timezone

        return bool(
            self.unit_id
            and self.unit.valid_to is not None
            and self.unit.valid_to < timezone.localdate()
        )

    def clean(self):
        from django.core.exceptions import ValidationError

        level = self.UNIT_LEVEL_OF_ROLE.get(self.role)
        if self.role == Role.DISTRICT_OFFICER and self.unit_id and self.unit.level != level:
            raise ValidationError(
                {"unit": "Cán bộ cấp huyện phải được gắn với một đơn vị cấp huyện."}
            )
        if self.role == Role.COMMUNE_OFFICER and (
            not self.unit_id or self.unit.level != Unit.Level.COMMUNE
        ):
            raise ValidationError(
                {"unit": "Cán bộ cấp xã phải được gắn với một đơn vị cấp xã (xã, phường, đặc khu)."}
            )
        if level is None and self.unit_id and self.unit.level != Unit.Level.PROVINCE:
            raise ValidationError(
                {
                    "unit": f"{self.get_role_display()} không gắn với đơn vị cấp huyện hay cấp "
                    "xã: để trống hoặc chọn tỉnh."
                }
            )
        if self.unit_id and self._unit_or_role_changed() and self.unit_has_ended:
            raise ValidationError({"unit": ended_unit_message(self.unit)})

    def _unit_or_role_changed(self):
        if self.pk is None:
            return True
        before = Assignment.objects.filter(pk=self.pk).values_list("role", "unit_id").first()
        return before != (self.role, self.unit_id)


def ended_unit_message(unit):
    """Why an officer cannot be assigned to a unit that has ended, and where to go instead."""
    message = (
        f"{unit.full_name} đã hết hiệu lực từ ngày {unit.valid_to:%d/%m/%Y}: không phân công "
        "cán bộ vào đơn vị đã kết thúc."
    )
    if unit.is_district:
        message += (
            " Từ 01/07/2025 không còn cấp huyện: phân công cán bộ vào một đơn vị cấp xã "
            "(vai trò Cán bộ cấp xã) hoặc cấp tỉnh."
        )
    else:
        successors = ", ".join(
            f"{successor.full_name} (mã {successor.code})" for successor in unit.successors.all()
        )
        if successors:
            message += f" Đơn vị kế thừa: {successors}."
    return message


def reassign(assignment, *, role, unit=None, by=None, reason=""):
    """Move an officer to another role and unit (a former district officer to a commune-level
    unit or to the province), checked by `Assignment.clean`, kept in the history with who did
    it and why. The account and everything it recorded stay as they are."""
    assignment.role = role
    assignment.unit = unit
    assignment.full_clean()
    assignment._change_reason = reason
    if by is not None:
        assignment._history_user = by
    assignment.save()
    return assignment


class IssuingBodyQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class IssuingBody(models.Model):
    """An authority that signs and numbers documents (a People's Committee, the Prime Minister,
    the President), with the words its documents print and the period in which it issued them."""

    class Kind(models.TextChoices):
        PROVINCE_COMMITTEE = "ubnd_tinh", "UBND tỉnh"
        DISTRICT_COMMITTEE = "ubnd_huyen", "UBND huyện"
        COMMUNE_COMMITTEE = "ubnd_xa", "UBND xã"
        PRIME_MINISTER = "thu_tuong", "Thủ tướng Chính phủ"
        PRESIDENT = "chu_tich_nuoc", "Chủ tịch nước"

    # Bodies that belong to the state as a whole, not to one unit.
    CENTRAL_KINDS = {Kind.PRIME_MINISTER, Kind.PRESIDENT}

    code = models.SlugField("mã", max_length=60, unique=True)
    kind = models.CharField("loại cơ quan", max_length=15, choices=Kind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị hành chính",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issuing_bodies",
        help_text="Trống: cơ quan trung ương, hoặc đơn vị chưa có trong danh mục.",
    )
    name = models.CharField(
        "tên trong câu văn", max_length=200, help_text="Ví dụ “Ủy ban nhân dân tỉnh Kiên Giang”."
    )
    authority = models.CharField(
        "người có thẩm quyền",
        max_length=200,
        help_text="Ví dụ “Chủ tịch Ủy ban nhân dân tỉnh Kiên Giang”.",
    )
    header_name = models.CharField(
        "tên ở tiêu đề văn bản",
        max_length=200,
        help_text="Chữ in hoa, mỗi dòng một dòng in: “ỦY BAN NHÂN DÂN” / “TỈNH KIÊN GIANG”.",
    )
    parent_line = models.CharField("tên cơ quan chủ quản", max_length=200, blank=True)
    place = models.CharField(
        "địa danh ở dòng ngày tháng", max_length=100, help_text="Ví dụ “Kiên Giang”."
    )
    certificate_heading = models.CharField("dòng tiêu đề trên bằng khen", max_length=200)
    chairman_title = models.CharField(
        "chức danh người đứng đầu ký", max_length=100, help_text="Ví dụ “CHỦ TỊCH”."
    )
    deputy_title = models.CharField(
        "chức danh cấp phó ký thay",
        max_length=100,
        help_text="Mỗi dòng một dòng in: “KT. CHỦ TỊCH” / “PHÓ CHỦ TỊCH”.",
    )
    number_suffix = models.CharField(
        "ký hiệu số quyết định", max_length=20, help_text="Ví dụ “QĐ-UBND”, “QĐ-TTg”."
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="cơ quan kế thừa",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )
    legal_basis = models.CharField("căn cứ", max_length=300, blank=True)
    history = HistoricalRecords()
    objects = IssuingBodyQuerySet.as_manager()

    class Meta:
        verbose_name = "cơ quan ban hành"
        verbose_name_plural = "cơ quan ban hành"
        ordering = ["kind", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="issuing_body_validity_ordered",
                violation_error_message="Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.",
            ),
        ]

    def __str__(self):
        return self.authority

    def is_valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def header_lines(self):
        return [line.strip() for line in self.header_name.splitlines() if line.strip()]

    @property
    def short_name(self):
        """The name on one line, as a parent agency above another agency's name: "UBND TỈNH
        KIÊN GIANG", the abbreviation offices print)."""
        lines = self.header_lines
        if len(lines) > 1 and lines[0] == "ỦY BAN NHÂN DÂN":
            return " ".join(["UBND", *lines[1:]])
        return " ".join(lines)

    def signer_title(self, *, deputy):
        """What the signature block prints above the signer's name (Decree 30/2020: a
        deputy signs "KT." for the head)."""
        return self.deputy_title if deputy else self.chairman_title


def issuing_body(kind, *, on, unit=None):
    """The body of this kind for the unit (none for central bodies) on a day; a body that has
    ended hands over to its successor (UBND tỉnh Kiên Giang → UBND tỉnh An Giang on
    01/07/2025). Raises ValidationError naming the kind, the unit and the day when there is none."""
    from django.core.exceptions import ValidationError

    bodies = IssuingBody.objects.filter(kind=kind).select_related("successor")
    if unit is not None and kind not in IssuingBody.CENTRAL_KINDS:
        bodies = bodies.filter(unit=unit)
    bodies = bodies.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
    body = bodies.order_by(models.F("valid_from").desc(nulls_last=True)).first()
    seen = set()
    while body is not None and not body.is_valid_on(on) and body.pk not in seen:
        seen.add(body.pk)
        body = body.successor
    if body is None or not body.is_valid_on(on):
        where = f" của {unit.full_name}" if unit is not None else ""
        raise ValidationError(
            f"Không có cơ quan ban hành loại “{IssuingBody.Kind(kind).label}”{where} vào ngày "
            f"{on:%d/%m/%Y} trong danh mục cơ quan ban hành."
        )
    return body
