"""The empty choice of select boxes in Vietnamese.

Django writes the empty option of a select box as "---------" (BLANK_CHOICE_DASH for model fields
with choices, ModelChoiceField's default empty_label for foreign keys). It is not a translatable
string, and users read it as a broken option; every form of the portal says "— chọn —" instead.
"""

from django import forms
from django.db.models import fields

EMPTY_CHOICE = "— chọn —"


def use_vietnamese_empty_choice():
    # Field.get_choices() and the model form fields take this very list as their default.
    fields.BLANK_CHOICE_DASH[:] = [("", EMPTY_CHOICE)]
    forms.ModelChoiceField.__init__.__kwdefaults__["empty_label"] = EMPTY_CHOICE
