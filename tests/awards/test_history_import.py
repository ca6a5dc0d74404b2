import io

from openpyxl import Workbook

from awards.importing import COLUMNS
from awards.models import AwardRecord, Nominee
from tests.awards.helpers import person

GOOD = [
    ["Cá nhân", "Nguyễn Thị Hoà", "Nữ", 1980, "Phó Chủ tịch UBND xã", "UBND xã Vĩnh Bình Bắc", "", "910",
     "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 2022, "501/QĐ-UBND", "15/03/2023", "Chủ tịch UBND tỉnh Kiên Giang"],
    ["Cá nhân", "nguyễn thị  HÒA", "Nữ", 1980, "", "", "", "910",
     "chien-si-thi-dua-co-so", 2023, "77/QĐ-UBND", "", "Chủ tịch UBND huyện Vĩnh Thuận"],
    ["Tập thể", "Hội Nông dân xã Vĩnh Bình Bắc", "", "", "", "Ủy ban MTTQ xã Vĩnh Bình Bắc", "", "910",
     "Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện", 2021, "12/QĐ-UBND", "", "Chủ tịch UBND huyện Vĩnh Thuận"],
]  # fmt: skip


def workbook(rows, headers=COLUMNS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "lich-su.xlsx"
    return buffer


def test_preview_then_confirm_imports_the_history(client, officer):
    client.force_login(officer)
    preview = client.post("/awards/records/import/", {"file": workbook(GOOD)})
    page = preview.content.decode()
    assert "Tệp hợp lệ: 3 dòng, 3 khen thưởng mới, 2 đối tượng mới" in page
    assert AwardRecord.objects.count() == 0  # the preview writes nothing
    token = preview.context["token"]
    client.post("/imports/award-history/confirm/", {"token": token})
    hoa = Nominee.objects.get(nominee_type="individual")
    # Two spellings of one person, one record: both awards in one history.
    assert sorted(hoa.award_records.values_list("decision_number", flat=True)) == [
        "501/QĐ-UBND",
        "77/QĐ-UBND",
    ]
    assert hoa.district.code == "910"
    assert AwardRecord.objects.count() == 3


def test_a_file_with_errors_imports_nothing_and_names_row_and_column(client, officer):
    bad = [
        GOOD[0],
        ["Cá nhân", "Trần Văn Bé", "Nam", "năm 1970", "", "", "", "910", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 2022, "1/QĐ-UBND", "", "UBND tỉnh"],
        ["Hộ gia đình", "Lê Văn Hộ", "Nam", "", "", "", "", "910", "Chiến sĩ thi đua cấp tỉnh", 2022, "2/QĐ-UBND", "31/02/2022", "UBND tỉnh"],
        ["Cá nhân", "Phan Văn Xa", "Nam", 1970, "", "", "", "908", "Huy chương Vàng", 2022, "", "", "UBND tỉnh"],
    ]  # fmt: skip
    client.force_login(officer)
    page = client.post("/awards/records/import/", {"file": workbook(bad)}).content.decode()
    assert "Tệp có 3 dòng lỗi; chưa ghi gì vào cơ sở dữ liệu." in page
    assert "Dòng 3, cột D “Năm sinh”: “năm 1970” không phải là năm" in page
    assert "Dòng 4, cột G “Địa chỉ”: hộ gia đình phải có địa chỉ." in page
    # The date message of every import (ntm_portal/lib/importing.py), naming the forms it reads.
    assert (
        "Dòng 4, cột L “Ngày quyết định”: “31/02/2022” không phải ngày hợp lệ dạng dd/mm/yyyy "
        "(ví dụ 02/06/2022) hoặc yyyy-mm-dd." in page
    )
    assert (
        "Dòng 4, cột I “Danh hiệu / Hình thức”: Chiến sĩ thi đua cấp tỉnh không dành cho hộ gia đình"
        in page
    )
    assert (
        "Dòng 5, cột I “Danh hiệu / Hình thức”: “Huy chương Vàng” không có trong danh mục" in page
    )
    assert "Dòng 5, cột K “Số quyết định”: không được để trống." in page
    assert "Dòng 5, cột H “Mã đơn vị cấp huyện”: Huyện An Biên nằm ngoài phạm vi" in page
    # All or nothing is not offered; only the valid row on its own (its choice says so).
    assert "Xác nhận nhập" not in page
    assert "Nhập các dòng hợp lệ: ghi 1 dòng hợp lệ (1 mới, 0 thay đổi, 0 không đổi)" in page
    assert AwardRecord.objects.count() == 0 and Nominee.objects.count() == 0


def test_missing_and_unknown_columns_are_named(client, province_staff):
    headers = [column for column in COLUMNS if column != "Năm"] + ["Ghi chú thêm"]
    client.force_login(province_staff)
    page = client.post("/awards/records/import/", {"file": workbook([], headers)}).content.decode()
    # The header messages of every import, naming the row and the column's letter.
    assert "Dòng 1 (tiêu đề): thiếu cột “Năm”." in page
    assert (
        "Dòng 1, cột M “Ghi chú thêm”: cột không có trong mẫu nhập; hãy xóa cột này hoặc sửa "
        "tiêu đề cho đúng mẫu (tải tệp mẫu để xem các cột)." in page
    )


def test_existing_person_is_found_under_another_spelling(client, province_staff):
    existing = person("Nguyễn Thị Hòa", 1980, sex="female", by=province_staff)
    client.force_login(province_staff)
    preview = client.post("/awards/records/import/", {"file": workbook(GOOD[:1])})
    client.post("/imports/award-history/confirm/", {"token": preview.context["token"]})
    assert Nominee.objects.filter(nominee_type="individual").count() == 1
    assert existing.award_records.count() == 1


def test_export_writes_formulas_as_text(client, province_staff):
    from openpyxl import load_workbook

    nominee = person('=HYPERLINK("x")', 1970, by=province_staff)
    from tests.awards.helpers import record

    record(nominee, "bang-khen-chu-tich-ubnd-tinh", 2022, number="=1+1")
    client.force_login(province_staff)
    response = client.get("/awards/records/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet[2]]
    assert '\'=HYPERLINK("x")' in values and "'=1+1" in values


def test_leadership_cannot_import(client, leadership):
    client.force_login(leadership)
    assert client.post("/awards/records/import/", {"file": workbook(GOOD)}).status_code == 403


def test_history_per_person_and_per_unit(client, province_staff):
    from tests.awards.helpers import record

    hoa = person("Nguyễn Thị Hòa", 1980, sex="female", by=province_staff)
    other = person("Trần Văn Bé", 1970, district="908", by=province_staff)
    record(hoa, "bang-khen-chu-tich-ubnd-tinh", 2022, number="501/QĐ-UBND")
    record(other, "chien-si-thi-dua-co-so", 2023, number="77/QĐ-UBND")
    client.force_login(province_staff)
    per_person = client.get("/awards/records/", {"q": "nguyen thi hoa"}).content.decode()
    assert "501/QĐ-UBND" in per_person and "77/QĐ-UBND" not in per_person
    district = Nominee._meta.get_field("district").related_model.objects.get(code="908")
    per_unit = client.get("/awards/records/", {"district": district.pk}).content.decode()
    assert "77/QĐ-UBND" in per_unit and "501/QĐ-UBND" not in per_unit
