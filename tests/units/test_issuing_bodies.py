"""The issuing bodies loaded from fixtures/issuing_bodies.json and the one lookup every document
header, place line, signature and certificate heading goes through."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from units.models import IssuingBody, Unit, issuing_body

pytestmark = pytest.mark.django_db
LAST_DAY = datetime.date(2025, 6, 30)
FIRST_DAY = datetime.date(2025, 7, 1)


def test_the_province_committee_is_kien_giang_until_30_06_2025_and_an_giang_from_01_07_2025():
    province = Unit.objects.get(code="91", valid_from__isnull=True)
    before = issuing_body(IssuingBody.Kind.PROVINCE_COMMITTEE, on=LAST_DAY, unit=province)
    after = issuing_body(IssuingBody.Kind.PROVINCE_COMMITTEE, on=FIRST_DAY, unit=province)
    assert (before.header_lines, before.place) == (
        ["ỦY BAN NHÂN DÂN", "TỈNH KIÊN GIANG"],
        "Kiên Giang",
    )
    assert (after.header_lines, after.place) == (["ỦY BAN NHÂN DÂN", "TỈNH AN GIANG"], "An Giang")
    assert after.certificate_heading == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG"
    assert issuing_body(IssuingBody.Kind.PROVINCE_COMMITTEE, on=FIRST_DAY) == after


def test_fifteen_district_committees_end_on_30_06_2025_with_a_clear_message():
    assert IssuingBody.objects.filter(kind=IssuingBody.Kind.DISTRICT_COMMITTEE).count() == 15
    vinh_thuan = Unit.objects.get(code="910")
    body = issuing_body(IssuingBody.Kind.DISTRICT_COMMITTEE, on=LAST_DAY, unit=vinh_thuan)
    assert body.place == "Vĩnh Thuận" and body.header_lines[1] == "HUYỆN VĨNH THUẬN"
    with pytest.raises(ValidationError) as refused:
        issuing_body(IssuingBody.Kind.DISTRICT_COMMITTEE, on=FIRST_DAY, unit=vinh_thuan)
    assert refused.value.messages == [
        "Không có cơ quan ban hành loại “UBND huyện” của Huyện Vĩnh Thuận vào ngày 01/07/2025 "
        "trong danh mục cơ quan ban hành."
    ]


def test_central_bodies_number_their_decisions_with_their_own_suffix():
    prime_minister = issuing_body(IssuingBody.Kind.PRIME_MINISTER, on=FIRST_DAY)
    president = issuing_body(IssuingBody.Kind.PRESIDENT, on=LAST_DAY)
    assert (prime_minister.number_suffix, president.number_suffix) == ("QĐ-TTg", "QĐ-CTN")
    assert prime_minister.signer_title(deputy=True) == "KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG"


def test_a_staff_correction_survives_a_second_load():
    from io import StringIO

    from django.core.management import call_command

    body = IssuingBody.objects.get(code="ubnd-910")
    body.place = "Vĩnh Thuận (sửa)"
    body.save()
    call_command("load_reference_data", stdout=StringIO())
    body.refresh_from_db()
    assert body.place == "Vĩnh Thuận (sửa)"
