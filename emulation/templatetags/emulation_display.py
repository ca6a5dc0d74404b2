"""Presentation helpers of the movement's pages: points with the Vietnamese decimal comma."""

from urllib.parse import urlencode

from django import template
from django.http import Http404

from emulation.models import format_points

register = template.Library()


@register.filter
def points(value):
    """ "12,5", "10", "—" for no value."""
    return format_points(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.inclusion_tag("emulation/_movement_nav.html", takes_context=True)
def movement_nav(context):
    """The movement's menu, and the selector of movements (one per plan) when there are several,
    like the dashboard's plan selector. The menu's links keep the movement shown (`?plan=`)."""
    from emulation.models import Movement
    from emulation.views.movement import get_movement

    request = context["request"]
    current = context.get("movement")
    if current is None and context.get("phase") is not None:
        current = context["phase"].movement
    if current is None:
        try:
            current = get_movement(request)
        except Http404:
            current = None
    movements = list(Movement.objects.select_related("plan").order_by("-plan__start_year", "pk"))
    query = ""
    if current is not None and len(movements) > 1:
        query = "?" + urlencode({"plan": current.plan.number}, safe="/")
    return {
        "request": request,
        "url_name": request.resolver_match.url_name if request.resolver_match else "",
        "movements": movements if len(movements) > 1 else [],
        "current": current,
        "query": query,
    }
