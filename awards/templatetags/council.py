"""The council session a received nomination goes to next: `{% council_session_for nomination as
council %}` gives the latest session of the nomination's phase that meets on or after its
submission (a council cannot vote on what was submitted later), or None."""

from django import template

from awards.models import CouncilSession

register = template.Library()


@register.simple_tag
def council_session_for(nomination):
    sessions = CouncilSession.objects.filter(phase=nomination.phase_id).order_by("-held_on", "-pk")
    if nomination.submitted_on:
        sessions = sessions.filter(held_on__gte=nomination.submitted_on)
    return sessions.first()
