"""The district map: an SVG choropleth of Kiên Giang's 15 district-level units.

Boundaries come from fixtures/kien_giang_districts.geojson (source and licence in the data's
SOURCES.md), which must be credited wherever the map appears: `district_map` always writes the
attribution under it. The projection is equirectangular with longitudes scaled by the cosine of
the middle latitude, which at 10° N keeps shapes true to within a fraction of a percent; the
islands (Phú Quốc, Kiên Hải, the Hà Tiên and Kiên Lương archipelagos) are drawn like the rest.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from ntm_portal.lib.charts import FONT, _chart_id

GEOJSON_PATH = settings.BASE_DIR / "fixtures" / "kien_giang_districts.geojson"
ATTRIBUTION = (
    "Ranh giới hành chính cấp huyện: Hệ thống bản đồ hành chính – Cổng Thông tin điện tử "
    "Chính phủ (gis.chinhphu.vn), qua dự án dvhcvn."
)
MAP_WIDTH = 600
PADDING = 8


@dataclass(frozen=True)
class DistrictShape:
    code: str
    name: str
    full_name: str
    path: str  # SVG path data in viewBox coordinates
    label_at: tuple  # where the name is written: the centroid of the largest polygon


@dataclass(frozen=True)
class Category:
    """A class of the map's legend: districts in it share a colour and a label in words."""

    key: str
    label: str
    colour: str


@lru_cache(maxsize=1)
def district_shapes():
    """(shapes, width, height) of the projected map, read from the GeoJSON once per process."""
    with open(GEOJSON_PATH, encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    points = [
        point
        for feature in features
        for polygon in feature["geometry"]["coordinates"]
        for ring in polygon
        for point in ring
    ]
    min_lon = min(lon for lon, _lat in points)
    max_lon = max(lon for lon, _lat in points)
    min_lat = min(lat for _lon, lat in points)
    max_lat = max(lat for _lon, lat in points)
    x_scale = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = (MAP_WIDTH - 2 * PADDING) / ((max_lon - min_lon) * x_scale)
    height = round((max_lat - min_lat) * scale + 2 * PADDING)

    def project(lon, lat):
        return (
            round(PADDING + (lon - min_lon) * x_scale * scale, 1),
            round(PADDING + (max_lat - lat) * scale, 1),
        )

    shapes = []
    for feature in features:
        properties = feature["properties"]
        commands = []
        largest, largest_area = None, -1.0
        for polygon in feature["geometry"]["coordinates"]:
            for ring_index, ring in enumerate(polygon):
                projected = _without_repeats(project(lon, lat) for lon, lat in ring)
                if len(projected) < 3:
                    continue  # an islet smaller than a tenth of a pixel
                commands.append("M" + "L".join(f"{x:g},{y:g}" for x, y in projected) + "Z")
                area = abs(_signed_area(projected))
                if ring_index == 0 and area > largest_area:
                    largest, largest_area = projected, area
        shapes.append(
            DistrictShape(
                code=properties["code"],
                name=properties["name"],
                full_name=properties["full_name"],
                path="".join(commands),
                label_at=_centroid(largest),
            )
        )
    return tuple(shapes), MAP_WIDTH, height


def _without_repeats(points):
    kept = []
    for point in points:
        if not kept or kept[-1] != point:
            kept.append(point)
    if len(kept) > 1 and kept[0] == kept[-1]:
        kept.pop()
    return kept


def _signed_area(ring):
    return (
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def _centroid(ring):
    area = _signed_area(ring)
    if not area:
        return ring[0]
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return round(cx / (6 * area), 1), round(cy / (6 * area), 1)


NO_DATA = Category("none", "Chưa có số liệu", "#f2f2f2")


def district_map(*, title, categories, legend, urls=None, labels=True):
    """The map as a <figure>: districts coloured by category, a legend in words, attribution.

    `categories` maps a district code to the key of one of the `legend` categories; `urls`
    optionally maps a code to the page a district links to. Each district has a <title> with its
    name and category, so the colour is never the only way to read it.
    """
    shapes, width, height = district_shapes()
    by_key = {category.key: category for category in legend}
    if any(categories.get(shape.code) not in by_key for shape in shapes):
        legend = [*legend, NO_DATA]
    urls = urls or {}
    legend_height = 26 * len(legend) + 12
    total_height = height + legend_height
    desc = "; ".join(
        f"{shape.full_name}: {by_key.get(categories.get(shape.code), NO_DATA).label}"
        for shape in shapes
    )
    chart_id = _chart_id(title, desc)
    # With links inside, the map is a group of links (an image may not contain interactive parts).
    role = "group" if urls else "img"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ntm-map" role="{role}" '
        f'viewBox="0 0 {width} {total_height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" {FONT}>'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    ]
    for shape in shapes:
        category = by_key.get(categories.get(shape.code), NO_DATA)
        path = format_html(
            '<path d="{}" fill="{}" stroke="#333" stroke-width="0.7" data-code="{}">'
            "<title>{}: {}</title></path>",
            shape.path,
            category.colour,
            shape.code,
            shape.full_name,
            category.label,
        )
        if shape.code in urls:
            path = format_html('<a href="{}">{}</a>', urls[shape.code], path)
        parts.append(path)
    if labels:
        for shape in shapes:
            x, y = shape.label_at
            parts.append(
                # A white copy under the black text keeps names readable on dark fills.
                format_html(
                    '<g aria-hidden="true" text-anchor="middle" font-size="12">'
                    '<text x="{}" y="{}" fill="#fff" stroke="#fff" stroke-width="3">{}</text>'
                    '<text x="{}" y="{}" fill="#000">{}</text></g>',
                    x,
                    y,
                    shape.name,
                    x,
                    y,
                    shape.name,
                )
            )
    for index, category in enumerate(legend):
        y = height + 10 + 26 * index
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="30" height="18" fill="{}" stroke="#333" '
                'stroke-width="0.7"/><text x="{}" y="{}" font-size="16">{}</text>',
                PADDING,
                y,
                category.colour,
                PADDING + 40,
                y + 14,
                category.label,
            )
        )
    parts.append("</svg>")
    return mark_safe(
        '<figure class="ntm-map-figure">'
        + "".join(parts)
        + format_html('<figcaption class="map-attribution">{}</figcaption>', ATTRIBUTION)
        + "</figure>"
    )
