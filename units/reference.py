"""Reference data of the units app: the administrative units of Kiên Giang, 2021 – 30/06/2025,
and the bodies that issue documents (fixtures/issuing_bodies.json)."""

import csv
import datetime
import json

from ntm_portal.lib.reference import FIXTURES_DIR, LoadReport, ReferenceDataError, upsert
from ntm_portal.lib.text import nfc
from units.models import PRE_MERGER_END, IssuingBody, Unit

UNITS_FILE = FIXTURES_DIR / "units_kien_giang_2021_2025.csv"
ISSUERS_FILE = FIXTURES_DIR / "issuing_bodies.json"
COLUMNS = ["level", "code", "name", "kind", "parent_code"]


def load(*, update=False):
    report = LoadReport()
    with UNITS_FILE.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise ReferenceDataError(
                f"{UNITS_FILE.name}: cột phải là {', '.join(COLUMNS)}; tệp có {reader.fieldnames}."
            )
        rows = list(reader)
    by_code = {}
    for line, row in enumerate(rows, start=2):
        row = {key: nfc(value) for key, value in row.items()}
        parent = None
        if row["parent_code"]:
            parent = by_code.get(row["parent_code"])
            if parent is None:
                raise ReferenceDataError(
                    f"{UNITS_FILE.name}, dòng {line}: đơn vị cấp trên mã {row['parent_code']} "
                    "chưa có ở các dòng trước."
                )
        if row["level"] not in Unit.Level.values or row["kind"] not in Unit.Kind.values:
            raise ReferenceDataError(
                f"{UNITS_FILE.name}, dòng {line}: cấp '{row['level']}' hoặc loại '{row['kind']}' không hợp lệ."
            )
        by_code[row["code"]] = upsert(
            Unit,
            {"code": row["code"], "valid_from": None},
            {
                "name": row["name"],
                "level": row["level"],
                "kind": row["kind"],
                "parent": parent,
                "valid_to": PRE_MERGER_END,
            },
            report,
            update=update,
        )
    load_issuing_bodies(report, update=update)
    return report


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


def load_issuing_bodies(report, *, update=False):
    """The issuing bodies; a successor is named by its code and must come earlier in the file."""
    data = json.loads(ISSUERS_FILE.read_text(encoding="utf-8"))
    by_code = {}
    for number, item in enumerate(data["issuing_bodies"], start=1):
        unit = None
        if item["unit"]:
            unit = Unit.objects.by_code(item["unit"])
            if unit is None:
                raise ReferenceDataError(
                    f"{ISSUERS_FILE.name}, mục {number}: chưa có đơn vị mã {item['unit']}."
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
