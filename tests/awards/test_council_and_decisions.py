"""The council's result, the decisions that follow it and their dossiers, read back as a user
gets them: pages, PDFs, the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import documents
from awards.models import AwardDecision, Nomination
from awards.services import issue_decision, record_council
from tests.awards.helpers import nomination, pdf_text, person, phase, session


def received(nominee, *, officer, province_staff, **extra):
    proposal = nomination(nominee, by=officer, **extra)
    proposal.submit(
        by=officer, submission_number="45/TTr-UBND", submitted_on=datetime.date(2024, 12, 2)
    )
    proposal.receive(by=province_staff)
    return proposal


def decide(meeting, proposals, *, number, issued_on, by):
    decision = AwardDecision(
        number=number, issued_on=issued_on, signer="Lê Quốc Anh", phase=meeting.phase,
        session=meeting, created_by=by,
    )  # fmt: skip
    return issue_decision(decision=decision, nominations=proposals, by=by)


@pytest.mark.django_db
def test_the_dossier_linked_from_a_decision_ends_with_that_decision(
    client, officer, province_staff
):
    first = received(
        person("Trần Văn Bình", by=officer), officer=officer, province_staff=province_staff
    )
    second = received(
        person("Lý Thị Mai", 1980, sex="female", by=officer),
        officer=officer,
        province_staff=province_staff,
    )
    meeting = session(first.phase, by=province_staff)
    record_council(session=meeting, votes={first: (7, 0, 0), second: (7, 0, 0)}, by=province_staff)
    earlier = decide(
        meeting, [first], number="101/QĐ-UBND", issued_on=datetime.date(2025, 1, 20),
        by=province_staff,
    )  # fmt: skip
    decide(
        meeting, [second], number="150/QĐ-UBND", issued_on=datetime.date(2025, 2, 3),
        by=province_staff,
    )  # fmt: skip

    client.force_login(province_staff)
    page = client.get(reverse("awards:decision_detail", args=[earlier.pk])).content.decode()
    link = reverse("awards:session_dossier", args=[meeting.pk]) + f"?decision={earlier.pk}"
    assert f'href="{link}"' in page
    text, reader = pdf_text(client.get(link).content)
    titles = [item.title for item in reader.outline]
    assert titles[-1] == "Quyết định số 101/QĐ-UBND"
    assert "Quyết định số 150/QĐ-UBND" not in titles
    flat = " ".join(text.split())
    assert "Số: 101/QĐ-UBND" in flat and "Số: 150/QĐ-UBND" not in flat


def texts(content):
    text, _reader = pdf_text(content)
    return " ".join(text.split())


@pytest.fixture
def voted(officer, province_staff):
    """A session that passed Huỳnh Văn Quý and voted down Lê Thị Em (4 of 9: not more than half),
    and a decision for what it passed."""
    passing = received(
        person("Huỳnh Văn Quý", by=officer), officer=officer, province_staff=province_staff
    )
    failing = received(
        person("Lê Thị Em", 1979, sex="female", by=officer),
        officer=officer,
        province_staff=province_staff,
    )
    meeting = session(passing.phase, by=province_staff)
    meeting.starts_at, meeting.ends_at = datetime.time(8, 0), datetime.time(10, 30)
    meeting.members_absent = "Trần Văn Tư — đi công tác\nPhạm Thị Năm — ốm"
    meeting.submission_signer = "Nguyễn Văn Nam"
    meeting.save()
    record_council(
        session=meeting, votes={passing: (7, 0, 0), failing: (4, 3, 0)}, by=province_staff
    )
    decision = decide(
        meeting, [passing], number="101/QĐ-UBND", issued_on=datetime.date(2025, 1, 20),
        by=province_staff,
    )  # fmt: skip
    return meeting, decision, passing, failing


def test_a_failed_vote_keeps_the_nominee_out_of_every_document_but_the_minutes(
    client, province_staff, voted
):
    meeting, decision, passing, failing = voted
    failing.refresh_from_db()
    assert failing.state == Nomination.State.NOT_PASSED
    assert failing.get_state_display() == "Không được Hội đồng thông qua"
    assert "Tán thành 4, không tán thành 3" in failing.events.last().reason
    client.force_login(province_staff)
    submission = texts(client.get(reverse("awards:session_submission", args=[meeting.pk])).content)
    decision_text = texts(
        client.get(reverse("awards:decision_document", args=[decision.pk])).content
    )
    dossier = texts(client.get(reverse("awards:session_dossier", args=[meeting.pk])).content)
    minutes = texts(client.get(reverse("awards:session_minutes", args=[meeting.pk])).content)
    certificates = [
        texts(
            client.get(reverse("awards:decision_certificates", args=[decision.pk]) + mode).content
        )
        for mode in ("", "?mode=blank")
    ]
    for document in [submission, decision_text, *certificates]:
        assert "Huỳnh Văn Quý" in document and "Lê Thị Em" not in document
    # Only the groups it holds are counted ("0 tập thể" was printed).
    assert "cho 1 cá nhân" in submission and "cho 1 cá nhân" in decision_text
    assert "0 tập thể" not in submission + decision_text
    # The dossier holds the minutes, where the failed vote stays; nowhere else.
    assert dossier.count("Lê Thị Em") == 1 and "Báo cáo thành tích: Bà Lê Thị Em" not in dossier
    assert "Lê Thị Em" in minutes and "Không thông qua" in minutes
    assert "1 trường hợp không được Hội đồng thông qua" in minutes
    page = client.get(reverse("awards:decision_create", args=[meeting.pk])).content.decode()
    assert "Lê Thị Em" not in page


def test_minutes_have_start_and_end_time_present_and_absent_members(voted):
    meeting, *_rest = voted
    minutes = texts(documents.minutes_pdf(meeting))
    assert "bắt đầu lúc 08 giờ 00 phút, ngày 10 tháng 01 năm 2025" in minutes
    assert "Cuộc họp kết thúc lúc 10 giờ 30 phút" in minutes
    assert "Thành viên có mặt: 7/9" in minutes
    assert "Thành viên vắng mặt: 2, gồm: Trần Văn Tư — đi công tác Phạm Thị Năm — ốm" in minutes


def test_a_nominee_the_council_did_not_pass_can_be_proposed_in_a_later_phase(
    officer, province_staff, voted
):
    _meeting, _decision, _passing, failing = voted
    again = nomination(failing.nominee, by=officer, phase_=phase(year=2025))
    again.submit(
        by=officer, submission_number="12/TTr-UBND", submitted_on=datetime.date(2025, 12, 1)
    )
    assert again.state == Nomination.State.SUBMITTED


def test_a_signer_name_and_title_are_on_every_signed_document(voted):
    meeting, decision, _passing, _failing = voted
    nominations = list(documents.prefetch(decision.nominations.all()))
    submission = texts(documents.submission_pdf(meeting, particulars=documents.OFFICE_VIEW))
    assert "GIÁM ĐỐC Nguyễn Văn Nam" in submission
    signed = "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Quốc Anh"
    assert signed in texts(documents.decision_pdf(decision))
    assert signed in texts(documents.certificates_pdf(nominations, mode="full"))
    assert signed in texts(documents.certificates_pdf(nominations, mode="blank"))
    decision.signed_by_deputy = False
    decision.signer = "Lâm Minh Thành"
    decision.save()
    nominations = list(documents.prefetch(decision.nominations.all()))
    assert "CHỦ TỊCH Lâm Minh Thành" in texts(documents.decision_pdf(decision))
    blank = texts(documents.certificates_pdf(nominations, mode="blank"))
    assert "CHỦ TỊCH Lâm Minh Thành" in blank and "KT." not in blank


def test_header_place_and_heading_follow_the_date_30_06_and_01_07_2025(officer, province_staff):
    first = received(
        person("Trần Văn Bình", by=officer), officer=officer, province_staff=province_staff
    )
    second = received(
        person("Lý Thị Mai", 1980, sex="female", by=officer),
        officer=officer,
        province_staff=province_staff,
    )
    meeting = session(first.phase, by=province_staff)
    record_council(session=meeting, votes={first: (7, 0, 0), second: (7, 0, 0)}, by=province_staff)
    before = decide(
        meeting, [first], number="900/QĐ-UBND", issued_on=datetime.date(2025, 6, 30),
        by=province_staff,
    )  # fmt: skip
    after = decide(
        meeting, [second], number="5/QĐ-UBND", issued_on=datetime.date(2025, 7, 1),
        by=province_staff,
    )  # fmt: skip
    old = texts(documents.decision_pdf(before))
    new = texts(documents.decision_pdf(after))
    assert old.startswith("ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG")
    assert "Kiên Giang, ngày 30 tháng 6 năm 2025" in old
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG" in old
    assert new.startswith("ỦY BAN NHÂN DÂN TỈNH AN GIANG") and "KIÊN GIANG" not in new
    assert "An Giang, ngày 01 tháng 7 năm 2025" in new
    certificate = texts(
        documents.certificates_pdf(list(documents.prefetch(after.nominations.all())))
    )
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG" in certificate
    assert "An Giang, ngày 01 tháng 7 năm 2025" in certificate
    assert (
        before.issuer.code == "ubnd-tinh-kien-giang" and after.issuer.code == "ubnd-tinh-an-giang"
    )
    _text, reader = pdf_text(documents.decision_pdf(after))
    assert reader.metadata.author == "Ủy ban nhân dân tỉnh An Giang"


def test_decision_dates_out_of_order_are_refused_with_the_reason(client, province_staff, voted):
    meeting, _decision, _passing, _failing = voted
    other = received(
        person("Đặng Văn Lan", 1970, by=voted[2].created_by),
        officer=voted[2].created_by,
        province_staff=province_staff,
    )
    record_council(session=meeting, votes={other: (7, 0, 0)}, by=province_staff)
    client.force_login(province_staff)
    url = reverse("awards:decision_create", args=[meeting.pk])
    data = {
        "issuer_kind": "ubnd_tinh", "number": "7/QĐ-UBND", "signer": "Lê Quốc Anh",
        "signed_by_deputy": "on", "summary": "Về việc tặng Bằng khen", "nominations": [other.pk],
    }  # fmt: skip
    for day, reason in [
        (
            "05/01/2025",
            "Quyết định ngày 05/01/2025 không thể trước ngày Hội đồng họp xét (10/01/2025).",
        ),
        (
            "15/03/2020",
            "Quyết định ngày 15/03/2020 không thể trước ngày Hội đồng họp xét (10/01/2025).",
        ),
    ]:
        response = client.post(url, {**data, "issued_on": day})
        assert response.status_code == 200
        assert reason in response.content.decode()
    other.refresh_from_db()
    assert other.state == Nomination.State.REVIEWED
    assert not AwardDecision.objects.filter(number="7/QĐ-UBND").exists()


def test_a_council_cannot_vote_before_the_nomination_was_submitted(officer, province_staff):
    late = nomination(person("Cao Văn Sáu", by=officer), by=officer)
    late.submit(by=officer, submission_number="50/TTr-UBND", submitted_on=datetime.date(2025, 2, 1))
    late.receive(by=province_staff)
    meeting = session(late.phase, by=province_staff)  # held on 10/01/2025
    with pytest.raises(ValidationError) as refused:
        record_council(session=meeting, votes={late: (8, 0, 0)}, by=province_staff)
    assert refused.value.messages == [
        "Ông Cao Văn Sáu: Hội đồng họp ngày 10/01/2025, trước ngày trình đề nghị (01/02/2025)."
    ]
    late.refresh_from_db()
    assert late.state == Nomination.State.RECEIVED and not late.votes.exists()


def test_the_session_form_refuses_an_end_before_the_start(client, province_staff):
    client.force_login(province_staff)
    response = client.post(
        reverse("awards:session_create"),
        {
            "phase": phase().pk, "held_on": "10/01/2025", "starts_at": "10:00", "ends_at": "08:30",
            "chair": "Lâm Minh Thành", "secretary": "Nguyễn Thị Thuỷ", "members_total": 9,
            "members_present": "A\nB", "required_percent": 50,
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "Giờ kết thúc (08:30) phải sau giờ bắt đầu (10:00)." in response.content.decode()


def test_a_numbered_tờ_trình_needs_its_signer_s_name(client, province_staff):
    client.force_login(province_staff)
    response = client.post(
        reverse("awards:session_create"),
        {
            "phase": phase().pk, "held_on": "10/01/2025", "starts_at": "08:00", "ends_at": "10:00",
            "chair": "Lâm Minh Thành", "secretary": "Nguyễn Thị Thuỷ", "members_total": 9,
            "members_present": "A\nB", "required_percent": 50, "submission_number": "12/TTr-SNV",
        },
    )  # fmt: skip
    assert "Tờ trình có số phải ghi họ tên người ký (Giám đốc Sở Nội vụ)." in (
        response.content.decode()
    )


def test_a_received_nomination_offers_the_council_session_as_its_one_primary_action(
    client, officer, province_staff
):
    proposal = received(
        person("Trần Văn Bình", by=officer), officer=officer, province_staff=province_staff
    )
    client.force_login(province_staff)
    url = reverse("awards:nomination_detail", args=[proposal.pk])
    page = client.get(url).content.decode()
    create = reverse("awards:session_create") + f"?phase={proposal.phase_id}"
    assert (
        f'class="btn btn-primary" href="{create}">Đưa vào phiên họp Hội đồng (lập phiên họp)'
        in page
    )
    meeting = session(proposal.phase, by=province_staff)
    page = client.get(url).content.decode()
    target = reverse("awards:session_detail", args=[meeting.pk])
    assert (
        f'class="btn btn-primary" href="{target}">Đưa vào phiên họp Hội đồng ngày 10/01/2025'
        in page
    )
    assert page.count("btn-primary") == 1 and "btn-success" not in page
    # The officer who proposed it sees no such button.
    client.force_login(officer)
    assert "Đưa vào phiên họp Hội đồng" not in client.get(url).content.decode()


def test_form_03_prints_every_particular_of_the_person(officer):
    nominee = person(
        "Nguyễn Thị Thuý", 1978, sex="female", by=officer, date_of_birth=datetime.date(1978, 3, 9),
        hometown="xã Vĩnh Bình Bắc, huyện Vĩnh Thuận", address="ấp Vĩnh Phước, xã Vĩnh Bình Bắc",
        position="Chủ tịch Hội Liên hiệp Phụ nữ xã", workplace="UBND xã Vĩnh Bình Bắc",
    )  # fmt: skip
    proposal = nomination(nominee, by=officer, kind_code="chien-si-thi-dua-tinh")
    report = texts(
        documents.report_pdf(
            documents.prefetch(Nomination.objects.filter(pk=proposal.pk)).get(),
            particulars=documents.OFFICE_VIEW,
        )
    )
    assert "Mẫu số 03" in report
    for line in [
        "Họ và tên (ghi đầy đủ bằng chữ in thường, không viết tắt): Nguyễn Thị Thuý.",
        "Sinh ngày, tháng, năm: 09/03/1978. Giới tính: Nữ.",
        "Quê quán: xã Vĩnh Bình Bắc, huyện Vĩnh Thuận",
        "Trú quán: ấp Vĩnh Phước, xã Vĩnh Bình Bắc",
        "Đơn vị công tác: UBND xã Vĩnh Bình Bắc",
        "Chức vụ (Đảng, chính quyền, đoàn thể): Chủ tịch Hội Liên hiệp Phụ nữ xã",
    ]:
        assert line in report


def test_the_district_tờ_trình_prints_its_signer(client, officer):
    draft = nomination(person("Trần Văn Bình", by=officer), by=officer)
    client.force_login(officer)
    client.post(
        reverse("awards:nomination_submit", args=[draft.pk]),
        {
            "submit-submission_number": "45/TTr-UBND", "submit-submitted_on": "02/12/2024",
            "submit-submission_signer": "Nguyễn Văn Út", "submit-submission_by_deputy": "on",
        },
    )  # fmt: skip
    draft.refresh_from_db()
    assert draft.state == Nomination.State.SUBMITTED
    text = texts(client.get(reverse("awards:nomination_submission", args=[draft.pk])).content)
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn Út" in text
