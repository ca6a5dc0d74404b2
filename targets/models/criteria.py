from django.db import models
from simple_history.models import HistoricalRecords

from targets.models.plans import Standard
from units.models import Unit


class CriteriaSet(models.Model):
    """A versioned set of criteria, such as the 19 commune NTM criteria of QĐ 318/QĐ-TTg.

    A unit is judged by the set of its level and standard in force in the year (a commune's NTM,
    advanced or model set; a huyện's NTM or advanced set; a city's rules for completing the task);
    an amendment is a new version with its own `valid_from`, the older one stays for earlier years.
    An amendment known to be in force but whose content is not loaded yet is named on the set
    (`amended_by`, `amended_from`), so that the pages of those years say so.
    """

    code = models.CharField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=300)
    short_name = models.CharField(
        "tên ngắn", max_length=120, blank=True, help_text="Ví dụ: Bộ tiêu chí xã NTM nâng cao."
    )
    legal_basis = models.CharField("căn cứ", max_length=200)
    citation = models.CharField(
        "trích dẫn",
        max_length=120,
        blank=True,
        help_text="Quyết định và phụ lục, dạng ngắn: QĐ 318/QĐ-TTg, Phụ lục II.",
    )
    verified = models.BooleanField(
        "đã đối chiếu văn bản",
        default=False,
        help_text="Tên và số thứ tự các tiêu chí đã được đối chiếu với văn bản gốc.",
    )
    note = models.TextField("ghi chú nguồn", blank=True)
    level = models.CharField("cấp áp dụng", max_length=10, choices=Unit.Level.choices)
    standard = models.CharField("chuẩn", max_length=10, choices=Standard.choices)
    version = models.PositiveSmallIntegerField("phiên bản", default=1)
    valid_from = models.DateField("áp dụng từ")
    valid_to = models.DateField("áp dụng đến", null=True, blank=True)
    amended_by = models.CharField(
        "sửa đổi bởi",
        max_length=200,
        blank=True,
        help_text=(
            "Văn bản đã sửa đổi bộ này mà nội dung sửa đổi chưa nhập thành phiên bản mới, "
            "ví dụ: QĐ 211/QĐ-TTg ngày 01/03/2024."
        ),
    )
    amended_from = models.DateField(
        "sửa đổi từ ngày",
        null=True,
        blank=True,
        help_text="Từ năm của ngày này, trang kết quả tiêu chí báo bộ đã được sửa đổi.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "bộ tiêu chí"
        verbose_name_plural = "bộ tiêu chí"
        ordering = ["level", "standard", "-valid_from"]

    def __str__(self):
        return self.name

    def amended_in(self, year):
        """Whether a known amendment (not yet loaded as a newer version) was in force in the
        year: a status of that year was judged by the set as amended, which the portal does not
        hold."""
        return bool(self.amended_by and self.amended_from and self.amended_from.year <= year)

    @property
    def label(self):
        """How a page names the set: "Bộ tiêu chí xã NTM nâng cao — QĐ 318/QĐ-TTg, Phụ lục II"."""
        name = self.short_name or self.name
        return f"{name} — {self.citation}" if self.citation else name


class Criterion(models.Model):
    """One criterion of a set (Tiêu chí 1: Quy hoạch, …)."""

    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name="bộ tiêu chí", on_delete=models.CASCADE, related_name="criteria"
    )
    number = models.PositiveSmallIntegerField("số thứ tự")
    name = models.CharField("tên tiêu chí", max_length=200)
    group_number = models.PositiveSmallIntegerField("nhóm")
    group_name = models.CharField("tên nhóm", max_length=200)
    source = models.CharField(
        "nguồn", max_length=200, blank=True, help_text="Quyết định, phụ lục và mục của tiêu chí."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ["criteria_set", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "number"],
                name="criterion_unique_number",
                violation_error_message="Bộ tiêu chí đã có tiêu chí mang số này.",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"
