"""The columns of each kind of spreadsheet file, written once: the import reads them
(targets/imports/engine.py), the export writes them (targets/imports/exports.py), and the
downloadable template lists them with their guide, so that an exported file imports back unchanged.
Units are identified by their official GSO codes, decisions by number, issuer and year: never by
database ids.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from ntm_portal.lib.spreadsheet import Sheet
from targets.models import Criterion, Issuer, Standard
from units.models import Unit

MET_WORDS = ("đạt", "x", "1")
UNMET_WORDS = ("chưa đạt", "0", "")


@dataclass(frozen=True)
class Column:
    """A column of a file kind: its key, header, whether required, the guide's help and example,
    how the export reads its value from a record, and which fields' errors it shows."""

    key: str
    header: str
    required: bool
    help: str
    example: object = ""
    export: Callable = field(default=lambda record: "", repr=False, compare=False)
    # The model and service fields whose errors the import shows in this column.
    fields: tuple = ()


def _choices_text(choices):
    return "; ".join(f"“{label}” (hoặc “{value}”)" for value, label in choices)


CERTIFICATION_COLUMNS = [
    Column(
        "unit_code",
        "Mã đơn vị",
        False,
        "Mã của xã hoặc đơn vị cấp huyện theo danh mục của Tổng cục Thống kê, ví dụ 30947. "
        "Có thể để trống nếu ghi “Tên đơn vị” và “Mã huyện” (chỉ áp dụng cho xã).",
        "910",
        export=lambda c: c.unit.code,
        fields=("unit",),
    ),
    Column(
        "unit_name",
        "Tên đơn vị",
        False,
        "Tên xã hoặc đơn vị cấp huyện, không kèm chữ “Xã”/“Huyện”. Nếu có mã đơn vị thì tên phải "
        "khớp mã; nếu không có mã thì tên phải chỉ đúng một xã của huyện ghi ở cột “Mã huyện”. "
        "Không phân biệt “Hòa”/“Hoà”, chữ hoa hay chữ thường.",
        "Vĩnh Thuận",
        export=lambda c: c.unit.name,
    ),
    Column(
        "district_code",
        "Mã huyện",
        False,
        "Mã đơn vị cấp huyện chứa xã (với đơn vị cấp huyện: chính mã của nó), ví dụ 906. "
        "Bắt buộc khi không ghi “Mã đơn vị”.",
        "910",
        export=lambda c: c.unit.district().code,
    ),
    Column(
        "standard",
        "Chuẩn",
        True,
        "Chuẩn được công nhận: " + _choices_text(Standard.choices) + "; cũng nhận cách viết "
        "trong văn bản như “NTM”, “NTM nâng cao”, “nâng cao”, “kiểu mẫu”, có dấu hay không dấu. "
        "Chuẩn nâng cao cần có chuẩn NTM trước (có thể trong cùng quyết định), kiểu mẫu cần "
        "nâng cao; thành phố thuộc tỉnh và thị xã thì ghi “Hoàn thành nhiệm vụ xây dựng NTM”.",
        Standard.NTM.label,
        export=lambda c: c.get_standard_display(),
        fields=("standard", "confirmed", "__all__"),
    ),
    Column(
        "standard_year",
        "Năm đạt chuẩn",
        True,
        "Năm đạt chuẩn ghi trong quyết định (“đạt chuẩn NTM năm 2020”), 4 chữ số.",
        2020,
        export=lambda c: c.standard_year,
        fields=("standard_year",),
    ),
    Column(
        "decision_number",
        "Số quyết định",
        True,
        "Số quyết định công nhận theo mẫu số/QĐ-cơ quan, ví dụ 669/QĐ-TTg, 1007/QĐ-UBND. "
        "Các dòng cùng số, cùng cấp quyết định và cùng năm là một quyết định: ngày và người ký "
        "phải giống nhau. Khi chưa có số và ngày quyết định: để trống cả hai cột và ghi nguồn "
        "(báo cáo, văn bản cho biết việc công nhận) ở cột “Ghi chú”.",
        "669/QĐ-TTg",
        export=lambda c: c.decision.number if c.decision_id else "",
        fields=("number", "decision", "source"),
    ),
    Column(
        "decision_date",
        "Ngày quyết định",
        True,
        "Ngày ký quyết định, dạng dd/mm/yyyy (hoặc yyyy-mm-dd, hoặc ô ngày của Excel), không "
        "ở tương lai. Để trống cùng “Số quyết định” khi chưa có quyết định.",
        "02/06/2022",
        export=lambda c: date_text(c.decision.issued_on) if c.decision_id else "",
        fields=("issued_on",),
    ),
    Column(
        "issuer",
        "Cấp quyết định",
        True,
        "Cơ quan ra quyết định: " + _choices_text(Issuer.choices) + ". Xã do Chủ tịch UBND "
        "tỉnh công nhận (…/QĐ-UBND); đơn vị cấp huyện do Thủ tướng (…/QĐ-TTg).",
        Issuer.PRIME_MINISTER.label,
        export=lambda c: c.decision.get_issuer_display() if c.decision_id else "",
        fields=("issuer",),
    ),
    Column(
        "signer",
        "Người ký",
        False,
        "Họ tên người ký quyết định.",
        "",
        export=lambda c: c.decision.signer if c.decision_id else "",
        fields=("signer",),
    ),
    Column(
        "notes",
        "Ghi chú",
        False,
        "Ghi chú về việc công nhận; khi chưa có số và ngày quyết định: nguồn của việc công nhận.",
        "",
        export=lambda c: c.notes if c.decision_id else c.source,
        fields=("notes",),
    ),
    Column(
        "revoked_on",
        "Ngày thu hồi",
        False,
        "Chỉ ghi khi công nhận đã bị thu hồi: ngày thu hồi, dạng dd/mm/yyyy. Phải ghi cùng "
        "“Số QĐ thu hồi”. Nhập tệp không hủy được việc thu hồi đã ghi nhận.",
        "",
        export=lambda c: date_text(c.revoked_on),
        fields=("revoked_on",),
    ),
    Column(
        "revocation_number",
        "Số QĐ thu hồi",
        False,
        "Số quyết định thu hồi, ví dụ 1520/QĐ-UBND; ghi cùng “Ngày thu hồi”.",
        "",
        export=lambda c: c.revocation_number,
        fields=("revocation_number",),
    ),
    Column(
        "revocation_reason",
        "Lý do thu hồi",
        False,
        "Lý do thu hồi công nhận.",
        "",
        export=lambda c: c.revocation_reason,
        fields=("revocation_reason",),
    ),
]

STATUS_FIXED_COLUMNS = [
    Column(
        "commune_code",
        "Mã xã",
        False,
        "Mã xã theo danh mục của Tổng cục Thống kê, ví dụ 30947. Có thể để trống nếu ghi "
        "“Tên xã” và “Mã huyện”.",
        "31060",
        export=lambda s: s.commune.code,
        fields=("commune",),
    ),
    Column(
        "commune_name",
        "Tên xã",
        False,
        "Tên xã, không kèm chữ “Xã”. Nếu có mã xã thì tên phải khớp mã; nếu không có mã thì tên "
        "phải chỉ đúng một xã của huyện ghi ở cột “Mã huyện”.",
        "Vĩnh Bình Bắc",
        export=lambda s: s.commune.name,
    ),
    Column(
        "district_code",
        "Mã huyện",
        False,
        "Mã đơn vị cấp huyện chứa xã, ví dụ 910. Bắt buộc khi không ghi “Mã xã”.",
        "910",
        export=lambda s: s.commune.parent.code,
    ),
    Column(
        "year",
        "Năm",
        True,
        "Năm đánh giá, 4 chữ số, không ở tương lai. Mỗi xã chỉ một dòng cho mỗi năm.",
        2024,
        export=lambda s: s.year,
        fields=("year", "__all__"),
    ),
]

STATUS_TAIL_COLUMNS = [
    Column(
        "next_standard",
        "Chuẩn phấn đấu tiếp theo",
        False,
        "Chuẩn xã phấn đấu đạt tiếp theo: "
        + _choices_text(Standard.choices)
        + "; để trống nếu chưa xác định.",
        Standard.ADVANCED.label,
        export=lambda s: s.get_next_standard_display() if s.next_standard else "",
        fields=("next_standard",),
    ),
    Column(
        "planned_year",
        "Năm dự kiến đạt",
        False,
        "Năm dự kiến đạt chuẩn tiếp theo, không trước năm đánh giá.",
        2025,
        export=lambda s: "" if s.planned_year is None else s.planned_year,
        fields=("planned_year",),
    ),
    Column(
        "notes",
        "Ghi chú",
        False,
        "Ghi chú về kết quả của xã trong năm.",
        "",
        export=lambda s: s.notes,
        fields=("notes",),
    ),
]


def criterion_key(number):
    return f"tc{number}"


class _CriterionColumn(NamedTuple):
    number: int
    name: str


def status_criteria():
    """The criteria columns of a status file: one per criterion number of the commune NTM sets,
    so that a file holds the years of every set (19 criteria of QĐ 318 until 2025, 10 of
    QĐ 51/2025 from 2026); each row reads the columns of its year's set. A number whose name
    differs between sets names each, with its decision."""
    rows = (
        Criterion.objects.filter(
            criteria_set__level=Unit.Level.COMMUNE, criteria_set__standard=Standard.NTM
        )
        .order_by("-criteria_set__valid_from", "number")
        .values_list("number", "name", "criteria_set__citation", "criteria_set__code")
    )
    names = {}
    for number, name, citation, code in rows:
        names.setdefault(number, {}).setdefault(name, (citation or code).split(",")[0])
    return [
        _CriterionColumn(
            number,
            next(iter(names[number]))
            if len(names[number]) == 1
            else "; ".join(f"{name} ({decision})" for name, decision in names[number].items()),
        )
        for number in sorted(names)
    ]


def status_columns(criteria=None):
    criteria = status_criteria() if criteria is None else criteria
    met = "; ".join(f"“{word}”" for word in MET_WORDS)
    unmet = "; ".join(f"“{word}”" for word in UNMET_WORDS if word)
    criterion_columns = [
        Column(
            criterion_key(criterion.number),
            f"TC{criterion.number}",
            False,
            f"Tiêu chí {criterion.number}: {criterion.name}. Đạt: ghi {met}. "
            f"Chưa đạt: ghi {unmet} hoặc để trống.",
            MET_WORDS[0],
            export=lambda status, number=criterion.number: met_word(status, number),
        )
        for criterion in criteria
    ]
    return STATUS_FIXED_COLUMNS + criterion_columns + STATUS_TAIL_COLUMNS


def date_text(value):
    return value.strftime("%d/%m/%Y") if value else ""


def met_word(status, number):
    """ "đạt" or "chưa đạt" for a criterion of a status, its results read once per status."""
    if not hasattr(status, "_met_by_number"):
        status._met_by_number = {
            result.criterion.number: result.met for result in status.results.all()
        }
    return "đạt" if status._met_by_number.get(number) else "chưa đạt"


GUIDE_NOTES = [
    "Dòng 1 là dòng tiêu đề, giữ nguyên tên các cột; dữ liệu bắt đầu từ dòng 2.",
    "Dòng 2 của trang “Dữ liệu” là dòng ví dụ: sửa hoặc xóa trước khi nhập.",
    "Ngày ghi dạng dd/mm/yyyy, ví dụ 02/06/2022 (cũng nhận yyyy-mm-dd và ô ngày của Excel); "
    "năm ghi 4 chữ số.",
    "Một dòng lặp lại y hệt dòng trên chỉ được nhập một lần, kèm cảnh báo; hai dòng cùng đơn vị, "
    "chuẩn và quyết định mà ghi khác nhau là lỗi.",
    "Tệp CSV phải lưu với bảng mã UTF-8 (trong Excel: “CSV UTF-8”). Cột lạ không có "
    "trong mẫu sẽ bị báo lỗi.",
    "Cổng xem trước mọi dòng (mới, thay đổi, không đổi, lỗi) trước khi ghi; chỉ ghi khi "
    "không còn dòng nào lỗi, và ghi tất cả hoặc không ghi gì.",
]


def template_sheets(columns):
    """The sheets of a file kind's xlsx template: the headers and an example row, and a guide."""
    guide = [
        [
            column.header,
            "Bắt buộc" if column.required else "Không bắt buộc",
            column.help,
            column.example,
        ]
        for column in columns
    ]
    guide.append([])
    guide += [["Lưu ý" if index == 0 else "", "", note] for index, note in enumerate(GUIDE_NOTES)]
    return [
        Sheet("Dữ liệu", [c.header for c in columns], [[c.example for c in columns]]),
        Sheet(
            "Hướng dẫn",
            ["Cột", "Bắt buộc", "Giải thích", "Ví dụ"],
            guide,
            widths={1: 26, 2: 16, 3: 90, 4: 26},
            wrap=True,
        ),
    ]
