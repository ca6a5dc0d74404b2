"""The list of commune criteria statuses: filters, search without diacritics, query count."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from targets.models import CommuneStatus
from tests.conftest import status_as
from tests.factories import commune_status
from units.models import Unit

LIST = reverse("targets:status_list")


def listed(response):
    return [(status.commune.code, status.year) for status in response.context["object_list"]]


def test_status_list_follows_the_role_ladder(client, cast):
    status, response = status_as(client, None, "get", LIST)
    assert status == 302 and response.url.startswith(reverse("login"))
    for name, user in cast.items():
        assert status_as(client, user, "get", LIST)[0] == 200, name


def test_status_list_shows_x_of_19_and_edit_links_only_where_allowed(client, officer, leadership):
    commune_status("31060", 2024, met=17)
    commune_status("30988", 2024, met=19)
    client.force_login(officer)
    page = client.get(LIST, {"district": ""}).content.decode()
    assert "17/19" in page and "19/19" in page
    assert reverse("targets:status_edit", args=["31060", 2024]) in page
    assert reverse("targets:status_edit", args=["30988", 2024]) not in page
    assert "Cập nhật kết quả tiêu chí" in page
    client.force_login(leadership)
    page = client.get(LIST).content.decode()
    assert "17/19" in page
    assert reverse("targets:status_edit", args=["31060", 2024]) not in page
    assert "Cập nhật kết quả tiêu chí" not in page


def test_status_list_filters_by_district_year_met_range_and_next_standard(client, leadership):
    commune_status("31060", 2023, met=15, next_standard="ntm", planned_year=2025)
    commune_status("31060", 2024, met=17, next_standard="ntm", planned_year=2025)
    commune_status("31063", 2024, met=19, next_standard="advanced", planned_year=2026)
    commune_status("30988", 2024, met=12)
    client.force_login(leadership)
    assert sorted(listed(client.get(LIST, {"district": "910"}))) == [
        ("31060", 2023),
        ("31060", 2024),
        ("31063", 2024),
    ]
    assert sorted(listed(client.get(LIST, {"year": "2024", "met_min": "13", "met_max": "18"}))) == [
        ("31060", 2024)
    ]
    assert listed(client.get(LIST, {"next_standard": "advanced"})) == [("31063", 2024)]
    assert listed(client.get(LIST, {"met_min": "19"})) == [("31063", 2024)]


def test_status_list_search_ignores_diacritics(client, leadership):
    commune_status("31060", 2024, met=17)  # Vĩnh Bình Bắc
    commune_status("30988", 2024, met=12)  # Tây Yên
    client.force_login(leadership)
    assert listed(client.get(LIST, {"q": "vinh binh bac"})) == [("31060", 2024)]
    assert listed(client.get(LIST, {"q": "TÂY YÊN"})) == [("30988", 2024)]
    assert listed(client.get(LIST, {"q": "31060"})) == [("31060", 2024)]


def test_a_reversed_met_range_says_what_is_wrong(client, leadership):
    client.force_login(leadership)
    page = client.get(LIST, {"met_min": "18", "met_max": "10"}).content.decode()
    assert "Số tiêu chí đạt “đến” (10) nhỏ hơn “từ” (18)" in page
    page = client.get(LIST, {"met_min": "mười"}).content.decode()
    assert "Tiêu chí đạt từ:" in page


def test_status_list_query_count_does_not_grow_with_data(
    client, province_staff, django_assert_max_num_queries
):
    client.force_login(province_staff)
    communes = list(
        Unit.objects.rural_communes().filter(valid_from__isnull=True).order_by("code")[:40]
    )
    for commune in communes[:3]:
        commune_status(commune.code, 2024, met=18)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for commune in communes[3:]:
        commune_status(commune.code, 2024, met=16, next_standard="ntm", planned_year=2025)
        commune_status(commune.code, 2023, met=15)
    assert CommuneStatus.objects.count() == 77
    with django_assert_max_num_queries(len(few)):
        response = client.get(LIST)
    assert len(response.context["object_list"]) == 50


def test_the_open_form_leads_to_the_edit_page_of_a_commune_and_year(client, officer):
    client.force_login(officer)
    start = reverse("targets:status_start")
    response = client.get(start, {"commune": "31060", "year": "2024"})
    assert response.url == reverse("targets:status_edit", args=["31060", 2024])
    response = client.get(start, {"commune": "30988", "year": "2024"}, follow=True)
    assert (
        "Xã hoặc đơn vị cấp huyện: đơn vị mã 30988 không thuộc phạm vi bạn được cập nhật."
        in response.content.decode()
    )
    response = client.get(start, {"commune": "31060", "year": "1990"}, follow=True)
    assert "Năm đánh giá: năm 1990 nằm ngoài khoảng 2000–" in response.content.decode()
