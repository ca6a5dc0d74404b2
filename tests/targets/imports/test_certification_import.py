import datetime

from targets.imports.engine import run_import
from targets.models import Certification, Decision
from tests import factories
from tests.targets.imports.conftest import snapshot
from tests.targets.imports.files import (
    CERTIFICATION_HEADERS,
    certification_row,
    csv_bytes,
    xlsx_bytes,
)


def import_rows(rows, *, commit=True, as_xlsx=False, user=None):
    if as_xlsx:
        return run_import(
            "certifications",
            xlsx_bytes(CERTIFICATION_HEADERS, rows),
            "f.xlsx",
            commit=commit,
            user=user,
        )
    return run_import(
        "certifications", csv_bytes(CERTIFICATION_HEADERS, rows), "f.csv", commit=commit, user=user
    )


def test_rows_of_one_decision_number_become_one_decision_recognising_several_units(db):
    report = import_rows(
        [
            certification_row(),
            certification_row(code="", name="vinh binh nam", district="910"),
            certification_row(
                code="910",
                name="Vĩnh Thuận",
                district="910",
                standard="ntm",
                standard_year="2020",
                number="669/QĐ-TTg",
                date="02/06/2022",
                issuer="ttg",
                signer="",
            ),
        ]
    )
    assert report.committed, report.errors
    assert [row.outcome for row in report.rows] == ["new", "new", "new"]
    decision = Decision.objects.get(number="12/QĐ-UBND")
    assert sorted(decision.certifications.values_list("unit__code", flat=True)) == [
        "31060",
        "31063",
    ]
    assert decision.issued_on == datetime.date(2022, 3, 15)
    assert decision.signer == "Lâm Minh Thành"
    assert Decision.objects.get(number="669/QĐ-TTg").issuer == "ttg"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(db):
    rows = [certification_row(), certification_row(code="31063", name="Vĩnh Bình Nam")]
    assert import_rows(rows, as_xlsx=True).committed
    before = snapshot()
    report = import_rows(rows, as_xlsx=True)
    assert [row.outcome for row in report.rows] == ["unchanged", "unchanged"]
    assert snapshot() == before


def test_advanced_standard_listed_before_ntm_in_the_same_decision_is_accepted(db):
    report = import_rows(
        [
            certification_row(standard="Đạt chuẩn NTM nâng cao"),
            certification_row(standard="Đạt chuẩn nông thôn mới"),
        ]
    )
    assert report.committed, report.errors
    assert set(
        Certification.objects.filter(unit__code="31060").values_list("standard", flat=True)
    ) == {"ntm", "advanced"}


def test_preview_reports_changes_and_writes_nothing(db):
    import_rows([certification_row()])
    before = snapshot()
    report = import_rows([certification_row(notes="Theo Tờ trình 5/TTr-SNN")], commit=False)
    assert report.rows[0].outcome == "changed"
    assert report.rows[0].changes == ["Ghi chú: (trống) → “Theo Tờ trình 5/TTr-SNN”"]
    assert not report.committed
    assert snapshot() == before


def test_revocation_in_a_file_revokes_the_recognition_and_is_recorded_in_history(
    db, province_staff
):
    import_rows([certification_row()])
    report = import_rows(
        [
            certification_row(
                revoked_on="01/02/2024",
                revocation_number="150/QĐ-UBND",
                revocation_reason="Không duy trì tiêu chí",
            )
        ],
        user=province_staff,
    )
    assert report.committed, report.errors
    certification = Certification.objects.get(unit__code="31060")
    assert certification.revoked_on == datetime.date(2024, 2, 1)
    assert certification.revocation_number == "150/QĐ-UBND"
    assert certification.history.first().history_user == province_staff


def test_revoking_ntm_while_advanced_rests_on_it_is_an_error(db):
    import_rows([certification_row(), certification_row(standard="advanced")])
    before = snapshot()
    report = import_rows(
        [certification_row(revoked_on="01/02/2024", revocation_number="150/QĐ-UBND")]
    )
    assert report.errors == [
        "Dòng 2, cột “Ngày thu hồi”: Xã Vĩnh Bình Bắc còn công nhận đạt chuẩn NTM nâng cao dựa "
        "trên chuẩn này; hãy thu hồi chuẩn cao hơn trước."
    ]
    assert snapshot() == before


def test_a_file_cannot_undo_a_recorded_revocation(db):
    factories.certify(
        "31060",
        number="12/QĐ-UBND",
        issued_on=datetime.date(2022, 3, 15),
        revoked_on=datetime.date(2024, 2, 1),
        revocation_number="150/QĐ-UBND",
    )
    Decision.objects.filter(number="12/QĐ-UBND").update(signer="Lâm Minh Thành")
    report = import_rows([certification_row()])
    assert report.errors == [
        "Dòng 2, cột “Ngày thu hồi”: công nhận này đã bị thu hồi ngày 01/02/2024 (150/QĐ-UBND); "
        "nhập tệp không hủy được việc thu hồi."
    ]


def test_revocation_date_without_its_number_names_the_missing_column(db):
    report = import_rows([certification_row(revoked_on="01/02/2024")], commit=False)
    assert report.errors == [
        "Dòng 2, cột “Số QĐ thu hồi”: để trống trong khi đã ghi “Ngày thu hồi”; thu hồi cần cả hai."
    ]


def test_code_name_and_district_must_agree(db):
    report = import_rows(
        [certification_row(code="31060", name="Vĩnh Bình Nam", district="908")], commit=False
    )
    assert report.errors == [
        "Dòng 2, cột “Tên đơn vị”: “Vĩnh Bình Nam” không khớp với tên của mã 31060 (Xã Vĩnh Bình Bắc).",
        "Dòng 2, cột “Mã huyện”: Xã Vĩnh Bình Bắc mã 31060 (Huyện Vĩnh Thuận) không thuộc Huyện An Biên (mã 908).",
    ]


def test_a_name_without_district_is_refused_even_when_unique(db):
    report = import_rows([certification_row(code="", district="")], commit=False)
    assert report.errors == [
        "Dòng 2, cột “Mã huyện”: để trống; ghi tên xã “Vĩnh Bình Bắc” thì phải ghi kèm mã huyện "
        "(hoặc ghi mã đơn vị 31060)."
    ]


def test_city_recognised_for_ntm_instead_of_completed_is_an_error(db):
    report = import_rows(
        [
            certification_row(
                code="900",
                name="Hà Tiên",
                district="900",
                number="671/QĐ-TTg",
                date="02/06/2022",
                issuer="Thủ tướng Chính phủ",
                standard_year="2020",
            )
        ],
        commit=False,
    )
    assert report.errors == [
        "Dòng 2, cột “Chuẩn”: Thành phố Hà Tiên là thành phố thuộc tỉnh: được công nhận “hoàn "
        "thành nhiệm vụ xây dựng NTM”, không công nhận đạt chuẩn nông thôn mới."
    ]


def test_unknown_standard_lists_the_accepted_labels(db):
    report = import_rows([certification_row(standard="NTM siêu cấp")], commit=False)
    assert report.errors == [
        "Dòng 2, cột “Chuẩn”: “NTM siêu cấp” không hợp lệ; hãy ghi “Đạt chuẩn nông thôn mới” "
        "hoặc “Đạt chuẩn NTM nâng cao” hoặc “Đạt chuẩn NTM kiểu mẫu” hoặc “Hoàn thành nhiệm vụ "
        "xây dựng NTM”."
    ]
