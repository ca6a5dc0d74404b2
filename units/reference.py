"""Reference data of the units app: the administrative units of Kiên Giang, 2021 – 30/06/2025."""

import csv

from ntm_portal.lib.reference import FIXTURES_DIR, LoadReport, ReferenceDataError, upsert
from ntm_portal.lib.text import nfc
from units.models import PRE_MERGER_END, Unit

UNITS_FILE = FIXTURES_DIR / "units_kien_giang_2021_2025.csv"
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
    return report
