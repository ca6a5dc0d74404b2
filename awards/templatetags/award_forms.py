"""Filters for the wording of the award forms."""

from django import template

register = template.Library()


@register.filter
def unit_in_sentence(name):
    """An administrative unit's name inside a line of text (Decree 30/2020, Appendix II, the
    capitals of geographical names): the kind in lower case ("huyện Vĩnh Thuận", "xã Vĩnh Bình
    Bắc", "thành phố Rạch Giá"), except a unit named by a number, which keeps its capital
    ("Phường 5")."""
    name = str(name)
    if not name or name.rsplit(" ", 1)[-1].isdigit():
        return name
    return name[:1].lower() + name[1:]
