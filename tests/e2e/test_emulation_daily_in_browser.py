"""Daily work of the movement in a browser (issue #23): the dashboard's trajectory charts fit
their columns and end at the plan's last year, at desktop and phone widths."""

import io

import pytest
from django.core.management import call_command

from tests.e2e.conftest import SCREENSHOTS, shot

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
def demo(transactional_db):
    for command in ("load_demo_accounts", "load_demo_history"):
        call_command(command, stdout=io.StringIO())


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
