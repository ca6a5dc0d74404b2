from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from targets.models import Plan
from units.access import ScopedQuerySet


class MovementQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return Q(pk__in=[])


class Movement(models.Model):
    """An emulation movement launched by a plan ("Kiên Giang chung sức xây dựng nông thôn mới")."""

    plan = models.OneToOneField(
        Plan, verbose_name="kế hoạch", on_delete=models.PROTECT, related_name="movement"
    )
    name = models.CharField("tên phong trào", max_length=200)
    history = HistoricalRecords()
    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"

    def __str__(self):
        return self.name


class ContentAreaQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return Q(pk__in=[])


class ContentArea(models.Model):
    """An emulation content area of the movement (section III of the plan)."""

    movement = models.ForeignKey(
        Movement, verbose_name="phong trào", on_delete=models.CASCADE, related_name="content_areas"
    )
    number = models.PositiveSmallIntegerField("số thứ tự")
    title = models.CharField("nội dung thi đua", max_length=300)
    description = models.TextField("diễn giải", blank=True)
    history = HistoricalRecords()
    objects = ContentAreaQuerySet.as_manager()

    class Meta:
        verbose_name = "nội dung thi đua"
        verbose_name_plural = "nội dung thi đua"
        ordering = ["movement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "number"],
                name="content_area_unique_number",
                violation_error_message="Phong trào đã có nội dung thi đua mang số này.",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"
