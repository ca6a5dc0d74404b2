from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from awards.models.kinds import AwardKind, RecipientType
from ntm_portal.lib.text import fold, nfc, person_key
from units.access import Capability, ScopedQuerySet
from units.models import Unit


class NomineeQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return Q(district=district)

    def active(self):
        """Nominees not merged into another record."""
        return self.filter(merged_into__isnull=True)

    def with_particulars_for(self, user):
        """Each row annotated `particulars_visible`: whether the user may see and export its
        personal particulars (`units.access` capability VIEW_PARTICULARS through `for_user`)."""
        visible = Nominee.objects.for_user(user, Capability.VIEW_PARTICULARS).filter(
            pk=OuterRef("pk")
        )
        return self.annotate(particulars_visible=Exists(visible))

    def search(self, query):
        folded = fold(query)
        return self.filter(search_key__contains=folded) if folded else self

    def duplicate_groups(self):
        """Groups of active individuals that may be one person, not yet resolved: the same name
        key (`person_key`), the same district (or both provincial) and years of birth at most
        one apart, leaving out pairs staff marked as two people. A list of lists of nominees."""
        same_person = (
            Nominee.objects.active()
            .filter(nominee_type=RecipientType.INDIVIDUAL)
            .annotate(district_key=Coalesce("district_id", 0))
            .filter(
                match_key=OuterRef("match_key"),
                district_key=OuterRef("district_key"),
                birth_year__gte=OuterRef("birth_year") - YEARS_APART,
                birth_year__lte=OuterRef("birth_year") + YEARS_APART,
            )
            .exclude(pk=OuterRef("pk"))
        )
        members = list(
            self.active()
            .filter(nominee_type=RecipientType.INDIVIDUAL)
            .exclude(match_key="")
            .annotate(district_key=Coalesce("district_id", 0))
            .filter(Exists(same_person))
            .select_related("district")
            .order_by("match_key", "district_key", "birth_year", "pk")
        )
        ids = [member.pk for member in members]
        distinct = set(
            DistinctPerson.objects.filter(first_id__in=ids, second_id__in=ids).values_list(
                "first_id", "second_id"
            )
        )
        groups, current = [], []
        for member in members:
            if current and not any(
                _may_be_one_person(other, member, distinct) for other in current
            ):
                if len(current) > 1:
                    groups.append(current)
                current = []
            current.append(member)
        if len(current) > 1:
            groups.append(current)
        return groups


# Years of birth written from memory or from different papers differ by one (lunar and solar
# year, a typo): such records are shown as candidates; further apart, they are not.
YEARS_APART = 1


def _may_be_one_person(first, second, distinct):
    return (
        first.match_key == second.match_key
        and (first.district_id or 0) == (second.district_id or 0)
        and abs(first.birth_year - second.birth_year) <= YEARS_APART
        and (min(first.pk, second.pk), max(first.pk, second.pk)) not in distinct
    )


class Nominee(models.Model):
    """A collective, individual or household that may be proposed for an award."""

    class CollectiveKind(models.TextChoices):
        UNIT = "unit", "Đơn vị hành chính"
        ORGANISATION = "organisation", "Cơ quan, tổ chức"
        INNER = "inner", "Tập thể thuộc cơ quan, tổ chức"

    class Sex(models.TextChoices):
        MALE = "male", "Nam"
        FEMALE = "female", "Nữ"

    nominee_type = models.CharField("đối tượng", max_length=10, choices=RecipientType.choices)
    name = models.CharField(
        "tên",
        max_length=200,
        help_text="Họ và tên (cá nhân), tên tập thể, hoặc họ tên chủ hộ (hộ gia đình).",
    )
    collective_kind = models.CharField(
        "loại tập thể", max_length=12, choices=CollectiveKind.choices, blank=True
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị hành chính",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominees",
    )
    parent_organisation = models.CharField("thuộc cơ quan, tổ chức", max_length=200, blank=True)
    sex = models.CharField("giới tính", max_length=6, choices=Sex.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    date_of_birth = models.DateField(
        "ngày sinh",
        null=True,
        blank=True,
        help_text="Nếu biết (báo cáo thành tích mẫu 03 ghi ngày, tháng, năm sinh).",
    )
    hometown = models.CharField("quê quán", max_length=200, blank=True)
    identity_number = models.CharField(
        "số định danh cá nhân", max_length=12, blank=True, help_text="Số căn cước: 12 chữ số."
    )
    position = models.CharField("chức vụ", max_length=200, blank=True)
    workplace = models.CharField("nơi công tác", max_length=200, blank=True)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    district = models.ForeignKey(
        Unit,
        verbose_name="thuộc đơn vị cấp huyện",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="district_nominees",
        limit_choices_to={"level": Unit.Level.DISTRICT},
        help_text="Để trống nếu đối tượng thuộc cấp tỉnh.",
    )
    match_key = models.CharField("khóa so khớp họ tên", max_length=250, blank=True, editable=False)
    search_key = models.CharField("khóa tìm kiếm", max_length=250, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="đã gộp vào",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_records",
    )
    merged_at = models.DateTimeField("gộp lúc", null=True, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người gộp",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    history = HistoricalRecords()
    objects = NomineeQuerySet.as_manager()

    class Meta:
        verbose_name = "đối tượng khen thưởng"
        verbose_name_plural = "đối tượng khen thưởng"
        ordering = ["search_key", "birth_year", "pk"]
        indexes = [models.Index(fields=["match_key", "birth_year"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(nominee_type="individual")
                | (Q(birth_year__isnull=False) & ~Q(sex="")),
                name="nominee_individual_has_sex_and_birth_year",
                violation_error_message="Cá nhân phải có giới tính và năm sinh.",
            ),
            models.CheckConstraint(
                condition=~Q(nominee_type="household") | ~Q(address=""),
                name="nominee_household_has_address",
                violation_error_message="Hộ gia đình phải có địa chỉ.",
            ),
            models.CheckConstraint(
                condition=~Q(nominee_type="collective") | ~Q(collective_kind=""),
                name="nominee_collective_has_kind",
                violation_error_message="Tập thể phải ghi rõ loại (đơn vị hành chính, cơ quan/tổ chức, "
                "hay tập thể thuộc cơ quan/tổ chức).",
            ),
        ]

    def __str__(self):
        if self.nominee_type == RecipientType.INDIVIDUAL:
            return f"{self.display_name} ({self.birth_year})"
        return self.display_name

    # An individual's personal particulars: seen and exported only by provincial staff and the
    # officer of the nominee's own district (units.access, VIEW_PARTICULARS); others see the
    # name, the unit and the award history.
    PARTICULARS = ("sex", "birth_year", "date_of_birth", "address", "hometown", "identity_number")
    HIDDEN = "(không hiển thị)"

    def particulars_visible_to(self, user):
        if self.nominee_type != RecipientType.INDIVIDUAL:
            return True
        visible = getattr(self, "particulars_visible", None)
        if visible is not None:
            return visible
        return (
            Nominee.objects.for_user(user, Capability.VIEW_PARTICULARS).filter(pk=self.pk).exists()
        )

    def particulars(self):
        """{field: printable value} of the particulars (no access check: see `particulars_for`)."""
        return {
            "sex": self.get_sex_display() if self.sex else "",
            "birth_year": self.birth_year or "",
            "date_of_birth": f"{self.date_of_birth:%d/%m/%Y}" if self.date_of_birth else "",
            "address": self.address,
            "hometown": self.hometown,
            "identity_number": self.identity_number,
        }

    def particulars_for(self, user):
        """The particulars, each value hidden unless the user may see them."""
        if self.particulars_visible_to(user):
            return self.particulars()
        return dict.fromkeys(self.PARTICULARS, self.HIDDEN)

    @property
    def honorific(self):
        return "Bà" if self.sex == self.Sex.FEMALE else "Ông"

    @property
    def display_name(self):
        """The name as a certificate or a list prints it ("Ông Nguyễn Văn A", "Hộ ông …")."""
        if self.nominee_type == RecipientType.INDIVIDUAL:
            return f"{self.honorific} {self.name}"
        if self.nominee_type == RecipientType.HOUSEHOLD:
            return f"Hộ {self.honorific.lower()} {self.name}"
        return self.name

    @property
    def description(self):
        """Position and workplace, the inner collective's organisation, or the address."""
        if self.nominee_type == RecipientType.INDIVIDUAL:
            return ", ".join(part for part in (self.position, self.workplace) if part)
        if self.nominee_type == RecipientType.HOUSEHOLD:
            return self.address
        if self.parent_organisation:
            return self.parent_organisation
        if self.unit_id and self.unit.parent_id and not self.unit.parent.is_province:
            name = self.unit.parent.full_name
            return name[:1].lower() + name[1:]
        return ""

    def clean(self):
        errors = {}
        if self.nominee_type == RecipientType.INDIVIDUAL:
            if not self.sex:
                errors["sex"] = "Cá nhân phải có giới tính."
            if not self.birth_year:
                errors["birth_year"] = "Cá nhân phải có năm sinh (để phân biệt người trùng tên)."
            elif not 1900 <= self.birth_year <= 2025:
                errors["birth_year"] = f"Năm sinh {self.birth_year} không hợp lệ."
            elif self.date_of_birth and self.date_of_birth.year != self.birth_year:
                errors["date_of_birth"] = (
                    f"Ngày sinh {self.date_of_birth:%d/%m/%Y} không khớp năm sinh "
                    f"{self.birth_year}."
                )
        if self.identity_number and not (
            len(self.identity_number) == 12 and self.identity_number.isdigit()
        ):
            errors["identity_number"] = (
                f"Số định danh cá nhân “{self.identity_number}” phải gồm đúng 12 chữ số."
            )
        if self.nominee_type == RecipientType.HOUSEHOLD and not (self.address or "").strip():
            errors["address"] = "Hộ gia đình phải có địa chỉ."
        if self.nominee_type == RecipientType.COLLECTIVE:
            if not self.collective_kind:
                errors["collective_kind"] = "Chọn loại tập thể."
            elif self.collective_kind == self.CollectiveKind.UNIT and not self.unit_id:
                errors["unit"] = "Tập thể là đơn vị hành chính: chọn đơn vị."
            elif self.collective_kind == self.CollectiveKind.INNER and not self.parent_organisation:
                errors["parent_organisation"] = "Ghi rõ tập thể thuộc cơ quan, tổ chức nào."
        if errors:
            raise ValidationError(errors)

    def prepare_keys(self):
        """Normalise the typed texts and compute the matching and search keys."""
        if self.date_of_birth and not self.birth_year:
            self.birth_year = self.date_of_birth.year
        self.identity_number = "".join((self.identity_number or "").split())
        for name in ("name", "position", "workplace", "address", "parent_organisation", "hometown"):
            setattr(self, name, nfc(getattr(self, name)) or "")
        self.name = " ".join(self.name.split())
        self.search_key = fold(self.name)[:250]
        self.match_key = (
            person_key(self.name)[:250] if self.nominee_type == RecipientType.INDIVIDUAL else ""
        )

    def possible_duplicates(self):
        """Other active individuals who may be this person (see `duplicate_groups`): same name
        key, same district, years of birth at most one apart, not marked as another person."""
        if self.nominee_type != RecipientType.INDIVIDUAL or not self.match_key:
            return Nominee.objects.none()
        distinct_ids = set()
        for first, second in DistinctPerson.objects.filter(
            Q(first=self) | Q(second=self)
        ).values_list("first_id", "second_id"):
            distinct_ids.update({first, second})
        return (
            Nominee.objects.active()
            .filter(
                nominee_type=RecipientType.INDIVIDUAL,
                match_key=self.match_key,
                district=self.district_id,
                birth_year__gte=self.birth_year - YEARS_APART,
                birth_year__lte=self.birth_year + YEARS_APART,
            )
            .exclude(pk=self.pk)
            .exclude(pk__in=distinct_ids)
        )

    def person_records(self):
        """The award history of the person: this record's awards and those of the records
        merged into it (eligibility and the one-award rule read this)."""
        return AwardRecord.objects.filter(
            Q(nominee=self) | Q(nominee__merged_into=self)
        ).select_related("kind")

    def awards_received(self):
        return self.award_records.select_related("kind").order_by("-year", "pk")


class DistinctPerson(models.Model):
    """Staff have looked at two records of the same name and year of birth: two people."""

    first = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xác nhận",
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("xác nhận lúc", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "xác nhận hai người khác nhau"
        verbose_name_plural = "xác nhận hai người khác nhau"
        constraints = [
            models.UniqueConstraint(
                fields=["first", "second"],
                name="distinct_person_unique",
                violation_error_message="Hai hồ sơ này đã được xác nhận là hai người khác nhau.",
            ),
        ]

    def __str__(self):
        return f"{self.first} ≠ {self.second}"


class AwardRecordQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return Q(nominee__district=district)


class AwardRecord(models.Model):
    """An award a nominee has received: the history that achievement reports cite (part III)
    and that the one-award rule and the prerequisites are checked against."""

    nominee = models.ForeignKey(
        Nominee, verbose_name="đối tượng", on_delete=models.PROTECT, related_name="award_records"
    )
    kind = models.ForeignKey(
        AwardKind,
        verbose_name="danh hiệu / hình thức",
        on_delete=models.PROTECT,
        related_name="records",
    )
    year = models.PositiveSmallIntegerField("năm")
    decision_number = models.CharField("số quyết định", max_length=60)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=200)
    phase = models.ForeignKey(
        "emulation.Phase",
        verbose_name="cho đợt thi đua",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_records",
        help_text="Đợt của phong trào mà khen thưởng này ghi nhận (nếu có).",
    )
    nomination = models.OneToOneField(
        "awards.Nomination",
        verbose_name="từ đề nghị",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_record",
    )
    notes = models.CharField("ghi chú", max_length=300, blank=True)
    history = HistoricalRecords()
    objects = AwardRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "khen thưởng đã nhận"
        verbose_name_plural = "khen thưởng đã nhận"
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nominee", "kind", "year", "decision_number"],
                name="award_record_unique",
                violation_error_message="Đối tượng này đã có khen thưởng này theo quyết định này.",
            ),
        ]

    def __str__(self):
        return f"{self.kind.name} năm {self.year} ({self.decision_number}, {self.issuer})"

    def clean(self):
        if self.year and not 1945 <= self.year <= 2100:
            raise ValidationError({"year": f"Năm {self.year} không hợp lệ."})
        if self.decision_date and self.year and self.decision_date.year < self.year:
            raise ValidationError(
                {"decision_date": "Ngày quyết định không thể trước năm được khen thưởng."}
            )
        self.decision_number = nfc(self.decision_number) or ""
        self.issuer = nfc(self.issuer) or ""


class DisciplinaryHoldQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return Q(nominee__district=district)

    def in_force_on(self, day):
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class DisciplinaryHold(models.Model):
    """A period in which a nominee may not be proposed for an award: under review for discipline,
    serving a discipline, under investigation, inspection or audit, or while a complaint about
    them is verified (Decree 98/2023/NĐ-CP, art. 4)."""

    class Reason(models.TextChoices):
        DISCIPLINE_REVIEW = "discipline_review", "Đang bị xem xét kỷ luật"
        DISCIPLINE = "discipline", "Đang chịu hình thức kỷ luật"
        INVESTIGATION = "investigation", "Đang bị điều tra, thanh tra, kiểm tra"
        COMPLAINT = "complaint", "Đang xác minh, giải quyết đơn thư khiếu nại, tố cáo"

    ARTICLE = "Điều 4 Nghị định 98/2023/NĐ-CP"

    nominee = models.ForeignKey(
        Nominee,
        verbose_name="đối tượng",
        on_delete=models.CASCADE,
        related_name="disciplinary_holds",
    )
    reason = models.CharField("lý do", max_length=20, choices=Reason.choices)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField(
        "đến ngày", null=True, blank=True, help_text="Để trống nếu chưa có kết luận."
    )
    basis = models.CharField("căn cứ (văn bản, số, ngày)", max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi",
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()
    objects = DisciplinaryHoldQuerySet.as_manager()

    class Meta:
        verbose_name = "thời gian không xét khen thưởng"
        verbose_name_plural = "thời gian không xét khen thưởng"
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="disciplinary_hold_ends_after_start",
                violation_error_message="Ngày kết thúc không thể trước ngày bắt đầu.",
            ),
        ]

    def __str__(self):
        end = f"{self.ends_on:%d/%m/%Y}" if self.ends_on else "chưa kết thúc"
        return f"{self.get_reason_display()} từ {self.starts_on:%d/%m/%Y} đến {end} ({self.basis})"
