"""Presentation helpers of the movement's pages: points with the Vietnamese decimal comma."""

from django import template

from emulation.models import format_points

register = template.Library()


@register.filter
def points(value):
    """ "12,5", "10", "—" for no value."""
    return format_points(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
