"""Daily work of the movement in a browser (issue #23), at desktop and phone widths: the
dashboard's trajectory charts fit their columns and end at the plan's last year; a district
officer opening an overdue registration sees that it is closed and asks to reopen it before
typing anything, staff grant a new deadline, and the officer then registers; the ranking marks
ranks from self-scores alone."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from emulation.models import Registration, ReopenRequest, Review
from tests.conftest import PASSWORD
from tests.e2e.conftest import SCREENSHOTS, login, shot
from tests.emulation import helpers as h

pytestmark = pytest.mark.e2e
DEMO_PASSWORD = "kiengiang2025"

# Each visible chart of the trajectory section: its box, its figure's box, its last year label.
CHART_BOXES = """() => [...document.querySelectorAll('#trajectory-title ~ * figure')].map(figure => {
  const svg = [...figure.querySelectorAll('svg')].find(s => s.getClientRects().length);
  const years = [...svg.querySelectorAll('.ntm-chart-x')];
  const last = years[years.length - 1];
  const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  return {chart: box(svg.getBoundingClientRect()), figure: box(figure.getBoundingClientRect()),
          last: last.textContent, lastBox: box(last.getBoundingClientRect())};
})"""


@pytest.fixture
def demo(demo_data):
    """The demo accounts and history (tests/e2e/conftest.py, loaded once per worker)."""


def demo_login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def inside(inner, outer):
    return (
        inner["left"] >= outer["left"] - 0.5
        and inner["right"] <= outer["right"] + 0.5
        and inner["top"] >= outer["top"] - 0.5
        and inner["bottom"] <= outer["bottom"] + 0.5
    )


@pytest.mark.parametrize("width", [1366, 390])
def test_dashboard_charts_lie_inside_their_columns_and_end_at_2025(
    page_at, live_server, demo, width
):
    page = page_at(width)
    demo_login(page, live_server, "lanhdao")
    assert page.url.endswith("/dashboard/")
    page.get_by_role("heading", name="Kế hoạch và thực tế qua các năm").scroll_into_view_if_needed()
    charts = page.evaluate(CHART_BOXES)
    assert len(charts) == 5
    for chart in charts:
        assert chart["last"] == "2025"
        assert inside(chart["chart"], chart["figure"]), chart
        assert inside(chart["lastBox"], chart["figure"]), chart
        assert chart["chart"]["right"] <= width, chart
    # Two charts side by side on a desktop do not overlap.
    if width > 992:
        first, second = charts[0]["chart"], charts[1]["chart"]
        assert first["right"] <= second["left"] or first["bottom"] <= second["top"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"dashboard-{width}")
    if SCREENSHOTS:
        page.locator("section[aria-labelledby=trajectory-title]").screenshot(
            path=f"{SCREENSHOTS}/dashboard-charts-{width}.png"
        )


@pytest.fixture
def closed_final(officer, province_staff):
    h.participant("910")
    final = h.phase()
    final.registration_deadline = final.assessment_deadline = (
        timezone.localdate() - datetime.timedelta(days=2)
    )
    final.save()
    return final


def screenshot_width(page, name):
    shot(page, f"{name}-{page.viewport_size['width']}")


@pytest.mark.parametrize("width", [1366, 390])
def test_officer_sees_the_closed_registration_asks_to_reopen_and_registers_once_granted(
    page_at, live_server, closed_final, width
):
    officer_page = page_at(width)
    login(officer_page, live_server, "huyen.vinhthuan", PASSWORD)
    officer_page.get_by_role("link", name=re.compile("Đăng ký thi đua đã đóng")).click()
    officer_page.get_by_role(
        "link", name=re.compile("Đã đóng — đề nghị mở lại đăng ký thi đua của Huyện Vĩnh Thuận")
    ).click()
    # Before typing anything: the notice at the top, every field read-only, no save or send.
    notice = officer_page.get_by_role("heading", name="Đã đóng — chỉ xem, không sửa được")
    expect(notice).to_be_in_viewport()
    expect(officer_page.get_by_label("1. Thi đua phát triển kinh tế")).to_be_disabled()
    expect(officer_page.get_by_role("button", name="Gửi đăng ký")).to_have_count(0)
    expect(officer_page.get_by_role("button", name="Lưu nháp")).to_have_count(0)
    screenshot_width(officer_page, "closed-registration")
    officer_page.get_by_label("Lý do đề nghị mở lại").fill("Cán bộ phụ trách nghỉ ốm")
    officer_page.get_by_role("button", name="Đề nghị mở lại").click()
    expect(officer_page.get_by_text("Đã gửi đề nghị mở lại đăng ký thi đua")).to_be_visible()
    expect(officer_page.get_by_role("status")).to_contain_text("chờ cấp tỉnh xem xét")

    staff_page = page_at(width)
    login(staff_page, live_server, "tinh", PASSWORD)
    staff_page.get_by_role("link", name=re.compile("Đề nghị mở lại chờ cấp tỉnh xem xét")).click()
    expect(staff_page.get_by_text("Lý do: Cán bộ phụ trách nghỉ ốm")).to_be_visible()
    new_deadline = timezone.localdate() + datetime.timedelta(days=3)
    staff_page.get_by_label("Hạn mới cho Huyện Vĩnh Thuận").fill(f"{new_deadline:%d/%m/%Y}")
    screenshot_width(staff_page, "reopen-requests")
    staff_page.get_by_role("button", name="Mở lại đến hạn mới").click()
    expect(
        staff_page.get_by_text(
            f"Đã mở lại đăng ký thi đua cho Huyện Vĩnh Thuận đến hết ngày {new_deadline:%d/%m/%Y}"
        )
    ).to_be_visible()
    assert ReopenRequest.objects.get().state == ReopenRequest.State.GRANTED

    officer_page.get_by_role("link", name="NTM Kiên Giang").click()
    officer_page.get_by_role("link", name=re.compile("Đăng ký thi đua được mở lại")).click()
    officer_page.get_by_role(
        "link", name=re.compile("Đăng ký thi đua: Huyện Vĩnh Thuận \\(910\\)")
    ).click()
    expect(officer_page.get_by_text("Đã đóng — chỉ xem")).to_have_count(0)
    officer_page.get_by_label("1. Thi đua phát triển kinh tế").fill(
        "Phát triển 2 hợp tác xã liên kết sản xuất lúa – tôm"
    )
    officer_page.get_by_role("button", name="Gửi đăng ký").click()
    expect(
        officer_page.get_by_text("Đã gửi bản đăng ký thi đua của Huyện Vĩnh Thuận")
    ).to_be_visible()
    registration = Registration.objects.get(phase=closed_final, participant__code="910")
    assert registration.state == Registration.State.SUBMITTED and registration.late


@pytest.mark.parametrize("width", [1366, 390])
def test_ranking_marks_self_scored_ranks_provisional_and_keeps_the_status(
    page_at, live_server, closed_final, width
):
    h.cluster(2025, "910", ["908", "909"], name="Cụm thi đua số 3")
    h.review(closed_final, "910", 9)
    h.review(closed_final, "908", 7, state=Review.State.VERIFIED)
    page = page_at(width)
    login(page, live_server, "tinh", PASSWORD)
    page.goto(f"{live_server.url}/emulation/phases/{closed_final.pk}/ranking/")
    rows = page.locator("#main table tbody tr")
    first = rows.filter(has_text="Huyện Vĩnh Thuận")
    expect(first.get_by_text("tạm xếp, chưa thẩm định", exact=True)).to_be_visible()
    expect(page.get_by_text("Xếp hạng tạm thời: 1/2 đơn vị đã được tỉnh thẩm định")).to_be_visible()
    unranked = rows.filter(has_text="Huyện An Minh")
    expect(unranked.get_by_text("Chưa gửi tự chấm: chưa xếp hạng")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot_width(page, "ranking")
