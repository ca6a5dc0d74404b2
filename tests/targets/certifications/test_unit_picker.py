"""The recognition form offers only the units that exist on the decision's date, grouped by
district and searchable without diacritics, and says why a unit that ceased is refused."""

import datetime
import re

from targets.models import Certification, Decision
from tests.factories import decision, unit
from units.models import Unit, UnitSuccession

from .helpers import CREATE_URL, page_text, record_data


def first_row_options(html):
    """{district group label: [option labels]} of the first row's unit select."""
    select = re.search(r'<select name="rows-0-unit".*?</select>', html, re.S).group(0)
    groups = {}
    for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S):
        groups[label] = re.findall(r"<option[^>]*>([^<]*)</option>", body)
    return groups


def test_the_two_binh_an_communes_are_listed_under_their_own_district(client, province_staff):
    client.force_login(province_staff)
    groups = first_row_options(page_text(client.get(CREATE_URL)))
    first, second = unit("30808"), unit("30898")
    assert any(label.startswith("Xã Bình An (30808)") for label in groups[first.parent.full_name])
    assert any(label.startswith("Xã Bình An (30898)") for label in groups[second.parent.full_name])
    assert first.parent.full_name != second.parent.full_name
    assert any("Vĩnh Thuận" in label for label in groups["Cấp huyện"])


def test_each_option_carries_its_name_without_diacritics_for_the_search_box(client, province_staff):
    client.force_login(province_staff)
    html = page_text(client.get(CREATE_URL))
    assert f'data-search="xa binh an (30808) – {"huyen"}' in html
    assert "js/unit_picker.js" in html


def test_a_decision_after_the_reorganisation_offers_only_the_units_that_exist_then(
    client, province_staff
):
    client.force_login(province_staff)
    old = unit("31060")
    successor = Unit.objects.create(
        code="31999",
        name="Vĩnh Thuận Mới",
        level=Unit.Level.COMMUNE,
        kind=old.kind,
        parent=old.parent,
        valid_from=datetime.date(2025, 7, 1),
    )
    later = decision(number="55/QĐ-UBND", issued_on=datetime.date(2025, 9, 5))
    offered = [
        label
        for labels in first_row_options(
            page_text(client.get(f"{CREATE_URL}?decision={later.pk}"))
        ).values()
        for label in labels
    ]
    assert any("(31999)" in label for label in offered)
    assert not any("(31060)" in label for label in offered)

    earlier = decision(number="56/QĐ-UBND", issued_on=datetime.date(2022, 6, 2))
    offered = [
        label
        for labels in first_row_options(
            page_text(client.get(f"{CREATE_URL}?decision={earlier.pk}"))
        ).values()
        for label in labels
    ]
    assert any("(31060)" in label for label in offered)
    assert not any("(31999)" in label for label in offered)
    assert successor.pk


def test_an_old_unit_on_a_later_decision_is_refused_naming_its_successor(client, province_staff):
    client.force_login(province_staff)
    old = unit("31060")
    data = record_data([("31060", "ntm", 2025)], number="77/QĐ-UBND", issued_on="05/09/2025")
    response = client.post(CREATE_URL, data)
    text = page_text(response)
    assert response.status_code == 200
    # The lineage of 01/07/2025 (fixtures/unit_lineage_kien_giang_2025.csv).
    assert f"Dòng 1: {old.full_name} đã sáp nhập vào Xã Vĩnh Bình (31064) từ 01/07/2025" in text
    assert not Decision.objects.exists()
    assert not Certification.objects.exists()


def test_an_old_unit_without_a_known_successor_is_refused_with_the_day_it_ceased(
    client, province_staff
):
    client.force_login(province_staff)
    UnitSuccession.objects.filter(predecessor=unit("31060")).delete()
    data = record_data([("31060", "ntm", 2025)], number="78/QĐ-UBND", issued_on="05/09/2025")
    text = page_text(client.post(CREATE_URL, data))
    assert "đơn vị đã thôi tồn tại từ 01/07/2025" in text
    assert not Certification.objects.exists()
    data = record_data([("31060", "ntm", 2025)], number="78/QĐ-UBND", issued_on="30/06/2025")
    assert client.post(CREATE_URL, data).status_code == 302
    assert Certification.objects.get().unit.code == "31060"
