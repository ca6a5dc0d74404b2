"""Award rules that no other test held (#18): the interval between two awards of the same kind,
a council vote of exactly half, the multiple in force on the decision date, a nomination for NTM
results resting on a revoked recognition, and the total of a decision with several lines.

Each is checked where a person notices it: the refusal when a nomination is submitted or
decided, the vote on the session page, the amounts and the total on the decision page and in
the printed decision."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards.models import AwardAmount, Nomination, Prerequisite
from awards.nominating import record_council
from targets.models import Certification
from tests.awards.helpers import (
    collective,
    decide,
    kind,
    nomination,
    passed_council,
    pdf_text,
    person,
    record,
    session,
)
from tests.factories import certify

pytestmark = pytest.mark.django_db

D = datetime.date
BANG_KHEN = "bang-khen-chu-tich-ubnd-tinh"


def submitted(proposal, officer):
    proposal.submit(by=officer, submission_number="45/TTr-UBND", submitted_on=D(2024, 12, 2))
    return proposal


def refusal(proposal, officer):
    """The refusal an officer reads when submitting, and the state it leaves."""
    with pytest.raises(ValidationError) as refused:
        submitted(proposal, officer)
    proposal.refresh_from_db()
    assert proposal.state == Nomination.State.DRAFT
    return " ".join(refused.value.messages)


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


# --- 5. the minimum interval between two awards of the same kind --------------------------------


@pytest.fixture
def two_year_interval(db):
    """An interval staff record for the provincial Bằng khen, for the test (the fixture loads no
    interval rule: none was confirmed in the law's text)."""
    return Prerequisite.objects.create(
        kind=kind(BANG_KHEN),
        min_interval_years=2,
        article="Khoảng cách ghi cho kiểm thử",
    )


def test_an_award_of_the_same_kind_inside_the_interval_is_refused_naming_the_last_one(
    officer, two_year_interval
):
    nominee = person("Trần Văn Khải", 1970, by=officer)
    record(nominee, BANG_KHEN, 2020, number="5/QĐ-UBND")
    record(nominee, BANG_KHEN, 2023, number="812/QĐ-UBND")
    message = refusal(nomination(nominee, by=officer), officer)  # phase: yearly review 2024
    assert "chỉ xét lại sau ít nhất 2 năm (Khoảng cách ghi cho kiểm thử)" in message
    assert "được tặng năm 2023 theo Quyết định số 812/QĐ-UBND" in message


def test_an_award_of_the_same_kind_once_the_interval_has_passed_is_submitted(
    officer, two_year_interval
):
    nominee = person("Trần Văn Lợi", 1971, by=officer)
    record(nominee, BANG_KHEN, 2022, number="640/QĐ-UBND")  # 2024 − 2022 = 2 years
    proposal = submitted(nomination(nominee, by=officer), officer)
    assert proposal.state == Nomination.State.SUBMITTED


def test_an_award_of_another_kind_does_not_start_the_interval(officer, two_year_interval):
    nominee = person("Trần Văn Mạnh", 1972, by=officer)
    record(nominee, "chien-si-thi-dua-co-so", 2023, number="90/QĐ-UBND")
    proposal = submitted(nomination(nominee, by=officer), officer)
    assert proposal.state == Nomination.State.SUBMITTED


# --- 6. a council vote of exactly half ----------------------------------------------------------


def test_exactly_half_of_the_council_does_not_pass_more_than_half_does(
    client, officer, province_staff
):
    half = nomination(person("Phan Văn Nghĩa", 1968, by=officer), by=officer)
    more = nomination(person("Phan Thị Oanh", 1978, sex="female", by=officer), by=officer)
    for proposal in (half, more):
        submitted(proposal, officer)
        proposal.receive(by=province_staff)
    meeting = session(half.phase, by=province_staff, members_total=10, present=10)
    assert meeting.required_percent == 50
    record_council(session=meeting, votes={half: (5, 5, 0), more: (6, 4, 0)}, by=province_staff)
    assert (half.council_vote().passed, more.council_vote().passed) == (False, True)
    text = page(client, province_staff, f"/awards/sessions/{meeting.pk}/")
    rows = text.split("<tr>")
    assert any("Phan Văn Nghĩa" in row and "Không thông qua" in row for row in rows)
    assert any("Phan Thị Oanh" in row and "Thông qua" in row for row in rows)
    assert not any("Phan Thị Oanh" in row and "Không thông qua" in row for row in rows)
    # The one at exactly half cannot be decided.
    with pytest.raises(ValidationError, match="hội đồng chưa thông qua"):
        decide([half], meeting, province_staff, number="500/QĐ-UBND", on=D(2025, 9, 5))


# --- 7. the multiple in force on the decision date ----------------------------------------------


@pytest.fixture
def an_earlier_multiple(db):
    """Beside the multiple of Decree 152/2025 from 01/07/2025 (1,5), an earlier one recorded by
    staff for the test (1,0 from 01/01/2024), so that the kind has two rates in time."""
    AwardAmount.objects.update_or_create(
        kind=kind(BANG_KHEN),
        recipient_type="individual",
        valid_from=D(2024, 1, 1),
        defaults={"multiple": "1.0", "article": "Hệ số ghi cho kiểm thử"},
    )


def test_a_decision_takes_the_multiple_in_force_on_its_date_not_the_first_one(
    client, officer, province_staff, an_earlier_multiple
):
    proposal = nomination(person("Võ Văn Phúc", 1966, by=officer), by=officer)
    meeting = passed_council([proposal], province_staff, officer)
    decision = decide([proposal], meeting, province_staff, number="610/QĐ-UBND", on=D(2025, 9, 5))
    proposal.refresh_from_db()
    assert proposal.amount == 3_510_000  # 1,5 × 2.340.000 (Decree 152/2025, art. 54.1)
    text = page(client, province_staff, f"/awards/decisions/{decision.pk}/")
    assert "3.510.000" in text and "2.340.000" not in text


def test_a_decision_before_a_new_multiple_takes_the_one_then_in_force(
    officer, province_staff, an_earlier_multiple
):
    proposal = nomination(person("Võ Văn Quang", 1967, by=officer), by=officer)
    meeting = passed_council([proposal], province_staff, officer)
    decide([proposal], meeting, province_staff, number="611/QĐ-UBND", on=D(2025, 3, 5))
    proposal.refresh_from_db()
    assert proposal.amount == 2_340_000  # 1,0 × 2.340.000


# --- 8. a nomination for NTM results on a revoked recognition -----------------------------------


def ntm_nomination(officer):
    return nomination(collective("31060", by=officer), by=officer, ntm_standard="ntm")


def test_a_nomination_for_ntm_results_is_refused_when_the_recognition_was_revoked(officer):
    certify(
        "31060",
        "ntm",
        2021,
        "50/QĐ-UBND",
        D(2022, 1, 10),
        revoked_on=D(2024, 6, 30),
        revocation_number="60/QĐ-UBND",
    )
    message = refusal(ntm_nomination(officer), officer)
    assert "Khen thưởng vì kết quả xây dựng NTM phải có quyết định công nhận" in message
    assert "Xã Vĩnh Bình Bắc chưa có quyết định công nhận" in message


def test_a_nomination_for_ntm_results_on_a_recognition_in_force_is_submitted(officer):
    certify("31060", "ntm", 2021, "50/QĐ-UBND", D(2022, 1, 10))
    proposal = submitted(ntm_nomination(officer), officer)
    assert proposal.state == Nomination.State.SUBMITTED


def test_a_recognition_revoked_while_the_nomination_waits_stops_the_decision(
    officer, province_staff
):
    certify("31060", "ntm", 2021, "50/QĐ-UBND", D(2022, 1, 10))
    proposal = ntm_nomination(officer)
    meeting = passed_council([proposal], province_staff, officer)
    Certification.objects.get(unit__code="31060").revoke(
        number="95/QĐ-UBND", on=D(2024, 9, 1), reason="Không duy trì tiêu chí"
    )
    with pytest.raises(ValidationError) as refused:
        decide([proposal], meeting, province_staff, number="620/QĐ-UBND", on=D(2025, 9, 5))
    assert "Khen thưởng vì kết quả xây dựng NTM phải có quyết định công nhận" in " ".join(
        refused.value.messages
    )
    proposal.refresh_from_db()
    assert proposal.state != Nomination.State.DECIDED and proposal.decision_id is None


def test_a_recognition_revoked_after_the_phase_year_but_before_the_decision_stops_it(
    officer, province_staff
):
    certify("31060", "ntm", 2021, "50/QĐ-UBND", D(2022, 1, 10))
    proposal = ntm_nomination(officer)
    meeting = passed_council([proposal], province_staff, officer)
    Certification.objects.get(unit__code="31060").revoke(
        number="96/QĐ-UBND", on=D(2025, 3, 1), reason="Không duy trì tiêu chí"
    )
    with pytest.raises(ValidationError, match="phải có quyết định công nhận") as refused:
        decide([proposal], meeting, province_staff, number="621/QĐ-UBND", on=D(2025, 9, 5))
    assert "đã bị thu hồi, không còn hiệu lực vào ngày 05/09/2025" in " ".join(
        refused.value.messages
    )


def test_a_recognition_revoked_after_the_decision_does_not_undo_it(officer, province_staff):
    certify("31060", "ntm", 2021, "50/QĐ-UBND", D(2022, 1, 10))
    proposal = ntm_nomination(officer)
    meeting = passed_council([proposal], province_staff, officer)
    Certification.objects.get(unit__code="31060").revoke(
        number="97/QĐ-UBND", on=D(2025, 10, 1), reason="Không duy trì tiêu chí"
    )
    decision = decide([proposal], meeting, province_staff, number="622/QĐ-UBND", on=D(2025, 9, 5))
    proposal.refresh_from_db()
    assert proposal.decision_id == decision.pk


# --- 9. the total of a decision is the sum of all its lines -------------------------------------


def test_a_decisions_total_adds_every_line_on_its_page_and_in_print(
    client, officer, province_staff
):
    proposals = [
        nomination(person("Đặng Văn Sơn", 1965, by=officer), by=officer),
        nomination(person("Đặng Thị Tư", 1975, sex="female", by=officer), by=officer),
        nomination(person("Đặng Văn Út", 1980, by=officer), by=officer),
    ]
    meeting = passed_council(proposals, province_staff, officer)
    decision = decide(proposals, meeting, province_staff, number="630/QĐ-UBND", on=D(2025, 9, 5))
    # Three individuals, 1,5 × 2.340.000 = 3.510.000 each.
    text = page(client, province_staff, f"/awards/decisions/{decision.pk}/")
    assert "Tổng cộng" in text
    assert text.split("Tổng cộng")[1].split("</tr>")[0].count("10.530.000") == 1
    response = client.get(f"/awards/decisions/{decision.pk}/document.pdf")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    printed, _reader = pdf_text(content)
    assert "tổng cộng 10.530.000 đồng" in " ".join(printed.split())
