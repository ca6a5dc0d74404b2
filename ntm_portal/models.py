from django.db import models


class DataVersion(models.Model):
    """One row whose number goes up after every committed write to the portal's data.

    Cached results (progress numbers, the progress report PDF) are keyed on it, so they stay
    valid exactly until the data they were computed from changes — not for a fixed time — and
    every worker and app server sees the same version (see ntm_portal/lib/data_version.py)."""

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "phiên bản dữ liệu"
        verbose_name_plural = "phiên bản dữ liệu"

    def __str__(self):
        return f"Phiên bản dữ liệu {self.number}"
