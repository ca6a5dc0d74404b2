"""The administration's exports of the reference tables (ntm_portal/lib/admin_export.py, by
django-import-export): the administrator downloads the units, filtered as the admin's list is,
with Vietnamese headers, codes for what a row points to, and formulas escaped; nothing can be
imported through the administration (the one import pipeline is the only way in)."""

import io
import re

import openpyxl
import pytest

from units.models import Unit

EXPORTED_ADMINS = [
    "/admin/units/unit/",
    "/admin/units/issuingbody/",
    "/admin/units/unitsuccession/",
    "/admin/targets/criteriaset/",
    "/admin/awards/awardkind/",
    "/admin/awards/basesalary/",
]


def export_form(client, url):
    page = client.get(url + "export/")
    assert page.status_code == 200
    html = page.content.decode()
    fields = dict.fromkeys(re.findall(r'<input type="checkbox" name="([^"]+)"', html), "on")
    return page, html, fields


def download(client, url, query="", file_format="0"):
    _page, _html, fields = export_form(client, url)
    response = client.post(
        url + "export/" + query, {"format": file_format, "resource": "0", **fields}
    )
    assert response.status_code == 200, response.content[:500]
    return response


@pytest.mark.parametrize("url", EXPORTED_ADMINS)
def test_every_reference_table_exports_and_none_imports(client, administrator, url):
    client.force_login(administrator)
    page = client.get(url).content.decode()
    assert url + "export/" in page  # the button is on the list
    # No import page: the address is read as a record's id, which does not exist.
    answer = client.get(url + "import/", follow=True).content.decode()
    assert 'name="import_file"' not in answer and url + "import/" not in page
    _form, html, _fields = export_form(client, url)
    assert "Các cột sẽ được xuất" in html and "Select all" not in html  # in Vietnamese
    response = download(client, url)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_units_export_holds_the_filtered_list_with_codes_and_vietnamese_headers(
    client, administrator
):
    client.force_login(administrator)
    response = download(client, "/admin/units/unit/", query="?q=Vĩnh+Bình+Bắc")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Mã đơn vị",
        "Tên",
        "Loại",
        "Cấp",
        "Đơn vị cấp trên",
        "Hiệu lực từ",
        "Hiệu lực đến",
    )
    names = {row[1] for row in rows[1:]}
    expected = {unit.name for unit in Unit.objects.filter(search_key__contains="vinh binh bac")}
    assert names == expected and "Vĩnh Bình Bắc" in names
    row = next(row for row in rows[1:] if row[0] == "31060")
    commune = Unit.objects.get(code="31060")
    # Choices by their labels, the district by its code (not its id), dates as the pages show
    # them, no "None".
    assert row == (
        "31060",
        "Vĩnh Bình Bắc",
        commune.get_kind_display(),
        commune.get_level_display(),
        commune.parent.code,
        None,
        "30/06/2025",
    )


def test_a_formula_in_a_name_is_escaped(client, administrator):
    unit = Unit.objects.get(code="31060")
    unit.name = '=HYPERLINK("http://x.invalid","Vĩnh Bình Bắc")'
    unit.save()
    client.force_login(administrator)
    response = download(client, "/admin/units/unit/", query="?q=HYPERLINK")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert not any(isinstance(cell, str) and cell.startswith("=") for cell in cells)
    assert any(isinstance(cell, str) and "HYPERLINK" in cell for cell in cells)


def test_only_the_administrator_exports(client, province_staff):
    client.force_login(province_staff)
    assert client.get("/admin/units/unit/export/").status_code in (302, 403)
