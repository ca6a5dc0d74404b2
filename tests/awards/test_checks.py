"""Each rule refuses with its name and the facts, before submission and again before decision."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards.checks import (
    RULE_DUPLICATE,
    RULE_LEVEL,
    RULE_NTM,
    RULE_ONE_AWARD,
    RULE_PREREQUISITE,
    RULE_RECIPIENT,
)
from awards.models import AwardDecision, Nomination
from awards.nominating import issue_decision, record_council
from tests.awards.helpers import (
    collective,
    household,
    nomination,
    participant,
    person,
    phase,
    record,
    session,
)
from tests.factories import certify
from units.models import Unit


def refused(proposal, by):
    with pytest.raises(ValidationError) as caught:
        proposal.submit(by=by)
    proposal.refresh_from_db()
    assert proposal.state == Nomination.State.DRAFT
    return " ".join(caught.value.messages)


def test_one_award_per_achievement_names_the_earlier_decision(officer):
    nominee = person("Nguyễn Văn A", 1970, by=officer)
    record(nominee, "bang-khen-chu-tich-ubnd-tinh", 2024, number="2345/QĐ-UBND", phase=phase())
    message = refused(
        nomination(nominee, by=officer, kind_code="bang-khen-thu-tuong", proposer="91"), officer
    )
    assert RULE_ONE_AWARD in message
    assert (
        "Ông Nguyễn Văn A đã được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho Sơ kết năm 2024 "
        "theo Quyết định số 2345/QĐ-UBND" in message
    )


def test_one_award_per_achievement_counts_open_proposals_at_any_level(officer, province_staff):
    nominee = person("Nguyễn Văn Bảy", 1971, by=officer)
    first = nomination(nominee, by=officer)
    first.submit(by=officer)
    second = nomination(nominee, by=officer, kind_code="chien-si-thi-dua-co-so")
    message = refused(second, officer)
    assert RULE_ONE_AWARD in message and "đang được đề nghị Bằng khen" in message


def test_another_phase_is_another_achievement(officer):
    nominee = person("Nguyễn Văn Chín", 1972, by=officer)
    record(nominee, "bang-khen-chu-tich-ubnd-tinh", 2023, phase=phase(year=2023))
    proposal = nomination(nominee, by=officer)
    proposal.submit(by=officer)
    assert proposal.state == Nomination.State.SUBMITTED


def test_escalation_is_not_a_second_award(officer, province_staff):
    nominee = collective("910", by=officer)
    first = nomination(nominee, by=officer)
    first.submit(by=officer)
    first.receive(by=province_staff)
    from awards.nominating import escalate
    from tests.awards.helpers import kind

    higher = escalate(
        nomination=first,
        kind=kind("bang-khen-thu-tuong"),
        proposer=participant("91"),
        by=province_staff,
    )
    higher.submit(by=province_staff)
    assert higher.state == Nomination.State.SUBMITTED


def test_kind_must_suit_the_nominee(officer):
    message = refused(
        nomination(
            household("Trần Văn Hộ", by=officer), by=officer, kind_code="chien-si-thi-dua-tinh"
        ),
        officer,
    )
    assert RULE_RECIPIENT in message
    assert (
        "Chiến sĩ thi đua cấp tỉnh (danh hiệu thi đua) chỉ tặng cá nhân; Hộ ông Trần Văn Hộ là hộ gia đình"
        in message
    )


def test_national_awards_are_proposed_by_the_province_only(officer):
    message = refused(
        nomination(
            person("Lý Văn Quốc", 1965, by=officer), by=officer, kind_code="bang-khen-thu-tuong"
        ),
        officer,
    )
    district = Unit.objects.get(code="910").full_name
    assert RULE_LEVEL in message
    assert f"{district[:1].lower()}{district[1:]} không đề nghị trực tiếp" in message


def test_prerequisite_of_consecutive_titles_is_checked_with_the_article(province_staff):
    nominee = person("Mai Thị Xuân", 1977, sex="female", district=None, by=province_staff)
    record(nominee, "chien-si-thi-dua-tinh", 2021)
    record(nominee, "chien-si-thi-dua-tinh", 2023)
    proposal = nomination(
        nominee, by=province_staff, kind_code="chien-si-thi-dua-toan-quoc", proposer="91"
    )
    message = refused(proposal, province_staff)
    assert RULE_PREREQUISITE in message
    assert "cần 2 lần liên tục Chiến sĩ thi đua cấp tỉnh (Điều 21 khoản 1" in message
    assert "có: 2021, 2023" in message
    record(nominee, "chien-si-thi-dua-tinh", 2022)
    proposal.submit(by=province_staff)
    assert proposal.state == Nomination.State.SUBMITTED


def test_unit_proposed_for_ntm_results_needs_the_recognition(officer):
    nominee = collective("31060", by=officer)  # a commune of Vĩnh Thuận
    proposal = nomination(nominee, by=officer, ntm_standard="advanced")
    message = refused(proposal, officer)
    assert (
        RULE_NTM in message and "chưa có quyết định công nhận “Đạt chuẩn NTM nâng cao”" in message
    )
    certify("31060", standard="ntm", standard_year=2021)
    certify("31060", standard="advanced", standard_year=2023, number="900/QĐ-UBND")
    proposal.submit(by=officer)
    assert proposal.state == Nomination.State.SUBMITTED


def test_possible_duplicate_must_be_resolved_first(officer, province_staff):
    nominee = person("Huỳnh Thị Thuý", 1982, sex="female", by=officer)
    person("Huynh Thi Thuy", 1983, sex="female", by=province_staff)
    message = refused(nomination(nominee, by=officer), officer)
    assert (
        RULE_DUPLICATE in message
        and "Bà Huỳnh Thị Thuý (sinh năm 1982) có thể trùng với" in message
    )


def test_rules_are_checked_again_before_the_decision(officer, province_staff):
    nominee = person("Cao Văn Lộc", 1974, by=officer)
    proposal = nomination(nominee, by=officer)
    proposal.submit(by=officer)
    proposal.receive(by=province_staff)
    meeting = session(proposal.phase, by=province_staff)
    record_council(session=meeting, votes={proposal: (7, 0, 0)}, by=province_staff)
    # Meanwhile the same achievement was awarded elsewhere.
    record(
        nominee, "giay-khen-chu-tich-ubnd-huyen", 2024, number="88/QĐ-UBND", phase=proposal.phase
    )
    decision = AwardDecision(
        number="1500/QĐ-UBND", issued_on=datetime.date(2025, 1, 20), signer="Lê Quốc Anh",
        phase=proposal.phase, session=meeting, created_by=province_staff,
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        issue_decision(decision=decision, nominations=[proposal], by=province_staff)
    assert "Chưa quyết định được" in caught.value.messages[0]
    assert "88/QĐ-UBND" in " ".join(caught.value.messages)
    proposal.refresh_from_db()
    assert proposal.state == Nomination.State.REVIEWED
    assert not AwardDecision.objects.filter(number="1500/QĐ-UBND").exists()


def test_refusals_are_shown_on_the_page_and_keep_the_draft(client, officer):
    nominee = household("Trần Văn Hộ", by=officer)
    proposal = nomination(nominee, by=officer, kind_code="chien-si-thi-dua-tinh")
    client.force_login(officer)
    response = client.post(
        f"/awards/{proposal.pk}/submit/", {"submit-submission_number": "45/TTr-UBND"}
    )
    page = response.content.decode()
    assert RULE_RECIPIENT in page
    assert 'value="45/TTr-UBND"' in page
