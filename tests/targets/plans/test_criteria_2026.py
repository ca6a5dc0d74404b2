"""The criteria sets of 2026–2030 (QĐ 51/2025/QĐ-TTg) as versioned data beside those of
2021–2025: only what the public text gives, each statement with where it was read, what was not
read said so; the commune set judges a commune from 2026, QĐ 318 still judges 2025."""

import datetime
import json

from ntm_portal.lib.reference import FIXTURES_DIR
from targets.models import CommuneStatus, CriteriaSet
from units.models import Unit

OFFICIAL = "https://xaydungchinhsach.chinhphu.vn/toan-van-quyet-dinh-51-2025-qd-ttg"


def test_the_commune_set_of_qd_51_has_its_ten_criteria_cited_and_says_what_is_missing(db):
    criteria_set = CriteriaSet.objects.get(code="QD51-2025-XA-NTM")
    assert (criteria_set.level, criteria_set.standard) == ("commune", "ntm")
    assert criteria_set.valid_from == datetime.date(2026, 2, 15)
    assert criteria_set.citation == "QĐ 51/2025/QĐ-TTg, Phụ lục I"
    assert "ngày 29/12/2025" in criteria_set.legal_basis
    criteria = list(criteria_set.criteria.order_by("number"))
    assert [c.number for c in criteria] == list(range(1, 11))
    assert criteria[0].name == "Quy hoạch"
    assert criteria[9].name == "Tiếp cận pháp luật và an ninh, quốc phòng"
    for criterion in criteria:
        assert criterion.source == f"QĐ 51/2025/QĐ-TTg, Phụ lục I, tiêu chí {criterion.number}"
    # Not checked against the appendix's table: the set says so, and where each fact was read.
    assert not criteria_set.verified
    assert criteria_set.note.startswith("CHƯA ĐỐI CHIẾU")
    assert "10 tiêu chí, 47 chỉ tiêu" in criteria_set.note
    assert "47 chỉ tiêu và mức đạt của từng nhóm xã chưa nhập" in criteria_set.note
    assert OFFICIAL in criteria_set.note
    assert "Hiệu lực từ 15/02/2026 (https://vneconomy.vn/" in criteria_set.note


def test_every_statement_of_the_2026_fixture_names_its_source(db):
    for item in json.loads((FIXTURES_DIR / "criteria_2026.json").read_text(encoding="utf-8")):
        assert "https://" in item["note"], item["code"]
        assert not item["verified"], item["code"]


def test_a_commune_is_judged_by_qd_318_in_2025_and_by_qd_51_from_2026(db):
    commune = Unit.objects.get(code="30787", valid_from=datetime.date(2025, 7, 1))
    assert CommuneStatus.criteria_set_for(2025, unit=commune).code == "QD318-2022-XA-NTM"
    assert CommuneStatus.criteria_set_for(2026, unit=commune).code == "QD51-2025-XA-NTM"
