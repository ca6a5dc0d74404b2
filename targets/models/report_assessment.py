"""The office's own assessment that a year's progress report prints after its figures."""

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
