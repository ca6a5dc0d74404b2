"""The movement in a browser: a district officer registers commitments and self-scores; staff
verify, see the ranking change, and print the final report."""

import datetime

import pytest
from django.utils import timezone

from emulation.models import Registration, Review
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot
from tests.emulation import helpers as h

pytestmark = pytest.mark.e2e


@pytest.fixture
def movement_world(officer, province_staff):
    final = h.phase()
    day = timezone.localdate() + datetime.timedelta(days=5)
    final.registration_deadline = final.assessment_deadline = day
    final.save()
    h.cluster(2025, "899", ["910", "908"], name="Cụm thi đua số 3")
    # An Biên already verified by the province: 7 points on every criterion, 63 in all.
    h.review(final, "908", 7, state=Review.State.VERIFIED)
    return final


def open_phase(page, live_server):
    page.get_by_role("link", name="Thi đua", exact=True).click()
    page.get_by_role("link", name="Tổng kết giai đoạn 2021–2025").first.click()


def ranking_order(page):
    rows = page.locator("#main table tbody tr")
    return [rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())]


def test_officer_registers_and_self_scores_staff_verify_and_print(
    page_at, live_server, movement_world
):
    final = movement_world
    criteria = h.criteria_of(final)

    officer_page = page_at(1280)
    login(officer_page, live_server, "huyen.vinhthuan", PASSWORD)
    open_phase(officer_page, live_server)
    officer_page.get_by_role("link", name="Đăng ký thi đua: Huyện Vĩnh Thuận (910)").click()
    officer_page.get_by_label("1. Thi đua phát triển kinh tế").fill(
        "Phát triển 2 hợp tác xã liên kết sản xuất lúa – tôm"
    )
    officer_page.get_by_label("3. Thi đua xây dựng và phát triển văn hóa").fill(
        "Xây dựng 3 nhà văn hóa ấp"
    )
    officer_page.get_by_label("Số xã phấn đấu đạt NTM nâng cao").fill("2")
    officer_page.get_by_role("button", name="Gửi đăng ký").click()
    officer_page.wait_for_load_state()
    assert "Đã gửi bản đăng ký thi đua của Huyện Vĩnh Thuận" in officer_page.content()
    registration = Registration.objects.get(phase=final, participant__code="910")
    assert registration.state == Registration.State.SUBMITTED
    assert registration.communes_advanced == 2
    assert registration.items.count() == 2

    officer_page.get_by_role("link", name="Tổng kết giai đoạn 2021–2025").click()
    officer_page.get_by_role("link", name="Tự chấm điểm: Huyện Vĩnh Thuận (910)").click()
    for criterion in criteria:
        officer_page.get_by_label(f"Điểm {criterion.code} (tối đa").fill("9")
    officer_page.get_by_label("Minh chứng 1.1").fill("Báo cáo số 12/BC-UBND của huyện")
    shot(officer_page, "emulation-self-assessment")
    officer_page.get_by_role("button", name="Gửi tự chấm").click()
    officer_page.wait_for_load_state()
    review = Review.objects.get(phase=final, participant__code="910")
    assert review.state == Review.State.SELF_ASSESSED
    assert review.total == 81

    staff_page = page_at(1280)
    login(staff_page, live_server, "tinh", PASSWORD)
    open_phase(staff_page, live_server)
    staff_page.get_by_role("link", name="Kết quả, xếp hạng").click()
    assert ranking_order(staff_page)[:2][0].startswith("Huyện Vĩnh Thuận")
    # Rạch Giá leads the cluster and has not verified: staff take the cluster's step first.
    staff_page.get_by_role("link", name="Huyện Vĩnh Thuận").click()
    assert staff_page.get_by_role("link", name="Thẩm định (tỉnh)").count() == 0
    staff_page.get_by_role("link", name="Thẩm định (cụm/khối)").click()
    staff_page.get_by_role("button", name="Xác nhận thẩm định").click()
    staff_page.wait_for_load_state()
    assert "Đã thẩm định cấp cụm/khối" in staff_page.content()
    staff_page.get_by_role("link", name="Huyện Vĩnh Thuận").click()
    staff_page.get_by_role("link", name="Thẩm định (tỉnh)").click()
    for criterion in criteria[:5]:
        staff_page.get_by_label(f"Điểm {criterion.code}", exact=True).fill("4")
        staff_page.get_by_label(f"Lý do điều chỉnh {criterion.code}").fill(
            "Chưa có văn bản xác nhận kết quả"
        )
    staff_page.get_by_role("button", name="Xác nhận thẩm định").click()
    staff_page.wait_for_load_state()
    assert "Đã thẩm định cấp tỉnh" in staff_page.content()
    order = ranking_order(staff_page)
    assert order[0].startswith("Huyện An Biên")
    assert order[1].startswith("Huyện Vĩnh Thuận")
    review.refresh_from_db()
    assert review.state == Review.State.VERIFIED and review.total == 81 - 25
    shot(staff_page, "emulation-ranking-after-verification")

    staff_page.get_by_role("link", name="Báo cáo", exact=True).click()
    staff_page.get_by_role("link", name="Lập báo cáo").click()
    staff_page.get_by_label("Đợt").select_option(label="Tổng kết giai đoạn 2021–2025")
    staff_page.get_by_label("Đánh giá chung").fill("Phong trào lan tỏa sâu rộng.")
    staff_page.get_by_role("button", name="Lưu").click()
    staff_page.wait_for_load_state()
    link = staff_page.get_by_role("link", name="In báo cáo (PDF)")
    assert link.is_visible()
    response = staff_page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"


def test_phone_ranking_page_does_not_pan_sideways(page_at, live_server, movement_world, leadership):
    h.review(movement_world, "910", 8, state=Review.State.VERIFIED)
    page = page_at(390)
    login(page, live_server, "lanhdao", PASSWORD)
    page.goto(f"{live_server.url}/emulation/phases/{movement_world.pk}/ranking/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.get_by_role("link", name="Huyện Vĩnh Thuận").is_visible()
