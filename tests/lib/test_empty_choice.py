from django import forms

from targets.models import Certification


class CertificationForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["unit", "standard"]


def test_select_boxes_offer_an_empty_choice_in_vietnamese(db):
    html = str(CertificationForm())
    assert "---------" not in html
    assert html.count('<option value="" selected>— chọn —</option>') == 2
