"""Totals and ranks within a cluster equal a hand count, ties go by the written rule, and a
verification that changes points changes the ranking and the proposal for commendation."""

import pytest
from django.urls import reverse

from emulation.models import Review
from emulation.ranking import TIE_RULE, standings
from tests.emulation import helpers as h

pytestmark = pytest.mark.django_db

# Scoring table of the reference data: area 1 = 1.1 1.2 1.3; area 2 = 2.1 2.2; area 3 = 3.1
# (max 15) 3.2; area 4 = 4.1 4.2 (max 15 for 4.2).
POINTS = {
    "904": [9, 9, 9, 9, 9, 9, 9, 9, 9],  # 81
    "899": [8, 8, 8, 5, 5, 10, 5, 5, 5],  # 59: area 1 = 24
    "900": [7, 7, 8, 6, 6, 10, 5, 5, 5],  # 59: area 1 = 22, so after 899
    "902": [5, 5, 5, 5, 5, 10, 5, 5, 5],  # 50: 15 / 10 / 15 / 10
    "903": [6, 4, 5, 4, 6, 9, 6, 5, 5],  # 50: 15 / 10 / 15 / 10 as well: shared rank
}


@pytest.fixture
def final():
    final = h.phase()
    h.cluster(2025, "899", ["900", "902", "903", "904", "905"], name="Cụm số 1")
    for code, points in POINTS.items():
        state = Review.State.VERIFIED if code in ("904", "899") else Review.State.SELF_ASSESSED
        h.review(final, code, points, state=state)
    h.review(final, "905", 10, state=Review.State.DRAFT)  # not sent: no rank
    return final


def ranks(phase):
    (standing,) = standings(phase)
    return [
        (row.participant.code, row.total, row.rank, row.shared, row.proposed)
        for row in standing.rows
    ]


def test_ranks_equal_a_hand_count_with_the_tie_rule(final):
    assert ranks(final) == [
        ("904", 81, 1, False, True),
        ("899", 59, 2, False, False),
        ("900", 59, 3, False, False),
        ("903", 50, 4, True, False),  # shared ranks in alphabetical order: Hòn Đất first
        ("902", 50, 4, True, False),
        ("905", 0, None, False, False),
    ]
    assert list(Review.objects.proposed_for_commendation(final)) == [
        Review.objects.get(phase=final, participant__code="904")
    ]


def test_ranking_page_shows_the_rule_and_the_order(client, leadership, final):
    client.force_login(leadership)
    response = client.get(reverse("emulation:phase_ranking", args=[final.pk]))
    text = response.content.decode()
    assert TIE_RULE in text
    table = text[text.index("<tbody>") :]
    order = [
        table.index(name)
        for name in (
            "Huyện Tân Hiệp",
            "Thành phố Rạch Giá",
            "Thành phố Hà Tiên",
            "Huyện Hòn Đất",
            "Huyện Kiên Lương",
            "Huyện Châu Thành",
        )
    ]
    assert order == sorted(order)
    assert text.count("(đồng hạng)") == 2


def test_a_proposal_needs_the_province_verification(final):
    Review.objects.filter(participant__code="904").update(state=Review.State.CLUSTER_VERIFIED)
    assert not Review.objects.proposed_for_commendation(final).exists()


def test_staff_verification_changes_the_ranking_and_the_proposal(client, province_staff, final):
    review = Review.objects.get(phase=final, participant__code="904")
    criteria = h.criteria_of(final)
    data = {f"points_{c.pk}": "5" for c in criteria}
    data.update({f"reason_{c.pk}": "Minh chứng chưa đầy đủ" for c in criteria})
    client.force_login(province_staff)
    response = client.post(reverse("emulation:review_verify_province", args=[review.pk]), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == Review.State.VERIFIED
    assert review.total == 45
    assert review.scores.filter(province_reason="Minh chứng chưa đầy đủ").count() == 9
    assert [row[0] for row in ranks(final)][:2] == ["899", "900"]
    assert list(
        Review.objects.proposed_for_commendation(final).values_list("participant__code", flat=True)
    ) == ["899"]


def test_a_verification_changing_points_without_a_reason_is_refused(client, province_staff, final):
    review = Review.objects.get(phase=final, participant__code="900")
    criteria = h.criteria_of(final)
    data = {f"points_{c.pk}": str(p) for c, p in zip(criteria, POINTS["900"], strict=True)}
    data[f"points_{criteria[0].pk}"] = "3"
    client.force_login(province_staff)
    response = client.post(reverse("emulation:review_verify_cluster", args=[review.pk]), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Tiêu chí 1.1: điểm đổi từ 7 thành 3, hãy ghi lý do điều chỉnh." in text
    review.refresh_from_db()
    assert review.state == Review.State.SELF_ASSESSED
    assert not review.scores.filter(cluster_points__isnull=False).exists()
    # With the reason it goes through, and unchanged lines need none.
    data[f"reason_{criteria[0].pk}"] = "Chưa có văn bản xác nhận"
    response = client.post(reverse("emulation:review_verify_cluster", args=[review.pk]), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == Review.State.CLUSTER_VERIFIED
    assert review.total == 59 - 4
    assert review.events.filter(action="cluster", actor=province_staff).exists()


def test_verified_points_above_the_maximum_are_refused(client, province_staff, final):
    review = Review.objects.get(phase=final, participant__code="902")
    criteria = h.criteria_of(final)
    data = {f"points_{c.pk}": "5" for c in criteria}
    data[f"points_{criteria[0].pk}"] = "10,5"
    data[f"reason_{criteria[0].pk}"] = "cộng thêm"
    client.force_login(province_staff)
    response = client.post(reverse("emulation:review_verify_cluster", args=[review.pk]), data)
    assert response.status_code == 200
    assert "vượt điểm tối đa 10" in response.content.decode()
    review.refresh_from_db()
    assert review.state == Review.State.SELF_ASSESSED


def test_review_page_shows_the_rank_in_the_cluster(client, leadership, final):
    client.force_login(leadership)
    review = Review.objects.get(phase=final, participant__code="903")
    text = client.get(reverse("emulation:review_detail", args=[review.pk])).content.decode()
    assert "Hạng <strong>4</strong> (đồng hạng) trong" in text
    review = Review.objects.get(phase=final, participant__code="904")
    text = client.get(reverse("emulation:review_detail", args=[review.pk])).content.decode()
    assert "Hạng <strong>1</strong> trong" in text and "đề nghị khen thưởng" in text
