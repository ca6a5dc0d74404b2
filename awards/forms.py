from django import forms
from django.core.exceptions import ValidationError

from awards.models import (
    AwardDecision,
    AwardKind,
    AwardRecord,
    CouncilSession,
    DisciplinaryHold,
    Nomination,
    Nominee,
    PrinterCalibration,
    RecipientType,
)
from ntm_portal.lib.concurrency import VersionedFormMixin, histories_of
from units.models import IssuingBody, Unit, issuing_body


class KindChoiceField(forms.ModelChoiceField):
    """Award kinds labelled with their category, so a title is never taken for a form."""

    def label_from_instance(self, obj):
        return (
            f"{obj.name} — {obj.get_category_display().lower()}, {obj.get_level_display().lower()}"
        )


class NomineeForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Nominee
        fields = [
            "nominee_type",
            "name",
            "collective_kind",
            "unit",
            "parent_organisation",
            "sex",
            "birth_year",
            "date_of_birth",
            "hometown",
            "identity_number",
            "position",
            "workplace",
            "address",
            "district",
            "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 2}),
            "date_of_birth": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        }

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["unit"].queryset = Unit.objects.exclude(
            level=Unit.Level.PROVINCE
        ).in_vietnamese_order()
        self.fields["unit"].help_text = "Chỉ chọn khi tập thể là một đơn vị hành chính (huyện, xã)."
        self.fields["name"].label = "Họ và tên / tên tập thể / họ tên chủ hộ"
        if districts.count() == 1:
            self.fields["district"].required = True
            self.fields["district"].empty_label = None


class AwardRecordForm(VersionedFormMixin, forms.ModelForm):
    kind = KindChoiceField(
        queryset=AwardKind.objects.all(), label="Danh hiệu thi đua / hình thức khen thưởng"
    )

    class Meta:
        model = AwardRecord
        fields = ["kind", "year", "decision_number", "decision_date", "issuer", "notes"]
        widgets = {"decision_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}

    def __init__(self, *args, nominee, **kwargs):
        super().__init__(*args, **kwargs)
        self.nominee = nominee
        self.instance.nominee = nominee
        self.fields["kind"].queryset = AwardKind.objects.filter(
            **{
                {
                    RecipientType.COLLECTIVE: "for_collectives",
                    RecipientType.INDIVIDUAL: "for_individuals",
                    RecipientType.HOUSEHOLD: "for_households",
                }[nominee.nominee_type]: True
            }
        )


class DisciplinaryHoldForm(VersionedFormMixin, forms.ModelForm):
    """A period in which the nominee may not be proposed (Decree 98/2023, art. 4)."""

    class Meta:
        model = DisciplinaryHold
        fields = ["reason", "starts_on", "ends_on", "basis"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "ends_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        }

    def __init__(self, *args, nominee, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.nominee = nominee
        self.instance.created_by = by


class MergeForm(VersionedFormMixin, forms.Form):
    """Merge two nominees of a group of possible duplicates, or mark them as two people. The
    page's form carries the group's members and their version (`version_records`, from the
    `members` sent): a decision taken on a page opened before someone changed one of them is
    refused with that change."""

    keep = forms.ModelChoiceField(queryset=Nominee.objects.none(), label="Giữ hồ sơ")
    merged = forms.ModelChoiceField(queryset=Nominee.objects.none(), label="Gộp hồ sơ")

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = candidates
        self.fields["merged"].queryset = candidates

    def clean(self):
        data = super().clean()
        if data.get("keep") and data.get("keep") == data.get("merged"):
            raise forms.ValidationError("Chọn hai hồ sơ khác nhau để gộp.")
        shown = self._version_records
        if shown and any(data.get(name) not in shown for name in ("keep", "merged")):
            raise forms.ValidationError("Chọn hai hồ sơ trong cùng một nhóm có thể trùng người.")
        return data

    def version_histories(self):
        """The group's nominees and the award histories the page showed beside them."""
        members = self._records()
        histories = histories_of(members)
        if members:
            ids = [member.pk for member in members]
            histories.append(AwardRecord.history.filter(nominee_id__in=ids))
        return histories


class NominationForm(VersionedFormMixin, forms.ModelForm):
    kind = KindChoiceField(
        queryset=AwardKind.objects.all(), label="Danh hiệu thi đua / hình thức khen thưởng đề nghị"
    )

    class Meta:
        model = Nomination
        fields = [
            "phase",
            "proposer",
            "nominee",
            "kind",
            "ntm_standard",
            "background",
            "achievements",
            "exemplars",
            "report_signer",
            "report_signer_title",
        ]
        widgets = {
            "background": forms.Textarea(attrs={"rows": 4}),
            "achievements": forms.Textarea(attrs={"rows": 8}),
            "exemplars": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, phases, proposers, nominees, exemplars, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = phases
        self.fields["proposer"].queryset = proposers
        self.fields["nominee"].queryset = nominees
        self.fields["exemplars"].queryset = exemplars
        self.fields["exemplars"].required = False
        self.fields["proposer"].label = "Đơn vị đề nghị (đơn vị tham gia phong trào)"
        self.fields["report_signer"].label = "Họ tên người ký báo cáo"
        self.fields["report_signer_title"].label = "Chức vụ người ký"

    def clean(self):
        data = super().clean()
        # A collective's report is signed by its head: title over the signature, name under it
        # (Decree 30/2020, Appendix I). One without the other cannot be printed.
        signer = (data.get("report_signer") or "").strip()
        title = (data.get("report_signer_title") or "").strip()
        if signer and not title:
            self.add_error("report_signer_title", "Ghi chức vụ của người ký báo cáo.")
        if title and not signer:
            self.add_error("report_signer", "Ghi họ tên người ký báo cáo.")
        return data


class SubmitForm(forms.Form):
    submission_number = forms.CharField(
        label="Số tờ trình", max_length=40, required=False, help_text="Ví dụ 45/TTr-UBND"
    )
    submitted_on = forms.DateField(
        label="Ngày tờ trình",
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    submission_signer = forms.CharField(
        label="Người ký tờ trình",
        max_length=100,
        required=False,
        help_text="Họ và tên, in dưới chữ ký của tờ trình.",
    )
    submission_by_deputy = forms.BooleanField(
        label="Cấp phó ký thay (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)", required=False
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))


class EscalateForm(forms.Form):
    kind = KindChoiceField(
        queryset=AwardKind.objects.filter(level=AwardKind.Level.NATIONAL),
        label="Khen thưởng cấp trên đề nghị",
    )
    reason = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FromReviewForm(forms.Form):
    phase = forms.ModelChoiceField(queryset=None, label="Đợt thi đua")
    kind = KindChoiceField(
        queryset=AwardKind.objects.filter(for_collectives=True), label="Đề nghị khen thưởng"
    )
    proposer = forms.ModelChoiceField(queryset=None, label="Đơn vị đề nghị")

    def __init__(self, *args, phases, proposers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = phases
        self.fields["proposer"].queryset = proposers


class CouncilSessionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CouncilSession
        fields = [
            "phase",
            "held_on",
            "starts_at",
            "ends_at",
            "place",
            "chair",
            "chair_title",
            "secretary",
            "secretary_title",
            "members_total",
            "members_present",
            "members_absent",
            "required_percent",
            "submission_number",
            "submission_date",
            "submission_signer",
            "minutes_number",
            "notes",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "submission_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "starts_at": forms.TimeInput(attrs={"placeholder": "hh:mm"}),
            "ends_at": forms.TimeInput(attrs={"placeholder": "hh:mm"}),
            "members_present": forms.Textarea(attrs={"rows": 6}),
            "members_absent": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The minutes of Decree 30/2020's form print when the meeting began and ended.
        self.fields["starts_at"].required = True
        self.fields["ends_at"].required = True
        # The text says in what capacity the meeting was chaired (the names sign it).
        self.fields["chair_title"].required = True

    def clean(self):
        data = super().clean()
        # A signed document carries its signer's title and name (Decree 30/2020, Appendix I).
        if data.get("submission_number") and not (data.get("submission_signer") or "").strip():
            self.add_error(
                "submission_signer", "Tờ trình có số phải ghi họ tên người ký (Giám đốc Sở Nội vụ)."
            )
        return data


class CentralSubmissionForm(VersionedFormMixin, forms.ModelForm):
    """The province's tờ trình that sends the national kinds the council passed to the central
    level (the Prime Minister, through the Central Emulation and Commendation Committee)."""

    class Meta:
        model = CouncilSession
        fields = [
            "central_submission_number",
            "central_submission_date",
            "central_submission_signer",
            "central_submission_by_deputy",
        ]
        widgets = {"central_submission_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields[:3]:
            self.fields[name].required = True


class AwardDecisionForm(VersionedFormMixin, forms.ModelForm):
    """A decision and its issuer: the province's Chairman, or a national decision that came back
    (Prime Minister, President) to be recorded."""

    ISSUER_KINDS = [
        (IssuingBody.Kind.PROVINCE_COMMITTEE, "Chủ tịch UBND tỉnh (…/QĐ-UBND)"),
        (IssuingBody.Kind.PRIME_MINISTER, "Thủ tướng Chính phủ (…/QĐ-TTg)"),
        (IssuingBody.Kind.PRESIDENT, "Chủ tịch nước (…/QĐ-CTN)"),
    ]
    issuer_kind = forms.ChoiceField(label="Cơ quan ban hành", choices=ISSUER_KINDS)

    class Meta:
        model = AwardDecision
        fields = ["number", "issued_on", "signer", "signed_by_deputy", "summary"]
        widgets = {"issued_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}

    def __init__(self, *args, issuer_kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if issuer_kinds is not None:
            self.fields["issuer_kind"].choices = [
                choice for choice in self.ISSUER_KINDS if choice[0] in issuer_kinds
            ]
        self.order_fields(["issuer_kind", *self.Meta.fields])

    def _post_clean(self):
        # The issuer follows from its kind and the decision's date (units.models.issuing_body),
        # before the model's own checks read it (number suffix, uniqueness per issuer and year).
        kind, day = self.cleaned_data.get("issuer_kind"), self.cleaned_data.get("issued_on")
        if kind and day:
            try:
                self.instance.issuer = issuing_body(kind, on=day, unit=self.issuer_unit)
            except ValidationError as error:
                self.add_error("issuer_kind", error)
        super()._post_clean()

    issuer_unit = None


class DistrictDecisionForm(AwardDecisionForm):
    """A district's own decision (Giấy khen, base-level titles), numbered by the district."""

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, issuer_kinds=[], **kwargs)
        self.issuer_unit = district
        self.fields["issuer_kind"].choices = [
            (IssuingBody.Kind.DISTRICT_COMMITTEE, f"Chủ tịch UBND {district.full_name}")
        ]
        self.fields["summary"].initial = "Về việc tặng Giấy khen"


class PrinterCalibrationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = PrinterCalibration
        fields = ["name", "offset_x_mm", "offset_y_mm"]
