"""Who decides: each decision has its issuer and holds only that issuer's kinds; national kinds go
up by the province's tờ trình and come back as a recorded decision; districts decide and number
their own; numbers are unique per issuer and year."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import documents
from awards.models import AwardDecision, AwardRecord, Nomination
from awards.services import issue_decision, record_council
from tests.awards.helpers import collective, nomination, pdf_text, person, session
from tests.conftest import status_as


def texts(content):
    text, _reader = pdf_text(content)
    return " ".join(text.split())


def through_council(proposals, *, officer, province_staff, by=None):
    for proposal in proposals:
        proposal.submit(
            by=by or officer,
            submission_number="45/TTr-UBND",
            submitted_on=datetime.date(2024, 12, 2),
        )
        proposal.receive(by=province_staff)
    meeting = session(proposals[0].phase, by=province_staff)
    record_council(session=meeting, votes={p: (7, 0, 0) for p in proposals}, by=province_staff)
    return meeting


@pytest.fixture
def national(officer, province_staff):
    """Vĩnh Thuận district proposed by the province for the Prime Minister's Bằng khen, and a
    person for the provincial Bằng khen, both passed by the council."""
    district = nomination(
        collective("910", by=province_staff), by=province_staff, kind_code="bang-khen-thu-tuong",
        proposer="91",
    )  # fmt: skip
    local = nomination(person("Võ Minh Khoa", 1983, by=officer), by=officer)
    meeting = through_council(
        [district, local], officer=officer, province_staff=province_staff, by=None
    )
    return meeting, district, local


def test_a_national_kind_cannot_enter_a_provincial_decision(province_staff, national):
    meeting, district, local = national
    decision = AwardDecision(
        number="300/QĐ-UBND", issued_on=datetime.date(2025, 1, 20), signer="Lê Quốc Anh",
        phase=meeting.phase, session=meeting, created_by=province_staff,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        issue_decision(decision=decision, nominations=[local, district], by=province_staff)
    assert refused.value.messages == [
        "Quyết định của Chủ tịch Ủy ban nhân dân tỉnh Kiên Giang không thể tặng “Bằng khen của "
        "Thủ tướng Chính phủ” (Ủy ban nhân dân huyện Vĩnh Thuận): loại khen thưởng này do Thủ "
        "tướng Chính phủ (tỉnh đề nghị) quyết định."
    ]
    # Nothing half-written: neither the decision nor the provincial award that came first.
    assert not AwardDecision.objects.exists()
    local.refresh_from_db()
    assert local.state == Nomination.State.REVIEWED and not AwardRecord.objects.exists()


def test_a_national_kind_goes_up_by_tờ_trình_and_its_decision_enters_the_history(
    client, province_staff, national
):
    meeting, district, _local = national
    client.force_login(province_staff)
    page = reverse("awards:session_detail", args=[meeting.pk])
    assert (
        "Chờ trình Trung ương: Ủy ban nhân dân huyện Vĩnh Thuận"
        in client.get(page).content.decode()
    )
    response = client.post(
        page,
        {
            "action": "central", "central_submission_number": "412/TTr-UBND",
            "central_submission_date": "15/01/2025", "central_submission_signer": "Lê Quốc Anh",
            "central_submission_by_deputy": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302
    district.refresh_from_db()
    assert district.get_state_display() == "Đã trình Trung ương"
    submission = texts(
        client.get(reverse("awards:session_submission", args=[meeting.pk]) + "?to=central").content
    )
    assert submission.startswith("ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG")
    assert (
        "Số: 412/TTr-UBND" in submission and "Kiên Giang, ngày 15 tháng 01 năm 2025" in submission
    )
    assert "Kính gửi: Thủ tướng Chính phủ (qua Ban Thi đua – Khen thưởng Trung ương)" in submission
    assert "Ủy ban nhân dân huyện Vĩnh Thuận" in submission and "Võ Minh Khoa" not in submission
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Quốc Anh" in submission
    assert "- Như trên; - Ban Thi đua – Khen thưởng Trung ương;" in submission

    # The Prime Minister's decision comes back: staff record it with its number and issuer.
    url = reverse("awards:decision_create", args=[meeting.pk])
    # The provincial decision offers only the provincial kind; the central one only what went up.
    provincial = client.get(url).content.decode()
    assert "Võ Minh Khoa — Bằng khen của Chủ tịch" in provincial
    assert "Ủy ban nhân dân huyện Vĩnh Thuận —" not in provincial
    assert '<a href="?issuer=thu_tuong">Thủ tướng Chính phủ</a>' in provincial
    central = client.get(url + "?issuer=thu_tuong").content.decode()
    assert "Ủy ban nhân dân huyện Vĩnh Thuận — Bằng khen của Thủ tướng" in central
    assert "Võ Minh Khoa" not in central
    data = {
        "issuer_kind": "thu_tuong", "number": "88/QĐ-UBND", "issued_on": "20/03/2025",
        "signer": "Trần Hồng Hà", "signed_by_deputy": "on",
        "summary": "Về việc tặng Bằng khen của Thủ tướng Chính phủ", "nominations": [district.pk],
    }  # fmt: skip
    refused = client.post(url, data)
    assert "Số quyết định của Thủ tướng Chính phủ phải có dạng …/QĐ-TTg" in refused.content.decode()
    response = client.post(url, {**data, "number": "88/QĐ-TTg"})
    assert response.status_code == 302
    district.refresh_from_db()
    assert district.state == Nomination.State.DECIDED
    assert district.decision.issuer.authority == "Thủ tướng Chính phủ"
    nominee_page = client.get(
        reverse("awards:nominee_detail", args=[district.nominee.pk])
    ).content.decode()
    assert "88/QĐ-TTg" in nominee_page and "Thủ tướng Chính phủ" in nominee_page
    # Recorded, not printed again by the province.
    detail = client.get(reverse("awards:decision_detail", args=[district.decision.pk]))
    assert "tỉnh không in lại quyết định và bằng khen" in detail.content.decode()
    assert (
        client.get(reverse("awards:decision_document", args=[district.decision.pk])).status_code
        == 404
    )


def test_a_district_decides_and_numbers_its_own_award(client, cast, officer, other_officer):
    proposal = nomination(
        person("Phạm Văn Được", 1962, by=officer),
        by=officer,
        kind_code="giay-khen-chu-tich-ubnd-huyen",
    )
    proposal.submit(
        by=officer, submission_number="8/TTr-VP", submitted_on=datetime.date(2025, 3, 2)
    )
    url = reverse("awards:district_decision_create")
    data = {
        "issuer_kind": "ubnd_huyen", "number": "15/QĐ-UBND", "issued_on": "20/03/2025",
        "signer": "Nguyễn Văn Út", "signed_by_deputy": "", "summary": "Về việc tặng Giấy khen",
        "nominations": [proposal.pk],
    }  # fmt: skip
    # The province does not decide a district's award; another district cannot take it.
    assert status_as(client, cast["province_staff"], "get", url)[0] == 403
    assert status_as(client, cast["leadership"], "get", url)[0] == 403
    code, response = status_as(client, other_officer, "post", url, data)
    assert code == 200 and "Chọn ít nhất một đề nghị" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == Nomination.State.SUBMITTED

    code, response = status_as(client, officer, "post", url, data)
    assert code == 302
    proposal.refresh_from_db()
    decision = proposal.decision
    assert proposal.state == Nomination.State.DECIDED
    assert decision.issuer.authority == "Chủ tịch Ủy ban nhân dân huyện Vĩnh Thuận"
    printed = texts(documents.decision_pdf(decision))
    assert printed.startswith("ỦY BAN NHÂN DÂN HUYỆN VĨNH THUẬN")
    assert "Vĩnh Thuận, ngày 20 tháng 3 năm 2025" in printed and "CHỦ TỊCH Nguyễn Văn Út" in printed
    # Visible to the province.
    _code, listing = status_as(
        client, cast["province_staff"], "get", reverse("awards:decision_list")
    )
    assert "15/QĐ-UBND" in listing.content.decode()


def test_a_district_decision_after_30_06_2025_is_refused_naming_the_missing_body(client, officer):
    proposal = nomination(
        person("Phạm Văn Được", 1962, by=officer),
        by=officer,
        kind_code="giay-khen-chu-tich-ubnd-huyen",
    )
    proposal.submit(
        by=officer, submission_number="8/TTr-VP", submitted_on=datetime.date(2025, 3, 2)
    )
    client.force_login(officer)
    response = client.post(
        reverse("awards:district_decision_create"),
        {
            "issuer_kind": "ubnd_huyen", "number": "15/QĐ-UBND", "issued_on": "02/07/2025",
            "signer": "Nguyễn Văn Út", "summary": "Về việc tặng Giấy khen", "nominations": [proposal.pk],
        },
    )  # fmt: skip
    assert (
        "Không có cơ quan ban hành loại “UBND huyện” của Huyện Vĩnh Thuận vào ngày 02/07/2025"
        in (response.content.decode())
    )


def test_decision_numbers_are_unique_per_issuer_and_year(client, officer, province_staff):
    people = [
        nomination(person(name, 1970 + index, by=officer), by=officer)
        for index, name in enumerate(["Ngô Văn Trúc", "Bùi Thị Cúc", "Đinh Văn Hậu"])
    ]
    meeting = through_council(people, officer=officer, province_staff=province_staff)
    client.force_login(province_staff)
    url = reverse("awards:decision_create", args=[meeting.pk])
    data = {
        "issuer_kind": "ubnd_tinh", "number": "55/QĐ-UBND", "signer": "Lê Quốc Anh",
        "signed_by_deputy": "on", "summary": "Về việc tặng Bằng khen",
    }  # fmt: skip
    first = client.post(url, {**data, "issued_on": "20/01/2025", "nominations": [people[0].pk]})
    assert first.status_code == 302
    again = client.post(url, {**data, "issued_on": "25/02/2025", "nominations": [people[1].pk]})
    assert again.status_code == 200
    form = again.context["form"]
    assert form.errors["number"] == [
        "Số quyết định này đã được cơ quan ban hành dùng trong cùng năm."
    ]
    # The next year the numbering starts again.
    next_year = client.post(url, {**data, "issued_on": "05/01/2026", "nominations": [people[1].pk]})
    assert next_year.status_code == 302
    assert AwardDecision.objects.filter(number="55/QĐ-UBND").count() == 2


def test_only_an_account_of_a_district_is_offered_the_district_decision_form(client, cast):
    """The administrator holds every capability but no district: the list must not offer it a
    form that answers 403 (the every-page crawler found the link as quantri)."""
    link = "Ghi quyết định khen thưởng cấp huyện"
    for role, offered in [
        ("officer", True),
        ("administrator", False),
        ("province_staff", False),
        ("leadership", False),
    ]:
        _code, listing = status_as(client, cast[role], "get", reverse("awards:decision_list"))
        assert (link in listing.content.decode()) is offered, role
