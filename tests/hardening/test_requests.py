"""Finding 8 and 9 of issue #10: a NUL byte in the address is a 400 in Vietnamese, a server error
shows a Vietnamese page, a refusal (403) is one log line without a traceback, and submitted texts
lose their bidirectional controls and cannot be megabytes long."""

import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from units.models import Unit

PAGES = [
    "/",
    "/units/",
    "/certifications/",
    "/status/",
    "/dashboard/",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_nul_byte_in_the_query_string_is_a_vietnamese_400(client, province_staff, url):
    client.force_login(province_staff)
    response = client.get(url + "?q=%00&unit=%00")
    assert response.status_code == 400
    assert "ký tự không hợp lệ" in response.content.decode()


def test_a_nul_byte_in_the_path_is_a_vietnamese_400(client, province_staff):
    client.force_login(province_staff)
    response = client.get("/units/910%00/")
    assert response.status_code == 400
    assert "ký tự không hợp lệ" in response.content.decode()


def test_the_server_error_page_is_in_vietnamese():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Đã xảy ra lỗi ở máy chủ" in page and 'lang="vi"' in page


def test_a_refusal_is_logged_once_at_warning_without_a_traceback(client, officer, caplog):
    client.force_login(officer)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("units:unit_contact", args=["908"]))
    assert response.status_code == 403
    records = [record for record in caplog.records if record.name == "django.request"]
    assert records and all(record.levelno == logging.WARNING for record in records)
    assert all(record.exc_info is None for record in records)


def test_right_to_left_overrides_are_removed_from_what_is_stored(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("units:unit_contact", args=["910"]),
        {
            "contact_person": "Nguyễn Văn\u202e An\u2066",
            "contact_phone": "0297 3 861 234",
            "contact_email": "",
        },
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="910").contact_person == "Nguyễn Văn An"


def test_a_text_of_megabytes_is_refused_with_a_message(client, officer):
    client.force_login(officer)
    before = Unit.objects.get(code="910").contact_person
    response = client.post(
        reverse("units:unit_contact", args=["910"]),
        {"contact_person": "A" * 1_000_000, "contact_phone": "", "contact_email": ""},
    )
    assert response.status_code == 400
    assert "Nội dung ô “contact_person” dài quá 20.000 ký tự" in response.content.decode()
    assert Unit.objects.get(code="910").contact_person == before
