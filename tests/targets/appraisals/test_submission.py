"""The district submits a commune for appraisal, with that year's criteria status attached."""

from django.urls import reverse

from targets.models import AppraisalEvent, AppraisalRequest
from tests.conftest import status_as
from tests.factories import certify, commune_status

from .conftest import VINH_BINH_BAC

CREATE = reverse("targets:appraisal_create")


def form_data(commune=VINH_BINH_BAC, standard="ntm", year="2024", number="45/TTr-UBND"):
    return {
        "commune": commune,
        "standard": standard,
        "standard_year": year,
        "submission_number": number,
        "note": "Xã đã tự đánh giá và công bố kết quả.",
    }


def test_submission_page_follows_the_role_ladder(client, cast):
    status, response = status_as(client, None, "get", CREATE)
    assert status == 302 and response.url.startswith(reverse("login"))
    allowed = {"officer", "other_officer", "administrator"}
    for name, user in cast.items():
        assert status_as(client, user, "get", CREATE)[0] == (200 if name in allowed else 403), name


def test_officer_submits_a_commune_of_the_district_with_a_snapshot_and_an_event(
    client, officer, full_status
):
    client.force_login(officer)
    response = client.post(CREATE, form_data())
    appraisal = AppraisalRequest.objects.get()
    assert response.url == reverse("targets:appraisal_detail", args=[appraisal.pk])
    assert appraisal.state == "submitted"
    assert appraisal.commune_status == full_status
    assert appraisal.submission_number == "45/TTr-UBND"
    assert appraisal.criteria_snapshot == {str(number): True for number in range(1, 20)}
    event = appraisal.events.get()
    assert (event.action, event.from_state, event.to_state, event.actor) == (
        "submit",
        "",
        "submitted",
        officer,
    )
    assert event.reason == "Xã đã tự đánh giá và công bố kết quả."


def test_officer_cannot_submit_a_commune_of_another_district(client, other_officer, full_status):
    client.force_login(other_officer)
    assert client.post(CREATE, form_data()).status_code == 403
    assert not AppraisalRequest.objects.exists()


def test_province_staff_and_leadership_cannot_submit(
    client, province_staff, leadership, full_status
):
    for user in (province_staff, leadership):
        assert status_as(client, user, "post", CREATE, form_data())[0] == 403
    assert not AppraisalRequest.objects.exists()


def test_submission_needs_the_status_of_that_year(client, officer, full_status):
    client.force_login(officer)
    response = client.post(CREATE, form_data(year="2023"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Xã Vĩnh Bình Bắc chưa có kết quả tiêu chí năm 2023" in page
    assert 'value="45/TTr-UBND"' in page
    assert not AppraisalRequest.objects.exists()


def test_submission_needs_every_criterion_met(client, officer):
    commune_status(VINH_BINH_BAC, 2024, met=17)
    client.force_login(officer)
    page = client.post(CREATE, form_data()).content.decode()
    assert "năm 2024 mới đạt 17/19 tiêu chí (chưa đạt: tiêu chí 18, 19)" in page
    assert not AppraisalRequest.objects.exists()


def test_a_second_open_request_for_the_same_standard_shows_the_constraint_message(
    client, officer, submitted
):
    client.force_login(officer)
    page = client.post(CREATE, form_data(number="46/TTr-UBND")).content.decode()
    assert "Xã này đang có một hồ sơ chưa kết thúc cho chuẩn này." in page
    assert AppraisalRequest.objects.count() == 1
    assert AppraisalEvent.objects.count() == 1


def test_a_malformed_submission_number_is_refused_naming_it(client, officer, full_status):
    client.force_login(officer)
    page = client.post(CREATE, form_data(number="TTr 45")).content.decode()
    assert "Số tờ trình “TTr 45” không đúng mẫu" in page
    assert not AppraisalRequest.objects.exists()


def test_a_commune_already_recognised_for_the_standard_is_not_submitted(
    client, officer, full_status
):
    certify(VINH_BINH_BAC, "ntm", 2022)
    client.force_login(officer)
    page = client.post(CREATE, form_data()).content.decode()
    assert "đã được công nhận “Đạt chuẩn nông thôn mới”" in page
    assert not AppraisalRequest.objects.exists()
