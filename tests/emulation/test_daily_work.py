"""Daily work of the movement (issue #23): one count of unregistered participants on the staff's
home card and the completeness page; rankings that say whether their scores are verified; lists
that open on the district officer's own district; links with names of their own."""

import re

import pytest
from django.urls import reverse

from emulation.models import Participant, Phase, Registration, Review
from emulation.tasks import movement_tasks
from ntm_portal.lib import data_version
from tests.emulation import helpers as h

pytestmark = pytest.mark.django_db


def latest_past_phase():
    return Phase.objects.order_by("-registration_deadline", "-kind_order").first()


def staff_overdue_card(user, phase):
    tasks = {task.label: task for task in movement_tasks(user)}
    return tasks[f"Đăng ký thi đua quá hạn: {phase.label}"]


def completeness_count(client, phase):
    page = client.get(reverse("emulation:phase_completeness", args=[phase.pk])).content.decode()
    return int(re.search(r'<strong id="not-registered">(\d+)</strong>', page).group(1)), page


def test_staff_home_card_and_completeness_page_count_the_same_participants(client, province_staff):
    phase = latest_past_phase()
    h.registration(phase, "908")
    h.registration(phase, "910", state=Registration.State.DRAFT)
    h.participant("SNV", name="Sở Nội vụ")
    # The province as the proposer of national awards (awards app): not expected to register.
    h.participant("91")
    client.force_login(province_staff)
    card = staff_overdue_card(province_staff, phase)
    on_page, page = completeness_count(client, phase)
    phase_page = client.get(reverse("emulation:phase_detail", args=[phase.pk])).content.decode()
    on_phase_page = int(
        re.search(r'<strong id="phase-not-registered">(\d+)</strong>', phase_page).group(1)
    )
    assert card.count == on_page == on_phase_page == 2  # Vĩnh Thuận's draft and the department
    assert "2</strong> trong 3 đơn vị tham gia đang hoạt động (toàn tỉnh" in phase_page
    # The province is not listed among the staff's participants to register.
    assert "Tỉnh Kiên Giang" not in phase_page.split('id="own-title"', 1)[1]
    assert "2 đơn vị tham gia đang hoạt động (toàn tỉnh) chưa gửi đăng ký" in card.detail
    assert "đơn vị tham gia đang hoạt động" in page
    assert card.url == reverse("emulation:phase_completeness", args=[phase.pk])
    home = client.get(reverse("home")).content.decode()
    assert f"Đăng ký thi đua quá hạn: {phase.label}" in home

    # Staff put the province into a block of the year: from then on it is expected.
    h.cluster(phase.year, "SNV", ["91"], name="Khối thử")
    assert staff_overdue_card(province_staff, phase).count == 3
    assert completeness_count(client, phase)[0] == 3


def ranking_page(client, phase):
    return client.get(reverse("emulation:phase_ranking", args=[phase.pk])).content.decode()


def row_of(page, name):
    return re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{name}(?:(?!</tr>).)*</tr>", page, re.S).group(0)


def test_ranking_marks_a_rank_from_self_scores_alone_as_provisional(client, province_staff):
    final = h.phase()
    h.cluster(2025, "910", ["908", "909"], name="Cụm thử")
    h.review(final, "910", 9)  # self-assessed only
    verified = h.review(final, "908", 7, state=Review.State.VERIFIED)
    client.force_login(province_staff)
    page = ranking_page(client, final)
    assert "tạm xếp, chưa thẩm định</span>" in row_of(page, "Huyện Vĩnh Thuận")
    assert "tạm xếp" not in row_of(page, "Huyện An Biên")
    assert (
        "Xếp hạng tạm thời: 1/2 đơn vị đã được tỉnh thẩm định, 1 đơn vị mới có điểm tự chấm."
        in page
    )
    # A member without a self-assessment: its "—" is explained in the status column.
    assert "Chưa gửi tự chấm: chưa xếp hạng" in row_of(page, "Huyện An Minh")

    Review.objects.filter(pk__in=[verified.pk]).update(state=Review.State.VERIFIED)
    Review.objects.filter(participant__code="910").update(state=Review.State.VERIFIED)
    # Bulk updates send no signal: they raise the data version themselves (the ranking is
    # cached on it, ntm_portal/lib/data_version.py).
    data_version.bump()
    page = ranking_page(client, final)
    assert "tạm xếp, chưa thẩm định</span>" not in page
    assert "Xếp hạng chính thức: điểm của cả 2 đơn vị đã được tỉnh thẩm định." in page


def test_ranking_status_column_is_not_hidden_on_phones(client, province_staff):
    final = h.phase()
    h.cluster(2025, "910", ["908"], name="Cụm thử")
    client.force_login(province_staff)
    page = ranking_page(client, final)
    header = re.search(r"<th[^>]*>Trạng thái</th>", page).group(0)
    assert "d-none" not in header
    assert "d-none" not in re.search(r'<td class="small[^"]*">Chưa gửi tự chấm', page).group(0)


def link_names(page):
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip()
        for text in re.findall(r"<a [^>]*>(.*?)</a>", page, re.S)
    ]


def test_registration_and_self_assessment_links_name_the_participant_and_the_phase(client, officer):
    h.participant("910")
    h.participant("31060")
    yearly = h.phase("yearly", 2025, open_days=3)
    client.force_login(officer)
    page = client.get(reverse("emulation:phase_detail", args=[yearly.pk])).content.decode()
    names = link_names(page)
    commune = Participant.objects.get(code="31060")
    assert f"Đăng ký thi đua: {commune} (31060), {yearly.label}" in names
    assert f"Tự chấm điểm: {commune} (31060), {yearly.label}" in names
    assert f"Đăng ký thi đua: Huyện Vĩnh Thuận (910), {yearly.label}" in names
    assert "Đăng ký 31060" not in names
    form_links = [name for name in names if name.startswith(("Đăng ký thi đua:", "Tự chấm điểm:"))]
    assert len(form_links) == len(set(form_links)) == 4


def test_closed_forms_are_offered_as_a_reopen_request_on_the_phase_page(client, officer):
    h.participant("910")
    phase = latest_past_phase()
    client.force_login(officer)
    names = link_names(
        client.get(reverse("emulation:phase_detail", args=[phase.pk])).content.decode()
    )
    assert (
        f"Đã đóng — đề nghị mở lại đăng ký thi đua của Huyện Vĩnh Thuận (910), {phase.label}"
        in names
    )
    assert not any(name.startswith("Đăng ký thi đua:") for name in names)


@pytest.mark.parametrize("list_name", ["participant_list", "registration_list", "review_list"])
def test_district_officer_lists_open_on_their_own_district_with_the_province_one_click_away(
    client, officer, list_name
):
    final = h.phase()
    for code in ("910", "31060", "908"):
        h.registration(final, code)
        h.review(final, code, 5)
    client.force_login(officer)
    url = reverse(f"emulation:{list_name}")
    own = client.get(url).content.decode()
    assert "Đang xem <strong>Huyện Vĩnh Thuận</strong> và các xã trực thuộc." in own
    assert '<a href="?district=">Xem toàn tỉnh</a>' in own
    rows = own.split("<tbody>", 1)[1]
    assert "Huyện Vĩnh Thuận" in rows and "Huyện An Biên" not in rows
    whole = client.get(url + "?district=").content.decode()
    assert "Đang xem <strong>toàn tỉnh</strong>" in whole
    assert "Huyện An Biên" in whole.split("<tbody>", 1)[1]


def test_staff_lists_still_open_on_the_whole_province(client, province_staff):
    h.participant("910")
    h.participant("908")
    client.force_login(province_staff)
    page = client.get(reverse("emulation:participant_list")).content.decode()
    assert "Huyện An Biên" in page and "Huyện Vĩnh Thuận" in page
    assert "Đang xem" not in page
