"""Totals and ranks of a phase's reviews within each cluster or block (cụm, khối thi đua).

Scoring rules (shown on the ranking page as well):

- A review counts once it has been self-assessed and sent. Its points on a criterion are the
  latest verified value: the province's, else the cluster's, else the self-assessed points; a
  criterion left unscored counts 0. The total is the sum over the phase's scoring table.
- Members are ranked within their cluster of the phase's year by total, highest first.
- Tie rule: equal totals are separated by the points in content area 1, then content area 2,
  then 3, and so on in the order of the content areas' numbers (higher first). Members still
  equal on every content area share the rank, and the next rank is skipped (1, 1, 3);
  members sharing a rank are listed in alphabetical order.
- Proposed for commendation: members whose rank is at most the phase's `commendation_places`
  (ties included) and whose review the province has verified. The awards app reads them through
  `Review.objects.proposed_for_commendation(phase)`.
- Members that have not sent a self-assessment are listed without a rank.
- A ranking says how verified it is: a rank that rests on self-assessed points alone (not yet
  verified by the cluster or the province) is provisional ("tạm xếp, chưa thẩm định"); the
  ranking is final only once the province has verified every ranked member.

Cost: three queries per phase (clusters with members, reviews, scores), whatever the size.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from emulation.models import Cluster, ClusterMember, Review, Score

TIE_RULE = (
    "Bằng tổng điểm thì xếp trên là đơn vị có điểm nội dung thi đua 1 cao hơn, rồi đến nội dung 2, "
    "3… theo thứ tự các nội dung; nếu bằng nhau ở mọi nội dung thì đồng hạng và hạng kế tiếp "
    "được bỏ qua (ví dụ 1, 1, 3)."
)
COUNTED_STATES = [
    Review.State.SELF_ASSESSED,
    Review.State.CLUSTER_VERIFIED,
    Review.State.VERIFIED,
]


@dataclass
class RankedRow:
    """A cluster member in a phase: its review (None when not sent), totals and rank."""

    participant: object
    review: Review | None
    total: Decimal = Decimal(0)
    self_total: Decimal = Decimal(0)
    by_area: dict = field(default_factory=dict)  # {content area number: points}
    rank: int | None = None
    shared: bool = False
    proposed: bool = False
    is_leader: bool = False

    @property
    def state_label(self):
        if self.review is None:
            return "Chưa gửi tự chấm: chưa xếp hạng"
        if self.review.state == Review.State.SELF_ASSESSED:
            return f"{self.review.get_state_display()}: hạng tạm xếp, chưa thẩm định"
        return self.review.get_state_display()

    @property
    def provisional(self):
        """Ranked on self-assessed points alone."""
        return self.rank is not None and self.review.state == Review.State.SELF_ASSESSED


@dataclass
class ClusterStanding:
    cluster: Cluster
    rows: list

    @property
    def ranked(self):
        return [row for row in self.rows if row.rank is not None]

    @property
    def verified_count(self):
        return sum(1 for row in self.rows if row.review and row.review.state == "verified")

    @property
    def provisional_count(self):
        return sum(1 for row in self.rows if row.provisional)

    @property
    def final(self):
        """Every ranked member's points verified by the province."""
        return bool(self.ranked) and self.verified_count == len(self.ranked)

    @property
    def verification_text(self):
        ranked = len(self.ranked)
        if not ranked:
            return "Chưa có đơn vị nào gửi tự chấm: chưa xếp hạng."
        if self.final:
            return f"Xếp hạng chính thức: điểm của cả {ranked} đơn vị đã được tỉnh thẩm định."
        parts = [f"{self.verified_count}/{ranked} đơn vị đã được tỉnh thẩm định"]
        if self.provisional_count:
            parts.append(f"{self.provisional_count} đơn vị mới có điểm tự chấm")
        return "Xếp hạng tạm thời: " + ", ".join(parts) + "."


def rank_rows(rows, area_numbers, places):
    """Give ranks to rows with a review, in place, by the tie rule; unranked rows go last."""
    ranked = [row for row in rows if row.review is not None]

    def key(row):
        return (row.total, *(row.by_area.get(number, Decimal(0)) for number in area_numbers))

    ranked.sort(key=key, reverse=True)
    previous = None
    for position, row in enumerate(ranked, start=1):
        if previous is not None and key(previous) == key(row):
            row.rank = previous.rank
            row.shared = previous.shared = True
        else:
            row.rank = position
        previous = row
    for row in ranked:
        row.proposed = row.rank <= places and row.review.state == Review.State.VERIFIED
    unranked = [row for row in rows if row.review is None]
    rows[:] = ranked + unranked
    return rows


def standings(phase, *, clusters=None):
    """[ClusterStanding] for each cluster of the phase's year, members ranked by the rules."""
    if clusters is None:
        clusters = Cluster.objects.filter(movement_id=phase.movement_id, year=phase.year)
    clusters = list(clusters.select_related("leader__unit").order_by("kind", "name"))
    members = {}
    for member in (
        ClusterMember.objects.filter(cluster__in=clusters)
        .select_related("participant__unit")
        .order_by("participant__kind_order", "participant__sort_key")
    ):
        members.setdefault(member.cluster_id, []).append(member.participant)
    reviews = {
        review.participant_id: review
        for review in Review.objects.filter(phase=phase, state__in=COUNTED_STATES)
    }
    totals = {}
    scores = Score.objects.filter(review__phase=phase, review__state__in=COUNTED_STATES)
    for review_id, area, self_points, points in scores.counted():
        entry = totals.setdefault(review_id, {"total": Decimal(0), "self": Decimal(0), "by": {}})
        entry["total"] += points
        entry["self"] += self_points
        entry["by"][area] = entry["by"].get(area, Decimal(0)) + points
    area_numbers = sorted(phase.movement.content_areas.values_list("number", flat=True))
    result = []
    for cluster in clusters:
        rows = []
        for participant in members.get(cluster.pk, []):
            review = reviews.get(participant.pk)
            entry = totals.get(review.pk, {}) if review else {}
            rows.append(
                RankedRow(
                    participant=participant,
                    review=review,
                    total=entry.get("total", Decimal(0)),
                    self_total=entry.get("self", Decimal(0)),
                    by_area=entry.get("by", {}),
                    is_leader=participant.pk == cluster.leader_id,
                )
            )
        rank_rows(rows, area_numbers, phase.commendation_places)
        result.append(ClusterStanding(cluster=cluster, rows=rows))
    return result
