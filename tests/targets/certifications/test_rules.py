"""Each recognition rule of DOMAIN.md, refused through the recording page with its message."""

import datetime

import pytest

from targets.models import Certification, Decision
from tests.factories import certify, decision

from .helpers import CREATE_URL, page_text, record_data


@pytest.fixture
def staff_client(client, province_staff):
    client.force_login(province_staff)
    return client


def refused(client, data, message):
    """Post the form, expect the page back with the message and nothing new in the database."""
    decisions, certifications = Decision.objects.count(), Certification.objects.count()
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert Decision.objects.count() == decisions
    assert Certification.objects.count() == certifications
    return response


def recorded_with_warning(client, data, message):
    """Post the form, expect the recognition saved and the warning shown on the next page."""
    certifications = Certification.objects.count()
    response = client.post(CREATE_URL, data, follow=True)
    assert response.redirect_chain, "the form was refused"
    assert message in page_text(response)
    assert Certification.objects.count() == certifications + 1
    return response


# A higher standard without its lower one on the register is true and incomplete (a commune
# recognised advanced was NTM): recorded with a warning and flagged, never refused (#19). These
# two tests asserted a refusal before.


def test_advanced_without_ntm_on_the_register_is_recorded_and_flagged(staff_client):
    recorded_with_warning(
        staff_client,
        record_data([("31060", "advanced", 2022)], issued_on="10/02/2023"),
        "Xã Vĩnh Bình Bắc chưa có công nhận đạt chuẩn nông thôn mới trong sổ: công nhận "
        "đạt chuẩn NTM nâng cao vẫn được ghi, được tính cả cho đạt chuẩn nông thôn mới từ cùng "
        "năm, và đánh dấu “thiếu QĐ chuẩn thấp hơn”",
    )


def test_advanced_on_an_earlier_ntm_is_accepted(staff_client):
    certify("31060", "ntm", 2021, number="100/QĐ-UBND", issued_on=datetime.date(2022, 3, 1))
    data = record_data([("31060", "advanced", 2022)], number="200/QĐ-UBND", issued_on="10/02/2023")
    response = staff_client.post(CREATE_URL, data, follow=True)
    assert Certification.objects.filter(unit__code="31060", standard="advanced").exists()
    assert "thiếu QĐ chuẩn thấp hơn" not in page_text(response)


def test_model_without_advanced_on_the_register_is_recorded_and_flagged(staff_client):
    certify("31060", "ntm", 2021, number="100/QĐ-UBND", issued_on=datetime.date(2022, 3, 1))
    recorded_with_warning(
        staff_client,
        record_data([("31060", "model", 2022)], number="200/QĐ-UBND", issued_on="10/02/2023"),
        "Xã Vĩnh Bình Bắc chưa có công nhận đạt chuẩn NTM nâng cao trong sổ",
    )


def test_a_revoked_ntm_does_not_carry_advanced(staff_client):
    # The register shows the NTM revoked, not missing: that contradicts an advanced recognition.
    certify("31060", "ntm", 2021, number="100/QĐ-UBND", issued_on=datetime.date(2022, 3, 1))
    Certification.objects.get().revoke(
        number="300/QĐ-UBND", on=datetime.date(2022, 9, 1), reason="Không duy trì tiêu chí"
    )
    refused(
        staff_client,
        record_data([("31060", "advanced", 2022)], number="200/QĐ-UBND", issued_on="10/02/2023"),
        "Xã Vĩnh Bình Bắc chưa có công nhận đạt chuẩn nông thôn mới còn hiệu lực: công nhận đó "
        "đã bị thu hồi ngày 01/09/2022 (300/QĐ-UBND) và chưa được công nhận lại, nên chưa thể "
        "công nhận đạt chuẩn NTM nâng cao.",
    )


def test_completed_is_only_for_provincial_cities(staff_client):
    refused(
        staff_client,
        record_data([("31060", "completed", 2021)]),
        "“Hoàn thành nhiệm vụ xây dựng NTM” chỉ dành cho thành phố thuộc tỉnh và thị xã; "
        "Xã Vĩnh Bình Bắc",
    )
    refused(
        staff_client,
        record_data([("910", "completed", 2020)], number="669/QĐ-TTg"),
        "chỉ dành cho thành phố thuộc tỉnh và thị xã; Huyện Vĩnh Thuận",
    )


def test_a_provincial_city_gets_completed_not_ntm(staff_client):
    refused(
        staff_client,
        record_data([("900", "ntm", 2020)], number="671/QĐ-TTg"),
        "Thành phố Hà Tiên là thành phố thuộc tỉnh: được công nhận “hoàn thành nhiệm vụ xây dựng "
        "NTM”, không công nhận đạt chuẩn nông thôn mới.",
    )
    data = record_data([("900", "completed", 2020)], number="671/QĐ-TTg", confirmed="on")
    assert staff_client.post(CREATE_URL, data).status_code == 302
    assert Certification.objects.get().unit.code == "900"


def test_a_rural_district_can_be_recognised_ntm_and_advanced(staff_client):
    data = record_data(
        [("910", "ntm", 2020), ("910", "advanced", 2021)], number="669/QĐ-TTg", confirmed="on"
    )
    assert staff_client.post(CREATE_URL, data).status_code == 302
    assert set(Certification.objects.values_list("standard", flat=True)) == {"ntm", "advanced"}


def test_a_second_active_certification_for_the_same_standard_shows_the_message(staff_client):
    certify("31060", "ntm", 2021, number="100/QĐ-UBND", issued_on=datetime.date(2022, 3, 1))
    refused(
        staff_client,
        record_data([("31060", "ntm", 2022)], number="200/QĐ-UBND", issued_on="10/02/2023"),
        "Dòng 1: Đơn vị này đang có một công nhận còn hiệu lực cho chuẩn này.",
    )


def test_the_same_unit_and_standard_twice_in_one_form_is_refused(staff_client):
    refused(
        staff_client,
        record_data([("31060", "ntm", 2021), ("31060", "ntm", 2021)]),
        "Đơn vị này đang có một công nhận còn hiệu lực cho chuẩn này.",
    )


def test_after_a_revocation_the_unit_can_be_recognised_again(staff_client):
    certify("31060", "ntm", 2021, number="100/QĐ-UBND", issued_on=datetime.date(2022, 3, 1))
    Certification.objects.get().revoke(
        number="300/QĐ-UBND", on=datetime.date(2022, 9, 1), reason="Không duy trì tiêu chí"
    )
    data = record_data([("31060", "ntm", 2023)], number="400/QĐ-UBND", issued_on="05/01/2024")
    assert staff_client.post(CREATE_URL, data).status_code == 302
    assert Certification.objects.filter(unit__code="31060").count() == 2


def test_decision_date_in_the_future_is_refused(staff_client):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    refused(
        staff_client,
        record_data([("31060", "ntm", 2021)], issued_on=f"{tomorrow:%d/%m/%Y}"),
        f"Ngày quyết định {tomorrow:%d/%m/%Y} ở tương lai.",
    )


def test_decision_date_before_the_standard_year_is_refused(staff_client):
    refused(
        staff_client,
        record_data([("31060", "ntm", 2023)], issued_on="02/06/2022"),
        "Dòng 1: Ngày quyết định 02/06/2022 trước năm đạt chuẩn 2023.",
    )


def test_the_unit_must_be_valid_on_the_decision_date(staff_client):
    # The Kiên Giang communes ended on 30/06/2025, when the district level was abolished.
    refused(
        staff_client,
        record_data([("31060", "ntm", 2025)], issued_on="01/07/2025"),
        # The form says so before the model does (targets/forms/certifications.py ceased_message),
        # naming the successor of the lineage (fixtures/unit_lineage_kien_giang_2025.csv).
        "Dòng 1: Xã Vĩnh Bình Bắc đã sáp nhập vào Xã Vĩnh Bình (31064) từ 01/07/2025: quyết "
        "định ngày 01/07/2025 phải ghi đơn vị mới.",
    )


def test_a_date_typed_wrongly_names_the_field(staff_client):
    response = refused(
        staff_client, record_data([("31060", "ntm", 2021)], issued_on="31/02/2022"), "Chưa lưu gì"
    )
    assert 'value="31/02/2022"' in page_text(response)
    assert list(response.context["form"].decision_form.errors) == ["issued_on"]


@pytest.mark.parametrize("number", ["1007/QD-UBND", "QĐ-UBND", "1007 QĐ-UBND", "0/QĐ-UBND"])
def test_decision_numbers_must_have_the_official_shape(staff_client, number):
    refused(
        staff_client,
        record_data([("31060", "ntm", 2021)], number=number),
        f"Số quyết định “{number}” không đúng mẫu: số/QĐ-cơ quan, ví dụ 669/QĐ-TTg hoặc 1007/QĐ-UBND.",
    )


def test_decision_numbers_are_unique_per_issuer_and_year(staff_client):
    decision("1007/QĐ-UBND", datetime.date(2022, 3, 15))
    refused(
        staff_client,
        record_data([("31060", "ntm", 2021)], number="1007/QĐ-UBND", issued_on="20/12/2022"),
        "Quyết định 1007/QĐ-UBND đã được ghi với ngày 15/03/2022, khác ngày 20/12/2022 vừa nhập",
    )
    # The same number in another year is another decision.
    data = record_data([("31060", "ntm", 2022)], number="1007/QĐ-UBND", issued_on="20/01/2023")
    assert staff_client.post(CREATE_URL, data).status_code == 302
    assert Decision.objects.filter(number="1007/QĐ-UBND").count() == 2


def test_prime_minister_decisions_are_numbered_qd_ttg(staff_client):
    refused(
        staff_client,
        record_data([("910", "ntm", 2020)], number="669/QĐ-UBND"),
        "Quyết định của Thủ tướng phải có số dạng …/QĐ-TTg (đang ghi “669/QĐ-UBND”).",
    )
