"""Issue #21, build point 4: an import's queries do not grow with the districts its rows name.

A status file that states a next standard ("Chuẩn phấn đấu tiếp theo") is checked against the
standard each commune holds: read for the whole file in one query (`held_standards`), not by the
district page's count once per district and year (four queries each: a national file names
hundreds of districts)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ntm_portal.lib.dataio import pipeline
from targets.models import Certification, CommuneStatus, Standard
from tests.targets.imports.files import STATUS_HEADERS, status_row, xlsx_bytes
from units.models import Unit

DAY = datetime.date(2023, 6, 1)


def communes_of(districts, per_district):
    """The first communes (xã) of each district, valid in 2023 and 2024."""
    found = []
    for district in districts:
        communes = list(
            Unit.objects.rural_communes()
            .valid_on(DAY)
            .filter(parent=district)
            .order_by("code")[:per_district]
        )
        assert len(communes) == per_district, district
        found += communes
    return found


def rows(communes, next_standard):
    return [
        status_row(code=commune.code, year=year, met=17, next_standard=next_standard)
        for commune in communes
        for year in ("2023", "2024")
    ]


WRITES = ("INSERT", "UPDATE", "DELETE")


def queries(data, *, commit):
    """(queries that read, the report) of importing the file: the writes are in bulk, a few
    rows per statement on SQLite (tests/targets/imports/test_import_query_count.py)."""
    with CaptureQueriesContext(connection) as captured:
        report = pipeline.run("statuses", data, "f.xlsx", commit=commit)
    reads = [q for q in captured if not q["sql"].lstrip().upper().startswith(WRITES)]
    return len(reads), report


def districts_with_communes():
    districts = [
        district
        for district in Unit.objects.filter(level=Unit.Level.DISTRICT).valid_on(DAY)
        if district.children.rural_communes().valid_on(DAY).count() >= 2
    ]
    assert len(districts) >= 5
    return districts


def test_a_next_standard_over_many_districts_costs_no_more_queries_than_over_one(db):
    districts = districts_with_communes()
    one_district = xlsx_bytes(STATUS_HEADERS, rows(communes_of(districts[:1], 2), "NTM"))
    many = communes_of(districts, 2)
    every_district = xlsx_bytes(STATUS_HEADERS, rows(many, "NTM"))
    small_preview, report = queries(one_district, commit=False)
    assert not report.has_errors, report.errors[:3]
    large_preview, report = queries(every_district, commit=False)
    assert not report.has_errors, report.errors[:3]
    assert large_preview == small_preview
    small_confirm, _ = queries(one_district, commit=True)
    CommuneStatus.objects.all().delete()
    large_confirm, report = queries(every_district, commit=True)
    assert report.committed, report.errors[:3]
    assert large_confirm == small_confirm
    assert CommuneStatus.objects.filter(next_standard=Standard.NTM).count() == 2 * len(many)


def test_the_standard_held_is_still_checked_on_every_row_of_a_file_over_many_districts(db):
    """The standards read at once are those the district page counts: a commune recognised NTM
    in 2022 may not aim at NTM in 2023 or 2024; its neighbours of other districts may."""
    districts = districts_with_communes()
    many = communes_of(districts, 2)
    holder = many[-1]
    Certification.objects.create(
        unit=holder, standard=Standard.NTM, standard_year=2022, source="Báo cáo của huyện"
    )
    _count, report = queries(xlsx_bytes(STATUS_HEADERS, rows(many, "NTM")), commit=False)
    refused = {row.number for row in report.rows if row.errors}
    # The holder's two rows are the last two of the file (rows 1 is the header).
    assert refused == {2 * len(many), 2 * len(many) + 1}
    message = str(report.rows[-1].errors[0])
    assert "Chuẩn phấn đấu tiếp theo" in message
    assert holder.name in message
    assert CommuneStatus.objects.count() == 0
