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
