"""The one reader of every import: an xlsx or CSV file to a `Table`, within fixed limits.

Every import kind of the portal (`ntm_portal.lib.dataio.registry`) reads its file here and only
here, so that one set of limits holds for all of them. A file is judged by its content, not by
its name (a Word document or a photo renamed .xlsx is refused with a message saying what it
really is), and every limit is checked *while streaming*, so that a hostile file is refused in
milliseconds and without its decompressed size ever being held in memory:

- the file's size (`settings.NTM_MAX_UPLOAD_MB`);
- the sizes the zip directory declares for each part (`MAX_SHEET_XML_BYTES`,
  `MAX_SHARED_STRINGS_BYTES`, `MAX_PART_BYTES` for the small parts, `MAX_ARCHIVE_BYTES` in all):
  a zip bomb is refused before anything is inflated (zipfile never inflates past the declared
  size, and a part whose data do not match its checksum ends in a message);
- rows (`MAX_SHEET_ROWS`, blank rows included, whatever the sheet's <dimension> says), data rows
  (`MAX_ROWS`), columns with data (`MAX_COLUMNS`), the cells a row stores (`MAX_ROW_CELLS`, the
  16,384 columns of Excel: a 45 KB file whose one row holds ten million empty cells stops at the
  16,385th), the cells a sheet stores (`MAX_CELLS`), the shared strings and cell styles a
  workbook declares, and the length of a cell (`settings.NTM_MAX_TEXT_CHARS`, named by row and
  column);
- XML is parsed by ElementTree's C parser, as it is inflated, and a part that declares a
  document type is refused before the parser sees it: external entities and entity expansion
  ("billion laughs") end in a message, not in a 500;
- CSV: UTF-8 (with or without BOM), no NUL byte, each physical line at most `MAX_ROW_CELLS`
  separators, each field at most the cell limit.

The workbook is not opened with openpyxl: `load_workbook(read_only=True)` trusts the sheet's
<dimension>, builds an object for every cell, empty ones included, and parses the whole style
sheet into objects, which is what let one row of ten million empty cells hold a worker for 45 s
and 950 MB. The parts an import needs (workbook, relationships, shared strings, the number
formats of the cell styles, the first sheet) are parsed here as streams; cell values are read as
openpyxl reads them with `data_only=True` (cached results of formulas, dates by their style).

Every message is Vietnamese and names the limit that was exceeded.
"""

import csv
import datetime
import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from xml.etree.ElementTree import ParseError, XMLPullParser

from django.conf import settings
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

from ntm_portal.lib.numbers import integer
from ntm_portal.lib.text import nfc
from ntm_portal.lib.uploads import format_size, matches, size_error, what_is

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

MAX_ROWS = 10_000
# Rows a sheet may have up to its last one, blank rows included (header + MAX_ROWS data rows).
MAX_SHEET_ROWS = MAX_ROWS + 1
# Columns that may hold data.
MAX_COLUMNS = 100
# Cells a row may store, empty (formatted) ones included: the columns A to XFD of Excel.
MAX_ROW_CELLS = 16_384
# Cells a sheet may store, empty (formatted) ones included, and strings it may share: ten
# thousand rows of a hundred columns.
MAX_CELLS = MAX_SHEET_ROWS * MAX_COLUMNS
# Cell formats a workbook may declare (Excel's own limit is 64,000).
MAX_CELL_STYLES = 64_000
# Uncompressed sizes, as declared in the zip directory.
MAX_SHEET_XML_BYTES = 48 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024
MAX_PART_BYTES = 8 * 1024 * 1024
MAX_ARCHIVE_BYTES = 96 * 1024 * 1024
# CSV: the longest field (the csv module's own default is 128 KB).
MAX_CSV_FIELD_CHARS = 1024 * 1024


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


def number_text(value):
    """An integer with the Vietnamese thousands separator: 10.001."""
    return integer(value)


# --- the limits' messages -----------------------------------------------------------------------


def _too_many_rows():
    return SpreadsheetError(
        f"Tệp có hơn {number_text(MAX_SHEET_ROWS)} dòng (tính cả dòng trống giữa các dòng dữ "
        f"liệu): tối đa {number_text(MAX_ROWS)} dòng dữ liệu sau dòng tiêu đề. Hãy xóa các dòng "
        "trống hoặc chia thành nhiều tệp."
    )


def _too_many_columns(count):
    return SpreadsheetError(
        f"Tệp có {number_text(count)} cột, vượt giới hạn {MAX_COLUMNS} cột: đây không phải mẫu "
        "nhập liệu của cổng (hãy dùng tệp mẫu tải về từ trang nhập dữ liệu)."
    )


def _too_many_row_cells(number):
    return SpreadsheetError(
        f"Dòng {number} của tệp chứa hơn {number_text(MAX_ROW_CELLS)} ô (tính cả ô trống), vượt "
        f"giới hạn {number_text(MAX_ROW_CELLS)} ô một dòng của Excel: tệp không phải bảng tính "
        "thật hoặc đã bị sửa; hãy dùng tệp mẫu tải về từ trang nhập dữ liệu."
    )


def _too_many_cells():
    return SpreadsheetError(
        f"Trang tính chứa hơn {number_text(MAX_CELLS)} ô (tính cả ô trống có định dạng), vượt "
        f"giới hạn {number_text(MAX_CELLS)} ô ({number_text(MAX_SHEET_ROWS)} dòng × "
        f"{MAX_COLUMNS} cột): hãy xóa định dạng của các dòng, cột không dùng hoặc chia thành "
        "nhiều tệp."
    )


def _unsafe_xml():
    return SpreadsheetError(
        "Tệp Excel chứa cấu trúc XML không an toàn (thực thể ngoài hoặc thực thể lồng nhau), "
        "không phải tệp do Excel lưu: hãy mở tệp bằng Excel, lưu lại rồi tải lên lần nữa."
    )


def _broken():
    return SpreadsheetError(
        "Tệp Excel bị hỏng hoặc không đầy đủ (không giải nén được), hãy lưu lại tệp rồi tải lên "
        "lần nữa."
    )


def _broken_sheet():
    return SpreadsheetError(
        "Nội dung bảng tính trong tệp Excel bị hỏng (XML không hợp lệ), hãy mở tệp bằng Excel, "
        "lưu lại rồi tải lên lần nữa."
    )


# --- cells to a table ---------------------------------------------------------------------------


# A text cell at most this long is cleaned once per distinct value (`_clean_short_text`): a column
# repeats a few short values on every row ("đạt", a code, a district), and cleaning is the
# costliest step of reading a cell; longer texts (notes) are cleaned each, and not kept.
SHORT_TEXT = 64


@lru_cache(maxsize=16_384)
def _clean_short_text(value):
    return unescape_formula(nfc(value))


def _clean_cell(value):
    """A cell as the importer wants it: NFC text, dates without time, integral numbers as int."""
    if value.__class__ is str:
        return (
            _clean_short_text(value) if len(value) <= SHORT_TEXT else unescape_formula(nfc(value))
        )
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, bool | datetime.date | int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime.time | datetime.timedelta):
        return str(value)
    return unescape_formula(nfc(value))


def _check_cell_lengths(number, cells):
    """A cell longer than any text field takes (`NTM_MAX_TEXT_CHARS`, as for a form's field) is
    refused with its row and column: one note of megabytes would be copied into every history
    row and page that shows it."""
    limit = settings.NTM_MAX_TEXT_CHARS
    for index, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) > limit:
            raise SpreadsheetError(
                f"Dòng {number}, cột {get_column_letter(index + 1)}: ô dài "
                f"{number_text(len(cell))} ký tự, vượt giới hạn {number_text(limit)} ký tự của "
                "một ô."
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
                    f"Tệp có hơn {number_text(MAX_ROWS)} dòng dữ liệu; hãy chia thành nhiều tệp."
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


# --- xlsx ---------------------------------------------------------------------------------------

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW, _CELL, _VALUE, _INLINE, _TEXT, _RUN = (
    _MAIN + tag for tag in ("row", "c", "v", "is", "t", "r")
)
_SHARED_ITEM, _SHEET, _WORKBOOK_PROPERTIES = _MAIN + "si", _MAIN + "sheet", _MAIN + "workbookPr"
_CELL_XFS, _XF, _NUMBER_FORMAT = _MAIN + "cellXfs", _MAIN + "xf", _MAIN + "numFmt"


XML_CHUNK = 64 * 1024
# What only a document type declaration writes; Excel never writes one.
_DTD_MARKS = (b"<!DOCTYPE", b"<!ENTITY")


def _chunks(archive, name):
    """The inflated bytes of a part of the archive, chunk by chunk; a part that declares a
    document type (what entities, external or nested, need) ends in `_unsafe_xml`."""
    tail = b""
    with archive.open(name) as source:
        while chunk := source.read(XML_CHUNK):
            window = tail + chunk[: len(_DTD_MARKS[0])]
            if any(mark in chunk or mark in window for mark in _DTD_MARKS):
                raise _unsafe_xml()
            tail = chunk[-len(_DTD_MARKS[0]) :]
            yield chunk


def _parse(archive, name, events=("end",)):
    """(event, element) of a part of the archive, parsed as it is inflated.

    The parser is ElementTree's, in C (defusedxml's is written in Python and was ten times
    slower); what defusedxml guards against is refused by `_chunks` before the parser sees it.
    """
    parser = XMLPullParser(events=events)
    for chunk in _chunks(archive, name):
        parser.feed(chunk)
        yield from parser.read_events()
    parser.close()
    yield from parser.read_events()


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
            try:
                sheet, shared_name, styles_name, epoch = _workbook_parts(archive, names)
                shared = _shared_strings(archive, shared_name) if shared_name else []
                dates, durations = _date_styles(archive, styles_name) if styles_name else ({}, {})
            except (ParseError, ValueError, KeyError, IndexError, EOFError) as error:
                raise _broken() from error
            try:
                return _table(_sheet_rows(archive, sheet, shared, dates, durations, epoch))
            except (ParseError, ValueError, KeyError, IndexError, EOFError) as error:
                raise _broken_sheet() from error
    except SpreadsheetError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as error:
        raise _broken() from error


def _check_declared_sizes(members):
    """Refuse an archive whose parts would decompress to more than any real import file."""
    total = 0
    for member in members:
        total += member.file_size
        name = member.filename.lower()
        if name.startswith("xl/worksheets/"):
            if member.file_size > MAX_SHEET_XML_BYTES:
                raise SpreadsheetError(
                    f"Trang tính trong tệp giải nén ra {format_size(member.file_size)}, vượt "
                    f"giới hạn {format_size(MAX_SHEET_XML_BYTES)}: tệp quá lớn hoặc không phải "
                    "bảng tính thật."
                )
        elif name == "xl/sharedstrings.xml":
            if member.file_size > MAX_SHARED_STRINGS_BYTES:
                raise SpreadsheetError(
                    f"Phần văn bản của tệp giải nén ra {format_size(member.file_size)}, vượt "
                    f"giới hạn {format_size(MAX_SHARED_STRINGS_BYTES)}: tệp có ô chứa văn bản "
                    "quá dài."
                )
        elif name.endswith((".xml", ".rels")) and member.file_size > MAX_PART_BYTES:
            raise SpreadsheetError(
                f"Phần “{member.filename}” của tệp giải nén ra "
                f"{format_size(member.file_size)}, vượt giới hạn "
                f"{format_size(MAX_PART_BYTES)}: tệp không phải bảng tính thật."
            )
    if total > MAX_ARCHIVE_BYTES:
        raise SpreadsheetError(
            f"Tệp Excel giải nén ra {format_size(total)}, vượt giới hạn "
            f"{format_size(MAX_ARCHIVE_BYTES)}: tệp quá lớn hoặc không phải bảng tính thật."
        )


def _workbook_parts(archive, names):
    """(first sheet's part, shared strings part or None, styles part or None, epoch)."""
    first_sheet, epoch = None, CALENDAR_WINDOWS_1900
    for _, element in _parse(archive, "xl/workbook.xml"):
        if element.tag == _WORKBOOK_PROPERTIES:
            if element.get("date1904", "").lower() in ("1", "true"):
                epoch = CALENDAR_MAC_1904
        elif element.tag == _SHEET and first_sheet is None:
            first_sheet = element.get(_RELATIONSHIPS + "id")
    targets, shared, styles = {}, None, None
    rels = "xl/_rels/workbook.xml.rels"
    if rels in names:
        for _, element in _parse(archive, rels):
            if element.tag != _PACKAGE_RELATIONSHIPS + "Relationship":
                continue
            target = element.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            target = posixpath.normpath(target)
            targets[element.get("Id")] = target
            kind = element.get("Type", "")
            if kind.endswith("/sharedStrings"):
                shared = target
            elif kind.endswith("/styles"):
                styles = target
    sheet = targets.get(first_sheet) or "xl/worksheets/sheet1.xml"
    if sheet not in names:
        raise SpreadsheetError("Tệp Excel không có trang tính nào.")
    shared = shared or ("xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else None)
    styles = styles or ("xl/styles.xml" if "xl/styles.xml" in names else None)
    return (
        sheet,
        shared if shared in names else None,
        styles if styles in names else None,
        epoch,
    )


def _shared_strings(archive, name):
    """The shared strings, as openpyxl reads them (plain text and runs, not phonetic hints)."""
    strings = []
    for _, element in _parse(archive, name):
        if element.tag != _SHARED_ITEM:
            continue
        if len(strings) >= MAX_CELLS:
            raise SpreadsheetError(
                f"Tệp khai báo hơn {number_text(MAX_CELLS)} chuỗi văn bản dùng chung, vượt giới "
                f"hạn {number_text(MAX_CELLS)} (số ô tối đa của một trang tính): tệp không phải "
                "bảng tính thật."
            )
        strings.append(_rich_text(element).replace("x005F_", ""))
        element.clear()
    return strings


def _rich_text(element):
    if len(element) == 1 and element[0].tag == _TEXT:
        # Plain text, what nearly every cell holds (iterfind goes through ElementPath in Python).
        return element[0].text or ""
    return (element.findtext(_TEXT) or "") + "".join(
        run.findtext(_TEXT) or "" for run in element if run.tag == _RUN
    )


def _date_styles(archive, name):
    """The indices of the cell styles whose number format is a date, and a duration."""
    custom, formats = {}, []
    depth = 0
    for event, element in _parse(archive, name, events=("start", "end")):
        tag = element.tag
        if tag == _CELL_XFS:
            depth += 1 if event == "start" else -1
        elif event == "end" and tag == _NUMBER_FORMAT:
            custom[int(element.get("numFmtId", 0))] = element.get("formatCode", "")
        elif event == "end" and tag == _XF and depth:
            if len(formats) >= MAX_CELL_STYLES:
                raise SpreadsheetError(
                    f"Tệp khai báo hơn {number_text(MAX_CELL_STYLES)} kiểu định dạng ô, vượt "
                    f"giới hạn {number_text(MAX_CELL_STYLES)} của Excel: tệp không phải bảng "
                    "tính thật."
                )
            number = int(element.get("numFmtId", 0) or 0)
            formats.append(custom.get(number) or BUILTIN_FORMATS.get(number))
            element.clear()
    dates = {index for index, code in enumerate(formats) if code and is_date_format(code)}
    durations = {index for index, code in enumerate(formats) if code and is_timedelta_format(code)}
    return dates, durations


# The starts of cell and row elements in the raw XML, with or without a namespace prefix (an
# upper bound: "<c" also starts <col> and <cfRule>, of which a sheet has a few).
_CELL_MARKS = (b"<c", b":c ", b":c>", b":c/")
_ROW_MARKS = (b"<row", b":row")


def _count_marks(archive, name):
    """Count the cells and rows the sheet stores before parsing it: on the raw XML, in C
    (`bytes.count` over each inflated chunk), so that a sheet of millions of empty cells or
    rows is refused after inflating its first megabytes, whatever its <dimension> says. A mark
    cut by the edge of a chunk is not counted; the parse counts again."""
    cells = rows = 0
    for chunk in _chunks(archive, name):
        cells += sum(chunk.count(mark) for mark in _CELL_MARKS)
        rows += sum(chunk.count(mark) for mark in _ROW_MARKS)
        if cells > MAX_CELLS:
            raise _too_many_cells()
        if rows > MAX_SHEET_ROWS:
            raise _too_many_rows()


def _sheet_rows(archive, name, shared, dates, durations, epoch):
    """(row number, cell values) of each row the sheet stores, in order, streamed.

    The sheet's <dimension> is not trusted, nor needed: rows and cells are counted as they are
    read, and reading stops at the first one past a limit (a row past `MAX_SHEET_ROWS`, a cell
    past the 16,384th of its row or the `MAX_CELLS`-th of the sheet, a value in a column past
    `MAX_COLUMNS`). Each cell is cleared once read, each row once yielded.
    """
    _count_marks(archive, name)
    number, row_cells, cells, column, widest = 0, 0, 0, 0, 0
    values = []
    for _, element in _parse(archive, name):
        tag = element.tag
        if tag == _CELL:
            row_cells += 1
            cells += 1
            if cells > MAX_CELLS:
                raise _too_many_cells()
            reference = element.get("r")
            if row_cells > MAX_ROW_CELLS:
                raise _too_many_row_cells(_row_of(reference) if reference else number + 1)
            column = _column_of(reference) if reference else column + 1
            if column > MAX_ROW_CELLS:
                raise _too_many_row_cells(_row_of(reference))
            value = _cell_value(element, shared, dates, durations, epoch)
            element.clear()
            if column > MAX_COLUMNS:
                if value not in (None, ""):
                    widest = column
                continue
            if column > len(values) + 1:
                values += [None] * (column - 1 - len(values))
            values.append(value)
        elif tag == _ROW:
            given = element.get("r")
            row = int(float(given)) if given else number + 1
            element.clear()
            if row <= number:
                raise ValueError(f"row {row} after row {number}")
            number = row
            if number > MAX_SHEET_ROWS:
                raise _too_many_rows()
            if widest:
                # Said once the row is read (at most MAX_ROW_CELLS cells), with its last column.
                raise _too_many_columns(widest)
            yield number, values
            values, row_cells, column = [], 0, 0


def _row_of(reference):
    """The row number of a cell reference ("AB12" → 12)."""
    digits = reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$")
    return int(digits) if digits.isdigit() else 0


def _column_of(reference):
    """The column number of a cell reference ("AB12" → 28)."""
    letters = reference.rstrip("0123456789")
    column = _COLUMNS.get(letters)
    if column is None:
        column = 0
        for letter in letters:
            if letter.isdigit():
                break
            column = column * 26 + ord(letter.upper()) - 64
        if len(_COLUMNS) < MAX_COLUMNS * 2:
            _COLUMNS[letters] = column
    return column


# {the letters of a cell reference: its column number}, for the first columns met.
_COLUMNS = {}


def _cell_value(cell, shared, dates, durations, epoch):
    """A cell's value as openpyxl reads it with data_only (WorkSheetParser.parse_cell)."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        text = cell.find(_INLINE)
        if text is None:
            return None
        return _rich_text(text)
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


# --- CSV ----------------------------------------------------------------------------------------


def _read_csv(data):
    if data.startswith(b"PK\x03\x04") or what_is(data):
        raise SpreadsheetError(
            f"Tệp không phải CSV: nội dung là {what_is(data) or 'một tệp nén (có thể là .xlsx)'}."
        )
    if b"\x00" in data:
        raise SpreadsheetError(
            "Tệp không phải CSV: nội dung là dữ liệu nhị phân (có byte NUL, ký tự số 0), mà tệp "
            "CSV chỉ chứa văn bản; hãy lưu lại bằng Excel dưới dạng “CSV UTF-8”."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            f"Tệp CSV phải được lưu với bảng mã UTF-8 (byte thứ {error.start + 1} không phải UTF-8); "
            "trong Excel hãy chọn “CSV UTF-8 (Comma delimited)”."
        ) from error
    first_line = text.split("\n", 1)[0]
    # Excel in Vietnamese regional settings saves CSV with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    previous = csv.field_size_limit(MAX_CSV_FIELD_CHARS)
    try:
        if text.count("\n") > MAX_SHEET_ROWS:
            # More lines than rows allowed: count the records first, in C (a quoted cell may
            # hold line breaks, so lines are only an upper bound), before any row is read.
            for count, _ in enumerate(csv.reader(_csv_lines(text, delimiter), delimiter=delimiter)):
                if count >= MAX_SHEET_ROWS:
                    raise _too_many_rows()
        rows = csv.reader(_csv_lines(text, delimiter), delimiter=delimiter)
        return _table(enumerate(rows, start=1))
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise SpreadsheetError(
                f"Tệp CSV có ô dài hơn {number_text(MAX_CSV_FIELD_CHARS)} ký tự, vượt giới hạn "
                f"{number_text(MAX_CSV_FIELD_CHARS)} ký tự (thường do thiếu dấu ngoặc kép đóng); "
                "hãy lưu lại bằng Excel dưới dạng “CSV UTF-8”."
            ) from error
        raise SpreadsheetError(
            f"Tệp CSV không đọc được ({error}); hãy lưu lại bằng Excel dưới dạng “CSV UTF-8”."
        ) from error
    finally:
        csv.field_size_limit(previous)


def _csv_lines(text, delimiter):
    """The physical lines of a CSV text, each refused when it holds more separators than a row
    of Excel has cells (one line of ten million commas would be ten million empty cells)."""
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if line.count(delimiter) >= MAX_ROW_CELLS:
            raise _too_many_row_cells(number)
        yield line


# --- the entry point ----------------------------------------------------------------------------


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
