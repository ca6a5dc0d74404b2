"""The submit form lists, for each of the officer's communes, the standards it may be submitted
for and why the others cannot, by the same rule as the submit step (check_submission)."""

import re

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from targets.forms.commune_status import last_status_year
from targets.models import Standard
from targets.services import submit_appraisal
from tests.conftest import make_user
from tests.factories import certify, commune_status, unit
from units.access import Capability, Role
from units.models import communes_for

CREATE_URL = reverse("targets:appraisal_create")


class RolledBack(Exception):
    pass


def submit_succeeds(commune, standard, year, officer):
    """Whether the submit step itself accepts the submission; nothing is kept either way."""
    try:
        with transaction.atomic():
            submit_appraisal(
                commune=commune,
                standard=standard,
                standard_year=year,
                submission_number="45/TTr-UBND",
                by=officer,
            )
            raise RolledBack
    except RolledBack:
        return True
    except Exception:  # noqa: BLE001 - any refusal of the step is a "no"
        return False


def listed(html):
    """{commune code: (eligible standards, refused standards)} as the page lists them."""
    rows = {}
    for code, body in re.findall(r'<tr data-commune="(\d+)">(.*?)</tr>', html, re.S):
        rows[code] = (
            set(re.findall(r'data-eligible="(\w+)"', body)),
            set(re.findall(r'data-refused="(\w+)"', body)),
        )
    return rows


def test_the_eligibility_list_equals_the_submit_steps_answer_for_every_commune(client, officer):
    year = last_status_year()
    commune_status("31060", year, met=19)
    commune_status("31063", year, met=18)
    commune_status("31064", year, met=19)
    certify("31064", "ntm", standard_year=year - 1)
    client.force_login(officer)
    html = client.get(CREATE_URL).content.decode()
    rows = listed(html)
    communes = list(communes_for(officer, Capability.SUBMIT_APPRAISAL))
    assert set(rows) == {commune.code for commune in communes}
    for commune in communes:
        eligible, refused = rows[commune.code]
        for standard in Standard.of_kind(commune.kind):
            expected = submit_succeeds(commune, standard, year, officer)
            assert (standard in eligible) is expected, (commune.code, standard)
            assert (standard in refused) is not expected, (commune.code, standard)
    assert "ntm" in rows["31060"][0]
    assert "ntm" in rows["31063"][1]
    assert "ntm" in rows["31064"][1]


def test_the_list_says_why_a_commune_cannot_be_submitted(client, officer):
    year = last_status_year()
    commune_status("31063", year, met=18)
    certify("31064", "ntm", standard_year=year - 1)
    commune_status("31064", year, met=19)
    client.force_login(officer)
    html = client.get(CREATE_URL).content.decode()
    row_63 = re.search(r'<tr data-commune="31063">(.*?)</tr>', html, re.S).group(1)
    row_64 = re.search(r'<tr data-commune="31064">(.*?)</tr>', html, re.S).group(1)
    assert f"năm {year} mới đạt 18/19 tiêu chí" in row_63
    assert f"{unit('31064')} đã được công nhận" in row_64
    # A commune with no standard to submit says so rather than leaving its cell empty.
    assert "Chưa trình được chuẩn nào" in row_63
    # The form chooses no standard in advance (NTM was preselected, refused for most communes).
    select = html.split('name="standard"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="([^"]*)"', select)[0] == ""


def form_queries(client, user):
    client.force_login(user)
    # The user's assignment is cached on the data version (issue #22): read by a first view.
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CREATE_URL)
    assert response.status_code == 200
    return len(queries), len(listed(response.content.decode()))


def test_the_eligibility_list_reads_the_same_number_of_queries_whatever_the_number_of_communes(
    client, officer
):
    """A province-wide account lists every commune of the province with the same queries as a
    district officer lists a district's (it was several queries per commune and standard)."""
    administrator = make_user("quantri.tinh", Role.ADMINISTRATOR)
    year = last_status_year()
    for code, met in (("31060", 19), ("31063", 18), ("31064", 19)):
        commune_status(code, year, met=met)
    certify("31064", "ntm", standard_year=year - 1)
    # Communes of other districts, with the same kinds of facts, seen only province-wide.
    others = list(
        communes_for(administrator, Capability.SUBMIT_APPRAISAL, year=year).exclude(
            parent__code="910"
        )[:6]
    )
    for number, commune in enumerate(others):
        commune_status(commune.code, year, met=19 - number % 2)
    certify(others[0].code, "ntm", standard_year=year - 1)
    officer_queries, officer_communes = form_queries(client, officer)
    province_queries, province_communes = form_queries(client, administrator)
    assert province_communes > 10 * officer_communes
    # The page, the session and the account; then six for every commune's facts at once.
    assert province_queries == officer_queries
    assert province_queries <= 20
