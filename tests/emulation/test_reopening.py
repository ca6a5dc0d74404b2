"""Closed is shown as closed (issue #23): after the deadline a district officer's registration or
self-assessment opens read-only with the closed notice and "Đề nghị mở lại"; staff grant the
request for that participant with a new deadline (then the officer can save, marked late) or
refuse it with a reason; home cards count what each person can actually do."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from emulation.models import Registration, ReopenRequest, Review
from emulation.tasks import movement_tasks
from tests.emulation import helpers as h

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def closed_phase():
    h.participant("910")
    phase = h.phase()
    phase.registration_deadline = phase.assessment_deadline = TODAY - datetime.timedelta(days=3)
    phase.save()
    return phase


def form_url(phase, what="registration"):
    name = "emulation:registration_edit" if what == "registration" else "emulation:review_edit"
    return reverse(name, args=[phase.pk, "910"])


def request_reopen(client, phase, what="registration", reason="Cán bộ phụ trách nghỉ ốm"):
    name = "emulation:registration_reopen" if what == "registration" else "emulation:review_reopen"
    return client.post(
        reverse(name, args=[phase.pk, "910"]),
        {"reason": reason},
        follow=True,
    )


def tasks_of(user):
    return {task.label: task for task in movement_tasks(user) if task.count}


def test_overdue_registration_opens_read_only_with_the_closed_notice_and_the_request(
    client, officer, closed_phase
):
    client.force_login(officer)
    page = client.get(form_url(closed_phase)).content.decode()
    notice = page.index("Đã đóng — chỉ xem, không sửa được")
    assert notice < page.index("Nội dung đăng ký theo từng nội dung thi đua")
    assert f"hạn {closed_phase.registration_deadline:%d/%m/%Y}" in page
    assert "<fieldset disabled>" in page
    assert "Gửi đăng ký" not in page and "Lưu nháp" not in page
    assert ">Đề nghị mở lại</button>" in page


def test_open_registration_is_not_marked_closed(client, officer, closed_phase):
    closed_phase.registration_deadline = closed_phase.assessment_deadline = TODAY
    closed_phase.save()
    client.force_login(officer)
    page = client.get(form_url(closed_phase)).content.decode()
    assert "Đã đóng" not in page and "<fieldset disabled>" not in page
    assert "Gửi đăng ký" in page


def test_reopen_request_needs_a_reason(client, officer, closed_phase):
    client.force_login(officer)
    page = request_reopen(client, closed_phase, reason="  ").content.decode()
    assert "Chưa gửi đề nghị: Hãy ghi lý do đề nghị mở lại." in page
    assert not ReopenRequest.objects.exists()


def test_officer_requests_staff_see_it_at_home_and_grant_then_officer_saves_late(
    client, officer, province_staff, closed_phase
):
    client.force_login(officer)
    closed_label = f"Đăng ký thi đua đã đóng: {closed_phase.label}"
    assert tasks_of(officer)[closed_label].count == 1
    page = request_reopen(client, closed_phase).content.decode()
    assert "Đã gửi đề nghị mở lại đăng ký thi đua của Huyện Vĩnh Thuận" in page
    assert "chờ cấp tỉnh xem xét" in page
    reopen = ReopenRequest.objects.get()
    assert (reopen.state, reopen.requested_by, reopen.reason) == (
        ReopenRequest.State.PENDING,
        officer,
        "Cán bộ phụ trách nghỉ ốm",
    )
    # The officer's closed card no longer counts a participant whose request is waiting.
    assert closed_label not in tasks_of(officer)

    client.force_login(province_staff)
    home = client.get(reverse("home")).content.decode()
    assert "Đề nghị mở lại chờ cấp tỉnh xem xét" in home
    assert (
        "Cán bộ phụ trách nghỉ ốm"
        in client.get(reverse("emulation:reopen_request_list")).content.decode()
    )
    new_deadline = TODAY + datetime.timedelta(days=5)
    page = client.post(
        reverse("emulation:reopen_request_grant", args=[reopen.pk]),
        {"new_deadline": f"{new_deadline:%d/%m/%Y}"},
        follow=True,
    ).content.decode()
    assert (
        f"Đã mở lại đăng ký thi đua cho Huyện Vĩnh Thuận đến hết ngày {new_deadline:%d/%m/%Y}"
        in page
    )
    reopen.refresh_from_db()
    assert (reopen.state, reopen.new_deadline, reopen.decided_by) == (
        ReopenRequest.State.GRANTED,
        new_deadline,
        province_staff,
    )
    assert reopen.history.count() == 2

    client.force_login(officer)
    assert tasks_of(officer)[f"Đăng ký thi đua được mở lại: {closed_phase.label}"].count == 1
    page = client.get(form_url(closed_phase)).content.decode()
    assert "Đã đóng" not in page and "Gửi đăng ký" in page
    assert f"mở lại cho đơn vị đến hết ngày {new_deadline:%d/%m/%Y}" in page
    page = client.post(
        form_url(closed_phase), {"area_1": "Phát triển 2 hợp tác xã", "submit": "1"}, follow=True
    ).content.decode()
    assert "Đã gửi bản đăng ký thi đua của Huyện Vĩnh Thuận" in page
    registration = Registration.objects.get(phase=closed_phase, participant__code="910")
    assert registration.state == Registration.State.SUBMITTED
    assert registration.late and registration.late_by == officer


def test_a_grant_for_one_participant_does_not_reopen_another(
    client, officer, province_staff, closed_phase
):
    h.participant("31060")
    reopen = ReopenRequest.objects.create(
        phase=closed_phase,
        participant=h.participant("910"),
        what="registration",
        reason="x",
        requested_by=officer,
    )
    reopen.grant(by=province_staff, new_deadline=TODAY)
    client.force_login(officer)
    other = reverse("emulation:registration_edit", args=[closed_phase.pk, "31060"])
    assert "Đã đóng — chỉ xem" in client.get(other).content.decode()
    assert "Đã đóng — chỉ xem" not in client.get(form_url(closed_phase)).content.decode()


def test_staff_refuse_with_a_reason_and_the_officer_sees_it_and_may_ask_again(
    client, officer, province_staff, closed_phase
):
    client.force_login(officer)
    request_reopen(client, closed_phase)
    reopen = ReopenRequest.objects.get()
    client.force_login(province_staff)
    refuse = reverse("emulation:reopen_request_refuse", args=[reopen.pk])
    page = client.post(refuse, {"answer": ""}, follow=True).content.decode()
    assert "Chưa xử lý đề nghị của Huyện Vĩnh Thuận: Hãy ghi lý do không mở lại." in page
    page = client.post(refuse, {"answer": "Đã nhắc hạn ba lần"}, follow=True).content.decode()
    assert "Đã trả lời không mở lại cho Huyện Vĩnh Thuận" in page
    # Answered once: a second answer is refused.
    grant = reverse("emulation:reopen_request_grant", args=[reopen.pk])
    page = client.post(grant, {"new_deadline": f"{TODAY:%d/%m/%Y}"}, follow=True).content.decode()
    assert "Đề nghị này đã được xử lý (không mở lại)." in page
    client.force_login(officer)
    page = client.get(form_url(closed_phase)).content.decode()
    assert "không mở lại</strong>" in page and "Đã nhắc hạn ba lần" in page
    assert ">Đề nghị mở lại</button>" in page


def test_grant_needs_a_deadline_from_today(client, officer, province_staff, closed_phase):
    reopen = ReopenRequest.objects.create(
        phase=closed_phase,
        participant=h.participant("910"),
        what="registration",
        reason="x",
        requested_by=officer,
    )
    client.force_login(province_staff)
    grant = reverse("emulation:reopen_request_grant", args=[reopen.pk])
    yesterday = TODAY - datetime.timedelta(days=1)
    page = client.post(grant, {"new_deadline": f"{yesterday:%d/%m/%Y}"}, follow=True)
    assert f"Hạn mới phải từ hôm nay ({TODAY:%d/%m/%Y}) trở đi." in page.content.decode()
    page = client.post(grant, {"new_deadline": "31/02/2025"}, follow=True)
    assert "Hạn mới phải là ngày dạng dd/mm/yyyy." in page.content.decode()
    reopen.refresh_from_db()
    assert reopen.state == ReopenRequest.State.PENDING


def test_only_provincial_staff_answer_requests(client, officer, other_officer, closed_phase):
    reopen = ReopenRequest.objects.create(
        phase=closed_phase,
        participant=h.participant("910"),
        what="registration",
        reason="x",
        requested_by=officer,
    )
    for user in (officer, other_officer):
        client.force_login(user)
        response = client.post(
            reverse("emulation:reopen_request_grant", args=[reopen.pk]),
            {"new_deadline": f"{TODAY:%d/%m/%Y}"},
        )
        assert response.status_code == 403
    # Another district cannot ask for Vĩnh Thuận either.
    response = client.post(
        reverse("emulation:registration_reopen", args=[closed_phase.pk, "910"]),
        {"reason": "x"},
    )
    assert response.status_code == 403
    reopen.refresh_from_db()
    assert reopen.state == ReopenRequest.State.PENDING


def test_closed_self_assessment_is_read_only_and_reopens_the_same_way(
    client, officer, province_staff, closed_phase
):
    client.force_login(officer)
    page = client.get(form_url(closed_phase, "assessment")).content.decode()
    assert "Đã đóng — chỉ xem" in page and "<fieldset disabled>" in page
    assert "Gửi tự chấm" not in page
    request_reopen(client, closed_phase, "assessment")
    reopen = ReopenRequest.objects.get(what="assessment")
    reopen.grant(by=province_staff, new_deadline=TODAY)
    data = {f"points_{c.pk}": "5" for c in h.criteria_of(closed_phase)}
    data["submit"] = "1"
    page = client.post(form_url(closed_phase, "assessment"), data, follow=True).content.decode()
    assert "Đã gửi bảng tự chấm của Huyện Vĩnh Thuận" in page
    review = Review.objects.get(phase=closed_phase, participant__code="910")
    assert review.state == Review.State.SELF_ASSESSED and review.late


def test_save_without_sending_is_not_called_sent(client, officer, closed_phase):
    closed_phase.registration_deadline = closed_phase.assessment_deadline = TODAY
    closed_phase.save()
    client.force_login(officer)
    page = client.post(
        form_url(closed_phase), {"area_1": "Phát triển", "save": "1"}, follow=True
    ).content.decode()
    assert "Đã lưu bản nháp đăng ký" in page and "Đã gửi" not in page


def test_requests_are_listed_for_their_district_staff_and_leadership(
    client, officer, other_officer, province_staff, leadership, closed_phase
):
    ReopenRequest.objects.create(
        phase=closed_phase,
        participant=h.participant("910"),
        what="registration",
        reason="Cán bộ phụ trách nghỉ ốm",
        requested_by=officer,
    )
    url = reverse("emulation:reopen_request_list")
    for user, sees, may_answer in (
        (officer, True, False),
        (other_officer, False, False),
        (leadership, True, False),
        (province_staff, True, True),
    ):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert ("Cán bộ phụ trách nghỉ ốm" in page) is sees, user
        assert ("Mở lại đến hạn mới" in page) is may_answer, user
