"""`{% version_field record … %}`: the hidden version of the rows a button acts on (a delete, a
merge), checked by the view with `stale_action` (ntm_portal/lib/concurrency.py)."""

from django import template
from django.utils.safestring import mark_safe

from ntm_portal.lib.concurrency import version_input

register = template.Library()


@register.simple_tag
def version_field(*records):
    """Records, or lists of records (a group), in the order the view will read them."""
    flat = []
    for record in records:
        flat.extend(record if isinstance(record, (list, tuple)) else [record])
    return mark_safe(version_input(*flat))  # noqa: S308 - history ids joined by dashes
