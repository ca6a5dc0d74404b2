"""The movement's section of a district's or commune's unit page (units/sections.py)."""

from django.template.loader import render_to_string

from emulation.models import Participant, Review


def unit_movement_section(request, unit):
    """The unit's participation: clusters by year, reviews sent with their points."""
    participant = (
        Participant.objects.filter(unit=unit).select_related("unit").order_by("pk").first()
    )
    if participant is None:
        return ""
    reviews = (
        Review.objects.filter(participant=participant)
        .exclude(state=Review.State.DRAFT)
        .select_related("phase__movement__plan")
        .prefetch_related("scores")
        .order_by("-phase__year", "-phase__kind_order")
    )
    return render_to_string(
        "emulation/_unit_section.html",
        {
            "unit": unit,
            "participant": participant,
            "memberships": participant.memberships.select_related("cluster").order_by("-year"),
            "reviews": reviews,
        },
        request=request,
    )
