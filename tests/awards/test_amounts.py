"""#20 point 3: every amount from its multiple and the base salary in force on the decision's
date, or the reason there is none; the printed total is the sum of the printed amounts, in
digits and in words."""

import datetime

import pytest

from awards import documents
from awards.models import AwardDecision
from awards.models.kinds import NO_CASH, cash_for
from awards.nominating import issue_decision, record_council
from tests.awards.helpers import collective, household, kind, nomination, pdf_text, person, session


def day(text):
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


@pytest.mark.parametrize(
    ("code", "recipient", "on", "amount"),
    [
        # The base salary: 1.800.000 đ until 30/06/2024, 2.340.000 đ from 01/07/2024.
        ("chien-si-thi-dua-co-so", "individual", "30/06/2024", 1_800_000),
        ("chien-si-thi-dua-co-so", "individual", "01/07/2024", 2_340_000),
        ("co-thi-dua-ubnd-tinh", "collective", "30/06/2024", 14_400_000),
        ("co-thi-dua-ubnd-tinh", "collective", "01/07/2024", 18_720_000),
        # 0,3 × 2.340.000 = 702.000, rounded up to ten thousand đồng.
        ("lao-dong-tien-tien", "individual", "01/07/2024", 710_000),
        ("huan-chuong-lao-dong-hang-ba", "collective", "01/07/2024", 21_060_000),
        # Decree 152/2025 from 01/07/2025: the provincial Bằng khen 1,5 times, households 1,5
        # times the individual's amount.
        ("bang-khen-chu-tich-ubnd-tinh", "individual", "01/07/2025", 3_510_000),
        ("bang-khen-chu-tich-ubnd-tinh", "household", "01/07/2025", 5_270_000),
        ("bang-khen-thu-tuong", "individual", "01/07/2025", 8_190_000),
    ],
)
def test_amount_is_the_multiple_times_the_base_salary_on_the_decision_date(
    db, code, recipient, on, amount
):
    cash = cash_for(kind(code), recipient, day(on))
    assert cash.amount == amount and cash.reason == ""
    assert cash.article


def test_before_decree_152_the_provincial_bang_khen_has_no_confirmed_multiple_and_says_so(db):
    cash = cash_for(kind("bang-khen-chu-tich-ubnd-tinh"), "individual", day("30/06/2025"))
    assert cash.amount is None
    assert cash.reason == (
        "chưa có hệ số tiền thưởng của Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho cá nhân "
        "áp dụng ngày 30/06/2025"
    )
    after = cash_for(kind("bang-khen-chu-tich-ubnd-tinh"), "individual", day("01/07/2025"))
    assert after.article == "Điều 54 khoản 1 điểm b Nghị định 152/2025/NĐ-CP"


@pytest.mark.parametrize(
    ("code", "recipient", "amount", "article"),
    [
        # Decree 152/2025 art. 54.1.a: the Prime Minister's Bằng khen, 3,5 × 2.340.000.
        ("bang-khen-thu-tuong", "individual", 8_190_000, "Điều 54 khoản 1 điểm a"),
        # art. 54.1.b: a ministry's or province's Bằng khen, 1,5 × 2.340.000.
        ("bang-khen-chu-tich-ubnd-tinh", "individual", 3_510_000, "Điều 54 khoản 1 điểm b"),
        # art. 54.1.e: a Giấy khen (the commune chairman's after 01/07/2025), 0,3 × 2.340.000 =
        # 702.000, rounded up to ten thousand đồng.
        ("giay-khen-chu-tich-ubnd-huyen", "individual", 710_000, "Điều 54 khoản 1 điểm e"),
    ],
)
def test_decree_152_starts_on_01_07_2025_with_its_point_and_not_a_day_before(
    db, code, recipient, amount, article
):
    before = cash_for(kind(code), recipient, day("30/06/2025"))
    assert before.amount is None and before.reason.startswith("chưa có hệ số tiền thưởng")
    after = cash_for(kind(code), recipient, day("01/07/2025"))
    assert after.amount == amount
    assert after.article.startswith(f"{article} Nghị định 152/2025/NĐ-CP")


def test_every_kind_and_recipient_has_a_multiple_or_its_gap_is_flagged_in_the_fixture(db):
    """Each kind, for each recipient type it allows, on the first day of Decree 98/2023, the day
    before Decree 152/2025 and its first day: an amount, or an entry of `amounts_not_loaded` in
    fixtures/award_kinds.json that covers the day and says why. A flag that a loaded multiple
    made stale fails too."""
    import json

    from awards.models import AwardKind
    from ntm_portal.lib.reference import FIXTURES_DIR

    data = json.loads((FIXTURES_DIR / "award_kinds.json").read_text(encoding="utf-8"))
    flags = data["amounts_not_loaded"]

    def flagged(code, recipient, on):
        return [
            flag
            for flag in flags
            if (flag["kind"], flag["recipient_type"]) == (code, recipient)
            and day_iso(flag["from"]) <= on
            and (flag["until"] is None or on <= day_iso(flag["until"]))
        ]

    checked = 0
    for award_kind in AwardKind.objects.all():
        recipients = [
            recipient
            for recipient, allowed in (
                ("collective", award_kind.for_collectives),
                ("individual", award_kind.for_individuals),
                ("household", award_kind.for_households),
            )
            if allowed
        ]
        for recipient in recipients:
            for on in (day("01/01/2024"), day("30/06/2025"), day("01/07/2025")):
                cash = cash_for(award_kind, recipient, on)
                flags_here = flagged(award_kind.code, recipient, on)
                if cash.amount is None:
                    assert flags_here, (award_kind.code, recipient, on)
                    assert all(flag["why"] for flag in flags_here)
                else:
                    assert not flags_here, ("stale flag", award_kind.code, recipient, on)
                checked += 1
    assert checked >= 3 * 18  # 18 kind and recipient pairs in the fixture today


def day_iso(text):
    return datetime.date.fromisoformat(text)


def test_a_kind_without_cash_says_so(db):
    without = kind("lao-dong-tien-tien")
    without.carries_cash = False
    without.save()
    cash = cash_for(without, "individual", day("01/07/2024"))
    assert cash.amount is None and cash.reason == NO_CASH == "không kèm tiền thưởng"


@pytest.fixture
def decision(officer, province_staff):
    proposals = [
        nomination(collective("31060", by=officer), by=officer),
        nomination(person("Nguyễn Thị Ngọc Huyền", 1985, sex="female", by=officer), by=officer),
        nomination(household("Đỗ Văn Được", by=officer), by=officer),
    ]
    for proposal in proposals:
        proposal.submit(by=officer, submitted_on=datetime.date(2024, 12, 2))
        proposal.receive(by=province_staff)
    meeting = session(proposals[0].phase, by=province_staff)
    record_council(session=meeting, votes={p: (7, 0, 0) for p in proposals}, by=province_staff)
    decided = AwardDecision(
        number="1234/QĐ-UBND", issued_on=datetime.date(2025, 9, 5), signer="Lê Quốc Anh",
        phase=meeting.phase, session=meeting, created_by=province_staff,
    )  # fmt: skip
    issue_decision(decision=decided, nominations=proposals, by=province_staff)
    return decided


def test_printed_total_is_the_sum_of_the_printed_amounts_and_reads_in_words(decision):
    text, _reader = pdf_text(documents.decision_pdf(decision))
    flat = " ".join(text.split())
    # The individual 3.510.000 and the household 5.270.000 are printed; the collective's
    # multiple for the provincial Bằng khen is not confirmed, and its line says so.
    assert "3.510.000" in flat and "5.270.000" in flat
    assert "Chưa có căn cứ tính (xem ghi chú cuối danh sách)" in flat
    assert (
        "Ghi chú: không tính vào tổng 1 trường hợp (chưa có hệ số tiền thưởng của Bằng khen "
        "của Chủ tịch Ủy ban nhân dân tỉnh cho tập thể áp dụng ngày 05/09/2025: 1 trường hợp)."
    ) in flat
    assert "Tổng cộng tiền thưởng: 8.780.000 đồng (2 trường hợp có tiền thưởng)" in flat
    assert "Bằng chữ: Tám triệu bảy trăm tám mươi nghìn đồng." in flat
    assert "tổng cộng 8.780.000 đồng (bằng chữ: Tám triệu bảy trăm tám mươi nghìn đồng)" in flat
    assert "—" not in flat.split("DANH SÁCH", 1)[1]


def test_stored_amounts_come_from_the_same_function(decision):
    amounts = {
        nomination.nominee.nominee_type: nomination.amount
        for nomination in decision.nominations.select_related("nominee")
    }
    assert amounts == {"collective": None, "individual": 3_510_000, "household": 5_270_000}


def test_the_decision_page_shows_each_amount_or_its_reason_and_the_total_in_words(
    client, province_staff, decision
):
    client.force_login(province_staff)
    page = client.get(f"/awards/decisions/{decision.pk}/").content.decode()
    assert "3.510.000" in page and "5.270.000" in page and "8.780.000" in page
    assert (
        "Chưa có hệ số tiền thưởng của Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho tập thể"
        in page
    )
    assert "Bằng chữ: Tám triệu bảy trăm tám mươi nghìn đồng" in page
    table = page.split("<table", 1)[1].split("</table>", 1)[0]
    assert "—" not in table


def test_the_list_asks_once_per_kind_and_recipient_type_not_once_per_line(decision):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from awards.models import AwardDecision
    from awards.templatetags.awards_display import cash_in, decision_cash

    fresh = AwardDecision.objects.get(pk=decision.pk)
    lines = list(fresh.nominations.select_related("kind", "nominee"))
    with CaptureQueriesContext(connection) as queries:
        for _ in range(50):  # a long list: the same few kinds again and again
            cells = [cash_in(line, fresh) for line in lines]
        summary = decision_cash(fresh)
    # One query for the lines, two (multiple, base salary) per kind and recipient type, one for
    # the total: 3 pairs here.
    assert len(queries) <= 1 + 2 * 3 + 1
    assert summary.total == sum(cell.amount for cell in cells if cell.amount is not None)
