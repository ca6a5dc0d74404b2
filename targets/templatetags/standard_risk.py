"""Communes whose standard is at risk (targets/progress/at_risk.py), for the pages that show
them.

{% load standard_risk %}
  {% with at_risk=communes|standards_at_risk %} … {% if row.unit.pk in at_risk.ids %} …
  {% standards_at_risk_for_user as at_risk %}   (the district officer's own communes)
"""

from django import template

from targets.home_tasks import communes_at_risk_for
from targets.progress.at_risk import at_risk_among

register = template.Library()


@register.filter
def standards_at_risk(commune_rows):
    """The at-risk communes among a district's rows (`commune_rows`)."""
    return at_risk_among(commune_rows)


@register.simple_tag(takes_context=True)
def standards_at_risk_for_user(context):
    """The communes at risk that the signed-in district officer looks after ([] for others)."""
    return communes_at_risk_for(context["request"].user)
