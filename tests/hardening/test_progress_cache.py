"""Finding 5 of issue #10: progress numbers and the report PDF are cached until the data they
come from changes (a data version, not a timer), and new PDFs are throttled per person."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import ntm_portal.lib.pdf
from ntm_portal.lib import data_version
from tests.factories import certify
from units.models import Unit

DASHBOARD = reverse("targets:dashboard")
JSON = reverse("targets:progress_json")
PDF = reverse("targets:progress_report_pdf")


def communes_of(code):
    return list(Unit.objects.get(code=code).children.rural_communes().order_by("code"))


def recognised(response):
    return {item["key"]: item["achieved"] for item in response.json()["indicators"]}


def test_progress_is_computed_once_until_the_data_changes(client, leadership):
    client.force_login(leadership)
    with CaptureQueriesContext(connection) as first:
        before = client.get(JSON, {"year": 2024}).json()
    with CaptureQueriesContext(connection) as second:
        again = client.get(JSON, {"year": 2024}).json()
    assert again == before
    assert len(second) < len(first)
    for commune in communes_of("910")[:3]:
        certify(commune.code, "ntm", 2022, number="300/QĐ-UBND")
    after = client.get(JSON, {"year": 2024}).json()
    assert after != before


def dashboard(client):
    page = client.get(DASHBOARD, {"year": 2024}).content.decode()
    return re.sub(r'name="(csrfmiddlewaretoken|form_token)" value="[^"]+"', "", page)


def test_the_dashboard_is_served_from_the_cache_and_refreshed_by_a_write(client, leadership):
    client.force_login(leadership)
    with CaptureQueriesContext(connection) as first:
        page = dashboard(client)
    with CaptureQueriesContext(connection) as second:
        assert dashboard(client) == page
    assert len(second) < len(first)
    certify(communes_of("908")[0].code, "ntm", 2022, number="301/QĐ-UBND")
    assert dashboard(client) != page


def test_the_version_moves_after_a_commit_and_not_after_a_rollback(
    db, django_capture_on_commit_callbacks
):
    from django.db import transaction

    start = data_version.current()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        certify(communes_of("910")[0].code, "ntm", 2022, number="302/QĐ-UBND")
        certify(communes_of("910")[1].code, "ntm", 2022, number="302/QĐ-UBND")
    assert len(callbacks) == 1  # one bump for the whole transaction
    moved = data_version.current()
    assert moved != start
    try:
        with transaction.atomic():
            certify(communes_of("910")[2].code, "ntm", 2022, number="303/QĐ-UBND")
            raise RuntimeError
    except RuntimeError:
        pass
    assert data_version.current() == moved


@pytest.fixture
def count_renders(monkeypatch):
    renders = []
    real = ntm_portal.lib.pdf.render_pdf

    def counting(*args, **kwargs):
        renders.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(ntm_portal.lib.pdf, "render_pdf", counting)
    return renders


def test_the_report_pdf_is_rendered_once_per_data_version(client, leadership, count_renders):
    client.force_login(leadership)
    first = client.get(PDF, {"year": 2024})
    second = client.get(PDF, {"year": 2024})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and len(count_renders) == 1
    assert second["Cache-Control"] == "private, no-store"
    certify(communes_of("910")[0].code, "ntm", 2022, number="304/QĐ-UBND")
    assert client.get(PDF, {"year": 2024}).status_code == 200
    assert len(count_renders) == 2


def test_new_pdfs_are_throttled_per_person(client, leadership, province_staff, monkeypatch):
    import django_ratelimit.core

    monkeypatch.setattr(django_ratelimit.core, "_get_window", lambda value, period: 0)
    monkeypatch.setattr(ntm_portal.lib.pdf, "render_pdf", lambda *a, **k: b"%PDF-1.7 thu")
    client.force_login(leadership)
    asked = [(year, basis) for basis in ("standard", "decision") for year in range(2021, 2026)]
    for year, basis in asked[:6]:
        assert client.get(PDF, {"year": year, "basis": basis}).status_code == 200
    refused = client.get(PDF, {"year": 2022, "basis": "decision"})
    assert refused.status_code == 429
    assert "chờ một phút" in refused.content.decode()
    # A report already made is still served, and another person is not held back.
    assert client.get(PDF, {"year": 2021, "basis": "decision"}).status_code == 200
    client.force_login(province_staff)
    assert client.get(PDF, {"year": 2022, "basis": "decision"}).status_code == 200


def test_the_certification_list_is_cached_until_a_write(client, province_staff):
    client.force_login(province_staff)
    url = reverse("targets:certification_list")
    before = client.get(url).content.decode()
    assert "Vĩnh Bình Bắc" not in before
    assert client.get(url).content.decode().count("<tr") == before.count("<tr")
    certify("31060", "ntm", 2022, number="305/QĐ-UBND")
    after = client.get(url).content.decode()
    assert "305/QĐ-UBND" in after and "Vĩnh Bình Bắc" in after
    # Another filter is another fragment.
    assert "305/QĐ-UBND" not in client.get(url, {"q": "Tây Yên"}).content.decode()


def test_the_dashboard_sections_follow_a_write_at_once(client, leadership):
    client.force_login(leadership)

    def shares():
        return re.findall(r"<span data-share>([^<]+)</span>", dashboard(client))

    first = shares()
    assert first and shares() == first
    for commune in communes_of("910")[:4]:
        certify(commune.code, "ntm", 2022, number="306/QĐ-UBND")
    assert shares() != first
