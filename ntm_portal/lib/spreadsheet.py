"""Reading and writing spreadsheets safely: xlsx and CSV in, xlsx out.

Uploaded files are checked by their content, not only by their name (a Word document or a photo
renamed .xlsx is refused with a message saying what it really is), their size is capped by
`settings.NTM_MAX_UPLOAD_MB`, and every text is returned in Unicode NFC.

Hostile files are refused before they are parsed, in well under a second and without holding
their decompressed size in memory: the uncompressed sizes declared in the zip (sheet XML, shared
strings, the whole archive: zipfile never inflates past a member's declared size), the sheet's
declared dimension, and while reading the number of rows (blank rows included) and columns. XML is
parsed by openpyxl through defusedxml (installed with the portal), so external entities and
entity expansion ("billion laughs") end in a message, not in a 500.

Cells written to a workbook are protected against formula injection: a text starting with one of
= + - @ tab or carriage return would be run by Excel as a formula, so it is written with a leading
apostrophe; reading strips that apostrophe again, so that export followed by import round-trips.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601

from ntm_portal.lib.text import nfc
from ntm_portal.lib.uploads import format_size, matches, size_error, what_is

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 10_000
# Rows a sheet may have up to its last one, blank rows included (header + MAX_ROWS data rows).
MAX_SHEET_ROWS = MAX_ROWS + 1
MAX_COLUMNS = 100
# Uncompressed sizes, as declared in the zip directory.
MAX_SHEET_XML_BYTES = 48 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024
MAX_ARCHIVE_BYTES = 96 * 1024 * 1024
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SpreadsheetError(Exception):
    """A file that cannot be read as a table; the message says why, in Vietnamese."""


@dataclass
class Table:
    """The header row and the data rows of a sheet, each data row with its row number."""

    headers: list
    rows: list = field(default_factory=list)  # [(row number, [cell values])]


def escape_formula(value):
    """The text to write in a cell so that a spreadsheet never runs it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_formula(value):
    """Undo `escape_formula` for a text read back from a cell."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def check_size(size_bytes):
    """Refuse a file larger than `settings.NTM_MAX_UPLOAD_MB`."""
    message = size_error(size_bytes)
    if message:
        raise SpreadsheetError(message)


def _clean_cell(value):
    """A cell as the importer wants it: NFC text, dates without time, integral numbers as int."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, bool | datetime.date | int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    return unescape_formula(nfc(value))


def _number(value):
    return f"{value:,}".replace(",", ".")


def _too_many_rows():
    return SpreadsheetError(
        f"Tệp có hơn {_number(MAX_SHEET_ROWS)} dòng (tính cả dòng trống giữa các dòng dữ liệu): "
        f"tối đa {_number(MAX_ROWS)} dòng dữ liệu sau dòng tiêu đề. Hãy xóa các dòng trống "
        "hoặc chia thành nhiều tệp."
    )


def _too_many_columns(count):
    return SpreadsheetError(
        f"Tệp có {_number(count)} cột, vượt giới hạn {MAX_COLUMNS} cột: đây không phải mẫu nhập "
        "liệu của cổng (hãy dùng tệp mẫu tải về từ trang nhập dữ liệu)."
    )


def _check_cell_lengths(number, cells):
    """A cell longer than any text field takes (`NTM_MAX_TEXT_CHARS`, as for a form's field) is
    refused with its row and column: one note of megabytes would be copied into every history
    row and page that shows it."""
    limit = settings.NTM_MAX_TEXT_CHARS
    for index, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) > limit:
            raise SpreadsheetError(
                f"Dòng {number}, cột {get_column_letter(index + 1)}: ô dài "
                f"{_number(len(cell))} ký tự, vượt giới hạn {_number(limit)} ký tự của một ô."
            )


def _table(numbered_rows):
    """Header and non-blank data rows from (row number, cells) in the order of the sheet; row
    numbers are those the user sees in the spreadsheet (a row not given is blank)."""
    headers = None
    rows = []
    for number, raw in numbered_rows:
        if number > MAX_SHEET_ROWS:
            raise _too_many_rows()
        if len(raw) > MAX_COLUMNS and any(value not in (None, "") for value in raw[MAX_COLUMNS:]):
            raise _too_many_columns(len(raw))
        cells = [_clean_cell(value) for value in raw[:MAX_COLUMNS]]
        _check_cell_lengths(number, cells)
        if headers is None:
            if any(cell != "" for cell in cells):
                headers = cells
                header_number = number
            continue
        if any(cell != "" for cell in cells):
            if len(rows) >= MAX_ROWS:
                raise SpreadsheetError(
                    f"Tệp có hơn {_number(MAX_ROWS)} dòng dữ liệu; hãy chia thành nhiều tệp."
                )
            # A row the sheet stores without its last blank cells reads as one that has them.
            cells += [""] * (len(headers) - len(cells))
            rows.append((number, cells))
    if headers is None:
        raise SpreadsheetError("Tệp không có dữ liệu: không tìm thấy dòng tiêu đề.")
    while headers and headers[-1] == "":
        headers.pop()
    if header_number != 1:
        raise SpreadsheetError(
            f"Dòng tiêu đề phải là dòng 1 (tệp để trống các dòng trước dòng {header_number})."
        )
    return Table(headers=headers, rows=rows)


def _read_xlsx(data):
    if not matches(data, "xlsx"):
        what = what_is(data)
        raise SpreadsheetError(
            f"Tệp không phải bảng tính Excel (.xlsx): nội dung là {what}."
            if what
            else "Tệp không phải bảng tính Excel (.xlsx): nội dung không đúng định dạng."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                what = (
                    "tài liệu Word (.docx)"
                    if "word/document.xml" in names
                    else "bản trình chiếu PowerPoint (.pptx)"
                    if "ppt/presentation.xml" in names
                    else "một tệp nén zip"
                )
                raise SpreadsheetError(
                    f"Tệp không phải bảng tính Excel (.xlsx): nội dung là {what}."
                )
            _check_declared_sizes(archive.infolist())
            if archive.testzip() is not None:
                raise zipfile.BadZipFile
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SpreadsheetError:
        raise
    except DefusedXmlException as error:
        raise _unsafe_xml() from error
    except (zipfile.BadZipFile, EOFError, KeyError, ValueError, OSError, ParseError) as error:
        if _caused_by_unsafe_xml(error):
            raise _unsafe_xml() from error
        raise SpreadsheetError(
            "Tệp Excel bị hỏng hoặc không đầy đủ (không giải nén được), hãy lưu lại tệp rồi tải lên lần nữa."
        ) from error
    try:
        sheet = workbook.worksheets[0]
        # The dimension the sheet declares (A1:XFD1048576 in a 5 KB file would make openpyxl
        # produce a million rows of 16,384 empty cells).
        if (sheet.max_row or 0) > MAX_SHEET_ROWS:
            raise _too_many_rows()
        if (sheet.max_column or 0) > MAX_COLUMNS:
            raise _too_many_columns(sheet.max_column)
        return _table(_sheet_rows(sheet))
    except DefusedXmlException as error:
        raise _unsafe_xml() from error
    except (ParseError, ValueError, KeyError, IndexError, EOFError, zipfile.BadZipFile) as error:
        raise SpreadsheetError(
            "Nội dung bảng tính trong tệp Excel bị hỏng (XML không hợp lệ), hãy mở tệp bằng Excel, "
            "lưu lại rồi tải lên lần nữa."
        ) from error
    finally:
        workbook.close()


def _sheet_rows(sheet):
    """(row number, cell values) of each row a read-only openpyxl sheet stores, as
    `iter_rows(values_only=True)` gives them with the workbook's data_only (cached results of
    formulas), but parsed here: openpyxl builds an object per cell and fills every blank row
    and cell up to the declared dimension, several times slower for a 10,000-row import.

    The XML is parsed by defusedxml, like the rest of the workbook; a cell past MAX_COLUMNS with a
    value is refused as soon as it is read. The shared strings, date styles and epoch are the
    ones openpyxl read with the workbook (private names of openpyxl 3.1).
    """
    workbook = sheet.parent
    shared, dates, epoch = workbook.shared_strings, workbook._date_formats, workbook.epoch
    durations = workbook._timedelta_formats
    number = 0
    with sheet._get_source() as source:
        for _, element in iterparse(source):
            if element.tag != _ROW:
                continue
            given = element.get("r")
            number = int(float(given)) if given else number + 1
            values, column = [], 0
            for cell in element.iter(_CELL):
                reference = cell.get("r")
                column = _column_of(reference) if reference else column + 1
                value = _cell_value(cell, shared, dates, durations, epoch)
                if column > MAX_COLUMNS:
                    if value not in (None, ""):
                        raise _too_many_columns(column)
                    continue
                if column > len(values) + 1:
                    values += [None] * (column - 1 - len(values))
                values.append(value)
            element.clear()
            yield number, values


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _INLINE, _TEXT, _RUN = (
    _MAIN + tag for tag in ("row", "c", "v", "is", "t", "r")
)


def _column_of(reference):
    """The column number of a cell reference ("AB12" → 28)."""
    column = 0
    for letter in reference:
        if letter.isdigit():
            break
        column = column * 26 + ord(letter.upper()) - 64
    return column


def _cell_value(cell, shared, dates, durations, epoch):
    """A cell's value as openpyxl reads it with data_only (WorkSheetParser.parse_cell)."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        text = cell.find(_INLINE)
        if text is None:
            return None
        # The plain text and the runs of rich text; phonetic hints (rPh) are not the value.
        return (text.findtext(_TEXT) or "") + "".join(
            run.findtext(_TEXT) or "" for run in text.iterfind(_RUN)
        )
    value = cell.findtext(_VALUE) or None
    if value is None:
        return None
    if kind == "n":
        number = float(value) if "." in value or "E" in value or "e" in value else int(value)
        style = int(cell.get("s", 0) or 0)
        if style in dates:
            try:
                return from_excel(number, epoch, timedelta=style in durations)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return number
    if kind == "s":
        return shared[int(value)]
    if kind == "b":
        return bool(int(value))
    if kind == "d":
        return from_ISO8601(value)
    return value


def _caused_by_unsafe_xml(error):
    """openpyxl wraps the parser's error in its own ValueError; look down the chain."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, DefusedXmlException):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def _unsafe_xml():
    return SpreadsheetError(
        "Tệp Excel chứa cấu trúc XML không an toàn (thực thể ngoài hoặc thực thể lồng nhau), "
        "không phải tệp do Excel lưu: hãy mở tệp bằng Excel, lưu lại rồi tải lên lần nữa."
    )


def _check_declared_sizes(members):
    """Refuse an archive whose parts would decompress to more than any real import file."""
    total = 0
    for member in members:
        total += member.file_size
        name = member.filename.lower()
        if name.startswith("xl/worksheets/") and member.file_size > MAX_SHEET_XML_BYTES:
            raise SpreadsheetError(
                f"Trang tính trong tệp giải nén ra {format_size(member.file_size)}, vượt giới hạn "
                f"{format_size(MAX_SHEET_XML_BYTES)}: tệp quá lớn hoặc không phải bảng tính thật."
            )
        if name == "xl/sharedstrings.xml" and member.file_size > MAX_SHARED_STRINGS_BYTES:
            raise SpreadsheetError(
                f"Phần văn bản của tệp giải nén ra {format_size(member.file_size)}, vượt giới hạn "
                f"{format_size(MAX_SHARED_STRINGS_BYTES)}: tệp có ô chứa văn bản quá dài."
            )
    if total > MAX_ARCHIVE_BYTES:
        raise SpreadsheetError(
            f"Tệp Excel giải nén ra {format_size(total)}, vượt giới hạn "
            f"{format_size(MAX_ARCHIVE_BYTES)}: tệp quá lớn hoặc không phải bảng tính thật."
        )


def _read_csv(data):
    if data.startswith(b"PK\x03\x04") or what_is(data):
        raise SpreadsheetError(
            f"Tệp không phải CSV: nội dung là {what_is(data) or 'một tệp nén (có thể là .xlsx)'}."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            f"Tệp CSV phải được lưu với bảng mã UTF-8 (byte thứ {error.start + 1} không phải UTF-8); "
            "trong Excel hãy chọn “CSV UTF-8 (Comma delimited)”."
        ) from error
    if "\x00" in text:
        raise SpreadsheetError("Tệp không phải CSV: nội dung là dữ liệu nhị phân.")
    first_line = text.split("\n", 1)[0]
    # Excel in Vietnamese regional settings saves CSV with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return _table(
            enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)
        )
    except csv.Error as error:
        raise SpreadsheetError(
            f"Tệp CSV không đọc được ({error}); hãy lưu lại bằng Excel dưới dạng “CSV UTF-8”."
        ) from error


def read_table(data, filename):
    """The first sheet of an xlsx file, or a CSV file (UTF-8, with or without BOM), as a Table."""
    check_size(len(data))
    if not data:
        raise SpreadsheetError("Tệp rỗng (0 byte).")
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith(".csv"):
        return _read_csv(data)
    raise SpreadsheetError(
        f"Tệp “{filename}” không được nhận: chỉ nhận bảng tính Excel (.xlsx) hoặc CSV (.csv)."
    )


@dataclass
class Sheet:
    title: str
    headers: list
    rows: list
    widths: dict = field(default_factory=dict)  # {column index: width}
    wrap: bool = False


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
