from django.conf import settings
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


class SubmittedForm(models.Model):
    """A form token already used by a person, and where its submission led (a redirect), so that
    the same form sent again is answered with the first result (ntm_portal/lib/idempotency.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người gửi",
        on_delete=models.CASCADE,
        related_name="+",
    )
    token = models.CharField("mã biểu mẫu", max_length=64)
    path = models.CharField("địa chỉ", max_length=400)
    result_url = models.CharField("kết quả", max_length=2000, blank=True)
    created_at = models.DateTimeField("lúc gửi", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "biểu mẫu đã gửi"
        verbose_name_plural = "biểu mẫu đã gửi"
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="submitted_form_once"),
        ]

    def __str__(self):
        return f"{self.path} ({self.token[:8]}…)"
