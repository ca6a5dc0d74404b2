"""The dashboard opens with what a leader needs first: each indicator's status for the year, then
the districts and the map, then the trend charts (issue #23, point 1)."""

from django.urls import reverse


def test_indicator_cards_come_before_the_districts_table_and_the_map_before_the_first_chart(
    client, leadership, plan
):
    client.force_login(leadership)
    html = client.get(reverse("targets:dashboard"), {"year": 2023}).content.decode()
    positions = [
        html.index('id="indicators-title"'),
        html.index('class="card h-100" id="indicator-'),
        html.index('id="district-table"'),
        html.index('class="district-map'),
        html.index('id="attention-title"'),
        html.index('id="trajectory-title"'),
        html.index('class="mb-0 chart-box"'),
    ]
    assert positions == sorted(positions)
    assert "What a leader needs first" not in html


def test_the_order_holds_when_the_sections_come_from_the_cache(client, leadership, plan):
    client.force_login(leadership)
    url = reverse("targets:dashboard")
    client.get(url, {"year": 2023})
    html = client.get(url, {"year": 2023}).content.decode()
    assert html.index('id="district-table"') < html.index('class="mb-0 chart-box"')
    assert html.count('id="district-table"') == 1
