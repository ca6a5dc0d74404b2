import datetime

import pytest
from django.urls import reverse

from targets.models import Certification
from tests.conftest import status_as
from tests.factories import certify, commune_status
from units.models import Unit

from .helpers import page_text

LIST_URL = reverse("targets:certification_list")


def units_shown(response):
    return [c.unit.code for c in response.context["object_list"]]


@pytest.fixture
def register(db):
    """Vĩnh Thuận (669/QĐ-TTg), Hà Tiên (671/QĐ-TTg), and communes of two districts."""
    certify("910", "ntm", 2020, number="669/QĐ-TTg", issued_on=datetime.date(2022, 6, 2))
    certify("900", "completed", 2020, number="671/QĐ-TTg", issued_on=datetime.date(2022, 6, 2))
    for code in ("31063", "31060", "31064"):
        certify(code, "ntm", 2021, number="1007/QĐ-UBND", issued_on=datetime.date(2022, 3, 15))
    certify("31060", "advanced", 2022, number="300/QĐ-UBND", issued_on=datetime.date(2023, 2, 1))
    revoked = certify(
        "31006", "ntm", 2021, number="1007/QĐ-UBND", issued_on=datetime.date(2022, 3, 15)
    )
    revoked.revoke(number="500/QĐ-UBND", on=datetime.date(2023, 5, 1), reason="Không duy trì")


def test_list_ladder_everyone_with_a_role_reads_the_register(client, cast, unassigned):
    assert status_as(client, None, "get", LIST_URL)[0] == 302
    assert status_as(client, unassigned, "get", LIST_URL)[0] == 403
    for user in cast.values():
        assert status_as(client, user, "get", LIST_URL)[0] == 200


def test_list_is_in_vietnamese_order_within_a_decision_date(client, leadership, register):
    client.force_login(leadership)
    response = client.get(LIST_URL)
    # Newest decision first; within 02/06/2022 and 15/03/2022, Vietnamese alphabetical order
    # ("Đông Thái" after "Bình Minh", "Vĩnh Bình Bắc" before "Vĩnh Bình Nam").
    assert units_shown(response) == [
        "31060",
        "900",
        "910",
        "31064",
        "31006",
        "31060",
        "31063",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("district=910", {"910", "31060", "31063", "31064"}),
        ("level=district", {"910", "900"}),
        ("level=commune&district=908", {"31006"}),
        ("standard=advanced", {"31060"}),
        ("standard=completed", {"900"}),
        ("standard_year=2020", {"910", "900"}),
        ("decision_year=2023", {"31060"}),
        ("revoked=yes", {"31006"}),
        ("q=vinh binh", {"31060", "31063"}),
        ("q=VĨNH BÌNH BẮC&standard=ntm", {"31060"}),
        ("q=31064", {"31064"}),
        ("q=669/qd-ttg", {"910"}),
        ("q=qd-ttg", {"910", "900"}),
        ("q=ha tien", {"900"}),
    ],
)
def test_filters_narrow_the_list(client, province_staff, register, query, expected):
    client.force_login(province_staff)
    assert set(units_shown(client.get(f"{LIST_URL}?{query}"))) == expected


def test_revoked_no_hides_revoked_certifications(client, province_staff, register):
    client.force_login(province_staff)
    shown = units_shown(client.get(f"{LIST_URL}?revoked=no"))
    assert "31006" not in shown
    assert len(shown) == Certification.objects.active().count()


def test_communes_show_their_criteria_met(client, province_staff, register):
    commune_status("31063", 2023, met=17)
    commune_status("31063", 2024, met=18)
    client.force_login(province_staff)
    page = page_text(client.get(f"{LIST_URL}?q=vinh binh nam"))
    assert "18/19" in page
    assert "17/19" not in page


def test_a_bad_filter_value_is_named_and_the_list_still_shows(client, province_staff, register):
    client.force_login(province_staff)
    response = client.get(f"{LIST_URL}?standard_year=hai-nghin")
    assert response.status_code == 200
    assert "standard_year" in response.context["filter"].errors
    assert 'value="hai-nghin"' in page_text(response)


def test_export_link_keeps_the_query_when_the_export_exists(client, province_staff, register):
    client.force_login(province_staff)
    response = client.get(f"{LIST_URL}?standard=ntm&district=910&page=1")
    try:
        export = reverse("targets:certification_export")
    except Exception:
        assert response.context["export_url"] is None
        assert "Xuất Excel" not in page_text(response)
    else:
        assert response.context["export_url"] == f"{export}?standard=ntm&district=910"


def test_pages_keep_the_filter(client, province_staff, settings):
    communes = Unit.objects.rural_communes().filter(valid_from__isnull=True).order_by("code")[:55]
    for commune in communes:
        certify(commune.code, "ntm", 2021, issued_on=datetime.date(2022, 3, 15))
    client.force_login(province_staff)
    response = client.get(f"{LIST_URL}?standard=ntm")
    assert response.context["paginator"].num_pages == 2
    assert "?standard=ntm&amp;page=2" in page_text(response)
    assert len(client.get(f"{LIST_URL}?standard=ntm&page=2").context["object_list"]) == 5


def certify_communes(first, last):
    codes = (
        Unit.objects.rural_communes()
        .filter(valid_from__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)[first:last]
    )
    for code in codes:
        certify(code, "ntm", 2021, issued_on=datetime.date(2022, 3, 15))
        commune_status(code, 2024, met=19)


def test_list_query_count_does_not_grow_with_rows(
    client, province_staff, django_assert_max_num_queries
):
    client.force_login(province_staff)
    url = f"{LIST_URL}?level=commune&standard=ntm&revoked=no"
    certify_communes(0, 3)
    with django_assert_max_num_queries(12) as few:
        response = client.get(url)
    assert len(response.context["object_list"]) == 3
    certify_communes(3, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["object_list"]) == 40
    assert "19/19" in page_text(response)


def test_searching_decision_numbers_costs_one_query_whatever_the_rows(
    client, province_staff, django_assert_max_num_queries
):
    client.force_login(province_staff)
    url = f"{LIST_URL}?q=qd-ubnd"
    certify_communes(0, 2)
    with django_assert_max_num_queries(13) as few:
        client.get(url)
    certify_communes(2, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["object_list"]) == 30


def test_a_repeated_list_read_from_the_cache_queries_neither_rows_nor_count(
    client, province_staff, django_assert_max_num_queries
):
    """The table is cached until the data changes: a second read of the same page runs no
    count, no row and no criteria query (session, user, role, data version and the demo flag
    only), and still shows the rows; a write shows the change at once."""
    client.force_login(province_staff)
    url = f"{LIST_URL}?level=commune&standard=ntm&revoked=no"
    certify_communes(0, 3)
    first = client.get(url)
    with django_assert_max_num_queries(5) as cached:
        again = client.get(url)
    assert not any("targets_certification" in q["sql"] for q in cached.captured_queries)
    for text in ("3 công nhận", "19/19"):
        assert text in page_text(first) and text in page_text(again)
    certify_communes(3, 4)
    assert "4 công nhận" in page_text(client.get(url))
