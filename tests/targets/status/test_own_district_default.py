"""The commune status list and its export open on a district officer's own communes, saying
so, with the whole province one click away; staff and leadership open on the whole province."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import commune_status

LIST = reverse("targets:status_list")
EXPORT = reverse("targets:status_export")


def districts_listed(response):
    return sorted({status.commune.parent.code for status in response.context["object_list"]})


def exported_codes(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0])


def statuses_in_two_districts():
    commune_status("31060", 2024, met=17)  # Vĩnh Thuận (910)
    commune_status("31063", 2024, met=19)  # Vĩnh Thuận (910)
    commune_status("31003", 2024, met=12)  # An Biên (908)


def test_district_officer_status_list_opens_on_own_communes_with_the_province_one_click_away(
    client, officer
):
    statuses_in_two_districts()
    client.force_login(officer)
    own = client.get(LIST)
    page = own.content.decode()
    assert districts_listed(own) == ["910"]
    assert "Đang xem <strong>Huyện Vĩnh Thuận</strong> và các xã trực thuộc." in page
    assert '<a href="?district=">Xem toàn tỉnh</a>' in page
    assert "2 kết quả năm" in page
    whole = client.get(LIST, {"district": ""})
    assert districts_listed(whole) == ["908", "910"]
    page = whole.content.decode()
    assert "Đang xem <strong>toàn tỉnh</strong>." in page
    assert '<a href="?district=910">Chỉ xem Huyện Vĩnh Thuận</a>' in page


def test_district_officer_status_export_follows_the_same_default_and_the_province_link(
    client, officer
):
    statuses_in_two_districts()
    client.force_login(officer)
    page = client.get(LIST).content.decode()
    assert f'href="{EXPORT}?"' in page
    assert exported_codes(client.get(EXPORT)) == ["31060", "31063"]
    whole = client.get(LIST, {"district": ""}).content.decode()
    assert f'href="{EXPORT}?district="' in whole
    assert exported_codes(client.get(EXPORT, {"district": ""})) == ["31003", "31060", "31063"]


def test_staff_and_leadership_status_list_and_export_open_on_the_whole_province(
    client, province_staff, leadership
):
    statuses_in_two_districts()
    for user in (province_staff, leadership):
        client.force_login(user)
        response = client.get(LIST)
        assert districts_listed(response) == ["908", "910"]
        assert "Đang xem" not in response.content.decode()
        assert exported_codes(client.get(EXPORT)) == ["31003", "31060", "31063"]
