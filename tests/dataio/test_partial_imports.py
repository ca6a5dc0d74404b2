"""Issue #21, partial imports ("Nhập các dòng hợp lệ"), for every kind `import_data --list` lists:
the same file with valid and refused rows writes nothing by default; with --partial it writes
exactly the valid rows and gives back the refused rows as an xlsx with the file's own columns
plus "Lỗi"; that file, read back, holds the refused rows as they were, and once fixed imports
whole."""

import io

import pytest
from django.core.management import CommandError, call_command

from awards.importing import COLUMNS as HISTORY_COLUMNS
from awards.models import AwardRecord
from emulation.imports import PARTICIPANT_COLUMNS, REGISTRATION_COLUMNS
from emulation.models import Participant, RegistrationItem
from ntm_portal.lib.dataio.registry import KINDS
from ntm_portal.lib.spreadsheet import read_table
from targets.models import Certification, CommuneStatus
from tests.emulation import helpers as h
from tests.targets.imports.files import (
    CERTIFICATION_HEADERS,
    STATUS_HEADERS,
    certification_row,
    status_row,
    xlsx_bytes,
)

NOTHING = lambda: None  # noqa: E731


def _registrations_setup():
    h.participant("910")
    h.phase(open_days=3)


# kind: (setup, headers, valid rows, refused row, its column index and fixed value, what the
# valid rows write, the message of the refused row)
CASES = {
    "certifications": (
        NOTHING,
        CERTIFICATION_HEADERS,
        [certification_row()],
        certification_row(code="31063", name="", standard_year="năm nay"),
        (4, "2021"),
        lambda: Certification.objects.count(),
        "Dòng 3, cột E “Năm đạt chuẩn”",
    ),
    "statuses": (
        NOTHING,
        STATUS_HEADERS,
        [status_row("31060")],
        status_row("31063", year="năm nay"),
        (3, "2024"),
        lambda: CommuneStatus.objects.count(),
        "Dòng 3, cột D “Năm”: “năm nay” không phải là năm",
    ),
    "participants": (
        NOTHING,
        PARTICIPANT_COLUMNS,
        [["HND", "Hội Nông dân tỉnh", "Mặt trận, đoàn thể", "", "có", ""]],
        ["SNN", "Sở Nông nghiệp", "Loại không có", "", "có", ""],
        (2, "Sở, ban, ngành tỉnh"),
        lambda: Participant.objects.count(),
        "Dòng 3, cột C “Loại”",
    ),
    "registrations": (
        _registrations_setup,
        REGISTRATION_COLUMNS,
        [["Tổng kết", 2025, "910", 1, "Phát triển 2 hợp tác xã", 1, 2, 0]],
        ["Tổng kết", 2025, "910", 99, "Xây dựng 3 nhà văn hóa ấp", "", "", ""],
        (3, 3),
        lambda: RegistrationItem.objects.count(),
        "Dòng 3, cột D “Nội dung thi đua số”",
    ),
    "award-history": (
        NOTHING,
        HISTORY_COLUMNS,
        [
            ["Cá nhân", "Nguyễn Thị Hoà", "Nữ", 1980, "Phó Chủ tịch UBND xã", "UBND xã Vĩnh Bình Bắc", "", "910",
             "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 2022, "501/QĐ-UBND", "15/03/2023", "Chủ tịch UBND tỉnh Kiên Giang"],
        ],
        ["Cá nhân", "Trần Văn Bé", "Nam", "năm 1970", "", "", "", "910",
         "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 2022, "1/QĐ-UBND", "", "UBND tỉnh"],
        (3, 1970),
        lambda: AwardRecord.objects.count(),
        "Dòng 3, cột D “Năm sinh”: “năm 1970” không phải là năm",
    ),
}  # fmt: skip


def test_every_listed_kind_has_a_partial_case():
    assert set(CASES) == set(KINDS)


@pytest.mark.parametrize("kind", list(CASES))
def test_partial_import_writes_the_valid_rows_and_gives_back_the_refused_ones(db, tmp_path, kind):
    setup, headers, valid, refused, (index, fixed), count, message = CASES[kind]
    setup()
    path = tmp_path / "tep.xlsx"
    path.write_bytes(xlsx_bytes(headers, [*valid, refused]))
    before = count()

    # All or nothing, the default: nothing written.
    out = io.StringIO()
    with pytest.raises(CommandError, match="chưa ghi gì"):
        call_command("import_data", kind, str(path), stdout=out)
    assert message in out.getvalue()
    assert count() == before

    # The dry run says what each choice would do, with its row counts.
    out = io.StringIO()
    call_command("import_data", kind, str(path), "--dry-run", "--partial", stdout=out)
    assert "Nhập tất cả hoặc không gì: không ghi dòng nào, vì 1/2 dòng có lỗi" in out.getvalue()
    assert "Nhập các dòng hợp lệ: ghi 1 dòng hợp lệ (1 mới, 0 thay đổi, 0 không đổi)" in (
        out.getvalue()
    )
    assert count() == before

    # Partial: the valid row is written, the refused one comes back.
    refused_path = tmp_path / "dong-loi.xlsx"
    out = io.StringIO()
    call_command(
        "import_data", kind, str(path), "--partial", "--refused-file", str(refused_path), stdout=out
    )
    assert "Đã ghi 1 dòng hợp lệ vào cơ sở dữ liệu." in out.getvalue()
    assert f"1 dòng lỗi đã ghi vào tệp {refused_path}" in out.getvalue()
    written = count()
    assert written > before

    back = read_table(refused_path.read_bytes(), refused_path.name)
    assert back.headers == [*headers, "Lỗi"]
    assert len(back.rows) == 1
    number, cells = back.rows[0]
    assert number == 2
    assert [str(cell) for cell in cells[: len(headers)]] == [
        str(cell) if cell is not None else "" for cell in refused
    ]
    assert cells[-1].startswith(message)

    # Fixed in the refused-rows file itself ("Lỗi" is ignored), it imports whole.
    fixed_row = list(cells[: len(headers)])
    fixed_row[index] = fixed
    fixed_path = tmp_path / "da-sua.xlsx"
    fixed_path.write_bytes(xlsx_bytes(back.headers, [[*fixed_row, cells[-1]]]))
    call_command("import_data", kind, str(fixed_path), stdout=io.StringIO())
    assert count() > written


def test_a_partial_import_without_any_valid_row_writes_nothing_and_no_file(db, tmp_path):
    path = tmp_path / "tep.xlsx"
    path.write_bytes(xlsx_bytes(STATUS_HEADERS, [status_row("31063", year="năm nay")]))
    out = io.StringIO()
    call_command("import_data", "statuses", str(path), "--partial", stdout=out)
    assert "Không có dòng hợp lệ nào: chưa ghi gì vào cơ sở dữ liệu." in out.getvalue()
    assert "1 dòng lỗi đã ghi vào tệp" in out.getvalue()
    assert not CommuneStatus.objects.exists()
    assert (tmp_path / "tep-dong-loi.xlsx").exists()
