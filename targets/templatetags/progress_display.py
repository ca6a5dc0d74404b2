"""Presentation of progress statuses: a Bootstrap colour beside the words, never instead of them.

{% load progress_display %}
  <span class="badge {{ item.status|status_badge }}">{{ item.status_label }}</span>
"""

from django import template

from targets.progress import NamedStatus, Status

register = template.Library()

BADGES = {
    Status.ACHIEVED: "text-bg-success",
    Status.ON_TRACK: "text-bg-primary",
    Status.NEEDS_ACCELERATION: "text-bg-warning",
    Status.OFF_TRACK: "text-bg-danger",
    Status.DETERIORATING: "text-bg-dark",
    NamedStatus.MET: "text-bg-success",
    NamedStatus.PENDING: "text-bg-secondary",
    NamedStatus.AT_RISK: "text-bg-warning",
    NamedStatus.MISSED: "text-bg-danger",
}

BARS = {
    Status.ACHIEVED: "bg-success",
    Status.ON_TRACK: "bg-primary",
    Status.NEEDS_ACCELERATION: "bg-warning",
    Status.OFF_TRACK: "bg-danger",
    Status.DETERIORATING: "bg-dark",
}


@register.filter
def status_badge(status):
    """The badge class of an indicator or named-target status; grey when there is none."""
    return BADGES.get(status, "text-bg-light border")


@register.filter
def status_bar(status):
    return BARS.get(status, "bg-secondary")
