import pytest

from ntm_portal.lib.spelling import modern_tone_placement
from units.models import Unit


@pytest.mark.parametrize(
    "stored, shown",
    [
        ("Hoà An", "Hòa An"),
        ("Vĩnh Hòa Hiệp", "Vĩnh Hòa Hiệp"),
        ("Thuỷ", "Thủy"),
        ("Hoàng", "Hoàng"),
        ("Quý", "Quý"),
        ("Huỳnh", "Huỳnh"),
        ("Vĩnh Thuận", "Vĩnh Thuận"),
        ("Hoạ", "Họa"),
    ],
)
def test_names_are_shown_with_the_tone_on_the_main_vowel(stored, shown):
    assert modern_tone_placement(stored) == shown


def test_one_district_lists_hoa_one_way_while_the_data_keeps_the_gso_spelling(db):
    names = [unit.full_name for unit in Unit.objects.communes().filter(name__contains="Ho")]
    assert any("Hòa An" in name for name in names)
    assert not any("Hoà" in name for name in names)
    assert Unit.objects.filter(name="Hoà An").exists()
