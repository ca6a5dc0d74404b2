"""The issuing body in templates: `{% province_body day as body %}` gives the provincial People's
Committee that issued documents on that day (units.models.issuing_body), so that a document's
header and place line follow the date it bears."""

from django import template
from django.core.exceptions import ValidationError
from django.utils import timezone

from units.models import IssuingBody, issuing_body

register = template.Library()


@register.simple_tag
def province_body(day=None):
    try:
        return issuing_body(IssuingBody.Kind.PROVINCE_COMMITTEE, on=day or timezone.localdate())
    except ValidationError:
        return None
