"""Issue #21: a refused row names the row, the column letter and header, and what is wrong
("Dòng 2, cột C “Năm”: …"), the same on the upload page and in `import_data`, for every kind
that `import_data --list` lists. The file's columns are written in the reverse order of the
template, so the letters are those of the file read, not of the template."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl.utils import get_column_letter

from ntm_portal.lib.dataio import pipeline
from ntm_portal.lib.dataio.registry import KINDS
from ntm_portal.lib.importing import CellError
from tests.hardening.hostile_files import plain_xlsx

BAD = "???"


def _listed():
    out = io.StringIO()
    call_command("import_data", "--list", stdout=out)
    return [line.split("\t", 1)[0] for line in out.getvalue().splitlines()]


def _file(kind):
    """Every column of the kind's template, last first, and one row of unreadable cells."""
    headers = list(reversed(KINDS[kind].columns))
    return headers, plain_xlsx([headers, [BAD] * len(headers)])


def _cell_errors(report):
    return [error for row in report.rows for error in row.errors if isinstance(error, CellError)]


@pytest.mark.parametrize("kind", _listed())
def test_every_cell_error_names_its_column_letter_and_header(db, kind):
    headers, data = _file(kind)
    report = pipeline.run(kind, data, "sai.xlsx", partial=True)
    errors = _cell_errors(report)
    assert errors, f"{kind}: the row of “{BAD}” should be refused"
    for error in errors:
        letter = get_column_letter(headers.index(error.column) + 1)
        assert str(error).startswith(f"Dòng 2, cột {letter} “{error.column}”: "), str(error)
    # The refused-rows file says the same.
    assert report.refused[0][2] == [str(error) for error in report.rows[0].errors]


@pytest.mark.parametrize("kind", _listed())
def test_the_web_and_the_command_name_the_same_column(client, province_staff, tmp_path, kind):
    headers, data = _file(kind)
    path = tmp_path / "sai.xlsx"
    path.write_bytes(data)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", kind, str(path), stdout=out)
    said = [line.strip() for line in out.getvalue().splitlines() if line.strip()[:5] == "Dòng "]
    cell_lines = [line for line in said if ", cột " in line and "“" in line]
    assert cell_lines, out.getvalue()
    client.force_login(province_staff)
    response = client.post(
        KINDS[kind].upload_url, {"file": SimpleUploadedFile("sai.xlsx", data)}, follow=True
    )
    page = html.unescape(response.content.decode())
    for line in cell_lines:
        assert line in page, f"{kind}: the page does not say “{line}”"
    letters = {get_column_letter(index + 1) for index in range(len(headers))}
    for line in cell_lines:
        letter = line.split(", cột ", 1)[1].split(" ", 1)[0]
        assert letter in letters, line
