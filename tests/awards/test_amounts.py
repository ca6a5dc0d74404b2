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
        # The base salary: 1.490.000 đ from 01/07/2019, 1.800.000 đ from 01/07/2023 until
        # 30/06/2024, 2.340.000 đ from 01/07/2024.
        ("chien-si-thi-dua-co-so", "individual", "01/07/2019", 1_490_000),
        ("chien-si-thi-dua-co-so", "individual", "30/06/2024", 1_800_000),
        ("chien-si-thi-dua-co-so", "individual", "01/07/2024", 2_340_000),
        ("co-thi-dua-ubnd-tinh", "collective", "30/06/2024", 14_400_000),
        ("co-thi-dua-ubnd-tinh", "collective", "01/07/2024", 18_720_000),
        # 0,3 × 2.340.000 = 702.000, rounded up to ten thousand đồng.
        ("lao-dong-tien-tien", "individual", "01/07/2024", 710_000),
        ("huan-chuong-lao-dong-hang-ba", "collective", "01/07/2024", 21_060_000),
        # Decree 91/2017 art. 73: the provincial Bằng khen 1,0 times, a collective twice that
        # (QĐ 335/QĐ-UBND of 01/04/2022 paid 1.490.000 and 2.980.000 đ).
        ("bang-khen-chu-tich-ubnd-tinh", "individual", "01/04/2022", 1_490_000),
        ("bang-khen-chu-tich-ubnd-tinh", "collective", "01/04/2022", 2_980_000),
        ("bang-khen-thu-tuong", "individual", "31/12/2023", 6_300_000),
        # 0,3 × 1.490.000 = 447.000 → 450.000; a collective's Giấy khen 0,6 × 1.490.000 = 894.000.
        ("giay-khen-chu-tich-ubnd-huyen", "individual", "01/07/2021", 450_000),
        ("giay-khen-chu-tich-ubnd-huyen", "collective", "01/07/2021", 900_000),
        # Decree 98/2023 art. 58 from 01/01/2024: the provincial Bằng khen 1,5 times.
        ("bang-khen-chu-tich-ubnd-tinh", "individual", "01/01/2024", 2_700_000),
        ("bang-khen-chu-tich-ubnd-tinh", "individual", "30/06/2025", 3_510_000),
        ("bang-khen-thu-tuong", "individual", "30/06/2025", 8_190_000),
        ("giay-khen-chu-tich-ubnd-huyen", "individual", "30/06/2025", 710_000),
        # art. 58.2.c: a collective's Giấy khen twice point e: 0,6 × 2.340.000 = 1.404.000.
        ("giay-khen-chu-tich-ubnd-huyen", "collective", "30/06/2025", 1_410_000),
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


def test_before_the_first_loaded_base_salary_the_line_says_so(db):
    cash = cash_for(kind("chien-si-thi-dua-co-so"), "individual", day("30/06/2019"))
    assert cash.amount is None
    assert cash.reason == "chưa có mức lương cơ sở áp dụng ngày 30/06/2019"


@pytest.mark.parametrize(
    ("code", "recipient", "last_day", "first_day"),
    [
        # Decree 91/2017 art. 73 until 31/12/2023, Decree 98/2023 art. 58 from 01/01/2024.
        (
            "bang-khen-chu-tich-ubnd-tinh", "individual",
            ("31/12/2023", 1_800_000, "Điều 73 khoản 1 Nghị định 91/2017/NĐ-CP"),
            ("01/01/2024", 2_700_000, "Điều 58 khoản 1 Nghị định 98/2023/NĐ-CP"),
        ),
        (
            "giay-khen-chu-tich-ubnd-huyen", "collective",
            ("31/12/2023", 1_080_000, "Điều 73 khoản 2 điểm b Nghị định 91/2017/NĐ-CP"),
            ("01/01/2024", 1_080_000, "Điều 58 khoản 2 điểm c Nghị định 98/2023/NĐ-CP"),
        ),
        # Decree 98/2023 art. 58 until 30/06/2025, Decree 152/2025 art. 54 from 01/07/2025.
        (
            "bang-khen-thu-tuong", "individual",
            ("30/06/2025", 8_190_000, "Điều 58 khoản 1 Nghị định 98/2023/NĐ-CP"),
            ("01/07/2025", 8_190_000, "Điều 54 khoản 1 điểm a Nghị định 152/2025/NĐ-CP"),
        ),
        (
            "bang-khen-chu-tich-ubnd-tinh", "individual",
            ("30/06/2025", 3_510_000, "Điều 58 khoản 1 Nghị định 98/2023/NĐ-CP"),
            ("01/07/2025", 3_510_000, "Điều 54 khoản 1 điểm b Nghị định 152/2025/NĐ-CP"),
        ),
        # Titles and orders: Decree 98/2023 art. 54 and 55 until 30/06/2025, Decree 152/2025
        # from 01/07/2025 (art. 51 for orders; the titles' article number was not read).
        (
            "chien-si-thi-dua-co-so", "individual",
            ("30/06/2025", 2_340_000, "Điều 54 khoản 1 điểm c Nghị định 98/2023/NĐ-CP"),
            ("01/07/2025", 2_340_000, "Nghị định 152/2025/NĐ-CP (điều về tiền thưởng danh hiệu"),
        ),
        (
            "huan-chuong-lao-dong-hang-ba", "collective",
            ("30/06/2025", 21_060_000, "Điều 55 khoản 2 Nghị định 98/2023/NĐ-CP"),
            ("01/07/2025", 21_060_000, "Điều 51 khoản 2 Nghị định 152/2025/NĐ-CP"),
        ),
        # The provincial flag's multiple under Decree 152/2025 was not read: 98/2023 goes on.
        (
            "co-thi-dua-ubnd-tinh", "collective",
            ("30/06/2025", 18_720_000, "Điều 54 khoản 2 Nghị định 98/2023/NĐ-CP"),
            ("01/07/2025", 18_720_000, "Điều 54 khoản 2 Nghị định 98/2023/NĐ-CP"),
        ),
        (
            "giay-khen-chu-tich-ubnd-huyen", "individual",
            ("30/06/2025", 710_000, "Điều 58 khoản 1 điểm e Nghị định 98/2023/NĐ-CP"),
            ("01/07/2025", 710_000, "Điều 54 khoản 1 điểm e Nghị định 152/2025/NĐ-CP"),
        ),
    ],
)  # fmt: skip
def test_each_decree_applies_from_its_first_day_with_its_own_article(
    db, code, recipient, last_day, first_day
):
    for on, amount, article in (last_day, first_day):
        cash = cash_for(kind(code), recipient, day(on))
        assert cash.amount == amount, on
        assert cash.article.startswith(article), (on, cash.article)


def test_a_repealed_multiple_is_not_carried_into_a_period_whose_multiple_is_unknown(db):
    """A collective's Giấy khen: 0,6 times under Decree 98/2023 until 30/06/2025; Decree
    152/2025's multiple for collectives is not confirmed, so from 01/07/2025 the line says so
    instead of printing the old decree's amount."""
    last = cash_for(kind("giay-khen-chu-tich-ubnd-huyen"), "collective", day("30/06/2025"))
    assert last.amount == 1_410_000
    first = cash_for(kind("giay-khen-chu-tich-ubnd-huyen"), "collective", day("01/07/2025"))
    assert first.amount is None
    assert first.reason == (
        "chưa có hệ số tiền thưởng của Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện cho tập "
        "thể áp dụng ngày 01/07/2025"
    )
    # Decree 91/2017's twice-the-individual for a collective's Bằng khen ends on 31/12/2023.
    assert cash_for(kind("bang-khen-chu-tich-ubnd-tinh"), "collective", day("31/12/2023")).amount
    later = cash_for(kind("bang-khen-chu-tich-ubnd-tinh"), "collective", day("01/01/2024"))
    assert later.amount is None and later.reason.startswith("chưa có hệ số tiền thưởng")


def test_every_kind_and_recipient_has_a_multiple_or_its_gap_is_flagged_in_the_fixture(db):
    """Each kind, for each recipient type it allows, on the first and last days of each decree
    (Decree 91/2017 from the first loaded base salary, Decree 98/2023, Decree 152/2025): an
    amount, or an entry of `amounts_not_loaded` in fixtures/award_kinds.json that covers the day
    and says why. A flag that a loaded multiple made stale fails too, and so does a loaded
    multiple without its article or the place it was read."""
    import json

    from awards.models import AwardKind
    from ntm_portal.lib.reference import FIXTURES_DIR

    data = json.loads((FIXTURES_DIR / "award_kinds.json").read_text(encoding="utf-8"))
    flags = data["amounts_not_loaded"]
    assert all(row["article"] and row["read_at"] for row in data["amounts"])

    def flagged(code, recipient, on):
        return [
            flag
            for flag in flags
            if (flag["kind"], flag["recipient_type"]) == (code, recipient)
            and day_iso(flag["from"]) <= on
            and (flag["until"] is None or on <= day_iso(flag["until"]))
        ]

    days = ("01/07/2019", "31/12/2023", "01/01/2024", "30/06/2025", "01/07/2025", "01/07/2026")
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
            for on in map(day, days):
                cash = cash_for(award_kind, recipient, on)
                flags_here = flagged(award_kind.code, recipient, on)
                if cash.amount is None:
                    assert flags_here, (award_kind.code, recipient, on)
                    assert all(flag["why"] for flag in flags_here)
                else:
                    assert not flags_here, ("stale flag", award_kind.code, recipient, on)
                checked += 1
    assert checked == len(days) * 18  # 18 kind and recipient pairs in the fixture today


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


def test_the_kinds_page_shows_each_multiple_with_its_validity_and_article(client, province_staff):
    client.force_login(province_staff)
    page = " ".join(client.get("/awards/kinds/").content.decode().split())
    assert (
        "Tập thể: 0,60 lần từ 01/01/2024 đến 30/06/2025 (Điều 58 khoản 2 điểm c Nghị định "
        "98/2023/NĐ-CP" in page
    )
    assert (
        "Cá nhân: 1,00 lần từ 01/10/2017 đến 31/12/2023 (Điều 73 khoản 1 Nghị định 91/2017" in page
    )
    assert "1.490.000 đồng từ 01/07/2019 (Nghị định 38/2019/NĐ-CP)" in page
