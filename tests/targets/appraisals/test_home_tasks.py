"""The home page says what waits for each role, with counts and links that lead to it."""

from django.urls import reverse

from targets.models import CommuneStatus
from units.models import Unit


def task_of(response, label):
    return next((task for task in response.context["tasks"] if task.label == label), None)


def test_staff_home_counts_dossiers_waiting_to_be_received(client, submitted, province_staff):
    client.force_login(province_staff)
    response = client.get(reverse("home"))
    task = task_of(response, "Hồ sơ chờ tiếp nhận")
    assert task is not None and task.count == 1
    assert task.url == reverse("targets:appraisal_list") + "?state=submitted"
    assert task_of(response, "Hồ sơ chờ thẩm định") is None
    page = response.content.decode()
    assert "Hồ sơ chờ tiếp nhận" in page and "Đi nhanh" not in page
    listed = client.get(task.url).content.decode()
    assert "Xã Vĩnh Bình Bắc" in listed


def test_staff_home_moves_the_dossier_to_waiting_for_appraisal(client, received, province_staff):
    client.force_login(province_staff)
    response = client.get(reverse("home"))
    assert task_of(response, "Hồ sơ chờ tiếp nhận") is None
    assert task_of(response, "Hồ sơ chờ thẩm định").count == 1


def test_district_officer_sees_dossiers_returned_to_the_district(
    client, received, province_staff, officer, other_officer
):
    received.return_to_district(by=province_staff, reason="Thiếu biên bản")
    client.force_login(officer)
    task = task_of(client.get(reverse("home")), "Hồ sơ bị tỉnh trả lại")
    assert task is not None and task.count == 1 and task.tone == "danger"
    client.force_login(other_officer)
    assert task_of(client.get(reverse("home")), "Hồ sơ bị tỉnh trả lại") is None


def test_district_officer_sees_communes_missing_criteria_for_the_latest_year(
    client, officer, full_status
):
    communes = Unit.objects.rural_communes().filter(parent__code="910").existing_in(2025)
    CommuneStatus.objects.filter(year=2025).delete()
    client.force_login(officer)
    response = client.get(reverse("home"))
    task = task_of(response, "Xã chưa có kết quả tiêu chí năm 2025")
    assert task is not None and task.count == communes.count()
    assert task.url == reverse("units:unit_detail", args=["910"]) + "?year=2025"
    assert "xã khác" in task.detail
