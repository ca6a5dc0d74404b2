"""The award documents read line by line as the head of the commendation office would: each
asks the authority that decides (the Chairman is not asked to decide a national award), each
heading names the groups it lists, the district's decision names who proposed. Every test reads
the PDF's text."""

import datetime

import pytest
from django.http import Http404
from django.urls import reverse

from awards import documents
from awards.documents import Groups, recipients_heading
from awards.models import AwardDecision, Nomination
from awards.services import issue_decision, record_council, send_to_central
from awards.templatetags.award_forms import unit_in_sentence
from tests.awards.helpers import (
    collective,
    decide,
    household,
    nomination,
    passed_council,
    pdf_text,
    person,
    session,
)
from tests.pdftext import page_texts, squeezed


def texts(content):
    text, _reader = pdf_text(content)
    return " ".join(text.split())


def received(proposal, *, by, province_staff):
    proposal.submit(by=by, submission_number="45/TTr-UBND", submitted_on=datetime.date(2024, 12, 2))
    proposal.receive(by=province_staff)
    return proposal


def send_up(meeting, *, by):
    meeting.central_submission_number = "412/TTr-UBND"
    meeting.central_submission_date = datetime.date(2025, 1, 15)
    meeting.central_submission_signer = "Lê Quốc Anh"
    send_to_central(session=meeting, by=by)


@pytest.fixture
def mixed(officer, province_staff):
    """One session that passed the provincial Bằng khen for two people and, for a third, the
    Prime Minister's Bằng khen (national: the province only proposes it)."""
    local = [
        received(nomination(person(name, year, by=officer), by=officer), by=officer,
                 province_staff=province_staff)
        for name, year in (("Huỳnh Văn Quý", 1972), ("Trần Văn Bình", 1975))
    ]  # fmt: skip
    national = received(
        nomination(person("Võ Minh Khoa", 1983, by=province_staff), by=province_staff,
                   kind_code="bang-khen-thu-tuong", proposer="91"),
        by=province_staff, province_staff=province_staff,
    )  # fmt: skip
    meeting = session(national.phase, by=province_staff)
    meeting.submission_signer = "Nguyễn Văn Nam"
    meeting.save()
    record_council(
        session=meeting, votes={p: (7, 0, 0) for p in [*local, national]}, by=province_staff
    )
    return meeting, local, national


def test_the_chairmans_tờ_trình_asks_him_only_for_his_kinds_and_says_the_province_proposes_the_national_ones(  # noqa: E501
    mixed,
):
    meeting, _local, _national = mixed
    text = texts(documents.submission_pdf(meeting, particulars=documents.OFFICE_VIEW))
    assert (
        "Về việc đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho các cá nhân có "
        "thành tích" in text
    )
    assert (
        "Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh Kiên Giang xem xét, quyết định tặng "
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 2 cá nhân" in text
    )
    assert "Huỳnh Văn Quý" in text and "Trần Văn Bình" in text and "I. Cá nhân (2)" in text
    # The national award: not in the list, not asked of the Chairman; only that the province
    # proposes it to the Prime Minister.
    assert "Võ Minh Khoa" not in text
    assert "quyết định tặng Bằng khen của Thủ tướng" not in text
    assert (
        "Ngoài ra, Hội đồng Thi đua – Khen thưởng tỉnh thống nhất đề nghị khen thưởng cấp Nhà "
        "nước cho 1 cá nhân (Bằng khen của Thủ tướng Chính phủ). Các trường hợp này không thuộc "
        "thẩm quyền quyết định của Chủ tịch Ủy ban nhân dân tỉnh; Sở Nội vụ hoàn chỉnh hồ sơ, "
        "tham mưu Ủy ban nhân dân tỉnh trình Thủ tướng Chính phủ xem xét, quyết định theo quy "
        "định." in text
    )
    assert "tập thể" not in text.split("Kính gửi")[0]


def test_the_dossier_puts_the_national_reports_behind_the_tờ_trình_to_the_central_level(
    mixed, province_staff
):
    meeting, _local, _national = mixed
    send_up(meeting, by=province_staff)
    _text, reader = pdf_text(documents.dossier_pdf(meeting, particulars=documents.OFFICE_VIEW))
    titles = [item.title for item in reader.outline]
    assert titles == [
        "Tờ trình số 12/TTr-SNV",
        "Biên bản họp Hội đồng Thi đua – Khen thưởng",
        "Báo cáo thành tích: Ông Huỳnh Văn Quý",
        "Báo cáo thành tích: Ông Trần Văn Bình",
        "Tờ trình số 412/TTr-UBND gửi Trung ương",
        "Báo cáo thành tích: Ông Võ Minh Khoa",
    ]
    central = texts(documents.central_submission_pdf(meeting, particulars=documents.OFFICE_VIEW))
    assert "tặng Bằng khen của Thủ tướng Chính phủ cho cá nhân có thành tích" in central
    assert "Võ Minh Khoa" in central and "Huỳnh Văn Quý" not in central


def test_a_session_with_only_national_kinds_has_no_tờ_trình_to_the_chairman(
    client, officer, province_staff
):
    proposal = received(
        nomination(collective("910", by=province_staff), by=province_staff,
                   kind_code="bang-khen-thu-tuong", proposer="91"),
        by=province_staff, province_staff=province_staff,
    )  # fmt: skip
    meeting = session(proposal.phase, by=province_staff)
    record_council(session=meeting, votes={proposal: (7, 0, 0)}, by=province_staff)
    with pytest.raises(Http404) as missing:
        documents.submission_pdf(meeting, particulars=documents.OFFICE_VIEW)
    assert str(missing.value) == documents.NOTHING_FOR_THE_CHAIRMAN
    client.force_login(province_staff)
    response = client.get(reverse("awards:session_submission", args=[meeting.pk]))
    assert response.status_code == 404
    send_up(meeting, by=province_staff)
    _text, reader = pdf_text(documents.dossier_pdf(meeting, particulars=documents.OFFICE_VIEW))
    assert [item.title for item in reader.outline] == [
        "Biên bản họp Hội đồng Thi đua – Khen thưởng",
        "Tờ trình số 412/TTr-UBND gửi Trung ương",
        "Báo cáo thành tích: Ủy ban nhân dân huyện Vĩnh Thuận",
    ]
    central = texts(documents.central_submission_pdf(meeting, particulars=documents.OFFICE_VIEW))
    assert "cho tập thể có thành tích" in central and "cá nhân" not in central.split("Kính")[0]


def test_the_tờ_trình_to_the_central_level_asks_the_prime_minister_to_propose_an_order_to_the_president(  # noqa: E501
    officer, province_staff
):
    order = received(
        nomination(collective("910", by=province_staff), by=province_staff,
                   kind_code="huan-chuong-lao-dong-hang-ba", proposer="91"),
        by=province_staff, province_staff=province_staff,
    )  # fmt: skip
    flag = received(
        nomination(person("Lê Văn Tám", 1970, by=province_staff), by=province_staff,
                   kind_code="bang-khen-thu-tuong", proposer="91"),
        by=province_staff, province_staff=province_staff,
    )  # fmt: skip
    meeting = session(order.phase, by=province_staff)
    record_council(session=meeting, votes={order: (7, 0, 0), flag: (7, 0, 0)}, by=province_staff)
    send_up(meeting, by=province_staff)
    text = texts(documents.central_submission_pdf(meeting, particulars=documents.OFFICE_VIEW))
    assert (
        "kính trình Thủ tướng Chính phủ (qua Ban Thi đua – Khen thưởng Trung ương) xem xét, "
        "quyết định tặng Bằng khen của Thủ tướng Chính phủ; xem xét, trình Chủ tịch nước quyết "
        "định tặng Huân chương Lao động hạng Ba cho 1 tập thể và 1 cá nhân" in text
    )
    assert "cho các tập thể, cá nhân có thành tích" in text


def test_the_decision_and_its_list_name_only_the_groups_they_hold(mixed, province_staff):
    meeting, local, _national = mixed
    decision = issue_decision(
        decision=AwardDecision(
            number="101/QĐ-UBND", issued_on=datetime.date(2025, 1, 20), signer="Lê Quốc Anh",
            phase=meeting.phase, session=meeting, created_by=province_staff,
        ),
        nominations=local, by=province_staff,
    )  # fmt: skip
    text = texts(documents.decision_pdf(decision))
    assert "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 2 cá nhân" in text
    assert "Thủ trưởng các cơ quan, đơn vị có liên quan và các cá nhân có tên tại Điều 1" in text
    assert "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN" in text
    assert "tập thể" not in text.lower().replace("thi đua – khen thưởng", "")


def test_the_minutes_head_the_council_under_the_committee_s_short_name(mixed):
    meeting, *_rest = mixed
    text = texts(documents.minutes_pdf(meeting))
    assert text.startswith("UBND TỈNH KIÊN GIANG HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG")
    # Every vote, the national one included: the council voted on it.
    assert "Võ Minh Khoa" in text and "3 trường hợp được thông qua" in text


def lines(content):
    """The PDF's lines as printed, spaces (no-break ones included) made plain."""
    text, _reader = pdf_text(content)
    return [" ".join(line.split()) for line in text.splitlines()]


def test_the_minutes_set_the_council_s_name_on_two_whole_lines(mixed):
    """Read on the PNG: the council's name wrapped as "HỘI ĐỒNG THI ĐUA – KHEN" / "THƯỞNG"."""
    meeting, *_rest = mixed
    printed = lines(documents.minutes_pdf(meeting))
    assert printed[:3] == ["UBND TỈNH KIÊN GIANG", "HỘI ĐỒNG THI ĐUA –", "KHEN THƯỞNG"]
    assert "THƯỞNG" not in printed


def test_the_achievement_report_s_confirmation_keeps_its_last_word_with_it(mixed):
    """Read on the PNG: "XÁC NHẬN CỦA CẤP TRÌNH KHEN" / "THƯỞNG" under the report (forms 02, 03)."""
    _meeting, local, _national = mixed
    printed = lines(documents.report_pdf(local[0], particulars=documents.OFFICE_VIEW))
    assert any(line.startswith("CẤP TRÌNH KHEN THƯỞNG") for line in printed)
    assert "THƯỞNG" not in printed


@pytest.mark.parametrize(
    ("counts", "heading", "list_heading"),
    [
        ((0, 1, 0), "cá nhân", "cá nhân"),
        ((0, 2, 0), "các cá nhân", "cá nhân"),
        ((1, 0, 0), "tập thể", "tập thể"),
        ((3, 0, 0), "các tập thể", "tập thể"),
        ((0, 0, 2), "các hộ gia đình", "hộ gia đình"),
        ((1, 1, 0), "các tập thể, cá nhân", "tập thể, cá nhân"),
        ((1, 0, 1), "các tập thể, hộ gia đình", "tập thể, hộ gia đình"),
        ((0, 1, 1), "các cá nhân, hộ gia đình", "cá nhân, hộ gia đình"),
        ((2, 5, 1), "các tập thể, cá nhân và hộ gia đình", "tập thể, cá nhân và hộ gia đình"),
    ],
)
def test_every_combination_of_groups_names_what_is_listed(counts, heading, list_heading):
    groups = Groups(*[[object()] * count for count in counts])
    assert recipients_heading(groups) == heading
    assert recipients_heading(groups, article=False) == list_heading


def test_a_district_decision_is_made_on_the_proposal_of_its_home_affairs_office(client, officer):
    proposal = nomination(
        person("Phạm Văn Được", 1962, by=officer), by=officer,
        kind_code="giay-khen-chu-tich-ubnd-huyen",
    )  # fmt: skip
    proposal.submit(
        by=officer, submission_number="8/TTr-VP", submitted_on=datetime.date(2025, 3, 2)
    )
    client.force_login(officer)
    response = client.post(
        reverse("awards:district_decision_create"),
        {
            "issuer_kind": "ubnd_huyen", "number": "15/QĐ-UBND", "issued_on": "20/03/2025",
            "signer": "Nguyễn Văn Út", "signed_by_deputy": "", "summary": "Về việc tặng Giấy khen",
            "nominations": [proposal.pk],
        },
    )  # fmt: skip
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == Nomination.State.DECIDED
    text = texts(documents.decision_pdf(proposal.decision))
    assert "Xét đề nghị của Trưởng phòng Nội vụ huyện Vĩnh Thuận." in text
    assert "Xét đề nghị của các tập thể, cá nhân" not in text
    assert "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN" in text.upper()


def test_a_commune_s_report_is_dated_at_the_commune_and_lists_only_the_awards_before_it(
    officer, province_staff
):
    commune = received(
        nomination(collective("31060", by=officer), by=officer),
        by=officer,
        province_staff=province_staff,
    )
    individual = received(
        nomination(person("Huỳnh Văn Quý", 1972, by=officer), by=officer),
        by=officer,
        province_staff=province_staff,
    )
    meeting = session(commune.phase, by=province_staff)
    record_council(
        session=meeting, votes={commune: (7, 0, 0), individual: (7, 0, 0)}, by=province_staff
    )
    issue_decision(
        decision=AwardDecision(
            number="101/QĐ-UBND", issued_on=datetime.date(2025, 1, 20), signer="Lê Quốc Anh",
            phase=meeting.phase, session=meeting, created_by=province_staff,
        ),
        nominations=[commune, individual], by=province_staff,
    )  # fmt: skip
    dossier = texts(documents.dossier_pdf(meeting, particulars=documents.OFFICE_VIEW))
    reports = dossier.split("BÁO CÁO THÀNH TÍCH Đề nghị tặng")[1:]
    assert len(reports) == 2
    # Decree 30/2020: a commune's own document is dated at the commune, not at its district.
    collective_report = next(text for text in reports if "Tên tập thể" in text)
    assert "Vĩnh Bình Bắc, ngày 02 tháng 12 năm 2024" in dossier
    # Reports dated 02/12/2024 do not list the award of 20/01/2025 that they propose.
    for report in reports:
        part_three = report.split("III. Các hình thức đã được khen thưởng")[1]
        part_three = part_three.split("XÁC NHẬN CỦA")[0]
        assert "101/QĐ-UBND" not in part_three and "Chưa có." in part_three
    assert (
        "Tên tập thể (ghi đầy đủ bằng chữ in thường, không viết tắt): Ủy ban nhân dân xã Vĩnh Bình Bắc."
        in collective_report
    )  # noqa: E501


def test_a_collective_s_report_writes_its_units_kind_in_lower_case_inside_the_line(
    officer, province_staff
):
    """Read on the PNG: "- Thuộc: Huyện Vĩnh Thuận", "- Địa chỉ trụ sở: Xã Vĩnh Bình Bắc"; Decree
    30/2020 (Appendix II) writes the kind of a unit in lower case, a unit named by a number
    apart ("Phường 5")."""
    commune = nomination(collective("31060", by=officer), by=officer)
    text = texts(documents.report_pdf(commune, particulars=documents.OFFICE_VIEW))
    assert "- Thuộc: huyện Vĩnh Thuận" in text
    assert "- Địa chỉ trụ sở: xã Vĩnh Bình Bắc" in text
    assert unit_in_sentence("Phường 5") == "Phường 5"
    assert unit_in_sentence("Thành phố Rạch Giá") == "thành phố Rạch Giá"


def test_a_district_s_tờ_trình_never_leaves_its_signature_alone_on_a_page(officer, province_staff):
    """Read on the PNG: a district's tờ trình for one collective and one person ended its first
    page on "Kính trình … xem xét, quyết định./." and printed page 2 with only "Nơi nhận" and
    "CHỦ TỊCH" (Decree 30/2020: the signature page carries part of the text)."""
    proposals = [
        nomination(person("Huỳnh Văn Quý", 1972, by=officer), by=officer),
        nomination(collective("31060", by=officer), by=officer),
    ]
    passed_council(proposals, province_staff, officer)
    pdf = documents.district_submission_pdf(
        district=proposals[0].district,
        phase=proposals[0].phase,
        nominations=proposals,
        particulars=documents.OFFICE_VIEW,
    )
    pages = [squeezed(text) for text in page_texts(pdf)]
    signed = [page for page in pages if "Nơi nhận:" in page]
    assert len(signed) == 1
    assert "xem xét, quyết định./." in signed[0]


def test_the_minutes_never_leave_their_signatures_alone_on_a_page(officer, province_staff):
    """Read on the PNG: minutes of two votes printed page 2 with only "THƯ KÝ" and "CHỦ TRÌ"."""
    proposals = [
        nomination(person("Huỳnh Văn Quý", 1972, by=officer), by=officer),
        nomination(person("Trần Thị Bình", 1980, sex="female", by=officer), by=officer),
    ]
    meeting = passed_council(proposals, province_staff, officer)
    pages = [squeezed(text) for text in page_texts(documents.minutes_pdf(meeting))]
    signed = [page for page in pages if "THƯ KÝ" in page]
    assert len(signed) == 1
    assert "Biên bản đã được đọc lại cho các thành viên có mặt" in signed[0]


def test_a_household_s_report_is_the_household_s_own_and_its_head_signs_it(officer):
    """Read on the PNG of the demo: a household's report was headed "HUYỆN VĨNH THUẬN" (a unit,
    not an agency) and signed by "THỦ TRƯỞNG ĐƠN VỊ" with no name. Like form 03 for a person, it
    has no agency heading, and "CHỦ HỘ" signs it with the name."""
    home = nomination(household("Lê Văn Của", by=officer), by=officer)
    text = texts(documents.report_pdf(home, particulars=documents.OFFICE_VIEW))
    assert text.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "HUYỆN VĨNH THUẬN" not in text
    assert "THỦ TRƯỞNG ĐƠN VỊ" not in text
    assert "CHỦ HỘ" in text and text.endswith("Lê Văn Của")


def test_the_household_tables_head_the_column_they_fill(officer, province_staff):
    """Read on the demo's decision: the column headed "Chủ hộ" held "Hộ ông Lê Văn Của" (the
    household, not its head); it is headed "Hộ gia đình" in the decision's list and the tờ trình."""
    home = nomination(household("Lê Văn Của", by=officer), by=officer)
    meeting = passed_council([home], province_staff, officer)
    decision = decide([home], meeting, province_staff, on=datetime.date(2025, 1, 20))
    for pdf in (
        documents.decision_pdf(decision),
        documents.submission_pdf(meeting, particulars=documents.OFFICE_VIEW),
    ):
        text = texts(pdf)
        assert "STT Hộ gia đình Địa chỉ" in text and "Hộ ông Lê Văn Của" in text
        assert "Chủ hộ" not in text
