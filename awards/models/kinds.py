from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


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

    code = models.SlugField("mã", max_length=50, unique=True)
    name = models.CharField("tên", max_length=200)
    category = models.CharField("loại", max_length=10, choices=Category.choices)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    decided_by = models.CharField("thẩm quyền quyết định", max_length=200)
    for_collectives = models.BooleanField("tặng tập thể", default=False)
    for_individuals = models.BooleanField("tặng cá nhân", default=False)
    for_households = models.BooleanField("tặng hộ gia đình", default=False)
    legal_basis = models.CharField("căn cứ", max_length=200, blank=True)
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
