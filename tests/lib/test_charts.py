import re
from decimal import Decimal

from ntm_portal.lib.charts import (
    Series,
    line_chart,
    nice_scale,
    number,
    trajectory_chart,
)
from targets.progress import Series as TrajectorySeries


def commune_series():
    return TrajectorySeries(
        key="commune_ntm",
        name="Xã đạt chuẩn NTM",
        level="commune",
        standard="ntm",
        denominator=116,
        points=[
            (2020, 79, 79),
            (2021, 90, 88),
            (2022, 101, 101),
            (2023, 113, 111),
            (2024, 114, 116),
            (2025, 116, 116),
        ],
    )


def texts(svg):
    return re.findall(r"<text[^>]*>([^<]*)</text>", str(svg))


def test_trajectory_chart_writes_every_target_and_actual_with_a_legend():
    svg = trajectory_chart(commune_series())
    written = texts(svg)
    for value in ["79", "90", "88", "101", "113", "111", "114", "116"]:
        assert value in written
    for year in ["2020", "2025"]:
        assert year in written
    assert "Kế hoạch" in written and "Thực hiện" in written
    assert "Xã đạt chuẩn NTM" in written
    assert "Năm" in written


def test_equal_plan_and_actual_are_written_once_per_year():
    svg = trajectory_chart(commune_series())
    assert texts(svg).count("101") == 1


def test_trajectory_chart_leaves_out_actuals_after_the_report_year():
    svg = trajectory_chart(commune_series(), until_year=2022)
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", str(svg)).group(1)
    assert "Thực hiện: 2020 – 79, 2021 – 88, 2022 – 101, 2023 – –" in desc
    assert "Kế hoạch: 2020 – 79, 2021 – 90, 2022 – 101, 2023 – 113" in desc
    assert "111" not in texts(svg)


def test_chart_is_an_accessible_image_with_title_and_description():
    svg = str(trajectory_chart(commune_series()))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img"' in svg
    chart_id = re.search(r'aria-labelledby="(chart-\w+)-title \1-desc"', svg).group(1)
    assert f'<title id="{chart_id}-title">Xã đạt chuẩn NTM</title>' in svg
    assert f'<desc id="{chart_id}-desc">' in svg


def test_chart_text_is_escaped():
    svg = str(
        line_chart(
            title='<script>alert("x")</script> & co',
            x_values=[2024, 2025],
            series=[Series("<b>Kế hoạch</b>", [1, 2])],
            y_label="Số <đơn vị>",
        )
    )
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in svg
    assert "&lt;b&gt;Kế hoạch&lt;/b&gt;" in svg
    assert "Số &lt;đơn vị&gt;" in svg


def test_missing_values_break_the_line_instead_of_dropping_to_zero():
    svg = str(
        line_chart(
            title="Thử",
            x_values=[2020, 2021, 2022, 2023],
            series=[Series("Thực hiện", [3, None, 5, 6])],
            y_label="Số đơn vị",
        )
    )
    polylines = re.findall(r'<polyline points="([^"]*)"', svg)
    assert [len(points.split()) for points in polylines] == [1, 2]


def test_numbers_are_written_with_a_decimal_comma():
    assert number(Decimal("77.59")) == "77,59"
    assert number(Decimal("60.00")) == "60"
    assert number(12.5) == "12,5"
    assert number(116) == "116"
    assert number(None) == "–"


def test_axis_scale_has_round_steps_and_covers_the_data():
    assert nice_scale(116) == (125, 25)
    assert nice_scale(15) == (15, 5)
    assert nice_scale(2) == (2, 1)
    assert nice_scale(12) == (15, 5)
    assert nice_scale(40) == (40, 10)


def test_charts_scale_to_their_box_instead_of_having_a_pixel_width():
    for compact in (False, True):
        svg = str(trajectory_chart(commune_series(), compact=compact))
        opening = svg[: svg.index(">")]
        assert re.search(r'viewBox="0 0 \d+ \d+"', opening)
        assert "width=" not in opening and "height=" not in opening


def test_both_layouts_end_at_the_plans_last_year_inside_the_drawing():
    for compact in (False, True):
        svg = str(trajectory_chart(commune_series(), compact=compact))
        width = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
        years = re.findall(r'<text class="ntm-chart-x" x="([\d.]+)"[^>]*>(\d+)</text>', svg)
        assert [year for _x, year in years] == ["2020", "2021", "2022", "2023", "2024", "2025"]
        last_x = float(years[-1][0])
        # "2025" at 13 px is about 30 px wide, centred on its point.
        assert last_x + 16 <= width


def test_compact_layout_is_narrower_with_the_title_on_two_lines_and_its_own_ids():
    series = commune_series()
    wide, compact = str(trajectory_chart(series)), str(trajectory_chart(series, compact=True))
    assert 'class="ntm-chart ntm-chart-wide"' in wide
    assert 'class="ntm-chart ntm-chart-compact"' in compact
    assert 'viewBox="0 0 340 300"' in compact
    long_name = TrajectorySeries(
        **{
            **series.__dict__,
            "name": "Đơn vị cấp huyện đạt chuẩn NTM/hoàn thành nhiệm vụ xây dựng NTM",
        }
    )
    written = texts(trajectory_chart(long_name, compact=True))
    assert "Đơn vị cấp huyện đạt chuẩn" in written[0] and written[1].endswith("xây dựng NTM")
    # Both drawings are on the same page: their ids must differ.
    ids = lambda svg: set(re.findall(r'id="([^"]+)"', svg))  # noqa: E731
    assert not ids(wide) & ids(compact)
