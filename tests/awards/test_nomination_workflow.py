"""Every step of a nomination through the pages, each with the roles that may not take it."""

import pytest

from awards.models import Nomination, NominationEvent
from tests.awards.helpers import collective, kind, nomination, participant, person, phase, session
from tests.conftest import status_as

S = Nomination.State


def _set_state(proposal, state):
    Nomination.objects.filter(pk=proposal.pk).update(state=state)
    proposal.refresh_from_db()


@pytest.fixture
def draft(officer):
    return nomination(person("Nguyễn Văn An", 1975, by=officer), by=officer)


def test_district_officer_proposes_within_district_and_sees_the_draft(client, officer):
    nominee = person("Nguyễn Văn Bình", 1971, by=officer)
    client.force_login(officer)
    response = client.post(
        "/awards/new/",
        {
            "phase": phase().pk,
            "proposer": participant("910").pk,
            "nominee": nominee.pk,
            "kind": kind("bang-khen-chu-tich-ubnd-tinh").pk,
            "background": "Sinh ra tại Vĩnh Thuận.",
            "achievements": "Vận động nhân dân hiến đất làm đường.",
        },
    )
    assert response.status_code == 302
    proposal = Nomination.objects.get(nominee=nominee)
    assert proposal.state == S.DRAFT and proposal.district.code == "910"
    assert proposal.report_form == Nomination.ReportForm.THEMATIC
    assert list(proposal.events.values_list("action", flat=True)) == ["create"]


def test_officer_cannot_propose_a_nominee_of_another_district(client, officer, other_officer):
    outsider = person("Trần Văn Cường", 1970, district="908", by=other_officer)
    client.force_login(officer)
    response = client.post(
        "/awards/new/",
        {
            "phase": phase().pk,
            "proposer": participant("910").pk,
            "nominee": outsider.pk,
            "kind": kind("bang-khen-chu-tich-ubnd-tinh").pk,
        },
    )
    assert response.status_code == 403
    assert not Nomination.objects.filter(nominee=outsider).exists()


def test_submit_records_an_event_in_the_same_step(client, officer, draft):
    client.force_login(officer)
    client.post(f"/awards/{draft.pk}/submit/", {"submit-submission_number": "45/TTr-UBND"})
    draft.refresh_from_db()
    assert draft.state == S.SUBMITTED and draft.submission_number == "45/TTr-UBND"
    event = draft.events.last()
    assert (event.action, event.from_state, event.to_state, event.actor) == (
        "submit",
        "draft",
        "submitted",
        officer,
    )


def test_wrong_roles_cannot_submit(client, cast, draft):
    for role in ("other_officer", "leadership"):
        code, _ = status_as(client, cast[role], "post", f"/awards/{draft.pk}/submit/")
        assert code == 403, role
    draft.refresh_from_db()
    assert draft.state == S.DRAFT


@pytest.mark.parametrize(
    ("step", "start", "data", "end"),
    [
        ("receive", S.SUBMITTED, {}, S.RECEIVED),
        (
            "return",
            S.SUBMITTED,
            {"return-reason": "Thiếu báo cáo thành tích có xác nhận."},
            S.RETURNED,
        ),
        ("return", S.RECEIVED, {"return-reason": "Bổ sung số liệu năm 2024."}, S.RETURNED),
        ("reject", S.REVIEWED, {"reject-reason": "Hội đồng không thông qua."}, S.REJECTED),
    ],
)
def test_province_steps_and_the_roles_refused(client, cast, draft, step, start, data, end):
    _set_state(draft, start)
    for role in ("officer", "other_officer", "leadership"):
        code, _ = status_as(client, cast[role], "post", f"/awards/{draft.pk}/{step}/", data)
        assert code == 403, (role, step)
    draft.refresh_from_db()
    assert draft.state == start
    status_as(client, cast["province_staff"], "post", f"/awards/{draft.pk}/{step}/", data)
    draft.refresh_from_db()
    assert draft.state == end
    assert draft.events.last().action == step


def test_return_and_reject_need_a_reason(client, province_staff, draft):
    _set_state(draft, S.SUBMITTED)
    client.force_login(province_staff)
    response = client.post(f"/awards/{draft.pk}/return/", {"return-reason": " "})
    assert "Lý do" in response.content.decode() or "lý do" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == S.SUBMITTED


def test_a_step_from_the_wrong_state_changes_nothing_and_says_why(client, province_staff, draft):
    client.force_login(province_staff)
    response = client.post(f"/awards/{draft.pk}/receive/", follow=True)
    assert "không thể tiếp nhận" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == S.DRAFT and draft.events.count() == 1


def test_returned_nomination_can_be_submitted_again(client, officer, draft):
    _set_state(draft, S.RETURNED)
    client.force_login(officer)
    client.post(f"/awards/{draft.pk}/submit/")
    draft.refresh_from_db()
    assert draft.state == S.SUBMITTED


@pytest.mark.parametrize("start", [S.DRAFT, S.SUBMITTED, S.RECEIVED, S.RETURNED, S.REVIEWED])
def test_withdraw_before_a_decision(client, cast, draft, start):
    _set_state(draft, start)
    for role in ("other_officer", "leadership"):
        code, _ = status_as(client, cast[role], "post", f"/awards/{draft.pk}/withdraw/")
        assert code == 403
    status_as(client, cast["officer"], "post", f"/awards/{draft.pk}/withdraw/")
    draft.refresh_from_db()
    assert draft.state == S.WITHDRAWN


@pytest.mark.parametrize("end", [S.DECIDED, S.REJECTED])
def test_no_withdrawal_after_the_outcome(client, officer, draft, end):
    Nomination.objects.filter(pk=draft.pk).update(state=S.REJECTED)
    status_as(client, officer, "post", f"/awards/{draft.pk}/withdraw/")
    draft.refresh_from_db()
    assert draft.state == S.REJECTED


def test_escalation_carries_the_same_achievement_upwards(client, cast, officer):
    nominee = collective("910", by=officer)
    proposal = nomination(nominee, by=officer)
    participant("91")  # the province takes part and proposes national awards
    _set_state(proposal, S.REVIEWED)
    data = {
        "escalate-kind": kind("bang-khen-thu-tuong").pk,
        "escalate-reason": "Thành tích tiêu biểu toàn quốc.",
    }
    for role in ("officer", "leadership"):
        code, _ = status_as(client, cast[role], "post", f"/awards/{proposal.pk}/escalate/", data)
        assert code == 403
    status_as(client, cast["province_staff"], "post", f"/awards/{proposal.pk}/escalate/", data)
    proposal.refresh_from_db()
    higher = Nomination.objects.get(escalated_from=proposal)
    assert proposal.state == S.ESCALATED
    assert higher.kind.code == "bang-khen-thu-tuong" and higher.district is None
    assert higher.achievements == proposal.achievements
    assert higher.achievement_chain() == {proposal.pk, higher.pk}


def test_council_vote_moves_nominations_to_reviewed_with_the_share_rule(client, cast, officer):
    passing = nomination(person("Lê Văn Dũng", 1969, by=officer), by=officer)
    failing = nomination(person("Lê Thị Em", 1979, sex="female", by=officer), by=officer)
    for proposal in (passing, failing):
        _set_state(proposal, S.RECEIVED)
    meeting = session(phase(), by=cast["province_staff"], members_total=9, present=7)
    data = {
        f"n{passing.pk}-votes_for": 5, f"n{passing.pk}-votes_against": 1, f"n{passing.pk}-votes_abstain": 1,
        f"n{failing.pk}-votes_for": 4, f"n{failing.pk}-votes_against": 3, f"n{failing.pk}-votes_abstain": 0,
    }  # fmt: skip
    for role in ("officer", "leadership"):
        code, _ = status_as(client, cast[role], "post", f"/awards/sessions/{meeting.pk}/", data)
        assert code == 403
    status_as(client, cast["province_staff"], "post", f"/awards/sessions/{meeting.pk}/", data)
    passing.refresh_from_db()
    failing.refresh_from_db()
    assert (passing.state, failing.state) == (S.REVIEWED, S.NOT_PASSED)
    assert passing.council_vote().passed  # 5 of 9 members: more than 50 %
    assert not failing.council_vote().passed  # 4 of 9: not more than half
    assert passing.events.last().action == NominationEvent.Action.REVIEW
    assert failing.events.last().action == NominationEvent.Action.FAIL


def test_votes_above_members_present_are_refused(client, province_staff, officer):
    proposal = nomination(person("Lê Văn Giàu", 1969, by=officer), by=officer)
    _set_state(proposal, S.RECEIVED)
    meeting = session(phase(), by=province_staff, members_total=9, present=5)
    client.force_login(province_staff)
    response = client.post(
        f"/awards/sessions/{meeting.pk}/",
        {
            f"n{proposal.pk}-votes_for": 5,
            f"n{proposal.pk}-votes_against": 1,
            f"n{proposal.pk}-votes_abstain": 0,
        },
        follow=True,
    )
    assert "nhiều hơn số thành viên có mặt" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == S.RECEIVED
