"""The public page: search by name, filter by district, standard and state, totals; links to and
from the login page."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import certify
from tests.targets.reports.test_public_recognitions import (  # noqa: F401 — shared fixtures
    _one_rate_limit_window,
)

URL = reverse("targets:public_recognitions")


@pytest.fixture
def listed(db, settings):
    settings.NTM_PUBLIC_PAGE = True
    certify("910", "ntm", 2020, number="669/QĐ-TTg", issued_on=datetime.date(2022, 6, 2))
    certify("31060", "ntm", 2021, number="1007/QĐ-UBND")
    certify("31063", "ntm", 2021, number="1007/QĐ-UBND")
    certify(
        "30988",
        "ntm",
        2021,
        number="1008/QĐ-UBND",
        revoked_on=datetime.date(2023, 5, 1),
        revocation_number="1520/QĐ-UBND",
    )


def names(response):
    return [c.unit.code for c in response.context["commune_certifications"]]


def test_totals_count_recognitions_in_force_by_standard(client, listed):
    response = client.get(URL)
    assert response.context["listed_count"] == 4
    assert ("Đạt chuẩn nông thôn mới", 3) in response.context["totals"]
    assert "Tổng cộng 4 công nhận" in response.content.decode()


def test_search_without_diacritics_and_filters_narrow_the_list(client, listed):
    assert names(client.get(URL, {"q": "vinh binh bac"})) == ["31060"]
    assert sorted(names(client.get(URL, {"district": "910"}))) == ["31060", "31063"]
    assert names(client.get(URL, {"state": "revoked"})) == ["30988"]
    response = client.get(URL, {"district": "910", "standard": "ntm"})
    assert len(response.context["district_certifications"]) == 1
    assert "Kết quả tìm: 3 công nhận" in response.content.decode()


def test_login_page_and_public_page_link_to_each_other(client, listed):
    login = client.get(reverse("login")).content.decode()
    assert f'href="{URL}"' in login
    public = client.get(URL).content.decode()
    assert f'href="{reverse("login")}"' in public
