"""Forms of the appraisal workflow (QĐ 18/2022/QĐ-TTg)."""

import re

from django import forms
from django.core.exceptions import ValidationError

from ntm_portal.lib.uploads import FileContent
from targets.forms.commune_status import last_status_year
from targets.models import Issuer, Standard
from units.models import Unit

# "45/TTr-UBND": number, slash, TTr (tờ trình), hyphen, issuing body's code (Decree 30/2020).
SUBMISSION_NUMBER = re.compile(r"^[1-9][0-9]{0,5}/TTr-[A-Za-zĐđ]+(-[A-Za-zĐđ]+)*$")


def validate_submission_number(value):
    if value and not SUBMISSION_NUMBER.match(value):
        raise ValidationError(
            f"Số tờ trình “{value}” không đúng mẫu: số/TTr-cơ quan, ví dụ 45/TTr-UBND."
        )


class AppraisalSubmitForm(forms.Form):
    """The district's dossier: which commune, for which standard and standard year."""

    commune = forms.ModelChoiceField(label="Xã", queryset=Unit.objects.none(), to_field_name="code")
    standard = forms.ChoiceField(
        # No standard chosen in advance: the list above says which one each commune may take.
        label="Chuẩn đề nghị",
        choices=[("", "— chọn —"), *Standard.choices_of_kind(Unit.Kind.XA)],
    )
    standard_year = forms.IntegerField(
        label="Năm đạt chuẩn đề nghị",
        help_text="Kết quả tiêu chí của xã năm này được đính kèm hồ sơ.",
    )
    submission_number = forms.CharField(
        label="Số tờ trình của huyện",
        max_length=40,
        validators=[validate_submission_number],
        widget=forms.TextInput(attrs={"placeholder": "ví dụ 45/TTr-UBND"}),
    )
    submitted_on = forms.DateField(
        label="Ngày trình",
        required=False,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text="Ngày ghi trên tờ trình của huyện; để trống là hôm nay.",
    )
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["commune"].label_from_instance = lambda unit: (
            f"{unit.full_name} — {unit.parent.full_name}"
        )
        self.fields["standard_year"].initial = last_status_year()


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReceiveForm(NoteForm):
    received_on = forms.DateField(
        label="Ngày tiếp nhận",
        required=False,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text="Ngày tỉnh nhận hồ sơ; để trống là hôm nay.",
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="Lý do trả lại",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Phải nêu lý do trả lại hồ sơ để huyện hoàn thiện."},
    )


class AppraiseForm(forms.Form):
    result = forms.ChoiceField(
        label="Kết quả thẩm định của hội đồng",
        choices=[("pass", "Đạt: chờ quyết định công nhận"), ("fail", "Không đạt: trả lại huyện")],
        widget=forms.RadioSelect,
        error_messages={"required": "Chọn kết quả thẩm định: đạt hoặc không đạt."},
    )
    reason = forms.CharField(
        label="Nhận xét / lý do (bắt buộc khi không đạt)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ResubmitForm(forms.Form):
    submission_number = forms.CharField(
        label="Số tờ trình mới (nếu có)",
        max_length=40,
        required=False,
        validators=[validate_submission_number],
    )
    note = forms.CharField(
        label="Nội dung đã hoàn thiện", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecideForm(forms.Form):
    """The Chairman's recognition decision for an appraised request."""

    # A decision known by its number only, or its date only, is recorded and flagged
    # (Certification.incompleteness); at least one of them is needed (decision_for).
    number = forms.CharField(
        label="Số quyết định",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "ví dụ 1007/QĐ-UBND"}),
        help_text="Để trống khi chưa biết số (khi đó phải có ngày).",
    )
    issued_on = forms.DateField(
        label="Ngày quyết định",
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        help_text="Để trống khi chưa biết ngày (khi đó phải có số).",
    )
    issuer = forms.ChoiceField(
        label="Cấp quyết định", choices=Issuer.choices, initial=Issuer.PROVINCE_CHAIRMAN
    )
    signer = forms.CharField(label="Người ký", max_length=100, required=False)
    notes = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    document = forms.FileField(
        label="Bản scan quyết định (PDF)",
        required=False,
        validators=[FileContent(["pdf"], "Bản scan quyết định")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].widget.format = "%d/%m/%Y"
