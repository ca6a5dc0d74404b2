from django import template

register = template.Library()


@register.filter
def vnd(amount):
    """3510000 → "3.510.000" (Vietnamese thousands separator); None → "—"."""
    if amount in (None, ""):
        return "—"
    return f"{int(amount):,}".replace(",", ".")


@register.filter
def percent_of(part, whole):
    """62,5% with the decimal comma."""
    if not whole:
        return "—"
    return f"{part * 100 / whole:.1f}".replace(".", ",") + "%"


@register.filter
def decimal_comma(value):
    if value in (None, ""):
        return "—"
    return str(value).replace(".", ",")
