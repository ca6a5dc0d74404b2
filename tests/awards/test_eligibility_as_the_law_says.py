"""#20 point 5: prerequisites as data with their articles, one award per achievement across
phases and decisions, disciplinary holds; imported and merged history counts the same way."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards.checks import RULE_HOLD, RULE_ONE_AWARD, RULE_PREREQUISITE
from awards.models import DisciplinaryHold, Nomination, Prerequisite
from awards.services import merge_nominees
from tests.awards.helpers import collective, nomination, person, phase, record


def refused(proposal, by):
    with pytest.raises(ValidationError) as caught:
        proposal.submit(by=by)
    proposal.refresh_from_db()
    assert proposal.state == Nomination.State.DRAFT
    return " ".join(caught.value.messages)


def submitted(proposal, by):
    proposal.submit(by=by)
    proposal.refresh_from_db()
    return proposal.state == Nomination.State.SUBMITTED


@pytest.mark.parametrize(
    ("kind_code", "required_code", "times", "article"),
    [
        (
            "chien-si-thi-dua-tinh",
            "chien-si-thi-dua-co-so",
            3,
            "Điều 22 Luật Thi đua, khen thưởng 06/2022/QH15",
        ),
        (
            "chien-si-thi-dua-toan-quoc",
            "chien-si-thi-dua-tinh",
            2,
            "Điều 21 khoản 1 Luật Thi đua, khen thưởng 06/2022/QH15",
        ),
        (
            "co-thi-dua-chinh-phu",
            "co-thi-dua-ubnd-tinh",
            1,
            "Điều 26 Luật Thi đua, khen thưởng 06/2022/QH15",
        ),
    ],
)
def test_each_prerequisite_is_data_with_its_article(db, kind_code, required_code, times, article):
    prerequisite = Prerequisite.objects.get(kind__code=kind_code)
    assert prerequisite.required_kind.code == required_code
    assert prerequisite.consecutive_times == times
    assert prerequisite.article == article


def test_provincial_emulation_fighter_needs_three_consecutive_grassroots_titles(officer):
    nominee = person("Trần Văn Bình", 1971, by=officer)
    record(nominee, "chien-si-thi-dua-co-so", 2022, number="12/QĐ-UBND")
    record(nominee, "chien-si-thi-dua-co-so", 2023, number="13/QĐ-UBND")
    message = refused(nomination(nominee, by=officer, kind_code="chien-si-thi-dua-tinh"), officer)
    assert RULE_PREREQUISITE in message
    assert (
        "Chiến sĩ thi đua cấp tỉnh cần 3 lần liên tục Chiến sĩ thi đua cơ sở "
        "(Điều 22 Luật Thi đua, khen thưởng 06/2022/QH15); Ông Trần Văn Bình có: 2022, 2023."
    ) in message


def test_imported_grassroots_titles_in_three_consecutive_years_open_the_provincial_title(officer):
    nominee = person("Trần Văn Bình", 1971, by=officer)
    for year in (2021, 2022, 2023):
        # Typed or imported history: no phase, no nomination behind it.
        record(nominee, "chien-si-thi-dua-co-so", year, number=f"{year - 2000}/QĐ-UBND")
    assert submitted(nomination(nominee, by=officer, kind_code="chien-si-thi-dua-tinh"), officer)


def test_government_flag_needs_the_provincial_flag(province_staff):
    unit = collective("30871", by=province_staff)
    proposal = nomination(unit, by=province_staff, kind_code="co-thi-dua-chinh-phu", proposer="91")
    message = refused(proposal, province_staff)
    assert (
        "Cờ thi đua của Chính phủ cần 1 lần liên tục Cờ thi đua của Ủy ban nhân dân tỉnh "
        "(Điều 26 Luật Thi đua, khen thưởng 06/2022/QH15)"
    ) in message
    record(unit, "co-thi-dua-ubnd-tinh", 2023, number="88/QĐ-UBND")
    assert submitted(proposal, province_staff)


def test_an_imported_award_for_the_same_year_is_the_same_achievement(officer):
    nominee = person("Lê Văn Cường", 1969, by=officer)
    record(nominee, "bang-khen-chu-tich-ubnd-tinh", 2024, number="401/QĐ-UBND")  # no phase
    message = refused(nomination(nominee, by=officer, phase_=phase(year=2024)), officer)
    assert RULE_ONE_AWARD in message
    assert (
        "Ông Lê Văn Cường đã được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho thành "
        "tích năm 2024 theo Quyết định số 401/QĐ-UBND"
    ) in message
    # Another year is another achievement.
    assert submitted(nomination(nominee, by=officer, phase_=phase(year=2023)), officer)


def test_one_award_per_achievement_reads_the_merged_history(officer, province_staff):
    keep = person("Phạm Văn Kỷ", 1965, by=officer)
    merged = person("Pham Van Ky", 1966, by=officer)
    record(merged, "bang-khen-chu-tich-ubnd-tinh", 2024, number="402/QĐ-UBND", phase=phase())
    merge_nominees(keep=keep, merged=merged, by=province_staff)
    message = refused(nomination(keep, by=officer), officer)
    assert RULE_ONE_AWARD in message and "402/QĐ-UBND" in message


def test_a_pending_proposal_in_another_phase_of_the_same_year_is_the_same_achievement(officer):
    nominee = person("Võ Thị Lan", 1980, sex="female", by=officer)
    first = nomination(nominee, by=officer, phase_=phase(year=2024))
    first.submit(by=officer)
    second = nomination(
        nominee, by=officer, kind_code="chien-si-thi-dua-co-so", phase_=phase(year=2024)
    )
    message = refused(second, officer)
    assert RULE_ONE_AWARD in message and f"đề nghị số {first.pk}" in message


def test_a_disciplinary_hold_blocks_proposals_during_it_and_names_decree_98_article_4(
    officer, province_staff
):
    nominee = person("Đỗ Văn Hùng", 1970, by=officer)
    today = timezone.localdate()
    DisciplinaryHold.objects.create(
        nominee=nominee,
        reason=DisciplinaryHold.Reason.DISCIPLINE_REVIEW,
        starts_on=today - datetime.timedelta(days=10),
        basis="Thông báo 15/TB-UBND",
        created_by=province_staff,
    )
    message = refused(nomination(nominee, by=officer), officer)
    assert RULE_HOLD in message and "Điều 4 Nghị định 98/2023/NĐ-CP" in message
    assert "Đang bị xem xét kỷ luật từ" in message and "Thông báo 15/TB-UBND" in message


def test_a_hold_that_has_ended_no_longer_blocks(officer, province_staff):
    nominee = person("Đỗ Văn Hùng", 1970, by=officer)
    today = timezone.localdate()
    DisciplinaryHold.objects.create(
        nominee=nominee,
        reason=DisciplinaryHold.Reason.DISCIPLINE,
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=1),
        basis="Quyết định 7/QĐ-UBND",
        created_by=province_staff,
    )
    assert submitted(nomination(nominee, by=officer), officer)


def test_the_nominees_district_officer_records_a_hold_on_the_page_and_it_blocks(
    client, officer, other_officer
):
    nominee = person("Đỗ Văn Hùng", 1970, by=officer)
    url = f"/awards/nominees/{nominee.pk}/holds/new/"
    started = (timezone.localdate() - datetime.timedelta(days=5)).strftime("%d/%m/%Y")
    data = {"reason": "investigation", "starts_on": started, "ends_on": "", "basis": "KL 3/KL-TTr"}
    client.force_login(other_officer)
    assert client.post(url, data).status_code == 403
    client.force_login(officer)
    page = client.post(url, data, follow=True).content.decode()
    assert "Đang bị điều tra, thanh tra, kiểm tra từ" in page and "KL 3/KL-TTr" in page
    message = refused(nomination(nominee, by=officer), officer)
    assert RULE_HOLD in message and "KL 3/KL-TTr" in message


def test_a_hold_ending_before_it_starts_is_refused_and_nothing_is_written(client, officer):
    nominee = person("Đỗ Văn Hùng", 1970, by=officer)
    client.force_login(officer)
    page = client.post(
        f"/awards/nominees/{nominee.pk}/holds/new/",
        {
            "reason": "discipline",
            "starts_on": "01/03/2026",
            "ends_on": "01/02/2026",
            "basis": "QĐ 9",
        },
    ).content.decode()
    assert "Ngày kết thúc không thể trước ngày bắt đầu." in page
    assert not DisciplinaryHold.objects.exists()


def test_the_required_title_of_the_same_year_is_a_condition_not_a_second_award(officer):
    nominee = person("Trần Văn Bình", 1971, by=officer)
    for year in (2022, 2023, 2024):
        record(nominee, "chien-si-thi-dua-co-so", year, number=f"{year - 2000}/QĐ-UBND")
    proposal = nomination(
        nominee, by=officer, kind_code="chien-si-thi-dua-tinh", phase_=phase(year=2024)
    )
    assert submitted(proposal, officer)
