"""The criteria sets of 2021–2025 as reference data: each set with its count of criteria and its
source, loaded idempotently, staff corrections kept unless --update."""

import datetime
import io
import json
from urllib.parse import urlsplit

from django.core.management import call_command

from ntm_portal.lib.reference import FIXTURES_DIR
from targets.models import CriteriaSet, Criterion

# code: (level, standard, criteria, citation). Counts from DOMAIN.md and the decisions' titles;
# the city's rules have none until their text is found (the set's note says so).
EXPECTED = {
    "QD318-2022-XA-NTM": ("commune", "ntm", 19, "QĐ 318/QĐ-TTg, Phụ lục I"),
    "QD318-2022-XA-NANGCAO": ("commune", "advanced", 19, "QĐ 318/QĐ-TTg, Phụ lục II"),
    "QD319-2022-XA-KIEUMAU": ("commune", "model", 4, "QĐ 319/QĐ-TTg"),
    "QD320-2022-HUYEN-NTM": ("district", "ntm", 9, "QĐ 320/QĐ-TTg, Phụ lục I"),
    "QD320-2022-HUYEN-NANGCAO": ("district", "advanced", 9, "QĐ 320/QĐ-TTg, Phụ lục III"),
    "QD320-2022-TP-HOANTHANH": ("district", "completed", 0, "QĐ 320/QĐ-TTg, Phụ lục II"),
}

# QĐ 211/QĐ-TTg of 01/03/2024 amends "một số tiêu chí, chỉ tiêu" of these four sets (its title).
AMENDED_BY_QD_211 = {
    "QD318-2022-XA-NTM",
    "QD318-2022-XA-NANGCAO",
    "QD320-2022-HUYEN-NTM",
    "QD320-2022-HUYEN-NANGCAO",
}


def load(*args):
    out = io.StringIO()
    call_command("load_reference_data", *args, stdout=out)
    return out.getvalue()


def test_each_set_has_its_count_of_criteria_each_traceable_to_its_decision(db):
    # The sets of 2021–2025 (those of 2026–2030: tests/targets/plans/test_criteria_2026.py).
    sets = {s.code: s for s in CriteriaSet.objects.filter(valid_from__year__lt=2026)}
    assert set(sets) == set(EXPECTED)
    for code, (level, standard, count, citation) in EXPECTED.items():
        criteria_set = sets[code]
        assert (criteria_set.level, criteria_set.standard) == (level, standard), code
        assert criteria_set.citation == citation, code
        decision = citation.split(",")[0].removeprefix("QĐ ")
        assert f"{decision} ngày 08/03/2022" in criteria_set.legal_basis, code
        criteria = list(criteria_set.criteria.order_by("number"))
        assert [c.number for c in criteria] == list(range(1, count + 1)), code
        for criterion in criteria:
            assert criterion.source.startswith(citation), (code, criterion.number)
            assert criterion.source.endswith(f" {criterion.number}"), (code, criterion.number)
        # What could not be checked against the text says so, on the set itself.
        if not criteria_set.verified:
            assert "CHƯA" in criteria_set.note, code
    assert sets["QD318-2022-XA-NTM"].verified
    assert sets["QD320-2022-HUYEN-NTM"].criteria.get(number=9).name == (
        "Hệ thống chính trị - An ninh trật tự - Hành chính công"
    )
    # The 2024 amendment: its title names the four sets it amends, not which criteria and
    # indicators, so no version 2 is loaded; the four sets are marked amended from its date and
    # say both; the model-commune rules and the city's rules are not in its title.
    for code, criteria_set in sets.items():
        assert "QĐ 211/QĐ-TTg ngày 01/03/2024" in criteria_set.note, code
        if code in AMENDED_BY_QD_211:
            assert criteria_set.amended_by == "QĐ 211/QĐ-TTg ngày 01/03/2024", code
            assert criteria_set.amended_from == datetime.date(2024, 3, 1), code
            assert "sửa đổi một số tiêu chí, chỉ tiêu của Bộ tiêu chí quốc gia" in criteria_set.note
            assert "CHƯA tìm được những tiêu chí, chỉ tiêu nào được sửa" in criteria_set.note
            assert (criteria_set.amended_in(2023), criteria_set.amended_in(2024)) == (False, True)
        else:
            assert (criteria_set.amended_by, criteria_set.amended_from) == ("", None), code
            assert "không có trong đó, nên không ghi là đã sửa đổi" in criteria_set.note, code
            assert not criteria_set.amended_in(2025)
    assert not CriteriaSet.objects.filter(version__gt=1).exists()
    # What was checked of the advanced commune set is named, with the rest still unchecked.
    advanced = sets["QD318-2022-XA-NANGCAO"]
    assert not advanced.verified
    assert "Đã đối chiếu tiêu chí 1 “Quy hoạch”" in advanced.note
    assert "CHƯA đối chiếu được: tên các tiêu chí 3–19" in advanced.note


def test_every_criterion_of_the_fixture_is_loaded_with_its_source(db):
    data = json.loads((FIXTURES_DIR / "criteria.json").read_text(encoding="utf-8"))
    for item in data:
        for row in item["criteria"]:
            criterion = Criterion.objects.get(criteria_set__code=item["code"], number=row["number"])
            assert (criterion.name, criterion.source) == (row["name"], row["source"])


def test_loading_again_writes_nothing_and_keeps_a_staff_correction_unless_update(db):
    sets_history = CriteriaSet.history.count()
    criteria_history = Criterion.history.count()
    output = load()
    assert "Khác với tệp danh mục" not in output
    assert (CriteriaSet.history.count(), Criterion.history.count()) == (
        sets_history,
        criteria_history,
    ), "a second load must not write a version of anything"

    corrected = Criterion.objects.get(criteria_set__code="QD320-2022-HUYEN-NTM", number=5)
    corrected.name = "Y tế – Văn hóa – Giáo dục (đã đối chiếu)"
    corrected.save()
    output = load()
    corrected.refresh_from_db()
    assert corrected.name == "Y tế – Văn hóa – Giáo dục (đã đối chiếu)"
    assert "Khác với tệp danh mục (giữ nguyên): tiêu chí 5. Y tế – Văn hóa" in output

    load("--update")
    corrected.refresh_from_db()
    assert corrected.name == "Y tế - Văn hóa - Giáo dục"
    assert CriteriaSet.objects.filter(valid_from__year__lt=2026).count() == len(EXPECTED)


def test_a_district_is_judged_each_year_by_the_district_set_and_its_page_says_which(
    client, officer
):
    """#19 point 3: a district-level unit has its criteria per year like a commune, and its
    status page names the set (with the decision's appendix), lists the set's criteria under
    the text's own numbers and says that the set was not checked against the decision."""
    from django.urls import reverse

    from targets.models import CommuneStatus

    client.force_login(officer)
    district_set = CriteriaSet.objects.get(code="QD320-2022-HUYEN-NTM")
    for year in (2023, 2024):
        url = reverse("targets:status_edit", args=["910", year])
        page = client.get(url).content.decode()
        assert (
            "Đánh giá theo <strong>Bộ tiêu chí huyện NTM — QĐ 320/QĐ-TTg, Phụ lục I</strong>"
            in page
        ), year
        assert "chưa được đối chiếu với văn bản gốc" in page
        flat = " ".join(page.split())
        for criterion in district_set.criteria.all():
            assert criterion.name in flat, (year, criterion.number)
        data = {"next_standard": "", "planned_year": "", "notes": ""}
        data.update({f"tc{number}-met": "on" for number in range(1, 10) if number != 6})
        assert client.post(url, data).status_code == 302
    statuses = CommuneStatus.objects.filter(commune__code="910").order_by("year")
    assert [(s.year, s.criteria_set.code) for s in statuses] == [
        (2023, "QD320-2022-HUYEN-NTM"),
        (2024, "QD320-2022-HUYEN-NTM"),
    ]
    assert all(s.results.filter(met=True).count() == 8 for s in statuses)
    assert not statuses[0].results.get(criterion__number=6).met  # 6 — Kinh tế


def test_the_district_set_records_what_was_read_of_qd_320(db):
    note = CriteriaSet.objects.get(code="QD320-2022-HUYEN-NTM").note
    assert "(2) ít nhất 10% số xã đạt chuẩn NTM nâng cao" in note
    assert "số thứ tự 1–9 CHƯA đối chiếu" in note
    city = CriteriaSet.objects.get(code="QD320-2022-TP-HOANTHANH")
    assert "Phụ lục II của QĐ 320/QĐ-TTg" in city.note and not city.criteria.exists()


def test_every_set_says_where_each_statement_was_read_and_its_note_names_those_places(db):
    """Each set of 2021–2025 lists where it was read (`read_at`: the address and what was read
    there); the set's note, which its edit page shows, names each of those places."""
    data = json.loads((FIXTURES_DIR / "criteria.json").read_text(encoding="utf-8"))
    assert {item["code"] for item in data} == set(EXPECTED)
    for item in data:
        assert item["read_at"], item["code"]
        note = CriteriaSet.objects.get(code=item["code"]).note
        for place in item["read_at"]:
            address = urlsplit(place["url"])
            assert address.scheme in ("http", "https") and place["read"], (item["code"], place)
            host = address.netloc.removeprefix("www.").removeprefix("ls1.")
            assert host in note, (item["code"], host)
    # The district set's count of nine, read for a district of Kiên Giang itself.
    assert "An Biên của Kiên Giang “đã hoàn thành 9/9 tiêu chí" in (
        CriteriaSet.objects.get(code="QD320-2022-HUYEN-NTM").note
    )


def test_a_2024_page_says_the_set_was_amended_and_a_2023_page_does_not(client, officer):
    """QĐ 211/QĐ-TTg amends the commune and district sets from 01/03/2024 without its content
    being loaded: the status pages of 2024 and later say that the year is judged by the set as
    amended, those of 2023 do not; the model-commune rules, not amended, never say it."""
    from django.urls import reverse

    client.force_login(officer)
    notice = "QĐ 211/QĐ-TTg ngày 01/03/2024 sửa đổi một số tiêu chí, chỉ tiêu của bộ này"
    for code in ("31060", "910"):  # Vĩnh Bình Bắc and its district Vĩnh Thuận
        pages = {
            year: " ".join(
                client.get(reverse("targets:status_edit", args=[code, year]))
                .content.decode()
                .split()
            )
            for year in (2023, 2024, 2025)
        }
        assert notice not in pages[2023], code
        for year in (2024, 2025):
            assert f"Từ 01/03/2024, {notice}" in pages[year], (code, year)
            assert f"năm {year} đánh giá theo bộ đã sửa đổi" in pages[year], (code, year)
    model = client.get(reverse("targets:status_edit", args=["31060", 2024]) + "?chuan=model")
    page = model.content.decode()
    assert "Quy định xã NTM kiểu mẫu — QĐ 319/QĐ-TTg" in page
    assert 'id="set-amended"' not in page


def test_an_amended_version_added_by_staff_judges_2024_and_2023_keeps_the_first(client, officer):
    """When the amended text is found, staff add it as version 2 from 01/03/2024 (the fixture's
    own form, loaded by the same loader): a new 2024 status is judged by it and names it, 2023
    keeps version 1, and a 2024 status saved before keeps the set it was recorded with and still
    says that set was amended."""
    from django.urls import reverse

    from ntm_portal.lib.reference import LoadReport
    from targets.models import CommuneStatus
    from targets.reference import load_criteria
    from tests.factories import commune_status

    first = CriteriaSet.objects.get(code="QD318-2022-XA-NTM")
    saved_before = commune_status("31063", 2024, met=19)  # Vĩnh Bình Nam
    amended = {
        "code": "QD318-2024-XA-NTM-TEST",
        "name": "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025 (sửa đổi)",
        "short_name": "Bộ tiêu chí xã NTM (sửa đổi)",
        "legal_basis": "Quyết định số 318/QĐ-TTg, sửa đổi bởi Quyết định số 211/QĐ-TTg",
        "citation": "QĐ 211/QĐ-TTg, Điều 1",
        "level": "commune",
        "standard": "ntm",
        "version": 2,
        "valid_from": "2024-03-01",
        "valid_to": None,
        "verified": False,
        "note": "Dữ liệu của phép thử.",
        "groups": {"1": "Nhóm"},
        "criteria": [
            {"number": c.number, "group": 1, "name": c.name, "source": f"QĐ 211/QĐ-TTg, {c.number}"}
            for c in first.criteria.all()
        ],
    }
    load_criteria([amended], LoadReport(), update=False)
    version_2 = CriteriaSet.objects.get(code="QD318-2024-XA-NTM-TEST")

    client.force_login(officer)
    pages = {
        year: " ".join(
            client.get(reverse("targets:status_edit", args=["31060", year]))
            .content.decode()
            .split()
        )
        for year in (2023, 2024)
    }
    assert (
        "Đánh giá theo <strong>Bộ tiêu chí xã NTM — QĐ 318/QĐ-TTg, Phụ lục I</strong>"
        in pages[2023]
    )
    assert (
        "Đánh giá theo <strong>Bộ tiêu chí xã NTM (sửa đổi) — QĐ 211/QĐ-TTg, Điều 1</strong> "
        "(phiên bản 2, áp dụng từ 01/03/2024)" in pages[2024]
    )
    assert 'id="set-amended"' not in pages[2024]
    assert CommuneStatus.criteria_set_for(2023) == first
    assert CommuneStatus.criteria_set_for(2024) == version_2

    kept = " ".join(
        client.get(reverse("targets:status_edit", args=["31063", 2024])).content.decode().split()
    )
    saved_before.refresh_from_db()
    assert saved_before.criteria_set == first
    assert "Đánh giá theo <strong>Bộ tiêu chí xã NTM — QĐ 318/QĐ-TTg, Phụ lục I</strong>" in kept
    assert 'id="set-amended"' in kept
