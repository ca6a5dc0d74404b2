"""The rules every import shares (ntm_portal/lib/importing.py), one rule a test, with the message a
user reads on the upload page and from `import_data`: the header row, the year, the date, the
text of a cell, and the report's counts (written for `make mutants` on that module)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm_portal.lib.dataio.reader import Table
from ntm_portal.lib.importing import (
    NO_DATA_ROWS,
    CellError,
    CellIssue,
    ImportReport,
    ImportUploadForm,
    RowOutcome,
    RowReport,
    cells_by_column,
    check_headers,
    date,
    read_file,
    read_rows,
    text,
    year,
)
from ntm_portal.lib.uploads import size_error

COLUMNS = ["Mã đơn vị", "Năm", "Ghi chú"]


# --- the header row ------------------------------------------------------------------------------


def test_headers_match_whatever_their_case_accents_or_spacing():
    positions, errors = check_headers(["ghi chu", "  NĂM ", "Mã  đơn vị"], COLUMNS)
    assert errors == []
    assert positions == {"Ghi chú": 0, "Năm": 1, "Mã đơn vị": 2}


def test_a_blank_header_names_its_column_letter():
    _positions, errors = check_headers(["Mã đơn vị", "", "Năm", "Ghi chú"], COLUMNS)
    assert errors == [
        "Dòng 1, cột B: thiếu tiêu đề cột; hãy ghi tiêu đề theo mẫu hoặc xóa cột này."
    ]


def test_an_unknown_header_is_refused_not_dropped():
    _positions, errors = check_headers(["Mã đơn vị", "Năm", "Ghi chu", "Số hộ"], COLUMNS)
    assert errors == [
        "Dòng 1, cột D “Số hộ”: cột không có trong mẫu nhập; hãy xóa cột này hoặc sửa tiêu đề "
        "cho đúng mẫu (tải tệp mẫu để xem các cột)."
    ]


def test_a_column_written_twice_names_the_first_one():
    positions, errors = check_headers(["Năm", "Mã đơn vị", "Ghi chú", "năm"], COLUMNS)
    assert errors == ["Dòng 1, cột D “năm”: trùng với cột A; mỗi cột chỉ ghi một lần."]
    assert positions["Năm"] == 0


def test_every_missing_column_is_named():
    positions, errors = check_headers(["Năm"], COLUMNS)
    assert errors == [
        "Dòng 1 (tiêu đề): thiếu cột “Mã đơn vị”.",
        "Dòng 1 (tiêu đề): thiếu cột “Ghi chú”.",
    ]
    assert positions == {"Năm": 0}


def test_the_error_column_of_refused_rows_and_an_exports_extra_columns_are_ignored():
    headers = ["Mã đơn vị", "Năm", "Ghi chú", "lỗi", "Loại"]
    positions, errors = check_headers(headers, COLUMNS, ignored=["Loại"])
    assert errors == []
    assert positions == {"Mã đơn vị": 0, "Năm": 1, "Ghi chú": 2}
    # Without `ignored`, the export's column is an unknown one.
    assert len(check_headers(headers, COLUMNS)[1]) == 1


def test_a_short_row_reads_as_blank_cells():
    assert cells_by_column(["910", 2024], {"Mã đơn vị": 0, "Năm": 1, "Ghi chú": 2}) == {
        "Mã đơn vị": "910",
        "Năm": 2024,
        "Ghi chú": "",
    }


def test_a_file_with_only_its_header_row_says_so():
    report = ImportReport(kind="status", filename="f.csv")
    data = "Mã đơn vị,Năm,Ghi chú\n".encode()
    assert read_rows(report, data, COLUMNS) is None
    assert report.file_errors == [NO_DATA_ROWS]
    assert NO_DATA_ROWS == "Tệp chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào (từ dòng 2)."


def test_rows_are_read_as_text_under_their_headers():
    report = ImportReport(kind="status", filename="f.csv")
    data = "Năm,Mã đơn vị,Ghi chú\n2024,910,  đạt \n2025,911\n".encode()
    assert read_rows(report, data, COLUMNS) == [
        (2, {"Năm": "2024", "Mã đơn vị": "910", "Ghi chú": "đạt"}),
        (3, {"Năm": "2025", "Mã đơn vị": "911", "Ghi chú": ""}),
    ]
    assert report.file_errors == []


def test_a_wrong_header_row_reads_no_row_and_says_why():
    report = ImportReport(kind="status", filename="f.csv")
    data = "Năm,Mã đơn vị\n2024,910\n".encode()
    assert read_rows(report, data, COLUMNS) is None
    assert report.file_errors == ["Dòng 1 (tiêu đề): thiếu cột “Ghi chú”."]


# --- the year ------------------------------------------------------------------------------------


def test_a_year_is_four_digits_between_2000_and_2100_inclusive():
    assert year("2000") == 2000
    assert year(2100) == 2100
    assert year(2024.0) == 2024
    for written, message in [
        ("1999", "năm 1999 nằm ngoài khoảng 2000–2100."),
        ("2101", "năm 2101 nằm ngoài khoảng 2000–2100."),
        ("202", "“202” không phải là năm (ghi 4 chữ số, ví dụ 2024)."),
        ("20245", "“20245” không phải là năm (ghi 4 chữ số, ví dụ 2024)."),
        ("năm 2024", "“năm 2024” không phải là năm (ghi 4 chữ số, ví dụ 2024)."),
    ]:
        with pytest.raises(CellIssue) as refused:
            year(written)
        assert str(refused.value) == message


def test_a_year_range_of_the_caller_is_kept():
    assert year("2021", low=2021, high=2025) == 2021
    with pytest.raises(CellIssue, match="năm 2026 nằm ngoài khoảng 2021–2025."):
        year("2026", low=2021, high=2025)


def test_a_blank_year_is_refused_only_where_it_is_required():
    for blank in ("", None):
        with pytest.raises(CellIssue) as refused:
            year(blank)
        assert str(refused.value) == "để trống; hãy ghi năm (4 chữ số, ví dụ 2024)."
        assert year(blank, required=False) is None


# --- the date ------------------------------------------------------------------------------------


def test_a_blank_date_is_refused_only_where_it_is_required():
    for blank in ("", None):
        with pytest.raises(CellIssue) as refused:
            date(blank)
        assert str(refused.value) == "để trống; hãy ghi ngày dạng dd/mm/yyyy."
        assert date(blank, required=False) is None


def test_dates_are_read_day_first_in_every_written_form():
    day = datetime.date(2022, 6, 2)
    for written in ("02/06/2022", "2/6/2022", "02-06-2022", "02.06.2022", "2022-06-02"):
        assert date(written) == day
    assert date(datetime.datetime(2022, 6, 2, 17, 30)) == day
    assert date(day) == day


def test_excel_serial_numbers_count_from_30_12_1899_for_the_years_2000_to_2099():
    assert date(44714) == datetime.date(2022, 6, 2)
    assert date(44714.0) == datetime.date(2022, 6, 2)
    assert date(36526) == datetime.date(2000, 1, 1)
    assert date(73050) == datetime.date(2099, 12, 31)
    for outside in (36525, 73051):
        with pytest.raises(CellIssue) as refused:
            date(outside)
        assert str(refused.value) == (
            f"“{outside}” không phải ngày hợp lệ dạng dd/mm/yyyy (ví dụ 02/06/2022) hoặc "
            "yyyy-mm-dd."
        )


def test_a_true_cell_is_not_a_serial_day():
    with pytest.raises(CellIssue, match="“True” không phải ngày hợp lệ"):
        date(True)


def test_a_month_first_date_is_refused_with_the_forms_accepted():
    with pytest.raises(CellIssue) as refused:
        date("06/13/2022")
    assert str(refused.value) == (
        "“06/13/2022” không phải ngày hợp lệ dạng dd/mm/yyyy (ví dụ 02/06/2022) hoặc yyyy-mm-dd."
    )


# --- the text of a cell --------------------------------------------------------------------------


def test_a_cell_as_text():
    assert text(None) == ""
    assert text("") == ""
    assert text(datetime.date(2022, 6, 2)) == "02/06/2022"
    assert text(2024.0) == "2024"
    assert text(2.5) == "2.5"
    assert text(910) == "910"
    # Any other text is kept as written, a placeholder too (the blank test is for "" only).
    for written in ("XXXX", "0", "-", "không"):
        assert text(written) == written
    assert text("  Xã\u202e Vĩnh Bình Bắc\x07 \n") == "Xã Vĩnh Bình Bắc"
    # Decomposed accents (as some keyboards write them) are stored composed.
    assert text("Vi\u0303nh") == "Vĩnh"


# --- the report a user reads ---------------------------------------------------------------------


def test_a_cell_error_names_the_row_the_letter_and_the_header():
    report = ImportReport(kind="status", filename="f.csv")
    row = RowReport(number=3)
    assert row.read("Năm", year, "20x4") is None
    report.rows.append(row)
    report.name_columns(["Mã đơn vị", "năm"])
    assert report.errors == [
        "Dòng 3, cột B “Năm”: “20x4” không phải là năm (ghi 4 chữ số, ví dụ 2024)."
    ]
    assert report.has_errors


def test_the_report_counts_each_outcome_and_names_errors_and_repeats_only_when_there_are():
    report = ImportReport(kind="status", filename="f.csv")
    report.rows = [
        RowReport(number=2, outcome=RowOutcome.NEW, summary="Xã A"),
        RowReport(number=3, outcome=RowOutcome.NEW),
        RowReport(number=4, outcome=RowOutcome.UNCHANGED),
    ]
    assert not report.has_errors
    assert report.summary == "2 mới, 0 thay đổi, 1 không đổi"
    assert report.lines()[-1] == "Tổng cộng 3 dòng: 2 mới, 0 thay đổi, 1 không đổi."
    assert report.lines()[0] == "Dòng 2: mới — Xã A"
    assert [row.number for row in report.rows_left_as_they_are] == [4]
    assert [row.number for row in report.rows_to_review] == [2, 3]
    report.rows[1].error("Năm", "để trống; hãy ghi năm (4 chữ số, ví dụ 2024).")
    report.rows.append(RowReport(number=5, outcome=RowOutcome.REPEATED))
    report.mark_errors()
    assert report.rows[1].outcome == RowOutcome.ERROR
    assert report.rows[0].outcome == RowOutcome.NEW
    assert report.summary == "1 mới, 0 thay đổi, 1 không đổi, 1 lặp lại dòng trên, 1 lỗi"
    assert report.counts[RowOutcome.ERROR] == 1
    assert report.has_errors


def test_a_row_with_an_error_is_not_left_as_it_is_even_when_unchanged():
    row = RowReport(number=2, outcome=RowOutcome.UNCHANGED, warnings=["Trùng tên xã"])
    assert row.left_as_it_is
    assert row.lines() == ["Dòng 2: không đổi", "    Cảnh báo: Trùng tên xã"]
    row.error("Năm", "để trống")
    assert not row.left_as_it_is


def test_a_broken_file_is_a_file_error_and_no_row():
    report = ImportReport(kind="status", filename="f.xlsx")
    assert read_rows(report, b"PK\x03\x04 not a workbook", COLUMNS) is None
    assert report.file_errors == [
        "Tệp Excel bị hỏng hoặc không đầy đủ (không giải nén được), hãy lưu lại tệp rồi tải lên "
        "lần nữa."
    ]
    assert report.table is None


def test_the_upload_form_names_its_limit_and_refuses_a_larger_file(settings):
    settings.NTM_MAX_UPLOAD_MB = 1
    form = ImportUploadForm()
    assert form.fields["file"].label == "Tệp dữ liệu"
    assert form.fields["file"].help_text.endswith("Tối đa 1 MB.")
    small = SimpleUploadedFile("f.csv", b"a" * 1000)
    assert ImportUploadForm(files={"file": small}).is_valid()
    large = SimpleUploadedFile("f.csv", b"a" * (1024 * 1024 + 1))
    form = ImportUploadForm(files={"file": large})
    assert not form.is_valid()
    assert form.errors["file"] == [size_error(large.size)]


def test_a_cell_parsers_options_reach_it():
    """RowReport.read passes the parser's options (the plan's years here)."""
    row = RowReport(number=4)
    assert row.read("Năm", year, "2021", low=2021, high=2025) == 2021
    assert row.read("Năm", year, "2026", low=2021, high=2025) is None
    assert [str(error) for error in row.errors] == [
        "Dòng 4, cột “Năm”: năm 2026 nằm ngoài khoảng 2021–2025."
    ]


def test_the_confirm_reads_the_table_of_its_preview_not_the_file_again():
    """read_rows(table=…): what the preview read is used as it is (the file is not parsed)."""
    report = ImportReport(kind="status", filename="f.csv")
    table = Table(headers=["Năm", "Mã đơn vị", "Ghi chú"], rows=[(2, [2024, "910", ""])])
    assert read_rows(report, b"not read", COLUMNS, table=table) == [
        (2, {"Năm": "2024", "Mã đơn vị": "910", "Ghi chú": ""})
    ]
    assert report.table is table


def test_the_columns_an_export_adds_are_ignored_when_its_file_comes_back():
    """read_rows(ignored=…) reaches the header check."""
    report = ImportReport(kind="awards", filename="f.csv")
    data = "Năm,Mã đơn vị,Ghi chú,Loại\n2024,910,,Bằng khen\n".encode()
    assert read_rows(report, data, COLUMNS, ignored=["Loại"]) == [
        (2, {"Năm": "2024", "Mã đơn vị": "910", "Ghi chú": ""})
    ]
    assert report.file_errors == []


def test_cell_errors_take_their_letters_from_the_file_the_report_read():
    """ImportReport.name_columns: the headers of the report's table when none are given; a
    column the file lacks gets no letter (not a made-up one); a letter already found stays."""
    report = ImportReport(kind="status", filename="f.csv")
    report.table = Table(headers=["Ghi chú", "Mã đơn vị", "Năm"], rows=[])
    row = RowReport(number=2)
    row.error("Năm", "để trống; hãy ghi năm (4 chữ số, ví dụ 2024).")
    row.error("Số hộ", "không đọc được.")
    row.errors.append(CellError(2, "Mã đơn vị", "không có đơn vị mã 999.", letter="E"))
    report.rows.append(row)
    report.name_columns()
    assert report.errors == [
        "Dòng 2, cột C “Năm”: để trống; hãy ghi năm (4 chữ số, ví dụ 2024).",
        "Dòng 2, cột “Số hộ”: không đọc được.",
        "Dòng 2, cột E “Mã đơn vị”: không có đơn vị mã 999.",
    ]


def test_a_report_without_a_table_names_no_letter():
    """ImportReport.name_columns without a table read (a file refused whole): no letter."""
    report = ImportReport(kind="status", filename="f.csv")
    row = RowReport(number=2)
    row.error("Năm", "để trống; hãy ghi năm (4 chữ số, ví dụ 2024).")
    report.rows.append(row)
    report.name_columns()
    assert report.errors == ["Dòng 2, cột “Năm”: để trống; hãy ghi năm (4 chữ số, ví dụ 2024)."]


def test_the_cells_of_a_file_are_cleaned_as_a_forms_input_before_any_engine_reads_them():
    """clean_table/clean_cell: the table every engine reads has its text cells cleaned (no bidi
    or control characters, composed accents), as a form stores them."""
    report = ImportReport(kind="certifications", filename="f.csv")
    data = "Mã đơn vị,Ghi chú\n910,Vi\u0303nh\u202e Bình\x07\n".encode()
    table = read_file(report, data)
    assert table.headers == ["Mã đơn vị", "Ghi chú"]
    assert table.rows == [(2, ["910", "Vĩnh Bình"])]
