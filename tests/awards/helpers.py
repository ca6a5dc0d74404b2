"""Builders for the awards tests, on top of the reference data (units, plan, movement, phases,
award kinds) that conftest loads once per session."""

import datetime
import io

from pypdf import PdfReader

from awards.models import AwardDecision, AwardKind, AwardRecord, CouncilSession, Nominee
from awards.nominating import create_nomination
from awards.services import issue_decision, record_council, save_nominee
from emulation.models import Movement, Participant, Phase
from tests import pdftext
from units.models import Unit


def kind(code):
    return AwardKind.objects.get(code=code)


def phase(kind_="yearly", year=2024):
    return Phase.objects.get(kind=kind_, year=year)


def participant(code):
    unit = Unit.objects.get(code=code, valid_from__isnull=True)
    kind_ = {"province": "province", "district": "district", "commune": "commune"}[unit.level]
    found = Participant.objects.filter(unit=unit).first()
    if found:
        return found
    return Participant.objects.create(
        movement=Movement.objects.get(), kind=kind_, unit=unit, code=unit.code
    )


def person(name, birth_year=1975, *, sex="male", district="910", by=None, **extra):
    nominee = Nominee(
        nominee_type="individual",
        name=name,
        sex=sex,
        birth_year=birth_year,
        position=extra.pop("position", "Chủ tịch UBND xã"),
        workplace=extra.pop("workplace", "UBND xã Vĩnh Bình Bắc"),
        district=Unit.objects.get(code=district, valid_from__isnull=True) if district else None,
        **extra,
    )
    return save_nominee(nominee, by=by)


def collective(unit_code, *, by=None):
    unit = Unit.objects.get(code=unit_code, valid_from__isnull=True)
    district = unit if unit.level == "district" else unit.parent
    nominee = Nominee(
        nominee_type="collective",
        collective_kind="unit",
        name=f"Ủy ban nhân dân {unit.full_name[:1].lower()}{unit.full_name[1:]}",
        unit=unit,
        district=district if district.level == "district" else None,
    )
    return save_nominee(nominee, by=by)


def household(name, *, district="910", by=None):
    nominee = Nominee(
        nominee_type="household",
        name=name,
        sex="male",
        address="Ấp Vĩnh Phước, xã Vĩnh Bình Bắc, huyện Vĩnh Thuận",
        district=Unit.objects.get(code=district, valid_from__isnull=True),
    )
    return save_nominee(nominee, by=by)


def record(
    nominee, kind_code, year, number="10/QĐ-UBND", issuer="Chủ tịch UBND tỉnh Kiên Giang", **extra
):
    return AwardRecord.objects.create(
        nominee=nominee,
        kind=kind(kind_code),
        year=year,
        decision_number=number,
        issuer=issuer,
        **extra,
    )


def nomination(
    nominee, *, by, kind_code="bang-khen-chu-tich-ubnd-tinh", proposer="910", phase_=None, **extra
):
    proposer_participant = participant(proposer)
    unit = proposer_participant.unit
    district = (
        None if unit.level == "province" else (unit if unit.level == "district" else unit.parent)
    )
    return create_nomination(
        phase=phase_ or phase(),
        proposer=proposer_participant,
        nominee=nominee,
        kind=kind(kind_code),
        by=by,
        district=district,
        achievements=extra.pop(
            "achievements", "Dẫn đầu phong trào xây dựng nông thôn mới của huyện."
        ),
        **extra,
    )


def session(phase_, *, by, members_total=9, present=7, required_percent=50):
    return CouncilSession.objects.create(
        phase=phase_,
        held_on=datetime.date(2025, 1, 10),
        chair="Lâm Minh Thành",
        chair_title="Chủ tịch UBND tỉnh, Chủ tịch Hội đồng",
        secretary="Nguyễn Thị Thuỷ",
        secretary_title="Trưởng Ban Thi đua – Khen thưởng, Sở Nội vụ",
        members_total=members_total,
        members_present="\n".join(f"Thành viên {index}" for index in range(1, present + 1)),
        required_percent=required_percent,
        submission_number="12/TTr-SNV",
        minutes_number="03/BB-HĐTĐKT",
        created_by=by,
    )


def passed_council(proposals, province_staff, officer, *, submission_number="45/TTr-UBND"):
    """The proposals submitted by the officer, received by the province and passed by a council
    session (7 of 7 present for each); the session."""
    for proposal in proposals:
        proposal.submit(
            by=officer, submission_number=submission_number, submitted_on=datetime.date(2024, 12, 2)
        )
        proposal.receive(by=province_staff)
    meeting = session(proposals[0].phase, by=province_staff)
    record_council(session=meeting, votes={p: (7, 0, 0) for p in proposals}, by=province_staff)
    return meeting


def decide(
    proposals, meeting, province_staff, *, number="1234/QĐ-UBND", on=datetime.date(2025, 9, 5)
):
    """The Chairman's decision awarding the proposals the session passed."""
    decision = AwardDecision(
        number=number, issued_on=on, signer="Lê Quốc Anh",
        phase=meeting.phase, session=meeting, created_by=province_staff,
    )  # fmt: skip
    issue_decision(decision=decision, nominations=proposals, by=province_staff)
    return decision


def pdf_text(content):
    """The text of a PDF, its pages joined by a line break, and pypdf's reader of it."""
    return pdftext.pdf_text(content, "\n"), PdfReader(io.BytesIO(content))
