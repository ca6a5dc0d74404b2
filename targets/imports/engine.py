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
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ntm_portal.lib.forms import message_dict
from ntm_portal.lib.importing import (
    CellError,
    CellIssue,
    ImportReport,
    RowOutcome,
    RowReport,
    date,
    text,
    year,
)
from ntm_portal.lib.spreadsheet import SpreadsheetError, read_table
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
    Standard,
)
from targets.services import decision_for, record_recognition
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
    found = Standard.from_text(raw) if raw else None
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


def _choice_list(choices):
    return " hoặc ".join(f"“{option.label}”" for option in choices)


def met(value):
    """Whether a criterion is met: "đạt", "x", "1" (or TRUE) yes; "chưa đạt", "0", blank no."""
    if isinstance(value, bool):
        return value
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
    district = unit.district()
    if district is None or district == unit:
        return f"{unit.full_name} (mã {unit.code})"
    return f"{unit.full_name} mã {unit.code} ({district.full_name})"


class UnitDirectory:
    """The units an import may name, read once; a name counts only inside a given district."""

    def __init__(self, scope):
        units = list(Unit.objects.select_related("parent"))
        self.scope_ids = None if scope is None else set(scope.values_list("pk", flat=True))
        self.by_code = defaultdict(list)
        self.communes_by_name = defaultdict(list)
        for unit in units:
            self.by_code[unit.code].append(unit)
            if unit.is_commune:
                self.communes_by_name[fold(unit.name)].append(unit)

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
                        f"{_where(unit)} không thuộc {district.full_name} (mã {district.code}).",
                    )
                )
            return unit, problems
        if not name:
            return None, [(code_header, "để trống; hãy ghi mã đơn vị, hoặc tên xã kèm mã huyện.")]
        same_name = self.communes_by_name.get(fold(name), [])
        if district is None:
            if len(same_name) > 1:
                places = "; ".join(_where(unit) for unit in same_name)
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
            places = "; ".join(_where(unit) for unit in in_district)
            return None, [
                (
                    name_header,
                    f"“{name}” chỉ nhiều xã của {district.full_name}: {places}; hãy ghi mã.",
                )
            ]
        elsewhere = (
            " Xã tên này có ở: " + "; ".join(_where(unit) for unit in same_name) + "."
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


# --- importers ----------------------------------------------------------------------------------


@dataclass
class ParsedRow:
    report: RowReport
    values: dict = field(default_factory=dict)
    unit: object = None
    cells: tuple = ()

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
        """The column positions by key, and the errors of the header row."""
        known = {fold(column.header): column for column in self.columns}
        positions, errors = {}, []
        for index, header in enumerate(headers):
            letter = get_column_letter(index + 1)
            column = known.get(fold(text(header)))
            if text(header) == "":
                errors.append(
                    f"Dòng 1, cột {letter}: thiếu tiêu đề cột; hãy ghi tiêu đề theo mẫu hoặc xóa cột này."
                )
            elif column is None:
                errors.append(
                    f"Dòng 1, cột {letter} “{text(header)}”: cột không có trong mẫu nhập; hãy xóa "
                    "cột này hoặc sửa tiêu đề cho đúng mẫu (tải tệp mẫu để xem các cột)."
                )
            elif column.key in positions:
                first = get_column_letter(positions[column.key] + 1)
                errors.append(
                    f"Dòng 1, cột {letter} “{text(header)}”: trùng với cột {first}; mỗi cột chỉ ghi một lần."
                )
            else:
                positions[column.key] = index
        for column in self.columns:
            if column.key not in positions:
                errors.append(f"Dòng 1 (tiêu đề): thiếu cột “{column.header}”.")
        return positions, errors

    def read_row(self, number, cells, positions, width):
        row = ParsedRow(RowReport(number), cells=tuple(str(cell) for cell in cells[:width]))
        for index in range(width, len(cells)):
            if cells[index] != "":
                row.error(
                    get_column_letter(index + 1),
                    f"có dữ liệu “{text(cells[index])}” nhưng cột không có tiêu đề.",
                )
        raw = {key: cells[index] if index < len(cells) else "" for key, index in positions.items()}
        for column in self.columns:
            try:
                row.values[column.key] = self.parse(column.key, raw[column.key])
            except CellIssue as issue:
                row.error(column.header, str(issue))
        return row

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

    def apply(self, table):
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
            if row.report.errors:
                continue
            self.apply_one(row)
        if not any(row.report.errors for row in rows):
            # A file with an error writes nothing: the whole import is rolled back anyway.
            self.flush()
        for row in rows:
            if row.report.errors:
                row.report.outcome = RowOutcome.ERROR
        return [row.report for row in every_row], []

    def apply_one(self, row):
        """Apply a row inside a savepoint, so that a row with an error leaves nothing behind
        for the rows after it (the whole import is rolled back at the end anyway)."""
        try:
            with transaction.atomic():
                self.apply_row(row)
                if row.report.errors:
                    transaction.set_rollback(True)
        except IntegrityError as error:
            self.integrity_error(row, error)

    def integrity_error(self, row, error):
        row.error(self.header[self.columns[0].key], f"cơ sở dữ liệu từ chối: {error}")

    def flush(self):
        """Write, in bulk and with their history, what the rows validated but left for the end
        (what no later row reads back)."""

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
            row.error(
                self.header[code_key],
                f"{_where(unit)} nằm ngoài phạm vi được phân công của bạn.",
            )
        return None if problems else unit


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
            return year(value)
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
        if not row.report.errors:
            on = values["decision_date"] or datetime.date(values["standard_year"], 12, 31)
            row.unit = self.resolve_unit(row, self.unit_keys, on=on)
        return row

    def check_decision_cells(self, row):
        """Number, date and issuer together, or none of them and the source in the notes."""
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
        if not number:
            row.error("Số quyết định", "để trống; hãy ghi số quyết định, ví dụ 1007/QĐ-UBND.")
        if not day:
            row.error("Ngày quyết định", "để trống; hãy ghi ngày dạng dd/mm/yyyy.")
        if "issuer" in values and not values["issuer"]:
            row.error("Cấp quyết định", "để trống; hãy ghi " + _choice_list(Issuer) + ".")

    @staticmethod
    def known_from_source(values):
        return not values["decision_number"] and values["decision_date"] is None

    def decision_key(self, values):
        if self.known_from_source(values):
            return ("", "", values["standard_year"])
        return (values["decision_number"], values["issuer"], values["decision_date"].year)

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
                        f"quyết định {key[0]} ({Issuer(key[1]).label}, năm {key[2]}) ở dòng "
                        f"{first.report.number} ghi {_shown(first.values[name])}, dòng này ghi "
                        f"{_shown(values[name])}; các dòng của một quyết định phải ghi giống nhau.",
                    )
            same = certifications.setdefault((row.unit.pk, values["standard"], key), row)
            if same is not row:
                row.error(
                    "Mã đơn vị",
                    f"trùng với dòng {same.report.number}: cùng đơn vị {row.unit.full_name}, "
                    f"cùng chuẩn và cùng quyết định {key[0]}.",
                )

    def order(self, row):
        # A lower standard first, so that "advanced" finds "NTM" recognised by the same file.
        standard = row.values.get("standard")
        rank = Standard(standard).rank if standard else 0
        return (rank, row.report.number)

    def describe(self, values, unit):
        said = f"{_where(unit)}: {Standard(values['standard']).label} năm {values['standard_year']}"
        if self.known_from_source(values):
            return f"{said}, thiếu số/ngày quyết định (nguồn: {values['notes']})"
        return f"{said}, QĐ {values['decision_number']} ngày {values['decision_date']:%d/%m/%Y}"

    def prepare(self, rows):
        """The decisions the file names and their certifications, in two queries. A decision
        already recorded is checked against the row once per stated details, not per row."""
        keys = {
            self.decision_key(row.values) for row in rows if not self.known_from_source(row.values)
        }
        self.recorded = {}
        if keys:
            found = Decision.objects.filter(
                number__in={number for number, _, _ in keys},
                issuer__in={issuer for _, issuer, _ in keys},
                year__in={year for _, _, year in keys},
            )
            self.recorded = {
                (decision.number, decision.issuer, decision.year): decision
                for decision in found
                if (decision.number, decision.issuer, decision.year) in keys
            }
        self.certifications_of = defaultdict(list)
        recorded_ids = [decision.pk for decision in self.recorded.values()]
        if recorded_ids:
            for certification in (
                Certification.objects.filter(decision_id__in=recorded_ids)
                .select_related("decision", "unit__parent")
                .order_by("pk")
            ):
                key = (certification.unit_id, certification.standard, certification.decision_id)
                self.certifications_of[key].append(certification)
        self.checked_decisions = {}
        self.recorded_ids = set(recorded_ids)
        self.pending = []

    deferrable = frozenset({"notes", "source"})

    def apply_one(self, row):
        """A row that changes a recognition already recorded, under a decision already checked,
        writes at most the recognition itself (in its own savepoint, or at the end): it needs
        no savepoint around it. Any other row may record a decision or a recognition, or
        revoke one, before finding an error: it is applied inside a savepoint."""
        values = row.values
        if self.known_from_source(values) or values["revoked_on"]:
            return super().apply_one(row)
        stated = (self.decision_key(values), values["decision_date"], values["signer"])
        decision = self.checked_decisions.get(stated)
        if decision is None or not self.certifications_of.get(
            (row.unit.pk, values["standard"], decision.pk)
        ):
            return super().apply_one(row)
        return self.apply_row(row)

    def flush(self):
        if self.pending:
            bulk_update_with_history(
                self.pending,
                Certification,
                sorted(self.deferrable),
                batch_size=BATCH,
                default_user=self.user,
            )

    def find_decision(self, row):
        values = row.values
        if self.known_from_source(values):
            return None
        stated = (
            self.decision_key(values),
            values["decision_date"],
            values["signer"],
        )
        if stated in self.checked_decisions:
            return self.checked_decisions[stated]
        try:
            decision = decision_for(
                number=values["decision_number"],
                issued_on=values["decision_date"],
                issuer=values["issuer"],
                signer=values["signer"],
                by=self.user,
            )
        except ValidationError as error:
            self.validation_errors(row, error)
            return None
        if decision.pk in self.recorded_ids:
            # Only a decision recorded before the import: a new one may still be rolled back
            # with its row.
            self.checked_decisions[stated] = decision
        return decision

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
        if from_source:
            # The same recognition still known from a source, or since completed: not a new one.
            certification = (
                Certification.objects.filter(
                    unit=unit, standard=values["standard"], standard_year=values["standard_year"]
                )
                .order_by("pk")
                .first()
            )
        elif decision.pk in self.recorded_ids:
            # Read with the others in prepare(): no query for this row.
            found = self.certifications_of.get((unit.pk, values["standard"], decision.pk))
            certification = found[0] if found else None
        else:
            certification = (
                Certification.objects.filter(
                    unit=unit, standard=values["standard"], decision=decision
                )
                .order_by("pk")
                .first()
            )
        try:
            if certification is None:
                # Confirming the preview, which shows the warning on the row, is the explicit
                # confirmation that the district rule asks for.
                certification = record_recognition(
                    decision=decision,
                    unit=unit,
                    standard=values["standard"],
                    confirmed=True,
                    by=self.user,
                    **stated,
                )
                if certification.warning:
                    row.report.warnings.append(certification.warning)
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
            newly_revoked = not certification.is_revoked and values["revoked_on"]
            certification.standard_year = stated["standard_year"]
            certification.notes, certification.source = stated["notes"], stated["source"]
            if newly_revoked:
                certification.revoke(
                    number=values["revocation_number"],
                    on=values["revoked_on"],
                    reason=values["revocation_reason"],
                    by=self.user,
                )
            else:
                for name, value in stated.items():
                    setattr(certification, name, value)
                # The model's rules (clean) always; field and constraint checks only for what
                # the row changes (the rest is as recorded), as a ModelForm does for the fields
                # it does not show: a query less per constraint and per row.
                changed = {name for name, _, _ in changes}
                certification.full_clean(
                    exclude=[
                        field.name
                        for field in Certification._meta.fields
                        if field.name not in changed
                    ]
                )
                if changed <= self.deferrable:
                    # No rule of a later row reads the notes or the source: written in bulk.
                    self.pending.append(certification)
                else:
                    certification._history_user = self.user
                    with transaction.atomic():
                        certification.save()
            row.report.outcome = RowOutcome.CHANGED
        except IntegrityError as error:
            self.integrity_error(row, error)
        except ValidationError as error:
            self.validation_errors(row, error)


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
            if number > timezone.localdate().year:
                raise CellIssue(f"năm {number} ở tương lai.")
            return number
        if key == "planned_year":
            return year(value, required=False)
        if key == "next_standard":
            return standard(value, required=False)
        if key.startswith("tc"):
            return met(value)
        return text(value)

    def read_row(self, number, cells, positions, width):
        row = super().read_row(number, cells, positions, width)
        row.unit = self.resolve_unit(row, self.unit_keys, communes_only=True)
        return row

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
        """The statuses the file names, with their criteria results, in two queries; criteria
        sets and their criteria once per year and per set."""
        pairs = {(row.unit.pk, row.values["year"]) for row in rows}
        self.existing = {}
        if pairs:
            found = (
                CommuneStatus.objects.filter(
                    commune_id__in={commune for commune, _ in pairs},
                    year__in={year for _, year in pairs},
                )
                .select_related("criteria_set")
                .prefetch_related("results")
            )
            self.existing = {
                (status.commune_id, status.year): status
                for status in found
                if (status.commune_id, status.year) in pairs
            }
        self.criteria_sets, self.criteria_of_set = {}, {}
        self.new_results, self.changed_results = [], []

    def apply_one(self, row):
        # No savepoint per row: apply_row checks everything before its one write (a savepoint
        # of its own) and leaves the criteria results to flush.
        self.apply_row(row)

    def flush(self):
        if self.new_results:
            bulk_create_with_history(
                self.new_results, CriterionResult, batch_size=BATCH, default_user=self.user
            )
        if self.changed_results:
            bulk_update_with_history(
                self.changed_results,
                CriterionResult,
                ["met"],
                batch_size=BATCH,
                default_user=self.user,
            )

    def criteria_set_for(self, year):
        if year not in self.criteria_sets:
            self.criteria_sets[year] = CommuneStatus.criteria_set_for(year)
        return self.criteria_sets[year]

    def criteria_of(self, criteria_set):
        if criteria_set.pk not in self.criteria_of_set:
            self.criteria_of_set[criteria_set.pk] = list(criteria_set.criteria.order_by("number"))
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
        missing = [c.number for c in criteria if criterion_key(c.number) not in values]
        if missing:
            row.error("Năm", f"bộ tiêu chí của năm có tiêu chí {missing} mà tệp không có cột.")
            return
        try:
            if is_new or changes:
                status.full_clean()
                status._history_user = self.user
                # A savepoint only around the one write a row makes itself; its criteria
                # results are written in bulk at the end (flush).
                with transaction.atomic():
                    status.save()
        except ValidationError as error:
            self.validation_errors(row, error)
            return
        except IntegrityError as error:
            self.integrity_error(row, error)
            return
        results = {} if is_new else {r.criterion_id: r for r in status.results.all()}
        met_count = 0
        for criterion in criteria:
            stated_met = values[criterion_key(criterion.number)]
            met_count += stated_met
            result = results.get(criterion.pk)
            if result is None:
                result = CriterionResult(status=status, criterion=criterion, met=stated_met)
                if not is_new:
                    changes.append((f"TC{criterion.number}", None, stated_met))
            elif result.met != stated_met:
                changes.append((f"TC{criterion.number}", result.met, stated_met))
                result.met = stated_met
            else:
                continue
            (self.new_results if result.pk is None else self.changed_results).append(result)
        row.report.summary = (
            f"{_where(commune)} — năm {values['year']}: {met_count}/{len(criteria)} tiêu chí đạt"
        )
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
    if table is None:
        try:
            table = read_table(data, filename)
        except SpreadsheetError as error:
            report.file_errors.append(str(error))
            return report
    report.table = table
    importer = IMPORTERS[kind](user=user)
    with transaction.atomic():
        report.rows, report.file_errors = importer.apply(table)
        if report.has_errors or not commit:
            transaction.set_rollback(True)
        else:
            report.committed = True
    return report
