"""The completeness page counts who has and has not registered, per cluster and per district,
as a hand count does; the export carries the same numbers."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from emulation.models import Registration
from tests.emulation import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def final():
    from units.models import Unit

    final = h.phase()
    communes = list(Unit.objects.filter(parent__code="910", level="commune").order_by("code")[:3])
    for commune in communes:
        h.participant(commune.code)
    h.participant("SNN", name="Sở Nông nghiệp và Phát triển nông thôn")
    h.cluster(2025, "910", ["908", "909", "912"], name="Cụm số 3")
    h.cluster(2025, "SNN", [], name="Khối sở ngành", kind="block")
    # Hand count, cluster 3 (910, 908, 909, 912): 910 on time, 908 late, 909 draft, 912 missing.
    h.registration(final, "910")
    h.registration(final, "908", late=True)
    h.registration(final, "909", state=Registration.State.DRAFT)
    # Vĩnh Thuận's communes: first registered, second draft, third missing.
    h.registration(final, communes[0].code)
    h.registration(final, communes[1].code, state=Registration.State.DRAFT)
    # Another phase must not count.
    h.registration(h.phase("yearly", 2025), "912")
    return final


def test_counts_per_cluster_and_per_district_equal_a_hand_count(client, leadership, final):
    client.force_login(leadership)
    response = client.get(reverse("emulation:phase_completeness", args=[final.pk]))
    result = response.context["result"]
    clusters = {g.name: g for g in result.clusters}
    cluster = clusters["Cụm số 3"]
    assert (cluster.total, cluster.registered_count, len(cluster.late)) == (4, 2, 1)
    assert [p.code for p in cluster.drafts] == ["909"]
    assert [p.code for p in cluster.missing] == ["912"]
    block = clusters["Khối sở ngành"]
    assert (block.total, block.registered_count, block.not_registered_count) == (1, 0, 1)
    districts = {g.key: g for g in result.districts}
    vinh_thuan = districts["910"]
    # The district itself and its three communes.
    assert (vinh_thuan.total, vinh_thuan.registered_count, len(vinh_thuan.drafts)) == (4, 2, 1)
    assert len(vinh_thuan.missing) == 1
    assert (districts["908"].registered_count, len(districts["908"].late)) == (1, 1)
    assert districts["912"].registered_count == 0
    totals = result.totals
    assert totals == {
        "total": 8,
        "registered": 3,
        "late": 1,
        "drafts": 2,
        "missing": 3,
        "not_registered": 5,
    }
    text = response.content.decode()
    assert "8 đơn vị tham gia đang hoạt động: <strong>3/8</strong> đã đăng ký" in text


def test_completeness_export_has_the_same_counts(client, leadership, final):
    client.force_login(leadership)
    response = client.get(reverse("emulation:completeness_export", args=[final.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    rows = {
        row[0]: row for row in workbook["Theo cụm, khối"].iter_rows(min_row=2, values_only=True)
    }
    assert rows["Cụm số 3"][1:6] == (4, 2, 1, 1, 1)
    assert "Huyện Kiên Hải" in rows["Cụm số 3"][6]
    assert "Huyện An Minh" in rows["Cụm số 3"][6]
    districts = {r[0]: r for r in workbook["Theo huyện"].iter_rows(min_row=2, values_only=True)}
    assert districts["Huyện Vĩnh Thuận"][1:3] == (4, 2)
