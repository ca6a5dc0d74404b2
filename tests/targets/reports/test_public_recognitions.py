import datetime

import django_ratelimit.core
import pytest
from django.urls import reverse

from tests.factories import certify
from units.models import Unit

URL = reverse("targets:public_recognitions")


@pytest.fixture(autouse=True)
def _one_rate_limit_window(monkeypatch):
    # One fixed window, so that no test straddles the end of a minute (conftest empties the cache).
    monkeypatch.setattr(django_ratelimit.core, "_get_window", lambda value, period: 0)


@pytest.fixture
def recognitions(db):
    commune = Unit.objects.get(code="910").children.rural_communes().order_by("code").first()
    certify("910", "ntm", 2020, number="669/QĐ-TTg", issued_on=datetime.date(2022, 6, 2))
    certify(commune.code, "ntm", 2021, number="1007/QĐ-UBND")
    revoked = Unit.objects.get(code="908").children.rural_communes().order_by("code").first()
    certify(
        revoked.code,
        "ntm",
        2021,
        number="1008/QĐ-UBND",
        revoked_on=datetime.date(2023, 5, 1),
        revocation_number="1520/QĐ-UBND",
    )
    return commune, revoked


def test_public_page_is_not_found_while_switched_off(client, settings, recognitions):
    settings.NTM_PUBLIC_PAGE = False
    assert client.get(URL).status_code == 404


def test_public_page_lists_recognitions_without_login_when_switched_on(
    client, settings, recognitions
):
    settings.NTM_PUBLIC_PAGE = True
    commune, revoked = recognitions
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "công khai, minh bạch" in html.lower()
    assert "Số 669/QĐ-TTg ngày 02/06/2022" in html
    assert "Số 1007/QĐ-UBND ngày 15/03/2022" in html
    assert commune.full_name in html and "Huyện Vĩnh Thuận" in html
    assert "Đạt chuẩn nông thôn mới" in html
    # A revoked recognition stays on the list, marked with its revocation.
    assert revoked.full_name in html
    assert "Đã thu hồi" in html
    assert "theo Quyết định số 1520/QĐ-UBND ngày 01/05/2023" in html
    assert [c.decision.number for c in response.context["district_certifications"]] == [
        "669/QĐ-TTg"
    ]
    assert "Đăng xuất" not in html


def test_public_page_query_count_does_not_grow_with_recognitions(
    client, settings, recognitions, django_assert_max_num_queries
):
    settings.NTM_PUBLIC_PAGE = True
    # The recognitions in one query, one for the search form's districts, the data version, and
    # on the first view of a version whether to show the demo-data banner (cached on it).
    with django_assert_max_num_queries(4):
        client.get(URL)
    for commune in Unit.objects.get(code="909").children.rural_communes():
        certify(commune.code, "ntm", 2022, number="300/QĐ-UBND")
    with django_assert_max_num_queries(4):
        response = client.get(URL)
    assert len(response.context["commune_certifications"]) > 5


def test_public_page_is_throttled_per_address_with_a_message_in_vietnamese(
    client, settings, recognitions
):
    settings.NTM_PUBLIC_PAGE = True
    for _ in range(60):
        assert client.get(URL, REMOTE_ADDR="203.0.113.5").status_code == 200
    response = client.get(URL, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429
    assert "quá nhiều yêu cầu" in response.content.decode()
    assert "669/QĐ-TTg" not in response.content.decode()
    assert client.get(URL, REMOTE_ADDR="203.0.113.6").status_code == 200
