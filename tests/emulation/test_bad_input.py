"""Bad input is refused with the reason: points out of range, a cluster without a leader, a
participant in two clusters of a year, an empty registration."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from emulation.models import Cluster, Registration, Review, Score
from tests.emulation import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def final():
    h.participant("910")
    return h.phase(open_days=5)


def post_scores(client, user, phase, first):
    criteria = h.criteria_of(phase)
    data = {f"points_{c.pk}": "5" for c in criteria}
    data[f"points_{criteria[0].pk}"] = first
    data["submit"] = "1"
    client.force_login(user)
    return client.post(reverse("emulation:review_edit", args=[phase.pk, "910"]), data)


@pytest.mark.parametrize(
    "value, message",
    [
        ("10,5", "Điểm tiêu chí 1.1 vượt điểm tối đa 10."),
        ("-1", "Điểm tiêu chí 1.1 không được âm."),
        ("mười", "Điểm phải là số, ví dụ 7 hoặc 7,5."),
    ],
)
def test_self_scores_out_of_range_are_refused(client, officer, final, value, message):
    response = post_scores(client, officer, final, value)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert f'value="{value}"' in text  # what the officer typed stays in the form
    assert not Review.objects.exists()


def test_points_at_the_maximum_and_with_a_comma_are_accepted(client, officer, final):
    response = post_scores(client, officer, final, "9,5")
    assert response.status_code == 302
    score = Score.objects.get(criterion__code="1.1")
    assert str(score.self_points) == "9.50"


def test_the_database_refuses_negative_points():
    final = h.phase()
    review = Review.objects.create(phase=final, participant=h.participant("910"))
    with pytest.raises(IntegrityError):
        Score.objects.create(review=review, criterion=final.criteria.first(), self_points=-1)


def cluster_data(**overrides):
    data = {"year": 2025, "kind": "cluster", "name": "Cụm mới"}
    data.update(overrides)
    return data


def test_a_cluster_without_a_leader_is_refused(client, province_staff):
    client.force_login(province_staff)
    member = h.participant("899")
    response = client.post(reverse("emulation:cluster_create"), cluster_data(members=[member.pk]))
    assert response.status_code == 200
    assert "Cụm/khối phải có trưởng cụm/khối" in response.content.decode()
    assert not Cluster.objects.exists()


def test_the_deputy_must_differ_from_the_leader(client, province_staff):
    client.force_login(province_staff)
    leader = h.participant("899")
    response = client.post(
        reverse("emulation:cluster_create"), cluster_data(leader=leader.pk, deputy=leader.pk)
    )
    assert "Phó trưởng cụm/khối phải khác trưởng cụm/khối." in response.content.decode()
    assert not Cluster.objects.exists()


def test_a_participant_belongs_to_one_cluster_a_year(client, province_staff):
    h.cluster(2025, "899", ["900"], name="Cụm số 1")
    client.force_login(province_staff)
    response = client.post(
        reverse("emulation:cluster_create"),
        cluster_data(leader=h.participant("902").pk, members=[h.participant("900").pk]),
    )
    assert "Thành phố Hà Tiên đã thuộc Cụm số 1 năm 2025" in response.content.decode()
    assert Cluster.objects.count() == 1
    # Another year is fine, and the leader and deputy become members.
    response = client.post(
        reverse("emulation:cluster_create"),
        cluster_data(
            year=2024,
            leader=h.participant("902").pk,
            deputy=h.participant("903").pk,
            members=[h.participant("900").pk],
        ),
    )
    assert response.status_code == 302
    cluster = Cluster.objects.get(year=2024)
    assert set(cluster.members.values_list("participant__code", flat=True)) == {
        "900",
        "902",
        "903",
    }


def test_an_empty_registration_is_refused(client, officer, final):
    client.force_login(officer)
    response = client.post(
        reverse("emulation:registration_edit", args=[final.pk, "910"]), {"submit": "1"}
    )
    assert "Hãy ghi nội dung đăng ký cho ít nhất một nội dung thi đua." in response.content.decode()
    assert not Registration.objects.exists()


def test_a_district_registration_is_prefilled_from_its_named_targets_and_communes_plans(
    client, officer, final
):
    from targets.models import CommuneStatus
    from tests.factories import commune_status
    from units.models import Unit

    communes = list(
        Unit.objects.filter(parent__code="910", level="commune", kind="xa").order_by("code")[:3]
    )
    commune_status(communes[0].code, 2024, met=17, next_standard="ntm", planned_year=2025)
    commune_status(communes[1].code, 2024, met=19, next_standard="advanced", planned_year=2025)
    commune_status(communes[2].code, 2024, met=19, next_standard="advanced", planned_year=2026)
    assert CommuneStatus.objects.count() == 3
    client.force_login(officer)
    response = client.get(reverse("emulation:registration_edit", args=[final.pk, "910"]))
    form = response.context["form"]
    assert form["communes_ntm"].initial == 1
    assert form["communes_advanced"].initial == 1
    assert form["communes_model"].initial == 0
    # Plan 168 names Vĩnh Thuận to reach NTM by 2025.
    assert form["unit_standard"].initial == "ntm"
    response = client.post(
        reverse("emulation:registration_edit", args=[final.pk, "910"]),
        {
            "area_1": "Hai hợp tác xã mới",
            "communes_ntm": "1",
            "communes_advanced": "2",
            "communes_model": "0",
            "unit_standard": "ntm",
            "submit": "1",
        },
    )
    registration = Registration.objects.get(phase=final)
    assert (registration.communes_ntm, registration.communes_advanced) == (1, 2)
    assert registration.items.get().commitment == "Hai hợp tác xã mới"
    assert registration.events.filter(action="submit", actor=officer).exists()


def test_duplicate_cluster_names_and_participant_codes_are_refused(client, province_staff):
    h.cluster(2025, "899", ["900"], name="Cụm số 1")
    h.participant("SNN", name="Sở Nông nghiệp")
    client.force_login(province_staff)
    response = client.post(
        reverse("emulation:cluster_create"),
        cluster_data(name="Cụm số 1", leader=h.participant("902").pk),
    )
    assert "Năm này đã có cụm/khối mang tên này." in response.content.decode()
    response = client.post(
        reverse("emulation:participant_create"),
        {"kind": "department", "code": "SNN", "name": "Sở khác", "active": "on"},
    )
    assert "Đã có đơn vị tham gia mang mã này." in response.content.decode()
    response = client.post(
        reverse("emulation:participant_create"),
        {"kind": "district", "unit": h.participant("899").unit_id, "active": "on"},
    )
    assert "Đơn vị hành chính này đã là đơn vị tham gia." in response.content.decode()
    assert Cluster.objects.count() == 1


def test_the_service_refuses_points_above_the_maximum_whatever_the_caller():
    from django.core.exceptions import ValidationError

    from emulation.services import save_self_assessment
    from tests.conftest import make_user
    from units.access import Role

    staff = make_user("tinh2", Role.PROVINCE_STAFF)
    final = h.phase(open_days=3)
    criterion = h.criteria_of(final)[0]
    with pytest.raises(ValidationError, match="vượt điểm tối đa"):
        save_self_assessment(
            phase=final,
            participant=h.participant("910"),
            user=staff,
            values={criterion.pk: (criterion.max_points + 1, "")},
            summary="",
            submit=False,
        )
    assert not Score.objects.exists()


def test_a_cluster_outside_the_movement_years_is_refused(client, province_staff):
    client.force_login(province_staff)
    response = client.post(
        reverse("emulation:cluster_create"),
        cluster_data(year=2030, leader=h.participant("902").pk),
    )
    assert "Năm phải trong giai đoạn của phong trào (2021–2025)." in response.content.decode()
    assert not Cluster.objects.exists()
