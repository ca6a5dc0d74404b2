"""List pages of the movement cost a fixed number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation.models import Review
from tests.emulation import helpers as h

pytestmark = pytest.mark.django_db

CODES = ["899", "900", "902", "903", "904", "905", "906", "907"]


def queries(client, url):
    client.get(url)  # warm the session and the user's role
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "name",
    [
        "emulation:registration_list",
        "emulation:review_list",
        "emulation:participant_list",
        "emulation:cluster_list",
        "emulation:phase_ranking",
        "emulation:phase_completeness",
    ],
)
def test_list_pages_do_not_query_per_row(client, province_staff, name):
    final = h.phase()
    args = [final.pk] if name.startswith("emulation:phase_") else []
    url = reverse(name, args=args)
    h.cluster(2025, CODES[0], CODES[1:2], name="Cụm A")
    for code in CODES[:2]:
        h.registration(final, code)
        h.review(final, code, 5, state=Review.State.VERIFIED)
    client.force_login(province_staff)
    few = queries(client, url)
    h.cluster(2025, CODES[2], CODES[3:], name="Cụm B")
    for code in CODES[2:]:
        h.registration(final, code)
        h.review(final, code, 6, state=Review.State.VERIFIED)
    assert queries(client, url) == few
