"""A status row's unit is the unit that held its code in the row's year.

Codes were reused on 01/07/2025: 30985 was Thị trấn Thứ Ba (Huyện An Biên) until 30/06/2025 and is
Xã An Biên from 01/07/2025; 30997 was Xã Hưng Yên until 30/06/2025, merged into Xã An Biên.
Through the upload → preview → confirm pages a user goes through.
"""

from datetime import date

import pytest
from django.urls import reverse

from targets.models import CommuneStatus
from tests.targets.imports.conftest import snapshot
from tests.targets.imports.files import STATUS_HEADERS, csv_bytes, status_row
from tests.targets.imports.test_import_pages import upload

SHARED_2025 = (
    "Cảnh báo: năm 2025 có hai đơn vị mang mã 30985: Thị trấn Thứ Ba mã 30985 (Huyện An Biên) "
    "có hiệu lực đến 30/06/2025; Xã An Biên mã 30985 (Tỉnh An Giang) có hiệu lực từ 01/07/2025. Dòng này được "
    "ghi cho Thị trấn Thứ Ba, đơn vị có hiệu lực từ đầu năm 2025 (kết quả của năm 2025 ghi cho "
    "đơn vị trước khi sắp xếp)."
)


def preview(client, rows):
    response = upload(client, "targets:import_statuses", csv_bytes(STATUS_HEADERS, rows))
    assert response.status_code == 200
    return response, response.content.decode()


def confirm(client, response, **extra):
    token = response.context["confirm_form"].initial["token"]
    client.post(reverse("targets:import_confirm", args=["statuses"]), {"token": token, **extra})


def saved_unit(year):
    status = CommuneStatus.objects.select_related("commune").get(commune__code="30985", year=year)
    return status.commune.full_name, status.commune.valid_from, status.commune.valid_to


@pytest.mark.parametrize(
    "year, unit, other, period",
    [
        ("2026", "Xã An Biên mã 30985 (Tỉnh An Giang)", "Thứ Ba", (date(2025, 7, 1), None)),
        (
            "2024",
            "Thị trấn Thứ Ba mã 30985 (Huyện An Biên)",
            "Xã An Biên",
            (None, date(2025, 6, 30)),
        ),
    ],
)
def test_a_row_of_30985_goes_to_the_unit_that_held_it_in_its_year(
    client, province_staff, year, unit, other, period
):
    client.force_login(province_staff)
    response, page = preview(client, [status_row(code="30985", year=year)])
    assert f"{unit} — năm {year}" in page
    assert other not in page
    assert "Cảnh báo" not in page
    confirm(client, response)
    assert saved_unit(int(year)) == (unit.split(" mã ")[0], *period)


def test_a_2025_row_of_30985_goes_to_the_unit_the_year_began_with_and_says_so(
    client, province_staff
):
    """Both units held 30985 in 2025; the records of 2021–2025 keep the old units (DOMAIN.md)."""
    client.force_login(province_staff)
    response, page = preview(client, [status_row(code="30985", year="2025")])
    assert "Thị trấn Thứ Ba mã 30985 (Huyện An Biên) — năm 2025" in page
    assert SHARED_2025 in page
    # A warning does not refuse the row: it can be confirmed.
    assert response.context["confirm_form"] is not None
    confirm(client, response)
    assert saved_unit(2025) == ("Thị trấn Thứ Ba", None, date(2025, 6, 30))


def test_a_code_no_unit_held_in_the_year_is_refused_naming_code_and_year(client, province_staff):
    client.force_login(province_staff)
    before = snapshot()
    response, page = preview(
        client,
        [
            status_row(code="30985", year="2026"),
            status_row(code="30997", year="2026"),
            status_row(code="", name="Vĩnh Bình Nam", district="910", year="2026"),
            # The merged xã's name beside the old code: the year is what is wrong.
            status_row(code="30997", name="An Biên", year="2026"),
        ],
    )
    assert response.context["report"].errors == [
        "Dòng 3, cột A “Mã xã”: năm 2026 không có đơn vị nào mang mã 30997: Xã Hưng Yên mã 30997 "
        "(Huyện An Biên) có hiệu lực đến 30/06/2025.",
        "Dòng 4, cột B “Tên xã”: năm 2026 không có đơn vị nào mang mã 31063: Xã Vĩnh Bình Nam mã "
        "31063 (Huyện Vĩnh Thuận) có hiệu lực đến 30/06/2025.",
        "Dòng 5, cột A “Mã xã”: năm 2026 không có đơn vị nào mang mã 30997: Xã Hưng Yên mã 30997 "
        "(Huyện An Biên) có hiệu lực đến 30/06/2025.",
    ]
    assert "năm 2026 không có đơn vị nào mang mã 30997" in page
    assert snapshot() == before
    # Importing the valid rows only writes the row of Xã An Biên, not the refused ones.
    confirm(client, response, mode="partial")
    assert [
        (status.commune.code, status.commune.full_name)
        for status in CommuneStatus.objects.filter(year=2026).select_related("commune")
    ] == [("30985", "Xã An Biên")]


def test_a_unit_of_01_07_2025_with_a_code_of_its_own_takes_2025_rows_not_2024_ones(
    client, province_staff
):
    """30589 is Xã An Châu from 01/07/2025, a code no unit of Kiên Giang held before."""
    client.force_login(province_staff)
    response, page = preview(
        client, [status_row(code="30589", year="2025"), status_row(code="30589", year="2024")]
    )
    assert "Xã An Châu mã 30589 (Tỉnh An Giang) — năm 2025" in page
    assert "Cảnh báo" not in page
    assert response.context["report"].errors == [
        "Dòng 3, cột A “Mã xã”: năm 2024 không có đơn vị nào mang mã 30589: Xã An Châu mã 30589 "
        "(Tỉnh An Giang) có hiệu lực từ 01/07/2025."
    ]
    confirm(client, response, mode="partial")
    assert list(
        CommuneStatus.objects.filter(commune__code="30589").values_list(
            "year", "commune__valid_from"
        )
    ) == [(2025, date(2025, 7, 1))]
