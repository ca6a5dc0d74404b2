from django import forms

from ntm_portal.lib.concurrency import VersionedFormMixin
from units.models import Unit


class UnitContactForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["contact_person", "contact_phone", "contact_email"]
        error_messages = {
            "contact_email": {
                "invalid": "Thư điện tử không đúng định dạng (ví dụ: ten@kiengiang.gov.vn)."
            }
        }

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"]
        digits = phone.replace(" ", "").replace(".", "").replace("-", "")
        if phone and (not digits.lstrip("+").isdigit() or not 8 <= len(digits.lstrip("+")) <= 12):
            raise forms.ValidationError(
                "Số điện thoại chỉ gồm chữ số (8–12 số, có thể có dấu cách, chấm, gạch ngang)."
            )
        return phone
