from django import forms

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
from ntm_portal.lib.importing import ImportUploadForm
from units.models import Unit


class KindChoiceField(forms.ModelChoiceField):
    """Award kinds labelled with their category, so a title is never taken for a form."""

    def label_from_instance(self, obj):
        return (
            f"{obj.name} — {obj.get_category_display().lower()}, {obj.get_level_display().lower()}"
        )


class NomineeForm(forms.ModelForm):
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
            "position",
            "workplace",
            "address",
            "district",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

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


class AwardRecordForm(forms.ModelForm):
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


class DisciplinaryHoldForm(forms.ModelForm):
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


class MergeForm(forms.Form):
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
        return data


class HistoryImportForm(ImportUploadForm):
    label = "Tệp lịch sử khen thưởng (.xlsx hoặc .csv)"


class NominationForm(forms.ModelForm):
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


class SubmitForm(forms.Form):
    submission_number = forms.CharField(
        label="Số tờ trình", max_length=40, required=False, help_text="Ví dụ 45/TTr-UBND"
    )
    submitted_on = forms.DateField(
        label="Ngày tờ trình",
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
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


class CouncilSessionForm(forms.ModelForm):
    class Meta:
        model = CouncilSession
        fields = [
            "phase",
            "held_on",
            "place",
            "chair",
            "secretary",
            "members_total",
            "members_present",
            "required_percent",
            "submission_number",
            "minutes_number",
            "notes",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "members_present": forms.Textarea(attrs={"rows": 6}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class AwardDecisionForm(forms.ModelForm):
    class Meta:
        model = AwardDecision
        fields = ["number", "issued_on", "signer", "signer_title", "summary"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "signer_title": forms.Textarea(attrs={"rows": 2}),
        }


class PrinterCalibrationForm(forms.ModelForm):
    class Meta:
        model = PrinterCalibration
        fields = ["name", "offset_x_mm", "offset_y_mm"]
