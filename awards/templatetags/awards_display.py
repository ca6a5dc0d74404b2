from django import template

from ntm_portal.lib.numbers import comma, decimal, integer

register = template.Library()


@register.filter
def vnd(amount):
    """3510000 → "3.510.000" (Vietnamese thousands separator); None → "—"."""
    if amount in (None, ""):
        return "—"
    return integer(int(amount))


@register.filter
def percent_of(part, whole):
    """62,5% with the decimal comma."""
    if not whole:
        return "—"
    return decimal(part * 100 / whole, 1) + "%"


@register.filter
def decimal_comma(value):
    if value in (None, ""):
        return "—"
    return comma(value)


def _cash_table(decision):
    """{(kind id, recipient type): Cash} for a decision, computed once per decision object:
    a list of 200 lines asks for a handful of kinds, not 200 times."""
    table = getattr(decision, "_cash_table", None)
    if table is None:
        table = {}
        for nomination in decision.nominations.select_related("kind", "nominee"):
            key = (nomination.kind_id, nomination.nominee.nominee_type)
            if key not in table:
                table[key] = nomination.kind.cash_for(key[1], decision.issued_on)
        decision._cash_table = table
    return table


@register.filter
def cash_in(nomination, decision):
    """The money cell of a line of the decision's list (`AwardKind.cash_for` on its date)."""
    key = (nomination.kind_id, nomination.nominee.nominee_type)
    table = _cash_table(decision)
    if key not in table:
        table[key] = nomination.kind.cash_for(key[1], decision.issued_on)
    return table[key]


@register.filter
def decision_cash(decision):
    """The total of a decision's printed amounts, in digits and words, and the lines printed
    without an amount (`awards.models.kinds.cash_summary`)."""
    from awards.models.kinds import cash_summary

    table = _cash_table(decision)
    return cash_summary(
        table[(kind_id, nominee_type)]
        for kind_id, nominee_type in decision.nominations.values_list(
            "kind_id", "nominee__nominee_type"
        )
    )


@register.filter
def no_orphan(text):
    """A centred heading whose last word would stand alone on its line ("tỉnh" under "Về việc
    tặng thưởng Bằng khen của Chủ tịch Ủy ban nhân dân"): its last two words joined by a
    non-breaking space, so that they wrap together."""
    text = str(text or "").rstrip()
    head, _space, last = text.rpartition(" ")
    return f"{head}\u00a0{last}" if head.strip() else text
