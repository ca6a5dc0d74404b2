"""What the spreadsheet imports share: the report of a file row by row, reading cells, the header.

The engines of every import kind use it (`ntm_portal/lib/dataio/registry.py`: certifications
and commune criteria in `targets/imports/engine.py`, the participants and registrations of the
emulation movement in `emulation/imports.py`, the award history in `awards/importing.py`). Each
reads its file with `read_file`/`read_rows`, hence with `ntm_portal.lib.dataio.reader.read_table`
and its limits, and says what it did, or would do, with every row in an `ImportReport`; the one
pipeline (`ntm_portal/lib/dataio/pipeline.py`) runs them all or nothing, or for their valid rows
only. An error names the row and the column as the user sees them in the spreadsheet: its
letter and its header ("Dòng 3, cột B “Năm”: …"); the letter is that of the header in the file
read, given by `ImportReport.name_columns`, which the one pipeline calls for every kind, so the
web and the command say the same.

A cell parser raises `CellIssue` with a message saying what is expected; the importer puts it on
the row and the column.
"""

import contextlib
import datetime
import functools
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.db import models
from openpyxl.utils import get_column_letter

from ntm_portal.lib.spreadsheet import SpreadsheetError, check_size, read_table
from ntm_portal.lib.text import clean_text, fold, nfc


class RowOutcome(models.TextChoices):
    """What an import did, or would do, with a row."""

    NEW = "new", "Mới"
    CHANGED = "changed", "Thay đổi"
    UNCHANGED = "unchanged", "Không đổi"
    REPEATED = "repeated", "Lặp lại dòng trên"
    ERROR = "error", "Lỗi"


@dataclass
class CellError:
    row: int
    column: str
    message: str
    # The column's letter in the file read ("C"), once `ImportReport.name_columns` has found it.
    letter: str = ""

    def __str__(self):
        letter = f"{self.letter} " if self.letter else ""
        return f"Dòng {self.row}, cột {letter}“{self.column}”: {self.message}"


# Called with every row report as an engine makes it (`watching_rows`): the progress of a
# background import (ntm_portal/lib/dataio/jobs.py), whatever the kind.
_row_watcher = None


@contextlib.contextmanager
def watching_rows(watcher):
    """Within the block, `watcher(row)` is called for each row an engine starts checking."""
    global _row_watcher
    previous, _row_watcher = _row_watcher, watcher
    try:
        yield
    finally:
        _row_watcher = previous


@dataclass
class RowReport:
    number: int
    outcome: str = ""
    summary: str = ""
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    # Written anyway, but to be read before confirming: the preview shows them on the row.
    warnings: list = field(default_factory=list)

    def __post_init__(self):
        if _row_watcher is not None:
            _row_watcher(self)

    @property
    def outcome_label(self):
        return RowOutcome(self.outcome).label if self.outcome else ""

    @property
    def left_as_it_is(self):
        """Writes nothing and needs no reading: unchanged or an exact repeat, without error."""
        return not self.errors and self.outcome in (RowOutcome.UNCHANGED, RowOutcome.REPEATED)

    def error(self, column, message):
        self.errors.append(CellError(self.number, column, message))

    def read(self, column, parse, value, **options):
        """`parse(value, **options)`: a cell parser's result; None, with its message on this
        row and column, when the cell cannot be read."""
        try:
            return parse(value, **options)
        except CellIssue as issue:
            self.error(column, str(issue))
            return None

    def lines(self):
        head = f"Dòng {self.number}: {self.outcome_label.lower()}"
        if self.summary:
            head += f" — {self.summary}"
        return (
            [head]
            + [f"    {change}" for change in self.changes]
            + [f"    Cảnh báo: {warning}" for warning in self.warnings]
            + [f"    {error}" for error in self.errors]
        )


@dataclass
class ImportReport:
    kind: str
    filename: str
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    committed: bool = False
    # What the file read as, for a preview to keep until it is confirmed (pending_imports).
    table: object = field(default=None, repr=False)

    @property
    def has_errors(self):
        return bool(self.file_errors) or any(row.errors for row in self.rows)

    @property
    def headline(self):
        """What a valid file adds, in the kind's own words, when the outcomes do not say it
        (a kind's report may tell more); the import page shows it."""
        return ""

    @property
    def errors(self):
        return [*self.file_errors, *(str(error) for row in self.rows for error in row.errors)]

    def count(self, outcome):
        return sum(1 for row in self.rows if row.outcome == outcome)

    def name_columns(self, headers=None):
        """Give every cell error the letter of its column in the file read (`headers`, else
        those of the report's table): the header as the template spells it is matched as
        `check_headers` matches it (case, accents typed, spacing)."""
        if headers is None:
            headers = self.table.headers if self.table is not None else []
        letters = {}
        for index, header in enumerate(headers):
            letters.setdefault(fold(text(header)), get_column_letter(index + 1))
        for row in self.rows:
            for error in row.errors:
                if isinstance(error, CellError) and not error.letter:
                    error.letter = letters.get(fold(error.column), "")

    @property
    def rows_left_as_they_are(self):
        return [row for row in self.rows if row.left_as_it_is]

    @property
    def rows_to_review(self):
        """The other rows: what the file adds or changes, and its errors."""
        return [row for row in self.rows if not row.left_as_it_is]

    @property
    def counts(self):
        return {outcome: self.count(outcome) for outcome in RowOutcome}

    @property
    def summary(self):
        return ", ".join(
            f"{self.count(outcome)} {outcome.label.lower()}"
            for outcome in RowOutcome
            if self.count(outcome) or outcome not in (RowOutcome.ERROR, RowOutcome.REPEATED)
        )

    def mark_errors(self):
        """Every row with an error gets the outcome "error", whatever it would have done."""
        for row in self.rows:
            if row.errors:
                row.outcome = RowOutcome.ERROR

    def lines(self):
        lines = list(self.file_errors)
        for row in self.rows:
            lines.extend(row.lines())
        lines.append(f"Tổng cộng {len(self.rows)} dòng: {self.summary}.")
        return lines


# --- the file and its header row ---------------------------------------------------------------

# The column a partial import adds to the refused rows it gives back (ntm_portal.lib.dataio).
ERROR_COLUMN = "Lỗi"
NO_DATA_ROWS = "Tệp chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào (từ dòng 2)."


def read_file(report, data, *, table=None):
    """The table of the report's file: `table` when a preview already read it (so the confirm
    does not parse the file twice), else read from `data`; kept on the report for the preview to
    store. None, with the reason among the report's file errors, when it cannot be read."""
    if table is None:
        try:
            table = read_table(data, report.filename)
        except SpreadsheetError as error:
            report.file_errors.append(str(error))
            return None
        table = clean_table(table)
    report.table = table
    return table


def clean_table(table):
    """The table with every text cell cleaned as form input is (`clean_text`: NFC, no bidi
    controls, no control characters), so that an import stores what a form would."""
    table.headers = [clean_cell(cell) for cell in table.headers]
    table.rows = [(number, [clean_cell(cell) for cell in cells]) for number, cells in table.rows]
    return table


def clean_cell(value):
    if value.__class__ is str and len(value) <= SHORT_TEXT:
        return _clean_short(value)  # once per distinct short text (a column repeats a few)
    return clean_text(value) if isinstance(value, str) else value


@functools.lru_cache(maxsize=16_384)
def _clean_short(value):
    return clean_text(value)


def read_rows(report, data, columns, *, table=None, ignored=()):
    """The data rows of the report's file as [(row number, {column: cell text})], for the
    expected column headers `columns`; None, with the report's file errors saying why, when the
    file cannot be read, its header row is not that of the template, or it has no data row."""
    table = read_file(report, data, table=table)
    if table is None:
        return None
    positions, errors = check_headers(table.headers, columns, ignored=ignored)
    report.file_errors.extend(errors)
    if not errors and not table.rows:
        report.file_errors.append(NO_DATA_ROWS)
    if report.file_errors:
        return None
    return [
        (number, {column: text(cell) for column, cell in cells_by_column(cells, positions).items()})
        for number, cells in table.rows
    ]


def check_headers(headers, columns, *, ignored=()):
    """({column: its index in the file}, [errors of the header row]) for the expected column
    headers `columns`. Headers match whatever their case, accents typed or spacing; an unknown
    column is an error, since a misspelt header would otherwise drop its data silently."""
    known = {fold(column): column for column in columns}
    positions, errors = {}, []
    for index, header in enumerate(headers):
        letter = get_column_letter(index + 1)
        written = text(header)
        column = known.get(fold(written))
        if column is None and fold(written) in {fold(ERROR_COLUMN), *map(fold, ignored)}:
            # The refused rows of a partial import, fixed and brought back: their errors are
            # not data; nor what an export adds for its reader (`ignored`).
            continue
        if written == "":
            errors.append(
                f"Dòng 1, cột {letter}: thiếu tiêu đề cột; hãy ghi tiêu đề theo mẫu hoặc xóa cột này."
            )
        elif column is None:
            errors.append(
                f"Dòng 1, cột {letter} “{written}”: cột không có trong mẫu nhập; hãy xóa cột này "
                "hoặc sửa tiêu đề cho đúng mẫu (tải tệp mẫu để xem các cột)."
            )
        elif column in positions:
            first = get_column_letter(positions[column] + 1)
            errors.append(
                f"Dòng 1, cột {letter} “{written}”: trùng với cột {first}; mỗi cột chỉ ghi một lần."
            )
        else:
            positions[column] = index
    errors.extend(
        f"Dòng 1 (tiêu đề): thiếu cột “{column}”." for column in columns if column not in positions
    )
    return positions, errors


def cells_by_column(cells, positions):
    """{column: the cell of this row under it}; a short row reads as blank cells."""
    return {
        column: cells[index] if index < len(cells) else "" for column, index in positions.items()
    }


# --- cell parsers -------------------------------------------------------------------------------


class CellIssue(Exception):
    """A cell value that cannot be read; the message says what is expected."""


def text(value):
    """A cell as text: cleaned (`clean_text`), trimmed; a date as dd/mm/yyyy, a whole number
    without ".0"."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = str(value)
    return _short_text(value) if len(value) <= SHORT_TEXT else nfc(clean_text(value))


# A cell at most this long is cleaned once per distinct text (`_short_text`): a column repeats a
# few short values on every row (a code, "đạt", a kind, a date); longer texts are not kept.
SHORT_TEXT = 64


@functools.lru_cache(maxsize=16_384)
def _short_text(value):
    return nfc(clean_text(value))


def year(value, *, required=True, low=2000, high=2100):
    if value == "" or value is None:
        if required:
            raise CellIssue("để trống; hãy ghi năm (4 chữ số, ví dụ 2024).")
        return None
    raw = text(value)
    if not (raw.isdigit() and len(raw) == 4):
        raise CellIssue(f"“{raw}” không phải là năm (ghi 4 chữ số, ví dụ 2024).")
    number = int(raw)
    if not low <= number <= high:
        raise CellIssue(f"năm {number} nằm ngoài khoảng {low}–{high}.")
    return number


# Dates as people and programs write them: 02/06/2022, 2/6/2022, 02-06-2022, 02.06.2022, and
# 2022-06-02 (ISO, as exported by databases). Day first always: Vietnam never writes month first.
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
# Excel's serial day numbers (a date cell saved as a number): 1 is 01/01/1900, with Excel's
# fictitious 29/02/1900, so day 0 of the count is 30/12/1899. 2000–2100 only.
EXCEL_EPOCH = datetime.date(1899, 12, 30)
EXCEL_SERIALS = range(36526, 73051)


def date(value, *, required=True):
    """A date from a cell: a date cell, an Excel serial number, or a text in DATE_FORMATS."""
    if value == "" or value is None:
        if required:
            raise CellIssue("để trống; hãy ghi ngày dạng dd/mm/yyyy.")
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    serial = isinstance(value, int | float) and not isinstance(value, bool)
    if serial and int(value) in EXCEL_SERIALS:
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    return _date_of_text(text(value))


@functools.lru_cache(maxsize=4096)
def _date_of_text(raw):
    """`date` of a cell's text, once per distinct text (a file repeats its decisions' dates, and
    strptime reads the locale at every call)."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(raw, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise CellIssue(
        f"“{raw}” không phải ngày hợp lệ dạng dd/mm/yyyy (ví dụ 02/06/2022) hoặc yyyy-mm-dd."
    )


class ImportUploadForm(forms.Form):
    """The upload of every import: the file, refused by its size before anything reads it."""

    label = "Tệp dữ liệu"
    guide = "Bảng tính Excel (.xlsx) hoặc CSV (UTF-8), theo đúng các cột của tệp mẫu."
    file = forms.FileField(
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": "Hãy chọn tệp cần nhập.", "empty": "Tệp rỗng (0 byte)."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = self.label
        self.fields["file"].help_text = f"{self.guide} Tối đa {settings.NTM_MAX_UPLOAD_MB} MB."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class ImportConfirmForm(forms.Form):
    """Confirming a preview: the token of what it read (`ntm_portal.lib.pending_imports`)."""

    token = forms.CharField(max_length=64, widget=forms.HiddenInput)
