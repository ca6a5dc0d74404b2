"""Builders of import files for the tests and for the corpus (no Django needed here)."""

import csv
import io

from openpyxl import Workbook

CERTIFICATION_HEADERS = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Mã huyện",
    "Chuẩn",
    "Năm đạt chuẩn",
    "Số quyết định",
    "Ngày quyết định",
    "Cấp quyết định",
    "Người ký",
    "Ghi chú",
    "Ngày thu hồi",
    "Số QĐ thu hồi",
    "Lý do thu hồi",
]
STATUS_HEADERS = [
    "Mã xã",
    "Tên xã",
    "Mã huyện",
    "Năm",
    *[f"TC{number}" for number in range(1, 20)],
    "Chuẩn phấn đấu tiếp theo",
    "Năm dự kiến đạt",
    "Ghi chú",
]


def certification_row(**values):
    """A valid row (Vĩnh Bình Bắc, Vĩnh Thuận, NTM 2021 by 12/QĐ-UBND), with overrides by key."""
    row = {
        "code": "31060",
        "name": "Vĩnh Bình Bắc",
        "district": "910",
        "standard": "Đạt chuẩn nông thôn mới",
        "standard_year": "2021",
        "number": "12/QĐ-UBND",
        "date": "15/03/2022",
        "issuer": "Chủ tịch UBND tỉnh",
        "signer": "Lâm Minh Thành",
        "notes": "",
        "revoked_on": "",
        "revocation_number": "",
        "revocation_reason": "",
    }
    row.update(values)
    return list(row.values())


def status_row(code="31060", year="2024", met=19, name="", district="", **values):
    """A valid status row: the first `met` criteria met ("đạt"), the others "chưa đạt"."""
    criteria = ["đạt" if number <= met else "chưa đạt" for number in range(1, 20)]
    tail = {"next_standard": "", "planned_year": "", "notes": ""}
    tail.update(values)
    return [code, name, district, year, *criteria, *tail.values()]


def csv_bytes(headers, rows, *, bom=False):
    output = io.StringIO(newline="")
    writer = csv.writer(output)
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + output.getvalue().encode("utf-8")


def xlsx_bytes(headers, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
