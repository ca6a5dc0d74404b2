"""The office's own assessment that a year's progress report prints after its figures, and the
report's number and date as the office issues it."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from targets.models.plans import Plan


class ReportAssessment(models.Model):
    """What the office writes about a year of the plan: overall, shortcomings, proposals."""

    plan = models.ForeignKey(
        Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField("năm báo cáo")
    overall = models.TextField("đánh giá chung", blank=True)
    shortcomings = models.TextField("tồn tại, hạn chế và nguyên nhân", blank=True)
    proposals = models.TextField("kiến nghị, đề xuất", blank=True)
    # Decree 30/2020/NĐ-CP (art. 15, Appendix I): a report's number "125/BC-UBND" is given when
    # it is signed and issued; until then the draft leaves it blank and the PDF says "Dự thảo".
    number = models.CharField(
        "số báo cáo",
        max_length=40,
        blank=True,
        help_text="Ví dụ 125/BC-UBND. Để trống khi chưa ban hành: báo cáo in là dự thảo.",
    )
    issued_on = models.DateField(
        "ngày báo cáo",
        null=True,
        blank=True,
        help_text="Để trống là ngày cuối kỳ báo cáo (31/12 của năm, hoặc ngày kết thúc kế hoạch).",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "đánh giá trong báo cáo tiến độ"
        verbose_name_plural = "đánh giá trong báo cáo tiến độ"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year"],
                name="report_assessment_one_per_plan_year",
                violation_error_message="Kế hoạch đã có phần đánh giá cho năm này.",
            ),
        ]

    def __str__(self):
        return f"Đánh giá năm {self.year} — {self.plan.number}"

    @property
    def is_empty(self):
        return not (self.overall.strip() or self.shortcomings.strip() or self.proposals.strip())

    def clean(self):
        errors = {}
        if self.number and not REPORT_NUMBER.match(self.number):
            errors["number"] = (
                f"Số báo cáo “{self.number}” không đúng mẫu: số/BC-cơ quan, ví dụ 125/BC-UBND."
            )
        if self.issued_on and self.year and self.issued_on.year < self.year:
            errors["issued_on"] = (
                f"Ngày báo cáo {self.issued_on:%d/%m/%Y} trước năm được báo cáo {self.year}."
            )
        if errors:
            raise ValidationError(errors)


# "125/BC-UBND": number, slash, BC (báo cáo), hyphen, the issuing body's code (Decree 30/2020).
REPORT_NUMBER = re.compile(r"^[1-9][0-9]{0,5}/BC-[A-ZĐ]+(-[A-ZĐ]+)*$")


def report_date(plan, year, *, assessment=None, today):
    """The date a year's progress report carries: the one staff entered, else the end of the
    reported period (31/12 of the year, or the end of the plan's last year), never later than
    today; so a past year's report is never dated today."""
    if assessment is not None and assessment.issued_on:
        return assessment.issued_on
    end = datetime.date(min(year, plan.end_year), 12, 31)
    return min(end, today)
