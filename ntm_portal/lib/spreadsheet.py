"""Writing spreadsheets: xlsx out, every text cell protected against formula injection.

Reading a spreadsheet (xlsx or CSV, with the limits every import shares) is
`ntm_portal.lib.dataio.reader`; its names are re-exported here for the code that imported them
from this module.

Cells written to a workbook are protected against formula injection: a text starting with one of
= + - @ tab or carriage return would be run by Excel as a formula, so it is written with a leading
apostrophe; reading strips that apostrophe again, so that export followed by import round-trips.
"""

import io
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ntm_portal.lib.dataio.reader import (  # noqa: F401 - re-exported
    FORMULA_PREFIXES,
    MAX_ARCHIVE_BYTES,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROW_CELLS,
    MAX_ROWS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_SHEET_ROWS,
    MAX_SHEET_XML_BYTES,
    SpreadsheetError,
    Table,
    check_size,
    escape_formula,
    read_table,
    unescape_formula,
)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    title: str
    headers: list
    rows: list
    widths: dict = field(default_factory=dict)  # {column index: width}
    wrap: bool = False
    # {column index: Excel number format} (ntm_portal/lib/numbers.py `excel_format`).
    formats: dict = field(default_factory=dict)


def write_xlsx(sheets):
    """The bytes of a workbook with one sheet per `Sheet`; every text cell formula-escaped."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title)
        sheet.append([escape_formula(header) for header in spec.headers])
        for cell in sheet[1]:
            cell.font = bold
        for row in spec.rows:
            sheet.append([escape_formula(value) for value in row])
        sheet.freeze_panes = "A2"
        for index, number_format in spec.formats.items():
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
        for index, header in enumerate(spec.headers, start=1):
            width = spec.widths.get(index, max(10, min(40, len(str(header)) + 4)))
            sheet.column_dimensions[get_column_letter(index)].width = width
        if spec.wrap:
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(sheets, filename, *, dated=False):
    """A workbook download with one sheet per `Sheet`, every text cell formula-escaped.

    `filename` without its extension; `dated` adds the day of the download, as exports are
    named, so that the lists of different days do not overwrite each other in a folder.
    """
    if dated:
        filename += f"-{timezone.localdate():%Y%m%d}"
    response = HttpResponse(write_xlsx(sheets), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
