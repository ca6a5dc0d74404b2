import datetime

import pytest

from targets.models import Certification
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot
from units.models import Unit

pytestmark = pytest.mark.e2e


def test_province_staff_record_a_decision_and_see_it_on_the_commune_page(
    page, live_server, province_staff
):
    login(page, live_server, "tinh", PASSWORD)
    page.get_by_role("link", name="Công nhận", exact=True).click()
    page.get_by_role("link", name="Ghi nhận công nhận").click()
    page.fill("input[name=decision-number]", "1007/QĐ-UBND")
    page.fill("input[name=decision-issued_on]", "15/03/2022")
    page.fill("input[name=decision-signer]", "Lâm Minh Thành")
    commune = Unit.objects.get(code="31060")
    page.select_option("select[name=rows-0-unit]", str(commune.pk))
    page.select_option("select[name=rows-0-standard]", "ntm")
    page.fill("input[name=rows-0-standard_year]", "2021")
    page.get_by_role("button", name="Lưu quyết định và công nhận").click()
    page.wait_for_load_state()
    certification = Certification.objects.get(unit=commune, standard="ntm")
    assert certification.decision.number == "1007/QĐ-UBND"
    assert certification.decision.issued_on == datetime.date(2022, 3, 15)
    page.goto(f"{live_server.url}/units/31060/")
    section = page.locator("section", has_text="Công nhận nông thôn mới").first.inner_text()
    assert "1007/QĐ-UBND" in section and "15/03/2022" in section
    shot(page, "commune-after-recording")


def test_leadership_switches_the_dashboard_to_decision_dates_and_opens_the_report(
    page, live_server, leadership
):
    from tests.factories import certify

    certify("31060", "ntm", 2021, number="12/QĐ-UBND", issued_on=datetime.date(2022, 3, 15))
    login(page, live_server, "lanhdao", PASSWORD)
    assert page.url.endswith("/dashboard/")
    page.select_option("select[name=year]", "2021")
    page.get_by_label("Theo ngày quyết định").check()
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state()
    assert "basis=decision" in page.url and "year=2021" in page.url
    cards = page.locator("#indicators-title").locator("xpath=..").inner_text()
    assert "Xã đạt chuẩn NTM" in cards
    shot(page, "dashboard-decision-basis")
    link = page.get_by_role("link", name="Báo cáo tiến độ (PDF)")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
