import datetime

from django.template import Context, Template

from targets.progress import ProgressCounter
from tests.factories import certify


def test_district_map_tag_colours_districts_by_their_own_standard_and_links_them(plan):
    certify("910", "ntm", 2020, number="669/QĐ-TTg", issued_on=datetime.date(2022, 6, 2))
    certify("900", "completed", 2020, number="671/QĐ-TTg", issued_on=datetime.date(2022, 6, 2))
    rows = ProgressCounter(plan).district_rows(year=2023)
    html = Template("{% load documents %}{% district_standard_map rows 2023 %}").render(
        Context({"rows": rows})
    )
    assert (
        "<title>Huyện Vĩnh Thuận: Đạt chuẩn NTM / hoàn thành nhiệm vụ xây dựng NTM</title>" in html
    )
    assert (
        "<title>Thành phố Hà Tiên: Đạt chuẩn NTM / hoàn thành nhiệm vụ xây dựng NTM</title>" in html
    )
    assert "<title>Huyện An Biên: Chưa đạt chuẩn NTM</title>" in html
    assert html.count('<a href="/districts/') == 15
    assert '<a href="/districts/910/progress/">' in html
    assert "gis.chinhphu.vn" in html
