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


# --- the printed documents (#20: the dossier PDFs follow the same rule) -----------------------

PARTICULAR_VALUES = (
    "30/04/1980",  # date of birth (form 03)
    "Xã Vĩnh Bình Nam, huyện Vĩnh Thuận",  # hometown (form 03)
    "Ấp Kinh Năm, xã Vĩnh Bình Bắc",  # residence (form 03)
)


@pytest.fixture
def printed(officer, province_staff):
    """Phan Văn Đức of Vĩnh Thuận, with every particular, proposed by the district for the
    provincial Bằng khen and decided; Võ Thị Mai of Vĩnh Thuận proposed by the province for the
    Prime Minister's, sent up by the province's tờ trình; both passed by the council."""
    import datetime

    from awards.models import AwardDecision
    from awards.services import issue_decision, record_council, send_to_central
    from tests.awards.helpers import session

    local = nomination(
        person(
            "Phan Văn Đức",
            1980,
            date_of_birth=datetime.date(1980, 4, 30),
            hometown="Xã Vĩnh Bình Nam, huyện Vĩnh Thuận",
            address="Ấp Kinh Năm, xã Vĩnh Bình Bắc",
            identity_number="091080001234",
            by=officer,
        ),
        by=officer,
    )
    national = nomination(
        person("Võ Thị Mai", 1979, sex="female", address="Ấp Mười Một", by=province_staff),
        by=province_staff,
        kind_code="bang-khen-thu-tuong",
        proposer="91",
    )
    for proposal, by in ((local, officer), (national, province_staff)):
        proposal.submit(
            by=by, submission_number="45/TTr-UBND", submitted_on=datetime.date(2024, 12, 2)
        )
        proposal.receive(by=province_staff)
    meeting = session(local.phase, by=province_staff)
    record_council(
        session=meeting, votes={local: (7, 0, 0), national: (7, 0, 0)}, by=province_staff
    )
    meeting.central_submission_number = "412/TTr-UBND"
    meeting.central_submission_date = datetime.date(2025, 1, 15)
    meeting.central_submission_signer = "Lê Quốc Anh"
    send_to_central(session=meeting, by=province_staff)
    decision = AwardDecision(
        number="1234/QĐ-UBND", issued_on=datetime.date(2025, 1, 20), signer="Lê Quốc Anh",
        phase=meeting.phase, session=meeting, created_by=province_staff,
    )  # fmt: skip
    issue_decision(decision=decision, nominations=[local], by=province_staff)
    return {"meeting": meeting, "local": local, "national": national, "decision": decision}


# Every PDF route of the commendation workflow and what it prints of a person's particulars to
# those allowed to see them: form 03's part I ("report"), the tờ trình's year of birth ("year"),
# both (the dossier) or nothing.
PRINTS_PARTICULARS = {
    "nomination_report": ("report",),
    "nomination_submission": ("year",),  # the district's tờ trình
    "session_submission": ("year",),  # to the Chairman, and with ?to=central to the centre
    "session_dossier": ("year", "report"),
    "session_minutes": (),
    "decision_document": (),
    "decision_certificates": (),
}


def pdf_urls(printed):
    """(label, url, person, what it prints) for every PDF route."""
    from django.urls import reverse

    meeting, local, decision = printed["meeting"], printed["local"], printed["decision"]
    args = {
        "nomination_report": local.pk,
        "nomination_submission": local.pk,
        "session_submission": meeting.pk,
        "session_dossier": meeting.pk,
        "session_minutes": meeting.pk,
        "decision_document": decision.pk,
        "decision_certificates": decision.pk,
    }
    urls = [
        (name, reverse(f"awards:{name}", args=[args[name]]), "Phan Văn Đức", prints)
        for name, prints in PRINTS_PARTICULARS.items()
    ]
    central = reverse("awards:session_submission", args=[meeting.pk]) + "?to=central"
    return [*urls, ("session_submission (Trung ương)", central, "Võ Thị Mai", ("year",))]


def test_every_pdf_of_the_workflow_is_in_the_table():
    """A new PDF route must say in PRINTS_PARTICULARS whether it prints particulars."""
    from django.urls import get_resolver

    routes = set()

    def walk(patterns, namespace=""):
        for entry in patterns:
            if hasattr(entry, "url_patterns"):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif namespace == "awards" and str(entry.pattern).endswith(".pdf"):
                routes.add(entry.name)

    walk(get_resolver().url_patterns)
    assert routes == set(PRINTS_PARTICULARS)


def read(response):
    from tests.awards.helpers import pdf_text

    text, _reader = pdf_text(response.content)
    return " ".join(text.split())


YEARS = {"Phan Văn Đức": "1980", "Võ Thị Mai": "1979"}


def year_cell(text, name):
    """What follows the person's name in the tờ trình's list of individuals: the year of birth
    column (a dossier names the person in its contents first)."""
    listed = text.split("Cá nhân (", 1)[1]
    return listed.split(f"{'Bà' if name == 'Võ Thị Mai' else 'Ông'} {name}", 1)[1][:40]


@pytest.mark.parametrize("role", list(SEES))
def test_the_dossier_pdfs_print_particulars_per_role(client, cast, printed, role):
    client.force_login(cast[role])
    printed_any = False
    for label, url, name, prints in pdf_urls(printed):
        response = client.get(url)
        if response.status_code in (403, 404):  # a role that may not print it gets nothing
            continue
        assert response.status_code == 200, (label, response.status_code)
        printed_any = True
        text = read(response)
        assert name in text, label
        for value in PARTICULAR_VALUES:
            assert (value in text) is ("report" in prints and SEES[role]), (label, value)
        if "year" in prints:
            cell = year_cell(text, name)
            assert (YEARS[name] in cell) is SEES[role], (label, cell)
            assert ("(không hiển thị)" in cell) is not SEES[role], (label, cell)
        if "report" in prints and not SEES[role]:
            assert "Sinh ngày, tháng, năm: (không hiển thị)" in text, label
        assert "091080001234" not in text, label  # no document prints the identity number
    assert printed_any, role


def test_the_documents_rule_is_the_pages_rule(cast, printed):
    """documents.particulars_view answers as Nominee.particulars_visible_to, role by role, for a
    person of the officer's district, one of another district and one without district."""
    from awards import documents

    others = [
        person("Lê Thị Hồng", 1990, district="908"),
        person("Trương Văn Bảy", 1970, district=None),
    ]
    people = [printed["local"].nominee, *others]
    for role, user in cast.items():
        view = documents.particulars_view(user)
        for someone in people:
            assert view.shows(someone) is someone.particulars_visible_to(user), (role, someone)
    keys = {role: documents.particulars_view(user).key for role, user in cast.items()}
    assert keys["province_staff"] == keys["administrator"] == "tinh"
    assert keys["officer"] != keys["other_officer"] and keys["leadership"] == "khong"
