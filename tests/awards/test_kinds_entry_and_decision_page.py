import datetime

from awards.models import AwardKind, AwardRecord, Nomination, Nominee
from emulation.models import ContentArea, Exemplar, Movement
from tests.awards.helpers import kind, nomination, participant, pdf_text, person, phase, session
from tests.conftest import status_as


def test_titles_forms_levels_recipients_and_amounts_are_data(db):
    assert kind("chien-si-thi-dua-tinh").category == AwardKind.Category.TITLE
    assert kind("bang-khen-thu-tuong").proposed_by == AwardKind.Proposer.PROVINCE
    prerequisite = kind("chien-si-thi-dua-toan-quoc").prerequisites.get()
    assert prerequisite.required_kind == kind("chien-si-thi-dua-tinh")
    assert prerequisite.consecutive_times == 2 and "Điều 21" in prerequisite.article
    # Decree 98/2023 art. 54: 3,0 × base salary; 1.800.000 đồng until 30/06/2024.
    assert (
        kind("chien-si-thi-dua-tinh").amount_on("individual", datetime.date(2024, 5, 1))
        == 5_400_000
    )
    # Rounded up to ten thousand đồng: 0,3 × 2.340.000 = 702.000.
    assert kind("lao-dong-tien-tien").amount_on("individual", datetime.date(2024, 12, 1)) == 710_000
    # No multiple recorded for that date (a household under Decree 98/2023): no amount is
    # invented.
    assert (
        kind("bang-khen-chu-tich-ubnd-tinh").amount_on("household", datetime.date(2025, 1, 1))
        is None
    )


def test_officer_enters_a_person_and_an_award_by_hand(client, officer, other_officer):
    client.force_login(officer)
    response = client.post(
        "/awards/nominees/new/",
        {
            "nominee_type": "individual", "name": "  Nguyễn   Văn  Thành ", "sex": "male",
            "birth_year": 1972, "position": "Trưởng ấp", "workplace": "ấp Vĩnh Lộc",
            "district": Nominee._meta.get_field("district").related_model.objects.get(code="910").pk,
        },
    )  # fmt: skip
    nominee = Nominee.objects.get()
    assert response.status_code == 302 and nominee.name == "Nguyễn Văn Thành"
    client.post(
        f"/awards/nominees/{nominee.pk}/records/new/",
        {"kind": kind("giay-khen-chu-tich-ubnd-huyen").pk, "year": 2022,
         "decision_number": "55/QĐ-UBND", "issuer": "Chủ tịch UBND huyện Vĩnh Thuận"},
    )  # fmt: skip
    assert nominee.award_records.get().decision_number == "55/QĐ-UBND"
    page = client.get(f"/awards/nominees/{nominee.pk}/").content.decode()
    assert "55/QĐ-UBND" in page and "Lịch sử chỉnh sửa" in page
    # A title or form that the nominee type cannot receive is not even offered.
    response = client.post(
        f"/awards/nominees/{nominee.pk}/records/new/",
        {
            "kind": kind("tap-the-lao-dong-xuat-sac").pk,
            "year": 2022,
            "decision_number": "1/QĐ",
            "issuer": "X",
        },
    )
    assert (
        "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
        or "Lựa chọn" in response.content.decode()
    )
    code, _ = status_as(
        client, other_officer, "post", f"/awards/nominees/{nominee.pk}/records/new/",
        {"kind": kind("giay-khen-chu-tich-ubnd-huyen").pk, "year": 2023, "decision_number": "9/QĐ-UBND", "issuer": "X"},
    )  # fmt: skip
    assert code == 403 and nominee.award_records.count() == 1


def test_individual_without_year_of_birth_is_refused_with_the_typed_values_kept(client, officer):
    client.force_login(officer)
    response = client.post(
        "/awards/nominees/new/", {"nominee_type": "individual", "name": "Lê Văn Tí", "sex": "male"}
    )
    page = response.content.decode()
    assert "năm sinh" in page and 'value="Lê Văn Tí"' in page
    assert not Nominee.objects.exists()


def test_cited_exemplars_appear_in_the_achievement_report(officer):
    movement = Movement.objects.get()
    exemplar = Exemplar.objects.create(
        movement=movement, title="Mô hình “Tuyến đường hoa nông thôn mới”", kind="model",
        content_area=ContentArea.objects.filter(movement=movement).first(), participant=participant("910"),
        year=2024, description="Trồng hoa hai bên đường.", results="12 km đường hoa",
    )  # fmt: skip
    proposal = nomination(person("Trần Thị Lan", 1980, sex="female", by=officer), by=officer)
    proposal.exemplars.add(exemplar)
    from awards import documents

    text, _ = pdf_text(
        documents.report_pdf(
            documents.prefetch(Nomination.objects.filter(pk=proposal.pk)).get(),
            particulars=documents.OFFICE_VIEW,
        )
    )
    assert "Tuyến đường hoa nông thôn mới" in " ".join(text.split())


def test_only_province_staff_issue_the_decision(client, cast, officer):
    proposal = nomination(person("Đinh Văn Hậu", 1966, by=officer), by=officer)
    proposal.submit(by=officer)
    proposal.receive(by=cast["province_staff"])
    meeting = session(phase(), by=cast["province_staff"])
    from awards.nominating import record_council

    record_council(session=meeting, votes={proposal: (7, 0, 0)}, by=cast["province_staff"])
    url = f"/awards/sessions/{meeting.pk}/decision/new/"
    data = {
        "number": "321/QĐ-UBND", "issued_on": "20/09/2025", "signer": "Lê Quốc Anh",
        "issuer_kind": "ubnd_tinh", "signed_by_deputy": "on", "summary": "Về việc tặng Bằng khen",
        "nominations": [proposal.pk],
    }  # fmt: skip
    for role in ("officer", "other_officer", "leadership"):
        code, _ = status_as(client, cast[role], "post", url, data)
        assert code == 403, role
    proposal.refresh_from_db()
    assert proposal.state == "reviewed"
    code, _ = status_as(client, cast["province_staff"], "post", url, {**data, "number": "321"})
    proposal.refresh_from_db()
    assert proposal.state == "reviewed"  # a number without …/QĐ- is refused
    status_as(client, cast["province_staff"], "post", url, data)
    proposal.refresh_from_db()
    assert proposal.state == "decided" and proposal.decision.number == "321/QĐ-UBND"
    assert proposal.events.last().action == "decide"
    assert AwardRecord.objects.get(nomination=proposal).decision_number == "321/QĐ-UBND"


def test_a_failed_vote_cannot_be_decided(province_staff, officer):
    import pytest
    from django.core.exceptions import ValidationError

    from awards.models import AwardDecision
    from awards.nominating import issue_decision, record_council

    proposal = nomination(person("Mạc Văn Khôi", 1966, by=officer), by=officer)
    proposal.submit(by=officer)
    proposal.receive(by=province_staff)
    meeting = session(phase(), by=province_staff)
    record_council(session=meeting, votes={proposal: (3, 4, 0)}, by=province_staff)
    decision = AwardDecision(
        number="400/QĐ-UBND", issued_on=datetime.date(2025, 9, 20), signer="A",
        phase=meeting.phase, session=meeting, created_by=province_staff,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="hội đồng chưa thông qua"):
        issue_decision(decision=decision, nominations=[proposal], by=province_staff)
