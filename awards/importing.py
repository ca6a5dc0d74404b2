"""All-or-nothing import of award history (khen thưởng đã nhận) from xlsx or CSV.

Every row is read and checked first; the file is written only when no row has an error, inside
one transaction, so a file with any error imports nothing. Each error names its row and column.
A person is found by the name key and year of birth (spelling variants meet, see
`ntm_portal.lib.text.person_key`); a collective or household by its folded name and district. An
award already recorded for the same nominee, kind, year and decision is "unchanged".
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from awards.models import AwardKind, AwardRecord, Nominee, RecipientType
from awards.services import save_nominee
from ntm_portal.lib.spreadsheet import SpreadsheetError, read_table
from ntm_portal.lib.text import fold, nfc, person_key
from units.models import Unit

COLUMNS = [
    "Đối tượng",
    "Họ tên / Tên tập thể / Chủ hộ",
    "Giới tính",
    "Năm sinh",
    "Chức vụ",
    "Nơi công tác / Thuộc tổ chức",
    "Địa chỉ",
    "Mã đơn vị cấp huyện",
    "Danh hiệu / Hình thức",
    "Năm",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
]
REQUIRED = {
    "Đối tượng",
    "Họ tên / Tên tập thể / Chủ hộ",
    "Danh hiệu / Hình thức",
    "Năm",
    "Số quyết định",
    "Cơ quan ban hành",
}
TYPE_WORDS = {
    "ca nhan": RecipientType.INDIVIDUAL,
    "tap the": RecipientType.COLLECTIVE,
    "ho gia dinh": RecipientType.HOUSEHOLD,
}
SEX_WORDS = {"nam": Nominee.Sex.MALE, "nu": Nominee.Sex.FEMALE}


@dataclass
class RowResult:
    row: int
    values: dict
    nominee_label: str = ""
    nominee_new: bool = False
    record_new: bool = False
    errors: list = field(default_factory=list)  # ["cột “Năm”: …"]


@dataclass
class ImportReport:
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    written: bool = False

    @property
    def has_errors(self):
        return bool(self.file_errors) or any(row.errors for row in self.rows)

    @property
    def error_lines(self):
        lines = list(self.file_errors)
        for row in self.rows:
            lines.extend(f"Dòng {row.row}, {error}" for error in row.errors)
        return lines

    @property
    def new_records(self):
        return sum(1 for row in self.rows if row.record_new)

    @property
    def new_nominees(self):
        return sum(1 for row in self.rows if row.nominee_new)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)) or ""


def _year(value, column, errors, *, low, high):
    text = _text(value)
    if not text:
        return None
    try:
        year = int(text)
    except ValueError:
        errors.append(f"cột “{column}”: “{text}” không phải là năm (ví dụ 2023).")
        return None
    if not low <= year <= high:
        errors.append(f"cột “{column}”: năm {year} nằm ngoài khoảng {low}–{high}.")
        return None
    return year


def _date(value, column, errors):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    try:
        day, month, year = (int(part) for part in text.split("/"))
        return datetime.date(year, month, day)
    except ValueError:
        errors.append(f"cột “{column}”: “{text}” không phải ngày dạng dd/mm/yyyy.")
        return None


def _kind(value, kinds, errors):
    text = _text(value)
    found = kinds.get(fold(text))
    if found is None:
        errors.append(
            f"cột “Danh hiệu / Hình thức”: “{text}” không có trong danh mục loại khen thưởng "
            "(ghi đúng tên hoặc mã, ví dụ “Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh”)."
        )
    return found


def _parse_row(number, values, *, kinds, districts, scope_district):
    result = RowResult(row=number, values=values)
    errors = result.errors
    for column in REQUIRED:
        if not _text(values.get(column)):
            errors.append(f"cột “{column}”: không được để trống.")
    nominee_type = TYPE_WORDS.get(fold(_text(values.get("Đối tượng"))))
    if _text(values.get("Đối tượng")) and nominee_type is None:
        errors.append(
            f"cột “Đối tượng”: “{_text(values.get('Đối tượng'))}” phải là “Cá nhân”, "
            "“Tập thể” hoặc “Hộ gia đình”."
        )
    sex = SEX_WORDS.get(fold(_text(values.get("Giới tính"))))
    if nominee_type == RecipientType.INDIVIDUAL and sex is None:
        errors.append("cột “Giới tính”: cá nhân phải ghi “Nam” hoặc “Nữ”.")
    birth_year = _year(values.get("Năm sinh"), "Năm sinh", errors, low=1900, high=2025)
    if (
        nominee_type == RecipientType.INDIVIDUAL
        and birth_year is None
        and not any("Năm sinh" in error for error in errors)
    ):
        errors.append("cột “Năm sinh”: cá nhân phải có năm sinh.")
    if nominee_type == RecipientType.HOUSEHOLD and not _text(values.get("Địa chỉ")):
        errors.append("cột “Địa chỉ”: hộ gia đình phải có địa chỉ.")
    district = None
    code = _text(values.get("Mã đơn vị cấp huyện"))
    if code:
        district = districts.get(code)
        if district is None:
            errors.append(f"cột “Mã đơn vị cấp huyện”: không có đơn vị cấp huyện mã “{code}”.")
    if scope_district is not None:
        if district is None and not code:
            district = scope_district
        elif district is not None and district != scope_district:
            errors.append(
                f"cột “Mã đơn vị cấp huyện”: {district.full_name} nằm ngoài phạm vi được phân "
                f"công của bạn ({scope_district.full_name})."
            )
    kind = _kind(values.get("Danh hiệu / Hình thức"), kinds, errors)
    year = _year(values.get("Năm"), "Năm", errors, low=1945, high=2100)
    decision_date = _date(values.get("Ngày quyết định"), "Ngày quyết định", errors)
    if decision_date and year and decision_date.year < year:
        errors.append("cột “Ngày quyết định”: ngày quyết định trước năm được khen thưởng.")
    if kind and nominee_type and nominee_type not in kind.recipient_types():
        errors.append(
            f"cột “Danh hiệu / Hình thức”: {kind.name} không dành cho "
            f"{RecipientType(nominee_type).label.lower()} (chỉ tặng {kind.recipients_display()})."
        )
    result.parsed = {
        "nominee_type": nominee_type,
        "name": " ".join(_text(values.get("Họ tên / Tên tập thể / Chủ hộ")).split()),
        "sex": sex or "",
        "birth_year": birth_year,
        "position": _text(values.get("Chức vụ")),
        "workplace": _text(values.get("Nơi công tác / Thuộc tổ chức")),
        "address": _text(values.get("Địa chỉ")),
        "district": district,
        "kind": kind,
        "year": year,
        "decision_number": _text(values.get("Số quyết định")),
        "decision_date": decision_date,
        "issuer": _text(values.get("Cơ quan ban hành")),
    }
    return result


def _find_nominee(data):
    candidates = Nominee.objects.active().filter(nominee_type=data["nominee_type"])
    if data["nominee_type"] == RecipientType.INDIVIDUAL:
        candidates = candidates.filter(
            match_key=person_key(data["name"]), birth_year=data["birth_year"]
        )
    else:
        candidates = candidates.filter(search_key=fold(data["name"]), district=data["district"])
    return candidates.order_by("pk").first()


def run_import(data, filename, *, by, scope_district=None, commit=False):
    """Read, check and (when `commit` and no row has an error) write an award history file."""
    report = ImportReport()
    try:
        table = read_table(data, filename)
    except SpreadsheetError as error:
        report.file_errors.append(str(error))
        return report
    headers = [_text(header) for header in table.headers]
    missing = [column for column in COLUMNS if column not in headers]
    unknown = [header for header in headers if header and header not in COLUMNS]
    if missing:
        report.file_errors.append("Thiếu cột: " + ", ".join(f"“{name}”" for name in missing) + ".")
    if unknown:
        report.file_errors.append(
            "Cột không nhận ra: " + ", ".join(f"“{name}”" for name in unknown) + "."
        )
    if report.file_errors:
        return report
    if not table.rows:
        report.file_errors.append("Tệp không có dòng dữ liệu nào.")
        return report
    kinds = {}
    for kind in AwardKind.objects.all():
        kinds[fold(kind.name)] = kind
        kinds[fold(kind.code)] = kind
    districts = {unit.code: unit for unit in Unit.objects.districts()}
    for number, cells in table.rows:
        values = dict(zip(headers, cells, strict=False))
        report.rows.append(
            _parse_row(
                number, values, kinds=kinds, districts=districts, scope_district=scope_district
            )
        )
    with transaction.atomic():
        seen = {}
        for row in report.rows:
            if row.errors:
                continue
            data = row.parsed
            key = (
                data["nominee_type"],
                person_key(data["name"])
                if data["nominee_type"] == RecipientType.INDIVIDUAL
                else fold(data["name"]),
                data["birth_year"],
                data["district"].pk if data["district"] else None,
            )
            nominee = seen.get(key) or _find_nominee(data)
            if nominee is None:
                nominee = Nominee(
                    nominee_type=data["nominee_type"],
                    name=data["name"],
                    sex=data["sex"],
                    birth_year=data["birth_year"],
                    position=data["position"],
                    workplace=data["workplace"]
                    if data["nominee_type"] == RecipientType.INDIVIDUAL
                    else "",
                    parent_organisation=data["workplace"]
                    if data["nominee_type"] == RecipientType.COLLECTIVE
                    else "",
                    collective_kind=Nominee.CollectiveKind.INNER
                    if data["nominee_type"] == RecipientType.COLLECTIVE and data["workplace"]
                    else (
                        Nominee.CollectiveKind.ORGANISATION
                        if data["nominee_type"] == RecipientType.COLLECTIVE
                        else ""
                    ),
                    address=data["address"],
                    district=data["district"],
                )
                save_nominee(nominee, by=by)
                row.nominee_new = True
            seen[key] = nominee
            row.nominee_label = str(nominee)
            lookup = {
                "nominee": nominee,
                "kind": data["kind"],
                "year": data["year"],
                "decision_number": data["decision_number"],
            }
            if not AwardRecord.objects.filter(**lookup).exists():
                record = AwardRecord(
                    **lookup, decision_date=data["decision_date"], issuer=data["issuer"]
                )
                record._history_user = by
                record.save()
                row.record_new = True
        if commit and not report.has_errors:
            report.written = True
        else:
            transaction.set_rollback(True)
    return report
