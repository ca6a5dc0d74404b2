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
    like the dashboard's plan selector. The menu's links keep the movement shown (`?plan=`).

    The movements (a few rows) are cached on the data version: the menu is on every page of the
    movement, and a phase's page finds its movement among them (issue #22: two queries fewer)."""
    from emulation.models import Movement
    from emulation.views.movement import get_movement
    from ntm_portal.lib.data_version import cached

    request = context["request"]
    movements = cached(
        ("movement-nav",),
        lambda: list(Movement.objects.select_related("plan").order_by("-plan__start_year", "pk")),
    )
    current = context.get("movement")
    phase = context.get("phase")
    if current is None and phase is not None:
        current = next((m for m in movements if m.pk == phase.movement_id), None)
    if current is None:
        try:
            current = get_movement(request)
        except Http404:
            current = None
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
