"""Issue #22, `make load`: what an authenticated page costs. The dashboard is one fragment cached
on the data version and on the reader's role and unit, so a second view on the same data neither
counts the progress again nor reads the cached numbers; two roles never share it. The data
version is one prepared statement on PostgreSQL. A province-wide right asks no scope query."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ntm_portal.lib import data_version
from targets.progress import cache as progress_cache
from tests.conftest import make_user
from tests.factories import certify
from units.access import Capability, Role, access_of, get_scoped_or_403
from units.models import Unit

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("targets:dashboard")
EDIT_LINK = "Viết đánh giá cho báo cáo năm 2024"


@pytest.fixture
def computations(monkeypatch):
    """How many times the dashboard's numbers were counted, and read from the cache."""
    counted, read = [], []
    real_numbers = progress_cache.dashboard_numbers

    def reading(*args, **kwargs):
        read.append(args)
        return real_numbers(*args, **kwargs)

    real_counter = progress_cache.ProgressCounter

    def counting(*args, **kwargs):
        counted.append(args)
        return real_counter(*args, **kwargs)

    monkeypatch.setattr(progress_cache, "dashboard_numbers", reading)
    monkeypatch.setattr(progress_cache, "ProgressCounter", counting)
    return counted, read


def page(client):
    html = client.get(DASHBOARD, {"year": 2024}).content.decode()
    return re.sub(r'name="(csrfmiddlewaretoken|form_token)" value="[^"]+"', "", html)


def fragment(html):
    return html[html.index('<h1 class="h3">Tiến độ thực hiện Kế hoạch') :]


def test_a_second_dashboard_view_on_the_same_data_does_not_count_again(
    client, province_staff, computations
):
    counted, read = computations
    colleague = make_user("tinh2", Role.PROVINCE_STAFF)  # (an assignment is a write too)
    client.force_login(province_staff)
    with CaptureQueriesContext(connection) as first_queries:
        first = page(client)
    assert len(counted) == 1 and len(read) == 1
    assert "Chỉ tiêu năm 2024" in first
    with CaptureQueriesContext(connection) as second_queries:
        second = page(client)
    assert second == first
    # Neither counted nor even read from the cache: the page's fragment is all there is to read.
    assert len(counted) == 1 and len(read) == 1
    assert len(second_queries) < len(first_queries)
    # Another person of the same role (and no unit) is served the same fragment (the account
    # menu above it names the person).
    client.force_login(colleague)
    assert fragment(page(client)) == fragment(first)
    assert len(counted) == 1
    # A write: counted again, once.
    certify("31060", "ntm", 2022, number="307/QĐ-UBND")
    client.force_login(province_staff)
    assert page(client) != first
    assert len(counted) == 2


@pytest.mark.parametrize("first_role", ["province_staff", "leadership"])
def test_two_roles_never_see_each_others_cached_dashboard(
    client, province_staff, leadership, first_role
):
    """Province staff may write the report's assessment, leadership only reads: each gets its own
    page whichever of them opened the dashboard first on the same data."""
    users = {"province_staff": province_staff, "leadership": leadership}
    order = [first_role, *(name for name in users if name != first_role)]
    seen = {}
    for name in order:
        client.force_login(users[name])
        seen[name] = page(client)
        seen[name + " again"] = page(client)
    assert EDIT_LINK in seen["province_staff"] and EDIT_LINK in seen["province_staff again"]
    assert EDIT_LINK not in seen["leadership"] and EDIT_LINK not in seen["leadership again"]


def test_a_district_officer_gets_the_dashboard_of_its_own_access(client, officer, province_staff):
    client.force_login(province_staff)
    assert EDIT_LINK in page(client)
    client.force_login(officer)
    mine = page(client)
    assert "Chỉ tiêu năm 2024" in mine and EDIT_LINK not in mine
    assert access_of(province_staff).cache_key != access_of(officer).cache_key


def test_a_province_wide_right_asks_no_scope_query(province_staff, officer):
    district = Unit.objects.get(code="908")
    access_of(province_staff)  # read once per request, before the page's own queries
    with CaptureQueriesContext(connection) as queries:
        assert get_scoped_or_403(Unit, province_staff, Capability.EDIT_CONTACT, pk=district.pk)
    assert len(queries) == 1  # the unit itself
    # A district's right is still checked against its scope: another district is refused.
    with pytest.raises(PermissionDenied):
        get_scoped_or_403(Unit, officer, Capability.EDIT_CONTACT, pk=district.pk)
    assert get_scoped_or_403(Unit, officer, Capability.EDIT_CONTACT, code="910")


def test_the_data_version_is_a_prepared_statement_on_postgresql():
    """The data version is the hash of its query's answer on both databases, and it changes
    with a write; on PostgreSQL it is read by EXECUTE of the statement prepared once per
    connection (planning its 49 subqueries cost 15–20 ms on every page), on SQLite by the plain
    query (SQLite keeps its own statement cache)."""
    with connection.cursor() as cursor:
        cursor.execute(data_version._version_sql())
        plain = cursor.fetchone()
    with CaptureQueriesContext(connection) as queries:
        first = data_version.current()
        again = data_version.current()
    assert first == again
    if connection.vendor == "postgresql":
        assert [query["sql"] for query in queries][-1] == "EXECUTE ntm_data_version"
    else:
        assert "EXECUTE" not in queries[-1]["sql"]
    import hashlib

    assert first == hashlib.blake2b(repr(plain).encode(), digest_size=8).hexdigest()
    certify("31060", "ntm", 2022, number="308/QĐ-UBND")
    assert data_version.current() != first
