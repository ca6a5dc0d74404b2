"""The corpus of bad files: each is refused with a message naming the row and the column, and
nothing is written. Regenerate the files with corpus/make_corpus.py."""

import datetime
import unicodedata
from pathlib import Path

import pytest
from django.test import override_settings

from targets.imports.engine import run_import
from targets.models import Certification
from tests import factories
from tests.targets.imports.conftest import snapshot

CORPUS = Path(__file__).parent / "corpus"
CHANGE = "hãy xóa cột này hoặc sửa tiêu đề cho đúng mẫu (tải tệp mẫu để xem các cột)."
DATE_FORMAT = "không phải ngày hợp lệ dạng dd/mm/yyyy (ví dụ 02/06/2022) hoặc yyyy-mm-dd."

EXPECTED = {
    "missing_column.csv": ["Dòng 1 (tiêu đề): thiếu cột “Chuẩn”."],
    "extra_column.csv": [
        f"Dòng 1, cột N “Xếp loại”: cột không có trong mẫu nhập; {CHANGE}",
    ],
    "unknown_code.csv": [
        "Dòng 2, cột “Mã đơn vị”: không có đơn vị nào mã “99999” trong danh mục.",
    ],
    "ambiguous_name.xlsx": [
        "Dòng 2, cột “Tên đơn vị”: “Vĩnh Phú” là tên của 2 xã: Xã Vĩnh Phú mã 30791 (Huyện "
        "Giang Thành); Xã Vĩnh Phú mã 30947 (Huyện Giồng Riềng); hãy ghi mã đơn vị hoặc mã huyện.",
        "Dòng 3, cột “Tên đơn vị”: “Bình An” là tên của 2 xã: Xã Bình An mã 30808 (Huyện Kiên "
        "Lương); Xã Bình An mã 30898 (Huyện Châu Thành); hãy ghi mã đơn vị hoặc mã huyện.",
        "Dòng 4, cột “Tên đơn vị”: “thạnh lộc” là tên của 2 xã: Xã Thạnh Lộc mã 30901 (Huyện "
        "Châu Thành); Xã Thạnh Lộc mã 30913 (Huyện Giồng Riềng); hãy ghi mã đơn vị hoặc mã huyện.",
    ],
    "name_not_in_district.csv": [
        "Dòng 2, cột “Tên đơn vị”: Huyện Giang Thành (mã 914) không có xã nào tên “Bình An”. "
        "Xã tên này có ở: Xã Bình An mã 30808 (Huyện Kiên Lương); Xã Bình An mã 30898 (Huyện "
        "Châu Thành).",
    ],
    "decision_conflict.csv": [
        "Dòng 3, cột “Ngày quyết định”: quyết định 12/QĐ-UBND (Chủ tịch UBND tỉnh, năm 2022) ở "
        "dòng 2 ghi 15/03/2022, dòng này ghi 16/03/2022; các dòng của một quyết định phải ghi "
        "giống nhau.",
    ],
    # advanced_without_ntm.csv is no longer refused (#19): an advanced commune without its NTM
    # decision is recorded and flagged, tests/targets/certifications/test_incomplete_facts.py.
    "future_date.csv": [
        "Dòng 2, cột “Ngày quyết định”: Ngày quyết định 01/01/2099 ở tương lai.",
    ],
    # 2022-03-15 (ISO) is read since #8; 31/02/2022 is no date at all.
    "bad_date.csv": [
        f"Dòng 3, cột “Ngày quyết định”: “31/02/2022” {DATE_FORMAT}",
    ],
    "word_document.xlsx": [
        "Tệp không phải bảng tính Excel (.xlsx): nội dung là tài liệu Word (.docx).",
    ],
    "image.xlsx": ["Tệp không phải bảng tính Excel (.xlsx): nội dung là ảnh PNG."],
    "truncated.xlsx": [
        "Tệp Excel bị hỏng hoặc không đầy đủ (không giải nén được), hãy lưu lại tệp rồi tải lên "
        "lần nữa.",
    ],
    "empty.csv": ["Tệp rỗng (0 byte)."],
    "header_only.xlsx": ["Tệp chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào (từ dòng 2)."],
    "windows_1258.csv": [
        "Tệp CSV phải được lưu với bảng mã UTF-8 (byte thứ 3 không phải UTF-8); trong Excel hãy "
        "chọn “CSV UTF-8 (Comma delimited)”.",
    ],
}


def import_file(name, kind="certifications", **kwargs):
    return run_import(kind, (CORPUS / name).read_bytes(), name, commit=True, **kwargs)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_certification_file_is_refused_with_exact_messages(name, nothing_written):
    report = import_file(name)
    assert report.errors == EXPECTED[name]
    assert not report.committed


def test_decision_stated_differently_from_the_database_is_refused(db):
    factories.decision("12/QĐ-UBND", datetime.date(2022, 3, 15), signer="Lâm Minh Thành")
    before = snapshot()
    report = import_file("decision_differs_from_database.csv")
    assert report.errors == [
        "Dòng 2, cột “Người ký”: Quyết định 12/QĐ-UBND đã được ghi với người ký “Lâm Minh "
        "Thành”, khác người ký “Người khác” vừa nhập; hãy sửa cho khớp, hoặc sửa quyết định trên "
        "trang của nó."
    ]
    assert snapshot() == before


def test_bad_status_values_are_refused_row_by_row(nothing_written):
    report = import_file("status_bad_values.csv", kind="statuses")
    assert [row.outcome for row in report.rows] == ["new", "error", "error", "error"]
    assert report.errors == [
        "Dòng 3, cột “TC3”: “có lẽ” không hiểu được; ghi “đạt”, “x” hoặc “1” nếu đạt; "
        "“chưa đạt”, “0” hoặc để trống nếu chưa đạt.",
        "Dòng 4, cột “Năm”: năm 2099 ở tương lai.",
        "Dòng 5, cột “Mã xã”: mã 910 là Huyện Vĩnh Thuận, không phải xã.",
    ]


@override_settings(NTM_MAX_UPLOAD_MB=0.001)
def test_file_over_the_size_limit_is_refused(nothing_written):
    report = import_file("ambiguous_name.xlsx")
    assert report.errors == ["Tệp nặng 5 KB, vượt giới hạn 1 KB."]


def test_nfd_text_is_accepted_and_stored_as_nfc(db):
    report = import_file("nfd.csv")
    assert report.committed, report.errors
    certification = Certification.objects.get(unit__code="30860")
    assert certification.unit.name == "Tân Hoà"
    assert certification.notes == "Xã Tân Hoà, huyện Tân Hiệp"
    assert unicodedata.is_normalized("NFC", certification.notes)
    assert unicodedata.is_normalized("NFC", certification.decision.signer)
