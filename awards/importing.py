"""All-or-nothing import of award history (khen thưởng đã nhận) from xlsx or CSV.

Every row is read and checked first; the file is written only when no row has an error, inside
one transaction, so a file with any error imports nothing. Each error names its row and column.
A person is found by the name key, year of birth and district (spelling variants meet, see
`ntm_portal.lib.text.person_key`; near matches are left to the duplicates page); a collective or household by its folded name and district. An
award already recorded for the same nominee, kind, year and decision is "unchanged".

The report, the header check and the reading of cells are those of every import
(`ntm_portal/lib/importing.py`); between preview and confirm what the preview read waits in
`ntm_portal/lib/pending_imports.py`, so the confirm does not parse the file again.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from awards.models import AwardKind, AwardRecord, Nominee, RecipientType
from awards.services import save_nominee
from ntm_portal.lib.importing import (
    ImportReport,
    RowOutcome,
    RowReport,
    date,
    read_rows,
    year,
)
from ntm_portal.lib.text import fold, person_key
from units.access import Capability, Scope, access_of
from units.models import Unit

KIND = "award-history"
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
# What the export of the award history adds for its reader, ignored when the file comes back.
EXPORT_ONLY = ["Loại (danh hiệu / hình thức)"]
REQUIRED = [
    "Đối tượng",
    "Họ tên / Tên tập thể / Chủ hộ",
    "Danh hiệu / Hình thức",
    "Năm",
    "Số quyết định",
    "Cơ quan ban hành",
]
TYPE_WORDS = {
    "ca nhan": RecipientType.INDIVIDUAL,
    "tap the": RecipientType.COLLECTIVE,
    "ho gia dinh": RecipientType.HOUSEHOLD,
}
SEX_WORDS = {"nam": Nominee.Sex.MALE, "nu": Nominee.Sex.FEMALE}


@dataclass
class HistoryReport(ImportReport):
    """The report of an award history file; a new award is a new row, and a row may also add
    the nominee (counted apart: two awards of one new person add one nominee)."""

    new_nominees: int = 0

    @property
    def new_records(self):
        return self.count(RowOutcome.NEW)

    @property
    def headline(self):
        return f"{self.new_records} khen thưởng mới, {self.new_nominees} đối tượng mới"


def _parse_row(row, values, *, kinds, districts, scope_district):
    """What a row says, as the fields of a nominee and of an award; the errors go on `row`."""
    for column in REQUIRED:
        if not values[column]:
            row.error(column, "không được để trống.")
    nominee_type = TYPE_WORDS.get(fold(values["Đối tượng"]))
    if values["Đối tượng"] and nominee_type is None:
        row.error(
            "Đối tượng",
            f"“{values['Đối tượng']}” phải là “Cá nhân”, “Tập thể” hoặc “Hộ gia đình”.",
        )
    sex = SEX_WORDS.get(fold(values["Giới tính"]))
    if nominee_type == RecipientType.INDIVIDUAL and sex is None:
        row.error("Giới tính", "cá nhân phải ghi “Nam” hoặc “Nữ”.")
    birth_year = row.read(
        "Năm sinh",
        year,
        values["Năm sinh"],
        required=False,
        low=1900,
        high=timezone.localdate().year,
    )
    if nominee_type == RecipientType.INDIVIDUAL and not values["Năm sinh"]:
        row.error("Năm sinh", "cá nhân phải có năm sinh.")
    if nominee_type == RecipientType.HOUSEHOLD and not values["Địa chỉ"]:
        row.error("Địa chỉ", "hộ gia đình phải có địa chỉ.")
    district = None
    code = values["Mã đơn vị cấp huyện"]
    if code:
        district = districts.get(code)
        if district is None:
            row.error("Mã đơn vị cấp huyện", f"không có đơn vị cấp huyện mã “{code}”.")
    if scope_district is not None:
        if district is None and not code:
            district = scope_district
        elif district is not None and district != scope_district:
            row.error(
                "Mã đơn vị cấp huyện",
                f"{district.full_name} nằm ngoài phạm vi được phân công của bạn "
                f"({scope_district.full_name}).",
            )
    kind = kinds.get(fold(values["Danh hiệu / Hình thức"]))
    if values["Danh hiệu / Hình thức"] and kind is None:
        row.error(
            "Danh hiệu / Hình thức",
            f"“{values['Danh hiệu / Hình thức']}” không có trong danh mục loại khen thưởng "
            "(ghi đúng tên hoặc mã, ví dụ “Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh”).",
        )
    award_year = row.read("Năm", year, values["Năm"], required=False, low=1945, high=2100)
    decision_date = row.read("Ngày quyết định", date, values["Ngày quyết định"], required=False)
    if decision_date and award_year and decision_date.year < award_year:
        row.error("Ngày quyết định", "ngày quyết định trước năm được khen thưởng.")
    if kind and nominee_type and nominee_type not in kind.recipient_types():
        row.error(
            "Danh hiệu / Hình thức",
            f"{kind.name} không dành cho {RecipientType(nominee_type).label.lower()} "
            f"(chỉ tặng {kind.recipients_display()}).",
        )
    return {
        "nominee_type": nominee_type,
        "name": " ".join(values["Họ tên / Tên tập thể / Chủ hộ"].split()),
        "sex": sex or "",
        "birth_year": birth_year,
        "position": values["Chức vụ"],
        "workplace": values["Nơi công tác / Thuộc tổ chức"],
        "address": values["Địa chỉ"],
        "district": district,
        "kind": kind,
        "year": award_year,
        "decision_number": values["Số quyết định"],
        "decision_date": decision_date,
        "issuer": values["Cơ quan ban hành"],
    }


def _summary(who, data):
    award = f"{data['kind'].name} {data['year'] or ''}".strip() if data["kind"] else ""
    return " — ".join(part for part in (who, award, data["decision_number"]) if part)


def _find_nominee(data):
    candidates = Nominee.objects.active().filter(nominee_type=data["nominee_type"])
    if data["nominee_type"] == RecipientType.INDIVIDUAL:
        candidates = candidates.filter(
            match_key=person_key(data["name"]),
            birth_year=data["birth_year"],
            district=data["district"],
        )
    else:
        candidates = candidates.filter(search_key=fold(data["name"]), district=data["district"])
    return candidates.order_by("pk").first()


def run_import(data, filename, *, by, scope_district=None, commit=False, table=None):
    """Read, check and (when `commit` and no row has an error) write an award history file.

    `table`: what a preview already read from the file (the confirm does not parse it again);
    the report keeps the table it applied, for the preview to store.
    """
    report = HistoryReport(kind=KIND, filename=filename)
    rows = read_rows(report, data, COLUMNS, table=table, ignored=EXPORT_ONLY)
    if rows is None:
        return report
    kinds = {}
    for kind in AwardKind.objects.all():
        kinds[fold(kind.name)] = kind
        kinds[fold(kind.code)] = kind
    districts = {unit.code: unit for unit in Unit.objects.districts()}
    parsed = []
    for number, values in rows:
        row = RowReport(number)
        data = _parse_row(
            row, values, kinds=kinds, districts=districts, scope_district=scope_district
        )
        report.rows.append(row)
        parsed.append((row, data))
    with transaction.atomic():
        seen = {}
        for row, data in parsed:
            row.summary = _summary(data["name"], data)
            if row.errors:
                continue
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
                report.new_nominees += 1
                row.changes.append("Đối tượng mới: tạo hồ sơ khen thưởng của đối tượng này.")
            seen[key] = nominee
            row.summary = _summary(str(nominee), data)
            lookup = {
                "nominee": nominee,
                "kind": data["kind"],
                "year": data["year"],
                "decision_number": data["decision_number"],
            }
            if AwardRecord.objects.filter(**lookup).exists():
                row.outcome = RowOutcome.UNCHANGED
            else:
                record = AwardRecord(
                    **lookup, decision_date=data["decision_date"], issuer=data["issuer"]
                )
                record._history_user = by
                record.save()
                row.outcome = RowOutcome.NEW
        report.mark_errors()
        if commit and not report.has_errors:
            report.committed = True
        else:
            transaction.set_rollback(True)
    return report


def run_history(data, filename, *, user=None, commit=False, table=None):
    """The engine of the kind "award-history" (`ntm_portal.lib.dataio.registry`): a district
    officer imports only for their district, as on the page; without a user (the command),
    every district."""
    district = None
    if user is not None:
        access = access_of(user)
        if access.scope(Capability.PROPOSE_AWARD) == Scope.DISTRICT:
            district = access.unit
    return run_import(data, filename, by=user, scope_district=district, commit=commit, table=table)
