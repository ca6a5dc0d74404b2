"""Files as provinces really have them: dates in several forms and Excel date cells, standards as
documents write them, look-alike letters from legacy converters, rows repeated by copy-paste."""

import datetime

import pytest
from django.urls import reverse

from targets.imports.engine import run_import
from targets.models import Certification, Decision
from tests.factories import certify
from tests.targets.imports.files import (
    CERTIFICATION_HEADERS,
    certification_row,
    csv_bytes,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

DECISION_DAY = datetime.date(2022, 6, 2)


def import_csv(rows):
    return run_import(
        "certifications", csv_bytes(CERTIFICATION_HEADERS, rows), "f.csv", commit=True
    )


def import_xlsx(rows):
    return run_import(
        "certifications", xlsx_bytes(CERTIFICATION_HEADERS, rows), "f.xlsx", commit=True
    )


@pytest.mark.parametrize("written", ["02/06/2022", "2/6/2022", "02-06-2022", "02.06.2022"])
def test_day_first_dates_are_read(written):
    report = import_csv([certification_row(date=written)])
    assert report.committed, report.errors
    assert Decision.objects.get().issued_on == DECISION_DAY


def test_iso_dates_are_read():
    report = import_csv([certification_row(date="2022-06-02")])
    assert report.committed, report.errors
    assert Decision.objects.get().issued_on == DECISION_DAY


def test_excel_date_cells_are_read():
    report = import_xlsx([certification_row(date=datetime.datetime(2022, 6, 2))])
    assert report.committed, report.errors
    assert Decision.objects.get().issued_on == DECISION_DAY


def test_excel_serial_day_numbers_are_read():
    serial = (DECISION_DAY - datetime.date(1899, 12, 30)).days  # 44714 in Excel
    report = import_xlsx([certification_row(date=serial)])
    assert report.committed, report.errors
    assert Decision.objects.get().issued_on == DECISION_DAY


@pytest.mark.parametrize(
    ("written", "standard"),
    [
        ("NTM", "ntm"),
        ("ntm", "ntm"),
        ("Nông thôn mới", "ntm"),
        ("Đạt chuẩn NTM", "ntm"),
        ("dat chuan nong thon moi", "ntm"),
        ("NTM nâng cao", "advanced"),
        ("nâng cao", "advanced"),
        ("NANG CAO", "advanced"),
        ("Đạt chuẩn NTM nâng cao", "advanced"),
        ("NTM kiểu mẫu", "model"),
        ("kiểu mẫu", "model"),
        ("kieu mau", "model"),
    ],
)
def test_standards_as_documents_write_them(written, standard):
    if standard in ("advanced", "model"):
        certify("31060", "ntm", 2019, number="1/QĐ-UBND", issued_on=datetime.date(2020, 3, 1))
    if standard == "model":
        certify("31060", "advanced", 2020, number="2/QĐ-UBND", issued_on=datetime.date(2021, 3, 1))
    report = import_csv([certification_row(standard=written)])
    assert report.committed, report.errors
    assert Certification.objects.get(decision__number="12/QĐ-UBND").standard == standard


@pytest.mark.parametrize(
    "written",
    [
        "hoàn thành nhiệm vụ xây dựng NTM",
        "Hoàn thành nhiệm vụ xây dựng nông thôn mới",
        "HOAN THANH NHIEM VU",
    ],
)
def test_completed_as_documents_write_it(written):
    row = certification_row(
        code="900",
        name="Hà Tiên",
        district="900",
        standard=written,
        standard_year="2020",
        number="671/QĐ-TTg",
        date="02/06/2022",
        issuer="Thủ tướng Chính phủ",
    )
    report = import_csv([row])
    assert report.committed, report.errors
    assert Certification.objects.get().standard == "completed"


@pytest.mark.parametrize(("lookalike", "letter"), [("\u00d0", "Đ"), ("\u0189", "Đ")])
def test_lookalike_capital_d_is_normalised_in_imports(lookalike, letter):
    report = import_csv([certification_row(signer=f"{lookalike}ặng Văn Ân")])
    assert report.committed, report.errors
    assert Decision.objects.get().signer == f"{letter}ặng Văn Ân"


def test_lookalike_small_d_is_normalised_in_imports():
    report = import_csv([certification_row(signer="Lê Văn \u00f0ức")])
    assert report.committed, report.errors
    assert Decision.objects.get().signer == "Lê Văn đức"


def test_lookalike_letters_are_normalised_in_text_input(client, province_staff):
    from tests.targets.certifications.helpers import CREATE_URL, record_data

    client.force_login(province_staff)
    data = record_data([("31060", "ntm", 2021)], signer="\u00d0ặng Văn Ân")
    assert client.post(CREATE_URL, data).status_code == 302
    assert Decision.objects.get().signer == "Đặng Văn Ân"


def test_lookalike_letters_are_normalised_in_search(client, leadership):
    client.force_login(leadership)
    response = client.get(reverse("units:unit_list"), {"q": "Thạnh \u00d0ông A"})
    assert [unit.code for unit in response.context["object_list"]] == ["30874"]


def test_a_row_repeated_exactly_is_imported_once_with_a_warning():
    report = import_csv([certification_row(), certification_row()])
    assert report.committed, report.errors
    assert Certification.objects.count() == 1
    assert [row.outcome for row in report.rows] == ["new", "repeated"]
    assert report.rows[1].warnings == ["giống hệt dòng 2; chỉ nhập một lần (dòng này bỏ qua)."]
    assert "Cảnh báo: giống hệt dòng 2" in "\n".join(report.lines())


def test_two_rows_that_disagree_remain_an_error_naming_both():
    report = import_csv([certification_row(), certification_row(notes="Ghi chú khác")])
    assert not report.committed
    assert report.errors == [
        "Dòng 3, cột “Mã đơn vị”: trùng với dòng 2: cùng đơn vị Xã Vĩnh Bình Bắc, cùng chuẩn và "
        "cùng quyết định 12/QĐ-UBND."
    ]
