"""The exports of the movement's lists and pages, declared once (ntm_portal/lib/dataio/export.py).

Participants and registrations are written in the columns their import reads
(`PARTICIPANT_FIELDS`, `REGISTRATION_FIELDS` of emulation/imports.py), so an export imports back
unchanged; the others are export-only. The lists serve them at `?format=xlsx` and at their older
URLs (emulation/views/data.py); the ranking and the completeness of a phase are pages, not lists,
and write their rows through the same declarations.
"""

from emulation.imports import PARTICIPANT_FIELDS, REGISTRATION_FIELDS
from ntm_portal.lib.dataio.export import Column, Export, from_columns

POINTS = 2  # decimals of a score (Review's points: decimal_places=2)


def _role(member):
    cluster = member.cluster
    if member.participant_id == cluster.leader_id:
        return "Trưởng cụm/khối"
    if member.participant_id == cluster.deputy_id:
        return "Phó trưởng cụm/khối"
    return "Thành viên"


PARTICIPANTS = Export(
    "Đơn vị tham gia",
    "don-vi-tham-gia-thi-dua",
    [
        Column(column.header, column.value, width={"Tên": 40, "Loại": 22}.get(column.header))
        for column in from_columns(PARTICIPANT_FIELDS)
    ],
)

CLUSTERS = Export(
    "Cụm, khối",
    "cum-khoi-thi-dua",
    [
        Column("Năm", lambda m: m.cluster.year),
        Column("Loại", lambda m: m.cluster.get_kind_display()),
        Column("Cụm/khối", lambda m: m.cluster.name, width=30),
        Column("Mã", lambda m: m.participant.code),
        Column("Đơn vị", lambda m: m.participant.display_name, width=40),
        Column("Vai trò", _role),
    ],
    rows_of=lambda cluster: cluster.members.all(),
    prepare=lambda clusters: clusters.prefetch_related("members__participant__unit"),
)

REGISTRATION_STATES = Export(
    "Trạng thái",
    "dang-ky-thi-dua",
    [
        Column("Đợt", lambda r: r.phase.label, width=26),
        Column("Mã", lambda r: r.participant.code),
        Column("Đơn vị", lambda r: r.participant.display_name, width=36),
        Column("Trạng thái", lambda r: r.get_state_display()),
        Column("Sau hạn", lambda r: r.late),
        Column("Người sửa sau hạn", lambda r: r.late_by),
        Column("Gửi lúc", lambda r: r.submitted_at),
    ],
)

# The first sheet has the columns of the import file (one row per item), the second the states.
REGISTRATIONS = Export(
    "Đăng ký thi đua",
    "dang-ky-thi-dua",
    [
        Column(header, lambda line, value=value: value(*line), width=60 if n == 5 else None)
        for n, (header, value) in enumerate(REGISTRATION_FIELDS.items(), start=1)
    ],
    rows_of=lambda registration: [(registration, item) for item in registration.items.all()],
    prepare=lambda registrations: registrations.prefetch_related("items__content_area"),
    also=[REGISTRATION_STATES],
    wrap=True,
)

REVIEWS = Export(
    "Chấm điểm",
    "cham-diem-thi-dua",
    [
        Column("Đợt", lambda r: r.phase.label, width=26),
        Column("Mã", lambda r: r.participant.code),
        Column("Đơn vị", lambda r: r.participant.display_name, width=36),
        Column("Điểm tự chấm", lambda r: r.self_total, digits=POINTS),
        Column("Điểm được tính", lambda r: r.total, digits=POINTS),
        Column("Trạng thái", lambda r: r.get_state_display()),
        Column("Sau hạn", lambda r: r.late),
        Column("Gửi lúc", lambda r: r.submitted_at),
    ],
)

EXEMPLARS = Export(
    "Điển hình, mô hình",
    "dien-hinh-mo-hinh-sang-kien",
    [
        Column("Tên", lambda e: e.title, width=40),
        Column("Loại", lambda e: e.get_kind_display()),
        Column("Nội dung thi đua số", lambda e: e.content_area.number),
        Column("Đơn vị, cá nhân", lambda e: e.owner, width=30),
        Column("Năm", lambda e: e.year),
        Column("Mô tả", lambda e: e.description, width=60),
        Column("Kết quả", lambda e: e.results, width=40),
        Column("Nhân rộng", lambda e: e.spread),
        Column("Nhân rộng ở đâu", lambda e: e.spread_to),
    ],
    wrap=True,
)

REPORTS = Export(
    "Báo cáo",
    "bao-cao-phong-trao",
    [
        Column("Báo cáo", str, width=60),
        Column("Đợt", lambda r: r.phase.label, width=30),
        Column("Số văn bản", lambda r: r.number),
        Column("Ngày báo cáo", lambda r: r.report_date),
        Column("Người ký", lambda r: r.signer),
        Column("Chức vụ người ký", lambda r: r.signer_title),
        Column("Người lập", lambda r: r.created_by.get_full_name() or r.created_by.get_username()),
        Column("Cập nhật lúc", lambda r: r.updated_at),
    ],
)


def _ranking_columns(context):
    areas = context.extra["areas"]
    return [
        Column("Cụm/khối", lambda line: line[0].cluster.name, width=28),
        Column("Hạng", lambda line: line[1].rank),
        Column("Ghi chú hạng", lambda line: "đồng hạng" if line[1].shared else ""),
        Column("Mã", lambda line: line[1].participant.code),
        Column("Đơn vị", lambda line: line[1].participant.display_name, width=36),
        *[
            Column(
                f"Nội dung {area.number}",
                lambda line, number=area.number: line[1].by_area.get(number, 0),
                digits=POINTS,
            )
            for area in areas
        ],
        Column("Tổng điểm", lambda line: line[1].total, digits=POINTS),
        Column("Trạng thái", lambda line: line[1].state_label),
        Column("Đề nghị khen thưởng", lambda line: line[1].proposed),
    ]


# A phase's ranking: one row per participant of each cluster's standing (emulation/ranking.py).
RANKING = Export(
    "Xếp hạng",
    "xep-hang",
    _ranking_columns,
    rows_of=lambda standing: [(standing, row) for row in standing.rows],
)

_COMPLETENESS_COLUMNS = [
    Column("Nhóm", lambda g: g.name, width=30),
    Column("Số đơn vị", lambda g: g.total),
    Column("Đã đăng ký", lambda g: g.registered_count),
    Column("Trong đó sau hạn", lambda g: len(g.late)),
    Column("Bản nháp", lambda g: len(g.drafts)),
    Column("Chưa đăng ký", lambda g: len(g.missing)),
    Column(
        "Chưa đăng ký (kể cả bản nháp)",
        lambda g: "; ".join(p.display_name for p in g.missing + g.drafts),
        width=80,
    ),
]

# A phase's registration completeness (emulation/completeness.py): by cluster, then by district.
COMPLETENESS_BY_CLUSTER = Export("Theo cụm, khối", "tinh-hinh-dang-ky", _COMPLETENESS_COLUMNS)
COMPLETENESS_BY_DISTRICT = Export("Theo huyện", "tinh-hinh-dang-ky", _COMPLETENESS_COLUMNS)
