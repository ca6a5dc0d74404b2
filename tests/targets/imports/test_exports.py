import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from targets.imports.engine import run_import
from targets.models import Certification, Decision
from tests import factories
from tests.conftest import status_as
from tests.targets.imports.conftest import snapshot
from tests.targets.imports.files import CERTIFICATION_HEADERS, STATUS_HEADERS

EXPORTS = ["targets:certification_export", "targets:status_export"]


def sheet_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("url_name", EXPORTS)
def test_exports_are_for_every_role_that_views_the_lists(client, cast, unassigned, url_name):
    url = reverse(url_name)
    assert status_as(client, None, "get", url)[0] == 302
    assert status_as(client, unassigned, "get", url)[0] == 403
    for role in ["leadership", "officer", "province_staff", "administrator"]:
        assert status_as(client, cast[role], "get", url)[0] == 200, role


def test_certification_export_has_the_import_columns_and_escapes_formulas(client, leadership):
    certification = factories.certify(
        "31060", number="12/QĐ-UBND", issued_on=datetime.date(2022, 3, 15)
    )
    certification.notes = '=HYPERLINK("http://x")'
    certification.save()
    Decision.objects.update(signer="@Lâm Minh Thành")
    client.force_login(leadership)
    response = client.get(reverse("targets:certification_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet_rows(response)
    assert rows[0] == CERTIFICATION_HEADERS
    assert rows[1] == [
        "31060",
        "Vĩnh Bình Bắc",
        "910",
        "Đạt chuẩn nông thôn mới",
        2021,
        "12/QĐ-UBND",
        "15/03/2022",
        "Chủ tịch UBND tỉnh",
        "'@Lâm Minh Thành",
        '\'=HYPERLINK("http://x")',
        None,
        None,
        None,
    ]


def test_certification_export_applies_the_list_filters(client, leadership):
    factories.certify("31060", number="12/QĐ-UBND", issued_on=datetime.date(2022, 3, 15))
    factories.certify("31003", number="13/QĐ-UBND", issued_on=datetime.date(2022, 3, 15))
    client.force_login(leadership)
    response = client.get(reverse("targets:certification_export"), {"district": "908"})
    assert [row[0] for row in sheet_rows(response)[1:]] == ["31003"]


def test_certification_export_imports_back_unchanged(client, leadership):
    factories.certify("31060", number="12/QĐ-UBND", issued_on=datetime.date(2022, 3, 15))
    factories.certify(
        "31060", "advanced", 2023, number="40/QĐ-UBND", issued_on=datetime.date(2024, 1, 5)
    )
    factories.certify(
        "910", standard_year=2020, number="669/QĐ-TTg", issued_on=datetime.date(2022, 6, 2)
    )
    factories.certify(
        "31063",
        number="12/QĐ-UBND",
        issued_on=datetime.date(2022, 3, 15),
        revoked_on=datetime.date(2024, 2, 1),
        revocation_number="150/QĐ-UBND",
    )
    Certification.objects.filter(unit__code="31063").update(notes="-3 tiêu chí\nxuống cấp")
    client.force_login(leadership)
    response = client.get(reverse("targets:certification_export"))
    before = snapshot()
    report = run_import("certifications", response.content, "export.xlsx", commit=True)
    assert report.committed, report.errors
    assert [row.outcome for row in report.rows] == ["unchanged"] * 4
    assert snapshot() == before


def test_status_export_imports_back_unchanged(client, officer):
    factories.commune_status("31060", 2023, met=15, next_standard="ntm", planned_year=2024)
    factories.commune_status("31060", 2024, met=19, next_standard="advanced")
    factories.commune_status("31003", 2024, met=0)
    client.force_login(officer)
    # The whole province: an officer's export opens on their own district, as the list does.
    response = client.get(reverse("targets:status_export"), {"district": ""})
    rows = sheet_rows(response)
    assert rows[0] == STATUS_HEADERS
    assert rows[1][:6] == ["31003", "Nam Thái A", "908", 2024, "chưa đạt", "chưa đạt"]
    before = snapshot()
    report = run_import("statuses", response.content, "export.xlsx", commit=True)
    assert report.committed, report.errors
    assert [row.outcome for row in report.rows] == ["unchanged"] * 3
    assert snapshot() == before


def test_status_export_applies_the_list_filters(client, leadership):
    factories.commune_status("31060", 2023, met=15)
    factories.commune_status("31060", 2024, met=19)
    client.force_login(leadership)
    response = client.get(reverse("targets:status_export"), {"year": 2023})
    assert [row[3] for row in sheet_rows(response)[1:]] == [2023]


def test_export_query_count_does_not_grow_with_the_data(
    client, leadership, django_assert_max_num_queries
):
    client.force_login(leadership)
    codes = ["31060", "31063", "31064", "31003", "30947", "30860"]

    def fill(chosen):
        for code in chosen:
            factories.certify(code, number="12/QĐ-UBND", issued_on=datetime.date(2022, 3, 15))
            factories.commune_status(code, 2024, met=10)

    fill(codes[:2])
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("targets:certification_export"))
        client.get(reverse("targets:status_export"))
    fill(codes[2:])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("targets:certification_export"))
        client.get(reverse("targets:status_export"))
