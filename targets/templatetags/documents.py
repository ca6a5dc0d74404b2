"""Template filters and tags for administrative documents and charts.

{% load documents %}
  {{ day|document_date:"Kiên Giang" }}  → "Kiên Giang, ngày 12 tháng 7 năm 2022"
  {% trajectory_chart series %}         → the plan-vs-actual SVG of one indicator
  {% district_standard_map rows year %} → the district map (rows: ProgressCounter.district_rows)
"""

import datetime

from django import template
from django.urls import reverse

from ntm_portal.lib.charts import trajectory_chart as draw_trajectory_chart
from ntm_portal.lib.maps import Category, district_map
from targets.models import Standard

register = template.Library()

# The district map's classes: a district-level unit's own highest standard in the year.
MAP_LEGEND = [
    Category("advanced", "Đạt chuẩn NTM nâng cao trở lên", "#1b6e3a"),
    Category("ntm", "Đạt chuẩn NTM / hoàn thành nhiệm vụ xây dựng NTM", "#8cc58f"),
    Category("none", "Chưa đạt chuẩn NTM", "#ffffff"),
]


def map_category(standard):
    """The map class of a district-level unit's own highest standard (None: not yet NTM)."""
    if not standard:
        return "none"
    return "advanced" if Standard(standard).rank >= Standard.ADVANCED.rank else "ntm"


def district_standard_map(rows, *, year, link=True):
    """The district map coloured by each district-level unit's own standard in the year."""
    return district_map(
        title=f"Đơn vị cấp huyện đạt chuẩn nông thôn mới năm {year}",
        categories={row.unit.code: map_category(row.standard) for row in rows},
        legend=MAP_LEGEND,
        urls=(
            {
                row.unit.code: reverse("targets:district_progress", args=[row.unit.code])
                for row in rows
            }
            if link
            else None
        ),
    )


@register.filter
def document_date(day, place=""):
    """A date as Decree 30/2020/NĐ-CP writes it under the national motto.

    Days below 10 and the months January and February take a leading zero (Appendix I, part
    II.5): "ngày 05 tháng 02 năm 2024", "ngày 12 tháng 7 năm 2022".
    """
    if not isinstance(day, datetime.date):
        return ""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text


@register.simple_tag
def trajectory_chart(series, until_year=None, compact=False):
    return draw_trajectory_chart(series, until_year=until_year, compact=compact)


@register.filter
def gap_text(gap):
    """A target's gap (target − actual) in words: "còn thiếu 3", "đạt đúng kế hoạch", "vượt 2"."""
    if gap is None:
        return "–"
    if gap > 0:
        return f"còn thiếu {gap}"
    if gap < 0:
        return f"vượt {-gap}"
    return "đạt đúng kế hoạch"


@register.filter
def lower_first(text):
    """The text with its first letter in lower case, for a title quoted inside a sentence
    ("về tổ chức thực hiện phong trào thi đua “Kiên Giang …”": proper names keep their capitals)."""
    text = str(text)
    return text[:1].lower() + text[1:]


@register.simple_tag(name="district_standard_map")
def district_standard_map_tag(rows, year):
    """The district map coloured by each district-level unit's own standard, linked to its page."""
    return district_standard_map(rows, year=year)
