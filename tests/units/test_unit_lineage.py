"""Units with validity and lineage (issue #24, point 1): on 01/07/2025 Kiên Giang's 143
commune-level units became 48 units of the new An Giang; a code may now name two units of two
periods, each with its own page, and every old unit leads to its successor."""

import csv
import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from ntm_portal.lib.reference import FIXTURES_DIR, LoadReport, ReferenceDataError
from units import reference
from units.models import IssuingBody, Unit, UnitSuccession
from units.views import lineage_context

pytestmark = pytest.mark.django_db

LINEAGE = list(
    csv.DictReader((FIXTURES_DIR / "unit_lineage_kien_giang_2025.csv").open(encoding="utf-8-sig"))
)


def old(code):
    return Unit.objects.get(code=code, valid_from__isnull=True)


def new(code):
    return Unit.objects.get(code=code, valid_from=datetime.date(2025, 7, 1))


def test_the_lineage_file_is_the_shared_source_and_covers_all_143_old_units():
    shared = Path(settings.BASE_DIR).parent / "shared" / "data" / "kien_giang_to_an_giang_2025.csv"
    if shared.exists():
        assert (FIXTURES_DIR / "unit_lineage_kien_giang_2025.csv").read_bytes() == (
            shared.read_bytes()
        )
    assert len(LINEAGE) == 143
    assert len({row["old_code"] for row in LINEAGE}) == 143
    assert len({row["new_code"] for row in LINEAGE}) == 48
    old_units = Unit.objects.filter(valid_from__isnull=True, level=Unit.Level.COMMUNE)
    assert {row["old_code"] for row in LINEAGE} == set(old_units.values_list("code", flat=True))


def test_both_units_coded_30742_exist_each_with_its_own_page(client, leadership):
    client.force_login(leadership)
    before, after = old("30742"), new("30742")
    assert (before.full_name, before.valid_to) == (
        "Phường Vĩnh Thanh Vân",
        datetime.date(2025, 6, 30),
    )
    assert (after.full_name, after.valid_from) == ("Phường Rạch Giá", datetime.date(2025, 7, 1))
    assert before.get_absolute_url() == "/units/30742/?year=2025"
    assert after.get_absolute_url() == "/units/30742/"

    today = client.get("/units/30742/")
    assert today.status_code == 200 and today.context["object"] == after
    page = today.content.decode()
    assert '<h1 class="h3 mb-1">Phường Rạch Giá</h1>' in page
    assert "Mã 30742 cũng là mã của" in page
    assert 'href="/units/30742/?year=2025">Phường Vĩnh Thanh Vân (đến 30/06/2025)' in page
    assert "Hình thành từ 9 đơn vị trước ngày 01/07/2025" in page
    for name in ["Vĩnh Thanh", "Vĩnh Quang", "Vĩnh Hiệp", "Vĩnh Thanh Vân", "Rạch Sỏi"]:
        assert f">Phường {name}</a>" in page

    earlier = client.get("/units/30742/", {"year": "2025"})
    assert earlier.status_code == 200 and earlier.context["object"] == before
    page = earlier.content.decode()
    assert '<h1 class="h3 mb-1">Phường Vĩnh Thanh Vân</h1>' in page
    assert "hiệu lực đến 30/06/2025" in page
    assert (
        "Từ 01/07/2025, Phường Vĩnh Thanh Vân nhập toàn bộ vào "
        '<a href="/units/30742/">Phường Rạch Giá</a> (mã 30742)'
    ) in page


def test_every_one_of_the_143_old_units_links_to_its_successor(client, leadership):
    """The lineage part of the page for all 143 (units/_lineage.html, as the page includes it),
    and the whole page for the first old unit of each district."""
    client.force_login(leadership)
    pages = {}
    for row in LINEAGE:
        pages.setdefault(row["old_district_code"], row)
    for row in LINEAGE:
        unit = old(row["old_code"])
        successor = new(row["new_code"])
        assert list(unit.successors.all()) == [successor], row
        link = (
            f'nhập toàn bộ vào <a href="{successor.get_absolute_url()}">{successor.full_name}</a>'
        )
        assert link in render_to_string("units/_lineage.html", lineage_context(unit)), row
        if pages[row["old_district_code"]] is row:
            response = client.get(unit.get_absolute_url())
            assert response.status_code == 200, row
            assert response.context["object"] == unit, row
            assert link in response.content.decode(), row
    assert len(pages) == 15


def test_every_new_unit_lists_its_predecessors():
    counts = {}
    for row in LINEAGE:
        counts[row["new_code"]] = counts.get(row["new_code"], 0) + 1
    for code, count in counts.items():
        assert new(code).predecessors.count() == count, code
    assert UnitSuccession.objects.get(predecessor=old("91")).successor == new("91")


def test_old_urls_still_answer(client, leadership):
    """Links and bookmarks made before 01/07/2025 by code alone: a code not reused still shows
    the old unit; a reused code shows the unit of today with a link to the old one; the year
    picks the old unit."""
    client.force_login(leadership)
    not_reused = client.get("/units/30733/")
    assert not_reused.status_code == 200
    assert not_reused.context["object"] == old("30733")
    assert "nhập toàn bộ vào" in not_reused.content.decode()

    province = client.get("/units/91/")
    assert province.context["object"] == new("91")
    assert 'href="/units/91/?year=2025">Tỉnh Kiên Giang' in province.content.decode()
    assert client.get("/units/91/", {"year": "2024"}).context["object"] == old("91")
    district = client.get("/units/910/")
    assert district.status_code == 200 and district.context["object"].name == "Vĩnh Thuận"
    bookmark = client.get("/units/31064/")
    assert bookmark.context["object"].full_name == "Xã Vĩnh Bình"
    assert 'href="/units/31064/?year=2025">Xã Bình Minh' in bookmark.content.decode()
    assert client.get("/units/31064/", {"year": "2025"}).context["object"] == old("31064")
    assert client.get("/units/31064/", {"year": "2026"}).context["object"] == new("31064")


def test_the_unit_of_a_year_is_the_one_the_year_began_with():
    assert Unit.objects.by_code("31064", year=2021) == old("31064")
    assert Unit.objects.by_code("31064", year=2025) == old("31064")
    assert Unit.objects.by_code("31064", year=2026) == new("31064")
    assert Unit.objects.by_code("31064") == new("31064")
    assert Unit.objects.by_code("31060", year=2026) == old("31060")  # not reused: the only one
    assert Unit.objects.by_code("99999") is None


def test_search_by_an_old_name_finds_the_new_unit_and_the_other_way_round(client, leadership):
    client.force_login(leadership)
    by_old_name = client.get(reverse("units:unit_list"), {"q": "vinh thanh van"})
    assert [unit.full_name for unit in by_old_name.context["object_list"]] == [
        "Phường Vĩnh Thanh Vân"
    ]
    assert [unit.full_name for unit in by_old_name.context["related_units"]] == ["Phường Rạch Giá"]
    page = by_old_name.content.decode()
    assert 'nay thuộc <a href="/units/30742/">Phường Rạch Giá</a>' in page

    by_new_name = client.get(reverse("units:unit_list"), {"q": "Vĩnh Bình"})
    found = {unit.full_name: unit for unit in by_new_name.context["object_list"]}
    assert "Xã Vĩnh Bình" in found
    related = {unit.full_name for unit in by_new_name.context["related_units"]}
    assert "Xã Bình Minh" in related
    assert "Đơn vị trước hoặc sau sắp xếp ngày 01/07/2025" in by_new_name.content.decode()

    assert set(Unit.objects.search_with_lineage("binh minh").values_list("name", flat=True)) == {
        "Bình Minh",
        "Vĩnh Bình",
    }


def test_the_unit_list_shows_the_new_province_and_the_old_one(client, leadership):
    client.force_login(leadership)
    response = client.get(reverse("units:unit_list"))
    page = response.content.decode()
    assert '<h1 class="h3">Tỉnh An Giang</h1>' in page
    assert "102 đơn vị cấp xã" in page
    assert "Tỉnh Kiên Giang (hiệu lực đến 30/06/2025)" in page
    assert len(response.context["object_list"]) == 15
    rach_gia = [unit for unit in response.context["object_list"] if unit.code == "899"][0]
    assert rach_gia.commune_count == 1  # Phi Thông; its 11 phường are not counted as xã
    an_giang = client.get(new("91").get_absolute_url()).content.decode()
    assert "Đơn vị cấp xã (102)" in an_giang


def test_the_102_units_of_an_giang_have_their_people_s_committee_from_01_07_2025():
    bodies = IssuingBody.objects.filter(kind=IssuingBody.Kind.COMMUNE_COMMITTEE)
    assert bodies.count() == 102
    rach_gia = bodies.get(unit=new("30742"))
    assert (rach_gia.name, rach_gia.place, rach_gia.header_lines, rach_gia.valid_from) == (
        "Ủy ban nhân dân phường Rạch Giá",
        "Rạch Giá",
        ["ỦY BAN NHÂN DÂN", "PHƯỜNG RẠCH GIÁ"],
        datetime.date(2025, 7, 1),
    )
    phu_quoc = bodies.get(unit__name="Phú Quốc", unit__kind=Unit.Kind.DAC_KHU)
    assert phu_quoc.certificate_heading == "CHỦ TỊCH ỦY BAN NHÂN DÂN ĐẶC KHU PHÚ QUỐC"
    assert all(body.unit.valid_from == datetime.date(2025, 7, 1) for body in bodies)
    # One of the 54 units of the old An Giang.
    long_xuyen = bodies.get(unit__code="30307")
    assert (long_xuyen.name, long_xuyen.place) == (
        "Ủy ban nhân dân phường Long Xuyên",
        "Long Xuyên",
    )
    assert IssuingBody.objects.get(code="ubnd-tinh-kien-giang").unit == old("91")
    assert IssuingBody.objects.get(code="ubnd-tinh-an-giang").unit == new("91")


def _bad_lineage(tmp_path, monkeypatch, row):
    path = tmp_path / "lineage.csv"
    header = "old_code,old_name,old_district_code,new_code,new_name,relation\n"
    path.write_text(header + "30733,Phường Vĩnh Thanh,899,30742,Phường Rạch Giá,whole\n" + row)
    old_units = {unit.code: unit for unit in Unit.objects.filter(valid_from__isnull=True)}
    new_units = {unit.code: unit for unit in Unit.objects.filter(valid_from__isnull=False)}
    with pytest.raises(ReferenceDataError) as refused:
        reference.load_lineage(path, old_units, new_units, LoadReport())
    return str(refused.value)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "99999,Xã Không Có,910,31064,Xã Vĩnh Bình,whole\n",
            "lineage.csv, dòng 3: không có đơn vị cấp xã mã 99999 trong "
            "units_kien_giang_2021_2025.csv (đơn vị trước 01/07/2025).",
        ),
        (
            "31060,Xã Vĩnh Bình Bắc,910,31060,Xã Vĩnh Bình,whole\n",
            "lineage.csv, dòng 3: không có đơn vị cấp xã mã 31060 trong "
            "units_an_giang_2025.csv (đơn vị từ 01/07/2025).",
        ),
        (
            "31060,Xã Vĩnh Bình Nam,910,31064,Xã Vĩnh Bình,whole\n",
            "lineage.csv, dòng 3: mã 31060 là Xã Vĩnh Bình Bắc, tệp ghi “Xã Vĩnh Bình Nam”.",
        ),
        (
            "31060,Xã Vĩnh Bình Bắc,908,31064,Xã Vĩnh Bình,whole\n",
            "lineage.csv, dòng 3: Xã Vĩnh Bình Bắc thuộc đơn vị cấp huyện mã 910, tệp ghi 908.",
        ),
        (
            "31060,Xã Vĩnh Bình Bắc,910,31064,Xã Vĩnh Bình,half\n",
            "lineage.csv, dòng 3: quan hệ “half” không hợp lệ; dùng whole (toàn bộ) hoặc part "
            "(một phần).",
        ),
    ],
)
def test_a_lineage_row_naming_an_unknown_code_or_a_wrong_name_is_refused_with_its_line(
    tmp_path, monkeypatch, row, message
):
    before = UnitSuccession.objects.count()
    assert _bad_lineage(tmp_path, monkeypatch, row) == message
    assert UnitSuccession.objects.count() == before


def test_every_link_to_a_unit_page_goes_through_get_absolute_url():
    """A link built from the code alone would send a reused code (34 xã, the province) to the
    new unit: every template and view links to a unit by `get_absolute_url`/`get_contact_url`."""
    base = Path(settings.BASE_DIR)
    by_code = re.compile(
        r"(url ['\"]units:unit_(detail|contact)['\"]|\"units:unit_(detail|contact)\")"
    )
    offenders = []
    for path in [*base.glob("templates/**/*.html"), *base.glob("*/**/*.py")]:
        if ".venv" in path.parts or path.parts[len(base.parts)] == "tests":
            continue
        if path == base / "units" / "models.py":
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [
            f"{path.relative_to(base)}: {match.group(0)}" for match in by_code.finditer(text)
        ]
    assert offenders == []


def test_a_reused_code_in_the_status_forms_is_the_commune_of_2021_2025(client, province_staff):
    """The form picks a commune by its code: 31064 is Xã Bình Minh there (its records stay on
    it), not Xã Vĩnh Bình of 01/07/2025, and no code is offered twice."""
    client.force_login(province_staff)
    start = client.get(reverse("targets:status_start"), {"commune": "31064", "year": 2025})
    assert start.status_code == 302
    assert start["Location"] == reverse("targets:status_edit", args=["31064", 2025])
    edit = client.get(start["Location"])
    assert edit.status_code == 200
    assert edit.context["commune"] == old("31064")
    choices = client.get(reverse("targets:status_list")).context["start_form"]
    codes = [unit.code for unit in choices.fields["commune"].queryset]
    assert len(codes) == len(set(codes)) == 15 + 116
