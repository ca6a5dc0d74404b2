"""Excel exports of every list of the movement, and imports with a preview.

Exports apply the same filters (query string) and the same scope as their pages. Between preview
and confirm, what the preview read waits in file storage under a random token kept in the user's
session (ntm_portal/lib/pending_imports.py); confirming applies it again against the database as
it is then, without parsing the file again.
"""

from django.http import Http404

from emulation.completeness import completeness
from emulation.filters import (
    ClusterFilter,
    ExemplarFilter,
    ParticipantFilter,
    RegistrationFilter,
    ReviewFilter,
)
from emulation.imports import (
    PARTICIPANT_COLUMNS,
    PARTICIPANT_FIELDS,
    REGISTRATION_COLUMNS,
    REGISTRATION_FIELDS,
)
from emulation.models import Cluster, Exemplar, MovementReport, Participant, Phase, Registration
from emulation.ranking import standings
from emulation.views.movement import get_movement
from emulation.views.reviews import visible_reviews
from ntm_portal.lib.lists import own_district_query
from ntm_portal.lib.spreadsheet import Sheet, xlsx_response
from units.access import Capability, get_scoped_or_403, require_capability

REVIEW_HEADERS = [
    "Đợt", "Mã", "Đơn vị", "Điểm tự chấm", "Điểm được tính", "Trạng thái", "Sau hạn", "Gửi lúc"
]  # fmt: skip
EXEMPLAR_HEADERS = [
    "Tên", "Loại", "Nội dung thi đua số", "Đơn vị, cá nhân", "Năm", "Mô tả", "Kết quả",
    "Nhân rộng", "Nhân rộng ở đâu",
]  # fmt: skip


def _date(value):
    return value.strftime("%d/%m/%Y %H:%M") if value else ""


def participant_export(request):
    require_capability(request.user, Capability.VIEW)
    participants = (
        Participant.objects.for_user(request.user)
        .filter(movement=get_movement(request))
        .select_related("unit__parent")
        .in_order()
    )
    participants = ParticipantFilter(
        own_district_query(request, Capability.REGISTER_EMULATION), queryset=participants
    ).qs
    rows = [[cell(p) for cell in PARTICIPANT_FIELDS.values()] for p in participants]
    return xlsx_response(
        [Sheet("Đơn vị tham gia", PARTICIPANT_COLUMNS, rows, widths={2: 40, 3: 22})],
        "don-vi-tham-gia-thi-dua",
        dated=True,
    )


def cluster_export(request):
    require_capability(request.user, Capability.VIEW)
    clusters = (
        Cluster.objects.for_user(request.user)
        .filter(movement=get_movement(request))
        .select_related("leader__unit", "deputy__unit")
        .prefetch_related("members__participant__unit")
        .order_by("-year", "kind", "name")
    )
    clusters = ClusterFilter(request.GET or None, queryset=clusters).qs
    rows = []
    for cluster in clusters:
        for member in cluster.members.all():
            role = (
                "Trưởng cụm/khối"
                if member.participant_id == cluster.leader_id
                else "Phó trưởng cụm/khối"
                if member.participant_id == cluster.deputy_id
                else "Thành viên"
            )
            rows.append(
                [
                    cluster.year,
                    cluster.get_kind_display(),
                    cluster.name,
                    member.participant.code,
                    member.participant.display_name,
                    role,
                ]
            )
    headers = ["Năm", "Loại", "Cụm/khối", "Mã", "Đơn vị", "Vai trò"]
    sheet = Sheet("Cụm, khối", headers, rows, widths={3: 30, 5: 40})
    return xlsx_response([sheet], "cum-khoi-thi-dua", dated=True)


def registration_export(request):
    require_capability(request.user, Capability.VIEW)
    registrations = (
        Registration.objects.visible_to(request.user)
        .filter(phase__movement=get_movement(request))
        .select_related("phase__movement__plan", "participant__unit", "late_by")
        .prefetch_related("items__content_area")
        .order_by(
            "-phase__year", "-phase__kind_order", "participant__kind_order", "participant__sort_key"
        )
    )
    registrations = RegistrationFilter(
        own_district_query(request, Capability.REGISTER_EMULATION), queryset=registrations
    ).qs
    # The first sheet has the columns of the import file, so that an export imports back.
    rows, states = [], []
    for registration in registrations:
        phase, participant = registration.phase, registration.participant
        rows += [
            [cell(registration, item) for cell in REGISTRATION_FIELDS.values()]
            for item in registration.items.all()
        ]
        states.append(
            [
                phase.label,
                participant.code,
                participant.display_name,
                registration.get_state_display(),
                "có" if registration.late else "",
                str(registration.late_by or ""),
                _date(registration.submitted_at),
            ]
        )
    return xlsx_response(
        [
            Sheet("Đăng ký thi đua", REGISTRATION_COLUMNS, rows, widths={5: 60}, wrap=True),
            Sheet(
                "Trạng thái",
                ["Đợt", "Mã", "Đơn vị", "Trạng thái", "Sau hạn", "Người sửa sau hạn", "Gửi lúc"],
                states,
                widths={1: 26, 3: 36},
            ),
        ],
        "dang-ky-thi-dua",
        dated=True,
    )


def review_export(request):
    require_capability(request.user, Capability.VIEW)
    reviews = (
        visible_reviews(request.user)
        .filter(phase__movement=get_movement(request))
        .select_related("phase__movement__plan", "participant__unit")
        .prefetch_related("scores")
        .order_by(
            "-phase__year", "-phase__kind_order", "participant__kind_order", "participant__sort_key"
        )
    )
    reviews = ReviewFilter(
        own_district_query(request, Capability.REGISTER_EMULATION), queryset=reviews
    ).qs
    rows = [
        [
            review.phase.label,
            review.participant.code,
            review.participant.display_name,
            float(review.self_total),
            float(review.total),
            review.get_state_display(),
            "có" if review.late else "",
            _date(review.submitted_at),
        ]
        for review in reviews
    ]
    sheet = Sheet("Chấm điểm", REVIEW_HEADERS, rows, widths={1: 26, 3: 36})
    return xlsx_response([sheet], "cham-diem-thi-dua", dated=True)


def ranking_export(request, pk):
    phase = get_scoped_or_403(Phase, request.user, Capability.VIEW, pk=pk)
    areas = list(phase.movement.content_areas.all())
    rows = []
    for standing in standings(phase):
        for row in standing.rows:
            rows.append(
                [
                    standing.cluster.name,
                    row.rank if row.rank is not None else "",
                    "đồng hạng" if row.shared else "",
                    row.participant.code,
                    row.participant.display_name,
                    *[float(row.by_area.get(area.number, 0)) for area in areas],
                    float(row.total),
                    row.state_label,
                    "có" if row.proposed else "",
                ]
            )
    headers = ["Cụm/khối", "Hạng", "Ghi chú hạng", "Mã", "Đơn vị"]
    headers += [f"Nội dung {area.number}" for area in areas]
    headers += ["Tổng điểm", "Trạng thái", "Đề nghị khen thưởng"]
    sheet = Sheet("Xếp hạng", headers, rows, widths={1: 28, 5: 36})
    return xlsx_response([sheet], f"xep-hang-{phase.kind}-{phase.year}", dated=True)


def completeness_export(request, pk):
    phase = get_scoped_or_403(Phase, request.user, Capability.VIEW, pk=pk)
    result = completeness(phase)

    def group_rows(groups):
        return [
            [
                group.name,
                group.total,
                group.registered_count,
                len(group.late),
                len(group.drafts),
                len(group.missing),
                "; ".join(p.display_name for p in group.missing + group.drafts),
            ]
            for group in groups
        ]

    headers = [
        "Nhóm",
        "Số đơn vị",
        "Đã đăng ký",
        "Trong đó sau hạn",
        "Bản nháp",
        "Chưa đăng ký",
        "Chưa đăng ký (kể cả bản nháp)",
    ]
    return xlsx_response(
        [
            Sheet("Theo cụm, khối", headers, group_rows(result.clusters), widths={1: 30, 7: 80}),
            Sheet("Theo huyện", headers, group_rows(result.districts), widths={1: 30, 7: 80}),
        ],
        f"tinh-hinh-dang-ky-{phase.kind}-{phase.year}",
        dated=True,
    )


def exemplar_export(request):
    require_capability(request.user, Capability.VIEW)
    exemplars = (
        Exemplar.objects.for_user(request.user)
        .filter(movement=get_movement(request))
        .select_related("content_area", "participant__unit")
        .order_by("-year", "title", "pk")
    )
    exemplars = ExemplarFilter(request.GET or None, queryset=exemplars).qs
    rows = [
        [
            e.title,
            e.get_kind_display(),
            e.content_area.number,
            e.owner,
            e.year,
            e.description,
            e.results,
            "có" if e.spread else "",
            e.spread_to,
        ]
        for e in exemplars
    ]
    sheet = Sheet(
        "Điển hình, mô hình", EXEMPLAR_HEADERS, rows, widths={1: 40, 4: 30, 6: 60, 7: 40}, wrap=True
    )
    return xlsx_response([sheet], "dien-hinh-mo-hinh-sang-kien", dated=True)


# --- import templates (the upload → preview → confirm: ntm_portal/lib/dataio/views.py) -----------

KINDS = {
    "participants": ("Nhập đơn vị tham gia thi đua", PARTICIPANT_COLUMNS),
    "registrations": ("Nhập đăng ký thi đua", REGISTRATION_COLUMNS),
}


def _kind(kind):
    if kind not in KINDS:
        raise Http404("Không có loại dữ liệu nhập này.")
    return KINDS[kind]


def import_template(request, kind):
    title, columns = _kind(kind)
    require_capability(request.user, Capability.REGISTER_EMULATION)
    example = (
        [["SNN", "Sở Nông nghiệp và Phát triển nông thôn", "Sở, ban, ngành tỉnh", "", "có", ""]]
        if kind == "participants"
        else [
            ["Sơ kết năm", 2025, "910", 1, "Phát triển 2 hợp tác xã liên kết sản xuất lúa", 1, 1, 0]
        ]
    )
    return xlsx_response([Sheet(title[:30], columns, example)], f"mau-{kind}", dated=True)


def report_export(request):
    require_capability(request.user, Capability.VIEW)
    reports = (
        MovementReport.objects.for_user(request.user)
        .filter(phase__movement=get_movement(request))
        .select_related("phase", "created_by")
        .order_by("phase__year", "report_date", "pk")
    )
    rows = [
        [
            str(report),
            report.phase.label,
            report.number,
            report.report_date.strftime("%d/%m/%Y"),
            report.signer,
            report.signer_title,
            report.created_by.get_full_name() or report.created_by.get_username(),
            _date(report.updated_at),
        ]
        for report in reports
    ]
    headers = [
        "Báo cáo",
        "Đợt",
        "Số văn bản",
        "Ngày báo cáo",
        "Người ký",
        "Chức vụ người ký",
        "Người lập",
        "Cập nhật lúc",
    ]
    sheet = Sheet("Báo cáo", headers, rows, widths={0: 60, 1: 30})
    return xlsx_response([sheet], "bao-cao-phong-trao", dated=True)
