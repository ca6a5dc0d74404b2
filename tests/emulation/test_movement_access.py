"""Who may do what in the movement: every page and action through units/access.py.

Officer: Vĩnh Thuận (910). Other officer: An Biên (908). Cluster 2025 led by Vĩnh Thuận with An
Biên and An Minh (909); a second cluster led by Rạch Giá (899) with Hà Tiên (900).
"""

import pytest
from django.urls import reverse

from emulation.models import Registration, Review
from tests.conftest import status_as
from tests.emulation import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    final = h.phase(open_days=10)
    h.participant("SNN", name="Sở Nông nghiệp và Phát triển nông thôn")
    led = h.cluster(2025, "910", ["908", "909"], deputy="908")
    other = h.cluster(2025, "899", ["900"])
    reviews = {code: h.review(final, code, 5) for code in ("910", "908", "909", "899", "900")}
    draft = h.registration(final, "910", state=Registration.State.DRAFT)
    return {"phase": final, "led": led, "other": other, "reviews": reviews, "draft": draft}


def test_read_pages_are_open_to_every_role_and_closed_to_the_unassigned(
    client, cast, unassigned, world
):
    final = world["phase"]
    urls = [
        reverse("emulation:movement_home"),
        reverse("emulation:phase_detail", args=[final.pk]),
        reverse("emulation:phase_completeness", args=[final.pk]),
        reverse("emulation:phase_ranking", args=[final.pk]),
        reverse("emulation:participant_list"),
        reverse("emulation:cluster_list"),
        reverse("emulation:cluster_detail", args=[world["led"].pk]),
        reverse("emulation:registration_list"),
        reverse("emulation:review_list"),
        reverse("emulation:review_detail", args=[world["reviews"]["899"].pk]),
        reverse("emulation:exemplar_list"),
        reverse("emulation:report_list"),
        reverse("emulation:participant_export"),
        reverse("emulation:ranking_export", args=[final.pk]),
    ]
    for url in urls:
        for user in cast.values():
            assert status_as(client, user, "get", url)[0] == 200, (user, url)
        assert status_as(client, unassigned, "get", url)[0] == 403, url


def test_configuring_the_movement_is_for_provincial_staff_only(client, cast, world):
    final = world["phase"]
    urls = [
        reverse("emulation:phase_create"),
        reverse("emulation:phase_update", args=[final.pk]),
        reverse("emulation:phase_criteria", args=[final.pk]),
        reverse("emulation:cluster_create"),
        reverse("emulation:cluster_update", args=[world["led"].pk]),
        reverse("emulation:report_create"),
    ]
    expected = {
        "province_staff": 200,
        "administrator": 200,
        "officer": 403,
        "other_officer": 403,
        "leadership": 403,
    }
    for url in urls:
        for role, user in cast.items():
            assert status_as(client, user, "get", url)[0] == expected[role], (role, url)


def test_district_officer_registers_and_self_scores_only_within_its_district(client, cast, world):
    final = world["phase"]
    officer = cast["officer"]
    own = ["910"]
    outside = ["908", "899", "SNN"]
    for code in own:
        for name in ("emulation:registration_edit", "emulation:review_edit"):
            url = reverse(name, args=[final.pk, code])
            assert status_as(client, officer, "get", url)[0] in (200, 302), (name, code)
    for code in outside:
        for name in ("emulation:registration_edit", "emulation:review_edit"):
            url = reverse(name, args=[final.pk, code])
            assert status_as(client, officer, "get", url)[0] == 403, (name, code)
            status, _ = status_as(
                client, officer, "post", url, {"area_1": "Cam kết", "submit": "1"}
            )
            assert status == 403, (name, code)
    assert not Registration.objects.filter(participant__code__in=outside).exists()
    for role in ("leadership",):
        url = reverse("emulation:registration_edit", args=[final.pk, "910"])
        assert status_as(client, cast[role], "get", url)[0] == 403


def test_drafts_are_seen_only_within_their_district_and_by_the_province(client, cast, world):
    draft = world["draft"]
    url = reverse("emulation:registration_detail", args=[draft.pk])
    expected = {
        "province_staff": 200,
        "administrator": 200,
        "officer": 200,
        "other_officer": 403,
        "leadership": 403,
    }
    for role, user in cast.items():
        assert status_as(client, user, "get", url)[0] == expected[role], role
        listed = status_as(client, user, "get", reverse("emulation:registration_list"))[1]
        assert (draft in listed.context["object_list"]) == (expected[role] == 200), role


def test_drafts_of_self_assessment_stay_within_the_district(client, cast, world):
    final = world["phase"]
    draft = h.review(h.phase("yearly", 2025), "910", 5, state=Review.State.DRAFT)
    url = reverse("emulation:review_detail", args=[draft.pk])
    assert status_as(client, cast["officer"], "get", url)[0] == 200
    assert status_as(client, cast["province_staff"], "get", url)[0] == 200
    assert status_as(client, cast["other_officer"], "get", url)[0] == 403
    assert status_as(client, cast["leadership"], "get", url)[0] == 403
    assert final.pk  # the sent reviews of the fixture stay readable to all (first test)


def test_cluster_leader_verifies_only_the_other_members_of_its_cluster(client, cast, world):
    reviews = world["reviews"]

    def verify(user, code, stage="cluster"):
        name = f"emulation:review_verify_{stage}"
        return status_as(client, user, "get", reverse(name, args=[reviews[code].pk]))[0]

    officer, other = cast["officer"], cast["other_officer"]
    # Vĩnh Thuận leads: it verifies An Biên and An Minh at the cluster step…
    assert verify(officer, "908") == 200
    assert verify(officer, "909") == 200
    # …but not its own review, not another cluster's, and never the province's step.
    assert verify(officer, "910") == 403
    assert verify(officer, "899") == 403
    assert verify(officer, "900") == 403
    assert verify(officer, "908", "province") == 403
    # An Biên is a deputy, not the leader: it verifies nothing.
    for code in reviews:
        assert verify(other, code) == 403, code
    assert verify(cast["leadership"], "908") == 403
    for code in reviews:
        assert verify(cast["province_staff"], code) == 200
        # The province's step comes after the cluster's.
        assert verify(cast["province_staff"], code, "province") == 302
    reviews["899"].state = Review.State.CLUSTER_VERIFIED
    reviews["899"].save()
    assert verify(cast["province_staff"], "899", "province") == 200
    assert verify(cast["administrator"], "899", "province") == 200


def test_cluster_leader_verification_scope_as_a_queryset(cast, world):
    reviews = world["reviews"]
    by_user = {
        role: set(
            Review.objects.for_user(user, "verify_review").values_list(
                "participant__code", flat=True
            )
        )
        for role, user in cast.items()
    }
    assert by_user["officer"] == {"908", "909"}
    assert by_user["other_officer"] == set()
    assert by_user["leadership"] == set()
    assert by_user["province_staff"] == set(reviews)
    # Once verified at the cluster step, the leader has nothing more to do on it.
    reviews["908"].state = Review.State.CLUSTER_VERIFIED
    reviews["908"].save()
    led = Review.objects.for_user(cast["officer"], "verify_review")
    assert set(led.values_list("participant__code", flat=True)) == {"909"}
    # A cluster of another year led by Vĩnh Thuận does not extend its reach in 2025.
    h.cluster(2024, "910", ["899"], name="Cụm 2024")
    led = Review.objects.for_user(cast["officer"], "verify_review")
    assert set(led.values_list("participant__code", flat=True)) == {"909"}


def test_a_verification_post_outside_the_cluster_changes_nothing(client, cast, world):
    review = world["reviews"]["899"]
    url = reverse("emulation:review_verify_cluster", args=[review.pk])
    data = {f"points_{c.pk}": "1" for c in h.criteria_of(world["phase"])}
    data.update({f"reason_{c.pk}": "giảm" for c in h.criteria_of(world["phase"])})
    status, _ = status_as(client, cast["officer"], "post", url, data)
    assert status == 403
    review.refresh_from_db()
    assert review.state == Review.State.SELF_ASSESSED
    assert not review.scores.filter(cluster_points__isnull=False).exists()


def test_participants_of_a_district_are_managed_by_its_officer_organisations_by_the_province(
    client, cast, world
):
    from emulation.models import Participant
    from units.models import Unit

    commune = Unit.objects.filter(parent__code="910", level="commune").first()
    other_commune = Unit.objects.filter(parent__code="908", level="commune").first()
    url = reverse("emulation:participant_create")
    officer = cast["officer"]
    status, response = status_as(
        client, officer, "post", url, {"kind": "commune", "unit": other_commune.pk, "active": "on"}
    )
    assert status == 200 and "unit" in response.context["form"].errors
    status, response = status_as(
        client, officer, "post", url, {"kind": "department", "name": "Sở X", "code": "SX"}
    )
    assert status == 200 and "kind" in response.context["form"].errors
    status, _ = status_as(
        client, officer, "post", url, {"kind": "commune", "unit": commune.pk, "active": "on"}
    )
    assert status == 302
    assert Participant.objects.filter(unit=commune, code=commune.code).exists()
    snn = Participant.objects.get(code="SNN")
    edit = reverse("emulation:participant_update", args=[snn.pk])
    assert status_as(client, officer, "get", edit)[0] == 403
    assert status_as(client, cast["province_staff"], "get", edit)[0] == 200
    an_bien = Participant.objects.get(code="908")
    assert (
        status_as(
            client, officer, "get", reverse("emulation:participant_update", args=[an_bien.pk])
        )[0]
        == 403
    )


def test_exemplars_are_recorded_within_the_district(client, cast, world):
    from emulation.models import Exemplar

    movement = h.movement()
    area = movement.content_areas.first()
    theirs = Exemplar.objects.create(
        movement=movement,
        title="Mô hình của An Biên",
        kind="model",
        content_area=area,
        participant=h.participant("908"),
        year=2024,
        description="Mô tả",
    )
    officer = cast["officer"]
    edit = reverse("emulation:exemplar_update", args=[theirs.pk])
    assert status_as(client, officer, "get", edit)[0] == 403
    assert status_as(client, cast["other_officer"], "get", edit)[0] == 200
    data = {
        "title": "Mô hình lúa tôm",
        "kind": "model",
        "content_area": area.pk,
        "year": 2024,
        "description": "Mô tả",
    }
    status, response = status_as(
        client,
        officer,
        "post",
        reverse("emulation:exemplar_create"),
        {**data, "participant": h.participant("908").pk},
    )
    assert status == 200 and "participant" in response.context["form"].errors
    status, _ = status_as(
        client,
        officer,
        "post",
        reverse("emulation:exemplar_create"),
        {**data, "participant": h.participant("910").pk},
    )
    assert status == 302
    assert Exemplar.objects.filter(title="Mô hình lúa tôm", participant__code="910").exists()
    assert (
        status_as(client, cast["leadership"], "get", reverse("emulation:exemplar_create"))[0] == 403
    )
