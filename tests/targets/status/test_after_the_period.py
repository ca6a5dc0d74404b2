"""After the period (units valid until 30/06/2025; today is later): the portal is the record of
the period, so years default to 2025 and nothing leads to a year without communes."""

import datetime

from django.urls import reverse
from django.utils import timezone

from targets.forms.commune_status import last_status_year
from tests.factories import commune_status

VINH_BINH_BAC = "31060"


def test_the_reference_units_ended_before_today(db):
    from units.models import Unit

    commune = Unit.objects.get(code=VINH_BINH_BAC)
    assert commune.valid_to == datetime.date(2025, 6, 30)
    assert timezone.localdate() > commune.valid_to
    assert last_status_year() == 2025
    assert last_status_year(commune) == 2025


def test_commune_page_offers_to_enter_the_last_year_with_the_commune(client, officer):
    commune_status(VINH_BINH_BAC, 2024, met=17)
    client.force_login(officer)
    page = client.get(reverse("units:unit_detail", args=[VINH_BINH_BAC])).content.decode()
    assert "Nhập kết quả năm 2025" in page
    assert reverse("targets:status_edit", args=[VINH_BINH_BAC, 2025]) in page
    assert "năm 2026" not in page


def test_criteria_form_links_no_year_after_the_period(client, officer):
    commune_status(VINH_BINH_BAC, 2024, met=17)
    client.force_login(officer)
    page = client.get(reverse("targets:status_edit", args=[VINH_BINH_BAC, 2024])).content.decode()
    assert "thêm năm 2025" in page
    assert "thêm năm 2026" not in page


def test_a_year_without_communes_says_why_in_vietnamese(client, officer):
    client.force_login(officer)
    response = client.get(reverse("targets:status_edit", args=[VINH_BINH_BAC, 2026]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "2026" in page and "2025" in page
    assert "bị xóa" not in page


def test_start_form_and_appraisal_form_default_to_2025(client, officer):
    client.force_login(officer)
    start = client.get(reverse("targets:status_list")).context["start_form"]
    assert start["year"].value() == 2025
    appraisal = client.get(reverse("targets:appraisal_create")).context["form"]
    assert appraisal["standard_year"].value() == 2025
    response = client.get(reverse("targets:status_start"), {"commune": VINH_BINH_BAC, "year": 2025})
    assert response.status_code == 302
    assert response["Location"] == reverse("targets:status_edit", args=[VINH_BINH_BAC, 2025])
