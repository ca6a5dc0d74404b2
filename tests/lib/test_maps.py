import re

from ntm_portal.lib.maps import ATTRIBUTION, Category, district_map, district_shapes

LEGEND = [
    Category("ntm", "Đạt chuẩn NTM", "#8cc58f"),
    Category("none", "Chưa đạt chuẩn NTM", "#ffffff"),
]


def draw(**kwargs):
    return str(
        district_map(
            title="Bản đồ <thử>",
            categories={"910": "ntm", "900": "ntm", "908": "none"},
            legend=LEGEND,
            **kwargs,
        )
    )


def test_map_draws_the_15_district_level_units_with_their_status():
    svg = draw()
    codes = re.findall(
        r'<path d="[^"]+" fill="[^"]+" stroke="#333" stroke-width="0.7" data-code="(\d+)"', svg
    )
    assert sorted(codes) == [str(code) for code in range(899, 915) if code != 901]
    assert "<title>Huyện Vĩnh Thuận: Đạt chuẩn NTM</title>" in svg
    assert "<title>Huyện An Biên: Chưa đạt chuẩn NTM</title>" in svg
    # Districts without a category are said to have no data, and the legend says so in words.
    assert "<title>Huyện Kiên Hải: Chưa có số liệu</title>" in svg
    assert ">Chưa có số liệu</text>" in svg


def test_map_carries_the_attribution_of_the_boundary_data():
    svg = draw()
    assert f'<figcaption class="map-attribution">{ATTRIBUTION}</figcaption>' in svg
    assert "gis.chinhphu.vn" in ATTRIBUTION and "dvhcvn" in ATTRIBUTION


def test_map_links_districts_to_their_pages_when_given_urls():
    svg = draw(urls={"910": "/districts/910/progress/?a=1&b=2"})
    assert '<a href="/districts/910/progress/?a=1&amp;b=2"><path' in svg
    assert svg.count("<a href=") == 1


def test_map_escapes_its_title():
    svg = draw()
    assert "Bản đồ &lt;thử&gt;" in svg and "<thử>" not in svg


def test_islands_are_drawn_as_parts_of_their_district():
    shapes, width, height = district_shapes()
    by_code = {shape.code: shape for shape in shapes}
    # Phú Quốc and Kiên Hải are archipelagos: one closed sub-path per island.
    assert by_code["911"].path.count("M") >= 10
    assert by_code["912"].path.count("M") >= 10
    assert by_code["904"].path.count("M") == 1


def test_projection_fits_the_view_box_and_keeps_the_shape():
    shapes, width, height = district_shapes()
    coordinates = [
        float(value) for shape in shapes for value in re.findall(r"-?\d+(?:\.\d+)?", shape.path)
    ]
    xs, ys = coordinates[0::2], coordinates[1::2]
    assert min(xs) >= 0 and max(xs) <= width
    assert min(ys) >= 0 and max(ys) <= height
    # 103.42–105.54° E by 9.26–10.54° N at about 10° N: 2.09° × cos(9.9°) wide, 1.28° high.
    assert 0.60 < (height - 16) / (width - 16) < 0.64


def test_boundaries_are_read_once_per_process():
    district_shapes()
    before = district_shapes.cache_info()
    draw()
    draw()
    after = district_shapes.cache_info()
    assert after.misses == before.misses
    assert after.hits == before.hits + 2
