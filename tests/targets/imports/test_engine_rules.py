"""The import engine's rules as the import's report says them, one rule a test (written for
the survivors of `make mutants` on targets/imports/engine.py; each docstring names the mutants
it kills). The pages' stories are in test_import_pages.py."""

from targets.imports.engine import run_import
from targets.models import CommuneStatus
from tests.factories import certify
from tests.targets.imports.files import (
    CERTIFICATION_HEADERS,
    STATUS_HEADERS,
    certification_row,
    status_row,
    xlsx_bytes,
)


def imported(kind, headers, rows, *, commit=True, user=None):
    return run_import(kind, xlsx_bytes(headers, rows), "f.xlsx", commit=commit, user=user)


def statuses(rows, **options):
    return imported("statuses", STATUS_HEADERS, rows, **options)


def test_a_status_row_lists_each_field_it_changes_in_words(officer, db):
    """describe_change: the field's label, the next standard's name (not its code), the
    empty value as “(trống)”, old → new (xǁStatusImporterǁdescribe_change__mutmut_17, _20,
    _28 and the other label and arrow mutants)."""
    assert statuses([status_row(met=15, planned_year="2025")]).committed
    report = statuses(
        [
            status_row(
                met=16, next_standard="Đạt chuẩn NTM nâng cao", planned_year="2026", notes="x"
            )
        ],
        commit=False,
    )
    assert report.rows[0].changes == [
        "Chuẩn phấn đấu tiếp theo: (trống) → “Đạt chuẩn NTM nâng cao”",
        "Năm dự kiến đạt: “2025” → “2026”",
        "Ghi chú: (trống) → “x”",
        "TC16: chưa đạt → đạt",
    ]


def test_a_criterion_without_a_result_yet_is_said_to_have_none(db):
    """describe_change: a criterion the status has no result for reads “(chưa có)”, not
    “chưa đạt” (xǁStatusImporterǁdescribe_change__mutmut_4 and its neighbours)."""
    assert statuses([status_row(met=18)]).committed
    status = CommuneStatus.objects.get(commune__code="31060", year=2024)
    status.results.filter(criterion__number=19).delete()
    report = statuses([status_row(met=19)], commit=False)
    assert report.rows[0].changes == ["TC19: (chưa có) → đạt"]


def test_a_district_officers_unchanged_row_of_another_district_is_set_aside_with_a_note(
    officer, db
):
    """keep_to_scope: the note, word for word (xǁImporterǁkeep_to_scope__mutmut_4 and its
    neighbours)."""
    assert statuses([status_row(code="31003", met=10)]).committed
    report = statuses([status_row(met=16), status_row(code="31003", met=10)], user=officer)
    assert report.committed
    assert report.rows[1].warnings == [
        "Xã Nam Thái A mã 31003 (Huyện An Biên) nằm ngoài phạm vi được phân công của bạn; dòng "
        "không đổi gì nên được bỏ qua."
    ]


def test_a_district_officers_change_to_another_district_names_what_it_would_change(officer, db):
    """keep_to_scope: a changed row outside the scope is refused naming its changes, not as
    new data (xǁImporterǁkeep_to_scope__mutmut_7, _11 to _17)."""
    assert statuses([status_row(code="31003", met=10)]).committed
    report = statuses(
        [status_row(met=16), status_row(code="31003", met=11)], user=officer, commit=False
    )
    assert report.errors == [
        "Dòng 3, cột “Mã xã”: Xã Nam Thái A mã 31003 (Huyện An Biên) nằm ngoài phạm vi được "
        "phân công của bạn, không nhập được: dòng này thay đổi dữ liệu đã có (TC11: chưa đạt → "
        "đạt)."
    ]


def certifications(rows):
    return imported("certifications", CERTIFICATION_HEADERS, rows, commit=False)


def test_rows_of_one_undated_decision_that_disagree_name_it_as_of_no_known_date(db):
    """_year_of_key: a decision with a number and no date is “chưa rõ ngày”
    (x__year_of_key__mutmut_3, _6, _7)."""
    report = certifications(
        [
            certification_row(date=""),
            certification_row(code="31063", name="", date="", signer="Nguyễn Văn An"),
        ]
    )
    assert report.errors == [
        "Dòng 3, cột “Người ký”: quyết định 12/QĐ-UBND (Chủ tịch UBND tỉnh, chưa rõ ngày) ở "
        "dòng 2 ghi “Lâm Minh Thành”, dòng này ghi “Nguyễn Văn An”; các dòng của một quyết định "
        "phải ghi giống nhau."
    ]


def test_rows_of_one_unnumbered_decision_that_disagree_name_it_by_its_day(db):
    """_year_of_key: a decision without a number is told apart by its day, “ngày dd/mm/yyyy”
    (x__year_of_key__mutmut_1), and called “chưa rõ số” (it read “quyết định  (”)."""
    report = certifications(
        [
            certification_row(number=""),
            certification_row(code="31063", name="", number="", signer="Nguyễn Văn An"),
        ]
    )
    [error] = report.errors
    assert error.startswith(
        "Dòng 3, cột “Người ký”: quyết định chưa rõ số (Chủ tịch UBND tỉnh, ngày 15/03/2022) ở "
        "dòng 2 ghi “Lâm Minh Thành”"
    )


def test_the_portals_import_of_each_kind_previews_then_confirms_the_table_it_read(
    officer, province_staff
):
    """run_certifications, run_statuses (the kinds' engines in the registry): the file's name,
    the importer's scope (a district officer's statuses; certifications are the province's), the
    preview writing nothing and the confirm applying the table the preview read
    (x_run_certifications__mutmut_*, x_run_statuses__mutmut_*)."""
    from ntm_portal.lib.dataio.pipeline import run

    refused = run(
        "statuses",
        xlsx_bytes(STATUS_HEADERS, [status_row(code="31003", met=11)]),
        "ngoai.xlsx",
        user=officer,
    )
    assert refused.filename == "ngoai.xlsx"
    assert "nằm ngoài phạm vi được phân công của bạn" in refused.errors[0]
    refused = run(
        "certifications",
        xlsx_bytes(CERTIFICATION_HEADERS, [certification_row()]),
        "ngoai.xlsx",
        user=officer,
    )
    assert "nằm ngoài phạm vi được phân công của bạn" in refused.errors[0]
    cases = [
        ("statuses", STATUS_HEADERS, status_row(met=16), officer),
        ("certifications", CERTIFICATION_HEADERS, certification_row(), province_staff),
    ]
    for kind, headers, row, user in cases:
        preview = run(kind, xlsx_bytes(headers, [row]), "tep.xlsx", user=user)
        assert not preview.errors and not preview.committed
        assert [row.outcome for row in preview.rows] == ["new"]
        confirmed = run(kind, b"", "tep.xlsx", user=user, commit=True, table=preview.table)
        assert confirmed.committed, confirmed.errors
        again = run(kind, xlsx_bytes(headers, [row]), "tep.xlsx", user=user)
        assert [row.outcome for row in again.rows] == ["unchanged"]


def test_a_new_status_s_criteria_carry_no_note_or_evidence_the_file_did_not_give(db):
    """StatusImporter.flush: each new criterion result is written with an empty note and
    evidence (xǁStatusImporterǁflush__mutmut_42, _43)."""
    assert statuses([status_row(met=12)]).committed
    status = CommuneStatus.objects.get(commune__code="31060", year=2024)
    assert set(status.results.values_list("note", "evidence")) == {("", "")}
    assert status.results.count() == 19


def test_each_status_row_is_summed_up_with_its_criteria_met(db):
    """StatusImporter.apply_row: the row's summary counts the criteria met of the set
    (xǁStatusImporterǁapply_row__mutmut_109, _111, _112)."""
    report = statuses([status_row(met=17), status_row(code="31063", met=0)], commit=False)
    assert [row.summary for row in report.rows] == [
        "Xã Vĩnh Bình Bắc mã 31060 (Huyện Vĩnh Thuận) — năm 2024: 17/19 tiêu chí đạt",
        "Xã Vĩnh Bình Nam mã 31063 (Huyện Vĩnh Thuận) — năm 2024: 0/19 tiêu chí đạt",
    ]


def test_a_next_standard_not_above_the_one_held_is_refused(db):
    """StatusImporter.apply_row: the standard the commune holds is read for the row
    (xǁStatusImporterǁapply_row__mutmut_73, _74): NTM held, NTM named as the next one."""
    certify("31060", standard_year=2021)
    report = statuses(
        [status_row(met=17, next_standard="Đạt chuẩn nông thôn mới", planned_year="2025")],
        commit=False,
    )
    assert report.errors == [
        "Dòng 2, cột “Chuẩn phấn đấu tiếp theo”: Xã Vĩnh Bình Bắc đã đạt chuẩn nông thôn mới năm "
        "2024: chuẩn phấn đấu tiếp theo phải cao hơn chuẩn đang giữ — chọn “Đạt chuẩn NTM nâng "
        "cao” hoặc “Đạt chuẩn NTM kiểu mẫu”, hoặc để trống."
    ]


def test_an_empty_standard_issuer_or_revocation_date_is_named_with_what_to_write(db):
    """choice (a required choice left empty: x_choice__mutmut_6 to _13),
    check_decision_cells (the issuer: xǁCertificationImporterǁcheck_decision_cells__mutmut_34
    to _52), read_row (a revocation without its date: xǁCertificationImporterǁread_row__mutmut_33
    to _45): each cell's error, word for word."""
    assert certifications([certification_row(standard="")]).errors == [
        "Dòng 2, cột “Chuẩn”: để trống; hãy ghi “Đạt chuẩn nông thôn mới” hoặc “Đạt chuẩn NTM "
        "nâng cao” hoặc “Đạt chuẩn NTM kiểu mẫu” hoặc “Hoàn thành nhiệm vụ xây dựng NTM”."
    ]
    assert certifications([certification_row(issuer="")]).errors == [
        "Dòng 2, cột “Cấp quyết định”: để trống; hãy ghi “Thủ tướng Chính phủ” hoặc “Chủ tịch "
        "UBND tỉnh” hoặc “Cơ quan khác”."
    ]
    assert certifications([certification_row(revocation_number="5/QĐ-UBND")]).errors == [
        "Dòng 2, cột “Ngày thu hồi”: để trống trong khi đã ghi “Số QĐ thu hồi”; thu hồi cần cả hai."
    ]


def test_a_higher_standard_listed_before_the_lower_one_finds_it_in_the_same_file(db):
    """CertificationImporter.order: the rows are applied lower standard first, so NTM nâng cao
    written above NTM finds it (xǁCertificationImporterǁorder__mutmut_1 to _9)."""
    rows = [
        certification_row(
            standard="Đạt chuẩn NTM nâng cao",
            standard_year="2023",
            number="40/QĐ-UBND",
            date="10/03/2024",
        ),
        certification_row(),
    ]
    report = imported("certifications", CERTIFICATION_HEADERS, rows)
    assert report.committed, report.errors
    assert not any(row.warnings for row in report.rows)


def test_each_recognition_row_is_summed_up_with_its_year_and_decision(db):
    """CertificationImporter.describe: the standard's year, or the flag when the file has none
    (xǁCertificationImporterǁdescribe__mutmut_1, _10, _11), and the decision."""
    report = certifications(
        [certification_row(), certification_row(code="31063", name="", standard_year="")]
    )
    assert [row.summary for row in report.rows] == [
        "Xã Vĩnh Bình Bắc mã 31060 (Huyện Vĩnh Thuận): Đạt chuẩn nông thôn mới năm 2021, "
        "QĐ 12/QĐ-UBND ngày 15/03/2022",
        "Xã Vĩnh Bình Nam mã 31063 (Huyện Vĩnh Thuận): Đạt chuẩn nông thôn mới (thiếu năm đạt "
        "chuẩn), QĐ 12/QĐ-UBND ngày 15/03/2022",
    ]
