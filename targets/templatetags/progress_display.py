"""Presentation of progress statuses: a Bootstrap colour beside the words, never instead of them.

{% load progress_display %}
  <span class="badge {{ item.status|status_badge }}">{{ item.status_label }}</span>
"""

from django import template

from targets.progress import IndicatorStatus, NamedTargetStatus

register = template.Library()

BADGES = {
    IndicatorStatus.ACHIEVED: "text-bg-success",
    IndicatorStatus.ON_TRACK: "text-bg-primary",
    IndicatorStatus.NEEDS_ACCELERATION: "text-bg-warning",
    IndicatorStatus.OFF_TRACK: "text-bg-danger",
    IndicatorStatus.DETERIORATING: "text-bg-dark",
    IndicatorStatus.NOT_ACHIEVED: "text-bg-danger",
    IndicatorStatus.INSUFFICIENT_DATA: "text-bg-light border border-secondary",
    NamedTargetStatus.MET: "text-bg-success",
    NamedTargetStatus.PENDING: "text-bg-secondary",
    NamedTargetStatus.AT_RISK: "text-bg-warning",
    NamedTargetStatus.MISSED: "text-bg-danger",
}

BARS = {
    IndicatorStatus.ACHIEVED: "bg-success",
    IndicatorStatus.ON_TRACK: "bg-primary",
    IndicatorStatus.NEEDS_ACCELERATION: "bg-warning",
    IndicatorStatus.OFF_TRACK: "bg-danger",
    IndicatorStatus.DETERIORATING: "bg-dark",
    IndicatorStatus.NOT_ACHIEVED: "bg-danger",
}


@register.filter
def status_badge(status):
    """The badge class of an indicator or named-target status; grey when there is none."""
    return BADGES.get(status, "text-bg-light border")


@register.filter
def status_bar(status):
    return BARS.get(status, "bg-secondary")
