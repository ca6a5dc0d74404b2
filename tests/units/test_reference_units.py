import csv
import io

from django.core.management import call_command

from ntm_portal.lib.reference import FIXTURES_DIR
from targets.models import Plan, YearlyTarget
from units.models import Unit

KIEN_GIANG_DAYS = "2025-06-30"


def test_kien_giang_has_15_district_level_units_116_xa_and_27_wards_and_townships(db):
    old = Unit.objects.valid_on(KIEN_GIANG_DAYS)
    province = old.provinces().get()
    assert (province.code, province.name, province.kind) == ("91", "Kiên Giang", "tinh")
    districts = old.districts()
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
    assert old.rural_communes().count() == 116
    assert old.communes().filter(kind="phuong").count() == 17
    assert old.communes().filter(kind="thi_tran").count() == 10
    assert old.communes().count() == 143


def test_an_giang_from_01_07_2025_has_its_102_commune_level_units(db):
    new = Unit.objects.valid_on("2025-07-01")
    province = new.provinces().get()
    assert (province.code, province.name, province.valid_from.isoformat()) == (
        "91",
        "An Giang",
        "2025-07-01",
    )
    communes = new.communes()
    assert communes.count() == 102
    assert {kind: communes.filter(kind=kind).count() for kind in ["xa", "phuong", "dac_khu"]} == {
        "xa": 85,
        "phuong": 14,
        "dac_khu": 3,
    }
    # The 48 that Kiên Giang's communes became (41 xã, 4 phường, 3 đặc khu): those with
    # predecessors; the other 54 came from the old An Giang, which is not in the portal.
    from_kien_giang = communes.filter(predecession_rows__isnull=False).distinct()
    assert from_kien_giang.count() == 48
    assert {
        kind: from_kien_giang.filter(kind=kind).count() for kind in ["xa", "phuong", "dac_khu"]
    } == {"xa": 41, "phuong": 4, "dac_khu": 3}
    assert communes.get(code="30307").full_name == "Phường Long Xuyên"
    assert all(unit.parent_id == province.pk for unit in communes)
    assert not new.districts().exists()


def test_every_commune_has_its_official_code_and_parent(db):
    with (FIXTURES_DIR / "units_kien_giang_2021_2025.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["level"] == "commune"]
    assert len(rows) == 143
    stored = {
        unit.code: unit
        for unit in Unit.objects.valid_on(KIEN_GIANG_DAYS).communes().select_related("parent")
    }
    for row in rows:
        unit = stored[row["code"]]
        assert (unit.name, unit.kind) == (row["name"], row["kind"])
        assert unit.parent.code == row["parent_code"]
    assert stored["30763"].name == "Phi Thông" and stored["30763"].parent.name == "Rạch Giá"
    assert stored["30742"].full_name == "Phường Vĩnh Thanh Vân"


def test_units_of_2021_2025_end_on_30_06_2025_and_the_new_ones_begin_on_01_07_2025(db):
    old = Unit.objects.filter(valid_from__isnull=True)
    assert old.exclude(valid_to="2025-06-30").count() == 0
    assert Unit.objects.valid_on("2025-06-30").count() == 1 + 15 + 143
    assert Unit.objects.valid_on("2025-07-01").count() == 1 + 102
    assert (
        Unit.objects.exclude(valid_from__isnull=True).exclude(valid_from="2025-07-01").count() == 0
    )


def test_same_commune_name_in_two_districts_are_two_units(db):
    for name in ["Vĩnh Phú", "Bình An", "Thạnh Lộc"]:
        units = Unit.objects.rural_communes().filter(name=name, valid_from__isnull=True)
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
