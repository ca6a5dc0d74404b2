"""Sections of a unit's page contributed by other apps.

`units` imports no other app, yet a commune's page must show its recognitions, criteria and
appraisal timeline. Apps register a section function in their AppConfig.ready(); the unit page
renders every section registered for the unit's level, in order. A later registration under the
same key replaces an earlier one (targets replaces the plain list of communes with one that shows
each commune's standard and criteria).
"""

from django.template.loader import render_to_string

_sections = {}


def register_section(key, *, order, levels, render):
    """`render(request, unit)` returns HTML, or "" when the section has nothing to show."""
    _sections[key] = (order, frozenset(levels), render)


def render_sections(request, unit):
    rendered = []
    for _key, (_order, levels, render) in sorted(_sections.items(), key=lambda item: item[1][0]):
        if unit.level in levels:
            html = render(request, unit)
            if html:
                rendered.append(html)
    return rendered


def children_section(request, unit):
    from django.db.models import Count, Q

    from units.models import Unit

    children = unit.children.in_vietnamese_order()
    # A province of 2021–2025 has districts below it; the province from 01/07/2025 has its
    # commune-level units directly (the district level ended).
    districts_below = unit.is_province and children.filter(level=Unit.Level.DISTRICT).exists()
    if districts_below:
        children = children.annotate(
            commune_count=Count(
                "children",
                filter=Q(children__level=Unit.Level.COMMUNE, children__kind=Unit.Kind.XA),
            )
        )
    return render_to_string(
        "units/_children.html",
        {"unit": unit, "children": children, "districts_below": districts_below},
        request=request,
    )


_notes = {}


def register_list_note(key, *, render):
    """`render(units)` returns {unit pk: short text} for the units of a list it has something
    to say about (a commune's "x/19"); one call serves a whole page."""
    _notes[key] = render


def list_notes(units):
    """{unit pk: [text, …]} from every registered provider, for a list of units."""
    units = list(units)
    notes = {}
    for _key, render in sorted(_notes.items()):
        for pk, text in render(units).items():
            notes.setdefault(pk, []).append(text)
    return notes
