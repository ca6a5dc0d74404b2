"""Who has and has not registered for a phase, per cluster/block and per district.

Counting rules: a participant has registered when its registration for the phase is sent
("Đã đăng ký"); sent after the registration deadline counts as registered and also as late; a
draft counts as not registered. Per cluster, the members of the cluster in the phase's year; per
district, the active participants that are the district or one of its communes; organisations
(departments, mass organisations, enterprises, cooperatives) form their own group.

The province is expected to register only when staff put it into a cluster or block of the
phase's year (`expected_participants`); the home cards count through the same queryset.

Cost: three queries per phase, whatever the number of participants.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from emulation.models import ClusterMember, Participant, Registration

ORGANISATIONS = "Các sở, ngành, đoàn thể, doanh nghiệp"


@dataclass
class Group:
    """A cluster, a district or the organisations, with its members' registration state."""

    name: str
    key: str
    registered: list = field(default_factory=list)
    late: list = field(default_factory=list)
    drafts: list = field(default_factory=list)
    missing: list = field(default_factory=list)

    @property
    def total(self):
        return len(self.registered) + len(self.drafts) + len(self.missing)

    @property
    def registered_count(self):
        return len(self.registered)

    @property
    def not_registered_count(self):
        return len(self.missing) + len(self.drafts)

    @property
    def share(self):
        if not self.total:
            return 0
        return round(100 * len(self.registered) / self.total)


@dataclass
class Completeness:
    phase: object
    clusters: list
    districts: list
    unclustered: list
    by_unit_title: str = "Theo đơn vị cấp huyện"

    @property
    def totals(self):
        groups = self.districts
        return {
            "total": sum(g.total for g in groups),
            "registered": sum(len(g.registered) for g in groups),
            "late": sum(len(g.late) for g in groups),
            "drafts": sum(len(g.drafts) for g in groups),
            "missing": sum(len(g.missing) for g in groups),
            "not_registered": sum(g.not_registered_count for g in groups),
        }


def _place(group, participant, registration):
    if registration is None:
        group.missing.append(participant)
    elif registration.state == Registration.State.SUBMITTED:
        group.registered.append(participant)
        if registration.late:
            group.late.append(participant)
    else:
        group.drafts.append(participant)


EXPECTED_LABEL = "đơn vị tham gia đang hoạt động"


def expected_participants(phase):
    """Who is expected to register for the phase: the movement's active participants. The
    province organises the movement; it is a participant (the proposer of national awards, for
    the awards app) but is expected to register only when staff put it into a cluster or block
    of the phase's year. The completeness page and the home cards count from this queryset."""
    province_in_a_cluster = ClusterMember.objects.filter(
        year=phase.year, cluster__movement_id=phase.movement_id, participant=OuterRef("pk")
    )
    return Participant.objects.filter(movement_id=phase.movement_id, active=True).filter(
        ~Q(kind=Participant.Kind.PROVINCE) | Exists(province_in_a_cluster)
    )


def unregistered(phase, participants=None):
    """The expected participants (or those of `participants`) that have not sent their
    registration for the phase: no registration, or only a draft."""
    sent = Registration.objects.filter(phase=phase, state=Registration.State.SUBMITTED).values(
        "participant_id"
    )
    expected = expected_participants(phase)
    if participants is not None:
        expected = expected.filter(pk__in=participants.values("pk"))
    return expected.exclude(pk__in=sent)


def _district_of(participant):
    """The participant's district-level unit; None for an organisation, the province, and a
    commune-level unit of a province without districts (its parent is the province)."""
    district = participant.district()
    return district if district is not None and district.is_district else None


def completeness(phase):
    participants = list(expected_participants(phase).select_related("unit__parent").in_order())
    registrations = {
        registration.participant_id: registration
        for registration in Registration.objects.filter(phase=phase).only(
            "participant_id", "state", "late"
        )
    }
    by_id = {participant.pk: participant for participant in participants}
    clusters = {}
    clustered = set()
    for member in (
        ClusterMember.objects.filter(year=phase.year, cluster__movement_id=phase.movement_id)
        .select_related("cluster")
        .order_by("cluster__kind", "cluster__name")
    ):
        participant = by_id.get(member.participant_id)
        if participant is None:
            continue
        group = clusters.setdefault(
            member.cluster_id, Group(name=member.cluster.name, key=f"cluster-{member.cluster_id}")
        )
        _place(group, participant, registrations.get(participant.pk))
        clustered.add(participant.pk)
    districts = {}
    organisations = Group(name=ORGANISATIONS, key="organisations")
    for participant in participants:
        district = _district_of(participant)
        if district is None and participant.kind == Participant.Kind.COMMUNE:
            # A commune-level unit of a province without districts (from 01/07/2025): the
            # province's communes are one group, as the dashboard lists them.
            province = participant.unit.parent
            group = districts.setdefault(
                province.pk,
                Group(name=f"Cấp xã trực thuộc {province.full_name}", key=province.code),
            )
        elif district is None:
            group = organisations
        else:
            group = districts.setdefault(
                district.pk, Group(name=district.full_name, key=district.code)
            )
        group.sort_key = getattr(district, "sort_key", "")
        _place(group, participant, registrations.get(participant.pk))
    district_groups = sorted(districts.values(), key=lambda g: g.sort_key or "")
    if organisations.total:
        district_groups.append(organisations)
    return Completeness(
        phase=phase,
        clusters=list(clusters.values()),
        districts=district_groups,
        unclustered=[p for p in participants if p.pk not in clustered],
        by_unit_title=(
            "Theo đơn vị cấp huyện"
            if any(_district_of(p) is not None for p in participants) or not participants
            else "Theo đơn vị hành chính"
        ),
    )
