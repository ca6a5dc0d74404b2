from django import forms
from django.conf import settings

from ntm_portal.lib.spreadsheet import SpreadsheetError, check_size


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp dữ liệu",
        help_text="Bảng tính Excel (.xlsx) hoặc CSV (UTF-8), theo đúng các cột của tệp mẫu.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": "Hãy chọn tệp cần nhập.", "empty": "Tệp rỗng (0 byte)."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text += f" Tối đa {settings.NTM_MAX_UPLOAD_MB} MB."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The size is known before reading: an oversized file is refused without loading it.
        try:
            check_size(upload.size)
        except SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.CharField(max_length=64, widget=forms.HiddenInput)
