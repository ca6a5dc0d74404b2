"""The council's result, the decisions that follow it and their dossiers, read back as a user
gets them: pages, PDFs, the database."""

import datetime

import pytest
from django.urls import reverse

from awards.models import AwardDecision
from awards.nominating import issue_decision, record_council
from tests.awards.helpers import nomination, pdf_text, person, session


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
