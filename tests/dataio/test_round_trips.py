"""Issue #21: every export imports back unchanged, for every kind `import_data --list` lists.
Data are written by the import itself (the valid rows of tests/dataio/test_partial_imports.py),
exported by the kind's export (the list's "Xuất Excel"), and the exported file imported back:
every row is read, none is an error, none would add or change anything."""

import io

import pytest
from django.core.management import call_command

from ntm_portal.lib.dataio import pipeline
from ntm_portal.lib.dataio.registry import KINDS
from ntm_portal.lib.importing import RowOutcome
from ntm_portal.lib.spreadsheet import read_table
from tests.dataio.test_partial_imports import CASES
from tests.targets.imports.files import xlsx_bytes


def test_every_kind_names_its_export():
    assert all(spec.export_url for spec in KINDS.values())


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_export_of_every_kind_imports_back_unchanged(client, province_staff, tmp_path, kind):
    setup, headers, valid, _refused, _fix, count, _message = CASES[kind]
    setup()
    path = tmp_path / "tep.xlsx"
    path.write_bytes(xlsx_bytes(headers, valid))
    call_command("import_data", kind, str(path), stdout=io.StringIO())
    written = count()
    assert written

    client.force_login(province_staff)
    response = client.get(KINDS[kind].export_href)
    assert response.status_code == 200
    exported = response.content
    table = read_table(exported, "xuat.xlsx")
    assert table.rows, "the export is empty"

    report = pipeline.run(kind, exported, "xuat.xlsx", user=province_staff, partial=True)
    assert not report.file_errors, report.file_errors
    assert not report.has_errors, report.errors[:5]
    assert report.count(RowOutcome.NEW) == 0
    assert report.count(RowOutcome.CHANGED) == 0
    assert len(report.rows) == len(table.rows)
    assert count() == written
