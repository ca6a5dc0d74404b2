"""A status row's unit by the row's year, at the edges the catalogue of Kiên Giang does not have
(each test adds the units it needs to Huyện Vĩnh Thuận, mã 910): a code that passed to another
unit on 02/01, a new unit of 01/03 whose code an older unit carried until 2019, a code three
units held within one year; and the codes a row with a refused year, or an unknown code, names.
Each test's docstring names the mutants of targets/imports/engine.py it kills (scripts/mutants.py,
`make mutants MODULE=targets/imports/engine.py`)."""

import datetime

from targets.models import CommuneStatus
from tests.factories import unit
from tests.targets.imports.files import status_row
from tests.targets.imports.test_status_unit_by_year import confirm, preview
from units.models import Unit

D = datetime.date
SUFFIX = (
    ", đơn vị có hiệu lực từ đầu năm 2024 (kết quả của năm 2024 ghi cho đơn vị trước khi sắp xếp)."
)


def commune(code, name, valid_from=None, valid_to=None):
    """A xã of Huyện Vĩnh Thuận (mã 910)."""
    return Unit.objects.create(
        code=code,
        name=name,
        level=Unit.Level.COMMUNE,
        kind=Unit.Kind.XA,
        parent=unit("910"),
        valid_from=valid_from,
        valid_to=valid_to,
    )


def saved(code):
    """(year, name of the unit, its first day) of each status saved under the code."""
    return list(
        CommuneStatus.objects.filter(commune__code=code)
        .order_by("year")
        .values_list("year", "commune__name", "commune__valid_from")
    )


def test_the_year_began_with_the_old_unit_even_for_one_day(client, province_staff):
    """39901 passed from Xã An Hòa to Xã Vĩnh Tân on 02/01/2024: the year began with Xã An
    Hòa, the 2024 row is its, and the warning says so.

    Kills x_unit_of_year 9 and 10 (the year's first day, `datetime.date(year, 1, 1)`, made
    01/02 or 02/01: Xã Vĩnh Tân), x_shared_code_warning 21 and 22 (the same in the warning:
    no “từ đầu năm”), and x_read_row 68 (the day of the lookup, the old unit's last day, made
    None: the lookup then takes the code's last unit by name, Xã Vĩnh Tân).
    """
    commune("39901", "An Hòa", valid_to=D(2024, 1, 1))
    commune("39901", "Vĩnh Tân", valid_from=D(2024, 1, 2))
    client.force_login(province_staff)
    response, page = preview(client, [status_row(code="39901", year="2024")])
    assert "Xã An Hòa mã 39901 (Huyện Vĩnh Thuận) — năm 2024" in page
    assert (
        "Cảnh báo: năm 2024 có hai đơn vị mang mã 39901: Xã An Hòa mã 39901 (Huyện Vĩnh Thuận) "
        "có hiệu lực đến 01/01/2024; Xã Vĩnh Tân mã 39901 (Huyện Vĩnh Thuận) có hiệu lực từ "
        "02/01/2024. Dòng này được ghi cho Xã An Hòa" + SUFFIX in page
    )
    confirm(client, response)
    assert saved("39901") == [(2024, "An Hòa", None)]


def test_a_unit_new_within_the_year_takes_its_rows_though_an_older_unit_had_its_code(
    client, province_staff
):
    """39902 was Xã Vĩnh Tiến's until 31/12/2019 and is Xã An Lạc's from 01/03/2024: a 2024
    row is An Lạc's (the only unit that held the code in 2024, though not on 01/01), a 2021 row
    is refused naming both units and their periods.

    Kills x_unit_of_year 13 (the first unit of the year when none began it, `held[0]`, made
    None: the lookup without a day takes the code's last unit by name, Xã Vĩnh Tiến, and the
    row is refused) and x_not_in_year 3 (the separator of the periods).
    """
    commune("39902", "Vĩnh Tiến", valid_to=D(2019, 12, 31))
    commune("39902", "An Lạc", valid_from=D(2024, 3, 1))
    client.force_login(province_staff)
    response, page = preview(
        client, [status_row(code="39902", year="2024"), status_row(code="39902", year="2021")]
    )
    assert "Xã An Lạc mã 39902 (Huyện Vĩnh Thuận) — năm 2024" in page
    assert "Cảnh báo" not in page
    assert response.context["report"].errors == [
        "Dòng 3, cột A “Mã xã”: năm 2021 không có đơn vị nào mang mã 39902: Xã Vĩnh Tiến mã "
        "39902 (Huyện Vĩnh Thuận) có hiệu lực đến 31/12/2019; Xã An Lạc mã 39902 (Huyện Vĩnh "
        "Thuận) có hiệu lực từ 01/03/2024."
    ]
    confirm(client, response, mode="partial")
    assert saved("39902") == [(2024, "An Lạc", D(2024, 3, 1))]


def test_three_units_of_one_code_in_a_year_are_counted_in_the_warning(client, province_staff):
    """39903 was Xã Phú Lợi's until 31/03/2024, Xã Phú Hòa's from 01/04 to 30/09/2024, Xã Phú
    Mỹ's from 01/10/2024: the 2024 row is Phú Lợi's, with a warning naming the three.

    Kills x_shared_code_warning 3 and 8 (“hai” for any count; the count as “None”).
    """
    commune("39903", "Phú Lợi", valid_to=D(2024, 3, 31))
    commune("39903", "Phú Hòa", valid_from=D(2024, 4, 1), valid_to=D(2024, 9, 30))
    commune("39903", "Phú Mỹ", valid_from=D(2024, 10, 1))
    client.force_login(province_staff)
    response, page = preview(client, [status_row(code="39903", year="2024")])
    assert (
        "Cảnh báo: năm 2024 có 3 đơn vị mang mã 39903: Xã Phú Lợi mã 39903 (Huyện Vĩnh Thuận) có "
        "hiệu lực đến 31/03/2024; Xã Phú Hòa mã 39903 (Huyện Vĩnh Thuận) có hiệu lực từ "
        "01/04/2024 đến 30/09/2024; Xã Phú Mỹ mã 39903 (Huyện Vĩnh Thuận) có hiệu lực từ "
        "01/10/2024. Dòng này được ghi cho Xã Phú Lợi" + SUFFIX in page
    )
    confirm(client, response)
    assert saved("39903") == [(2024, "Phú Lợi", None)]


def test_the_code_of_a_row_is_checked_whatever_its_year(client, province_staff):
    """A code not in the catalogue is refused as such, with a year or with the year's cell
    refused; so is a district's code.

    Kills x_read_row 23 (with the year refused, the code not looked up), 26, 29 and 30 (the
    lookup then not limited to xã), and x_holders 3 and 5 (the units of a code not in the
    catalogue read as None: the preview fails).
    """
    client.force_login(province_staff)
    response, _ = preview(
        client,
        [
            status_row(code="39999", year="2024"),
            status_row(code="39999", year=""),
            status_row(code="910", year="2030"),
        ],
    )
    assert response.context["report"].errors == [
        "Dòng 2, cột A “Mã xã”: không có đơn vị nào mã “39999” trong danh mục.",
        "Dòng 3, cột D “Năm”: để trống; hãy ghi năm (4 chữ số, ví dụ 2024).",
        "Dòng 3, cột A “Mã xã”: không có đơn vị nào mã “39999” trong danh mục.",
        "Dòng 4, cột D “Năm”: năm 2030 ở tương lai.",
        "Dòng 4, cột A “Mã xã”: mã 910 là Huyện Vĩnh Thuận, không phải xã.",
    ]
