"""The import engine's rules as the import's report says them, one rule a test (written for
the survivors of `make mutants` on targets/imports/engine.py; each docstring names the mutants
it kills). The pages' stories are in test_import_pages.py."""

import datetime

import pytest
from django.utils import timezone

from targets.imports.engine import StatusImporter, run_import
from targets.models import Certification, CommuneStatus, Decision, Reconciliation
from targets.services import reconcile
from tests.factories import certify, commune_status, unit
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
    new data, each change after a semicolon (xǁImporterǁkeep_to_scope__mutmut_7, _11 to _17)."""
    assert statuses([status_row(code="31003", met=10)]).committed
    report = statuses(
        [status_row(met=16), status_row(code="31003", met=11, notes="x")],
        user=officer,
        commit=False,
    )
    assert report.errors == [
        "Dòng 3, cột “Mã xã”: Xã Nam Thái A mã 31003 (Huyện An Biên) nằm ngoài phạm vi được "
        "phân công của bạn, không nhập được: dòng này thay đổi dữ liệu đã có (Ghi chú: (trống) "
        "→ “x”; TC11: chưa đạt → đạt)."
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


@pytest.mark.parametrize("recorded", [False, True], ids=["new-status", "recorded-status"])
def test_a_next_standard_not_above_the_one_held_is_refused(db, recorded):
    """StatusImporter.apply_row: the standard the commune holds is read for the row
    (xǁStatusImporterǁapply_row__mutmut_73, _74): NTM held, NTM named as the next one. On a
    recorded status, the fields the row changes are checked too (_91: only the unchanged ones
    were)."""
    if recorded:
        assert statuses([status_row(met=17)]).committed
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


# --- the survivors of the run at 880f64f (88,2 %) -------------------------------------------


def test_a_status_of_the_current_year_is_not_called_a_future_one(db):
    """StatusImporter.parse: only a year after the current one is in the future
    (xǁStatusImporterǁparse__mutmut_12: this year refused too); this year is judged by its own
    criteria set (QĐ 51/2025: 10 criteria)."""
    this_year = timezone.localdate().year
    report = statuses([status_row(code="30985", year=str(this_year), met=10)], commit=False)
    assert not report.errors
    assert report.rows[0].outcome == "new"
    assert report.rows[0].summary.endswith(f"năm {this_year}: 10/10 tiêu chí đạt")
    future = statuses([status_row(code="30985", year=str(this_year + 1))], commit=False)
    assert future.errors == [f"Dòng 2, cột “Năm”: năm {this_year + 1} ở tương lai."]


def test_data_beyond_the_last_header_is_refused_naming_its_column(db):
    """Importer.read_row: a cell written to the right of the last header is an error on that
    column's letter, quoting it; the empty cells there and the rows without such cells are
    fine (xǁImporterǁread_row__mutmut_13 to _22)."""
    report = statuses([status_row(met=3) + ["", "ghi thêm"], status_row(code="31063")])
    assert report.errors == ["Dòng 2, cột “AB”: có dữ liệu “ghi thêm” nhưng cột không có tiêu đề."]
    assert [row.outcome for row in report.rows] == ["error", "new"]
    assert not CommuneStatus.objects.exists()


def test_a_district_code_that_is_no_district_is_refused(db):
    """UnitDirectory.find: a district code that names no unit, or a commune, is refused beside
    a correct commune code (xǁUnitDirectoryǁfind__mutmut_9: the code was not checked)."""
    for code in ("99999", "31063"):
        assert statuses([status_row(district=code)], commit=False).errors == [
            f"Dòng 2, cột “Mã huyện”: không có đơn vị cấp huyện nào mã “{code}”."
        ]


def test_a_row_naming_no_commune_says_what_to_write_and_where(db):
    """UnitDirectory.find, word for word: no code nor name (xǁUnitDirectoryǁfind__mutmut_33,
    _34); a name of no commune (_37, _39: the lookup crashed); a name of no commune of the
    district, with nothing after it when no commune elsewhere has it (_65, _75); a name of two
    communes of the district, each named with its code (_59 to _62)."""
    cases = [
        (
            status_row(code=""),
            "Dòng 2, cột “Mã xã”: để trống; hãy ghi mã đơn vị, hoặc tên xã kèm mã huyện.",
        ),
        (
            status_row(code="", name="Không Có"),
            "Dòng 2, cột “Tên xã”: không có xã nào tên “Không Có” trong danh mục.",
        ),
        (
            status_row(code="", name="Không Có", district="910"),
            "Dòng 2, cột “Tên xã”: Huyện Vĩnh Thuận (mã 910) không có xã nào tên “Không Có”.",
        ),
        (
            status_row(code="", name="Vĩnh Thuận", district="910"),
            "Dòng 2, cột “Tên xã”: “Vĩnh Thuận” chỉ nhiều xã của Huyện Vĩnh Thuận: Thị trấn "
            "Vĩnh Thuận mã 31051 (Huyện Vĩnh Thuận); Xã Vĩnh Thuận mã 31069 (Huyện Vĩnh Thuận); "
            "hãy ghi mã.",
        ),
    ]
    for row, error in cases:
        assert statuses([row], commit=False).errors == [error]


def test_rows_after_a_refused_row_are_still_checked_for_repeats(db):
    """check_rows of both kinds: a row with an error is passed over, the rows after it are still
    compared (xǁCertificationImporterǁcheck_rows__mutmut_2, xǁStatusImporterǁcheck_rows__mutmut_4:
    the check stopped at the first refused row)."""
    report = certifications(
        [
            certification_row(standard=""),
            certification_row(code="31063", name=""),
            certification_row(code="31063", name="", notes="x"),
        ]
    )
    assert report.errors[1:] == [
        "Dòng 4, cột “Mã đơn vị”: trùng với dòng 3: cùng đơn vị Xã Vĩnh Bình Nam, cùng chuẩn và "
        "cùng quyết định 12/QĐ-UBND."
    ]
    report = statuses(
        [status_row(code=""), status_row(code="31063", met=3), status_row(code="31063", met=4)],
        commit=False,
    )
    assert report.errors[1:] == [
        "Dòng 4, cột “Năm”: trùng với dòng 3: Xã Vĩnh Bình Nam đã có một dòng cho năm 2024; mỗi "
        "xã chỉ một dòng cho mỗi năm."
    ]


def from_source(notes, **values):
    return certification_row(number="", date="", issuer="", signer="", notes=notes, **values)


def test_two_rows_from_sources_for_one_recognition_are_refused_as_a_repeat(db):
    """check_rows: rows known from a source (no number, no date) are also checked for repeats
    (xǁCertificationImporterǁcheck_rows__mutmut_22), their decision called “chưa rõ số”
    (xǁCertificationImporterǁdecision_key__mutmut_2)."""
    report = certifications([from_source("Báo cáo 5/BC-UBND"), from_source("Báo cáo 6/BC-UBND")])
    assert report.errors == [
        "Dòng 3, cột “Mã đơn vị”: trùng với dòng 2: cùng đơn vị Xã Vĩnh Bình Bắc, cùng chuẩn và "
        "cùng quyết định chưa rõ số."
    ]


def test_a_district_recognised_while_communes_fall_short_is_warned_and_named_once(db):
    """CertificationImporter.apply_row: the district rule's warning on the row
    (xǁCertificationImporterǁapply_row__mutmut_67); _where: a district is named with its code
    only, not as within itself (x__where__mutmut_2)."""
    report = certifications(
        [
            certification_row(
                code="910",
                name="",
                district="",
                number="5/QĐ-TTg",
                issuer="Thủ tướng Chính phủ",
                signer="Vũ Đức Đam",
            )
        ]
    )
    assert not report.errors
    [row] = report.rows
    assert row.summary == (
        "Huyện Vĩnh Thuận (mã 910): Đạt chuẩn nông thôn mới năm 2021, QĐ 5/QĐ-TTg ngày 15/03/2022"
    )
    assert row.warnings == [
        "Khi ghi nhận, sổ công nhận còn 7 xã của Huyện Vĩnh Thuận chưa đạt chuẩn NTM (Bình Minh, "
        "Phong Đông, Tân Thuận, Vĩnh Bình Bắc, Vĩnh Bình Nam, Vĩnh Phong, Vĩnh Thuận); QĐ "
        "320/QĐ-TTg yêu cầu tất cả các xã đạt chuẩn."
    ]


def test_a_recognition_by_decision_records_no_source(db):
    """CertificationImporter.apply_row: the source column of the register is written only for a
    recognition known from a source (xǁCertificationImporterǁapply_row__mutmut_29)."""
    assert imported("certifications", CERTIFICATION_HEADERS, [certification_row()]).committed
    assert Certification.objects.get().source == ""


def test_a_row_from_a_source_for_a_recognition_with_its_decision_is_set_aside(db):
    """CertificationImporter.apply_row: the recognition already has its decision, so the row
    from a source changes nothing and says why (xǁCertificationImporterǁapply_row__mutmut_86,
    _87)."""
    assert imported("certifications", CERTIFICATION_HEADERS, [certification_row()]).committed
    report = certifications([from_source("Báo cáo 5/BC-UBND")])
    assert not report.errors
    [row] = report.rows
    assert row.outcome == "unchanged"
    assert row.warnings == [
        "công nhận này đã có quyết định 12/QĐ-UBND ngày 15/03/2022; dòng theo nguồn được bỏ qua."
    ]


def test_a_recognition_s_changes_say_what_was_recorded_and_what_the_row_says(db):
    """CertificationImporter.apply_row: the row is matched with the recognition of its decision
    (xǁCertificationImporterǁapply_row__mutmut_45: matched by the standard's year, so a new year
    read as a second recognition), and each change says the recorded value, not “(trống)”
    (_97)."""
    first = imported("certifications", CERTIFICATION_HEADERS, [certification_row(notes="a")])
    assert first.committed
    report = certifications([certification_row(notes="b", standard_year="2020")])
    assert not report.errors
    assert report.rows[0].changes == ["Năm đạt chuẩn: “2021” → “2020”", "Ghi chú: “a” → “b”"]


def test_a_revocation_that_also_corrects_the_year_writes_both_once_by_the_importer(
    db, province_staff
):
    """CertificationImporter.apply_row, revoking: the year the row corrects is written with the
    revocation (xǁCertificationImporterǁapply_row__mutmut_126: the year erased), and the
    revocation is checked against the file's register, not saved on its own (_137, _141: a
    second history row, without its author)."""
    assert imported(
        "certifications", CERTIFICATION_HEADERS, [certification_row()], user=province_staff
    ).committed
    row = certification_row(
        standard_year="2020",
        revoked_on="01/02/2024",
        revocation_number="150/QĐ-UBND",
        revocation_reason="Không duy trì tiêu chí",
    )
    report = imported("certifications", CERTIFICATION_HEADERS, [row], user=province_staff)
    assert report.committed, report.errors
    certification = Certification.objects.get()
    assert certification.standard_year == 2020
    assert certification.revoked_on == datetime.date(2024, 2, 1)
    assert [h.history_user for h in certification.history.all()] == [province_staff] * 2


def test_a_revocation_number_changed_too_long_is_refused(db):
    """CertificationImporter.apply_row: the fields a row changes on a revoked recognition are
    checked (xǁCertificationImporterǁapply_row__mutmut_125: only the unchanged ones were)."""
    revoked = certification_row(
        revoked_on="01/02/2024", revocation_number="150/QĐ-UBND", revocation_reason="r"
    )
    assert imported("certifications", CERTIFICATION_HEADERS, [revoked]).committed
    number = "150/QĐ-UBND" + "1" * 35
    report = certifications(
        [
            certification_row(
                revoked_on="01/02/2024", revocation_number=number, revocation_reason="r"
            )
        ]
    )
    assert report.errors[0] == (
        "Dòng 2, cột “Số QĐ thu hồi”: Giá trị này chỉ có tối đa 40 kí tự (hiện có 46)"
    )


def test_a_decision_stated_with_another_date_than_recorded_is_refused(db):
    """CertificationImporter.find_decision: a decision found by number, issuer and year must
    agree on its day (xǁCertificationImporterǁfind_decision__mutmut_37: the day not compared)."""
    assert imported("certifications", CERTIFICATION_HEADERS, [certification_row()]).committed
    report = certifications([certification_row(code="31063", name="", date="16/03/2022")])
    assert report.errors == [
        "Dòng 2, cột “Ngày quyết định”: Quyết định 12/QĐ-UBND đã được ghi với ngày 15/03/2022, "
        "khác ngày 16/03/2022 vừa nhập; hãy sửa cho khớp, hoặc sửa quyết định trên trang của nó."
    ]


def test_a_file_of_dated_undated_and_unnumbered_decisions_imports_back_unchanged(db):
    """CertificationImporter.prepare: the decisions recorded with a number and a date, with a
    number only and with a date only are all found again (xǁCertificationImporterǁprepare__
    mutmut_13, _22, _31: one kind replaced the others; _19, _21, _28: the undated ones not
    found), so nothing is new the second time."""
    rows = [
        certification_row(),
        certification_row(code="31063", name="", number="7/QĐ-UBND", date=""),
        certification_row(code="31069", name="", number="", date="20/04/2023"),
    ]
    assert imported("certifications", CERTIFICATION_HEADERS, rows).committed
    again = imported("certifications", CERTIFICATION_HEADERS, rows)
    assert not again.errors
    assert [row.outcome for row in again.rows] == ["unchanged"] * 3
    assert Decision.objects.count() == 3


def test_a_status_s_new_note_is_taken_though_its_recorded_plan_is_now_reached(db):
    """StatusImporter.apply_row: only what the row changes is checked, as the edit form does, so
    a next standard recorded before the commune reached it does not block a new note
    (xǁStatusImporterǁapply_row__mutmut_77, _80, _83: every field checked)."""
    planned = status_row(met=17, next_standard="Đạt chuẩn nông thôn mới", planned_year="2025")
    assert statuses([planned]).committed
    certify("31060", standard_year=2021)
    report = statuses([status_row(met=17, notes="x")])
    assert report.committed, report.errors
    assert report.rows[0].changes == ["Ghi chú: (trống) → “x”"]


def test_a_reconciliation_undone_by_an_import_is_recorded_as_the_importer_s(province_staff):
    """CertificationImporter.flush: the history of the reconciliation the file undoes names who
    imported (xǁCertificationImporterǁflush__mutmut_18: nobody)."""
    reconcile(scope=unit("910"), up_to_year=2023, by=province_staff)
    report = imported(
        "certifications", CERTIFICATION_HEADERS, [certification_row()], user=province_staff
    )
    assert report.committed, report.errors
    latest = Reconciliation.objects.get().history.first()
    assert (latest.up_to_year, latest.history_user) == (2020, province_staff)


def test_a_status_recorded_by_someone_else_meanwhile_makes_the_file_write_nothing(db, monkeypatch):
    """Importer.apply: a write the database refuses (another person recorded the same status
    between the check and the write) is said as a file error and nothing is written
    (xǁImporterǁapply__mutmut_37: the message lost)."""
    flush = StatusImporter.flush

    def meanwhile(importer):
        commune_status("31060", 2024, met=3)
        flush(importer)

    monkeypatch.setattr(StatusImporter, "flush", meanwhile)
    report = statuses([status_row(met=17), status_row(code="31063")])
    assert not report.committed
    [error] = report.errors
    assert error.startswith("Cơ sở dữ liệu từ chối khi ghi (")
    assert error.endswith("); chưa ghi gì, hãy nhập lại tệp.")
    assert not CommuneStatus.objects.filter(commune__code="31063").exists()
