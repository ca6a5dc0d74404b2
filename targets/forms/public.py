"""The public page's search: a name, a district, a standard, active or revoked."""

from django import forms
from django.db.models import Q

from targets.models import Standard
from units.models import Unit


class PublicSearchForm(forms.Form):
    q = forms.CharField(
        label="Tên đơn vị",
        required=False,
        max_length=80,
        widget=forms.TextInput(
            attrs={
                "placeholder": "ví dụ: vinh binh bac",
                "type": "search",
                "class": "form-control form-control-sm",
            }
        ),
    )
    district = forms.ModelChoiceField(
        label="Đơn vị cấp huyện",
        queryset=Unit.objects.districts().order_by("sort_key", "code"),
        to_field_name="code",
        required=False,
        empty_label="Tất cả",
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    standard = forms.ChoiceField(
        label="Chuẩn",
        choices=[("", "Tất cả"), *Standard.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    state = forms.ChoiceField(
        label="Tình trạng",
        choices=[("", "Tất cả"), ("active", "Còn hiệu lực"), ("revoked", "Đã thu hồi")],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def filter(self, certifications):
        """The certifications that match what was asked; all when the form is empty or invalid."""
        if not self.is_valid():
            return certifications
        data = self.cleaned_data
        if data["q"]:
            certifications = certifications.filter(unit__in=Unit.objects.search(data["q"]))
        if data["district"]:
            district = data["district"]
            certifications = certifications.filter(Q(unit=district) | Q(unit__parent=district))
        if data["standard"]:
            certifications = certifications.filter(standard=data["standard"])
        if data["state"] == "active":
            certifications = certifications.filter(revoked_on__isnull=True)
        elif data["state"] == "revoked":
            certifications = certifications.filter(revoked_on__isnull=False)
        return certifications
