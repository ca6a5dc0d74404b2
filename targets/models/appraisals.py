"""The appraisal of a commune for a standard (QĐ 18/2022/QĐ-TTg): the request that moves from the
district to the province and the decision, and the event row of every step."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ntm_portal.lib.workflow import Step, WorkflowEvent, WorkflowMixin
from targets.models.commune_status import CommuneStatus
from targets.models.plans import Standard
from units.access import ScopedQuerySet, unit_district_q
from units.models import Unit


class AppraisalRequestQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return unit_district_q("commune", district)

    def open(self):
        return self.filter(state__in=AppraisalRequest.OPEN_STATES)


class AppraisalRequest(WorkflowMixin, models.Model):
    """A commune's dossier for a standard (QĐ 18/2022/QĐ-TTg): district → province → decision."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Huyện đã trình"
        RECEIVED = "received", "Tỉnh đã tiếp nhận"
        RETURNED = "returned", "Trả lại huyện"
        APPRAISED = "appraised", "Đã thẩm định"
        DECIDED = "decided", "Đã có quyết định công nhận"
        WITHDRAWN = "withdrawn", "Huyện đã rút"

    OPEN_STATES = [State.SUBMITTED, State.RECEIVED, State.RETURNED, State.APPRAISED]
    workflow_event_subject = "request"

    commune = models.ForeignKey(
        Unit,
        verbose_name="xã",
        on_delete=models.PROTECT,
        related_name="appraisal_requests",
        limit_choices_to={"level": Unit.Level.COMMUNE},
    )
    standard = models.CharField("chuẩn đề nghị", max_length=10, choices=Standard.choices)
    standard_year = models.PositiveSmallIntegerField("năm đạt chuẩn đề nghị")
    state = models.CharField(
        "trạng thái", max_length=10, choices=State.choices, default=State.SUBMITTED
    )
    commune_status = models.ForeignKey(
        CommuneStatus,
        verbose_name="kết quả tiêu chí kèm theo",
        on_delete=models.PROTECT,
        related_name="appraisal_requests",
    )
    criteria_snapshot = models.JSONField(
        "kết quả tiêu chí lúc trình",
        default=dict,
        help_text="Số tiêu chí → đạt hay không, khi huyện trình.",
    )
    submission_number = models.CharField("số tờ trình của huyện", max_length=40, blank=True)
    # The dates on the papers, which may be earlier than the day they are entered here (a dossier
    # of an earlier year recorded after the fact); the events keep when each step was recorded.
    submitted_on = models.DateField("ngày trình (theo tờ trình)", null=True, blank=True)
    received_on = models.DateField("ngày tỉnh tiếp nhận", null=True, blank=True)
    certification = models.OneToOneField(
        "targets.Certification",
        verbose_name="công nhận",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appraisal_request",
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    history = HistoricalRecords()
    objects = AppraisalRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "hồ sơ đề nghị thẩm định"
        verbose_name_plural = "hồ sơ đề nghị thẩm định"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "standard"],
                condition=Q(state__in=["submitted", "received", "returned", "appraised"]),
                name="appraisal_one_open_per_commune_standard",
                violation_error_message="Xã này đang có một hồ sơ chưa kết thúc cho chuẩn này.",
            ),
            models.CheckConstraint(
                condition=~Q(state="decided") | Q(certification__isnull=False),
                name="appraisal_decided_has_certification",
                violation_error_message="Hồ sơ đã có quyết định phải gắn với công nhận được tạo ra.",
            ),
        ]

    def __str__(self):
        return f"{self.commune}: {self.get_standard_display()} năm {self.standard_year}"

    @property
    def met_count(self):
        return sum(1 for met in self.criteria_snapshot.values() if met)

    @property
    def criteria_count(self):
        return len(self.criteria_snapshot)

    @property
    def submitted_date(self):
        """The submission's date: the one on the dossier, else the day it was entered."""
        if self.submitted_on:
            return self.submitted_on
        return timezone.localdate(self.created_at) if self.created_at else None

    def clean(self):
        if self.commune_id and self.commune.level != Unit.Level.COMMUNE:
            raise ValidationError({"commune": f"{self.commune} không phải là xã."})
        today = timezone.localdate()
        if self.submitted_on and self.submitted_on > today:
            raise ValidationError(
                {"submitted_on": f"Ngày trình {self.submitted_on:%d/%m/%Y} ở tương lai."}
            )
        if self.submitted_on and self.standard_year and self.submitted_on.year < self.standard_year:
            raise ValidationError(
                {
                    "submitted_on": f"Ngày trình {self.submitted_on:%d/%m/%Y} trước năm đạt chuẩn "
                    f"đề nghị {self.standard_year}."
                }
            )
        if self.commune_status_id and self.commune_id:
            status = self.commune_status
            if status.commune_id != self.commune_id or status.year != self.standard_year:
                raise ValidationError(
                    f"Kết quả tiêu chí kèm theo ({status}) không phải của {self.commune} "
                    f"năm {self.standard_year}."
                )

    def receive(self, *, by, note="", on=None):
        """The province receives the dossier for appraisal, on the day given (today by default)."""
        on = on or timezone.localdate()
        if on > timezone.localdate():
            raise ValidationError({"received_on": f"Ngày tiếp nhận {on:%d/%m/%Y} ở tương lai."})
        if on < self.submitted_date:
            raise ValidationError(
                {
                    "received_on": f"Ngày tiếp nhận {on:%d/%m/%Y} trước ngày trình "
                    f"{self.submitted_date:%d/%m/%Y}."
                }
            )
        return self.move(AppraisalEvent.Action.RECEIVE, by=by, reason=note, received_on=on)

    def return_to_district(self, *, by, reason):
        """The province returns the dossier to the district; QĐ 18/2022 requires the reason."""
        if not (reason or "").strip():
            raise ValidationError({"reason": "Phải nêu lý do trả lại hồ sơ để huyện hoàn thiện."})
        return self.move(AppraisalEvent.Action.RETURN, by=by, reason=reason)

    def appraise(self, *, by, passed, reason=""):
        """The provincial council's result: a pass awaits the decision, a fail goes back."""
        if not passed and not (reason or "").strip():
            raise ValidationError(
                {"reason": "Hồ sơ không đạt thẩm định: phải nêu lý do để huyện hoàn thiện."}
            )
        to_state = self.State.APPRAISED if passed else self.State.RETURNED
        return self.move(AppraisalEvent.Action.APPRAISE, by=by, reason=reason, to_state=to_state)

    def withdraw(self, *, by, reason=""):
        """The district withdraws its dossier before a decision."""
        return self.move(AppraisalEvent.Action.WITHDRAW, by=by, reason=reason)

    def resubmit(self, *, by, submission_number="", note=""):
        """The district submits a returned dossier again, with the criteria as they stand now."""
        self.ensure_can_move(AppraisalEvent.Action.RESUBMIT)
        status = self.commune_status
        status.ensure_all_met()
        changes = {"criteria_snapshot": status.snapshot()}
        if submission_number:
            changes["submission_number"] = submission_number
        return self.move(AppraisalEvent.Action.RESUBMIT, by=by, reason=note, **changes)


class AppraisalEvent(WorkflowEvent):
    """One step of an appraisal request: who did what, when, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "Huyện trình hồ sơ"
        RESUBMIT = "resubmit", "Huyện trình lại"
        RECEIVE = "receive", "Tỉnh tiếp nhận"
        RETURN = "return", "Tỉnh trả lại"
        APPRAISE = "appraise", "Hội đồng thẩm định"
        DECIDE = "decide", "Quyết định công nhận"
        WITHDRAW = "withdraw", "Huyện rút hồ sơ"

    request = models.ForeignKey(
        AppraisalRequest, verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("bước", max_length=10, choices=Action.choices)
    from_state = models.CharField(
        "từ trạng thái", max_length=10, choices=AppraisalRequest.State.choices, blank=True
    )
    to_state = models.CharField(
        "sang trạng thái", max_length=10, choices=AppraisalRequest.State.choices
    )
    reason = models.TextField("lý do / ghi chú", blank=True)

    class Meta(WorkflowEvent.Meta):
        verbose_name = "bước xử lý hồ sơ"
        verbose_name_plural = "các bước xử lý hồ sơ"
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="return") | ~Q(reason=""),
                name="appraisal_event_return_has_reason",
                violation_error_message="Trả lại hồ sơ phải nêu lý do.",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} — {self.at:%d/%m/%Y %H:%M}"


_S, _A = AppraisalRequest.State, AppraisalEvent.Action
AppraisalRequest.workflow_event_model = AppraisalEvent
# The appraisal's fail leads to RETURNED (`appraise` passes the state it leads to).
AppraisalRequest.STEPS = {
    _A.SUBMIT: Step([], _S.SUBMITTED, "trình hồ sơ"),
    _A.RECEIVE: Step([_S.SUBMITTED], _S.RECEIVED, "tiếp nhận"),
    _A.RETURN: Step([_S.SUBMITTED, _S.RECEIVED, _S.APPRAISED], _S.RETURNED, "trả lại"),
    _A.APPRAISE: Step([_S.RECEIVED], _S.APPRAISED, "ghi kết quả thẩm định"),
    _A.DECIDE: Step([_S.APPRAISED], _S.DECIDED, "ghi quyết định công nhận"),
    _A.WITHDRAW: Step(AppraisalRequest.OPEN_STATES, _S.WITHDRAWN, "rút hồ sơ"),
    _A.RESUBMIT: Step([_S.RETURNED], _S.SUBMITTED, "trình lại"),
}
AppraisalRequest.NEXT_STEP = {
    _S.SUBMITTED: _A.RECEIVE,
    _S.RECEIVED: _A.APPRAISE,
    _S.APPRAISED: _A.DECIDE,
    _S.RETURNED: _A.RESUBMIT,
    _S.DECIDED: None,
    _S.WITHDRAWN: None,
}
del _S, _A
