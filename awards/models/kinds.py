import datetime
import decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ntm_portal.lib.numbers import integer


class RecipientType(models.TextChoices):
    """Who receives an award: the law names these three and nothing else."""

    COLLECTIVE = "collective", "Tập thể"
    INDIVIDUAL = "individual", "Cá nhân"
    HOUSEHOLD = "household", "Hộ gia đình"


class AwardKind(models.Model):
    """A kind of award: an emulation title (danh hiệu) or a commendation form (hình thức).

    The law keeps the two apart, and software that mixed them sent wrong data to the national
    cadre database, so the category is a required field and every form shows it.
    """

    class Category(models.TextChoices):
        TITLE = "title", "Danh hiệu thi đua"
        FORM = "form", "Hình thức khen thưởng"

    class Level(models.TextChoices):
        NATIONAL = "national", "Cấp Nhà nước"
        PROVINCE = "province", "Cấp tỉnh"
        DISTRICT = "district", "Cấp huyện"

    class Proposer(models.TextChoices):
        DISTRICT = "district", "Cấp huyện trở lên"
        PROVINCE = "province", "Chỉ cấp tỉnh"

    # Higher number, higher award: escalation goes only upwards.
    LEVEL_RANK = {Level.DISTRICT: 1, Level.PROVINCE: 2, Level.NATIONAL: 3}

    code = models.SlugField("mã", max_length=50, unique=True)
    name = models.CharField("tên", max_length=200)
    category = models.CharField("loại", max_length=10, choices=Category.choices)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    decided_by = models.CharField("thẩm quyền quyết định", max_length=200)
    proposed_by = models.CharField(
        "cấp được đề nghị",
        max_length=10,
        choices=Proposer.choices,
        default=Proposer.DISTRICT,
        help_text="Khen thưởng cấp Nhà nước chỉ do tỉnh đề nghị.",
    )
    for_collectives = models.BooleanField("tặng tập thể", default=False)
    for_individuals = models.BooleanField("tặng cá nhân", default=False)
    for_households = models.BooleanField("tặng hộ gia đình", default=False)
    legal_basis = models.CharField("căn cứ", max_length=300, blank=True)
    carries_cash = models.BooleanField(
        "kèm tiền thưởng",
        default=True,
        help_text="Bỏ chọn nếu danh hiệu/hình thức này không kèm tiền thưởng.",
    )
    certificate_heading = models.CharField(
        "dòng tiêu đề trên bằng",
        max_length=200,
        blank=True,
        help_text="Ví dụ “CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG”, “TẶNG BẰNG KHEN”.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "loại khen thưởng"
        verbose_name_plural = "loại khen thưởng"
        ordering = ["level", "category", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(for_collectives=True)
                | Q(for_individuals=True)
                | Q(for_households=True),
                name="award_kind_has_recipients",
                violation_error_message="Loại khen thưởng phải dành cho ít nhất một đối tượng "
                "(tập thể, cá nhân hoặc hộ gia đình).",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_category_display().lower()})"

    @property
    def rank(self):
        return self.LEVEL_RANK[self.level]

    @property
    def certificate_title(self):
        """The big words on the certificate: "BẰNG KHEN", or the title's certificate."""
        if self.is_title:
            return "BẰNG CHỨNG NHẬN"
        return self.name.split(" của ")[0].upper()

    @property
    def is_title(self):
        return self.category == self.Category.TITLE

    def recipient_types(self):
        flags = {
            RecipientType.COLLECTIVE: self.for_collectives,
            RecipientType.INDIVIDUAL: self.for_individuals,
            RecipientType.HOUSEHOLD: self.for_households,
        }
        return [kind for kind, allowed in flags.items() if allowed]

    def recipients_display(self):
        return ", ".join(RecipientType(kind).label.lower() for kind in self.recipient_types())

    def multiple_on(self, recipient_type, day):
        """The multiple of the base salary in force on a day for this recipient type, or None."""
        amount = self.amount_row_on(recipient_type, day)
        return amount.multiple if amount else None

    def amount_row_on(self, recipient_type, day):
        """The row in force on a day: the latest that started on or before it and has not ended
        (a row with `valid_until` stops there even when no later row replaces it, so a multiple
        of a repealed decree is never carried into a period whose multiple is not known)."""
        return (
            self.amounts.filter(recipient_type=recipient_type, valid_from__lte=day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
            .order_by("-valid_from")
            .first()
        )

    def cash_for(self, recipient_type, day):
        """The cash that goes with this kind for a recipient type on a decision's date, or why
        there is none (see `Cash`)."""
        if not self.carries_cash:
            return Cash(None, NO_CASH)
        recipient = RecipientType(recipient_type).label.lower()
        row = self.amount_row_on(recipient_type, day)
        if row is None:
            return Cash(
                None,
                f"chưa có hệ số tiền thưởng của {self.name} cho {recipient} áp dụng ngày "
                f"{day:%d/%m/%Y}",
            )
        salary = BaseSalary.in_force_on(day)
        if salary is None:
            return Cash(None, f"chưa có mức lương cơ sở áp dụng ngày {day:%d/%m/%Y}")
        return Cash(
            round_up_to_ten_thousand(decimal.Decimal(salary.amount) * row.multiple),
            "",
            multiple=row.multiple,
            base_salary=salary.amount,
            article=row.article,
        )

    def amount_on(self, recipient_type, day):
        """The cash amount (đồng) on a day, or None (`cash_for` says why)."""
        return self.cash_for(recipient_type, day).amount


NO_CASH = "không kèm tiền thưởng"


class Cash(NamedTuple):
    """What a line of a decision list prints in its money column: an amount in đồng, or None
    with the reason ("không kèm tiền thưởng", or which multiple or base salary is missing)."""

    amount: int | None
    reason: str
    multiple: decimal.Decimal | None = None
    base_salary: int | None = None
    article: str = ""

    @property
    def short_reason(self):
        """What a narrow money column says instead of an amount; the full reason is printed
        under the list."""
        if self.amount is not None:
            return ""
        return (
            NO_CASH
            if self.reason == NO_CASH
            else "chưa có căn cứ tính (xem ghi chú cuối danh sách)"
        )


def round_up_to_ten_thousand(raw):
    """Decree 98/2023: the base salary times the multiple, rounded up to ten thousand đồng."""
    return int((raw / 10_000).to_integral_value(rounding=decimal.ROUND_CEILING) * 10_000)


def cash_for(kind, recipient_type, day):
    """The one function a decision list asks: (kind, recipient type, decision date) → `Cash`."""
    return kind.cash_for(recipient_type, day)


class CashSummary(NamedTuple):
    """The money of a decision list: the total of the printed amounts, in digits and words, and
    the lines printed without an amount with their reasons."""

    total: int
    total_in_words: str
    with_amount: int
    without_amount: list

    @property
    def reasons(self):
        """Each reason for a line without an amount once, with its number of lines."""
        counts = {}
        for reason in self.without_amount:
            counts[reason] = counts.get(reason, 0) + 1
        return [f"{reason}: {count} trường hợp" for reason, count in counts.items()]


def cash_summary(cash_lines):
    """The total of the amounts that are printed (never a line without one) and the lines
    without an amount, so that a total is never read as complete when it is not."""
    from ntm_portal.lib.money import amount_in_words

    cash_lines = list(cash_lines)
    total = sum(line.amount for line in cash_lines if line.amount is not None)
    return CashSummary(
        total=total,
        total_in_words=amount_in_words(total),
        with_amount=sum(1 for line in cash_lines if line.amount is not None),
        without_amount=[line.reason for line in cash_lines if line.amount is None],
    )


class Prerequisite(models.Model):
    """A condition the law sets before a kind may be proposed: an earlier award held a number
    of consecutive years, or a minimum interval since the same award."""

    kind = models.ForeignKey(
        AwardKind,
        verbose_name="loại khen thưởng",
        on_delete=models.CASCADE,
        related_name="prerequisites",
    )
    required_kind = models.ForeignKey(
        AwardKind,
        verbose_name="phải có trước",
        on_delete=models.PROTECT,
        related_name="required_by",
        null=True,
        blank=True,
    )
    consecutive_times = models.PositiveSmallIntegerField("số lần liên tục", null=True, blank=True)
    min_interval_years = models.PositiveSmallIntegerField(
        "khoảng cách tối thiểu (năm) kể từ lần được tặng trước", null=True, blank=True
    )
    article = models.CharField("điều luật", max_length=200)
    note = models.CharField("diễn giải", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "điều kiện khen thưởng"
        verbose_name_plural = "điều kiện khen thưởng"
        constraints = [
            models.CheckConstraint(
                condition=(Q(required_kind__isnull=False) & Q(consecutive_times__gte=1))
                | Q(min_interval_years__gte=1),
                name="prerequisite_says_something",
                violation_error_message="Điều kiện phải nêu danh hiệu/hình thức phải có trước "
                "(với số lần liên tục) hoặc khoảng cách tối thiểu giữa hai lần.",
            ),
        ]

    def __str__(self):
        if self.required_kind_id:
            return (
                f"{self.consecutive_times} lần liên tục {self.required_kind.name} ({self.article})"
            )
        return f"cách lần trước ít nhất {self.min_interval_years} năm ({self.article})"


class AwardAmount(models.Model):
    """The cash that goes with an award, as a multiple of the base salary (Decree 98/2023,
    articles 54–55, and later amendments), from a date, per recipient type."""

    kind = models.ForeignKey(
        AwardKind, verbose_name="loại khen thưởng", on_delete=models.CASCADE, related_name="amounts"
    )
    recipient_type = models.CharField("đối tượng", max_length=10, choices=RecipientType.choices)
    multiple = models.DecimalField("hệ số lương cơ sở", max_digits=6, decimal_places=2)
    valid_from = models.DateField("áp dụng từ ngày")
    valid_until = models.DateField(
        "áp dụng đến hết ngày",
        null=True,
        blank=True,
        help_text="Để trống khi chưa có văn bản thay thế hệ số này.",
    )
    article = models.CharField("căn cứ", max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "mức tiền thưởng"
        verbose_name_plural = "mức tiền thưởng"
        ordering = ["kind", "recipient_type", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient_type", "valid_from"],
                name="award_amount_unique_from",
                violation_error_message="Loại khen thưởng này đã có mức tiền thưởng cho đối tượng "
                "này từ ngày đó.",
            ),
            models.CheckConstraint(
                condition=Q(multiple__gt=0),
                name="award_amount_positive",
                violation_error_message="Hệ số lương cơ sở phải lớn hơn 0.",
            ),
        ]

    def __str__(self):
        return f"{self.kind.name} — {self.get_recipient_type_display()}: {self.multiple} lần"

    def clean(self):
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": "Ngày hết áp dụng không được trước ngày bắt đầu áp dụng."}
            )


class BaseSalary(models.Model):
    """The base salary (mức lương cơ sở) in force from a date: award amounts are multiples of it."""

    amount = models.PositiveIntegerField("mức lương cơ sở (đồng)")
    valid_from = models.DateField("áp dụng từ ngày", unique=True)
    legal_basis = models.CharField("căn cứ", max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "mức lương cơ sở"
        verbose_name_plural = "mức lương cơ sở"
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{integer(self.amount)} đồng từ {self.valid_from:%d/%m/%Y}"

    def clean(self):
        if self.valid_from and self.valid_from < datetime.date(1990, 1, 1):
            raise ValidationError({"valid_from": "Ngày áp dụng không hợp lệ."})

    @classmethod
    def in_force_on(cls, day):
        return cls.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
