"""Home-page tasks of the movement, and the demo movement that `make demo` loads."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation.models import Cluster, Exemplar, Phase, Registration, Review
from emulation.ranking import standings
from emulation.tasks import movement_tasks
from tests.emulation import helpers as h

pytestmark = pytest.mark.django_db


def labels(user):
    return {task.label: task for task in movement_tasks(user) if task.count}


def test_officer_sees_registration_and_self_assessment_due(officer, other_officer):
    h.participant("910")
    final = h.phase(open_days=5)
    tasks = labels(officer)
    due = tasks[f"Đăng ký thi đua sắp đến hạn: {final.label}"]
    assert due.count == 1 and due.tone == "warning"
    assert f"Hạn {final.registration_deadline:%d/%m/%Y}" in due.detail
    assert tasks[f"Tự chấm điểm thi đua sắp đến hạn: {final.label}"].count == 1
    h.registration(final, "910")
    assert f"Đăng ký thi đua sắp đến hạn: {final.label}" not in labels(officer)
    assert not any("sắp đến hạn" in label for label in labels(other_officer))


def test_overdue_registrations_show_for_the_latest_past_phase_as_closed(officer):
    h.participant("910")
    tasks = labels(officer)
    latest = Phase.objects.order_by("-registration_deadline", "-kind_order").first()
    # A district officer can no longer register: the card says closed and offers the request.
    assert f"Đăng ký thi đua quá hạn: {latest.label}" not in tasks
    closed = tasks[f"Đăng ký thi đua đã đóng: {latest.label}"]
    assert closed.count == 1 and closed.tone == "danger"
    assert "Đề nghị mở lại" in closed.detail


def test_verifications_waiting_for_the_cluster_leader_and_the_province(
    client, officer, other_officer, province_staff
):
    final = h.phase()
    h.cluster(2025, "910", ["908", "909"])
    h.review(final, "908", 5)
    h.review(final, "909", 5, state=Review.State.CLUSTER_VERIFIED)
    assert labels(officer)["Bảng điểm thi đua chờ thẩm định"].count == 1
    assert "Bảng điểm thi đua chờ thẩm định" not in labels(other_officer)
    assert labels(province_staff)["Bảng điểm thi đua chờ thẩm định"].count == 2
    client.force_login(officer)
    assert "Bảng điểm thi đua chờ thẩm định" in client.get(reverse("home")).content.decode()


def test_task_queries_do_not_grow_with_the_data(officer):
    h.participant("910")
    final = h.phase(open_days=5)
    movement_tasks(officer)  # the user's role is read once and kept on the user
    with CaptureQueriesContext(connection) as few:
        movement_tasks(officer)
    for code in ("908", "909", "912", "913"):
        h.participant(code)
        h.registration(final, code)
    with CaptureQueriesContext(connection) as more:
        movement_tasks(officer)
    assert len(more) == len(few)


def test_ranking_queries_do_not_grow_with_the_clusters():
    final = h.phase()
    h.cluster(2025, "910", ["908"], name="A")
    h.review(final, "908", 5)
    standings(final)  # the phase's movement is fetched once and kept on the phase
    with CaptureQueriesContext(connection) as few:
        standings(final)
    h.cluster(2025, "899", ["900", "902"], name="B")
    for code in ("899", "900", "902"):
        h.review(final, code, 6, state=Review.State.VERIFIED)
    with CaptureQueriesContext(connection) as more:
        standings(final)
    assert len(more) == len(few) <= 5


def test_demo_movement_is_complete_marked_and_loaded_once(client, leadership):
    out = io.StringIO()
    call_command("load_demo_movement", stdout=out)
    assert "Đã nạp phong trào thi đua minh họa" in out.getvalue()
    phases_so_far = Phase.objects.scored_so_far()
    assert phases_so_far.count() == Phase.objects.count()
    for phase in phases_so_far:
        assert Review.objects.filter(phase=phase, state=Review.State.VERIFIED).exists(), phase
        registrations = Registration.objects.filter(phase=phase)
        assert registrations.filter(late=True).exists(), phase
        assert any(standing.rows[0].proposed for standing in standings(phase)), phase
    assert Registration.objects.values("phase").distinct().count() == 6
    missing = sum(
        Cluster.objects.filter(year=p.year).values("members").count()
        - Registration.objects.filter(phase=p).count()
        for p in phases_so_far
    )
    assert missing > 0
    assert Exemplar.objects.count() >= 10
    assert all("[Dữ liệu minh họa]" in e.results for e in Exemplar.objects.all())
    # The final review leaves Vĩnh Thuận's cluster two reviews to verify.
    waiting = Review.objects.filter(phase__kind="final", state=Review.State.SELF_ASSESSED)
    assert set(waiting.values_list("participant__code", flat=True)) == {"908", "909"}
    again = io.StringIO()
    call_command("load_demo_movement", stdout=again)
    assert "không thay đổi gì" in again.getvalue()
    client.force_login(leadership)
    assert client.get(reverse("emulation:movement_home")).status_code == 200
