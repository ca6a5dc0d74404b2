"""The council's vote and the province's tờ trình to the central level as the services record
them, one rule a test (written for the survivors of `make mutants` on awards/services.py; each
docstring names the mutants it kills). The broad stories are in test_council_and_decisions.py."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import AwardDecision, Nomination
from awards.services import issue_decision, record_council, send_to_central
from tests.awards.helpers import decide, nomination, passed_council, person, session
from units.models import IssuingBody, Unit, issuing_body

D = datetime.date
SUBMITTED_ON = D(2024, 12, 2)

pytestmark = pytest.mark.django_db


def received(proposal, *, by, province_staff, submitted_on=SUBMITTED_ON):
    proposal.submit(by=by, submission_number="45/TTr-UBND", submitted_on=submitted_on)
    proposal.receive(by=province_staff)
    return proposal


def national(name, province_staff):
    """A Prime Minister's Bằng khen proposed by the province itself, received."""
    proposal = nomination(
        person(name, by=province_staff),
        by=province_staff,
        kind_code="bang-khen-thu-tuong",
        proposer="91",
    )
    return received(proposal, by=province_staff, province_staff=province_staff)


def with_central_submission(meeting):
    meeting.central_submission_number = "412/TTr-UBND"
    meeting.central_submission_date = D(2025, 1, 15)
    meeting.central_submission_signer = "Lê Quốc Anh"
    return meeting


def steps_on_page(client, user, proposal):
    client.force_login(user)
    page = client.get(reverse("awards:nomination_detail", args=[proposal.pk])).content.decode()
    return page.split('id="events-title"', 1)[1]


def test_the_council_may_meet_the_day_the_proposal_was_submitted(officer, province_staff):
    """record_council: submitted_on > held_on is refused, the same day is not
    (x_record_council__mutmut_2: `>=`)."""
    proposal = received(
        nomination(person("Lý Văn Cùng", by=officer), by=officer),
        by=officer,
        province_staff=province_staff,
        submitted_on=D(2025, 1, 10),
    )
    meeting = session(proposal.phase, by=province_staff)  # held on 10/01/2025
    record_council(session=meeting, votes={proposal: (6, 1, 0)}, by=province_staff)
    proposal.refresh_from_db()
    assert proposal.state == Nomination.State.REVIEWED


def test_the_proposals_page_shows_each_vote_and_whether_it_passed(client, officer, province_staff):
    """record_council: the step's reason gives the three counts and the outcome, “thông qua” or
    “không thông qua” (x_record_council__mutmut_21, _22, _23); the vote's history names who
    entered it (x_record_council__mutmut_20)."""
    passing = received(
        nomination(person("Lý Văn Đạt", by=officer), by=officer),
        by=officer,
        province_staff=province_staff,
    )
    failing = received(
        nomination(person("Lý Văn Trượt", by=officer), by=officer),
        by=officer,
        province_staff=province_staff,
    )
    meeting = session(passing.phase, by=province_staff)
    record_council(
        session=meeting, votes={passing: (5, 1, 1), failing: (3, 3, 1)}, by=province_staff
    )
    assert "Tán thành 5, không tán thành 1, không biểu quyết 1 — thông qua." in steps_on_page(
        client, province_staff, passing
    )
    assert "Tán thành 3, không tán thành 3, không biểu quyết 1 — không thông qua." in steps_on_page(
        client, province_staff, failing
    )
    assert passing.council_vote().history.get().history_user == province_staff


def test_the_tờ_trình_sends_up_only_the_national_kinds_its_own_session_passed(
    client, officer, province_staff
):
    """national_passed: the session's own votes (x_national_passed__mutmut_8), not a national
    kind another session passed; send_to_central: each proposal's step reads “Tờ trình số …
    ngày …” (x_send_to_central__mutmut_11, _14) and the session's history names who recorded
    the tờ trình (x_send_to_central__mutmut_8)."""
    ours = national("Võ Minh Khoa", province_staff)
    provincial = received(
        nomination(person("Huỳnh Văn Quý", by=officer), by=officer),
        by=officer,
        province_staff=province_staff,
    )
    meeting = session(ours.phase, by=province_staff)
    record_council(
        session=meeting, votes={ours: (7, 0, 0), provincial: (7, 0, 0)}, by=province_staff
    )
    theirs = national("Võ Thị Mai", province_staff)
    other_meeting = session(theirs.phase, by=province_staff)
    record_council(session=other_meeting, votes={theirs: (7, 0, 0)}, by=province_staff)

    sent = send_to_central(session=with_central_submission(meeting), by=province_staff)

    assert sent == [ours]
    for proposal in (ours, provincial, theirs):
        proposal.refresh_from_db()
    assert ours.state == Nomination.State.TO_CENTRAL
    assert (provincial.state, theirs.state) == (Nomination.State.REVIEWED,) * 2
    assert "Trình Trung ương" in steps_on_page(client, province_staff, ours)
    assert "Tờ trình số 412/TTr-UBND ngày 15/01/2025" in steps_on_page(client, province_staff, ours)
    assert meeting.history.first().history_user == province_staff


def test_a_second_tờ_trình_for_the_same_session_finds_nothing_left_to_send(province_staff):
    """national_passed: only proposals still waiting (REVIEWED), not those already sent
    (x_national_passed__mutmut_10); send_to_central's refusal, word for word
    (x_send_to_central__mutmut_4 to _7)."""
    proposal = national("Võ Minh Khoa", province_staff)
    meeting = session(proposal.phase, by=province_staff)
    record_council(session=meeting, votes={proposal: (7, 0, 0)}, by=province_staff)
    send_to_central(session=with_central_submission(meeting), by=province_staff)
    with pytest.raises(ValidationError) as refused:
        send_to_central(session=meeting, by=province_staff)
    assert refused.value.messages == [
        "Phiên họp không có đề nghị khen thưởng cấp Nhà nước nào được thông qua đang chờ trình "
        "Trung ương."
    ]


def test_a_district_award_decided_without_an_issuer_is_the_districts_own_committees(
    officer,
):
    """_decision_issuer: without an issuer set, a district kind's decision is its proposing
    district's committee, not any district's (x__decision_issuer__mutmut_5, _6, _11, _14)."""
    proposal = nomination(
        person("Phạm Văn Được", 1962, by=officer),
        by=officer,
        kind_code="giay-khen-chu-tich-ubnd-huyen",
    )
    proposal.submit(by=officer, submission_number="8/TTr-VP", submitted_on=D(2025, 3, 2))
    decision = AwardDecision(
        number="15/QĐ-UBND", issued_on=D(2025, 3, 20), signer="Nguyễn Văn Út",
        phase=proposal.phase, created_by=officer,
    )  # fmt: skip
    issue_decision(decision=decision, nominations=[proposal], by=officer)
    assert decision.issuer.authority == "Chủ tịch Ủy ban nhân dân huyện Vĩnh Thuận"
    proposal.refresh_from_db()
    assert proposal.state == Nomination.State.DECIDED
    assert proposal.award_record.issuer == "Chủ tịch Ủy ban nhân dân huyện Vĩnh Thuận"


def district_award(officer, *, submit=True):
    proposal = nomination(
        person("Phạm Văn Được", 1962, by=officer),
        by=officer,
        kind_code="giay-khen-chu-tich-ubnd-huyen",
    )
    if submit:
        proposal.submit(by=officer, submission_number="8/TTr-VP", submitted_on=D(2025, 3, 2))
    return proposal


def refusal(decision, proposal, by):
    with pytest.raises(ValidationError) as refused:
        issue_decision(decision=decision, nominations=[proposal], by=by)
    proposal.refresh_from_db()
    assert proposal.decision_id is None
    return refused.value.messages


def district_decision(district_code, proposal, by):
    district = Unit.objects.get(code=district_code, valid_from__isnull=True)
    return AwardDecision(
        number="15/QĐ-UBND", issued_on=D(2025, 3, 20), signer="Nguyễn Văn Út",
        phase=proposal.phase, created_by=by,
        issuer=issuing_body(IssuingBody.Kind.DISTRICT_COMMITTEE, on=D(2025, 3, 20), unit=district),
    )  # fmt: skip


def test_a_district_cannot_decide_another_districts_proposal(officer, other_officer):
    """_ensure_fits_decision: a proposal of Vĩnh Thuận in An Biên's decision is refused, naming
    the issuer (x__ensure_fits_decision__mutmut_9)."""
    proposal = district_award(officer)
    messages = refusal(district_decision("908", proposal, other_officer), proposal, other_officer)
    assert messages == [
        "Ông Phạm Văn Được: đề nghị của đơn vị khác, Chủ tịch Ủy ban nhân dân huyện An Biên "
        "không quyết định được."
    ]


def test_a_district_cannot_decide_a_proposal_not_yet_submitted(officer):
    """_ensure_fits_decision: a district kind is decided only once submitted
    (x__ensure_fits_decision__mutmut_11)."""
    proposal = district_award(officer, submit=False)
    messages = refusal(district_decision("910", proposal, officer), proposal, officer)
    assert messages == ["Ông Phạm Văn Được: đề nghị chưa được trình."]


def test_a_central_decision_needs_the_provinces_tờ_trình_first(province_staff):
    """_ensure_fits_decision: a national kind the council passed but the province has not sent
    up is refused for the Prime Minister's decision (x__ensure_fits_decision__mutmut_14)."""
    proposal = national("Võ Minh Khoa", province_staff)
    meeting = session(proposal.phase, by=province_staff)
    record_council(session=meeting, votes={proposal: (7, 0, 0)}, by=province_staff)
    decision = AwardDecision(
        number="88/QĐ-TTg", issued_on=D(2025, 3, 20), signer="Phạm Minh Chính",
        phase=proposal.phase, session=meeting, created_by=province_staff,
        issuer=issuing_body(IssuingBody.Kind.PRIME_MINISTER, on=D(2025, 3, 20)),
    )  # fmt: skip
    assert refusal(decision, proposal, province_staff) == [
        "Ông Võ Minh Khoa: “Bằng khen của Thủ tướng Chính phủ” phải được tỉnh trình Trung ương "
        "trước khi ghi quyết định của Trung ương."
    ]


def test_a_district_decision_may_be_signed_the_day_of_the_tờ_trình_not_the_day_before(officer):
    """_ensure_fits_decision: issued_on < submitted_on refused with both dates, the same day
    accepted (x__ensure_fits_decision__mutmut_21 to _24)."""
    proposal = district_award(officer)  # submitted on 02/03/2025
    early = district_decision("910", proposal, officer)
    early.issued_on = D(2025, 3, 1)
    assert refusal(early, proposal, officer) == [
        "Ông Phạm Văn Được: quyết định ngày 01/03/2025 không thể trước ngày trình đề nghị "
        "(02/03/2025)."
    ]
    same_day = district_decision("910", proposal, officer)
    same_day.issued_on = D(2025, 3, 2)
    issue_decision(decision=same_day, nominations=[proposal], by=officer)
    proposal.refresh_from_db()
    assert proposal.state == Nomination.State.DECIDED


def test_a_decision_with_no_proposal_ticked_says_to_choose_one(client, officer, province_staff):
    """issue_decision: nothing picked on the decision page is refused with its message
    (x_issue_decision__mutmut_2 to _5)."""
    proposal = received(
        nomination(person("Ngô Văn Trúc", by=officer), by=officer),
        by=officer,
        province_staff=province_staff,
    )
    meeting = session(proposal.phase, by=province_staff)
    record_council(session=meeting, votes={proposal: (7, 0, 0)}, by=province_staff)
    client.force_login(province_staff)
    response = client.post(
        reverse("awards:decision_create", args=[meeting.pk]),
        {
            "issuer_kind": "ubnd_tinh", "number": "55/QĐ-UBND", "signer": "Lê Quốc Anh",
            "signed_by_deputy": "on", "summary": "Về việc tặng Bằng khen",
            "issued_on": "20/01/2025",
        },
    )  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert "<li>Chọn ít nhất một đề nghị để quyết định khen thưởng.</li>" in page
    assert not AwardDecision.objects.exists()


def provincial_decision(meeting, by, number="55/QĐ-UBND"):
    return AwardDecision(
        number=number, issued_on=D(2025, 1, 20), signer="Lê Quốc Anh",
        phase=meeting.phase, session=meeting, created_by=by,
        issuer=issuing_body(IssuingBody.Kind.PROVINCE_COMMITTEE, on=D(2025, 1, 20)),
    )  # fmt: skip


def passed(names, officer, province_staff):
    proposals = [
        received(
            nomination(person(name, by=officer), by=officer),
            by=officer,
            province_staff=province_staff,
        )
        for name in names
    ]
    meeting = session(proposals[0].phase, by=province_staff)
    record_council(session=meeting, votes={p: (7, 0, 0) for p in proposals}, by=province_staff)
    return proposals, meeting


def test_a_number_already_used_is_said_once_beside_the_number(client, officer, province_staff):
    """issue_decision: the number's own message, once; the decision's history names who
    recorded it (x_issue_decision__mutmut_13)."""
    (first, second), meeting = passed(["Ngô Văn Trúc", "Bùi Thị Cúc"], officer, province_staff)
    client.force_login(province_staff)
    data = {
        "issuer_kind": "ubnd_tinh", "number": "55/QĐ-UBND", "signer": "Lê Quốc Anh",
        "signed_by_deputy": "on", "summary": "Về việc tặng Bằng khen", "issued_on": "20/01/2025",
    }  # fmt: skip
    url = reverse("awards:decision_create", args=[meeting.pk])
    assert client.post(url, {**data, "nominations": [first.pk]}).status_code == 302
    again = client.post(url, {**data, "nominations": [second.pk]})
    assert again.status_code == 200
    page = again.content.decode()
    assert page.count(AwardDecision.NUMBER_TAKEN) == 1
    assert again.context["form"].non_field_errors() == []
    decision = AwardDecision.objects.get()
    assert decision.history.get().history_user == province_staff


def test_two_clerks_recording_the_same_number_at_once_get_the_numbers_message(
    monkeypatch, officer, province_staff
):
    """issue_decision: the number free when checked but taken by another clerk before the save
    (the database constraint) is the number's field error, and nothing is decided
    (x_issue_decision__mutmut_20, _21, _22)."""
    (first, second), meeting = passed(["Ngô Văn Trúc", "Bùi Thị Cúc"], officer, province_staff)
    other_clerk = provincial_decision(meeting, province_staff)
    checked = AwardDecision.full_clean

    def checked_then_taken(self, *args, **kwargs):
        checked(self, *args, **kwargs)
        if self is not other_clerk and not other_clerk.pk:
            other_clerk.save()

    monkeypatch.setattr(AwardDecision, "full_clean", checked_then_taken)
    with pytest.raises(ValidationError) as refused:
        issue_decision(
            decision=provincial_decision(meeting, province_staff),
            nominations=[second],
            by=province_staff,
        )
    assert refused.value.message_dict == {"number": [AwardDecision.NUMBER_TAKEN]}
    second.refresh_from_db()
    assert second.state == Nomination.State.REVIEWED and second.decision_id is None


def test_a_decided_award_enters_the_persons_history_with_its_decision(
    client, officer, province_staff
):
    """_decide: the decision step reads “Quyết định số …” (x__decide__mutmut_23, _28); the
    award history row carries the decision's number, date and issuer (x__decide__mutmut_36,
    _43, _44, _45), its proposal (not deletable by hand, x__decide__mutmut_39) and its phase
    (named in the refusal of a second proposal, x__decide__mutmut_38)."""
    nominee = person("Huỳnh Văn Quý", by=officer)
    proposal = nomination(nominee, by=officer)
    meeting = passed_council([proposal], province_staff, officer)
    decide([proposal], meeting, province_staff, number="1234/QĐ-UBND", on=D(2025, 9, 5))
    assert ": Quyết định số 1234/QĐ-UBND</li>" in steps_on_page(client, province_staff, proposal)

    page = client.get(reverse("awards:nominee_detail", args=[nominee.pk])).content.decode()
    row = page[page.index("<td>2024</td>") :].split("</tr>", 1)[0]
    assert "1234/QĐ-UBND" in row and "05/09/2025" in row
    assert "Chủ tịch Ủy ban nhân dân tỉnh An Giang" in row
    assert reverse("awards:award_record_delete", args=[proposal.award_record.pk]) not in page

    with pytest.raises(ValidationError) as refused:
        nomination(nominee, by=officer).submit(by=officer)
    assert refused.value.messages == [
        "Chưa trình được — Một thành tích chỉ khen thưởng một lần (Điều 5 Luật Thi đua, khen "
        f"thưởng 2022): Ông Huỳnh Văn Quý đã được tặng Bằng khen của Chủ tịch Ủy ban nhân dân "
        f"tỉnh cho {proposal.phase} theo Quyết định số 1234/QĐ-UBND (Chủ tịch Ủy ban nhân dân "
        "tỉnh An Giang)."
    ]


def test_the_award_a_decision_enters_is_signed_in_the_persons_history_by_its_clerk(
    client, officer, province_staff
):
    """_decide: the award history row the decision adds is the clerk's in the person's edit
    history, not “Hệ thống (dữ liệu danh mục)” (x__decide__mutmut_48: the row saved with no
    user)."""
    province_staff.first_name = "Trần Thị Thảo"
    province_staff.save()
    nominee = person("Huỳnh Văn Quý", by=officer)
    proposal = nomination(nominee, by=officer)
    meeting = passed_council([proposal], province_staff, officer)
    decide([proposal], meeting, province_staff, number="1234/QĐ-UBND", on=D(2025, 9, 5))

    client.force_login(province_staff)
    page = client.get(reverse("awards:nominee_detail", args=[nominee.pk])).content.decode()
    history = page.split('id="history-title"', 1)[1]
    record = str(proposal.award_record)
    rows = [row for row in history.split("<tr>") if f"<td>{record}</td>" in row]
    assert len(rows) == 1
    assert "<td>Trần Thị Thảo</td>" in rows[0] and "Tạo mới" in rows[0]
