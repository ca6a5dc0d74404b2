"""The demo movement: participants (the 15 district-level units, four communes of Vĩnh Thuận and
eight provincial organisations), clusters and blocks 2022–2025, registrations (some missing,
some late), scored and verified reviews for every phase whose self-assessment deadline has passed,
exemplary models and a draft final report.

Everything is invented with a seeded random generator (the same on every load) and marked
“[Dữ liệu minh họa]” in the participants' notes, the reviews' summaries, the exemplars' results and
the report, like the demo history of `targets`. In the final review (2025), cluster 3 is led by
Vĩnh Thuận and two of its members still wait for the leader's verification, so the demo accounts
have something to do.
"""

import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from emulation.models import (
    Cluster,
    ClusterMember,
    Exemplar,
    Movement,
    MovementReport,
    Participant,
    Phase,
    Registration,
    RegistrationEvent,
    RegistrationItem,
    Review,
    ReviewEvent,
    Score,
)
from emulation.ntm import suggested_measures
from units.models import Unit

DEMO_MARK = "[Dữ liệu minh họa]"
DEMO_NOTE = f"{DEMO_MARK} Do hệ thống tạo để trình diễn, không phải số liệu chính thức."
SEED = 2022
YEARS = range(2022, 2026)
CLUSTERS = [
    ("Cụm thi đua số 1 (các thành phố, huyện phía Bắc)", ["899", "900", "911", "902", "914"]),
    ("Cụm thi đua số 2 (các huyện vùng Tứ giác Long Xuyên, sông Hậu)", ["903", "904", "905", "906", "907"]),
    ("Cụm thi đua số 3 (các huyện vùng U Minh Thượng, biển đảo)", ["908", "909", "910", "912", "913"]),
]  # fmt: skip
BLOCK = "Khối các sở, ban, ngành, đoàn thể tỉnh"
COMMUNE_CLUSTER = "Cụm các xã huyện Vĩnh Thuận"
ORGANISATIONS = [
    ("SNN", "Sở Nông nghiệp và Phát triển nông thôn", Participant.Kind.DEPARTMENT),
    ("SNV", "Sở Nội vụ", Participant.Kind.DEPARTMENT),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", Participant.Kind.DEPARTMENT),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", Participant.Kind.DEPARTMENT),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", Participant.Kind.MASS_ORGANISATION),
    ("HND", "Hội Nông dân tỉnh", Participant.Kind.MASS_ORGANISATION),
    ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", Participant.Kind.MASS_ORGANISATION),
    ("TDTN", "Tỉnh đoàn Kiên Giang", Participant.Kind.MASS_ORGANISATION),
]
# Final review, cluster 3: led by Vĩnh Thuận (910); these members wait for its verification.
WAITING_FOR_LEADER = {"908", "909"}
COMMITMENTS = {
    1: "Phát triển {n} hợp tác xã, tổ hợp tác liên kết sản xuất lúa, tôm theo chuỗi giá trị; ứng dụng cơ giới hóa, giống chất lượng cao.",
    2: "Vận động Nhân dân đóng góp {n} tỷ đồng, hiến đất làm đường giao thông nông thôn, lắp đèn chiếu sáng.",
    3: "Xây dựng {n} nhà văn hóa ấp, nâng chuẩn trường học; giữ vững tỷ lệ tham gia bảo hiểm y tế trên 92%.",
    4: "Đạt trên {n}% hộ gia đình văn hóa; xây dựng ấp an toàn về an ninh trật tự, không có điểm nóng.",
}
REASONS = [
    "Minh chứng chưa đầy đủ, chưa có văn bản xác nhận kết quả.",
    "Số liệu chưa khớp báo cáo thống kê của ngành.",
    "Một phần chỉ tiêu đạt sau thời điểm chấm điểm.",
]
EXEMPLARS = [
    ("Mô hình tôm – lúa hữu cơ liên kết bao tiêu", Exemplar.Kind.MODEL, 1, "910", 2022, "Liên kết 320 hộ với doanh nghiệp bao tiêu tôm, lúa hữu cơ; lợi nhuận tăng 25% so với canh tác truyền thống.", "An Minh, U Minh Thượng"),
    ("Cánh đồng lớn lúa chất lượng cao ứng dụng cơ giới hóa", Exemplar.Kind.MODEL, 1, "904", 2023, "1.200 ha lúa chất lượng cao, giảm 20% chi phí nhờ cơ giới hóa đồng bộ.", "Giồng Riềng, Châu Thành"),
    ("Nhân dân hiến đất làm đường giao thông nông thôn", Exemplar.Kind.PRACTICE, 2, "906", 2022, "Hơn 500 hộ hiến 12 ha đất, mở rộng 35 km đường liên ấp không phải bồi thường.", ""),
    ("Quỹ “Thắp sáng đường quê” do Nhân dân đóng góp", Exemplar.Kind.INITIATIVE, 2, "907", 2024, "Lắp 1.800 bóng đèn chiếu sáng trên 90 km đường nông thôn bằng nguồn vận động.", "Hòn Đất"),
    ("Nhà văn hóa ấp gắn với điểm sinh hoạt cộng đồng", Exemplar.Kind.MODEL, 3, "903", 2023, "Tất cả ấp có nhà văn hóa đạt chuẩn, tổ chức sinh hoạt hằng tháng.", ""),
    ("Ấp an toàn, tự quản về an ninh trật tự", Exemplar.Kind.MODEL, 4, "908", 2024, "Không có điểm nóng, tội phạm giảm 30% so với năm trước.", "An Minh"),
    ("Hộ nông dân sản xuất kinh doanh giỏi ba cấp", Exemplar.Kind.EXAMPLE, 1, "HND", 2023, "Hơn 15.000 hộ đạt danh hiệu, hỗ trợ 2.000 hộ thoát nghèo.", ""),
    ("Phụ nữ tham gia xây dựng nông thôn mới “5 không, 3 sạch”", Exemplar.Kind.PRACTICE, 4, "HLHPN", 2022, "98% hộ hội viên đạt tiêu chí 3 sạch, mỗi ấp một tuyến đường hoa.", "Toàn tỉnh"),
    ("Sáng kiến số hóa hồ sơ xét công nhận xã đạt chuẩn", Exemplar.Kind.INITIATIVE, 3, "SNN", 2024, "Rút ngắn thời gian thẩm định hồ sơ từ 30 xuống 12 ngày.", ""),
    ("Thanh niên tình nguyện xây cầu giao thông nông thôn", Exemplar.Kind.EXAMPLE, 2, "TDTN", 2025, "Xây 14 cầu bê tông, huy động 3,2 tỷ đồng từ đoàn viên và nhà hảo tâm.", ""),
    ("Du lịch cộng đồng gắn với sản phẩm OCOP", Exemplar.Kind.MODEL, 1, "912", 2025, "12 sản phẩm OCOP 3 sao, đón 40.000 lượt khách mỗi năm.", ""),
    ("Ông Nguyễn Văn Hai — nông dân hiến đất, vận động làm đường", Exemplar.Kind.EXAMPLE, 2, "910", 2023, "Hiến 1.500 m² đất, vận động 40 hộ cùng hiến đất làm đường ấp.", ""),
]  # fmt: skip
ASSESSMENT = (
    f"{DEMO_MARK} Phong trào được các cấp, các ngành triển khai sâu rộng, thu hút sự tham gia của "
    "cả hệ thống chính trị và Nhân dân; nhiều mô hình, cách làm hay được phát hiện và nhân rộng.\n"
    "Hạn chế: một số đơn vị đăng ký thi đua chậm, minh chứng chấm điểm chưa đầy đủ; việc nhân rộng "
    "điển hình ở một số nơi còn hình thức."
)


@dataclass
class LoadResult:
    created: dict = field(default_factory=dict)

    def add(self, what, count=1):
        self.created[what] = self.created.get(what, 0) + count


class DemoConflict(Exception):
    """The movement already holds clusters or registrations that are not demo data."""


def _points(rng, quality, maximum):
    value = Decimal(maximum) * Decimal(str(max(0.3, min(1.0, quality + rng.uniform(-0.12, 0.08)))))
    return (value * 2).quantize(Decimal("1")) / 2


def _moment(day, hour=9):
    return timezone.make_aware(
        timezone.datetime.combine(day, timezone.datetime.min.time().replace(hour=hour))
    )


def _demo_users():
    users = get_user_model().objects.in_bulk(["tinh", "huyen.vinhthuan"], field_name="username")
    if len(users) < 2:
        call_command("load_demo_accounts", stdout=io.StringIO())
        users = get_user_model().objects.in_bulk(["tinh", "huyen.vinhthuan"], field_name="username")
    return users["tinh"], users["huyen.vinhthuan"]


@transaction.atomic
def load_demo_movement(today=None):
    movement = Movement.objects.select_related("plan").order_by("pk").first()
    if movement is None:
        raise DemoConflict("Chưa có phong trào thi đua: hãy chạy load_reference_data trước.")
    result = LoadResult()
    if Participant.objects.filter(movement=movement, notes__contains=DEMO_MARK).exists():
        return result
    if Cluster.objects.filter(movement=movement).exists() or Registration.objects.exists():
        raise DemoConflict(
            "Phong trào đã có cụm, khối hoặc đăng ký thật; không nạp dữ liệu minh họa lên trên."
        )
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    staff, leader_officer = _demo_users()
    participants = {}
    for unit in Unit.objects.districts().order_by("code"):
        participant, created = Participant.objects.get_or_create(
            movement=movement,
            unit=unit,
            defaults={"kind": Participant.Kind.DISTRICT, "code": unit.code, "notes": DEMO_NOTE},
        )
        if not created:
            participant.notes = f"{participant.notes}\n{DEMO_NOTE}".strip()
            participant.save()
        participants[unit.code] = participant
        result.add("đơn vị tham gia")
    for code, name, kind in ORGANISATIONS:
        participants[code] = Participant.objects.create(
            movement=movement, kind=kind, code=code, name=name, notes=DEMO_NOTE
        )
        result.add("đơn vị tham gia")
    # Four communes of Vĩnh Thuận take part too, in a cluster of their own.
    commune_codes = []
    for unit in Unit.objects.filter(parent__code="910", kind=Unit.Kind.XA).order_by("code")[:4]:
        participants[unit.code] = Participant.objects.create(
            movement=movement,
            kind=Participant.Kind.COMMUNE,
            unit=unit,
            code=unit.code,
            notes=DEMO_NOTE,
        )
        commune_codes.append(unit.code)
        result.add("đơn vị tham gia")
    quality = {code: rng.uniform(0.62, 0.93) for code in participants}
    org_codes = [code for code, _name, _kind in ORGANISATIONS]
    for year in YEARS:
        turn = year - YEARS[0]
        groups = [(name, codes, Cluster.Kind.CLUSTER) for name, codes in CLUSTERS]
        if commune_codes:
            groups.append((COMMUNE_CLUSTER, commune_codes, Cluster.Kind.CLUSTER))
        groups.append((BLOCK, org_codes, Cluster.Kind.BLOCK))
        for name, codes, kind in groups:
            order = codes[turn % len(codes) :] + codes[: turn % len(codes)]
            if year == 2025 and "910" in codes:
                order = ["910"] + [c for c in codes if c != "910"]
            cluster = Cluster.objects.create(
                movement=movement,
                year=year,
                kind=kind,
                name=name,
                leader=participants[order[0]],
                deputy=participants[order[1]],
            )
            for code in codes:
                ClusterMember.objects.create(cluster=cluster, participant=participants[code])
            result.add("cụm, khối")
    areas = list(movement.content_areas.all())
    for phase in movement.phases.filter(registration_deadline__lt=today).in_order():
        criteria = list(phase.criteria.select_related("content_area"))
        leaders = {
            member.participant_id: member.cluster.leader
            for member in ClusterMember.objects.filter(year=phase.year).select_related(
                "cluster__leader"
            )
        }
        for code, participant in participants.items():
            roll = rng.random()
            if roll < 0.08:
                continue  # never registered
            late = roll < 0.18
            day = phase.registration_deadline - timezone.timedelta(days=rng.randrange(3, 40))
            if late:
                day = phase.registration_deadline + timezone.timedelta(days=rng.randrange(2, 20))
            registration = Registration.objects.create(
                phase=phase,
                participant=participant,
                state=Registration.State.SUBMITTED,
                submitted_at=_moment(day),
                late=late,
                late_by=staff if late else None,
                late_at=_moment(day) if late else None,
            )
            if participant.kind == Participant.Kind.DISTRICT:
                registration.communes_ntm = rng.randrange(0, 3)
                registration.communes_advanced = rng.randrange(1, 4)
                registration.communes_model = rng.randrange(0, 2)
                registration.unit_standard = suggested_measures(participant, phase)["unit_standard"]
                registration.save()
            for area in areas:
                RegistrationItem.objects.create(
                    registration=registration,
                    content_area=area,
                    commitment=COMMITMENTS.get(
                        area.number, "Hoàn thành các chỉ tiêu được giao."
                    ).format(n=rng.randrange(2, 9) if area.number != 4 else rng.randrange(90, 98)),
                )
            RegistrationEvent.objects.create(
                registration=registration,
                action=RegistrationEvent.Action.SUBMIT,
                from_state=Registration.State.DRAFT,
                to_state=Registration.State.SUBMITTED,
                actor=staff
                if late or participant.unit is None
                else leader_officer
                if code == "910"
                else staff,
            )
            result.add("bản đăng ký")
            if phase.assessment_deadline >= today or not criteria:
                continue
            state = Review.State.VERIFIED
            if phase.kind == Phase.Kind.FINAL and code in WAITING_FOR_LEADER:
                state = Review.State.SELF_ASSESSED
            elif phase.kind == Phase.Kind.FINAL and rng.random() < 0.25:
                state = Review.State.CLUSTER_VERIFIED
            review = Review.objects.create(
                phase=phase,
                participant=participant,
                state=state,
                summary=f"{DEMO_MARK} Hoàn thành cơ bản các nội dung đã đăng ký thi đua.",
                submitted_at=_moment(
                    phase.assessment_deadline - timezone.timedelta(days=rng.randrange(1, 20))
                ),
            )
            adjusted = rng.choice(criteria) if rng.random() < 0.35 else None
            for criterion in criteria:
                self_points = _points(rng, quality[code], criterion.max_points)
                cluster_points = cluster_reason = None
                if state != Review.State.SELF_ASSESSED:
                    cluster_points, cluster_reason = self_points, ""
                    if criterion == adjusted and self_points >= 1:
                        cluster_points = self_points - Decimal("1")
                        cluster_reason = rng.choice(REASONS)
                province_points = province_reason = None
                if state == Review.State.VERIFIED:
                    province_points, province_reason = cluster_points, ""
                Score.objects.create(
                    review=review,
                    criterion=criterion,
                    self_points=self_points,
                    evidence="Báo cáo kết quả thực hiện, số liệu thống kê của đơn vị.",
                    cluster_points=cluster_points,
                    cluster_reason=cluster_reason or "",
                    province_points=province_points,
                    province_reason=province_reason or "",
                )
            steps = [
                (ReviewEvent.Action.SUBMIT, Review.State.DRAFT, Review.State.SELF_ASSESSED, staff)
            ]
            if state != Review.State.SELF_ASSESSED:
                leader = leaders.get(participant.pk)
                actor = (
                    leader_officer
                    if leader is not None and leader.unit_id and leader.unit.code == "910"
                    else staff
                )
                steps.append(
                    (
                        ReviewEvent.Action.CLUSTER_VERIFY,
                        Review.State.SELF_ASSESSED,
                        Review.State.CLUSTER_VERIFIED,
                        actor,
                    )
                )
            if state == Review.State.VERIFIED:
                steps.append(
                    (
                        ReviewEvent.Action.PROVINCE_VERIFY,
                        Review.State.CLUSTER_VERIFIED,
                        Review.State.VERIFIED,
                        staff,
                    )
                )
            for action, from_state, to_state, actor in steps:
                ReviewEvent.objects.create(
                    review=review,
                    action=action,
                    from_state=from_state,
                    to_state=to_state,
                    actor=actor,
                )
            result.add("bảng chấm điểm")
    areas_by_number = {area.number: area for area in areas}
    for title, kind, area, code, year, results, spread_to in EXEMPLARS:
        Exemplar.objects.create(
            movement=movement,
            title=title,
            kind=kind,
            content_area=areas_by_number[area],
            participant=participants[code],
            person="Nguyễn Văn Hai" if title.startswith("Ông") else "",
            year=year,
            description=f"{title}. {results}",
            results=f"{results} {DEMO_MARK}",
            spread=bool(spread_to),
            spread_to=spread_to,
            created_by=staff,
        )
        result.add("điển hình, mô hình")
    final = movement.phases.filter(kind=Phase.Kind.FINAL).first()
    if final is not None:
        MovementReport.objects.create(
            phase=final,
            report_date=min(today, final.assessment_deadline + timezone.timedelta(days=30)),
            assessment=ASSESSMENT,
            directions="Tiếp tục phát động phong trào trên địa bàn tỉnh An Giang mới sau sắp xếp đơn vị hành chính.",
            signer=movement.plan.signer,
            signer_title=movement.plan.signer_title or "Chủ tịch",
            created_by=staff,
        )
        result.add("báo cáo")
    return result
