"""Builders for the movement's tests, on top of the reference data (movement, content areas,
phases and their scoring tables come from fixtures/movement_168.json)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from emulation.models import (
    Cluster,
    ClusterMember,
    Movement,
    Participant,
    Phase,
    Registration,
    Review,
    Score,
)
from units.models import Unit


def movement():
    return Movement.objects.get(plan__number="168/KH-UBND")


def phase(kind="final", year=2025, *, open_days=None):
    """A phase of the reference data; with `open_days` its deadlines move to today + days."""
    found = Phase.objects.get(movement=movement(), kind=kind, year=year)
    if open_days is not None:
        day = timezone.localdate() + datetime.timedelta(days=open_days)
        found.registration_deadline = found.assessment_deadline = day
        found.save()
    return found


def participant(code, *, name="", kind=None):
    """The participant of a unit code (district or commune) or an organisation (name given)."""
    existing = Participant.objects.filter(movement=movement(), code=code).first()
    if existing:
        return existing
    if name:
        return Participant.objects.create(
            movement=movement(), code=code, name=name, kind=kind or Participant.Kind.DEPARTMENT
        )
    unit = Unit.objects.get(code=code, valid_from__isnull=True)
    return Participant.objects.create(movement=movement(), code=code, unit=unit, kind=unit.level)


def cluster(year, leader, members, *, name=None, deputy=None, kind=Cluster.Kind.CLUSTER):
    """A cluster of the year led by participant code `leader`, with the member codes."""
    created = Cluster.objects.create(
        movement=movement(),
        year=year,
        kind=kind,
        name=name or f"Cụm thử {leader} {year}",
        leader=participant(leader),
        deputy=participant(deputy) if deputy else None,
    )
    for code in {leader, *members, *([deputy] if deputy else [])}:
        ClusterMember.objects.create(cluster=created, participant=participant(code))
    return created


def registration(phase_obj, code, *, state=Registration.State.SUBMITTED, late=False):
    return Registration.objects.create(
        phase=phase_obj, participant=participant(code), state=state, late=late
    )


def review(phase_obj, code, points, *, state=Review.State.SELF_ASSESSED, stage_points=None):
    """A review with the same self-assessed `points` on every criterion (or a list per criterion
    in the order of the scoring table); `stage_points` {criterion code: province points}."""
    created = Review.objects.create(phase=phase_obj, participant=participant(code), state=state)
    criteria = list(phase_obj.criteria.order_by("content_area__number", "position"))
    values = points if isinstance(points, list) else [points] * len(criteria)
    for criterion, value in zip(criteria, values, strict=True):
        province = (stage_points or {}).get(criterion.code)
        Score.objects.create(
            review=created,
            criterion=criterion,
            self_points=Decimal(str(value)),
            province_points=Decimal(str(province)) if province is not None else None,
        )
    return created


def criteria_of(phase_obj):
    return list(phase_obj.criteria.order_by("content_area__number", "position"))
