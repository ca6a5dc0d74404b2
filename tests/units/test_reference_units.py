import csv
import io

from django.core.management import call_command

from ntm_portal.lib.reference import FIXTURES_DIR
from targets.models import Plan, YearlyTarget
from units.models import Unit


def test_province_has_15_district_level_units_and_116_communes(db):
    assert Unit.objects.provinces().count() == 1
    province = Unit.objects.provinces().get()
    assert (province.code, province.name, province.kind) == ("91", "Kiên Giang", "tinh")
    districts = Unit.objects.districts()
    assert districts.count() == 15
    assert set(districts.values_list("code", flat=True)) == {
        str(code) for code in range(899, 915)
    } - {"901"}
    assert set(districts.filter(kind="thanh_pho").values_list("name", flat=True)) == {
        "Rạch Giá",
        "Hà Tiên",
        "Phú Quốc",
    }
    assert districts.filter(kind="huyen").count() == 12
    assert all(unit.parent_id == province.pk for unit in districts)
    assert Unit.objects.communes().count() == 116


def test_every_commune_has_its_official_code_and_parent(db):
    with (FIXTURES_DIR / "units_kien_giang_2021_2025.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["level"] == "commune"]
    assert len(rows) == 116
    stored = {unit.code: unit for unit in Unit.objects.communes().select_related("parent")}
    for row in rows:
        unit = stored[row["code"]]
        assert unit.name == row["name"]
        assert unit.parent.code == row["parent_code"]
    assert stored["30763"].name == "Phi Thông" and stored["30763"].parent.name == "Rạch Giá"


def test_units_are_valid_until_the_end_of_june_2025(db):
    assert Unit.objects.exclude(valid_to="2025-06-30").count() == 0
    assert Unit.objects.valid_on("2025-06-30").count() == 132
    assert Unit.objects.valid_on("2025-07-01").count() == 0


def test_same_commune_name_in_two_districts_are_two_units(db):
    for name in ["Vĩnh Phú", "Bình An", "Thạnh Lộc"]:
        units = Unit.objects.communes().filter(name=name)
        assert units.count() == 2, name
        assert units.values("parent").distinct().count() == 2


def test_loading_reference_data_twice_changes_nothing(db):
    counts = (
        Unit.objects.count(),
        Plan.objects.count(),
        YearlyTarget.objects.count(),
        Unit.history.count(),
    )
    out = []

    class Sink:
        def write(self, text):
            out.append(text)

        def flush(self):
            pass

    call_command("load_reference_data", stdout=Sink())
    assert "thêm 0, cập nhật 0" in "".join(out)
    assert (
        Unit.objects.count(),
        Plan.objects.count(),
        YearlyTarget.objects.count(),
        Unit.history.count(),
    ) == counts


def test_reference_data_keeps_staff_corrections_unless_asked_to_update(db):
    target = YearlyTarget.objects.get(
        indicator__plan__number="168/KH-UBND",
        indicator__level="commune",
        indicator__standard="ntm",
        year=2023,
    )
    target.cumulative = 112
    target.save()
    call_command("load_reference_data", verbosity=0, stdout=io.StringIO())
    target.refresh_from_db()
    assert target.cumulative == 112
    call_command("load_reference_data", "--update", stdout=io.StringIO())
    target.refresh_from_db()
    assert target.cumulative == 113
