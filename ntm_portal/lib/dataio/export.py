"""The one export path of every list (issue #21).

A list's export is declared once, as an `Export`: its sheet's title, the file's name and its
columns (`Column`: a Vietnamese header and how to read the value from a record). For a kind that
is imported, the columns are the import's own declaration (`from_columns` over
`targets/imports/columns.py`, `emulation/imports.py`, `awards/importing.py`), so that an export
imports back unchanged (tests/dataio/test_round_trips.py).

A list view serves its export with `ExportListMixin`: `?format=xlsx` on the list's own URL (the
"Tải Excel" button carries the list's query string) writes `self.get_queryset()`, the very
queryset the page paginates: the same scope (`units/access.py`, `for_user`) and the same filter
(the list's FilterSet, a district officer's own district by default). The older export URLs
(`targets:certification_export`, `emulation:participant_export`, …) are the list view itself with
`export_only=True`, so they cannot drift from their lists (tests/dataio/test_exports.py walks
every list of the URLconf).

Every value goes through `cell`: dates as dd/mm/yyyy, times as dd/mm/yyyy HH:MM (local time),
yes/no as "có"/"", numbers kept numbers with the number format of `ntm_portal/lib/numbers.py`
(the reader's Excel shows them with its separators: 1.234,5 in Vietnamese); and the one writer,
`ntm_portal.lib.spreadsheet.write_xlsx`, escapes every text that Excel would run as a formula.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404
from django.utils import timezone

from ntm_portal.lib import numbers
from ntm_portal.lib.spreadsheet import Sheet, xlsx_response

# The rows an export writes at most (the whole province's data is far below this).
MAX_EXPORT_ROWS = 50_000


@dataclass(frozen=True)
class Column:
    """A column of an export: its header and how to read its value from a record.

    `digits`: a number shown with this many decimals and its thousands grouped (None: as it is,
    e.g. a year or a code); `width`: the column's width in characters (None: from the header).
    """

    header: str
    value: Callable = field(repr=False, compare=False)
    digits: int | None = None
    width: int | None = None


def from_columns(columns, **digits):
    """Export columns from an import's declaration: objects with `header` and `export`
    (targets/imports/columns.py `Column`), or a {header: function} dict (emulation/imports.py)."""
    if isinstance(columns, dict):
        return [Column(header, value, digits.get(header)) for header, value in columns.items()]
    return [Column(column.header, column.export, digits.get(column.header)) for column in columns]


def cell(value):
    """A value as the export writes it (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int | float | str):
        return value
    return str(value)


class Export:
    """The declaration of one list's export (see the module docstring).

    `columns`: a list of `Column`, or a function `(context) -> list` for columns that depend on
    the data or the user (a year's criteria, what the user may see); `context` is an
    `ExportContext`. `rows_of`: record → the records of its rows, for a list whose rows hold
    several lines each (a cluster's members, a registration's items); `prepare`: queryset →
    queryset (select_related/prefetch_related only: the order is the list's). `also`: further
    `Export`s written as further sheets from the same records.
    """

    def __init__(
        self,
        title,
        filename,
        columns,
        *,
        rows_of=None,
        prepare=None,
        also=(),
        wrap=False,
        limit=MAX_EXPORT_ROWS,
    ):
        self.title = title
        self.filename = filename
        self._columns = columns
        self.rows_of = rows_of
        self.prepare = prepare
        self.also = tuple(also)
        self.wrap = wrap
        self.limit = limit

    def columns(self, context):
        return self._columns(context) if callable(self._columns) else list(self._columns)

    def records(self, records):
        if self.prepare is not None:
            records = self.prepare(records)
        return records

    def sheet(self, records, context):
        """The `Sheet` of these records, every value through `cell`."""
        columns = self.columns(context)
        rows = []
        for record in records:
            for line in self.rows_of(record) if self.rows_of else (record,):
                rows.append([cell(column.value(line)) for column in columns])
                if len(rows) >= self.limit:
                    break
            if len(rows) >= self.limit:
                break
        return Sheet(
            self.title[:31],
            [column.header for column in columns],
            rows,
            widths={i: c.width for i, c in enumerate(columns, start=1) if c.width},
            formats={
                i: numbers.excel_format(c.digits)
                for i, c in enumerate(columns, start=1)
                if c.digits is not None
            },
            wrap=self.wrap,
        )

    def sheets(self, records, context):
        records = self.records(records)
        if self.also and not isinstance(records, list):
            records = list(records)
        return [self.sheet(records, context), *(more.sheet(records, context) for more in self.also)]

    def table(self, records, context=None):
        """(headers, rows) of the first sheet: what a script or a test reads without a file."""
        sheet = self.sheet(self.records(records), context or ExportContext())
        return sheet.headers, sheet.rows

    def response(self, records, *, user=None, view=None, filename=None, **extra):
        """The xlsx download of these records, named with the day of the download; `extra`:
        what the columns read from `context.extra` (a phase's content areas, …)."""
        context = ExportContext(user=user, view=view, extra=extra)
        return xlsx_response(self.sheets(records, context), filename or self.filename, dated=True)


def response(parts, filename, *, user=None, **extra):
    """One download of several exports, each of its own records: [(Export, records), …]."""
    context = ExportContext(user=user, extra=extra)
    sheets = [sheet for export, records in parts for sheet in export.sheets(records, context)]
    return xlsx_response(sheets, filename, dated=True)


@dataclass
class ExportContext:
    """What an export's columns may depend on: who downloads it, from which list, and what the
    page adds (`extra`)."""

    user: object = None
    view: object = None
    extra: dict = field(default_factory=dict)


class ExportListMixin:
    """A ListView whose `export` (an `Export`) writes the list's filtered, scoped queryset at
    `?format=xlsx`, or at any request when the view is made with `as_view(export_only=True)`
    (the lists' older export URLs)."""

    export = None
    export_only = False

    def wants_export(self):
        return self.export_only or self.request.GET.get("format") == "xlsx"

    def get(self, request, *args, **kwargs):
        if self.wants_export():
            if self.export is None:
                raise Http404("Danh sách này không có bản Excel.")
            return self.export.response(
                self.get_queryset(), user=request.user, view=self, filename=self.export_filename()
            )
        return super().get(request, *args, **kwargs)

    def export_filename(self):
        return None


def export_view(list_view):
    """The older export URL of a list: the list view itself, always answering its export."""
    return list_view.as_view(export_only=True)
