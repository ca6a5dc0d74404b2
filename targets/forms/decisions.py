"""Correcting a recorded decision: its number, date, issuer, signer, notes, and a scan added later."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from ntm_portal.lib.concurrency import VersionedFormMixin
from ntm_portal.lib.text import nfc
from targets.models import Decision


class DecisionEditForm(VersionedFormMixin, forms.ModelForm):
    """The decision's own rules (Decision.clean, through the model form), and every recognition
    it carries must still hold under the corrected decision (Certification.clean: the date not
    before the standard year, the unit valid on that date, the lower standard already held)."""

    class Meta:
        model = Decision
        fields = ["number", "issued_on", "issuer", "signer", "document", "notes"]
        widgets = {
            "issued_on": forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "document": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "document"
        ].help_text = f"Bản scan dạng PDF, tối đa {settings.NTM_MAX_UPLOAD_MB} MB. Chọn tệp mới để thay bản cũ."

    def clean_number(self):
        return nfc(self.cleaned_data["number"])

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        for certification in self.instance.certifications.select_related("unit"):
            certification.decision = self.instance
            try:
                certification.full_clean()
            except ValidationError as error:
                for message in error.messages:
                    self.add_error(None, f"{certification.unit}: {message}")
