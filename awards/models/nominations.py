from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractYear
from simple_history.models import HistoricalRecords

from awards.models.kinds import AwardKind, RecipientType
from awards.models.nominees import Nominee
from ntm_portal.lib.workflow import Step, WorkflowEvent, WorkflowMixin
from targets.models import Standard
from units.access import ScopedQuerySet
from units.models import Unit

# Share of the council's members whose "for" a nomination needs, when staff set no other: more
# than half of all members (the majority rule of collective bodies; see docs in the report).
DEFAULT_REQUIRED_PERCENT = 50


class NominationQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return Q(district=district)

    def open(self):
        return self.filter(state__in=Nomination.OPEN_STATES)

    def for_phase(self, phase):
        return self.filter(phase=phase)


class Nomination(WorkflowMixin, models.Model):
    """A proposal to award a nominee for its achievement in a phase of the movement."""

    class State(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        SUBMITTED = "submitted", "Đã trình"
        RECEIVED = "received", "Tỉnh đã tiếp nhận"
        RETURNED = "returned", "Trả lại để hoàn thiện"
        REVIEWED = "reviewed", "Hội đồng đã xét"
        DECIDED = "decided", "Đã quyết định khen thưởng"
        REJECTED = "rejected", "Không khen thưởng"
        WITHDRAWN = "withdrawn", "Đã rút"
        ESCALATED = "escalated", "Đề nghị lên cấp trên"
        NOT_PASSED = "not_passed", "Không được Hội đồng thông qua"
        TO_CENTRAL = "to_central", "Đã trình Trung ương"

    class ReportForm(models.TextChoices):
        COLLECTIVE = "collective", "Mẫu số 02 — báo cáo thành tích của tập thể"
        INDIVIDUAL = "individual", "Mẫu số 03 — báo cáo thành tích của cá nhân"
        THEMATIC = (
            "thematic",
            "Báo cáo thành tích khen thưởng theo phong trào thi đua theo đợt, chuyên đề",
        )

    OPEN_STATES = [
        State.DRAFT,
        State.SUBMITTED,
        State.RECEIVED,
        State.RETURNED,
        State.REVIEWED,
        State.TO_CENTRAL,
    ]
    # States in which the nomination counts against "one award per achievement".
    COUNTING_STATES = [*OPEN_STATES, State.DECIDED]

    phase = models.ForeignKey(
        "emulation.Phase",
        verbose_name="đợt thi đua",
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    proposer = models.ForeignKey(
        "emulation.Participant",
        verbose_name="đơn vị đề nghị",
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    district = models.ForeignKey(
        Unit,
        verbose_name="đơn vị cấp huyện đề nghị",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        help_text="Trống: tỉnh đề nghị.",
    )
    nominee = models.ForeignKey(
        Nominee, verbose_name="đối tượng", on_delete=models.PROTECT, related_name="nominations"
    )
    kind = models.ForeignKey(
        AwardKind,
        verbose_name="danh hiệu / hình thức đề nghị",
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    review = models.ForeignKey(
        "emulation.Review",
        verbose_name="kết quả bình xét",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nominations",
    )
    review_rank = models.PositiveSmallIntegerField("thứ hạng bình xét", null=True, blank=True)
    review_points = models.DecimalField(
        "điểm bình xét", max_digits=7, decimal_places=2, null=True, blank=True
    )
    ntm_standard = models.CharField(
        "đề nghị vì kết quả xây dựng chuẩn",
        max_length=10,
        choices=Standard.choices,
        blank=True,
        help_text="Khi khen đơn vị vì đạt chuẩn NTM: đơn vị phải có quyết định công nhận tương ứng.",
    )
    report_form = models.CharField(
        "mẫu báo cáo thành tích", max_length=10, choices=ReportForm.choices
    )
    background = models.TextField("I. Sơ lược lý lịch / đặc điểm, tình hình", blank=True)
    achievements = models.TextField("II. Thành tích đạt được", blank=True)
    ntm_results = models.TextField(
        "Kết quả xây dựng nông thôn mới (tự điền từ sổ công nhận)", blank=True
    )
    exemplars = models.ManyToManyField(
        "emulation.Exemplar",
        verbose_name="điển hình, mô hình được nêu",
        blank=True,
        related_name="nominations",
    )
    escalated_from = models.OneToOneField(
        "self",
        verbose_name="đề nghị lên cấp trên từ",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalation",
    )
    state = models.CharField(
        "trạng thái", max_length=10, choices=State.choices, default=State.DRAFT
    )
    submission_number = models.CharField("số tờ trình", max_length=40, blank=True)
    submitted_on = models.DateField("ngày trình", null=True, blank=True)
    submission_signer = models.CharField("người ký tờ trình", max_length=100, blank=True)
    submission_by_deputy = models.BooleanField("tờ trình do cấp phó ký thay (KT.)", default=False)
    # Who signs a collective's achievement report (Decree 98/2023, form 02: the head of the
    # unit), printed as Decree 30/2020's signature block: the title, the signature and seal,
    # the full name. A person's and a household's reports are signed by the nominee.
    report_signer = models.CharField(
        "họ tên người ký báo cáo",
        max_length=100,
        blank=True,
        help_text="Báo cáo thành tích của tập thể (mẫu số 02): thủ trưởng đơn vị ký, đóng dấu.",
    )
    report_signer_title = models.CharField(
        "chức vụ người ký",
        max_length=150,
        blank=True,
        help_text="Ví dụ: Chủ tịch UBND xã Vĩnh Phong; in hoa trên chữ ký.",
    )
    session = models.ForeignKey(
        "awards.CouncilSession",
        verbose_name="phiên họp hội đồng",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    decision = models.ForeignKey(
        "awards.AwardDecision",
        verbose_name="quyết định khen thưởng",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    amount = models.PositiveIntegerField("tiền thưởng (đồng)", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người lập",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("ngày lập", auto_now_add=True)
    history = HistoricalRecords()
    objects = NominationQuerySet.as_manager()

    workflow_noun = "đề nghị khen thưởng"

    class Meta:
        verbose_name = "đề nghị khen thưởng"
        verbose_name_plural = "đề nghị khen thưởng"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="decided") | Q(decision__isnull=False),
                name="nomination_decided_has_decision",
                violation_error_message="Đề nghị đã được khen thưởng phải gắn với quyết định.",
            ),
        ]

    def __str__(self):
        return f"{self.nominee.display_name} — {self.kind.name}"

    @staticmethod
    def default_report_form(nominee, kind):
        """A title is reported on the collective or individual form; a form of commendation for
        a movement's phase on the thematic one."""
        if not kind.is_title:
            return Nomination.ReportForm.THEMATIC
        if nominee.nominee_type == RecipientType.COLLECTIVE:
            return Nomination.ReportForm.COLLECTIVE
        return Nomination.ReportForm.INDIVIDUAL

    @property
    def signs_report_as_unit(self):
        """A collective's report is signed by its head, whose name the nomination must hold."""
        return self.nominee.nominee_type == RecipientType.COLLECTIVE

    @property
    def missing_report_signer(self):
        """A collective's report without its signer's name or title: it cannot go out signed."""
        return self.signs_report_as_unit and not (
            self.report_signer.strip() and self.report_signer_title.strip()
        )

    def achievement_chain(self):
        """This nomination and those it escalates from or to: one achievement."""
        chain = {self.pk}
        node = self
        while node.escalated_from_id:
            chain.add(node.escalated_from_id)
            node = node.escalated_from
        node = self
        while True:
            following = Nomination.objects.filter(escalated_from=node).first()
            if following is None:
                break
            chain.add(following.pk)
            node = following
        return chain

    def council_vote(self):
        return self.votes.select_related("session").order_by("-session__held_on").first()

    def next_step(self):
        """`NEXT_STEP`, with the kinds' exceptions: a district's own award is decided by the
        district once submitted; a national one goes to the central level after the council."""
        level = self.kind.level
        if self.state == self.State.SUBMITTED and level == AwardKind.Level.DISTRICT:
            return NominationEvent.Action.DECIDE
        if self.state == self.State.REVIEWED and level == AwardKind.Level.NATIONAL:
            return NominationEvent.Action.SEND_UP
        return super().next_step()

    # --- workflow steps (rights are checked by the views through units/access.py) ---

    def submit(
        self,
        *,
        by,
        submission_number="",
        submitted_on=None,
        submission_signer="",
        submission_by_deputy=None,
    ):
        from awards.checks import ensure_eligible

        self.ensure_can_move(NominationEvent.Action.SUBMIT)
        ensure_eligible(self, stage="submit")
        return self.move(
            NominationEvent.Action.SUBMIT,
            by=by,
            submission_number=submission_number or self.submission_number,
            submitted_on=submitted_on or self.submitted_on,
            submission_signer=submission_signer or self.submission_signer,
            submission_by_deputy=self.submission_by_deputy
            if submission_by_deputy is None
            else submission_by_deputy,
        )

    def receive(self, *, by, note=""):
        return self.move(NominationEvent.Action.RECEIVE, by=by, reason=note)

    def return_for_completion(self, *, by, reason):
        if not (reason or "").strip():
            raise ValidationError({"reason": "Phải nêu lý do trả lại để đơn vị hoàn thiện hồ sơ."})
        return self.move(NominationEvent.Action.RETURN, by=by, reason=reason)

    def reject(self, *, by, reason):
        if not (reason or "").strip():
            raise ValidationError({"reason": "Phải nêu lý do không khen thưởng."})
        return self.move(NominationEvent.Action.REJECT, by=by, reason=reason)

    def withdraw(self, *, by, reason=""):
        return self.move(NominationEvent.Action.WITHDRAW, by=by, reason=reason)


class NominationEvent(WorkflowEvent):
    """One step of a nomination: who did what, when, and why."""

    class Action(models.TextChoices):
        CREATE = "create", "Lập đề nghị"
        SUBMIT = "submit", "Trình"
        RECEIVE = "receive", "Tỉnh tiếp nhận"
        RETURN = "return", "Trả lại"
        REVIEW = "review", "Hội đồng xét"
        DECIDE = "decide", "Quyết định khen thưởng"
        REJECT = "reject", "Không khen thưởng"
        WITHDRAW = "withdraw", "Rút đề nghị"
        ESCALATE = "escalate", "Đề nghị lên cấp trên"
        FAIL = "fail", "Hội đồng không thông qua"
        SEND_UP = "send_up", "Trình Trung ương"

    nomination = models.ForeignKey(
        Nomination, verbose_name="đề nghị", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("bước", max_length=10, choices=Action.choices)
    from_state = models.CharField(
        "từ trạng thái", max_length=10, choices=Nomination.State.choices, blank=True
    )
    to_state = models.CharField("sang trạng thái", max_length=10, choices=Nomination.State.choices)
    reason = models.TextField("lý do / ghi chú", blank=True)

    class Meta(WorkflowEvent.Meta):
        verbose_name = "bước xử lý đề nghị khen thưởng"
        verbose_name_plural = "các bước xử lý đề nghị khen thưởng"
        constraints = [
            models.CheckConstraint(
                condition=~Q(action__in=["return", "reject"]) | ~Q(reason=""),
                name="nomination_event_return_reject_has_reason",
                violation_error_message="Trả lại hoặc không khen thưởng phải nêu lý do.",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} — {self.at:%d/%m/%Y %H:%M}"


_S, _A = Nomination.State, NominationEvent.Action
Nomination.workflow_event_model = NominationEvent
Nomination.workflow_event_subject = "nomination"
Nomination.STEPS = {
    _A.CREATE: Step(from_states=[], to_state=_S.DRAFT, verb="lập đề nghị"),
    _A.SUBMIT: Step(from_states=[_S.DRAFT, _S.RETURNED], to_state=_S.SUBMITTED, verb="trình"),
    _A.RECEIVE: Step(from_states=[_S.SUBMITTED], to_state=_S.RECEIVED, verb="tiếp nhận"),
    _A.RETURN: Step(
        from_states=[_S.SUBMITTED, _S.RECEIVED, _S.REVIEWED], to_state=_S.RETURNED, verb="trả lại"
    ),
    _A.REVIEW: Step(from_states=[_S.RECEIVED], to_state=_S.REVIEWED, verb="ghi kết quả hội đồng"),
    # A vote that does not reach the session's share ends the nomination; the nominee may be
    # proposed again in a later phase (it does not count as an award).
    _A.FAIL: Step(from_states=[_S.RECEIVED], to_state=_S.NOT_PASSED, verb="ghi kết quả hội đồng"),
    # A national kind: the province's step is its tờ trình to the central level.
    _A.SEND_UP: Step(from_states=[_S.REVIEWED], to_state=_S.TO_CENTRAL, verb="trình Trung ương"),
    # SUBMITTED: a district kind, decided by the district itself (issue_decision checks which).
    _A.DECIDE: Step(
        from_states=[_S.REVIEWED, _S.TO_CENTRAL, _S.SUBMITTED],
        to_state=_S.DECIDED,
        verb="quyết định khen thưởng",
    ),
    _A.REJECT: Step(
        from_states=[_S.RECEIVED, _S.REVIEWED, _S.TO_CENTRAL],
        to_state=_S.REJECTED,
        verb="ghi không khen thưởng",
    ),
    _A.WITHDRAW: Step(
        from_states=[_S.DRAFT, _S.SUBMITTED, _S.RECEIVED, _S.RETURNED, _S.REVIEWED, _S.TO_CENTRAL],
        to_state=_S.WITHDRAWN,
        verb="rút đề nghị",
    ),
    _A.ESCALATE: Step(
        from_states=[_S.RECEIVED, _S.REVIEWED], to_state=_S.ESCALATED, verb="đề nghị lên cấp trên"
    ),
}
# REVIEW is the council's vote, taken on its session's page; DECIDE after the council is the
# decision recorded there too. `Nomination.next_step` adds the kinds' exceptions.
Nomination.NEXT_STEP = {
    _S.DRAFT: _A.SUBMIT,
    _S.SUBMITTED: _A.RECEIVE,
    _S.RECEIVED: _A.REVIEW,
    _S.RETURNED: _A.SUBMIT,
    _S.REVIEWED: _A.DECIDE,
    _S.TO_CENTRAL: _A.DECIDE,
    _S.DECIDED: None,
    _S.REJECTED: None,
    _S.WITHDRAWN: None,
    _S.ESCALATED: None,
    _S.NOT_PASSED: None,
}
del _S, _A


class HoldingNominationsQuerySet(ScopedQuerySet):
    """Council sessions and decisions: in a district's scope through the nominations they hold."""

    def district_q(self, district):
        return Q(nominations__district=district)

    def for_user(self, user, capability=None):
        from units.access import Capability

        return super().for_user(user, capability or Capability.VIEW).distinct()


class CouncilSession(models.Model):
    """A meeting of the provincial emulation and commendation council that votes on nominations."""

    phase = models.ForeignKey(
        "emulation.Phase",
        verbose_name="đợt thi đua",
        on_delete=models.PROTECT,
        related_name="council_sessions",
    )
    held_on = models.DateField("ngày họp")
    starts_at = models.TimeField("giờ bắt đầu", null=True, blank=True)
    ends_at = models.TimeField("giờ kết thúc", null=True, blank=True)
    place = models.CharField(
        "địa điểm",
        max_length=200,
        blank=True,
        help_text="Để trống: trụ sở Ủy ban nhân dân tỉnh vào ngày họp (theo danh mục cơ quan ban hành).",
    )
    # The minutes' signature blocks carry the full names (Decree 30/2020, Appendix I); the
    # titles are in the text ("Chủ trì: Trần Minh Khoa, Chủ tịch UBND tỉnh, …").
    chair = models.CharField("họ tên người chủ trì", max_length=200)
    chair_title = models.CharField(
        "chức vụ người chủ trì",
        max_length=200,
        blank=True,
        help_text="Ví dụ: Chủ tịch UBND tỉnh, Chủ tịch Hội đồng.",
    )
    secretary = models.CharField("họ tên thư ký", max_length=200)
    secretary_title = models.CharField(
        "chức vụ thư ký",
        max_length=200,
        blank=True,
        help_text="Ví dụ: Trưởng Ban Thi đua – Khen thưởng, Sở Nội vụ.",
    )
    members_total = models.PositiveSmallIntegerField("tổng số thành viên hội đồng")
    members_present = models.TextField(
        "thành viên có mặt", help_text="Mỗi dòng một người: họ tên — chức vụ."
    )
    members_absent = models.TextField(
        "thành viên vắng mặt", blank=True, help_text="Mỗi dòng một người: họ tên — lý do vắng."
    )
    required_percent = models.PositiveSmallIntegerField(
        "tỷ lệ phiếu tán thành cần vượt (%)",
        default=DEFAULT_REQUIRED_PERCENT,
        help_text="Đề nghị được thông qua khi số phiếu tán thành vượt tỷ lệ này trên tổng số thành viên hội đồng.",
    )
    submission_number = models.CharField(
        "số tờ trình của cơ quan thường trực", max_length=40, blank=True
    )
    submission_date = models.DateField(
        "ngày tờ trình của cơ quan thường trực",
        null=True,
        blank=True,
        help_text="Để trống: ngày họp. Không trước ngày họp, không sau ngày quyết định.",
    )
    submission_signer = models.CharField(
        "người ký tờ trình (Giám đốc Sở Nội vụ)", max_length=100, blank=True
    )
    central_submission_number = models.CharField(
        "số tờ trình của UBND tỉnh gửi Trung ương", max_length=40, blank=True
    )
    central_submission_date = models.DateField(
        "ngày tờ trình gửi Trung ương", null=True, blank=True
    )
    central_submission_signer = models.CharField(
        "người ký tờ trình gửi Trung ương", max_length=100, blank=True
    )
    central_submission_by_deputy = models.BooleanField(
        "tờ trình gửi Trung ương do Phó Chủ tịch ký thay", default=True
    )
    minutes_number = models.CharField("số biên bản", max_length=40, blank=True)
    notes = models.TextField("diễn biến, ý kiến", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người lập",
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()
    objects = HoldingNominationsQuerySet.as_manager()

    class Meta:
        verbose_name = "phiên họp hội đồng thi đua – khen thưởng"
        verbose_name_plural = "phiên họp hội đồng thi đua – khen thưởng"
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(required_percent__gte=1) & Q(required_percent__lte=100),
                name="council_required_percent_range",
                violation_error_message="Tỷ lệ phiếu cần đạt phải từ 1% đến 100%.",
            ),
            models.CheckConstraint(
                condition=Q(members_total__gte=1),
                name="council_has_members",
                violation_error_message="Hội đồng phải có ít nhất một thành viên.",
            ),
        ]

    def __str__(self):
        return f"Phiên họp hội đồng ngày {self.held_on:%d/%m/%Y}"

    def present_list(self):
        return [line.strip() for line in self.members_present.splitlines() if line.strip()]

    def absent_list(self):
        return [line.strip() for line in self.members_absent.splitlines() if line.strip()]

    @property
    def present_count(self):
        return len(self.present_list())

    @property
    def submission_day(self):
        """The date of the standing body's tờ trình: its own, or the day of the meeting."""
        return self.submission_date or self.held_on

    def clean(self):
        errors = {}
        listed = self.present_count + len(self.absent_list())
        if self.members_present and self.members_total and listed > self.members_total:
            errors["members_present"] = (
                f"Có {self.present_count} người có mặt và {len(self.absent_list())} người vắng, "
                f"nhiều hơn tổng số {self.members_total} thành viên hội đồng."
            )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = (
                f"Giờ kết thúc ({self.ends_at:%H:%M}) phải sau giờ bắt đầu ({self.starts_at:%H:%M})."
            )
        if self.held_on and self.submission_date and self.submission_date < self.held_on:
            errors["submission_date"] = (
                f"Tờ trình ngày {self.submission_date:%d/%m/%Y} không thể trước ngày họp hội đồng "
                f"({self.held_on:%d/%m/%Y}): tờ trình trình kết quả của phiên họp."
            )
        if (
            self.held_on
            and self.central_submission_date
            and self.central_submission_date < self.held_on
        ):
            errors["central_submission_date"] = (
                f"Tờ trình gửi Trung ương ngày {self.central_submission_date:%d/%m/%Y} không thể "
                f"trước ngày họp hội đồng ({self.held_on:%d/%m/%Y})."
            )
        if errors:
            raise ValidationError(errors)

    def passes(self, votes_for):
        return votes_for * 100 > self.required_percent * self.members_total


class CouncilVote(models.Model):
    """The council's vote on one nomination: for, against, abstain, and the result."""

    session = models.ForeignKey(
        CouncilSession, verbose_name="phiên họp", on_delete=models.CASCADE, related_name="votes"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name="đề nghị", on_delete=models.CASCADE, related_name="votes"
    )
    votes_for = models.PositiveSmallIntegerField("tán thành")
    votes_against = models.PositiveSmallIntegerField("không tán thành")
    votes_abstain = models.PositiveSmallIntegerField("không biểu quyết")
    passed = models.BooleanField("thông qua")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "kết quả biểu quyết"
        verbose_name_plural = "kết quả biểu quyết"
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "nomination"],
                name="council_vote_unique",
                violation_error_message="Đề nghị này đã được biểu quyết trong phiên họp này.",
            ),
        ]

    def __str__(self):
        return f"{self.nomination}: {self.votes_for}/{self.votes_against}/{self.votes_abstain}"

    def clean(self):
        if self.session_id:
            total = (self.votes_for or 0) + (self.votes_against or 0) + (self.votes_abstain or 0)
            if total > self.session.present_count:
                raise ValidationError(
                    f"Tổng số phiếu ({total}) nhiều hơn số thành viên có mặt "
                    f"({self.session.present_count})."
                )

    @property
    def share_for(self):
        return self.votes_for / self.session.members_total if self.session.members_total else 0


class AwardDecision(models.Model):
    """A decision of the Chairman of the provincial People's Committee awarding nominees."""

    number = models.CharField("số quyết định", max_length=40, help_text="Ví dụ 1234/QĐ-UBND")
    issued_on = models.DateField("ngày ký")
    issuer = models.ForeignKey(
        "units.IssuingBody",
        verbose_name="cơ quan ban hành",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_decisions",
    )
    signer = models.CharField("người ký", max_length=100)
    signed_by_deputy = models.BooleanField(
        "cấp phó ký thay (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)", default=True
    )
    phase = models.ForeignKey(
        "emulation.Phase",
        verbose_name="đợt thi đua",
        on_delete=models.PROTECT,
        related_name="award_decisions",
    )
    session = models.ForeignKey(
        CouncilSession,
        verbose_name="theo phiên họp hội đồng",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    summary = models.CharField(
        "trích yếu",
        max_length=300,
        default="Về việc tặng thưởng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi",
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()
    objects = HoldingNominationsQuerySet.as_manager()

    class Meta:
        verbose_name = "quyết định khen thưởng"
        verbose_name_plural = "quyết định khen thưởng"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            # Each issuer numbers its decisions afresh every year.
            models.UniqueConstraint(
                "issuer",
                ExtractYear("issued_on"),
                "number",
                name="award_decision_number_unique_per_issuer_year",
                violation_error_message="Số quyết định này đã được cơ quan ban hành dùng trong "
                "cùng năm.",  # = NUMBER_TAKEN
            ),
        ]

    def __str__(self):
        return f"Quyết định {self.number} ngày {self.issued_on:%d/%m/%Y}"

    NUMBER_TAKEN = "Số quyết định này đã được cơ quan ban hành dùng trong cùng năm."

    def number_taken(self):
        """Whether the issuer already gave this number in the decision's year (the database
        constraint below holds it; this names the field for the form)."""
        if not (self.issuer_id and self.issued_on and self.number):
            return False
        return (
            AwardDecision.objects.filter(
                issuer=self.issuer_id, issued_on__year=self.issued_on.year, number=self.number
            )
            .exclude(pk=self.pk)
            .exists()
        )

    @property
    def signer_title(self):
        """The title above the signer's name, from the issuing body: "CHỦ TỊCH", or
        "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" when a vice-chairman signs."""
        if self.issuer is None:
            return "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" if self.signed_by_deputy else "CHỦ TỊCH"
        return self.issuer.signer_title(deputy=self.signed_by_deputy)

    def clean(self):
        number = (self.number or "").strip()
        if number and self.issuer_id:
            suffix = self.issuer.number_suffix
            if not number.endswith(f"/{suffix}"):
                raise ValidationError(
                    {
                        "number": f"Số quyết định của {self.issuer.authority} phải có dạng "
                        f"…/{suffix} (ví dụ 1234/{suffix})."
                    }
                )
        elif number and "/QĐ-" not in number:
            raise ValidationError(
                {"number": "Số quyết định phải có dạng …/QĐ-UBND (ví dụ 1234/QĐ-UBND)."}
            )
        if self.number_taken():
            raise ValidationError({"number": self.NUMBER_TAKEN})
        if self.issued_on and self.session_id and self.issued_on < self.session.held_on:
            raise ValidationError(
                {
                    "issued_on": f"Quyết định ngày {self.issued_on:%d/%m/%Y} không thể trước ngày "
                    f"Hội đồng họp xét ({self.session.held_on:%d/%m/%Y})."
                }
            )
        if (
            self.issued_on
            and self.session_id
            and self.session.submission_date
            and self.issued_on < self.session.submission_date
        ):
            raise ValidationError(
                {
                    "issued_on": f"Quyết định ngày {self.issued_on:%d/%m/%Y} không thể trước ngày "
                    f"tờ trình ({self.session.submission_date:%d/%m/%Y})."
                }
            )

    @property
    def total_amount(self):
        return sum(nomination.amount or 0 for nomination in self.nominations.all())


def issuer_kind_for(kind):
    """Which authority decides an award kind (Law 06/2022/QH15, arts. 75–80): the provincial or
    the district Chairman for those levels; for national kinds the President (orders, medals)
    or the Prime Minister (the rest), as the kind's `decided_by` names."""
    from units.models import IssuingBody

    if kind.level == kind.Level.DISTRICT:
        return IssuingBody.Kind.DISTRICT_COMMITTEE
    if kind.level == kind.Level.PROVINCE:
        return IssuingBody.Kind.PROVINCE_COMMITTEE
    if "chủ tịch nước" in kind.decided_by.lower():
        return IssuingBody.Kind.PRESIDENT
    return IssuingBody.Kind.PRIME_MINISTER


class PrinterCalibration(models.Model):
    """How far one printer shifts the page, measured once by staff, so text lands on the lines
    of the pre-printed certificate blank."""

    name = models.CharField("tên máy in", max_length=100, unique=True)
    offset_x_mm = models.DecimalField(
        "dịch ngang (mm, dương: sang phải)", max_digits=5, decimal_places=1, default=0
    )
    offset_y_mm = models.DecimalField(
        "dịch dọc (mm, dương: xuống dưới)", max_digits=5, decimal_places=1, default=0
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "căn chỉnh máy in"
        verbose_name_plural = "căn chỉnh máy in"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(offset_x_mm__gte=-50)
                & Q(offset_x_mm__lte=50)
                & Q(offset_y_mm__gte=-50)
                & Q(offset_y_mm__lte=50),
                name="printer_offset_range",
                violation_error_message="Độ dịch phải trong khoảng −50 mm đến 50 mm.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.offset_x_mm} mm, {self.offset_y_mm} mm)"
