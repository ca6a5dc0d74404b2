"""Finding 2 of issue #10 and the limits of issue #21: spreadsheets built to exhaust a worker
are refused while streaming, within a second and a few megabytes, with a Vietnamese message
naming the limit (every import kind: tests/hardening/test_hostile_imports.py)."""

import time
import tracemalloc

import pytest

from ntm_portal.lib.spreadsheet import MAX_ROWS, SpreadsheetError, read_table
from tests.hardening import hostile_files


@pytest.mark.parametrize("name", list(hostile_files.HOSTILE))
def test_every_hostile_file_is_refused_within_a_second_and_a_few_megabytes(name):
    builder, filename, fragment = hostile_files.HOSTILE[name]
    data = builder()
    # CPU time of this process: what the refusal costs, whatever else the machine runs.
    started = time.process_time()
    with pytest.raises(SpreadsheetError) as error:
        read_table(data, filename)
    elapsed = time.process_time() - started
    assert fragment in str(error.value)
    assert elapsed < 1.0, f"{name}: {elapsed:.2f} s"
    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetError):
            read_table(data, filename)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * 1024 * 1024, f"{name}: {peak / 1024 / 1024:.0f} MB"


def test_the_wide_row_file_is_small_and_declares_a_small_dimension():
    data = hostile_files.wide_row()
    assert 30_000 < len(data) < 60_000
    assert b'<dimension ref="A1:B2"/>' in hostile_files.zipfile.ZipFile(
        hostile_files.io.BytesIO(data)
    ).open(hostile_files.SHEET).read(400)


def test_a_row_of_more_cells_than_excel_has_columns_is_refused_naming_the_row():
    data = hostile_files.wide_row(cells=20_000)
    message = refusal(lambda: data, "bang.xlsx")
    assert message.startswith("Dòng 2 của tệp chứa hơn 16.384 ô (tính cả ô trống)")


def test_a_row_number_going_back_is_a_broken_sheet():
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    data = hostile_files.streamed_xlsx(hostile_files._SHEET_HEAD, row, 3, hostile_files._SHEET_TAIL)
    assert "bị hỏng" in refusal(lambda: data, "bang.xlsx")


def test_dates_numbers_and_shared_strings_read_as_openpyxl_reads_them():
    import datetime

    from ntm_portal.lib.spreadsheet import Sheet, write_xlsx

    data = write_xlsx(
        [
            Sheet(
                "A",
                ["Ngày", "Số", "Chữ", "Công thức"],
                [[datetime.date(2024, 6, 2), 3.5, "Xã Tân Hiệp", "=1+1"], [None, 7, "", "b"]],
            )
        ]
    )
    table = read_table(data, "a.xlsx")
    assert table.headers == ["Ngày", "Số", "Chữ", "Công thức"]
    assert table.rows == [
        (2, [datetime.date(2024, 6, 2), 3.5, "Xã Tân Hiệp", "=1+1"]),
        (3, ["", 7, "", "b"]),
    ]


def refusal(builder, filename):
    with pytest.raises(SpreadsheetError) as error:
        read_table(builder(), filename)
    return str(error.value)


def test_a_declared_dimension_of_the_whole_sheet_is_refused():
    message = refusal(hostile_files.dimension_bomb, "bang.xlsx")
    assert "dòng" in message and "10.001" in message


def test_a_csv_with_nul_bytes_is_refused_as_binary():
    message = refusal(hostile_files.nul_csv, "bang.csv")
    assert message.startswith("Tệp không phải CSV: nội dung là dữ liệu nhị phân (có byte NUL")


def test_a_file_over_the_upload_limit_names_the_limit(settings):
    settings.NTM_MAX_UPLOAD_MB = 1
    message = refusal(hostile_files.oversized_csv, "bang.csv")
    assert message == "Tệp nặng 1,0 MB, vượt giới hạn 1 MB."


def test_the_cell_limit_counts_empty_formatted_cells():
    message = refusal(hostile_files.many_cells, "bang.xlsx")
    assert "dòng" in message and "10.001" in message


def test_a_row_a_million_lines_down_is_refused_without_walking_the_blank_rows():
    message = refusal(hostile_files.far_row_without_dimension, "bang.xlsx")
    assert "tính cả dòng trống" in message


def test_a_huge_shared_string_is_refused_by_its_declared_size():
    message = refusal(hostile_files.shared_string_bomb, "bang.xlsx")
    assert "Phần văn bản của tệp giải nén ra 64,0 MB" in message


@pytest.mark.parametrize("builder", [hostile_files.external_entity, hostile_files.entity_expansion])
def test_unsafe_xml_gets_a_message(builder):
    message = refusal(builder, "bang.xlsx")
    assert "XML không an toàn" in message


def test_blank_csv_rows_count_toward_the_row_limit():
    message = refusal(hostile_files.blank_rows_csv, "bang.csv")
    assert "tính cả dòng trống" in message


def test_too_many_columns_are_refused():
    row = ["x"] * 150
    data = hostile_files.plain_xlsx([row, row])
    assert "150 cột" in refusal(lambda: data, "bang.xlsx")


def test_a_real_file_at_the_row_limit_is_still_read():
    rows = [("Mã xã", "Năm")] + [(f"{31000 + n}", 2024) for n in range(MAX_ROWS)]
    table = read_table(hostile_files.plain_xlsx(rows), "bang.xlsx")
    assert len(table.rows) == MAX_ROWS
    csv = "ma_xa,nam\r\n" + "".join(f"{31000 + n},2024\r\n" for n in range(MAX_ROWS))
    assert len(read_table(csv.encode(), "bang.csv").rows) == MAX_ROWS


@pytest.mark.parametrize("filename", ["ghi-chu.xlsx", "ghi-chu.csv"])
def test_a_cell_longer_than_a_text_field_is_refused_naming_its_row_and_column(settings, filename):
    settings.NTM_MAX_TEXT_CHARS = 20_000
    rows = [("Mã xã", "Năm", "Ghi chú"), ("31060", 2024, "ngắn"), ("31063", 2024, "x" * 20_001)]
    if filename.endswith(".xlsx"):
        data = hostile_files.plain_xlsx(rows)
    else:
        data = "\r\n".join(",".join(str(cell) for cell in row) for row in rows).encode()
    message = refusal(lambda: data, filename)
    assert message == "Dòng 3, cột C: ô dài 20.001 ký tự, vượt giới hạn 20.000 ký tự của một ô."
    rows[2] = ("31063", 2024, "x" * 20_000)  # at the limit: read
    data = (
        hostile_files.plain_xlsx(rows)
        if filename.endswith(".xlsx")
        else "\r\n".join(",".join(str(cell) for cell in row) for row in rows).encode()
    )
    assert len(read_table(data, filename).rows[1][1][2]) == 20_000


def test_an_import_page_names_the_overlong_cell_and_writes_nothing(client, province_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from targets.models import CommuneStatus
    from tests.targets.imports.files import STATUS_HEADERS, csv_bytes, status_row

    row = status_row(code="31060", notes="x" * 25_000)
    client.force_login(province_staff)
    response = client.post(
        reverse("targets:import_statuses"),
        {"file": SimpleUploadedFile("xa.csv", csv_bytes(STATUS_HEADERS, [row]))},
    )
    page = response.content.decode()
    assert "ô dài 25.000 ký tự, vượt giới hạn 20.000 ký tự của một ô" in page
    assert not CommuneStatus.objects.exists()
