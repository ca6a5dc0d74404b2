"""`{% csrf_token %}` of every template of the portal: Django's CSRF field, and the one-time form
token that makes a double submission answer with the first result (ntm_portal/lib/idempotency.py).

Loaded as a builtin library (settings.TEMPLATES), after Django's own, so that this tag replaces
Django's everywhere: every POST form carries the token without anyone having to remember it."""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import mark_safe

from ntm_portal.lib.idempotency import token_input

register = template.Library()


class CsrfAndFormTokenNode(CsrfTokenNode):
    def render(self, context):
        csrf = super().render(context)
        if not csrf:
            return csrf
        return mark_safe(f"{csrf}{token_input()}")


@register.tag
def csrf_token(parser, token):
    return CsrfAndFormTokenNode()
