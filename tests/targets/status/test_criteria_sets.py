"""The criteria sets of 2021–2025 as reference data: each set with its count of criteria and its
source, loaded idempotently, staff corrections kept unless --update."""

import io
import json

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
    # The 2024 amendment: its date and scope are confirmed, the criteria it changes are not, so
    # no version 2 is loaded; every set's note says both.
    for criteria_set in sets.values():
        if criteria_set.criteria.exists():
            assert "QĐ 211/QĐ-TTg ngày 01/03/2024" in criteria_set.note, criteria_set.code
            assert "CHƯA tìm được những tiêu chí, chỉ tiêu nào được sửa" in criteria_set.note
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
