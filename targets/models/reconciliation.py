"""Staff's statement that a scope's register holds every recognition up to a year."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from units.models import Unit


class Reconciliation(models.Model):
    """“Đã đối chiếu đủ đến năm …”: the register of a scope (the province or a district-level
    unit) was checked against the archives up to a year. Only then does progress judge a year
    finally (“Không đạt”, “Đi lùi”); a recognition recorded later for a reconciled year undoes it
    from that year (targets/services.py, `unreconcile_for`)."""

    scope = models.OneToOneField(
        Unit,
        verbose_name="địa bàn",
        on_delete=models.PROTECT,
        related_name="reconciliation",
    )
    up_to_year = models.PositiveSmallIntegerField("đã đối chiếu đủ đến năm")
    reconciled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đối chiếu",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reconciled_at = models.DateTimeField("thời điểm đối chiếu")
    note = models.TextField("ghi chú", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "đối chiếu sổ công nhận"
        verbose_name_plural = "đối chiếu sổ công nhận"

    def __str__(self):
        return f"{self.scope}: đã đối chiếu đủ đến năm {self.up_to_year}"
