"""The council's and the decision's rules, one rule a test, at their edges (written for the
survivors of `make mutants` on awards/models/nominations.py and awards/services.py; each
docstring names the mutants it kills). The broad stories are in test_council_and_decisions.py
and test_award_rules.py; these say which rule broke."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import AwardDecision, CouncilVote, Nomination
from awards.models.nominations import issuer_kind_for
from awards.services import record_council
from tests.awards.helpers import kind, nomination, person, phase, session
from units.models import IssuingBody

D = datetime.date

pytestmark = pytest.mark.django_db


def session_form(**changes):
    data = {
        "phase": phase().pk, "held_on": "10/01/2025", "starts_at": "08:00", "ends_at": "10:00",
        "chair": "Lâm Minh Thành", "chair_title": "Chủ tịch UBND tỉnh, Chủ tịch Hội đồng",
        "secretary": "Nguyễn Thị Thuỷ", "members_total": 9,
        "members_present": "\n".join(f"Thành viên {n}" for n in range(1, 8)),
        "members_absent": "Thành viên 8 — đi công tác\nThành viên 9 — ốm",
        "required_percent": 50,
    }  # fmt: skip
    data.update(changes)
    return data


def post_session(client, province_staff, **changes):
    client.force_login(province_staff)
    response = client.post(reverse("awards:session_create"), session_form(**changes))
    return response, response.content.decode() if response.status_code == 200 else ""


# --- CouncilSession.clean: the members listed, the hours, the tờ trình's date ------------------


def test_seven_present_and_two_absent_fill_a_council_of_nine_exactly(client, province_staff):
    """CouncilSession.clean: listed > total, not ≥ (a council with everyone listed is saved)."""
    response, _text = post_session(client, province_staff)
    assert response.status_code == 302


def test_one_member_too_many_is_refused_with_the_counts(client, province_staff):
    """CouncilSession.clean: 8 present + 2 absent > 9, the message gives both counts."""
    members = "\n".join(f"Thành viên {n}" for n in range(1, 9))
    response, text = post_session(client, province_staff, members_present=members)
    assert response.status_code == 200
    assert "Có 8 người có mặt và 2 người vắng, nhiều hơn tổng số 9 thành viên hội đồng." in text


def test_a_meeting_ending_when_it_starts_is_refused(client, province_staff):
    """CouncilSession.clean: the end must come after the start (equal hours are refused)."""
    response, text = post_session(client, province_staff, starts_at="08:00", ends_at="08:00")
    assert response.status_code == 200
    assert "Giờ kết thúc (08:00) phải sau giờ bắt đầu (08:00)." in text


def test_the_tờ_trình_may_be_dated_the_day_of_the_meeting_not_the_day_before(
    client, province_staff
):
    """CouncilSession.clean: submission_date < held_on refused, the same day accepted."""
    signer = {"submission_number": "12/TTr-SNV", "submission_signer": "Trần Văn Hai"}
    response, text = post_session(client, province_staff, submission_date="09/01/2025", **signer)
    assert response.status_code == 200
    assert (
        "Tờ trình ngày 09/01/2025 không thể trước ngày họp hội đồng (10/01/2025): tờ trình "
        "trình kết quả của phiên họp." in text
    )
    response, _text = post_session(client, province_staff, submission_date="10/01/2025", **signer)
    assert response.status_code == 302


def test_the_tờ_trình_to_the_central_level_cannot_precede_the_meeting(province_staff):
    """CouncilSession.clean: central_submission_date < held_on refused, the same day accepted."""
    meeting = session(phase(), by=province_staff)  # held on 10/01/2025
    meeting.central_submission_date = D(2025, 1, 9)
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert refused.value.message_dict == {
        "central_submission_date": [
            "Tờ trình gửi Trung ương ngày 09/01/2025 không thể trước ngày họp hội đồng "
            "(10/01/2025)."
        ]
    }
    meeting.central_submission_date = D(2025, 1, 10)
    meeting.full_clean()


# --- CouncilVote.clean: no more ballots than members present ------------------------------------


def received(name, officer, province_staff):
    proposal = nomination(person(name, by=officer), by=officer)
    proposal.submit(by=officer, submission_number="45/TTr-UBND", submitted_on=D(2024, 12, 2))
    proposal.receive(by=province_staff)
    return proposal


def test_every_member_present_may_vote_but_not_one_more(officer, province_staff):
    """CouncilVote.clean: total > present refused (7 present: 5+1+1 counted, 5+1+2 refused)."""
    proposal = received("Lý Văn Mười", officer, province_staff)
    meeting = session(proposal.phase, by=province_staff)  # 7 present of 9
    with pytest.raises(ValidationError) as refused:
        record_council(session=meeting, votes={proposal: (5, 1, 2)}, by=province_staff)
    assert refused.value.messages == ["Tổng số phiếu (8) nhiều hơn số thành viên có mặt (7)."]
    assert not CouncilVote.objects.exists()
    record_council(session=meeting, votes={proposal: (5, 1, 1)}, by=province_staff)
    proposal.refresh_from_db()
    assert proposal.state == Nomination.State.REVIEWED


def test_five_of_nine_pass_at_fifty_percent_four_do_not(officer, province_staff):
    """CouncilSession.passes: votes × 100 > percent × members of the council (not of those
    present): 5 of 9 is 55,6 %, 4 of 9 is 44,4 %, with 7 present."""
    four = received("Lý Văn Bốn", officer, province_staff)
    five = received("Lý Văn Năm", officer, province_staff)
    meeting = session(four.phase, by=province_staff)
    record_council(session=meeting, votes={four: (4, 3, 0), five: (5, 2, 0)}, by=province_staff)
    four.refresh_from_db()
    five.refresh_from_db()
    assert (four.state, five.state) == (Nomination.State.NOT_PASSED, Nomination.State.REVIEWED)


# --- AwardDecision.clean: the number's form, its dates -------------------------------------------


def decision_on(meeting, by, **values):
    return AwardDecision(
        **{
            "number": "77/QĐ-UBND", "issued_on": D(2025, 1, 10), "signer": "Lê Quốc Anh",
            "phase": meeting.phase, "session": meeting, "created_by": by, **values,
        }
    )  # fmt: skip


def test_a_decision_may_be_signed_the_day_of_the_meeting(province_staff):
    """AwardDecision.clean: issued_on < held_on refused; the same day is accepted."""
    meeting = session(phase(), by=province_staff)
    decision_on(meeting, province_staff).full_clean()
    with pytest.raises(ValidationError) as refused:
        decision_on(meeting, province_staff, issued_on=D(2025, 1, 9)).full_clean()
    assert refused.value.message_dict == {
        "issued_on": [
            "Quyết định ngày 09/01/2025 không thể trước ngày Hội đồng họp xét (10/01/2025)."
        ]
    }


def test_a_decision_cannot_precede_the_standing_bodys_tờ_trình(province_staff):
    """AwardDecision.clean: issued_on < the session's submission_date refused, the same day
    accepted."""
    meeting = session(phase(), by=province_staff)
    meeting.submission_date = D(2025, 1, 20)
    meeting.save()
    with pytest.raises(ValidationError) as refused:
        decision_on(meeting, province_staff, issued_on=D(2025, 1, 19)).full_clean()
    assert refused.value.message_dict == {
        "issued_on": ["Quyết định ngày 19/01/2025 không thể trước ngày tờ trình (20/01/2025)."]
    }
    decision_on(meeting, province_staff, issued_on=D(2025, 1, 20)).full_clean()


def test_a_decision_number_without_its_issuer_is_a_qđ_number(province_staff):
    """AwardDecision.clean: without an issuer the number needs “/QĐ-”."""
    meeting = session(phase(), by=province_staff)
    with pytest.raises(ValidationError) as refused:
        decision_on(meeting, province_staff, number="77/TTr-UBND").full_clean()
    assert refused.value.message_dict == {
        "number": ["Số quyết định phải có dạng …/QĐ-UBND (ví dụ 1234/QĐ-UBND)."]
    }


def test_a_council_where_no_one_votes_for_counts_every_ballot_against(officer, province_staff):
    """CouncilVote.clean: 0 for, 7 against of 7 present is a full count, not one too many."""
    proposal = received("Lý Văn Không", officer, province_staff)
    meeting = session(proposal.phase, by=province_staff)  # 7 present of 9
    record_council(session=meeting, votes={proposal: (0, 7, 0)}, by=province_staff)
    proposal.refresh_from_db()
    assert proposal.state == Nomination.State.NOT_PASSED
    assert (proposal.council_vote().votes_for, proposal.council_vote().votes_against) == (0, 7)


def test_the_president_decides_orders_the_prime_minister_the_other_national_kinds():
    """issuer_kind_for (Law 06/2022/QH15, arts. 75–80), read from each kind's “decided by”."""
    assert issuer_kind_for(kind("huan-chuong-lao-dong-hang-ba")) == IssuingBody.Kind.PRESIDENT
    assert issuer_kind_for(kind("bang-khen-thu-tuong")) == IssuingBody.Kind.PRIME_MINISTER
    assert issuer_kind_for(kind("chien-si-thi-dua-toan-quoc")) == IssuingBody.Kind.PRIME_MINISTER
    assert (
        issuer_kind_for(kind("bang-khen-chu-tich-ubnd-tinh")) == IssuingBody.Kind.PROVINCE_COMMITTEE
    )
    assert (
        issuer_kind_for(kind("giay-khen-chu-tich-ubnd-huyen"))
        == IssuingBody.Kind.DISTRICT_COMMITTEE
    )


def test_a_number_is_taken_only_by_the_same_issuer_in_the_same_year(province_staff):
    """AwardDecision.number_taken: without an issuer, a date or a number there is nothing to
    compare (a form still being filled in); with all three, the same issuer's same number in
    the same year."""
    meeting = session(phase(), by=province_staff)
    first = decision_on(meeting, province_staff, issued_on=D(2025, 9, 5))
    first.save()
    assert not decision_on(meeting, province_staff, issued_on=D(2025, 10, 1)).number_taken()
    assert not decision_on(meeting, province_staff, issued_on=None).number_taken()
    assert not decision_on(meeting, province_staff, number="").number_taken()
    issuer = IssuingBody.objects.filter(kind=IssuingBody.Kind.PROVINCE_COMMITTEE).first()
    first.issuer = issuer
    first.save()
    assert decision_on(
        meeting, province_staff, issuer=issuer, issued_on=D(2025, 10, 1)
    ).number_taken()
    assert not decision_on(
        meeting, province_staff, issuer=issuer, issued_on=D(2026, 1, 5)
    ).number_taken()
    assert not decision_on(meeting, province_staff, issuer=issuer, issued_on=None).number_taken()
