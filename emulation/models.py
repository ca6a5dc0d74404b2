"""The emulation movement of Plan 168: phases, participants, clusters, registrations, scored
reviews, exemplary models and the movement's reports.

Access (units/access.py). Every queryset narrows itself through `for_user(user, capability)`.
For district officers the district scope means:

- VIEW, REGISTER_EMULATION, RECORD_EXEMPLAR: records of participants that are the district or
  one of its communes;
- VERIFY_REVIEW: the cluster step only, and only in the clusters (cụm/khối) of the phase's year
  whose leading member (trưởng cụm) is the district; never the district's own review, which the
  province verifies (a leader does not check its own scores).

Verification goes cluster first, then province (`Review.STEPS`). Provincial staff may take the
cluster's step themselves: for blocks led by organisations, or when a leader does not act.

Deadlines are inclusive: on the deadline day itself a registration or self-assessment is on
time; from the next day a district officer is refused with the deadline shown, while those who
manage the movement (provincial staff) may still change it, and the record keeps that it was late
and who changed it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ntm_portal.lib.numbers import plain
from ntm_portal.lib.text import fold
from ntm_portal.lib.uploads import FileContent
from ntm_portal.lib.workflow import Step, WorkflowEvent, WorkflowMixin
from targets.models import Plan, Standard
from units.access import Capability, ScopedQuerySet, access_of, unit_district_q
from units.models import Unit


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

    @property
    def period(self):
        return self.plan.period


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


# --- phases ------------------------------------------------------------------------------------


class PhaseQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return Q(pk__in=[])

    def in_order(self):
        return self.order_by("year", "kind_order", "pk")

    def labelled(self):
        """With the movement and its plan, which a final phase's label names (its period)."""
        return self.select_related("movement__plan")

    def scored_so_far(self, today=None):
        """Phases whose self-assessment deadline has passed: the reviews that should be done."""
        return self.filter(assessment_deadline__lt=today or timezone.localdate())


class Phase(models.Model):
    """A review of the movement (sơ kết năm, sơ kết giữa kỳ, tổng kết) with its deadlines."""

    class Kind(models.TextChoices):
        YEARLY = "yearly", "Sơ kết năm"
        MIDTERM = "midterm", "Sơ kết giữa kỳ"
        FINAL = "final", "Tổng kết"

    KIND_ORDER = {Kind.YEARLY: 1, Kind.MIDTERM: 2, Kind.FINAL: 3}

    movement = models.ForeignKey(
        Movement, verbose_name="phong trào", on_delete=models.CASCADE, related_name="phases"
    )
    kind = models.CharField("loại đợt", max_length=10, choices=Kind.choices)
    kind_order = models.PositiveSmallIntegerField(editable=False, default=1)
    year = models.PositiveSmallIntegerField(
        "năm", help_text="Cụm/khối thi đua của năm này tham gia đợt."
    )
    registration_deadline = models.DateField("hạn đăng ký thi đua")
    assessment_deadline = models.DateField("hạn tự chấm điểm")
    commendation_places = models.PositiveSmallIntegerField(
        "số vị trí dẫn đầu mỗi cụm/khối được đề nghị khen thưởng",
        default=1,
        validators=[MinValueValidator(1)],
    )
    notes = models.TextField("ghi chú", blank=True)
    history = HistoricalRecords(excluded_fields=["kind_order"])
    objects = PhaseQuerySet.as_manager()

    class Meta:
        verbose_name = "đợt thi đua"
        verbose_name_plural = "đợt thi đua"
        ordering = ["year", "kind_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "kind", "year"],
                name="phase_unique_kind_year",
                violation_error_message="Phong trào đã có đợt này trong năm đó.",
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__lte=models.F("assessment_deadline")),
                name="phase_deadlines_ordered",
                violation_error_message="Hạn tự chấm điểm không được trước hạn đăng ký thi đua.",
            ),
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        # Kept with the kind so that lists order yearly, mid-term and final reviews of a year.
        self.kind_order = self.KIND_ORDER.get(self.kind, 1)
        super().save(*args, **kwargs)

    @property
    def label(self):
        if self.kind == self.Kind.YEARLY:
            return f"Sơ kết năm {self.year}"
        if self.kind == self.Kind.MIDTERM:
            return f"Sơ kết giữa kỳ (năm {self.year})"
        return f"Tổng kết giai đoạn {self.movement.period}"

    @property
    def report_title(self):
        """The title of the phase's report, as printed."""
        name = self.movement.name
        if self.kind == self.Kind.FINAL:
            return f"Báo cáo tổng kết phong trào thi đua “{name}” giai đoạn {self.movement.period}"
        if self.kind == self.Kind.MIDTERM:
            return f"Báo cáo sơ kết giữa kỳ phong trào thi đua “{name}” giai đoạn {self.movement.period}"
        return f"Báo cáo sơ kết phong trào thi đua “{name}” năm {self.year}"

    def clean(self):
        plan = self.movement.plan if self.movement_id else None
        if plan and self.year and not plan.start_year <= self.year <= plan.end_year:
            raise ValidationError(
                {"year": f"Năm phải trong giai đoạn của phong trào ({plan.period})."}
            )

    def deadline_of(self, what):
        return self.registration_deadline if what == "registration" else self.assessment_deadline

    def reopened_until(self, what, participant):
        """The latest deadline the province granted this participant on a reopen request for
        `what`, or None."""
        if participant is None:
            return None
        return (
            ReopenRequest.objects.filter(
                phase=self, participant=participant, what=what, state=ReopenRequest.State.GRANTED
            )
            .order_by("-new_deadline")
            .values_list("new_deadline", flat=True)
            .first()
        )

    def check_deadline(self, what, user, today=None, participant=None):
        """Whether the change is late; refused (ValidationError) for those who do not manage
        the movement. `what` is "registration" or "assessment".

        A participant whose reopen request the province granted may change until the new
        deadline; the change is still late (after the phase's deadline) and kept as such."""
        today = today or timezone.localdate()
        deadline = self.deadline_of(what)
        if today <= deadline:
            return False
        if access_of(user).can(Capability.MANAGE_MOVEMENT):
            return True
        reopened = self.reopened_until(what, participant)
        if reopened and today <= reopened:
            return True
        noun = "đăng ký thi đua" if what == "registration" else "tự chấm điểm"
        if reopened:
            raise ValidationError(
                f"Đã quá hạn {noun} của đợt {self.label} (hạn {deadline:%d/%m/%Y}, được mở lại "
                f"đến {reopened:%d/%m/%Y}); chỉ cán bộ cấp tỉnh còn có thể thay đổi."
            )
        raise ValidationError(
            f"Đã quá hạn {noun} của đợt {self.label} (hạn {deadline:%d/%m/%Y}); "
            "chỉ cán bộ cấp tỉnh còn có thể thay đổi."
        )


# --- participants and clusters ------------------------------------------------------------------


class ParticipantQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return unit_district_q("unit", district)

    def active(self):
        return self.filter(active=True)

    def in_order(self):
        return self.order_by("kind_order", "sort_key", "code")


class Participant(models.Model):
    """A unit or an organisation taking part in the movement (đơn vị tham gia thi đua)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", "Tỉnh"
        DISTRICT = "district", "Đơn vị cấp huyện"
        COMMUNE = "commune", "Xã"
        DEPARTMENT = "department", "Sở, ban, ngành tỉnh"
        MASS_ORGANISATION = "mass_org", "Mặt trận, đoàn thể"
        ENTERPRISE = "enterprise", "Doanh nghiệp"
        COOPERATIVE = "cooperative", "Hợp tác xã"

    UNIT_KINDS = {Kind.PROVINCE: "province", Kind.DISTRICT: "district", Kind.COMMUNE: "commune"}
    KIND_ORDER = {kind: index for index, kind in enumerate(Kind)}

    movement = models.ForeignKey(
        Movement, verbose_name="phong trào", on_delete=models.CASCADE, related_name="participants"
    )
    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    kind_order = models.PositiveSmallIntegerField(editable=False, default=0)
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị hành chính",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    code = models.CharField(
        "mã",
        max_length=20,
        help_text="Đơn vị hành chính: mã thống kê; tổ chức: mã viết tắt do tỉnh đặt (ví dụ SNN).",
    )
    name = models.CharField("tên", max_length=200, blank=True)
    active = models.BooleanField("đang tham gia", default=True)
    notes = models.TextField("ghi chú", blank=True)
    sort_key = models.CharField(max_length=400, editable=False, db_index=True)
    history = HistoricalRecords(excluded_fields=["sort_key", "kind_order"])
    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị tham gia thi đua"
        verbose_name_plural = "đơn vị tham gia thi đua"
        ordering = ["kind_order", "sort_key", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "code"],
                name="participant_unique_code",
                violation_error_message="Đã có đơn vị tham gia mang mã này.",
            ),
            models.UniqueConstraint(
                fields=["movement", "unit"],
                name="participant_unique_unit",
                violation_error_message="Đơn vị hành chính này đã là đơn vị tham gia.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["province", "district", "commune"], unit__isnull=False)
                    | (
                        ~Q(kind__in=["province", "district", "commune"])
                        & Q(unit__isnull=True)
                        & ~Q(name="")
                    )
                ),
                name="participant_unit_or_organisation",
                violation_error_message="Đơn vị hành chính phải chọn đơn vị; tổ chức phải có tên "
                "và không gắn với đơn vị hành chính.",
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.kind_order = self.KIND_ORDER.get(self.kind, 0)
        self.sort_key = fold(self.display_name)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        level = self.UNIT_KINDS.get(self.kind)
        if level and self.unit_id is None:
            errors["unit"] = "Hãy chọn đơn vị hành chính tham gia."
        elif level and self.unit.level != level:
            errors["unit"] = (
                f"Loại “{self.get_kind_display()}” phải là đơn vị {level_label(level)}."
            )
        if not level and self.unit_id:
            errors["unit"] = (
                "Tổ chức (sở, đoàn thể, doanh nghiệp…) không gắn với đơn vị hành chính."
            )
        if not level and not self.name.strip():
            errors["name"] = "Hãy ghi tên tổ chức tham gia."
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self):
        if self.unit_id:
            return self.unit.full_name
        return self.name

    @property
    def is_unit(self):
        return self.kind in self.UNIT_KINDS

    def district(self):
        return self.unit.district() if self.unit_id else None


def level_label(level):
    return {"province": "cấp tỉnh", "district": "cấp huyện", "commune": "cấp xã"}[level]


class ClusterQuerySet(ScopedQuerySet):
    def district_q(self, district):
        # A district acts on a cluster only as its leading member (VERIFY_REVIEW).
        return Q(leader__unit=district)


class Cluster(models.Model):
    """An emulation cluster or block (cụm, khối thi đua) of one year, with its leader."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", "Cụm thi đua"
        BLOCK = "block", "Khối thi đua"

    movement = models.ForeignKey(
        Movement, verbose_name="phong trào", on_delete=models.CASCADE, related_name="clusters"
    )
    year = models.PositiveSmallIntegerField("năm")
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.CLUSTER)
    name = models.CharField("tên cụm/khối", max_length=200)
    leader = models.ForeignKey(
        Participant,
        verbose_name="trưởng cụm/khối",
        on_delete=models.PROTECT,
        related_name="led_clusters",
    )
    deputy = models.ForeignKey(
        Participant,
        verbose_name="phó trưởng cụm/khối",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputy_clusters",
    )
    history = HistoricalRecords()
    objects = ClusterQuerySet.as_manager()

    class Meta:
        verbose_name = "cụm, khối thi đua"
        verbose_name_plural = "cụm, khối thi đua"
        ordering = ["-year", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "year", "name"],
                name="cluster_unique_name_year",
                violation_error_message="Năm này đã có cụm/khối mang tên này.",
            ),
            models.CheckConstraint(
                condition=~Q(deputy=models.F("leader")),
                name="cluster_deputy_not_leader",
                violation_error_message="Phó trưởng cụm/khối phải khác trưởng cụm/khối.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    def clean(self):
        plan = self.movement.plan if self.movement_id else None
        if plan and self.year and not plan.start_year <= self.year <= plan.end_year:
            raise ValidationError(
                {"year": f"Năm phải trong giai đoạn của phong trào ({plan.period})."}
            )


class ClusterMember(models.Model):
    """A participant's membership of a cluster in the cluster's year (one cluster a year)."""

    cluster = models.ForeignKey(
        Cluster, verbose_name="cụm/khối", on_delete=models.CASCADE, related_name="members"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name="đơn vị tham gia",
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    year = models.PositiveSmallIntegerField("năm", editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "thành viên cụm/khối"
        verbose_name_plural = "thành viên cụm/khối"
        ordering = ["cluster", "participant__kind_order", "participant__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "year"],
                name="cluster_member_one_cluster_a_year",
                violation_error_message="Đơn vị đã thuộc một cụm/khối khác trong năm này.",
            ),
        ]

    def __str__(self):
        return f"{self.participant} — {self.cluster}"

    def save(self, *args, **kwargs):
        self.year = self.cluster.year
        super().save(*args, **kwargs)


# --- registrations ------------------------------------------------------------------------------


class LateMixin(models.Model):
    """Who changed a record after its deadline, and when (kept also in the edit history)."""

    late = models.BooleanField("nộp/sửa sau hạn", default=False)
    late_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người sửa sau hạn",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    late_at = models.DateTimeField("thời điểm sửa sau hạn", null=True, blank=True)

    class Meta:
        abstract = True

    def mark_late(self, user):
        self.late = True
        self.late_by = user
        self.late_at = timezone.now()


class RegistrationQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return unit_district_q("participant__unit", district)

    def submitted(self):
        return self.filter(state=Registration.State.SUBMITTED)

    def visible_to(self, user):
        """Submitted registrations of everyone, drafts only of the participants the user may
        register for (a district's drafts stay within the district and the province)."""
        own = self.for_user(user, Capability.REGISTER_EMULATION).values("pk")
        return self.filter(Q(state=Registration.State.SUBMITTED) | Q(pk__in=own))


class Registration(WorkflowMixin, LateMixin):
    """A participant's emulation registration (đăng ký thi đua) for a phase."""

    class State(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        SUBMITTED = "submitted", "Đã đăng ký"

    phase = models.ForeignKey(
        Phase, verbose_name="đợt", on_delete=models.PROTECT, related_name="registrations"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name="đơn vị tham gia",
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default="draft")
    communes_ntm = models.PositiveSmallIntegerField(
        "số xã phấn đấu đạt chuẩn NTM trong năm", null=True, blank=True
    )
    communes_advanced = models.PositiveSmallIntegerField(
        "số xã phấn đấu đạt NTM nâng cao", null=True, blank=True
    )
    communes_model = models.PositiveSmallIntegerField(
        "số xã phấn đấu đạt NTM kiểu mẫu", null=True, blank=True
    )
    unit_standard = models.CharField(
        "chuẩn đơn vị phấn đấu đạt", max_length=10, choices=Standard.choices, blank=True
    )
    submitted_at = models.DateTimeField("đăng ký lúc", null=True, blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    history = HistoricalRecords()
    objects = RegistrationQuerySet.as_manager()
    workflow_noun = "bản đăng ký thi đua"

    class Meta:
        verbose_name = "đăng ký thi đua"
        verbose_name_plural = "đăng ký thi đua"
        ordering = ["phase", "participant__kind_order", "participant__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "participant"],
                name="registration_unique_phase_participant",
                violation_error_message="Đơn vị đã có bản đăng ký cho đợt này.",
            ),
        ]

    def __str__(self):
        return f"Đăng ký thi đua {self.phase.label} — {self.participant}"

    @property
    def has_measures(self):
        return any(
            value not in (None, "")
            for value in (
                self.communes_ntm,
                self.communes_advanced,
                self.communes_model,
                self.unit_standard,
            )
        )

    def submit(self, *, by, late=False):
        changes = {"submitted_at": timezone.now()}
        if late:
            changes.update(late=True, late_by=by, late_at=timezone.now())
        return self.move(RegistrationEvent.Action.SUBMIT, by=by, **changes)


class RegistrationItem(models.Model):
    """What a participant commits to in one content area."""

    registration = models.ForeignKey(
        Registration, verbose_name="bản đăng ký", on_delete=models.CASCADE, related_name="items"
    )
    content_area = models.ForeignKey(
        ContentArea, verbose_name="nội dung thi đua", on_delete=models.PROTECT, related_name="+"
    )
    commitment = models.TextField("nội dung đăng ký, cam kết")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "nội dung đăng ký"
        verbose_name_plural = "nội dung đăng ký"
        ordering = ["registration", "content_area__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "content_area"],
                name="registration_item_unique_area",
                violation_error_message="Nội dung thi đua này đã có trong bản đăng ký.",
            ),
        ]

    def __str__(self):
        return f"{self.content_area.number}. {self.commitment[:60]}"


class RegistrationEvent(WorkflowEvent):
    """A step of a registration: who submitted it, when."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "Gửi đăng ký"

    registration = models.ForeignKey(
        Registration, verbose_name="bản đăng ký", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("bước", max_length=10, choices=Action.choices)
    from_state = models.CharField("từ trạng thái", max_length=10, blank=True)
    to_state = models.CharField("sang trạng thái", max_length=10)

    class Meta(WorkflowEvent.Meta):
        verbose_name = "bước đăng ký"
        verbose_name_plural = "bước đăng ký"

    def __str__(self):
        return f"{self.get_action_display()} — {self.registration}"


Registration.workflow_event_model = RegistrationEvent
Registration.workflow_event_subject = "registration"
Registration.STEPS = {
    RegistrationEvent.Action.SUBMIT: Step(
        from_states=[Registration.State.DRAFT], to_state=Registration.State.SUBMITTED, verb="gửi"
    ),
}
Registration.NEXT_STEP = {
    Registration.State.DRAFT: RegistrationEvent.Action.SUBMIT,
    Registration.State.SUBMITTED: None,
}


# --- scoring tables and reviews ----------------------------------------------------------------


class ScoringCriterionQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return Q(pk__in=[])


class ScoringCriterion(models.Model):
    """A line of a phase's scoring table (giao ước thi đua): a criterion and its maximum points."""

    phase = models.ForeignKey(
        Phase, verbose_name="đợt", on_delete=models.CASCADE, related_name="criteria"
    )
    content_area = models.ForeignKey(
        ContentArea, verbose_name="nội dung thi đua", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField("số hiệu", max_length=10, help_text="Ví dụ 1.2")
    title = models.CharField("tiêu chí chấm điểm", max_length=400)
    max_points = models.DecimalField(
        "điểm tối đa",
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), "Điểm tối đa phải lớn hơn 0.")],
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    history = HistoricalRecords()
    objects = ScoringCriterionQuerySet.as_manager()

    class Meta:
        verbose_name = "tiêu chí chấm điểm"
        verbose_name_plural = "bảng điểm thi đua"
        ordering = ["phase", "content_area__number", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "code"],
                name="scoring_criterion_unique_code",
                violation_error_message="Bảng điểm của đợt đã có tiêu chí mang số hiệu này.",
            ),
            models.CheckConstraint(
                condition=Q(max_points__gt=0),
                name="scoring_criterion_max_positive",
                violation_error_message="Điểm tối đa phải lớn hơn 0.",
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.title} (tối đa {format_points(self.max_points)})"


def plain_points(value):
    """Points without trailing zeros (8, 7.5) for a form's initial value, never "1E+1"."""
    if value is None:
        return None
    value = Decimal(value)
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def format_points(value):
    """Points as Vietnamese write them: "12,5", "10"."""
    if value is None:
        return "—"
    return plain(Decimal(value))


class ReviewQuerySet(ScopedQuerySet):
    """Reviews; the district scope depends on the capability (see the module docstring)."""

    def for_user(self, user, capability=Capability.VIEW):
        scoped = self._chain()
        scoped._scope_capability = capability
        return ScopedQuerySet.for_user(scoped, user, capability)

    def district_q(self, district):
        if getattr(self, "_scope_capability", None) == Capability.VERIFY_REVIEW:
            return self.led_by_q(district)
        return unit_district_q("participant__unit", district)

    @staticmethod
    def led_by_q(district):
        """Reviews a district verifies as cluster leader: self-assessed reviews of the other
        members of the clusters it leads in the phase's year."""
        led = ClusterMember.objects.filter(
            participant=OuterRef("participant"),
            year=OuterRef("phase__year"),
            cluster__leader__unit=district,
        )
        return Q(Exists(led)) & Q(state=Review.State.SELF_ASSESSED) & ~Q(participant__unit=district)

    def proposed_for_commendation(self, phase):
        """The reviews of a phase proposed for commendation: in each cluster/block, the leading
        participants (rank ≤ the phase's `commendation_places`, ties included) whose review the
        province has verified. The ranking rule is in `emulation/ranking.py`."""
        from emulation.ranking import standings

        ids = [
            row.review.pk for standing in standings(phase) for row in standing.rows if row.proposed
        ]
        return self.filter(pk__in=ids)


class Review(WorkflowMixin, LateMixin):
    """A participant's scored review for a phase: self-assessment, then verification."""

    class State(models.TextChoices):
        DRAFT = "draft", "Đang tự chấm"
        SELF_ASSESSED = "self_assessed", "Đã gửi tự chấm"
        CLUSTER_VERIFIED = "cluster_ok", "Cụm/khối đã thẩm định"
        VERIFIED = "verified", "Tỉnh đã thẩm định"

    phase = models.ForeignKey(
        Phase, verbose_name="đợt", on_delete=models.PROTECT, related_name="reviews"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name="đơn vị tham gia",
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    state = models.CharField("trạng thái", max_length=14, choices=State.choices, default="draft")
    summary = models.TextField("tóm tắt kết quả", blank=True)
    submitted_at = models.DateTimeField("gửi tự chấm lúc", null=True, blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    history = HistoricalRecords()
    objects = ReviewQuerySet.as_manager()
    workflow_noun = "bảng tự chấm"

    class Meta:
        verbose_name = "kết quả chấm điểm thi đua"
        verbose_name_plural = "kết quả chấm điểm thi đua"
        ordering = ["phase", "participant__kind_order", "participant__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "participant"],
                name="review_unique_phase_participant",
                violation_error_message="Đơn vị đã có bảng chấm điểm cho đợt này.",
            ),
        ]

    def __str__(self):
        return f"Chấm điểm {self.phase.label} — {self.participant}"

    @property
    def total(self):
        return sum((score.points or 0 for score in self.scores.all()), Decimal(0))

    @property
    def self_total(self):
        return sum((score.self_points or 0 for score in self.scores.all()), Decimal(0))

    @property
    def is_editable_by_participant(self):
        return self.state == self.State.DRAFT

    def submit(self, *, by, late=False):
        changes = {"submitted_at": timezone.now()}
        if late:
            changes.update(late=True, late_by=by, late_at=timezone.now())
        return self.move(ReviewEvent.Action.SUBMIT, by=by, **changes)


def _not_negative(value):
    if value is not None and value < 0:
        raise ValidationError("Điểm không được âm.")


class ScoreQuerySet(models.QuerySet):
    def counted(self):
        """(review id, content area number, self-assessed points, the points that count) of each
        score, as plain values, for totals over a whole phase without a model per score. The
        points that count are those of `Score.points`, with 0 for a criterion nobody scored."""
        rows = self.values_list(
            "review_id",
            "criterion__content_area__number",
            "self_points",
            "cluster_points",
            "province_points",
        )
        for review_id, area, self_points, cluster_points, province_points in rows:
            values = (province_points, cluster_points, self_points)
            points = next((value for value in values if value is not None), Decimal(0))
            yield review_id, area, self_points or Decimal(0), points


class Score(models.Model):
    """Points of a review on one criterion: self-assessed, then as the cluster and the province
    verified them, each change with its reason."""

    review = models.ForeignKey(
        Review, verbose_name="bảng chấm điểm", on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        ScoringCriterion, verbose_name="tiêu chí", on_delete=models.PROTECT, related_name="scores"
    )
    self_points = models.DecimalField(
        "điểm tự chấm", max_digits=6, decimal_places=2, null=True, blank=True
    )
    evidence = models.TextField("minh chứng, diễn giải", blank=True)
    cluster_points = models.DecimalField(
        "điểm cụm/khối thẩm định", max_digits=6, decimal_places=2, null=True, blank=True
    )
    cluster_reason = models.TextField("lý do điều chỉnh của cụm/khối", blank=True)
    province_points = models.DecimalField(
        "điểm tỉnh thẩm định", max_digits=6, decimal_places=2, null=True, blank=True
    )
    province_reason = models.TextField("lý do điều chỉnh của tỉnh", blank=True)
    history = HistoricalRecords()
    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = "điểm theo tiêu chí"
        verbose_name_plural = "điểm theo tiêu chí"
        ordering = ["review", "criterion__content_area__number", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"],
                name="score_unique_criterion",
                violation_error_message="Tiêu chí này đã được chấm trong bảng điểm.",
            ),
            models.CheckConstraint(
                condition=(Q(self_points__isnull=True) | Q(self_points__gte=0))
                & (Q(cluster_points__isnull=True) | Q(cluster_points__gte=0))
                & (Q(province_points__isnull=True) | Q(province_points__gte=0)),
                name="score_not_negative",
                violation_error_message="Điểm không được âm.",
            ),
        ]

    def __str__(self):
        return f"{self.criterion.code}: {format_points(self.points)}"

    @property
    def points(self):
        """The points that count: the latest verified value, else the self-assessed one."""
        for value in (self.province_points, self.cluster_points, self.self_points):
            if value is not None:
                return value
        return None

    @property
    def before_province(self):
        return self.cluster_points if self.cluster_points is not None else self.self_points


def check_points(value, criterion, label="Điểm"):
    """Refuse points below 0 or above the criterion's maximum, naming the criterion."""
    if value is None:
        return
    if value < 0:
        raise ValidationError(f"{label} tiêu chí {criterion.code} không được âm.")
    if value > criterion.max_points:
        raise ValidationError(
            f"{label} tiêu chí {criterion.code} vượt điểm tối đa "
            f"{format_points(criterion.max_points)}."
        )


class ReviewEvent(WorkflowEvent):
    """A step of a review: submitted, verified by the cluster, verified by the province."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "Gửi tự chấm"
        CLUSTER_VERIFY = "cluster", "Cụm/khối thẩm định"
        PROVINCE_VERIFY = "province", "Tỉnh thẩm định"

    review = models.ForeignKey(
        Review, verbose_name="bảng chấm điểm", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("bước", max_length=10, choices=Action.choices)
    from_state = models.CharField(
        "từ trạng thái", max_length=14, choices=Review.State.choices, blank=True
    )
    to_state = models.CharField("sang trạng thái", max_length=14, choices=Review.State.choices)

    class Meta(WorkflowEvent.Meta):
        verbose_name = "bước chấm điểm"
        verbose_name_plural = "bước chấm điểm"

    def __str__(self):
        return f"{self.get_action_display()} — {self.review}"


_S, _A = Review.State, ReviewEvent.Action
Review.workflow_event_model = ReviewEvent
Review.workflow_event_subject = "review"
Review.STEPS = {
    _A.SUBMIT: Step(from_states=[_S.DRAFT], to_state=_S.SELF_ASSESSED, verb="gửi tự chấm"),
    _A.CLUSTER_VERIFY: Step(
        from_states=[_S.SELF_ASSESSED], to_state=_S.CLUSTER_VERIFIED, verb="thẩm định cấp cụm"
    ),
    _A.PROVINCE_VERIFY: Step(
        from_states=[_S.CLUSTER_VERIFIED, _S.VERIFIED],
        to_state=_S.VERIFIED,
        verb="thẩm định cấp tỉnh",
    ),
}
# A province may verify a verified review again (to correct it): possible, not expected.
Review.NEXT_STEP = {
    _S.DRAFT: _A.SUBMIT,
    _S.SELF_ASSESSED: _A.CLUSTER_VERIFY,
    _S.CLUSTER_VERIFIED: _A.PROVINCE_VERIFY,
    _S.VERIFIED: None,
}
del _S, _A


# --- exemplary models and initiatives ----------------------------------------------------------


class ExemplarQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return unit_district_q("participant__unit", district)

    def search(self, query):
        """Exemplars whose title, owner or description hold every word of the query, with case,
        diacritics and punctuation set aside ("tom lua" finds "tôm – lúa")."""
        found = self
        for word in fold(query).split():
            found = found.filter(search_key__contains=word)
        return found


class Exemplar(models.Model):
    """An exemplary example, good model or practice, or initiative found in the movement."""

    class Kind(models.TextChoices):
        EXAMPLE = "example", "Điển hình tiên tiến"
        MODEL = "model", "Mô hình"
        PRACTICE = "practice", "Cách làm hay"
        INITIATIVE = "initiative", "Sáng kiến"

    movement = models.ForeignKey(
        Movement, verbose_name="phong trào", on_delete=models.CASCADE, related_name="exemplars"
    )
    title = models.CharField("tên điển hình, mô hình", max_length=300)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    content_area = models.ForeignKey(
        ContentArea, verbose_name="nội dung thi đua", on_delete=models.PROTECT, related_name="+"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exemplars",
    )
    person = models.CharField(
        "cá nhân, hộ gia đình", max_length=200, blank=True, help_text="Để trống nếu là tập thể."
    )
    year = models.PositiveSmallIntegerField("năm")
    description = models.TextField("mô tả")
    results = models.TextField("kết quả, hiệu quả", blank=True)
    spread = models.BooleanField("đã được nhân rộng", default=False)
    spread_to = models.TextField("nhân rộng ở đâu", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi nhận",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    search_key = models.CharField(max_length=1000, editable=False, db_index=True)
    history = HistoricalRecords(excluded_fields=["search_key"])
    objects = ExemplarQuerySet.as_manager()

    class Meta:
        verbose_name = "điển hình, mô hình, sáng kiến"
        verbose_name_plural = "điển hình, mô hình, sáng kiến"
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | ~Q(person=""),
                name="exemplar_has_owner",
                violation_error_message="Hãy chọn đơn vị hoặc ghi tên cá nhân, hộ gia đình.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Diacritic-free text for the search box, kept with the fields it comes from.
        owner = str(self.participant) if self.participant_id else ""
        self.search_key = fold(" ".join([self.title, self.person, owner, self.description]))[:1000]
        super().save(*args, **kwargs)

    def clean(self):
        if not self.participant_id and not self.person.strip():
            raise ValidationError(
                {"participant": "Hãy chọn đơn vị hoặc ghi tên cá nhân, hộ gia đình."}
            )
        if self.spread and not self.spread_to.strip():
            raise ValidationError({"spread_to": "Hãy ghi mô hình đã được nhân rộng ở đâu."})

    @property
    def owner(self):
        if self.person and self.participant_id:
            return f"{self.person} ({self.participant})"
        return self.person or str(self.participant)


EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]


class ExemplarFileQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return unit_district_q("exemplar__participant__unit", district)


class ExemplarFile(models.Model):
    """An evidence file of an exemplary model (photo, report, decision)."""

    exemplar = models.ForeignKey(
        Exemplar, verbose_name="điển hình", on_delete=models.CASCADE, related_name="files"
    )
    title = models.CharField("mô tả tệp", max_length=200, blank=True)
    file = models.FileField(
        "tệp minh chứng",
        upload_to="exemplars/%Y/",
        validators=[
            FileExtensionValidator(
                EVIDENCE_EXTENSIONS, "Minh chứng phải là tệp PDF, JPG hoặc PNG."
            ),
            FileContent(["pdf", "jpeg", "png"], "Tệp minh chứng"),
        ],
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)
    history = HistoricalRecords()
    objects = ExemplarFileQuerySet.as_manager()

    class Meta:
        verbose_name = "tệp minh chứng"
        verbose_name_plural = "tệp minh chứng"
        ordering = ["exemplar", "pk"]

    def __str__(self):
        return self.title or self.file.name.rsplit("/", 1)[-1]


# --- reports -----------------------------------------------------------------------------------


class MovementReportQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return Q(pk__in=[])


class MovementReport(models.Model):
    """A report of a phase (sơ kết, tổng kết): the figures come from the data when printed; the
    assessment is what staff write, kept with its edit history."""

    phase = models.ForeignKey(
        Phase, verbose_name="đợt", on_delete=models.PROTECT, related_name="reports"
    )
    number = models.CharField("số văn bản", max_length=40, blank=True)
    report_date = models.DateField("ngày báo cáo", default=timezone.localdate)
    assessment = models.TextField(
        "đánh giá chung",
        blank=True,
        help_text="Ưu điểm, hạn chế, nguyên nhân, bài học kinh nghiệm; mỗi đoạn một dòng.",
    )
    directions = models.TextField("phương hướng, nhiệm vụ và kiến nghị", blank=True)
    signer = models.CharField("người ký", max_length=100, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=100, default="Chủ tịch")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người lập",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    history = HistoricalRecords()
    objects = MovementReportQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo phong trào"
        verbose_name_plural = "báo cáo phong trào"
        ordering = ["-phase__year", "-phase__kind_order", "-pk"]

    def __str__(self):
        return self.phase.report_title


# --- reopening after a deadline -----------------------------------------------------------------


class ReopenRequestQuerySet(ScopedQuerySet):
    def district_q(self, district):
        return unit_district_q("participant__unit", district)

    def pending(self):
        return self.filter(state=ReopenRequest.State.PENDING)


class ReopenRequest(models.Model):
    """A participant's request to the province to reopen its registration or self-assessment
    after the deadline (đề nghị mở lại), and the province's answer."""

    class What(models.TextChoices):
        REGISTRATION = "registration", "Đăng ký thi đua"
        ASSESSMENT = "assessment", "Tự chấm điểm"

    class State(models.TextChoices):
        PENDING = "pending", "Chờ tỉnh xem xét"
        GRANTED = "granted", "Đã mở lại"
        REFUSED = "refused", "Không mở lại"

    phase = models.ForeignKey(
        Phase, verbose_name="đợt", on_delete=models.CASCADE, related_name="reopen_requests"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name="đơn vị tham gia",
        on_delete=models.CASCADE,
        related_name="reopen_requests",
    )
    what = models.CharField("việc xin mở lại", max_length=12, choices=What.choices)
    reason = models.TextField("lý do đề nghị")
    state = models.CharField(
        "trạng thái", max_length=10, choices=State.choices, default=State.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đề nghị",
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField("đề nghị lúc", default=timezone.now)
    new_deadline = models.DateField("hạn mới", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xử lý",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("xử lý lúc", null=True, blank=True)
    answer = models.TextField("lý do không mở lại / ghi chú của tỉnh", blank=True)
    history = HistoricalRecords()
    objects = ReopenRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "đề nghị mở lại"
        verbose_name_plural = "đề nghị mở lại"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "participant", "what"],
                condition=Q(state="pending"),
                name="reopen_one_pending_per_participant",
                violation_error_message="Đơn vị đã có một đề nghị mở lại đang chờ tỉnh xem xét.",
            ),
            models.CheckConstraint(
                condition=~Q(state="granted") | Q(new_deadline__isnull=False),
                name="reopen_granted_has_deadline",
                violation_error_message="Mở lại phải có hạn mới.",
            ),
            models.CheckConstraint(
                condition=~Q(state="refused") | ~Q(answer=""),
                name="reopen_refused_has_reason",
                violation_error_message="Không mở lại phải ghi lý do.",
            ),
        ]

    def __str__(self):
        return f"Đề nghị mở lại {self.get_what_display().lower()} — {self.participant}"

    @property
    def deadline(self):
        return self.phase.deadline_of(self.what)

    def _decide(self, by, **changes):
        # Two staff answering the same request at once: the row lock lets only the first through.
        with transaction.atomic():
            state = (
                ReopenRequest.objects.select_for_update()
                .values_list("state", flat=True)
                .get(pk=self.pk)
            )
            if state != self.State.PENDING:
                raise ValidationError(
                    f"Đề nghị này đã được xử lý ({self.State(state).label.lower()})."
                )
            for name, value in changes.items():
                setattr(self, name, value)
            self.decided_by, self.decided_at = by, timezone.now()
            self._history_user = by
            self.save()

    def grant(self, *, by, new_deadline, note="", today=None):
        today = today or timezone.localdate()
        if new_deadline is None:
            raise ValidationError({"new_deadline": "Hãy nhập hạn mới (dd/mm/yyyy)."})
        if new_deadline < today:
            raise ValidationError(
                {"new_deadline": f"Hạn mới phải từ hôm nay ({today:%d/%m/%Y}) trở đi."}
            )
        self._decide(by, state=self.State.GRANTED, new_deadline=new_deadline, answer=note)

    def refuse(self, *, by, reason):
        if not (reason or "").strip():
            raise ValidationError({"answer": "Hãy ghi lý do không mở lại."})
        self._decide(by, state=self.State.REFUSED, answer=reason.strip())
