from django.db import models


class DemoHistoryLoad(models.Model):
    """That the demo history was loaded into this database, so every page says its figures are
    invented (written by `load_demo_history`, read by the banner instead of searching notes)."""

    loaded_at = models.DateTimeField("nạp lúc", auto_now_add=True)
    seed = models.PositiveIntegerField("hạt giống ngẫu nhiên")

    class Meta:
        verbose_name = "lần nạp lịch sử minh họa"
        verbose_name_plural = "các lần nạp lịch sử minh họa"

    def __str__(self):
        return f"Lịch sử minh họa nạp lúc {self.loaded_at:%d/%m/%Y %H:%M}"
