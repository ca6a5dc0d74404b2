import unicodedata

import pytest
from django.urls import reverse

from ntm_portal.lib.text import fold, sort_key
from units.models import Unit


def test_sort_key_orders_as_a_vietnamese_dictionary():
    words = [
        "Đông",
        "Dương",
        "Ăn",
        "An",
        "Ân",
        "Bình",
        "Hỏa",
        "Hoa",
        "Hòa",
        "Hóa",
        "Hạ",
        "Ô",
        "Ơ",
        "Ong",
        "Ư",
        "U",
    ]
    assert sorted(words, key=sort_key) == [
        "An",
        "Ăn",
        "Ân",
        "Bình",
        "Dương",
        "Đông",
        "Hạ",
        "Hoa",
        "Hòa",
        "Hỏa",
        "Hóa",
        "Ong",
        "Ô",
        "Ơ",
        "U",
        "Ư",
    ]


def test_sort_key_is_the_same_for_both_tone_placements_and_unicode_forms():
    assert (
        sort_key("Tân Hoà")
        == sort_key("Tân Hòa")
        == sort_key(unicodedata.normalize("NFD", "Tân Hòa"))
    )


def test_fold_drops_diacritics_and_tone_placement():
    assert fold("Ngọc Thuận") == "ngoc thuan"
    assert fold("Tân Hoà") == fold("Tân Hòa") == fold("TÂN HOÀ") == "tan hoa"
    assert fold("Đông Yên") == "dong yen"


def test_district_list_is_in_vietnamese_alphabetical_order_on_the_database(db):
    names = list(Unit.objects.districts().in_vietnamese_order().values_list("name", flat=True))
    assert names == [
        "An Biên",
        "An Minh",
        "Châu Thành",
        "Giang Thành",
        "Giồng Riềng",
        "Gò Quao",
        "Hà Tiên",
        "Hòn Đất",
        "Kiên Hải",
        "Kiên Lương",
        "Phú Quốc",
        "Rạch Giá",
        "Tân Hiệp",
        "U Minh Thượng",
        "Vĩnh Thuận",
    ]


def test_d_with_stroke_sorts_after_d_in_the_database(db):
    names = list(
        Unit.objects.communes()
        .filter(name__regex=r"^(D|Đ)")
        .in_vietnamese_order()
        .values_list("name", flat=True)
    )
    first_stroke = next(index for index, name in enumerate(names) if name.startswith("Đ"))
    assert all(name.startswith("D") for name in names[:first_stroke])
    assert all(name.startswith("Đ") for name in names[first_stroke:])
    assert first_stroke > 0


@pytest.mark.parametrize(
    "query, expected",
    [
        ("ngoc thuan", {"Ngọc Thuận"}),
        ("NGỌC THUẬN", {"Ngọc Thuận"}),
        ("Tân Hòa", {"Tân Hoà"}),
        ("tan hoa", {"Tân Hoà"}),
        (unicodedata.normalize("NFD", "Tân Hòa"), {"Tân Hoà"}),
        ("dong hoa", {"Đông Hòa"}),
    ],
)
def test_search_ignores_diacritics_and_tone_placement(db, query, expected):
    assert set(Unit.objects.communes().search(query).values_list("name", flat=True)) == expected


def test_search_finds_a_unit_by_its_code(db):
    assert list(Unit.objects.search("30763").values_list("name", flat=True)) == ["Phi Thông"]


def test_search_page_lists_matches_with_their_district(client, leadership):
    client.force_login(leadership)
    response = client.get(reverse("units:unit_list"), {"q": "vinh phu"})
    assert response.status_code == 200
    units = [unit for unit in response.context["object_list"] if unit.name == "Vĩnh Phú"]
    assert {unit.parent.name for unit in units} == {"Giồng Riềng", "Giang Thành"}
    page = response.content.decode()
    assert "Huyện Giồng Riềng" in page and "Huyện Giang Thành" in page


def test_submitted_text_is_stored_in_nfc(client, officer):
    client.force_login(officer)
    nfd_name = unicodedata.normalize("NFD", "Nguyễn Thị Hoà")
    response = client.post(
        reverse("units:unit_contact", args=["910"]),
        {"contact_person": nfd_name, "contact_phone": "0297 3851 234", "contact_email": ""},
    )
    assert response.status_code == 302
    stored = Unit.objects.get(code="910").contact_person
    assert stored == unicodedata.normalize("NFC", "Nguyễn Thị Hoà")
    assert unicodedata.is_normalized("NFC", stored)


def test_unit_page_shows_who_changed_the_contact(client, officer):
    client.force_login(officer)
    client.post(
        reverse("units:unit_contact", args=["910"]),
        {"contact_person": "Nguyễn Văn A", "contact_phone": "0297 3851 234", "contact_email": ""},
    )
    page = client.get(reverse("units:unit_detail", args=["910"])).content.decode()
    assert "Lịch sử chỉnh sửa" in page
    assert "(trống) → <strong>Nguyễn Văn A</strong>" in page


def test_search_results_show_each_communes_criteria_met(client, leadership):
    from tests.factories import commune_status

    commune_status("31060", 2023, met=17)
    client.force_login(leadership)
    page = client.get(reverse("units:unit_list"), {"q": "vinh binh bac"}).content.decode()
    assert "Tiêu chí 17/19 (2023)" in page
