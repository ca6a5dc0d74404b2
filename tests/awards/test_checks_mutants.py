"""Eligibility rules (awards/checks.py) that `make mutants` found unheld (docs/benchmarks.md,
"Mutation testing"): the refusal a person reads, word for word, and the cases the broad tests
did not reach. Each test's docstring names the mutants it fails on."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards.checks import RULE_ONE_AWARD, ensure_eligible, refusals_for
from awards.models import DisciplinaryHold, Nomination, Prerequisite
from awards.services import merge_nominees
from tests.awards.helpers import (
    collective,
    decide,
    kind,
    nomination,
    passed_council,
    person,
    phase,
    record,
)
from tests.factories import certify

pytestmark = pytest.mark.django_db


def refusals(proposal, by):
    """The messages of a refused submission; the nomination stays a draft."""
    with pytest.raises(ValidationError) as caught:
        proposal.submit(by=by)
    proposal.refresh_from_db()
    assert proposal.state == Nomination.State.DRAFT
    return caught.value.messages


def test_a_record_merged_into_another_is_refused_naming_the_record_kept(officer, province_staff):
    """check_duplicates: the rule or the facts of a merged record removed; ensure_eligible: the
    "Chưa trình được" prefix changed or the stage compared to another word."""
    keep = person("Phạm Văn Quý", 1970, by=province_staff)
    merged = person("PHẠM VĂN QUÝ", 1970, by=province_staff)
    merge_nominees(keep=keep, merged=merged, by=province_staff)
    assert refusals(nomination(merged, by=officer), officer) == [
        "Chưa trình được — Hồ sơ có thể trùng người phải được xử lý trước: hồ sơ Ông PHẠM VĂN "
        "QUÝ (1970) đã được gộp vào Ông Phạm Văn Quý (1970); đề nghị theo hồ sơ còn lại."
    ]


def test_before_a_decision_every_refusal_says_it_cannot_be_decided(officer, province_staff):
    """ensure_eligible: the "Chưa quyết định được" prefix changed; check_one_award: the state of
    the other proposal in capitals (`.upper()`)."""
    keep = person("Phạm Văn Quý", 1970, by=province_staff)
    merged = person("PHẠM VĂN QUÝ", 1970, by=province_staff)
    merge_nominees(keep=keep, merged=merged, by=province_staff)
    first = nomination(merged, by=officer)
    with pytest.raises(ValidationError) as caught:
        ensure_eligible(nomination(merged, by=officer), stage="decide")
    assert caught.value.messages == [
        "Chưa quyết định được — Hồ sơ có thể trùng người phải được xử lý trước: hồ sơ Ông PHẠM "
        "VĂN QUÝ (1970) đã được gộp vào Ông Phạm Văn Quý (1970); đề nghị theo hồ sơ còn lại.",
        "Chưa quyết định được — Một thành tích chỉ khen thưởng một lần (Điều 5 Luật Thi đua, "
        "khen thưởng 2022): Ông PHẠM VĂN QUÝ đang được đề nghị Bằng khen của Chủ tịch Ủy ban "
        f"nhân dân tỉnh cho thành tích năm 2024 (Sơ kết năm 2024, đề nghị số {first.pk}, dự thảo).",
    ]


def test_every_possible_duplicate_is_named_one_after_the_other(officer):
    """check_duplicates: the list of possible duplicates removed or joined otherwise."""
    nominee = person("Lê Văn Tư", 1970, by=officer)
    second = person("Lê Văn Tư", 1970, by=officer)
    third = person("Lê Văn Tư", 1970, by=officer)
    assert refusals(nomination(nominee, by=officer), officer) == [
        "Chưa trình được — Hồ sơ có thể trùng người phải được xử lý trước: Ông Lê Văn Tư (sinh "
        f"năm 1970) có thể trùng với: Ông Lê Văn Tư (1970) — hồ sơ số {second.pk}; Ông Lê Văn Tư "
        f"(1970) — hồ sơ số {third.pk}. Cán bộ tỉnh cần gộp hồ sơ hoặc xác nhận là hai người "
        "khác nhau."
    ]


def test_a_person_proposed_for_ntm_results_is_refused_as_not_an_administrative_unit(officer):
    """check_ntm_recognition: the rule or the facts for a nominee without a unit removed, or the
    standard's name in capitals."""
    proposal = nomination(person("Võ Văn Năm", 1970, by=officer), by=officer, ntm_standard="ntm")
    assert refusals(proposal, officer) == [
        "Chưa trình được — Khen thưởng vì kết quả xây dựng NTM phải có quyết định công nhận: Ông "
        "Võ Văn Năm không phải là một đơn vị hành chính nên không có quyết định công nhận đạt "
        "chuẩn nông thôn mới."
    ]


def test_ntm_results_count_from_the_standard_year_not_the_decisions_date(officer):
    """check_ntm_recognition: `rank_of(…, None)` instead of Basis.STANDARD (a commune that met
    the standard in 2024, by a decision of 15/03/2025, would be refused for the 2024 review)."""
    certify("31060", "ntm", 2024)  # Vĩnh Bình Bắc; decision of 15/03/2025
    proposal = nomination(collective("31060", by=officer), by=officer, ntm_standard="ntm")
    proposal.submit(by=officer)
    assert proposal.state == Nomination.State.SUBMITTED


def test_a_district_proposing_a_national_award_is_told_the_province_proposes_it(officer):
    """check_recipient_and_level: the level of the kind in capitals (`.upper()`)."""
    proposal = nomination(
        collective("910", by=officer), by=officer, kind_code="bang-khen-thu-tuong"
    )
    assert refusals(proposal, officer) == [
        "Chưa trình được — Thẩm quyền đề nghị theo cấp: Bằng khen của Thủ tướng Chính phủ (cấp "
        "nhà nước) do tỉnh đề nghị; huyện Vĩnh Thuận không đề nghị trực tiếp được."
    ]


def test_a_prerequisite_never_held_says_not_once(province_staff):
    """check_prerequisites: "chưa lần nào" changed, or the rule's name removed."""
    nominee = person("Mai Thị Xuân", 1977, sex="female", district=None, by=province_staff)
    proposal = nomination(
        nominee, by=province_staff, kind_code="chien-si-thi-dua-toan-quoc", proposer="91"
    )
    assert refusals(proposal, province_staff) == [
        "Chưa trình được — Điều kiện khen thưởng: Chiến sĩ thi đua toàn quốc cần 2 lần liên tục "
        "Chiến sĩ thi đua cấp tỉnh (Điều 21 khoản 1 Luật Thi đua, khen thưởng 06/2022/QH15); Bà "
        "Mai Thị Xuân có: chưa lần nào."
    ]


def test_an_award_of_the_mid_term_review_covers_the_years_from_the_plans_start(officer):
    """phase_period: the plan not read, or mid-term and final swapped; record_period: a record of
    a phase taken as its year only."""
    nominee = person("Hồ Văn Sáu", 1970, by=officer)
    midterm = phase("midterm", 2023)
    record(nominee, "bang-khen-chu-tich-ubnd-tinh", 2023, number="88/QĐ-UBND", phase=midterm)
    messages = refusals(nomination(nominee, by=officer, phase_=midterm), officer)
    assert len(messages) == 1 and messages[0].startswith(
        "Chưa trình được — Một thành tích chỉ khen thưởng một lần"
    )
    assert "theo Quyết định số 88/QĐ-UBND" in messages[0]


def test_an_open_proposal_of_the_mid_term_review_is_named_with_its_period(officer):
    """_period_text: "năm …" for a period of several years (`… or True`)."""
    nominee = person("Hồ Văn Bảy", 1970, by=officer)
    midterm = phase("midterm", 2023)
    first = nomination(nominee, by=officer, phase_=midterm)
    assert refusals(nomination(nominee, by=officer, phase_=midterm), officer) == [
        "Chưa trình được — Một thành tích chỉ khen thưởng một lần (Điều 5 Luật Thi đua, khen "
        "thưởng 2022): Ông Hồ Văn Bảy đang được đề nghị Bằng khen của Chủ tịch Ủy ban nhân dân "
        f"tỉnh cho thành tích giai đoạn 2021–2023 ({midterm}, đề nghị số {first.pk}, dự thảo)."
    ]


def test_a_proposal_of_another_year_does_not_hide_one_of_the_same_year(officer):
    """check_one_award: `continue` turned into `break` (the newest proposal, of 2023, would end
    the look before the 2024 one)."""
    nominee = person("Hồ Văn Tám", 1970, by=officer)
    same_year = nomination(nominee, by=officer)
    nomination(nominee, by=officer, phase_=phase("yearly", 2023))  # newer, listed first
    messages = refusals(nomination(nominee, by=officer), officer)
    assert [m for m in messages if f"đề nghị số {same_year.pk}," in m]


def test_a_withdrawn_proposal_does_not_block_a_new_one(officer):
    """check_one_award: the filter on the states that count removed."""
    nominee = person("Hồ Văn Chín", 1970, by=officer)
    first = nomination(nominee, by=officer)
    first.submit(by=officer)
    first.withdraw(by=officer, reason="Đề nghị lại theo hình thức khác.")
    second = nomination(nominee, by=officer, kind_code="chien-si-thi-dua-co-so")
    second.submit(by=officer)
    assert second.state == Nomination.State.SUBMITTED


def test_the_title_required_before_a_kind_is_not_a_second_award_for_the_same_year(officer):
    """check_one_award: the ids of the required kinds read as tuples (`flat=False`, `None` or
    left out), so the required title would count as a second award."""
    nominee = person("Hồ Văn Mười", 1970, by=officer)
    for year in (2022, 2023):
        record(nominee, "chien-si-thi-dua-co-so", year, phase=phase("yearly", year))
    record(nominee, "chien-si-thi-dua-co-so", 2024, phase=phase())
    proposal = nomination(nominee, by=officer, kind_code="chien-si-thi-dua-tinh")
    assert proposal.kind.prerequisites.filter(required_kind__code="chien-si-thi-dua-co-so").exists()
    assert not [m for m in refusals_for(proposal) if m.startswith(RULE_ONE_AWARD)]


def test_a_hold_recorded_on_a_merged_record_still_blocks_the_person(officer, province_staff):
    """person_ids: the ids of the merged records read as tuples (`flat=None`/`False`/left out)."""
    keep = person("Phạm Văn Quý", 1970, by=province_staff)
    merged = person("PHẠM VĂN QUÝ", 1970, by=province_staff)
    merge_nominees(keep=keep, merged=merged, by=province_staff)
    DisciplinaryHold.objects.create(
        nominee=merged,
        reason=DisciplinaryHold.Reason.DISCIPLINE_REVIEW,
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        basis="Thông báo 15/TB-UBND",
        created_by=province_staff,
    )
    messages = refusals(nomination(keep, by=officer), officer)
    assert len(messages) == 1 and "Điều 4 Nghị định 98/2023/NĐ-CP" in messages[0]
    assert "Thông báo 15/TB-UBND" in messages[0]


def test_an_award_inside_the_interval_is_refused_under_the_rule_of_conditions(officer):
    """check_prerequisites: the rule's name of the interval refusal removed (`None`)."""
    Prerequisite.objects.create(
        kind=kind("bang-khen-chu-tich-ubnd-tinh"),
        min_interval_years=2,
        article="Khoảng cách ghi cho kiểm thử",
    )
    nominee = person("Trần Văn Khải", 1970, by=officer)
    record(nominee, "bang-khen-chu-tich-ubnd-tinh", 2023, number="812/QĐ-UBND")
    assert refusals(nomination(nominee, by=officer), officer) == [
        "Chưa trình được — Điều kiện khen thưởng: Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh "
        "chỉ xét lại sau ít nhất 2 năm (Khoảng cách ghi cho kiểm thử); Ông Trần Văn Khải được "
        "tặng năm 2023 theo Quyết định số 812/QĐ-UBND."
    ]


def test_an_award_decided_for_a_record_merged_away_is_named_with_its_decision(
    officer, province_staff
):
    """check_one_award: mutants 61 (the decided proposal named as still proposed) and 62 (its
    facts removed). The only way a decided proposal is not covered by an award record: the
    portal decided it for one record of a person, the same award was entered by hand on the
    person's other record, and the merge kept one row of the two (the hand-entered one)."""
    merged = person("Phạm Quý", 1970, by=province_staff)
    decided = nomination(merged, by=officer)
    decide([decided], passed_council([decided], province_staff, officer), province_staff)
    keep = person("Phạm Văn Quý", 1970, by=province_staff)
    record(keep, "bang-khen-chu-tich-ubnd-tinh", 2024, number="1234/QĐ-UBND")
    merge_nominees(keep=keep, merged=merged, by=province_staff)
    rule = (
        "Chưa trình được — Một thành tích chỉ khen thưởng một lần (Điều 5 Luật Thi đua, khen "
        "thưởng 2022): Ông Phạm Văn Quý đã được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh "
    )
    assert refusals(nomination(keep, by=officer), officer) == [
        rule + "cho thành tích năm 2024 theo Quyết định số 1234/QĐ-UBND (Chủ tịch UBND tỉnh "
        "Kiên Giang).",
        rule + "cho Sơ kết năm 2024 theo Quyết định số 1234/QĐ-UBND.",
    ]
