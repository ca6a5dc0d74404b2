"""At phone width (390 px) the columns that matter are on screen without panning, and chart and
map labels stay readable; at 1366 px leadership's district table is not cut off."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e
DEMO_PASSWORD = "kiengiang2025"

# The smallest rendered size of the SVG texts: their font size times the drawing's scale
# (rotated labels included).
SMALLEST_LABEL = """(selector) => Math.min(...[...document.querySelectorAll(selector + ' text')]
  .filter(text => text.getClientRects().length)
  .map(text => {
    const scale = text.getScreenCTM();
    return parseFloat(getComputedStyle(text).fontSize) * Math.hypot(scale.a, scale.b);
  }))"""


@pytest.fixture
def demo(demo_data):
    """The demo accounts and history (tests/e2e/conftest.py, loaded once per worker)."""


def demo_login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def on_screen(page, locator):
    """Visible, inside the window once scrolled to, and not cut at the right edge."""
    locator.scroll_into_view_if_needed()
    expect(locator).to_be_visible()
    expect(locator).to_be_in_viewport()
    box = locator.bounding_box()
    assert box["width"] > 0 and box["x"] >= 0
    assert box["x"] + box["width"] <= page.viewport_size["width"] + 1, box


def no_panning(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_leadership_dashboard_on_a_phone(page_at, live_server, demo):
    page = page_at(390)
    demo_login(page, live_server, "lanhdao")
    assert page.url.endswith("/dashboard/")
    no_panning(page)
    first_district = page.locator("#district-table tbody tr").first
    on_screen(page, first_district.locator("[data-label='Mục tiêu được giao']"))
    on_screen(page, first_district.locator("[data-label='Tiêu chí đạt bình quân mỗi xã']"))
    assert page.evaluate(SMALLEST_LABEL, ".ntm-map") >= 11
    assert page.evaluate(SMALLEST_LABEL, ".ntm-chart") >= 11
    shot(page, "phone-dashboard")


def test_leadership_district_table_fits_at_1366(page_at, live_server, demo):
    page = page_at(1366)
    demo_login(page, live_server, "lanhdao")
    no_panning(page)
    header = page.locator("#district-table thead th").last
    expect(header).to_have_text("Tiêu chí đạt bình quân mỗi xã")
    on_screen(page, header)


def test_staff_lists_on_a_phone_show_state_and_actions(page_at, live_server, demo):
    page = page_at(390)
    demo_login(page, live_server, "tinh")
    page.goto(f"{live_server.url}/appraisals/")
    no_panning(page)
    on_screen(page, page.locator("tbody tr").first.locator("[data-label='Trạng thái']"))
    page.goto(f"{live_server.url}/statuses/")
    no_panning(page)
    first = page.locator("tbody tr").first
    on_screen(page, first.get_by_role("link", name="Sửa"))
    page.goto(f"{live_server.url}/roles/")
    no_panning(page)
    row = page.locator("tbody tr").first
    for role in ("Cán bộ cấp tỉnh", "Cán bộ cấp huyện", "Lãnh đạo", "Quản trị hệ thống"):
        on_screen(page, row.locator(f"[data-label='{role}']"))
    shot(page, "phone-roles")
