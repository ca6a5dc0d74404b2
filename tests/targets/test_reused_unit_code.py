"""A unit code valid in two periods (reused after the 2025 reorganisation) never gives a 500: each
page of that code addresses the unit valid in the year asked, or the latest, and links to the
other."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import certify, unit
from units.models import Unit

pytestmark = pytest.mark.django_db

LATER = datetime.date(2025, 7, 1)


@pytest.fixture
def reused(db):
    certify("31060", "ntm", 2021, number="10/QĐ-UBND")
    province = unit("91")
    district = Unit.objects.create(
        code="910",
        name="Vĩnh Thuận Mới",
        level=Unit.Level.DISTRICT,
        kind=Unit.Kind.HUYEN,
        parent=province,
        valid_from=LATER,
    )
    commune = Unit.objects.create(
        code="31060",
        name="Vĩnh Bình",
        level=Unit.Level.COMMUNE,
        kind=Unit.Kind.XA,
        parent=district,
        valid_from=LATER,
    )
    return district, commune


def test_every_page_of_a_reused_code_answers(client, province_staff, reused):
    client.force_login(province_staff)
    urls = [
        reverse("units:unit_detail", args=["910"]),
        reverse("units:unit_detail", args=["910"]) + "?year=2024",
        reverse("units:unit_detail", args=["31060"]),
        reverse("units:unit_detail", args=["31060"]) + "?year=2024",
        reverse("units:unit_contact", args=["910"]),
        reverse("units:unit_contact", args=["31060"]) + "?year=2024",
        reverse("targets:district_progress", args=["910"]),
        reverse("targets:district_progress", args=["910"]) + "?year=2023",
        reverse("targets:status_edit", args=["31060", 2024]),
        reverse("targets:certification_list") + "?q=31060",
        reverse("units:unit_list") + "?q=910",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_page_shows_the_unit_of_the_year_asked_and_links_to_the_other(
    client, province_staff, reused
):
    client.force_login(province_staff)
    latest = client.get(reverse("units:unit_detail", args=["31060"]))
    assert latest.context["object"] == reused[1]
    assert 'href="/units/31060/?year=2025"' in latest.content.decode()
    earlier = client.get(reverse("units:unit_detail", args=["31060"]), {"year": "2024"})
    assert earlier.context["object"].name == "Vĩnh Bình Bắc"
    assert "Mã 31060 cũng là mã của" in earlier.content.decode()
    assert 'href="/units/31060/"' in earlier.content.decode()
    district_page = client.get(reverse("targets:district_progress", args=["910"]), {"year": 2023})
    assert district_page.context["district"].name == "Vĩnh Thuận"
