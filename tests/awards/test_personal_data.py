"""#20 point 8: an individual nominee's particulars (year of birth, sex, address) are visible and
exportable only to provincial staff and to the officer of the nominee's own district; other
districts and leadership see the name, the unit and the award history."""

import io

import pytest
from openpyxl import load_workbook

from tests.awards.helpers import nomination, person, record
from units.models import Unit

SEES = {"province_staff": True, "officer": True, "other_officer": False, "leadership": False}


@pytest.fixture
def nominee(officer):
    """A person of Vĩnh Thuận (910), the district of `officer`; `other_officer` is An Biên's."""
    someone = person(
        "Trần Thị Kim Loan",
        1977,
        sex="female",
        address="Ấp Kinh Năm, xã Vĩnh Bình Bắc",
        by=officer,
    )
    record(someone, "chien-si-thi-dua-co-so", 2023, number="77/QĐ-UBND")
    return someone


def rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def row_of(response, name):
    return next(row for row in rows(response) if name in row)


@pytest.mark.parametrize("role", list(SEES))
def test_the_nominee_page_shows_particulars_per_role(client, cast, nominee, role):
    client.force_login(cast[role])
    page = client.get(f"/awards/nominees/{nominee.pk}/").content.decode()
    assert "Trần Thị Kim Loan" in page and "77/QĐ-UBND" in page  # name and history for all
    assert ("1977" in page) is SEES[role]
    assert ("Ấp Kinh Năm" in page) is SEES[role]
    assert ("Nữ, 1977" in page) is SEES[role]


@pytest.mark.parametrize("role", list(SEES))
def test_the_nominee_list_shows_the_year_of_birth_per_role(client, cast, nominee, role):
    client.force_login(cast[role])
    page = client.get("/awards/nominees/").content.decode()
    assert "Trần Thị Kim Loan" in page
    assert ("1977" in page) is SEES[role]


@pytest.mark.parametrize("role", list(SEES))
def test_the_nominee_export_carries_particulars_per_role(client, cast, nominee, role):
    client.force_login(cast[role])
    row = row_of(client.get("/awards/nominees/export/"), "Trần Thị Kim Loan")
    if SEES[role]:
        assert "Nữ" in row and 1977 in row and "Ấp Kinh Năm, xã Vĩnh Bình Bắc" in row
    else:
        assert row.count("(không hiển thị)") == 6  # sex, year and date of birth, …
        assert "Nữ" not in row and 1977 not in row


@pytest.mark.parametrize("role", list(SEES))
def test_the_award_history_export_carries_particulars_per_role(client, cast, nominee, role):
    client.force_login(cast[role])
    row = row_of(client.get("/awards/records/?format=xlsx"), "Trần Thị Kim Loan")
    assert "77/QĐ-UBND" in row
    assert (1977 in row) is SEES[role]
    assert ("Ấp Kinh Năm, xã Vĩnh Bình Bắc" in row) is SEES[role]


@pytest.mark.parametrize("role", list(SEES))
def test_the_nomination_export_carries_the_year_of_birth_per_role(
    client, cast, nominee, officer, role
):
    nomination(nominee, by=officer)
    client.force_login(cast[role])
    response = client.get("/awards/?format=xlsx")
    if response.status_code == 403:  # a role without the nominations list sees nothing at all
        return
    row = row_of(response, "Trần Thị Kim Loan")
    assert (1977 in row) is SEES[role]


@pytest.mark.parametrize("role", list(SEES))
def test_the_duplicates_page_shows_years_of_birth_per_role(client, cast, officer, role):
    person("Lý Văn Tâm", 1961, by=officer)
    person("Lí Văn Tâm", 1962, by=officer)
    client.force_login(cast[role])
    page = client.get("/awards/duplicates/").content.decode()
    assert "Lý Văn Tâm" in page and "Lí Văn Tâm" in page
    assert ("sinh năm 1961" in page) is SEES[role]


def test_the_edit_history_hides_a_changed_year_of_birth_from_other_districts(
    client, cast, nominee, officer
):
    from awards.services import save_nominee

    nominee.birth_year = 1976
    save_nominee(nominee, by=officer)
    client.force_login(cast["other_officer"])
    page = client.get(f"/awards/nominees/{nominee.pk}/").content.decode()
    assert "1976" not in page and "1977" not in page
    client.force_login(cast["province_staff"])
    page = client.get(f"/awards/nominees/{nominee.pk}/").content.decode()
    assert "1976" in page and "1977" in page


@pytest.mark.parametrize("role", list(SEES))
def test_date_of_birth_hometown_and_identity_number_follow_the_same_rule(
    client, cast, officer, role
):
    import datetime

    someone = person(
        "Phan Văn Đức",
        1980,
        date_of_birth=datetime.date(1980, 4, 30),
        hometown="Xã Vĩnh Bình Nam, huyện Vĩnh Thuận",
        identity_number="091080001234",
        by=officer,
    )
    client.force_login(cast[role])
    page = client.get(f"/awards/nominees/{someone.pk}/").content.decode()
    for value in ("30/04/1980", "Xã Vĩnh Bình Nam, huyện Vĩnh Thuận", "091080001234"):
        assert (value in page) is SEES[role]
    row = row_of(client.get("/awards/nominees/export/"), "Phan Văn Đức")
    for value in ("30/04/1980", "Xã Vĩnh Bình Nam, huyện Vĩnh Thuận", "091080001234"):
        assert (value in row) is SEES[role]


def test_an_identity_number_of_other_than_twelve_digits_and_a_mismatched_date_are_refused(
    client, officer
):
    client.force_login(officer)
    page = client.post(
        "/awards/nominees/new/",
        {
            "nominee_type": "individual",
            "name": "Phan Văn Đức",
            "sex": "male",
            "birth_year": "1980",
            "date_of_birth": "30/04/1981",
            "identity_number": "09108",
            "district": Unit.objects.get(code="910").pk,
        },
    ).content.decode()
    assert "Số định danh cá nhân “09108” phải gồm đúng 12 chữ số." in page
    assert "Ngày sinh 30/04/1981 không khớp năm sinh 1980." in page
