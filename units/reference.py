"""Reference data of the units app: the administrative units of Kiên Giang, 2021 – 30/06/2025
(its 116 xã and 27 phường and thị trấn), the new An Giang province and its 102 commune-level
units of 01/07/2025 (48 from Kiên Giang's communes, 54 from the old An Giang), the lineage old → new, and the bodies that
issue documents (fixtures/issuing_bodies.json). Sources: fixtures/README.md."""

import csv
import datetime
import json

from ntm_portal.lib.reference import FIXTURES_DIR, LoadReport, ReferenceDataError, upsert
from ntm_portal.lib.text import fold, nfc
from units.models import PRE_MERGER_END, IssuingBody, Unit, UnitSuccession

UNITS_FILE = FIXTURES_DIR / "units_kien_giang_2021_2025.csv"
NEW_UNITS_FILE = FIXTURES_DIR / "units_an_giang_2025.csv"
LINEAGE_FILE = FIXTURES_DIR / "unit_lineage_kien_giang_2025.csv"
ISSUERS_FILE = FIXTURES_DIR / "issuing_bodies.json"
COLUMNS = ["level", "code", "name", "kind", "parent_code"]
NEW_COLUMNS = [*COLUMNS, "valid_from"]
LINEAGE_COLUMNS = ["old_code", "old_name", "old_district_code", "new_code", "new_name", "relation"]
REFORM_DAY = PRE_MERGER_END + datetime.timedelta(days=1)
REFORM_BASIS = (
    "Nghị quyết 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh và nghị quyết của Ủy ban "
    "Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã của tỉnh An Giang năm 2025, "
    "có hiệu lực từ 01/07/2025."
)


def load(*, update=False):
    report = LoadReport()
    old = load_units(UNITS_FILE, COLUMNS, report, update=update)
    new = load_units(NEW_UNITS_FILE, NEW_COLUMNS, report, update=update)
    load_lineage(LINEAGE_FILE, old, new, report, update=update)
    load_issuing_bodies(report, update=update)
    return report


def _read_csv(path, columns):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != columns:
            raise ReferenceDataError(
                f"{path.name}: cột phải là {', '.join(columns)}; tệp có {reader.fieldnames}."
            )
        return [
            (line, {key: nfc(value) for key, value in row.items()})
            for line, row in enumerate(reader, start=2)
        ]


def load_units(path, columns, report, *, update=False):
    """The units of one file, each of one period: the file of 2021–2025 ends every unit on
    30/06/2025; a later file gives each unit the day it began. Returns {code: unit}."""
    by_code = {}
    for line, row in _read_csv(path, columns):
        parent = None
        if row["parent_code"]:
            parent = by_code.get(row["parent_code"])
            if parent is None:
                raise ReferenceDataError(
                    f"{path.name}, dòng {line}: đơn vị cấp trên mã {row['parent_code']} "
                    "chưa có ở các dòng trước."
                )
        if row["level"] not in Unit.Level.values or row["kind"] not in Unit.Kind.values:
            raise ReferenceDataError(
                f"{path.name}, dòng {line}: cấp '{row['level']}' hoặc loại '{row['kind']}' không hợp lệ."
            )
        if row["code"] in by_code:
            raise ReferenceDataError(f"{path.name}, dòng {line}: mã {row['code']} lặp lại.")
        valid_from = None
        if "valid_from" in row:
            try:
                valid_from = datetime.date.fromisoformat(row["valid_from"])
            except ValueError:
                raise ReferenceDataError(
                    f"{path.name}, dòng {line}: ngày bắt đầu hiệu lực “{row['valid_from']}” "
                    "không phải ngày dạng YYYY-MM-DD."
                ) from None
        by_code[row["code"]] = upsert(
            Unit,
            {"code": row["code"], "valid_from": valid_from},
            {
                "name": row["name"],
                "level": row["level"],
                "kind": row["kind"],
                "parent": parent,
                "valid_to": None if valid_from else PRE_MERGER_END,
            },
            report,
            update=update,
        )
    return by_code


def _same_name(written, unit):
    """The file writes the unit's full name ("Xã Vĩnh Hòa Hiệp"); tone placement and case aside."""
    return fold(written) == fold(unit.full_name)


def load_lineage(path, old, new, report, *, update=False):
    """What became of each old unit on 01/07/2025: rows naming codes of the two unit files,
    with the names those files give (a row that names an unknown code or another unit's name is
    refused with its line), and the province itself (Kiên Giang went whole into An Giang)."""
    rows = _read_csv(path, LINEAGE_COLUMNS)
    pairs = []
    for line, row in rows:
        where = f"{path.name}, dòng {line}"
        before, after = old.get(row["old_code"]), new.get(row["new_code"])
        if before is None or before.level != Unit.Level.COMMUNE:
            raise ReferenceDataError(
                f"{where}: không có đơn vị cấp xã mã {row['old_code']} trong "
                f"{UNITS_FILE.name} (đơn vị trước 01/07/2025)."
            )
        if after is None or after.level != Unit.Level.COMMUNE:
            raise ReferenceDataError(
                f"{where}: không có đơn vị cấp xã mã {row['new_code']} trong "
                f"{NEW_UNITS_FILE.name} (đơn vị từ 01/07/2025)."
            )
        for written, unit in ((row["old_name"], before), (row["new_name"], after)):
            if not _same_name(written, unit):
                raise ReferenceDataError(
                    f"{where}: mã {unit.code} là {unit.full_name}, tệp ghi “{written}”."
                )
        if row["old_district_code"] != before.parent.code:
            raise ReferenceDataError(
                f"{where}: {before.full_name} thuộc đơn vị cấp huyện mã {before.parent.code}, "
                f"tệp ghi {row['old_district_code']}."
            )
        if row["relation"] not in UnitSuccession.Relation.values:
            raise ReferenceDataError(
                f"{where}: quan hệ “{row['relation']}” không hợp lệ; dùng whole (toàn bộ) hoặc "
                "part (một phần)."
            )
        pairs.append((before, after, row["relation"]))
    provinces = [unit for units in (old, new) for unit in units.values() if unit.is_province]
    if len(provinces) == 2:
        pairs.insert(0, (provinces[0], provinces[1], UnitSuccession.Relation.WHOLE))
    for before, after, relation in pairs:
        upsert(
            UnitSuccession,
            {"predecessor": before, "successor": after},
            {"relation": relation, "effective_on": REFORM_DAY, "legal_basis": REFORM_BASIS},
            report,
            update=update,
        )


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


def load_issuing_bodies(report, *, update=False):
    """The issuing bodies; a successor is named by its code and must come earlier in the file."""
    data = json.loads(ISSUERS_FILE.read_text(encoding="utf-8"))
    by_code = {}
    for number, item in enumerate(data["issuing_bodies"], start=1):
        unit = None
        if item["unit"]:
            # The unit of that code in the body's own period: code 91 is Kiên Giang for the
            # committee that ends on 30/06/2025 and An Giang for the one from 01/07/2025.
            day = _day(item["valid_from"]) or _day(item["valid_to"])
            units = Unit.objects.filter(code=item["unit"])
            unit = (units.valid_on(day) if day else units).order_by("valid_from").first()
            if unit is None:
                raise ReferenceDataError(
                    f"{ISSUERS_FILE.name}, mục {number}: chưa có đơn vị mã {item['unit']}"
                    + (f" có hiệu lực ngày {day:%d/%m/%Y}." if day else ".")
                )
        successor = None
        if item["successor"]:
            successor = by_code.get(item["successor"])
            if successor is None:
                raise ReferenceDataError(
                    f"{ISSUERS_FILE.name}, mục {number}: cơ quan kế thừa {item['successor']} "
                    "phải đứng trước trong tệp."
                )
        fields = ["kind", "name", "authority", "header_name", "parent_line", "place"]
        fields += ["certificate_heading", "chairman_title", "deputy_title", "number_suffix"]
        values = {name: nfc(item[name]) for name in fields}
        values.update(
            unit=unit,
            valid_from=_day(item["valid_from"]),
            valid_to=_day(item["valid_to"]),
            successor=successor,
            legal_basis=item.get("legal_basis", ""),
        )
        by_code[item["code"]] = upsert(
            IssuingBody, {"code": item["code"]}, values, report, update=update
        )
