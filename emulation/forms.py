"""Forms of the movement: phases and scoring tables, participants, clusters, registrations,
self-assessment and verification, exemplary models, reports and imports."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from emulation.models import (
    Cluster,
    ClusterMember,
    ContentArea,
    Exemplar,
    ExemplarFile,
    MovementReport,
    Participant,
    Phase,
    ScoringCriterion,
    check_points,
    format_points,
    plain_points,
)
from ntm_portal.lib.concurrency import VersionedFormMixin
from ntm_portal.lib.spreadsheet import check_size
from ntm_portal.lib.uploads import FileContent
from targets.models import Standard
from units.access import Capability, access_of
from units.models import Unit

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
POINTS_ERROR = "Điểm phải là số, ví dụ 7 hoặc 7,5."


def points_field(label, required=False, initial=None):
    return forms.DecimalField(
        label=label,
        required=required,
        initial=initial,
        max_digits=6,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "points-input"}),
        error_messages={
            "invalid": POINTS_ERROR,
            "max_decimal_places": "Điểm có tối đa 2 chữ số thập phân.",
        },
    )


class MovementFormMixin(VersionedFormMixin):
    """A model form whose movement is set by the view: the constraints that name the movement
    (unique code, unique name per year, …) must still be checked, with their Vietnamese message,
    although the movement is not a field of the form."""

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.discard("movement")
        return exclude


class PhaseForm(MovementFormMixin, forms.ModelForm):
    class Meta:
        model = Phase
        fields = [
            "kind",
            "year",
            "registration_deadline",
            "assessment_deadline",
            "commendation_places",
            "notes",
        ]
        widgets = {
            "registration_deadline": DATE_WIDGET,
            "assessment_deadline": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, movement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.movement = movement


class ContentAreaForm(MovementFormMixin, forms.ModelForm):
    """A content area of the movement; staff add the items the stored plan text lacks."""

    class Meta:
        model = ContentArea
        fields = ["number", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, movement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.movement = movement


class ScoringCriterionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ScoringCriterion
        fields = ["content_area", "code", "title", "max_points", "position"]
        localized_fields = ["max_points"]


ScoringCriterionFormSet = forms.modelformset_factory(
    ScoringCriterion, form=ScoringCriterionForm, extra=2, can_delete=True
)


class ParticipantForm(MovementFormMixin, forms.ModelForm):
    """Provincial staff manage every participant; a district officer its district and communes."""

    class Meta:
        model = Participant
        fields = ["kind", "unit", "code", "name", "active", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, movement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.movement = movement
        self.manages = access_of(user).can(Capability.MANAGE_MOVEMENT)
        units = Unit.objects.for_user(user, Capability.REGISTER_EMULATION).exclude(
            kind__in=[Unit.Kind.PHUONG, Unit.Kind.THI_TRAN]
        )
        self.fields["unit"].queryset = units.order_by("level", "sort_key")
        self.fields["unit"].help_text = "Chỉ với loại tỉnh, đơn vị cấp huyện, xã."
        self.fields["code"].required = False
        self.fields[
            "code"
        ].help_text = (
            "Để trống với đơn vị hành chính: lấy mã thống kê. Tổ chức: mã viết tắt (ví dụ SNN)."
        )
        self.fields["name"].help_text = "Tên tổ chức; để trống với đơn vị hành chính."
        if not self.manages:
            self.fields["kind"].choices = [
                (value, label)
                for value, label in Participant.Kind.choices
                if value in (Participant.Kind.DISTRICT, Participant.Kind.COMMUNE)
            ]

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        if unit is not None and not data.get("code"):
            data["code"] = unit.code
            self.instance.code = unit.code
        if unit is None and not data.get("code"):
            self.add_error("code", "Hãy ghi mã viết tắt của tổ chức.")
        return data


class ClusterForm(MovementFormMixin, forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label="Thành viên",
        queryset=Participant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Trưởng và phó trưởng cụm/khối luôn là thành viên.",
    )

    class Meta:
        model = Cluster
        fields = ["year", "kind", "name", "leader", "deputy"]
        error_messages = {
            "leader": {"required": "Cụm/khối phải có trưởng cụm/khối: hãy chọn đơn vị trưởng."}
        }

    def __init__(self, *args, movement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.movement = movement
        participants = Participant.objects.filter(movement=movement).active().in_order()
        participants = participants.select_related("unit")
        for name in ("leader", "deputy", "members"):
            self.fields[name].queryset = participants
        if self.instance.pk:
            self.fields["members"].initial = [
                member.participant_id for member in self.instance.members.all()
            ]

    def clean(self):
        data = super().clean()
        leader, deputy = data.get("leader"), data.get("deputy")
        if leader and deputy and leader == deputy:
            self.add_error("deputy", "Phó trưởng cụm/khối phải khác trưởng cụm/khối.")
        year = data.get("year")
        members = set(data.get("members") or [])
        members.update(p for p in (leader, deputy) if p)
        data["all_members"] = members
        if year and members:
            taken = (
                ClusterMember.objects.filter(year=year, participant__in=members)
                .exclude(cluster=self.instance.pk)
                .select_related("participant__unit", "cluster")
            )
            for member in taken:
                self.add_error(
                    "members",
                    f"{member.participant} đã thuộc {member.cluster.name} năm {year}; "
                    "mỗi đơn vị chỉ thuộc một cụm/khối trong năm.",
                )
        return data

    def save(self, commit=True):
        cluster = super().save(commit=True)
        wanted = self.cleaned_data["all_members"]
        current = {member.participant: member for member in cluster.members.all()}
        for participant, member in current.items():
            if participant not in wanted:
                member.delete()
        for participant in wanted:
            if participant not in current:
                ClusterMember.objects.create(cluster=cluster, participant=participant)
        # The year may have changed: memberships follow their cluster.
        cluster.members.exclude(year=cluster.year).update(year=cluster.year)
        return cluster


class RegistrationForm(VersionedFormMixin, forms.Form):
    """Commitments per content area; for a district, the measurable commitments too."""

    communes_ntm = forms.IntegerField(
        label="Số xã phấn đấu đạt chuẩn NTM", min_value=0, required=False
    )
    communes_advanced = forms.IntegerField(
        label="Số xã phấn đấu đạt NTM nâng cao", min_value=0, required=False
    )
    communes_model = forms.IntegerField(
        label="Số xã phấn đấu đạt NTM kiểu mẫu", min_value=0, required=False
    )
    unit_standard = forms.ChoiceField(
        label="Đơn vị phấn đấu đạt chuẩn",
        choices=[("", "—")] + list(Standard.choices),
        required=False,
    )

    def __init__(self, *args, areas, participant, registration=None, suggested=None, **kwargs):
        kwargs.setdefault("version_records", [registration])
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        existing = {}
        if registration is not None and registration.pk:
            existing = {item.content_area_id: item.commitment for item in registration.items.all()}
        for area in self.areas:
            self.fields[f"area_{area.number}"] = forms.CharField(
                label=str(area),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=existing.get(area.pk, ""),
            )
        self.with_measures = participant.kind == Participant.Kind.DISTRICT
        if not self.with_measures:
            for name in ("communes_ntm", "communes_advanced", "communes_model", "unit_standard"):
                del self.fields[name]
        else:
            source = registration if registration is not None and registration.pk else None
            for name in ("communes_ntm", "communes_advanced", "communes_model", "unit_standard"):
                if source is not None:
                    self.fields[name].initial = getattr(source, name)
                elif suggested:
                    self.fields[name].initial = suggested.get(name)

    def area_fields(self):
        return [self[f"area_{area.number}"] for area in self.areas]

    def measure_fields(self):
        if not self.with_measures:
            return []
        return [
            self[name]
            for name in ("communes_ntm", "communes_advanced", "communes_model", "unit_standard")
        ]

    def commitments(self):
        """{content area: text} of the areas with a commitment."""
        return {
            area: self.cleaned_data[f"area_{area.number}"].strip()
            for area in self.areas
            if self.cleaned_data.get(f"area_{area.number}", "").strip()
        }

    def clean(self):
        data = super().clean()
        if not any(data.get(f"area_{area.number}", "").strip() for area in self.areas):
            raise ValidationError("Hãy ghi nội dung đăng ký cho ít nhất một nội dung thi đua.")
        return data


class SelfAssessmentForm(VersionedFormMixin, forms.Form):
    """Points and evidence per criterion of the phase's scoring table."""

    summary = forms.CharField(
        label="Tóm tắt kết quả", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria, scores, review=None, **kwargs):
        kwargs.setdefault("version_records", [review])
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        if review is not None:
            self.fields["summary"].initial = review.summary
        for criterion in self.criteria:
            score = scores.get(criterion.pk)
            self.fields[f"points_{criterion.pk}"] = points_field(
                f"Điểm tự chấm {criterion.code} (tối đa {format_points(criterion.max_points)})",
                initial=plain_points(score.self_points) if score else None,
            )
            self.fields[f"evidence_{criterion.pk}"] = forms.CharField(
                label=f"Minh chứng {criterion.code}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.evidence if score else "",
            )

    def rows(self):
        return [
            (criterion, self[f"points_{criterion.pk}"], self[f"evidence_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def clean(self):
        data = super().clean()
        for criterion in self.criteria:
            name = f"points_{criterion.pk}"
            try:
                check_points(data.get(name), criterion)
            except ValidationError as error:
                self.add_error(name, error)
        return data

    def values(self):
        return {
            criterion.pk: (
                self.cleaned_data.get(f"points_{criterion.pk}"),
                self.cleaned_data.get(f"evidence_{criterion.pk}", "").strip(),
            )
            for criterion in self.criteria
        }


class VerificationForm(VersionedFormMixin, forms.Form):
    """Verified points per criterion; every change from the previous value needs its reason."""

    note = forms.CharField(
        label="Nhận xét chung", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, criteria, scores, stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.stage = stage
        self.previous = {}
        for criterion in self.criteria:
            score = scores.get(criterion.pk)
            if score is None:
                before = None
            elif stage == "cluster":
                before = score.self_points
            else:
                before = score.before_province
            current = score.province_points if (score and stage == "province") else None
            self.previous[criterion.pk] = before
            self.fields[f"points_{criterion.pk}"] = points_field(
                f"Điểm thẩm định {criterion.code}",
                initial=plain_points(current if current is not None else before),
            )
            reason = ""
            if score is not None:
                reason = score.cluster_reason if stage == "cluster" else score.province_reason
            self.fields[f"reason_{criterion.pk}"] = forms.CharField(
                label=f"Lý do điều chỉnh {criterion.code}",
                required=False,
                initial=reason,
                widget=forms.TextInput(),
            )

    def rows(self):
        return [
            (
                criterion,
                self.previous[criterion.pk],
                self[f"points_{criterion.pk}"],
                self[f"reason_{criterion.pk}"],
            )
            for criterion in self.criteria
        ]

    def clean(self):
        data = super().clean()
        for criterion in self.criteria:
            name = f"points_{criterion.pk}"
            if name not in data:
                continue
            value = data[name]
            try:
                check_points(value, criterion, label="Điểm thẩm định")
            except ValidationError as error:
                self.add_error(name, error)
                continue
            before = self.previous[criterion.pk]
            if value is None:
                self.add_error(name, f"Hãy ghi điểm thẩm định tiêu chí {criterion.code}.")
                continue
            changed = before is None or Decimal(value) != Decimal(before)
            if changed and not data.get(f"reason_{criterion.pk}", "").strip():
                self.add_error(
                    f"reason_{criterion.pk}",
                    f"Tiêu chí {criterion.code}: điểm đổi từ {format_points(before)} thành "
                    f"{format_points(value)}, hãy ghi lý do điều chỉnh.",
                )
        return data

    def values(self):
        return {
            criterion.pk: (
                self.cleaned_data[f"points_{criterion.pk}"],
                self.cleaned_data.get(f"reason_{criterion.pk}", "").strip(),
            )
            for criterion in self.criteria
        }


class ExemplarForm(MovementFormMixin, forms.ModelForm):
    evidence = forms.FileField(
        label="Thêm tệp minh chứng (PDF, JPG, PNG)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        validators=[FileContent(["pdf", "jpeg", "png"], "Tệp minh chứng")],
    )
    evidence_title = forms.CharField(label="Mô tả tệp", required=False, max_length=200)

    class Meta:
        model = Exemplar
        fields = [
            "title",
            "kind",
            "content_area",
            "participant",
            "person",
            "year",
            "description",
            "results",
            "spread",
            "spread_to",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 3}),
            "spread_to": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, movement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.movement = movement
        self.fields["content_area"].queryset = movement.content_areas.all()
        self.fields["participant"].queryset = (
            Participant.objects.for_user(user, Capability.RECORD_EXEMPLAR)
            .filter(movement=movement)
            .select_related("unit")
            .in_order()
        )
        # Outside the province, an exemplar belongs to a participant of the officer's district.
        if not access_of(user).can(Capability.MANAGE_MOVEMENT):
            self.fields["participant"].required = True

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            check_size_or_error(upload)
            extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            if extension not in ("pdf", "jpg", "jpeg", "png"):
                raise ValidationError("Minh chứng phải là tệp PDF, JPG hoặc PNG.")
        return upload

    def save(self, commit=True):
        exemplar = super().save(commit=True)
        upload = self.cleaned_data.get("evidence")
        if upload:
            ExemplarFile.objects.create(
                exemplar=exemplar, file=upload, title=self.cleaned_data.get("evidence_title", "")
            )
        return exemplar


def check_size_or_error(upload):
    from ntm_portal.lib.spreadsheet import SpreadsheetError

    try:
        check_size(upload.size)
    except SpreadsheetError as error:
        raise ValidationError(str(error)) from error


class MovementReportForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = MovementReport
        fields = [
            "phase",
            "number",
            "report_date",
            "assessment",
            "directions",
            "signer",
            "signer_title",
        ]
        widgets = {
            "report_date": DATE_WIDGET,
            "assessment": forms.Textarea(attrs={"rows": 8}),
            "directions": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, movement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = movement.phases.in_order()


class ReopenRequestForm(forms.Form):
    """A participant's request to reopen a closed registration or self-assessment."""

    reason = forms.CharField(
        label="Lý do đề nghị mở lại",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Hãy ghi lý do đề nghị mở lại."},
    )


class ReopenGrantForm(VersionedFormMixin, forms.Form):
    """The province's grant of one pending request (`version_records=[request]`): an answer given
    on a page opened before someone else answered or changed the request is refused with what
    they did."""

    new_deadline = forms.DateField(
        label="Hạn mới",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Hãy nhập hạn mới (dd/mm/yyyy).",
            "invalid": "Hạn mới phải là ngày dạng dd/mm/yyyy.",
        },
    )


class ReopenRefuseForm(VersionedFormMixin, forms.Form):
    """As ReopenGrantForm, for a refusal with its reason."""

    answer = forms.CharField(
        label="Lý do không mở lại",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Hãy ghi lý do không mở lại."},
    )
