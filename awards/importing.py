"""All-or-nothing import of award history (khen thưởng đã nhận) from xlsx or CSV.

Every row is read and checked first, in memory against what a few queries read; the file is
written only when no row has an error, in bulk with its history inside one transaction, so a file
with any error imports nothing. Each error names its row and column.
A person is found by the name key, year of birth and district (spelling variants meet, see
`ntm_portal.lib.text.person_key`; near matches are left to the duplicates page); a collective or household by its folded name and district. An
award already recorded for the same nominee, kind, year and decision is "unchanged".

The report, the header check and the reading of cells are those of every import
(`ntm_portal/lib/importing.py`); between preview and confirm what the preview read waits in
`ntm_portal/lib/pending_imports.py`, so the confirm does not parse the file again.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from awards.models import AwardKind, AwardRecord, Nominee, RecipientType
from ntm_portal.lib.history import bulk_create_with_history
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


@lru_cache(maxsize=1024)
def _folded(value):
    return fold(value)


def _choice_key(value):
    """A cell naming one of a few choices (a kind of nominee, a sex, a kind of award), folded:
    once per distinct short text, as a column repeats a few of them on every row."""
    return _folded(value) if len(value) <= 200 else fold(value)


def _parse_row(row, values, *, kinds, districts, scope_district, this_year):
    """What a row says, as the fields of a nominee and of an award; the errors go on `row`."""
    for column in REQUIRED:
        if not values[column]:
            row.error(column, "không được để trống.")
    nominee_type = TYPE_WORDS.get(_choice_key(values["Đối tượng"]))
    if values["Đối tượng"] and nominee_type is None:
        row.error(
            "Đối tượng",
            f"“{values['Đối tượng']}” phải là “Cá nhân”, “Tập thể” hoặc “Hộ gia đình”.",
        )
    sex = SEX_WORDS.get(_choice_key(values["Giới tính"]))
    if nominee_type == RecipientType.INDIVIDUAL and sex is None:
        row.error("Giới tính", "cá nhân phải ghi “Nam” hoặc “Nữ”.")
    birth_year = row.read(
        "Năm sinh",
        year,
        values["Năm sinh"],
        required=False,
        low=1900,
        high=this_year,
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
    kind = kinds.get(_choice_key(values["Danh hiệu / Hình thức"]))
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


# Rows per query when reading what the rows name, and per INSERT when writing.
BATCH = 2000
# A model field, for a message of the model's own rules, as the column the user wrote it in.
FIELD_COLUMNS = {
    "name": "Họ tên / Tên tập thể / Chủ hộ",
    "sex": "Giới tính",
    "birth_year": "Năm sinh",
    "position": "Chức vụ",
    "workplace": "Nơi công tác / Thuộc tổ chức",
    "parent_organisation": "Nơi công tác / Thuộc tổ chức",
    "address": "Địa chỉ",
    "district": "Mã đơn vị cấp huyện",
    "kind": "Danh hiệu / Hình thức",
    "year": "Năm",
    "decision_number": "Số quyết định",
    "decision_date": "Ngày quyết định",
    "issuer": "Cơ quan ban hành",
}


def _nominee_key(data):
    """What finds a nominee: an individual by the name key, year of birth and district, a
    collective or household by its folded name and district."""
    individual = data["nominee_type"] == RecipientType.INDIVIDUAL
    return (
        data["nominee_type"],
        (person_key(data["name"]) if individual else fold(data["name"]))[:250],
        data["birth_year"] if individual else None,
        data["district"].pk if data["district"] else None,
    )


def _chunks(values):
    values = sorted(values)
    return [values[start : start + BATCH] for start in range(0, len(values), BATCH)]


def _existing_nominees(keys):
    """{nominee key: the oldest active nominee of that key}, in a query per BATCH names."""
    found = {}
    individuals = {key[1] for key in keys if key[0] == RecipientType.INDIVIDUAL}
    others = {key[1] for key in keys if key[0] != RecipientType.INDIVIDUAL}
    active = Nominee.objects.active().select_related("district").order_by("pk")
    for chunk in _chunks(individuals):
        for nominee in active.filter(nominee_type=RecipientType.INDIVIDUAL, match_key__in=chunk):
            key = (nominee.nominee_type, nominee.match_key, nominee.birth_year, nominee.district_id)
            found.setdefault(key, nominee)
    for chunk in _chunks(others):
        for nominee in active.exclude(nominee_type=RecipientType.INDIVIDUAL).filter(
            search_key__in=chunk
        ):
            key = (nominee.nominee_type, nominee.search_key, None, nominee.district_id)
            found.setdefault(key, nominee)
    return found


def _existing_awards(nominee_ids):
    """{(nominee id, kind id, year, decision number)} of the awards these nominees have."""
    awards = set()
    for chunk in _chunks(nominee_ids):
        awards.update(
            AwardRecord.objects.filter(nominee_id__in=chunk).values_list(
                "nominee_id", "kind_id", "year", "decision_number"
            )
        )
    return awards


def _new_nominee(data):
    individual = data["nominee_type"] == RecipientType.INDIVIDUAL
    collective = data["nominee_type"] == RecipientType.COLLECTIVE
    nominee = Nominee(
        nominee_type=data["nominee_type"],
        name=data["name"],
        sex=data["sex"],
        birth_year=data["birth_year"],
        position=data["position"],
        workplace=data["workplace"] if individual else "",
        parent_organisation=data["workplace"] if collective else "",
        collective_kind=(
            (
                Nominee.CollectiveKind.INNER
                if data["workplace"]
                else Nominee.CollectiveKind.ORGANISATION
            )
            if collective
            else ""
        ),
        address=data["address"],
        district=data["district"],
    )
    nominee.prepare_keys()
    return nominee


def _check(row, instance, *, exclude=()):
    """The model's own rules on `instance`, in memory (no query: the related records were
    read up front, so their fields are not checked again): its errors go on `row`."""
    related = [field.name for field in instance._meta.fields if field.is_relation]
    try:
        instance.clean_fields(exclude=[*exclude, *related])
        instance.clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                row.error(FIELD_COLUMNS.get(field, "Đối tượng"), message)


def run_import(data, filename, *, by, scope_district=None, commit=False, table=None):
    """Read, check and (when `commit` and no row has an error) write an award history file.

    What the rows name is read up front in a few queries (award kinds, districts, the nominees
    of the names in the file, their awards); every row is checked in memory, against that and
    the rows above it; the new nominees and awards are written in bulk with their history, in
    one transaction, only when no row has an error. The queries do not grow with the rows.

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
    this_year = timezone.localdate().year  # a year of birth is not in the future
    parsed = []
    for number, values in rows:
        row = RowReport(number)
        data = _parse_row(
            row,
            values,
            kinds=kinds,
            districts=districts,
            scope_district=scope_district,
            this_year=this_year,
        )
        report.rows.append(row)
        parsed.append((row, data))
    valid = [(row, data) for row, data in parsed if not row.errors]
    for _row, data in valid:
        data["key"] = _nominee_key(data)  # worked out once a row (name keys are costly)
    nominees = _existing_nominees({data["key"] for _row, data in valid})
    awards = _existing_awards({nominee.pk for nominee in nominees.values()})
    new_nominees, new_awards = [], []
    for row, data in parsed:
        row.summary = _summary(data["name"], data)
        if row.errors:
            continue
        key = data["key"]
        nominee = nominees.get(key)
        if nominee is None:
            nominee = _new_nominee(data)
            _check(row, nominee, exclude=["match_key", "search_key"])
            if row.errors:
                continue
            nominees[key] = nominee
            new_nominees.append(nominee)
            report.new_nominees += 1
            row.changes.append("Đối tượng mới: tạo hồ sơ khen thưởng của đối tượng này.")
        row.summary = _summary(str(nominee), data)
        award = (id(nominee) if nominee.pk is None else nominee.pk, data["kind"].pk)
        award += (data["year"], data["decision_number"])
        if award in awards:
            row.outcome = RowOutcome.UNCHANGED
            continue
        record = AwardRecord(
            nominee=nominee,
            kind=data["kind"],
            year=data["year"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            issuer=data["issuer"],
        )
        _check(row, record)
        if row.errors:
            continue
        awards.add(award)
        new_awards.append(record)
        row.outcome = RowOutcome.NEW
    report.mark_errors()
    if commit and not report.has_errors:
        with transaction.atomic():
            bulk_create_with_history(new_nominees, Nominee, user=by, batch_size=BATCH)
            bulk_create_with_history(new_awards, AwardRecord, user=by, batch_size=BATCH)
        report.committed = True
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
