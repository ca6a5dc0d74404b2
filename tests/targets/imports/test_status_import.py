from targets.imports.engine import run_import
from targets.models import CommuneStatus
from tests.targets.imports.conftest import snapshot
from tests.targets.imports.files import STATUS_HEADERS, csv_bytes, status_row, xlsx_bytes


def import_statuses(rows, *, commit=True, user=None):
    return run_import(
        "statuses", xlsx_bytes(STATUS_HEADERS, rows), "s.xlsx", commit=commit, user=user
    )


def met_numbers(status):
    return sorted(status.results.filter(met=True).values_list("criterion__number", flat=True))


def test_status_rows_create_one_status_per_commune_and_year_with_19_results(db):
    report = import_statuses(
        [
            status_row(met=17, next_standard="Đạt chuẩn NTM nâng cao", planned_year="2025"),
            status_row(code="", name="Vĩnh Bình Nam", district="910", year="2023", met=19),
        ]
    )
    assert report.committed, report.errors
    status = CommuneStatus.objects.get(commune__code="31060", year=2024)
    assert status.results.count() == 19
    assert met_numbers(status) == list(range(1, 18))
    assert (status.next_standard, status.planned_year) == ("advanced", 2025)
    assert (
        CommuneStatus.objects.get(commune__code="31063", year=2023).results.filter(met=True).count()
        == 19
    )


def test_criteria_accept_dat_x_1_and_true_as_met_and_blank_0_chua_dat_as_not_met(db):
    row = status_row(met=0)
    row[4:10] = ["đạt", "X", "1", "Đạt", " x ", True]
    row[10:14] = ["", "0", "Chưa đạt", False]
    report = run_import("statuses", xlsx_bytes(STATUS_HEADERS, [row]), "s.xlsx", commit=True)
    assert report.committed, report.errors
    assert met_numbers(CommuneStatus.objects.get(commune__code="31060")) == [1, 2, 3, 4, 5, 6]


def test_changed_criteria_are_listed_and_only_they_get_a_history_row(db):
    import_statuses([status_row(met=17)])
    before = snapshot()
    report = import_statuses([status_row(met=18)])
    assert report.rows[0].outcome == "changed"
    assert report.rows[0].changes == ["TC18: chưa đạt → đạt"]
    after = snapshot()
    assert after["CriterionResult"][1] == before["CriterionResult"][1] + 1
    assert after["CommuneStatus"] == before["CommuneStatus"]


def test_importing_the_same_status_file_twice_changes_nothing(db):
    rows = [status_row(met=15, notes="Đang hoàn thiện TC16"), status_row(code="31063")]
    data = csv_bytes(STATUS_HEADERS, rows, bom=True)
    assert run_import("statuses", data, "s.csv", commit=True).committed
    before = snapshot()
    report = run_import("statuses", data, "s.csv", commit=True)
    assert [row.outcome for row in report.rows] == ["unchanged", "unchanged"]
    assert snapshot() == before


def test_two_rows_for_the_same_commune_and_year_name_both_rows(nothing_written):
    report = import_statuses([status_row(), status_row(met=3)])
    assert report.errors == [
        "Dòng 3, cột “Năm”: trùng với dòng 2: Xã Vĩnh Bình Bắc đã có một dòng cho năm 2024; "
        "mỗi xã chỉ một dòng cho mỗi năm."
    ]


def test_planned_year_before_the_year_is_refused(nothing_written):
    report = import_statuses([status_row(planned_year="2023")])
    assert report.errors and all(
        error.startswith("Dòng 2, cột “Năm dự kiến đạt”: ") for error in report.errors
    )


def test_district_officer_statuses_outside_own_district_are_errors(officer, nothing_written):
    report = import_statuses([status_row(), status_row(code="31003")], user=officer)
    assert report.rows[0].outcome == "new"
    assert report.errors == [
        "Dòng 3, cột “Mã xã”: Xã Nam Thái A mã 31003 (Huyện An Biên) nằm ngoài phạm vi được "
        "phân công của bạn, không nhập được: dòng này thêm dữ liệu mới."
    ]
