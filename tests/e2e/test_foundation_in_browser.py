import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot

pytestmark = pytest.mark.e2e


def test_anonymous_visitor_is_sent_to_the_login_page(page, live_server, transactional_db):
    page.goto(f"{live_server.url}/units/")
    assert "/accounts/login/" in page.url
    assert page.locator("h1").inner_text() == "Đăng nhập"
    shot(page, "login")


def test_district_officer_logs_in_finds_a_commune_without_diacritics_and_opens_it(
    page, live_server, officer
):
    login(page, live_server, "huyen.vinhthuan", PASSWORD)
    assert "Xin chào" in page.locator("h1").inner_text()
    assert "Cán bộ cấp huyện" in page.content()
    shot(page, "home-officer")
    page.goto(f"{live_server.url}/units/")
    page.fill("input[name=q]", "vinh binh bac")
    page.click("button:has-text('Tìm')")
    page.click("text=Xã Vĩnh Bình Bắc")
    assert page.locator("h1").inner_text() == "Xã Vĩnh Bình Bắc"
    crumbs = page.locator(".breadcrumb").inner_text()
    assert "Huyện Vĩnh Thuận" in crumbs
    shot(page, "commune")


def test_plan_page_shows_the_targets_and_flags_the_contradiction(page, live_server, leadership):
    login(page, live_server, "lanhdao", PASSWORD)
    page.goto(f"{live_server.url}/plans/")
    page.click("text=168/KH-UBND")
    assert "Kế hoạch 168/KH-UBND" in page.locator("h1").inner_text()
    table = page.locator("table").first.inner_text()
    assert "116" in table and "Xã đạt chuẩn NTM kiểu mẫu" in table
    assert page.get_by_role("link", name="Sửa chỉ tiêu").count() == 0
    page.click("text=Kiểm tra tính nhất quán")
    assert "1 chỗ không khớp" in page.content()
    shot(page, "plan-check")


def test_targets_form_refuses_a_decreasing_target_and_keeps_the_input(
    page, live_server, province_staff, plan
):
    login(page, live_server, "tinh", PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.pk}/targets/")
    field = page.locator("input[aria-label='Lũy kế 2024']").nth(2)
    field.fill("100")
    page.click("button:has-text('Lưu tất cả')")
    assert "nhỏ hơn năm 2023 (113)" in page.content()
    assert page.locator("input[aria-label='Lũy kế 2024']").nth(2).input_value() == "100"
    shot(page, "targets-error")


def test_navigation_collapses_into_a_menu_at_phone_width(phone_page, live_server, leadership):
    login(phone_page, live_server, "lanhdao", PASSWORD)
    toggler = phone_page.locator(".navbar-toggler")
    assert toggler.is_visible()
    assert not phone_page.locator("#nav-main").is_visible()
    toggler.click()
    phone_page.locator("#nav-main").wait_for(state="visible")
    assert phone_page.locator("#nav-main >> text=Đơn vị").is_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    shot(phone_page, "phone-menu")
