import datetime

from django.urls import reverse

from targets.models import Certification, Decision, Issuer
from tests.conftest import status_as
from tests.factories import certify, decision, unit

from .helpers import CREATE_URL, page_text, record_data


def test_recording_page_ladder_only_province_staff_and_administrators_record(client, cast):
    data = record_data([("31060", "ntm", 2021)])
    assert status_as(client, None, "get", CREATE_URL)[0] == 302
    assert status_as(client, None, "post", CREATE_URL, data)[0] == 302
    for name in ("officer", "other_officer", "leadership"):
        assert status_as(client, cast[name], "get", CREATE_URL)[0] == 403
        assert status_as(client, cast[name], "post", CREATE_URL, data)[0] == 403
    assert not Decision.objects.exists()
    assert status_as(client, cast["province_staff"], "get", CREATE_URL)[0] == 200
    assert status_as(client, cast["administrator"], "get", CREATE_URL)[0] == 200
    assert status_as(client, cast["province_staff"], "post", CREATE_URL, data)[0] == 302
    assert Certification.objects.get().unit.code == "31060"


def test_staff_record_one_decision_recognising_several_communes(client, province_staff):
    client.force_login(province_staff)
    data = record_data(
        [("31060", "ntm", 2021), ("31063", "ntm", 2021), ("31064", "ntm", 2021)],
        number="1007/QĐ-UBND",
        issued_on="15/03/2022",
        notes="Đợt 1",
    )
    response = client.post(CREATE_URL, data)
    recorded = Decision.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("targets:decision_detail", args=[recorded.pk])
    assert recorded.issued_on == datetime.date(2022, 3, 15)
    assert recorded.year == 2022
    assert recorded.issuer == Issuer.PROVINCE_CHAIRMAN
    assert recorded.signer == "Lâm Minh Thành"
    certifications = recorded.certifications.order_by("unit__code")
    assert [c.unit.code for c in certifications] == ["31060", "31063", "31064"]
    assert all(c.created_by == province_staff for c in certifications)
    assert certifications[0].history.first().history_user == province_staff


def test_default_issuer_is_the_prime_minister_for_district_level_units(client, province_staff):
    client.force_login(province_staff)
    data = record_data(
        [("910", "ntm", 2020)], number="669/QĐ-TTg", issued_on="02/06/2022", confirmed="on"
    )
    assert client.post(CREATE_URL, data).status_code == 302
    assert Decision.objects.get().issuer == Issuer.PRIME_MINISTER


def test_issuer_must_be_chosen_when_a_decision_mixes_communes_and_districts(client, province_staff):
    client.force_login(province_staff)
    data = record_data([("910", "ntm", 2020), ("31060", "ntm", 2020)], number="5/QĐ-UBND")
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert "Hãy chọn cấp quyết định" in page_text(response)
    assert not Decision.objects.exists()


def test_ntm_and_advanced_for_one_commune_in_the_same_decision_saves_the_lower_first(
    client, province_staff
):
    client.force_login(province_staff)
    # The advanced row comes first on the page; NTM must still be saved before it.
    data = record_data(
        [("31060", "advanced", 2022), ("31060", "ntm", 2022)], issued_on="10/02/2023"
    )
    assert client.post(CREATE_URL, data).status_code == 302
    saved = Certification.objects.filter(unit__code="31060").order_by("pk")
    assert [c.standard for c in saved] == ["ntm", "advanced"]


def test_add_a_unit_to_an_existing_decision(client, province_staff):
    existing = certify("31060", number="1007/QĐ-UBND", issued_on=datetime.date(2022, 3, 15))
    client.force_login(province_staff)
    page = client.get(f"{CREATE_URL}?decision={existing.decision_id}")
    assert f'<option value="{existing.decision_id}" selected' in page_text(page)
    data = record_data(
        [("31063", "ntm", 2021)], number="", issued_on="", existing=existing.decision_id
    )
    assert client.post(CREATE_URL, data).status_code == 302
    assert Decision.objects.count() == 1
    assert existing.decision.certifications.count() == 2


def test_an_error_on_one_row_writes_nothing_and_keeps_the_input(client, province_staff):
    client.force_login(province_staff)
    data = record_data(
        # Row 2 cannot be true (a commune is never "completed"); a model commune without its
        # advanced decision was the refused row before #19 and is now recorded with a warning.
        [("31060", "ntm", 2021), ("31063", "completed", 2021)],
        number="1007/QĐ-UBND",
        signer="Ông Ký",
    )
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    page = page_text(response)
    assert (
        "Dòng 2: “Hoàn thành nhiệm vụ xây dựng NTM” chỉ dành cho thành phố thuộc tỉnh và thị xã; "
        "Xã Vĩnh Bình Nam" in page
    )
    assert "Chưa lưu gì" in page
    assert 'value="1007/QĐ-UBND"' in page
    assert 'value="Ông Ký"' in page
    assert f'<option value="{unit("31063").pk}" selected' in page
    assert not Decision.objects.exists()
    assert not Certification.objects.exists()


def test_a_unit_chosen_on_its_page_is_preselected(client, province_staff):
    client.force_login(province_staff)
    page = page_text(client.get(f"{CREATE_URL}?unit={unit('31060').pk}"))
    assert f'<option value="{unit("31060").pk}" selected' in page


def test_a_decision_with_no_unit_is_refused(client, province_staff):
    client.force_login(province_staff)
    response = client.post(CREATE_URL, record_data([]))
    assert response.status_code == 200
    assert not Decision.objects.exists()


def test_picked_decision_is_reused_even_if_new_decision_fields_are_filled(client, province_staff):
    existing = decision("1007/QĐ-UBND", datetime.date(2022, 3, 15))
    client.force_login(province_staff)
    data = record_data([("31060", "ntm", 2021)], number="9/QĐ-UBND", existing=existing.pk)
    assert client.post(CREATE_URL, data).status_code == 302
    assert list(Decision.objects.values_list("number", flat=True)) == ["1007/QĐ-UBND"]


def test_blank_rows_are_sent_blank_by_the_browser_and_skipped(client, province_staff):
    client.force_login(province_staff)
    page = page_text(client.get(CREATE_URL))
    # Every row starts with a blank unit and a blank standard, so untouched rows stay empty.
    assert page.count('<option value="" selected>—</option>') == 4
    assert page.count('<option value="" selected>— chọn đơn vị —</option>') == 4
