"""The demo commendation history: nominees with award histories (one person recorded twice under
two spellings), nominations at every step of the workflow, a council session and an award
decision, so that every document can be printed on a fresh clone. Every nominee's notes carry
DEMO_MARK; running it again changes nothing."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from awards.models import (
    AwardDecision,
    AwardKind,
    AwardRecord,
    CouncilSession,
    Nominee,
    PrinterCalibration,
)
from awards.nominating import create_nomination, escalate, issue_decision, record_council
from awards.services import save_nominee, send_to_central
from emulation.models import Movement, Participant, Phase
from targets.models import Certification
from units.models import Unit

DEMO_MARK = "[Dữ liệu minh họa]"
DEMO_NOTE = f"{DEMO_MARK} Do hệ thống tạo để trình diễn, không phải hồ sơ thật."

# (name, sex, birth year, position, workplace, district code, history [(kind, year, number, issuer)])
PEOPLE = [
    ("Nguyễn Thị Thuý", "female", 1978, "Chủ tịch Hội Liên hiệp Phụ nữ xã", "xã Vĩnh Bình Bắc", "910",
     [("giay-khen-chu-tich-ubnd-huyen", 2021, "215/QĐ-UBND", "Chủ tịch UBND huyện Vĩnh Thuận")]),
    # The same woman, entered again by another office with the tone placed on the y.
    ("Nguyễn Thị  Thúy", "female", 1978, "Chủ tịch Hội Phụ nữ xã Vĩnh Bình Bắc", "", "910",
     [("bang-khen-chu-tich-ubnd-tinh", 2022, "1420/QĐ-UBND", "Chủ tịch UBND tỉnh Kiên Giang")]),
    ("Trần Văn Hoà", "male", 1969, "Chủ tịch UBND xã", "xã Vĩnh Bình Nam", "910",
     [("chien-si-thi-dua-co-so", 2022, "301/QĐ-UBND", "Chủ tịch UBND huyện Vĩnh Thuận"),
      ("chien-si-thi-dua-co-so", 2023, "288/QĐ-UBND", "Chủ tịch UBND huyện Vĩnh Thuận")]),
    ("Lê Thị Ngọc Huyền", "female", 1985, "Công chức Văn phòng điều phối NTM huyện", "huyện Vĩnh Thuận", "910", []),
    ("Phạm Văn Được", "male", 1962, "Trưởng ấp Vĩnh Phước", "xã Vĩnh Phong", "910", []),
    ("Đỗ Thị Hằng", "female", 1980, "Phó Chủ tịch UBND xã", "xã Nam Yên", "908",
     [("lao-dong-tien-tien", 2023, "120/QĐ-UBND", "Chủ tịch UBND huyện An Biên")]),
    ("Huỳnh Văn Quý", "male", 1975, "Bí thư Đảng ủy xã", "xã Tây Yên", "908", []),
    ("Võ Minh Khoa", "male", 1983, "Chủ nhiệm Hợp tác xã Tân Tiến", "xã Vĩnh Thuận", "910", []),
    ("Trương Thị Mỹ Lệ", "female", 1990, "Bí thư Đoàn xã", "xã Vĩnh Bình Bắc", "910", []),
]  # fmt: skip


@transaction.atomic
def load_demo_awards():
    """Create the demo history when absent; return the number of nominations created (0: present)."""
    if Nominee.objects.filter(notes__contains=DEMO_MARK).exists():
        return 0
    users = get_user_model().objects.in_bulk(["tinh", "huyen.vinhthuan"], field_name="username")
    if len(users) < 2:
        call_command("load_demo_accounts", stdout=io.StringIO())
        users = get_user_model().objects.in_bulk(["tinh", "huyen.vinhthuan"], field_name="username")
    staff, officer = users["tinh"], users["huyen.vinhthuan"]
    movement = Movement.objects.order_by("pk").first()
    phase = Phase.objects.get(movement=movement, kind=Phase.Kind.YEARLY, year=2024)
    kinds = {kind.code: kind for kind in AwardKind.objects.all()}
    units = {
        unit.code: unit
        for unit in Unit.objects.filter(
            code__in=["91", "910", "908", "31060", "31063"], valid_from__isnull=True
        )
    }

    def participant(code):
        unit = units[code]
        found = Participant.objects.filter(movement=movement, unit=unit).first()
        return found or Participant.objects.create(
            movement=movement, unit=unit, kind=unit.level, code=unit.code, notes=DEMO_NOTE
        )

    people = []
    for name, sex, year, position, workplace, district, history in PEOPLE:
        nominee = save_nominee(
            Nominee(
                nominee_type="individual", name=name, sex=sex, birth_year=year, position=position,
                workplace=workplace, district=units[district], notes=DEMO_NOTE,
            ),
            by=staff,
        )  # fmt: skip
        for code, award_year, number, issuer in history:
            AwardRecord.objects.create(
                nominee=nominee,
                kind=kinds[code],
                year=award_year,
                decision_number=number,
                issuer=issuer,
            )
        people.append(nominee)

    def collective(code, **extra):
        unit = units.get(code)
        name = (
            extra.pop("name", None)
            or f"Ủy ban nhân dân {unit.full_name[:1].lower()}{unit.full_name[1:]}"
        )
        return save_nominee(
            Nominee(nominee_type="collective", name=name, notes=DEMO_NOTE, **extra), by=staff
        )

    commune = collective(
        "31060", collective_kind="unit", unit=units["31060"], district=units["910"]
    )
    commune_2 = collective(
        "31063", collective_kind="unit", unit=units["31063"], district=units["910"]
    )
    district = collective("910", collective_kind="unit", unit=units["910"], district=units["910"])
    farmers = collective(
        None, name="Hội Nông dân xã Vĩnh Bình Bắc", collective_kind="inner",
        parent_organisation="Ủy ban Mặt trận Tổ quốc Việt Nam xã Vĩnh Bình Bắc", district=units["910"],
    )  # fmt: skip
    AwardRecord.objects.create(
        nominee=district, kind=kinds["huan-chuong-lao-dong-hang-ba"], year=2022,
        decision_number="899/QĐ-CTN", issuer="Chủ tịch nước",
    )  # fmt: skip
    household = save_nominee(
        Nominee(
            nominee_type="household", name="Lê Văn Của", sex="male", district=units["910"],
            address="Ấp Vĩnh Hòa, xã Vĩnh Bình Nam, huyện Vĩnh Thuận", notes=DEMO_NOTE,
        ),
        by=staff,
    )  # fmt: skip

    proposer = participant("910")
    province = participant("91")
    bang_khen = kinds["bang-khen-chu-tich-ubnd-tinh"]
    text = {
        "background": "Đơn vị có 14 ấp, 3.250 hộ; đời sống người dân chủ yếu dựa vào trồng lúa, nuôi tôm.",
        "achievements": "Hoàn thành các chỉ tiêu của kế hoạch năm; vận động nhân dân hiến đất, "
        "ngày công làm đường giao thông nông thôn; thu nhập bình quân đầu người tăng 9% so với năm trước.",
    }

    # A person's report tells the person's own course (form 03), not the commune's.
    person_background = (
        "Có 15 năm công tác tại địa phương; trực tiếp phụ trách phong trào xây dựng nông thôn "
        "mới ở cơ sở."
    )

    # A collective's report (form 02) is signed and sealed by the unit's head: his title over
    # the signature, his full name under it (Decree 30/2020, Appendix I).
    report_signers = {
        commune.pk: ("Huỳnh Văn Phước", "Chủ tịch UBND xã Vĩnh Bình Bắc"),
        commune_2.pk: ("Trương Thị Kim Loan", "Chủ tịch UBND xã Vĩnh Bình Nam"),
        district.pk: ("Nguyễn Văn Hùng", "Chủ tịch UBND huyện Vĩnh Thuận"),
        farmers.pk: ("Đoàn Văn Lực", "Chủ tịch Hội Nông dân xã Vĩnh Bình Bắc"),
    }

    def propose(nominee, kind=bang_khen, by=officer, who=proposer, **extra):
        own = {"background": person_background} if nominee.nominee_type == "individual" else {}
        if nominee.pk in report_signers:
            own["report_signer"], own["report_signer_title"] = report_signers[nominee.pk]
        return create_nomination(
            phase=phase, proposer=who, nominee=nominee, kind=kind, by=by,
            district=units["910"] if who == proposer else None, **{**text, **own, **extra},
        )  # fmt: skip

    submitted_on = datetime.date(2024, 12, 5)
    # Proposed for its NTM results only when the register (demo history) holds the recognition.
    recognised = Certification.objects.filter(
        unit=units["31060"], standard="ntm", revoked_on__isnull=True
    ).exists()

    def submit(nomination):
        # The district's tờ trình carries its signer (Decree 30/2020: title and full name).
        nomination.submit(
            by=officer, submission_number="215/TTr-UBND", submitted_on=submitted_on,
            submission_signer="Nguyễn Văn Hùng",
        )  # fmt: skip
        return nomination

    created = []
    # Decided: the commune, a person and a household, through the whole path.
    awarded = [
        submit(propose(commune, ntm_standard="ntm" if recognised else "")),
        submit(propose(people[2])),
        submit(propose(household)),
        submit(propose(people[3])),
    ]
    # Not passed by the council, escalated to the Prime Minister, still waiting for the council.
    rejected = submit(propose(people[4]))
    escalated = submit(propose(district))
    waiting = submit(propose(farmers))
    # Passed by the council, its decision not yet recorded.
    passed = submit(propose(people[8]))
    for nomination in [*awarded, rejected, escalated, waiting, passed]:
        nomination.receive(by=staff, note="Hồ sơ đủ thành phần.")
    created += [*awarded, rejected, escalated, waiting, passed]
    # Returned with a reason, submitted not yet received, withdrawn, and a draft (the duplicate).
    returned = submit(propose(commune_2))
    returned.return_for_completion(
        by=staff, reason="Thiếu biên bản bình xét của Hội đồng Thi đua – Khen thưởng huyện."
    )
    pending = submit(propose(people[7]))
    withdrawn = propose(people[6])
    withdrawn.withdraw(by=officer, reason="Đơn vị đề nghị hình thức khác ở đợt sau.")
    draft = propose(people[0])
    # Not awarded by the province before the council (with its reason).
    refused = submit(propose(people[5]))
    refused.receive(by=staff, note="Hồ sơ đủ thành phần.")
    refused.reject(by=staff, reason="Thành tích chưa tiêu biểu so với các đề nghị cùng đợt.")
    created += [returned, pending, withdrawn, draft, refused]

    session = CouncilSession.objects.create(
        phase=phase, held_on=datetime.date(2025, 9, 5), starts_at=datetime.time(8, 0),
        ends_at=datetime.time(10, 30), chair="Trần Minh Khoa",
        chair_title="Chủ tịch UBND tỉnh, Chủ tịch Hội đồng", secretary="Phan Thị Ngọc Hà",
        secretary_title="Trưởng Ban Thi đua – Khen thưởng, Sở Nội vụ", members_total=11,
        # 9 present (the chair and the secretary among them) and 2 absent with their reasons:
        # the minutes account for all 11 members.
        members_present="\n".join([
            "Trần Minh Khoa — Chủ tịch UBND tỉnh, Chủ tịch Hội đồng",
            "Nguyễn Văn Nam — Giám đốc Sở Nội vụ, Phó Chủ tịch Hội đồng",
            "Phan Thị Ngọc Hà — Trưởng Ban Thi đua – Khen thưởng, Ủy viên thư ký",
            *(f"{name} — Ủy viên Hội đồng" for name in [
                "Nguyễn Văn Sáu", "Trần Thị Bảy", "Lê Văn Tám", "Phạm Thị Chín", "Võ Văn Mười",
                "Huỳnh Thị Mai",
            ]),
        ]),
        members_absent="Đặng Văn Lan — đi công tác\nBùi Thị Cúc — nghỉ ốm",
        submission_number="356/TTr-SNV", submission_signer="Nguyễn Văn Nam",
        minutes_number="09/BB-HĐTĐKT", created_by=staff,
        notes=DEMO_NOTE,
    )  # fmt: skip
    votes = {nomination: (8, 1, 0) for nomination in awarded}
    votes[rejected] = (4, 4, 1)
    votes[escalated] = (9, 0, 0)
    votes[passed] = (7, 1, 1)
    # 4 of 11 "for": the vote itself ends the nomination as "không được Hội đồng thông qua".
    record_council(session=session, votes=votes, by=staff)
    higher = escalate(
        nomination=escalated, kind=kinds["bang-khen-thu-tuong"], proposer=province, by=staff
    )
    created.append(higher)
    # The national award goes up: submitted, voted, and sent to the central level by the
    # province's tờ trình; the Prime Minister's decision has not come back yet.
    higher.submit(by=staff, submission_number="356/TTr-SNV", submitted_on=session.held_on)
    higher.receive(by=staff)
    record_council(session=session, votes={higher: (9, 0, 0)}, by=staff)
    session.central_submission_number = "412/TTr-UBND"
    session.central_submission_date = datetime.date(2025, 9, 12)
    session.central_submission_signer = "Lê Quốc Anh"
    send_to_central(session=session, by=staff)
    decision = AwardDecision(
        number="2150/QĐ-UBND", issued_on=datetime.date(2025, 9, 15), signer="Lê Quốc Anh",
        phase=phase, session=session, created_by=staff,
    )  # fmt: skip
    issue_decision(decision=decision, nominations=awarded, by=staff)
    PrinterCalibration.objects.get_or_create(
        name="Máy in phòng Thi đua – Khen thưởng (minh họa)",
        defaults={"offset_x_mm": 1.5, "offset_y_mm": -2.0},
    )
    return len(created)
