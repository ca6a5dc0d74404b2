"""A district is NTM only when all of its communes are (QĐ 320/QĐ-TTg): recording it while the
register shows a commune short of NTM asks for confirmation and keeps a warning. A commune at a
higher standard is NTM too, even when its NTM decision itself is not on file (DOMAIN.md: such a
recognition is recorded and flagged, never refused), so it never makes the district short."""

import datetime

import pytest

from targets.imports.engine import run_import
from targets.models import Certification
from tests.factories import certify
from tests.targets.imports.files import CERTIFICATION_HEADERS, certification_row, csv_bytes

from .helpers import CREATE_URL, page_text, record_data

pytestmark = pytest.mark.django_db

VINH_THUAN_COMMUNES = ["31060", "31063", "31064", "31069", "31072", "31074", "31075"]


@pytest.fixture
def six_ntm_and_one_advanced(db):
    """Vĩnh Thuận's seven communes: six NTM, Vĩnh Phong (31075) advanced with no NTM on file."""
    for code in VINH_THUAN_COMMUNES[:-1]:
        certify(code, "ntm", 2019, number="50/QĐ-UBND", issued_on=datetime.date(2020, 3, 2))
    certify(
        "31075",
        "advanced",
        2019,
        number="51/QĐ-UBND",
        issued_on=datetime.date(2020, 3, 2),
        validate=False,
    )


def test_recording_a_district_ntm_counts_an_advanced_commune_as_ntm(
    client, province_staff, six_ntm_and_one_advanced
):
    client.force_login(province_staff)
    response = client.post(
        CREATE_URL, record_data([("910", "ntm", 2020)], number="669/QĐ-TTg"), follow=True
    )
    assert "Khi ghi nhận, sổ công nhận còn" not in page_text(response)
    assert Certification.objects.get(unit__code="910").warning == ""


def test_recording_a_district_ntm_with_a_commune_short_of_ntm_names_that_commune(
    client, province_staff
):
    for code in VINH_THUAN_COMMUNES[:-1]:
        certify(code, "ntm", 2019, number="50/QĐ-UBND", issued_on=datetime.date(2020, 3, 2))
    client.force_login(province_staff)
    response = client.post(CREATE_URL, record_data([("910", "ntm", 2020)], number="669/QĐ-TTg"))
    assert (
        "Khi ghi nhận, sổ công nhận còn 1 xã của Huyện Vĩnh Thuận chưa đạt chuẩn NTM (Vĩnh Phong)"
        in (page_text(response))
    )
    assert not Certification.objects.filter(unit__code="910").exists()


def test_importing_a_district_ntm_counts_an_advanced_commune_as_ntm(six_ntm_and_one_advanced):
    row = certification_row(
        code="910",
        name="Vĩnh Thuận",
        district="",
        standard_year="2020",
        number="669/QĐ-TTg",
        date="02/06/2022",
        issuer="Thủ tướng Chính phủ",
    )
    report = run_import(
        "certifications", csv_bytes(CERTIFICATION_HEADERS, [row]), "f.csv", commit=True
    )
    assert report.errors == []
    assert Certification.objects.get(unit__code="910").warning == ""
