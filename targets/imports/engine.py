"""All-or-nothing import of certifications and commune statuses from xlsx or CSV files.

The web import (preview, then confirm) and the `import_certifications` / `import_statuses`
commands call `run_import`. Every row is applied inside one transaction, in the order that lets a
higher standard find the lower one recognised by the same file; the transaction is rolled back
for a preview, a dry run, or when any row has an error. Confirming therefore re-validates the file
against the database as it is at that moment, and a file either commits whole or writes nothing.

Only real differences are saved, so importing the same file twice writes nothing (no new history
rows) the second time, and an exported file imports back as "unchanged".

Decisions: an unknown extra column is an error (a misspelt header would otherwise drop its data
silently); a decision already in the database is never changed by an import, so a row that states
other details for it is an error; an import cannot undo a recorded revocation.
"""

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl.utils import get_column_letter

from ntm_portal.lib.forms import message_dict
from ntm_portal.lib.history import (
    bulk_create_with_history,
    insert_with_history,
    update_with_history,
)
from ntm_portal.lib.importing import (
    CellError,
    CellIssue,
    ImportReport,
    RowOutcome,
    RowReport,
    check_headers,
    date,
    read_file,
    text,
    year,
)
from ntm_portal.lib.text import fold
from targets.imports.columns import (
    CERTIFICATION_COLUMNS,
    MET_WORDS,
    UNMET_WORDS,
    criterion_key,
    status_columns,
    status_criteria,
)
from targets.models import (
    Certification,
    CommuneStatus,
    CriterionResult,
    Decision,
    Issuer,
    Reconciliation,
    Standard,
)
from targets.models.certifications import (
    FLAG_NO_DATE,
    FLAG_NO_NUMBER,
    FLAG_NO_STANDARD_YEAR,
    NO_YEAR_NOR_DATE,
    LoadedRegister,
    same_decision,
)
from targets.progress.at_risk import held_standards
from targets.progress.counting import reference_date
from targets.services import (
    agreeing,
    new_decision,
    recognition,
    reconciliations_touched,
    unreconcile_for,
    unreconciled_warning,
)
from units.access import Capability
from units.models import Unit

# Rows per statement of the bulk writes at the end of an import.
BATCH = 500


# --- cell parsers (text, year and date are shared: ntm_portal/lib/importing.py) ----------------


def standard(value, *, required=True):
    """A standard as documents write it (Standard.from_text), or as its code or label."""
    raw = text(value)
    if raw == "" and not required:
        return ""
    found = _standard_of_text(raw) if raw else None
    if found is None:
        return choice(value, Standard, required=required)
    return found.value


def choice(value, choices, *, required=True):
    """A TextChoices value, written as its identifier or its Vietnamese label."""
    raw = text(value)
    if raw == "":
        if required:
            raise CellIssue("để trống; hãy ghi " + _choice_list(choices) + ".")
        return ""
    key = _fold(raw)
    for option in choices:
        if key in (_fold(option.value), _fold(option.label)):
            return option.value
    raise CellIssue(f"“{raw}” không hợp lệ; hãy ghi " + _choice_list(choices) + ".")


# A cell's text folded once: a column repeats a few values ("đạt", "x", a standard) on every
# row, and folding is the costliest step of reading a cell.
_fold = lru_cache(maxsize=4096)(fold)
_MET_KEYS = frozenset(fold(word) for word in MET_WORDS)
_UNMET_KEYS = frozenset(fold(word) for word in UNMET_WORDS)


_standard_of_short_text = lru_cache(maxsize=1024)(Standard.from_text)


def _standard_of_text(raw):
    """`Standard.from_text`, once per distinct text (a column repeats a few standards)."""
    return _standard_of_short_text(raw) if len(raw) <= 200 else Standard.from_text(raw)


def _choice_list(choices):
    return " hoặc ".join(f"“{option.label}”" for option in choices)


def met(value):
    """Whether a criterion is met: "đạt", "x", "1" (or TRUE) yes; "chưa đạt", "0", blank no."""
    if isinstance(value, bool):
        return value
    return _met_cell(value)


@lru_cache(maxsize=1024)
def _met_cell(value):
    """`met` of a cell that is not a boolean: cached, as 19 columns of a status file repeat the
    same few values on every row."""
    key = _fold(text(value))
    if key in _MET_KEYS:
        return True
    if key in _UNMET_KEYS:
        return False
    raise CellIssue(
        f"“{text(value)}” không hiểu được; ghi “đạt”, “x” hoặc “1” nếu đạt; "
        "“chưa đạt”, “0” hoặc để trống nếu chưa đạt."
    )


# --- units --------------------------------------------------------------------------------------


def _where(unit):
    """A unit as an import's messages name it: name, code and district."""
    district = unit.district()
    if district is None or district == unit:
        return f"{unit.full_name} (mã {unit.code})"
    return f"{unit.full_name} mã {unit.code} ({district.full_name})"


class UnitDirectory:
    """The units an import may name, read once; a name counts only inside a given district."""

    def __init__(self, scope):
        units = list(Unit.objects.all())
        # Each unit's parent is one of the units read (no join: ten thousand units at national
        # scale would each be built twice).
        by_pk = {unit.pk: unit for unit in units}
        parent = Unit._meta.get_field("parent")
        for unit in units:
            if unit.parent_id is not None and unit.parent_id in by_pk:
                parent.set_cached_value(unit, by_pk[unit.parent_id])
        self.scope_ids = None if scope is None else set(scope.values_list("pk", flat=True))
        self.by_code = defaultdict(list)
        self.communes_by_name = defaultdict(list)
        self.where_of = {}
        for unit in units:
            self.by_code[unit.code].append(unit)
            if unit.is_commune:
                self.communes_by_name[fold(unit.name)].append(unit)

    def where(self, unit):
        """`_where(unit)`, worked out once per unit of the import (every row's summary says it)."""
        if unit.pk not in self.where_of:
            self.where_of[unit.pk] = _where(unit)
        return self.where_of[unit.pk]

    def _one_of_code(self, unit_code, on):
        candidates = self.by_code.get(unit_code, [])
        if on is not None:
            valid = [unit for unit in candidates if unit.is_valid_on(on)]
            candidates = valid or candidates
        return candidates[-1] if candidates else None

    def find(self, *, unit_code, name, district_code, headers, on=None, communes_only=False):
        """(unit, [(column header, message)]) for the code, or the name inside the district."""
        code_header, name_header, district_header = headers
        district = None
        if district_code:
            district = self._one_of_code(district_code, on)
            if district is None or not district.is_district:
                return None, [
                    (district_header, f"không có đơn vị cấp huyện nào mã “{district_code}”.")
                ]
        if unit_code:
            unit = self._one_of_code(unit_code, on)
            if unit is None:
                return None, [
                    (code_header, f"không có đơn vị nào mã “{unit_code}” trong danh mục.")
                ]
            problems = []
            if communes_only and not unit.is_commune:
                problems.append(
                    (code_header, f"mã {unit_code} là {unit.full_name}, không phải xã.")
                )
            if name and fold(name) != fold(unit.name):
                problems.append(
                    (
                        name_header,
                        f"“{name}” không khớp với tên của mã {unit_code} ({unit.full_name}).",
                    )
                )
            if district is not None and unit.district() != district:
                problems.append(
                    (
                        district_header,
                        f"{self.where(unit)} không thuộc {district.full_name} (mã {district.code}).",
                    )
                )
            return unit, problems
        if not name:
            return None, [(code_header, "để trống; hãy ghi mã đơn vị, hoặc tên xã kèm mã huyện.")]
        same_name = self.communes_by_name.get(fold(name), [])
        if on is not None:
            # A name reused by a unit of another period (Xã Bình An from 01/07/2025): the
            # units valid on the row's day.
            same_name = [unit for unit in same_name if unit.is_valid_on(on)] or same_name
        if district is None:
            if len(same_name) > 1:
                places = "; ".join(self.where(unit) for unit in same_name)
                return None, [
                    (
                        name_header,
                        f"“{name}” là tên của {len(same_name)} xã: {places}; hãy ghi mã đơn vị "
                        "hoặc mã huyện.",
                    )
                ]
            if not same_name:
                return None, [(name_header, f"không có xã nào tên “{name}” trong danh mục.")]
            return None, [
                (
                    district_header,
                    f"để trống; ghi tên xã “{name}” thì phải ghi kèm mã huyện (hoặc ghi mã đơn vị "
                    f"{same_name[0].code}).",
                )
            ]
        in_district = [unit for unit in same_name if unit.parent_id == district.pk]
        if len(in_district) == 1:
            return in_district[0], []
        if in_district:
            places = "; ".join(self.where(unit) for unit in in_district)
            return None, [
                (
                    name_header,
                    f"“{name}” chỉ nhiều xã của {district.full_name}: {places}; hãy ghi mã.",
                )
            ]
        elsewhere = (
            " Xã tên này có ở: " + "; ".join(self.where(unit) for unit in same_name) + "."
            if same_name
            else ""
        )
        return None, [
            (
                name_header,
                f"{district.full_name} (mã {district.code}) không có xã nào tên “{name}”.{elsewhere}",
            )
        ]

    def in_scope(self, unit):
        return self.scope_ids is None or unit.pk in self.scope_ids

    @staticmethod
    def in_period_order(units):
        return sorted(units, key=lambda unit: unit.valid_from or datetime.date.min)

    def holders(self, unit_code, year):
        """The units that held the code at some time in the year, in the order of their periods
        (two in 2025 for a code reused on 01/07/2025: 30985 was Thị trấn Thứ Ba, then Xã An Biên)."""
        return self.in_period_order(
            unit for unit in self.by_code.get(unit_code, []) if unit.exists_in(year)
        )

    def periods(self, units):
        """Units of one code, each with its period, in the order of their periods."""
        return "; ".join(
            f"{self.where(unit)} có hiệu lực {unit.validity_text}"
            for unit in self.in_period_order(units)
        )

    def not_in_year(self, unit_code, year):
        """Why a row of the year cannot name the code: the periods of the units that held it."""
        periods = self.periods(self.by_code[unit_code])
        return f"năm {year} không có đơn vị nào mang mã {unit_code}: {periods}."


# --- importers ----------------------------------------------------------------------------------


@dataclass
class ParsedRow:
    report: RowReport
    values: dict = field(default_factory=dict)
    unit: object = None
    cells: tuple = ()
    # The header of the column naming a unit outside the importer's scope ("" inside it).
    outside_scope: str = ""

    def error(self, column, message):
        self.report.errors.append(CellError(self.report.number, column, message))


class Importer:
    """Reads the rows of one kind of file and applies them; subclasses know the columns."""

    kind = ""
    scope_capability = Capability.IMPORT_DATA

    def __init__(self, *, user=None):
        self.user = user
        self.columns = self.get_columns()
        self.header = {column.key: column.header for column in self.columns}
        scope = None if user is None else Unit.objects.for_user(user, self.scope_capability)
        self.units = UnitDirectory(scope)

    def get_columns(self):
        raise NotImplementedError

    def check_headers(self, headers):
        """The column positions by key, and the errors of the header row (the shared check of
        every import, on this importer's column headers)."""
        key_of = {column.header: column.key for column in self.columns}
        positions, errors = check_headers(headers, list(key_of))
        return {key_of[header]: index for header, index in positions.items()}, errors

    def read_row(self, number, cells, positions, width):
        row = ParsedRow(RowReport(number), cells=tuple(str(cell) for cell in cells[:width]))
        for index in range(width, len(cells)):
            if cells[index] != "":
                row.error(
                    get_column_letter(index + 1),
                    f"có dữ liệu “{text(cells[index])}” nhưng cột không có tiêu đề.",
                )
        raw = {key: cells[index] if index < len(cells) else "" for key, index in positions.items()}
        values = row.values
        for key, header, parse in self.parsers:
            try:
                values[key] = parse(raw[key])
            except CellIssue as issue:
                row.error(header, str(issue))
        return row

    @cached_property
    def parsers(self):
        """[(key, header, the parser of its cells)] of the columns, in order: `parse` decides
        once per column, not once per cell."""
        return [(column.key, column.header, self.parser(column.key)) for column in self.columns]

    def parser(self, key):
        """The parser of a column's cells (`parse` by default)."""
        return functools.partial(self.parse, key)

    def parse(self, key, value):
        raise NotImplementedError

    @cached_property
    def field_columns(self):
        """{model or service field: the header of the column that shows its errors}."""
        return {name: column.header for column in self.columns for name in column.fields}

    def validation_errors(self, row, error):
        """Put a ValidationError on the columns of the fields it names (the errors of the
        recording service and of the models are keyed by field; "__all__" has a column too)."""
        for name, messages in message_dict(error).items():
            column = self.field_columns.get(name) or self.field_columns[NON_FIELD_ERRORS]
            for message in messages:
                row.error(column, message)

    def apply(self, table, *, write=True):
        positions, errors = self.check_headers(table.headers)
        if errors:
            return [], errors
        if not table.rows:
            return [], ["Tệp chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào (từ dòng 2)."]
        every_row = [
            self.read_row(number, cells, positions, len(table.headers))
            for number, cells in table.rows
        ]
        rows = self.set_aside_repeats(every_row)
        self.check_rows(rows)
        self.prepare([row for row in rows if not row.report.errors and row.unit is not None])
        for row in sorted(rows, key=self.order):
            if not row.report.errors:
                self.apply_row(row)
                if row.outside_scope and not row.report.errors:
                    self.keep_to_scope(row)
        file_errors = []
        if write and not any(row.report.errors for row in rows):
            # A file with an error writes nothing, nor does a preview: what the file would write
            # has been checked, row by row, against what was read and what earlier rows record.
            try:
                with transaction.atomic():
                    self.flush()
            except IntegrityError as error:
                # Only a write made meanwhile by someone else can get here: the rows were
                # checked against what was read.
                file_errors.append(
                    f"Cơ sở dữ liệu từ chối khi ghi ({error}); chưa ghi gì, hãy nhập lại tệp."
                )
        for row in rows:
            if row.report.errors:
                row.report.outcome = RowOutcome.ERROR
        return [row.report for row in every_row], file_errors

    def flush(self):
        """Write, in bulk and with their history, what the rows checked: apply_row writes
        nothing, it checks a row against what prepare read and what earlier rows recorded."""

    @staticmethod
    def set_aside_repeats(rows):
        """The rows to apply: a row repeated exactly in the file (every cell the same) is
        applied once, and the repeat gets a warning. Rows that disagree stay, for check_rows."""
        first_of, kept = {}, []
        for row in rows:
            first = first_of.setdefault(row.cells, row)
            if first is row:
                kept.append(row)
                continue
            row.report.outcome = RowOutcome.REPEATED
            row.report.warnings.append(
                f"giống hệt dòng {first.report.number}; chỉ nhập một lần (dòng này bỏ qua)."
            )
        return kept

    def order(self, row):
        return row.report.number

    def check_rows(self, rows):
        """Checks across rows (duplicates, conflicting details) before anything is applied."""

    def prepare(self, rows):
        """Read at once what the valid rows will look up (no query per row for it)."""

    def apply_row(self, row):
        raise NotImplementedError

    def resolve_unit(self, row, keys, *, on=None, communes_only=False):
        code_key, name_key, district_key = keys
        values = row.values
        unit, problems = self.units.find(
            unit_code=values.get(code_key, ""),
            name=values.get(name_key, ""),
            district_code=values.get(district_key, ""),
            headers=(self.header[code_key], self.header[name_key], self.header[district_key]),
            on=on,
            communes_only=communes_only,
        )
        for column, message in problems:
            row.error(column, message)
        if unit is not None and not problems and not self.units.in_scope(unit):
            # Decided once the row is compared with what is recorded (`keep_to_scope`).
            row.outside_scope = self.header[code_key]
        return None if problems else unit

    def keep_to_scope(self, row):
        """A row about a unit outside the importer's scope is refused if it would write
        anything; unchanged, it is set aside with a note. An export of the whole province (what
        a district officer sees) can so be imported back with the district's own changes."""
        where = self.units.where(row.unit)
        if row.report.outcome == RowOutcome.UNCHANGED:
            row.report.warnings.append(
                f"{where} nằm ngoài phạm vi được phân công của bạn; dòng không đổi gì nên được "
                "bỏ qua."
            )
            return
        would = (
            "thêm dữ liệu mới"
            if row.report.outcome == RowOutcome.NEW
            else "thay đổi dữ liệu đã có (" + "; ".join(row.report.changes) + ")"
        )
        row.error(
            row.outside_scope,
            f"{where} nằm ngoài phạm vi được phân công của bạn, không nhập được: dòng này {would}.",
        )


def _changes(obj, values):
    """[(field, old, new)] for values that differ from the object's."""
    return [
        (name, getattr(obj, name), value)
        for name, value in values.items()
        if getattr(obj, name) != value
    ]


def _shown(value):
    if value in ("", None):
        return "(trống)"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return f"“{value}”"


def _key_of(number, issuer, day):
    """How the file's rows of one decision are told apart from others: number, issuer and year;
    number and issuer for a decision without a date; issuer and date for one without a number
    (targets/services.py, decision_key)."""
    if number:
        return (number, issuer, day.year if day else None)
    return ("", issuer, day)


def _number_of_key(key):
    return key[0] or "chưa rõ số"


def _year_of_key(key):
    if isinstance(key[2], datetime.date):
        return f"ngày {key[2]:%d/%m/%Y}"
    return f"năm {key[2]}" if key[2] else "chưa rõ ngày"


class CertificationImporter(Importer):
    kind = "certifications"
    scope_capability = Capability.RECORD_CERTIFICATION
    unit_keys = ("unit_code", "unit_name", "district_code")
    compared = ["standard_year", "notes", "revoked_on", "revocation_number", "revocation_reason"]

    def get_columns(self):
        return CERTIFICATION_COLUMNS

    def parse(self, key, value):
        if key in ("unit_code", "district_code"):
            return text(value)
        if key == "standard":
            return standard(value)
        if key == "issuer":
            return choice(value, Issuer, required=False)
        if key == "standard_year":
            # Blank when the decision states none: counted from the decision's year, flagged.
            return year(value, required=False)
        if key in ("decision_date", "revoked_on"):
            # Checked with the decision number in read_row: both blank is a recognition known
            # from a source (named in the notes column).
            return date(value, required=False)
        return text(value)

    def read_row(self, number, cells, positions, width):
        row = super().read_row(number, cells, positions, width)
        values = row.values
        revoked_on, revocation_number = values.get("revoked_on"), values.get("revocation_number")
        if revoked_on and not revocation_number:
            row.error(
                "Số QĐ thu hồi", "để trống trong khi đã ghi “Ngày thu hồi”; thu hồi cần cả hai."
            )
        if revocation_number and not revoked_on and "revoked_on" in values:
            row.error(
                "Ngày thu hồi", "để trống trong khi đã ghi “Số QĐ thu hồi”; thu hồi cần cả hai."
            )
        self.check_decision_cells(row)
        if (
            "decision_date" in values
            and not values["decision_date"]
            and not values.get("standard_year")
        ):
            row.error("Năm đạt chuẩn", f"để trống cùng “Ngày quyết định”. {NO_YEAR_NOR_DATE}")
        if not row.report.errors:
            on = values["decision_date"] or datetime.date(values["standard_year"], 12, 31)
            row.unit = self.resolve_unit(row, self.unit_keys, on=on)
        return row

    def check_decision_cells(self, row):
        """The decision's number or date (or both) with its issuer, or none of them and the
        source in the notes. A decision known by its number only, or its date only, is true and
        incomplete: recorded and flagged (Certification.incompleteness), not refused."""
        values = row.values
        number, day = values.get("decision_number", ""), values.get("decision_date")
        if "decision_date" not in values:
            return
        if not number and not day:
            if not values.get("notes"):
                row.error(
                    "Số quyết định",
                    "để trống; hãy ghi số quyết định, ví dụ 1007/QĐ-UBND (khi chưa có số và ngày "
                    "quyết định: để trống cả hai cột và ghi nguồn ở cột “Ghi chú”).",
                )
            return
        if "issuer" in values and not values["issuer"]:
            row.error("Cấp quyết định", "để trống; hãy ghi " + _choice_list(Issuer) + ".")

    @staticmethod
    def known_from_source(values):
        return not values["decision_number"] and values["decision_date"] is None

    def decision_key(self, values):
        if self.known_from_source(values):
            return ("", "", values["standard_year"])
        return _key_of(values["decision_number"], values["issuer"], values["decision_date"])

    def check_rows(self, rows):
        decisions, certifications = {}, {}
        for row in rows:
            if row.report.errors:
                continue
            values = row.values
            key = self.decision_key(values)
            first = decisions.setdefault(key, row)
            for name, header in (("decision_date", "Ngày quyết định"), ("signer", "Người ký")):
                if self.known_from_source(values):
                    break
                if first is not row and first.values[name] != values[name]:
                    row.error(
                        header,
                        f"quyết định {_number_of_key(key)} ({Issuer(key[1]).label}, "
                        f"{_year_of_key(key)}) ở dòng {first.report.number} ghi "
                        f"{_shown(first.values[name])}, dòng này ghi {_shown(values[name])}; "
                        "các dòng của một quyết định phải ghi giống nhau.",
                    )
            same = certifications.setdefault((row.unit.pk, values["standard"], key), row)
            if same is not row:
                row.error(
                    "Mã đơn vị",
                    f"trùng với dòng {same.report.number}: cùng đơn vị {row.unit.full_name}, "
                    f"cùng chuẩn và cùng quyết định {_number_of_key(key)}.",
                )

    def order(self, row):
        # A lower standard first, so that "advanced" finds "NTM" recognised by the same file.
        standard = row.values.get("standard")
        rank = Standard(standard).rank if standard else 0
        return (rank, row.report.number)

    def describe(self, values, unit):
        year = values["standard_year"]
        said = f"{self.units.where(unit)}: {Standard(values['standard']).label} " + (
            f"năm {year}" if year else f"({FLAG_NO_STANDARD_YEAR})"
        )
        if self.known_from_source(values):
            return f"{said}, thiếu số/ngày quyết định (nguồn: {values['notes']})"
        number, day = values["decision_number"], values["decision_date"]
        return f"{said}, QĐ {number or f'({FLAG_NO_NUMBER})'} " + (
            f"ngày {day:%d/%m/%Y}" if day else f"({FLAG_NO_DATE})"
        )

    def prepare(self, rows):
        """What the rows will look up, read at once: the decisions with the numbers the file
        names (one query), and every recognition of the units it names (one query), which the
        rules of each row then read instead of the database (a LoadedRegister)."""
        keys = {
            self.decision_key(row.values) for row in rows if not self.known_from_source(row.values)
        }
        self.decisions, self.numbered = {}, defaultdict(list)
        dated = {key for key in keys if key[0] and key[2] is not None}
        found = []
        if dated:
            found += Decision.objects.filter(
                number__in={number for number, _, _ in dated},
                year__in={year for _, _, year in dated},
            )
        # Decisions known by their number only, or their date only: read only when the file
        # names such a decision (a query each).
        undated = {number for number, _, day in keys if number and day is None}
        if undated:
            found += Decision.objects.filter(number__in=undated, issued_on__isnull=True)
        unnumbered = {day for number, _, day in keys if not number}
        if unnumbered:
            found += Decision.objects.filter(number="", issued_on__in=unnumbered)
        for decision in found:
            self.decisions[_key_of(decision.number, decision.issuer, decision.issued_on)] = decision
            self.numbered[decision.number, decision.year].append(decision)
        self.register = LoadedRegister({row.unit.pk for row in rows})
        # Reconciled scopes, which a recognition of a reconciled year undoes (with a warning).
        self.reconciliations = {
            r.scope_id: r for r in Reconciliation.objects.select_related("scope")
        }
        self.province_of = (
            dict(Unit.objects.filter(level=Unit.Level.DISTRICT).values_list("pk", "parent_id"))
            if self.reconciliations
            else {}
        )
        self.checked_decisions = {}
        self.new_decisions, self.new_certifications = [], []
        # {certification: the names of the fields the file changes}, in the order of the rows.
        self.changed = {}

    def others_of_number(self, decision):
        return self.numbered[decision.number, decision.year]

    def find_decision(self, row):
        """The decision the row states, found among those read or recorded by an earlier row,
        or a new one under Decision's rules (saved with the others at the end)."""
        values = row.values
        if self.known_from_source(values):
            return None
        stated = (self.decision_key(values), values["decision_date"], values["signer"])
        if stated in self.checked_decisions:
            return self.checked_decisions[stated]
        decision = self.decisions.get(self.decision_key(values))
        try:
            if decision is None:
                decision = new_decision(
                    number=values["decision_number"],
                    issued_on=values["decision_date"],
                    issuer=values["issuer"],
                    signer=values["signer"],
                )
                decision.validate_among(self.others_of_number)
                self.decisions[self.decision_key(values)] = decision
                self.numbered[decision.number, decision.year].append(decision)
                self.new_decisions.append(decision)
            else:
                agreeing(decision, issued_on=values["decision_date"], signer=values["signer"])
        except ValidationError as error:
            self.validation_errors(row, error)
            return None
        self.checked_decisions[stated] = decision
        return decision

    def recorded(self, unit, values, decision):
        """The unit's recognition the row is about, among those read or recorded by the file."""
        for held in self.register.of(unit.pk):
            if held.standard != values["standard"]:
                continue
            # The unit as read once for the whole file (its rules read its kind and validity).
            held.unit = unit
            if decision is None:
                # The same recognition still known from a source, or since completed.
                if held.standard_year == values["standard_year"]:
                    return held
            elif same_decision(held.recorded_decision, decision):
                return held
        return None

    def apply_row(self, row):
        values, unit = row.values, row.unit
        row.report.summary = self.describe(values, unit)
        decision = self.find_decision(row)
        if row.report.errors:
            return
        from_source = decision is None
        stated = {
            "standard_year": values["standard_year"],
            "notes": "" if from_source else values["notes"],
            "source": values["notes"] if from_source else "",
            "revoked_on": values["revoked_on"],
            "revocation_number": values["revocation_number"],
            "revocation_reason": values["revocation_reason"],
        }
        certification = self.recorded(unit, values, decision)
        try:
            if certification is None:
                # Confirming the preview, which shows the warning on the row, is the explicit
                # confirmation that the district rule asks for.
                certification = recognition(
                    decision=decision,
                    unit=unit,
                    standard=values["standard"],
                    confirmed=True,
                    by=self.user,
                    register=self.register,
                    **stated,
                )
                if certification.warning:
                    row.report.warnings.append(certification.warning)
                row.report.warnings.extend(certification.notices)
                row.report.warnings.extend(
                    unreconciled_warning(reconciliation, certification.counted_year)
                    for reconciliation in reconciliations_touched(
                        unit, certification.counted_year, self.reconciliations, self.province_of
                    )
                )
                self.register.add(certification)
                self.new_certifications.append(certification)
                row.report.outcome = RowOutcome.NEW
                return
            if from_source and certification.decision_id:
                row.report.outcome = RowOutcome.UNCHANGED
                row.report.warnings.append(
                    f"công nhận này đã có quyết định {certification.decision}; dòng theo nguồn "
                    "được bỏ qua."
                )
                return
            changes = _changes(certification, stated)
            if not changes:
                row.report.outcome = RowOutcome.UNCHANGED
                return
            row.report.changes = [
                f"{Certification._meta.get_field(name).verbose_name.capitalize()}: "
                f"{_shown(old)} → {_shown(new)}"
                for name, old, new in changes
            ]
            if certification.is_revoked and not values["revoked_on"]:
                row.error(
                    "Ngày thu hồi",
                    f"công nhận này đã bị thu hồi ngày {certification.revoked_on:%d/%m/%Y} "
                    f"({certification.revocation_number}); nhập tệp không hủy được việc thu hồi.",
                )
                return
            changed = {name for name, _, _ in changes}
            if certification.is_revoked or not values["revoked_on"]:
                for name, value in stated.items():
                    setattr(certification, name, value)
                # Field checks only for what the row changes (the rest is as recorded), as a
                # ModelForm does for the fields it does not show; the rules always.
                certification.validate_in(
                    self.register,
                    exclude=[f.name for f in Certification._meta.fields if f.name not in changed],
                )
            else:
                certification.standard_year = stated["standard_year"]
                certification.notes, certification.source = stated["notes"], stated["source"]
                certification.revoke(
                    number=values["revocation_number"],
                    on=values["revoked_on"],
                    reason=values["revocation_reason"],
                    register=self.register,
                )
            if certification.pk is not None:
                # One recorded by an earlier row is created at the end as it stands by then.
                self.changed.setdefault(certification, set()).update(changed)
            row.report.outcome = RowOutcome.CHANGED
        except ValidationError as error:
            self.validation_errors(row, error)

    def flush(self):
        """The new decisions, then the new recognitions (which now find their decisions' ids),
        then the changed ones, grouped by the fields they change; each with its history."""
        bulk_create_with_history(self.new_decisions, Decision, batch_size=BATCH, user=self.user)
        bulk_create_with_history(
            self.new_certifications, Certification, batch_size=BATCH, user=self.user
        )
        if self.reconciliations:
            unreconcile_for(self.new_certifications, by=self.user)
        by_fields = defaultdict(list)
        for certification, fields in self.changed.items():
            by_fields[tuple(sorted(fields))].append(certification)
        for fields, certifications in by_fields.items():
            # One UPDATE … FROM (VALUES …) per batch, the '~' history rows copied by the
            # database (django-simple-history's bulk_update_with_history: 15 s of CPU for
            # 10,000 changed notes, a CASE per field and record and a history object each).
            update_with_history(certifications, Certification, list(fields), user=self.user)


class StatusImporter(Importer):
    kind = "statuses"
    scope_capability = Capability.EDIT_COMMUNE_STATUS
    unit_keys = ("commune_code", "commune_name", "district_code")

    def get_columns(self):
        self.criteria = status_criteria()
        return status_columns(self.criteria)

    def parse(self, key, value):
        if key in ("commune_code", "district_code"):
            return text(value)
        if key == "year":
            number = year(value)
            if number > self.this_year:
                raise CellIssue(f"năm {number} ở tương lai.")
            return number
        if key == "planned_year":
            return year(value, required=False)
        if key == "next_standard":
            return standard(value, required=False)
        if key.startswith("tc"):
            return met(value)
        return text(value)

    @cached_property
    def this_year(self):
        """A status is of this year at the latest (read once per file, not per row)."""
        return timezone.localdate().year

    def parser(self, key):
        # The 19 criteria columns read by `met` directly (cached by the cell's value).
        return met if key.startswith("tc") else super().parser(key)

    def read_row(self, number, cells, positions, width):
        row = super().read_row(number, cells, positions, width)
        values = row.values
        year, code = values.get("year"), values.get("commune_code", "")
        if year is None:
            # The year's cell is refused: the code is still checked against the catalogue.
            row.unit = self.resolve_unit(row, self.unit_keys, communes_only=True)
            return row
        held = self.units.holders(code, year) if code else []
        if code in self.units.by_code and not held:
            row.error(self.header["commune_code"], self.units.not_in_year(code, year))
            return row
        unit = self.unit_of_year(held, year)
        # The day the unit is looked up on is the one the year's status is counted on (31/12,
        # or the unit's last day when it ended within the year). A row naming a commune by its
        # name keeps every period (only the names inside a district are searched, and the
        # districts ended on 30/06/2025).
        on = None if unit is None else reference_date(unit, year)
        row.unit = self.resolve_unit(row, self.unit_keys, on=on, communes_only=True)
        if row.unit is None:
            return row
        if not row.unit.exists_in(year):
            column = self.header["commune_code" if code else "commune_name"]
            row.error(column, self.units.not_in_year(row.unit.code, year))
            row.unit = None
        elif len(held) > 1:
            row.report.warnings.append(self.shared_code_warning(held, row.unit, year))
        return row

    @staticmethod
    def unit_of_year(held, year):
        """Of the units that held the code in the year, the one the year's status belongs to:
        the only one; when the code passed to another unit within the year (2025), the one the
        year began with, since the records of 2021–2025 keep the old units (DOMAIN.md, "Units";
        `UnitQuerySet.by_code`)."""
        began_with = [unit for unit in held if unit.is_valid_on(datetime.date(year, 1, 1))]
        if began_with:
            return began_with[-1]
        return held[0] if held else None

    def shared_code_warning(self, held, unit, year):
        """The row names a code that two units held in its year: which one it was recorded for."""
        count = "hai" if len(held) == 2 else str(len(held))
        warning = (
            f"năm {year} có {count} đơn vị mang mã {unit.code}: {self.units.periods(held)}. "
            f"Dòng này được ghi cho {unit.full_name}"
        )
        if unit.is_valid_on(datetime.date(year, 1, 1)):
            warning += (
                f", đơn vị có hiệu lực từ đầu năm {year} (kết quả của năm {year} ghi cho đơn vị "
                "trước khi sắp xếp)"
            )
        return warning + "."

    def check_rows(self, rows):
        seen = {}
        for row in rows:
            if row.report.errors or row.unit is None:
                continue
            first = seen.setdefault((row.unit.pk, row.values["year"]), row)
            if first is not row:
                row.error(
                    "Năm",
                    f"trùng với dòng {first.report.number}: {row.unit.full_name} đã có một dòng "
                    f"cho năm {row.values['year']}; mỗi xã chỉ một dòng cho mỗi năm.",
                )

    def prepare(self, rows):
        """The statuses the file names (one query) and their criteria results (one query, as
        plain values: most of them are compared, not changed); criteria sets and their criteria
        once per year and per set."""
        pairs = {(row.unit.pk, row.values["year"]) for row in rows}
        self.existing = {}
        self.results_of = defaultdict(dict)
        if pairs:
            found = CommuneStatus.objects.filter(
                commune_id__in={commune for commune, _ in pairs},
                year__in={year for _, year in pairs},
            ).select_related("criteria_set")
            self.existing = {
                (status.commune_id, status.year): status
                for status in found
                if (status.commune_id, status.year) in pairs
            }
            results = CriterionResult.objects.filter(
                status_id__in=[status.pk for status in self.existing.values()]
            ).values_list("pk", "status_id", "criterion_id", "met")
            for pk, status_id, criterion_id, met in results:
                self.results_of[status_id][criterion_id] = (pk, met)
        # The standard each commune holds in the row's year, for the rows that state (or keep)
        # a next standard, which must be higher: one query for the whole file.
        self.held = held_standards(
            (row.unit, row.values["year"])
            for row in rows
            if row.values["next_standard"]
            or getattr(self.existing.get((row.unit.pk, row.values["year"])), "next_standard", "")
        )
        self.criteria_sets, self.criteria_of_set = {}, {}
        self.new_statuses, self.changed_statuses = [], {}
        self.new_results, self.changed_results = [], []

    def flush(self):
        bulk_create_with_history(self.new_statuses, CommuneStatus, batch_size=BATCH, user=self.user)
        by_fields = defaultdict(list)
        for status, fields in self.changed_statuses.items():
            by_fields[(*sorted(fields), "updated_at")].append(status)
        for fields, statuses in by_fields.items():
            update_with_history(statuses, CommuneStatus, list(fields), user=self.user)
        # Statuses have their ids by now; a result is a plain row (19 a status).
        insert_with_history(
            CriterionResult,
            ["status", "criterion", "met", "note", "evidence"],
            [(status.pk, criterion, met, "", "") for status, criterion, met in self.new_results],
            user=self.user,
        )
        update_with_history(self.changed_results, CriterionResult, ["met"], user=self.user)

    def criteria_set_for(self, year):
        if year not in self.criteria_sets:
            self.criteria_sets[year] = CommuneStatus.criteria_set_for(year)
        return self.criteria_sets[year]

    def criteria_of(self, criteria_set):
        """[(criterion, the key of its column)] of the set, read once per set."""
        if criteria_set.pk not in self.criteria_of_set:
            self.criteria_of_set[criteria_set.pk] = [
                (criterion, criterion_key(criterion.number))
                for criterion in criteria_set.criteria.order_by("number")
            ]
        return self.criteria_of_set[criteria_set.pk]

    def apply_row(self, row):
        values, commune = row.values, row.unit
        stated = {
            "next_standard": values["next_standard"],
            "planned_year": values["planned_year"],
            "notes": values["notes"],
        }
        status = self.existing.get((commune.pk, values["year"]))
        is_new = status is None
        if is_new:
            criteria_set = self.criteria_set_for(values["year"])
            if criteria_set is None:
                row.error("Năm", f"chưa có bộ tiêu chí xã nông thôn mới cho năm {values['year']}.")
                return
            status = CommuneStatus(
                commune=commune, year=values["year"], criteria_set=criteria_set, **stated
            )
            changes = []
        else:
            # A blank optional cell keeps what is stored: a file made from an export often leaves
            # notes and plans out, and erasing them quietly lost work (cleared on the edit page).
            stated = {name: value for name, value in stated.items() if value not in (None, "")}
            changes = _changes(status, stated)
            for name, value in stated.items():
                setattr(status, name, value)
        criteria = self.criteria_of(status.criteria_set)
        missing = [c.number for c, key in criteria if key not in values]
        if missing:
            row.error("Năm", f"bộ tiêu chí của năm có tiêu chí {missing} mà tệp không có cột.")
            return
        changed = {name for name, _, _ in changes}
        if is_new or changed:
            if status.next_standard:
                # It must be higher than the one held (read for the whole file in prepare).
                status.held_standard = self.held.get((commune.pk, values["year"]))
            try:
                # The commune and the set are in hand; one status per commune and year is
                # checked against the statuses read (prepare) and the other rows (check_rows).
                status.full_clean(
                    exclude=[
                        field.name
                        for field in CommuneStatus._meta.fields
                        if field.name in ("commune", "criteria_set")
                        or not (is_new or field.name in changed)
                    ],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as error:
                self.validation_errors(row, error)
                return
            if is_new:
                self.new_statuses.append(status)
            else:
                status.updated_at = timezone.now()
                self.changed_statuses.setdefault(status, set()).update(changed)
        results = {} if is_new else self.results_of[status.pk]
        met_count = 0
        for criterion, key in criteria:
            stated_met = values[key]
            met_count += stated_met
            stored = results.get(criterion.pk)
            if stored is None:
                self.new_results.append((status, criterion.pk, stated_met))
                if not is_new:
                    changes.append((f"TC{criterion.number}", None, stated_met))
            elif stored[1] != stated_met:
                changes.append((f"TC{criterion.number}", stored[1], stated_met))
                # Only its "met" is written (update_with_history), the rest as recorded.
                self.changed_results.append(CriterionResult(pk=stored[0], met=stated_met))
        row.report.summary = f"{self.units.where(commune)} — năm {values['year']}: {met_count}/{len(criteria)} tiêu chí đạt"
        row.report.outcome = (
            RowOutcome.NEW if is_new else RowOutcome.CHANGED if changes else RowOutcome.UNCHANGED
        )
        row.report.changes = [self.describe_change(*change) for change in changes]

    @staticmethod
    def describe_change(name, old, new):
        if name.startswith("TC"):

            def word(value):
                return "(chưa có)" if value is None else "đạt" if value else "chưa đạt"

            return f"{name}: {word(old)} → {word(new)}"
        label = CommuneStatus._meta.get_field(name).verbose_name.capitalize()
        if name == "next_standard":
            old, new = (Standard(v).label if v else "" for v in (old, new))
        return f"{label}: {_shown(old)} → {_shown(new)}"


IMPORTERS = {
    CertificationImporter.kind: CertificationImporter,
    StatusImporter.kind: StatusImporter,
}


def run_import(kind, data, filename, *, user=None, commit=False, table=None):
    """Read and apply a file in one transaction; keep the changes only if asked and error-free.

    `user` is who imports: rows outside the units of their scope are errors, and the history
    records them as the author. Without a user (a management command) every unit is in scope.
    `table`: what a preview already read from the file (the confirm does not parse it again);
    the report keeps the table it applied, for the preview to store.
    """
    report = ImportReport(kind=kind, filename=filename)
    table = read_file(report, data, table=table)
    if table is None:
        return report
    importer = IMPORTERS[kind](user=user)
    with transaction.atomic():
        report.rows, report.file_errors = importer.apply(table, write=commit)
        if report.has_errors or not commit:
            transaction.set_rollback(True)
        else:
            report.committed = True
    return report


def run_certifications(data, filename, *, user=None, commit=False, table=None):
    """The engine of the kind "certifications" (`ntm_portal.lib.dataio.registry`)."""
    return run_import("certifications", data, filename, user=user, commit=commit, table=table)


def run_statuses(data, filename, *, user=None, commit=False, table=None):
    """The engine of the kind "statuses" (`ntm_portal.lib.dataio.registry`)."""
    return run_import("statuses", data, filename, user=user, commit=commit, table=table)
