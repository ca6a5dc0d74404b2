"""Recording a decision by hand, as a staff member does it: only visible controls, by mouse."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from ntm_portal.lib.text import fold
from targets.models import Certification, Decision
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot
from units.models import Unit

pytestmark = pytest.mark.e2e


def unit_label(code):
    unit = Unit.objects.select_related("parent").get(code=code)
    return f"{unit.full_name} ({unit.code}) – {unit.parent.full_name}"


def visible_and_wide(locator):
    locator.scroll_into_view_if_needed()
    expect(locator).to_be_visible()
    expect(locator).to_be_in_viewport()
    box = locator.bounding_box()
    assert box is not None and box["width"] > 40, f"{locator} is {box} wide"


def fill_row(page, number, code, standard, year):
    row = page.get_by_role("group", name=f"Dòng {number}")
    # A person narrows the long list by typing the name without diacritics, then picks it.
    search = row.get_by_role("searchbox", name=f"Tìm đơn vị, dòng {number}")
    visible_and_wide(search)
    unit_name = Unit.objects.get(code=code).name
    search.fill(fold(unit_name))
    unit = row.get_by_role("combobox", name=re.compile("^Đơn vị"))
    visible_and_wide(unit)
    unit.select_option(label=unit_label(code))
    standard_select = row.get_by_role("combobox", name="Chuẩn")
    visible_and_wide(standard_select)
    standard_select.select_option(label=standard)
    year_input = row.get_by_label("Năm đạt chuẩn")
    visible_and_wide(year_input)
    year_input.fill(str(year))
    return row


def communes_card(page):
    return page.locator("#indicator-commune_ntm [data-actual]")


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_record_a_decision_with_two_units_by_clicking_visible_controls(
    page_at, live_server, province_staff, width
):
    page = page_at(width)
    login(page, live_server, "tinh", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/?year=2022")
    before = int(communes_card(page).inner_text())

    page.goto(f"{live_server.url}/certifications/new/")
    page.get_by_role("textbox", name=re.compile("^Số quyết định")).fill("1007/QĐ-UBND")
    page.get_by_role("textbox", name=re.compile("^Ngày quyết định")).fill("15/03/2022")
    page.get_by_role("textbox", name=re.compile("^Người ký")).fill("Lâm Minh Thành")
    fill_row(page, 1, "31060", "Đạt chuẩn nông thôn mới", 2021)
    second = fill_row(page, 2, "31063", "Đạt chuẩn nông thôn mới", 2023)
    page.get_by_role("button", name="Lưu quyết định và công nhận").click()

    message = second.get_by_text("trước năm đạt chuẩn 2023")
    visible_and_wide(message)
    shot(page, f"recording-row-error-{width}")
    assert not Certification.objects.exists()
    assert (
        page.get_by_role("textbox", name=re.compile("^Số quyết định")).input_value()
        == "1007/QĐ-UBND"
    )

    second.get_by_label("Năm đạt chuẩn").fill("2021")
    page.get_by_role("button", name="Lưu quyết định và công nhận").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1007/QĐ-UBND")
    decision = Decision.objects.get(number="1007/QĐ-UBND")
    assert decision.issued_on == datetime.date(2022, 3, 15)
    assert sorted(decision.certifications.values_list("unit__code", flat=True)) == [
        "31060",
        "31063",
    ]

    page.goto(f"{live_server.url}/dashboard/?year=2022")
    assert int(communes_card(page).inner_text()) == before + 2


def test_choosing_an_existing_decision_hides_the_new_decision_fields(
    page, live_server, province_staff
):
    from tests.factories import certify

    certify("31060", "ntm", 2021, number="12/QĐ-UBND", issued_on=datetime.date(2022, 3, 15))
    login(page, live_server, "tinh", PASSWORD)
    page.goto(f"{live_server.url}/certifications/new/")
    number = page.get_by_role("textbox", name=re.compile("^Số quyết định"))
    expect(number).to_be_visible()
    page.get_by_label("Quyết định đã có").select_option(index=1)
    expect(number).to_be_hidden()
    fill_row(page, 1, "31063", "Đạt chuẩn nông thôn mới", 2021)
    page.get_by_role("button", name="Lưu quyết định và công nhận").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("12/QĐ-UBND")
    assert Certification.objects.filter(unit__code="31063", decision__number="12/QĐ-UBND").exists()
