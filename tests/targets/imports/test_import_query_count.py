"""An import reads what its rows need in a few queries and writes in bulk (issue #10: 10,000 rows):
the queries that read, of a preview and of a confirm, do not grow with the number of rows; the
preview writes nothing, and a confirm writes many rows per statement (up to 500 on PostgreSQL,
fewer on SQLite, whose statements take fewer variables): far fewer statements than rows."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from targets.imports.engine import run_import
from targets.models import Certification, CommuneStatus
from tests.targets.imports.files import (
    CERTIFICATION_HEADERS,
    STATUS_HEADERS,
    certification_row,
    status_row,
    xlsx_bytes,
)
from units.models import Unit

SMALL, LARGE = 10, 100


def communes(count):
    found = list(
        Unit.objects.rural_communes().valid_on(datetime.date(2023, 6, 1)).order_by("code")[:count]
    )
    assert len(found) == count
    return found


def certification_rows(count, notes=""):
    """Two rows per commune: NTM by one decision, then advanced by another (a decision per
    commune and standard, so that the file also records as many decisions as rows)."""
    rows = []
    for index, commune in enumerate(communes(count), start=1):
        for standard, year, number, day in (
            ("ntm", "2021", f"{index}/QĐ-UBND", "15/03/2022"),
            ("advanced", "2022", f"{index + 500}/QĐ-UBND", "15/03/2023"),
        ):
            rows.append(
                certification_row(
                    code=commune.code,
                    name=commune.name,
                    district=commune.parent.code,
                    standard=standard,
                    standard_year=year,
                    number=number,
                    date=day,
                    notes=notes,
                )
            )
    return rows


def status_rows(count, met):
    return [
        status_row(code=commune.code, year=year, met=met)
        for commune in communes(count)
        for year in ("2023", "2024")
    ]


WRITES = ("INSERT", "UPDATE", "DELETE")


def queries(kind, rows, headers, *, commit):
    """(queries that read, statements that write) of one import of the rows."""
    data = xlsx_bytes(headers, rows)
    with CaptureQueriesContext(connection) as captured:
        report = run_import(kind, data, "f.xlsx", commit=commit)
    assert not report.has_errors, report.errors[:3]
    writes = [query for query in captured if query["sql"].lstrip().upper().startswith(WRITES)]
    assert len(writes) < max(len(rows) / 2, 10), f"{len(writes)} statements for {len(rows)} rows"
    return len(captured) - len(writes), len(writes)


def counts(kind, rows, headers):
    """Queries that read in the preview and in the confirm of the same file."""
    preview_reads, preview_writes = queries(kind, rows, headers, commit=False)
    assert preview_writes == 0
    return preview_reads, queries(kind, rows, headers, commit=True)[0]


def test_certification_import_queries_do_not_grow_with_the_rows(db):
    new_small = counts("certifications", certification_rows(SMALL), CERTIFICATION_HEADERS)
    changed_small = counts(
        "certifications", certification_rows(SMALL, notes="Đã rà soát"), CERTIFICATION_HEADERS
    )
    Certification.objects.all().delete()
    new_large = counts("certifications", certification_rows(LARGE), CERTIFICATION_HEADERS)
    changed_large = counts(
        "certifications", certification_rows(LARGE, notes="Đã rà soát"), CERTIFICATION_HEADERS
    )
    assert Certification.objects.filter(notes="Đã rà soát").count() == 2 * LARGE
    assert new_large == new_small
    assert changed_large == changed_small


def test_status_import_queries_do_not_grow_with_the_rows(db):
    new_small = counts("statuses", status_rows(SMALL, met=17), STATUS_HEADERS)
    changed_small = counts("statuses", status_rows(SMALL, met=18), STATUS_HEADERS)
    CommuneStatus.objects.all().delete()
    new_large = counts("statuses", status_rows(LARGE, met=17), STATUS_HEADERS)
    changed_large = counts("statuses", status_rows(LARGE, met=18), STATUS_HEADERS)
    assert CommuneStatus.objects.filter(results__met=True).distinct().count() == 2 * LARGE
    assert new_large == new_small
    assert changed_large == changed_small
