"""Issue #22, point 4: the pages `make load` measures that fell under a quarter of the login page's
throughput (the emulation ranking, the registration completeness, the nominations and the nominee
lists) compute their body once per data version: a second visit runs a few queries and renders
the same page, and a write shows at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation.models import Registration
from tests.awards.helpers import nomination, person
from tests.emulation import helpers as h

pytestmark = pytest.mark.django_db
# Session, user, the data version, and the phase with its movement and plan (the movement's
# pages): nothing per row or per cluster. The user's assignment, the demo banner and the
# movements of the menu's plan selector (#24) are cached on the data version (issue #22).
MOST_QUERIES_WHEN_CACHED = 4


def page(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    # The per-request tokens of the forms (the logout button's) aside.
    text = re.sub(
        r'name="(csrfmiddlewaretoken|form_token)" value="[^"]+"', "", response.content.decode()
    )
    return text, len(queries)


@pytest.fixture
def movement():
    final = h.phase()
    h.cluster(2025, "910", ["908", "909", "912"], name="Cụm số 3")
    h.registration(final, "910")
    h.registration(final, "909", state=Registration.State.DRAFT)
    return final


def new_block(final, officer):
    h.participant("SNN", name="Sở Nông nghiệp và Phát triển nông thôn")
    h.cluster(2025, "SNN", [], name="Khối sở ngành", kind="block")


@pytest.mark.parametrize(
    ("name", "url_of", "write", "shown"),
    [
        (
            "ranking",
            lambda final: reverse("emulation:phase_ranking", args=[final.pk]),
            new_block,
            "Khối sở ngành",
        ),
        (
            "completeness",
            lambda final: reverse("emulation:phase_completeness", args=[final.pk]),
            lambda final, officer: h.registration(final, "908", late=True),
            None,  # the counts change
        ),
        (
            "nominations",
            lambda final: reverse("awards:nomination_list"),
            lambda final, officer: nomination(person("Trần Văn Mới", by=officer), by=officer),
            "Trần Văn Mới",
        ),
        (
            "nominees",
            lambda final: reverse("awards:nominee_list"),
            lambda final, officer: person("Lê Thị Vừa Thêm", by=officer),
            "Lê Thị Vừa Thêm",
        ),
    ],
)
def test_the_page_is_made_once_per_data_version(
    client, province_staff, officer, movement, name, url_of, write, shown
):
    client.force_login(province_staff)
    url = url_of(movement)
    first, first_queries = page(client, url)
    second, second_queries = page(client, url)
    assert second == first
    most = MOST_QUERIES_WHEN_CACHED
    assert second_queries <= most < first_queries, (
        f"{name}: {first_queries} queries, then {second_queries}"
    )
    assert shown is None or shown not in first
    write(movement, officer)
    after, after_queries = page(client, url)
    assert after != first and (shown is None or shown in after), f"{name}: the write is not shown"
    assert after_queries > most
