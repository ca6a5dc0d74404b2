"""A known history for the progress report, and the report over it rendered once per year for
the tests that only read it back (rendering is most of what a report test costs)."""

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.conftest import make_user
from tests.factories import certify
from tests.pdftext import Pdf
from units.access import Role
from units.models import Unit

URL = reverse("targets:progress_report_pdf")


def build_known_history():
    """Two district-level units, four communes of Vĩnh Thuận, one revoked."""
    communes = list(Unit.objects.get(code="910").children.rural_communes().order_by("code"))
    certify("910", "ntm", 2020, number="669/QĐ-TTg", issued_on=datetime.date(2022, 6, 2))
    certify("900", "completed", 2020, number="671/QĐ-TTg", issued_on=datetime.date(2022, 6, 2))
    for commune in communes[:3]:
        certify(commune.code, "ntm", 2021, number="100/QĐ-UBND")
    # Advanced for standard year 2022, decided only in 2023: the two bases disagree on 2022.
    certify(communes[0].code, "advanced", 2022, number="200/QĐ-UBND")
    certify(
        communes[3].code,
        "ntm",
        2021,
        number="101/QĐ-UBND",
        revoked_on=datetime.date(2023, 5, 1),
        revocation_number="15/QĐ-UBND",
    )
    return communes


@pytest.fixture
def history(db):
    return build_known_history()


@pytest.fixture(scope="session")
def report_over_known_history(django_db_setup, django_db_blocker):
    """report(year) → that year's report over the known history as leadership gets it (a
    `tests.pdftext.Pdf`: its text and pypdf's pages); rendered once per year and test worker, its
    data rolled back afterwards."""
    rendered = {}

    def report(year):
        if year not in rendered:
            with django_db_blocker.unblock(), transaction.atomic():
                build_known_history()
                client = Client()
                client.force_login(make_user("lanhdao.baocao", Role.LEADERSHIP))
                response = client.get(URL, {"year": year})
                assert response.status_code == 200, response.content[:300]
                rendered[year] = response.content
                transaction.set_rollback(True)
        return Pdf(rendered[year])

    return report


def pytest_collection_modifyitems(items):
    """The tests that read back `report_over_known_history` run on one worker (--dist
    loadgroup), so that each year's report is rendered once in the run, not once per worker."""
    for item in items:
        if "report_over_known_history" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("report-over-known-history"))
