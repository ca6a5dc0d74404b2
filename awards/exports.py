"""The exports of the awards lists, declared once (ntm_portal/lib/dataio/export.py).

The award history is written in the columns its import reads (`COLUMNS` of awards/importing.py,
plus its `EXPORT_ONLY` column, ignored when the file comes back), so an export imports back
unchanged. An individual's particulars are written only for the users who may see them
(units.access VIEW_PARTICULARS), otherwise "(không hiển thị)", as on the pages.
"""

from awards.importing import COLUMNS, EXPORT_ONLY
from awards.models import Nominee, RecipientType
from ntm_portal.lib.dataio.export import Column, Export
from units.access import Capability

MONEY = 0  # đồng: whole numbers, thousands grouped


def _visible(user):
    """The nominees whose particulars this user may see."""
    return set(
        Nominee.objects.for_user(user, Capability.VIEW_PARTICULARS).values_list("pk", flat=True)
    )


def _particular(name, visible, nominee_of=lambda record: record):
    def value(record):
        nominee = nominee_of(record)
        if nominee.nominee_type == RecipientType.INDIVIDUAL and nominee.pk not in visible:
            return Nominee.HIDDEN
        return nominee.particulars()[name]

    return value


def _history_columns(context):
    visible = _visible(context.user)

    def particular(name):
        return _particular(name, visible, lambda record: record.nominee)

    values = {
        "Đối tượng": lambda r: r.nominee.get_nominee_type_display(),
        "Họ tên / Tên tập thể / Chủ hộ": lambda r: r.nominee.name,
        "Giới tính": particular("sex"),
        "Năm sinh": particular("birth_year"),
        "Chức vụ": lambda r: r.nominee.position,
        "Nơi công tác / Thuộc tổ chức": lambda r: (
            r.nominee.workplace or r.nominee.parent_organisation
        ),
        "Địa chỉ": particular("address"),
        "Mã đơn vị cấp huyện": lambda r: r.nominee.district.code if r.nominee.district else "",
        "Loại (danh hiệu / hình thức)": lambda r: r.kind.get_category_display(),
        "Danh hiệu / Hình thức": lambda r: r.kind.name,
        "Năm": lambda r: r.year,
        "Số quyết định": lambda r: r.decision_number,
        "Ngày quyết định": lambda r: r.decision_date,
        "Cơ quan ban hành": lambda r: r.issuer,
    }
    headers = [*COLUMNS[:8], *EXPORT_ONLY, *COLUMNS[8:]]
    return [Column(header, values[header]) for header in headers]


AWARD_HISTORY = Export("Lịch sử khen thưởng", "lich-su-khen-thuong", _history_columns)


def _nominee_columns(context):
    visible = _visible(context.user)
    return [
        Column("Số hồ sơ", lambda n: n.pk),
        Column("Đối tượng", lambda n: n.get_nominee_type_display()),
        Column("Họ tên / Tên", lambda n: n.name),
        *[
            Column(header, _particular(name, visible))
            for header, name in (
                ("Giới tính", "sex"),
                ("Năm sinh", "birth_year"),
                ("Ngày sinh", "date_of_birth"),
                ("Quê quán", "hometown"),
                ("Số định danh cá nhân", "identity_number"),
            )
        ],
        Column("Chức vụ", lambda n: n.position),
        Column("Nơi công tác / Thuộc tổ chức", lambda n: n.workplace or n.parent_organisation),
        Column("Địa chỉ", _particular("address", visible)),
        Column("Đơn vị cấp huyện", lambda n: n.district.full_name if n.district else "Cấp tỉnh"),
    ]


NOMINEES = Export("Đối tượng khen thưởng", "doi-tuong-khen-thuong", _nominee_columns)


def _nomination_columns(context):
    visible = _visible(context.user)
    return [
        Column("Số đề nghị", lambda n: n.pk),
        Column("Đợt thi đua", lambda n: str(n.phase)),
        Column("Đơn vị đề nghị", lambda n: n.proposer.display_name),
        Column("Đối tượng", lambda n: n.nominee.get_nominee_type_display()),
        Column("Tên", lambda n: n.nominee.name),
        Column("Năm sinh", _particular("birth_year", visible, lambda n: n.nominee)),
        Column("Chức vụ, nơi công tác / địa chỉ", lambda n: n.nominee.description),
        Column("Loại (danh hiệu / hình thức)", lambda n: n.kind.get_category_display()),
        Column("Danh hiệu / hình thức", lambda n: n.kind.name),
        Column("Cấp", lambda n: n.kind.get_level_display()),
        Column("Thứ hạng bình xét", lambda n: n.review_rank or ""),
        Column("Trạng thái", lambda n: n.get_state_display()),
        Column("Số tờ trình", lambda n: n.submission_number),
        Column("Số quyết định", lambda n: n.decision.number if n.decision else ""),
        Column("Tiền thưởng (đồng)", lambda n: n.amount or "", digits=MONEY),
    ]


NOMINATIONS = Export(
    "Đề nghị khen thưởng",
    "de-nghi-khen-thuong",
    _nomination_columns,
    # A collective's description names its unit's district (Nominee.description).
    prepare=lambda nominations: nominations.select_related("nominee__unit__parent"),
)

SESSIONS = Export(
    "Phiên họp Hội đồng",
    "phien-hop-hoi-dong-thi-dua-khen-thuong",
    [
        Column("Ngày họp", lambda s: s.held_on),
        Column("Đợt thi đua", lambda s: str(s.phase), width=40),
        Column("Chủ trì", lambda s: s.chair, width=30),
        Column("Có mặt", lambda s: s.present_count),
        Column("Tổng số thành viên", lambda s: s.members_total),
        Column("Tỷ lệ cần vượt (%)", lambda s: s.required_percent),
    ],
)

# One row per nomination a decision awards: the list of those awarded.
DECISIONS = Export(
    "Quyết định khen thưởng",
    "quyet-dinh-khen-thuong",
    [
        Column("Số quyết định", lambda line: line[0].number),
        Column("Ngày ký", lambda line: line[0].issued_on),
        Column("Người ký", lambda line: line[0].signer),
        Column("Đợt thi đua", lambda line: str(line[0].phase)),
        Column("Đối tượng", lambda line: line[1].nominee.get_nominee_type_display()),
        Column("Tên", lambda line: line[1].nominee.display_name),
        Column("Chức vụ, nơi công tác / địa chỉ", lambda line: line[1].nominee.description),
        Column("Loại (danh hiệu / hình thức)", lambda line: line[1].kind.get_category_display()),
        Column("Danh hiệu / hình thức", lambda line: line[1].kind.name),
        Column("Tiền thưởng (đồng)", lambda line: line[1].amount or "", digits=MONEY),
    ],
    rows_of=lambda decision: [(decision, nomination) for nomination in decision.nominations.all()],
    prepare=lambda decisions: decisions.prefetch_related(
        "nominations__nominee__unit__parent", "nominations__kind"
    ),
)
