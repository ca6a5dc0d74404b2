"""Who recognises what (QĐ 18/2022/QĐ-TTg, DOMAIN.md), and one path for every recognition: the
recording form, the appraisal's decide step and the import refuse the same bad recognition with
the same message."""

import datetime

import pytest
from django.urls import reverse

from targets.imports.engine import run_import
from targets.models import AppraisalRequest, Certification, Decision
from targets.services import submit_appraisal
from tests.factories import certify, commune_status, decision, unit
from tests.targets.imports.files import CERTIFICATION_HEADERS, certification_row, csv_bytes
from units.models import Unit

from .helpers import CREATE_URL, page_text, record_data

COMMUNE_BY_PRIME_MINISTER = (
    "Xã Vĩnh Bình Bắc được công nhận bởi Chủ tịch UBND tỉnh (số quyết định dạng …/QĐ-UBND); "
    "quyết định 1007/QĐ-TTg là của Thủ tướng Chính phủ."
)


@pytest.fixture
def staff_client(client, province_staff):
    client.force_login(province_staff)
    return client


def refused(client, data, message):
    decisions, certifications = Decision.objects.count(), Certification.objects.count()
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert (Decision.objects.count(), Certification.objects.count()) == (decisions, certifications)
    return response


def import_rows(rows):
    return run_import(
        "certifications", csv_bytes(CERTIFICATION_HEADERS, rows), "f.csv", commit=True
    )


def thi_xa():
    return Unit.objects.create(
        code="999",
        name="Thử Nghiệm",
        level=Unit.Level.DISTRICT,
        kind=Unit.Kind.THI_XA,
        parent=unit("91"),
    )


def test_a_commune_is_recognised_by_the_provincial_chairman(staff_client):
    refused(
        staff_client,
        record_data([("31060", "ntm", 2021)], number="1007/QĐ-TTg", issuer="ttg"),
        f"Dòng 1: {COMMUNE_BY_PRIME_MINISTER}",
    )


def test_a_district_is_recognised_by_the_prime_minister(staff_client):
    refused(
        staff_client,
        record_data([("910", "ntm", 2020)], number="669/QĐ-UBND", issuer="ct_ubnd_tinh"),
        "Dòng 1: Huyện Vĩnh Thuận được công nhận bởi Thủ tướng Chính phủ (số quyết định dạng "
        "…/QĐ-TTg); quyết định 669/QĐ-UBND là của Chủ tịch UBND tỉnh.",
    )


def test_the_number_suffix_must_name_the_issuer(staff_client):
    refused(
        staff_client,
        record_data([("31060", "ntm", 2021)], number="1007/QĐ-TTg", issuer="ct_ubnd_tinh"),
        "Quyết định của Chủ tịch UBND tỉnh phải có số dạng …/QĐ-UBND (đang ghi “1007/QĐ-TTg”).",
    )


def test_a_number_cannot_stand_under_another_issuer(staff_client):
    decision("1007/QĐ-UBND", datetime.date(2022, 6, 2))
    refused(
        staff_client,
        record_data([("31060", "ntm", 2021)], number="1007/QĐ-UBND", issuer="other"),
        "Số “1007/QĐ-UBND” là số quyết định của Chủ tịch UBND tỉnh; hãy chọn cấp quyết định "
        "“Chủ tịch UBND tỉnh”.",
    )
    assert Decision.objects.filter(number="1007/QĐ-UBND").count() == 1


def test_a_revocation_comes_from_the_issuer_of_the_recognition(db):
    certification = certify("31060", "ntm", 2021, number="100/QĐ-UBND")
    with pytest.raises(Exception) as refusal:
        certification.revoke(
            number="5/QĐ-TTg", on=datetime.date(2023, 1, 5), reason="Không duy trì tiêu chí"
        )
    assert refusal.value.message_dict["revocation_number"] == [
        "Công nhận này do Chủ tịch UBND tỉnh quyết định, nên quyết định thu hồi cũng của Chủ tịch "
        "UBND tỉnh, số dạng …/QĐ-UBND (đang ghi “5/QĐ-TTg”)."
    ]
    certification.refresh_from_db()
    assert not certification.is_revoked


def test_a_thi_xa_completes_the_task_and_is_never_ntm(staff_client):
    town = thi_xa()
    refused(
        staff_client,
        record_data([(town.code, "ntm", 2021)], number="80/QĐ-TTg", confirmed="on"),
        "Thị xã Thử Nghiệm là thị xã: được công nhận “hoàn thành nhiệm vụ xây dựng NTM”, không "
        "công nhận đạt chuẩn nông thôn mới.",
    )
    data = record_data([(town.code, "completed", 2021)], number="80/QĐ-TTg")
    assert staff_client.post(CREATE_URL, data).status_code == 302
    assert Certification.objects.get().unit == town
    assert Decision.objects.get().issuer == "ttg"


def test_a_thi_xa_is_recognised_by_the_prime_minister(staff_client):
    town = thi_xa()
    refused(
        staff_client,
        record_data([(town.code, "completed", 2021)], number="80/QĐ-UBND", issuer="ct_ubnd_tinh"),
        "Thị xã Thử Nghiệm được công nhận bởi Thủ tướng Chính phủ",
    )


def test_district_ntm_while_communes_are_not_needs_confirmation_and_keeps_a_warning(
    staff_client,
):
    for code in ["31060", "31063"]:
        certify(code, "ntm", 2019, number="50/QĐ-UBND", issued_on=datetime.date(2020, 3, 2))
    data = record_data([("910", "ntm", 2020)], number="669/QĐ-TTg")
    response = refused(staff_client, data, "Khi ghi nhận, sổ công nhận còn 5 xã của Huyện Vĩnh")
    assert "QĐ 320/QĐ-TTg yêu cầu tất cả các xã đạt chuẩn" in page_text(response)
    assert "Vĩnh Bình Bắc" not in page_text(response).split("Khi ghi nhận")[1].split(";")[0]
    response = staff_client.post(CREATE_URL, {**data, "confirmed": "on"}, follow=True)
    district_ntm = Certification.objects.get(unit__code="910")
    assert district_ntm.warning.startswith("Khi ghi nhận, sổ công nhận còn 5 xã của Huyện Vĩnh")
    assert district_ntm.warning in page_text(response)


def test_district_ntm_with_every_commune_ntm_needs_no_confirmation(staff_client):
    communes = (
        Unit.objects.filter(parent__code="910").rural_communes().valid_on(datetime.date(2022, 6, 2))
    )
    for commune in communes:
        certify(commune.code, "ntm", 2019, number="50/QĐ-UBND", issued_on=datetime.date(2020, 3, 2))
    data = record_data([("910", "ntm", 2020)], number="669/QĐ-TTg")
    assert staff_client.post(CREATE_URL, data).status_code == 302
    assert Certification.objects.get(unit__code="910").warning == ""


def test_form_decide_step_and_import_refuse_the_same_recognition_alike(
    staff_client, officer, province_staff
):
    # The recording form.
    refused(
        staff_client,
        record_data([("31060", "ntm", 2021)], number="1007/QĐ-TTg", issuer="ttg"),
        COMMUNE_BY_PRIME_MINISTER,
    )
    # The import, in the column of the field the error is about.
    report = import_rows([certification_row(number="1007/QĐ-TTg", issuer="Thủ tướng Chính phủ")])
    assert report.errors == [f"Dòng 2, cột “Cấp quyết định”: {COMMUNE_BY_PRIME_MINISTER}"]
    # The appraisal's decide step.
    commune_status("31060", 2021, met=19)
    request = submit_appraisal(
        commune=unit("31060"),
        standard="ntm",
        standard_year=2021,
        submission_number="45/TTr-UBND",
        by=officer,
    )
    request.receive(by=province_staff)
    AppraisalRequest.objects.get(pk=request.pk).appraise(by=province_staff, passed=True)
    response = staff_client.post(
        reverse("targets:appraisal_decide", args=[request.pk]),
        {
            "decide-number": "1007/QĐ-TTg",
            "decide-issued_on": "15/03/2022",
            "decide-issuer": "ttg",
            "decide-signer": "",
            "decide-notes": "",
        },
    )
    assert COMMUNE_BY_PRIME_MINISTER in page_text(response)
    assert not Certification.objects.exists()
    assert not Decision.objects.exists()
