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


@register.filter
def cash_on(nomination, day):
    """The money column of a decision list: `AwardKind.cash_for` on the decision's date."""
    return nomination.kind.cash_for(nomination.nominee.nominee_type, day)


@register.filter
def decision_cash(decision):
    """The total of a decision's printed amounts, in digits and words, and the lines printed
    without an amount (`awards.models.kinds.cash_summary`)."""
    from awards.models.kinds import cash_summary

    nominations = decision.nominations.select_related("kind", "nominee")
    return cash_summary(
        nomination.kind.cash_for(nomination.nominee.nominee_type, decision.issued_on)
        for nomination in nominations
    )
