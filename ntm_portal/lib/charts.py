"""Charts drawn as SVG on the server: they work without JavaScript, on slow networks, and inside
the PDFs that WeasyPrint renders from the same templates.

Every chart carries a <title> and a <desc> that repeats its numbers in words (role="img"), draws
its series with different dash patterns as well as colours (printouts are often black and white),
and labels its values. The templates show the same numbers as a table next to the chart.
All text is escaped here; the functions return safe markup.
"""

import hashlib
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

from ntm_portal.lib.numbers import comma

# "NTM Serif" is the embedded Liberation Serif of the PDFs (static/css/print.css); web pages fall
# back to the reader's Times New Roman or another serif.
FONT = "font-family=\"'NTM Serif', 'Liberation Serif', 'Times New Roman', serif\""


@dataclass(frozen=True)
class Series:
    """One line of a line chart: a label for the legend and a value (or None) per x position."""

    label: str
    values: list
    colour: str = "#1b6e3a"
    dashed: bool = False


def number(value):
    """A number as Vietnamese readers write it: decimal comma, no trailing zeros after it."""
    if value is None:
        return "–"
    if isinstance(value, float):
        value = Decimal(str(round(value, 2)))
    if isinstance(value, Decimal):
        value = value.quantize(Decimal("0.01")).normalize()
        text = f"{value:f}"
    else:
        text = str(value)
    return comma(text)


def nice_scale(value, steps=5):
    """(top, step) of a y axis: about `steps` round steps (1, 2, 2.5 or 5 × 10ⁿ) up to the value."""
    if value <= 0:
        return steps, 1
    raw = value / steps
    power = 10 ** math.floor(math.log10(raw))
    # Counts of units: no step of 2.5 below 10, no step below 1.
    multiples = (1, 2, 2.5, 5, 10) if power >= 10 else (1, 2, 5, 10)
    step = max(1, next(m * power for m in multiples if raw <= m * power))
    return math.ceil(value / step) * step, step


def _chart_id(*parts):
    digest = hashlib.sha1("|".join(str(part) for part in parts).encode()).hexdigest()[:10]
    return f"chart-{digest}"


def _svg_open(chart_id, width, height, title, desc, compact=False):
    layout = "ntm-chart-compact" if compact else "ntm-chart-wide"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ntm-chart {layout}" role="img" '
        f'viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" {FONT}>'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )


# A drawing scales to its box (CSS width 100 %, static/css/portal.css), so its text is as large
# as its font size times box width / drawing width. The wide layout suits a half-page column or
# a printed page; the compact one a phone (about 360 px): a narrower drawing, so the same text
# stays at 12 px or more, with the title on up to two lines and fewer y-axis steps.
WIDE = {"width": 640, "height": 320, "margins": (64, 16, 58, 66), "title_chars": 70, "y_steps": 5}
COMPACT = {
    "width": 340,
    "height": 300,
    "margins": (50, 20, 78, 60),
    "title_chars": 36,
    "y_steps": 4,
}


def _title_lines(title, chars):
    """The title in at most two lines of about `chars` characters, broken between words."""
    words, lines = title.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > chars and len(lines) < 2:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return lines


def line_chart(*, title, x_values, series, y_label, x_label="Năm", y_max=None, compact=False):
    """Lines over x positions (years), with the value written at every point.

    `y_max` fixes the top of the scale (the number of units, say); otherwise it follows the data.
    A None value leaves a gap in its line. `compact` draws the phone layout (COMPACT above).
    Every x value is drawn, the last one included: a chart never ends before its period does.
    """
    layout = COMPACT if compact else WIDE
    width, height = layout["width"], layout["height"]
    # The bottom margin leaves a row between the axis and the years for values written under
    # points that lie on the axis.
    left, right, top, bottom = layout["margins"]
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    y_top, y_step = nice_scale(max([y_max or 0, *values, 1]), steps=layout["y_steps"])
    columns = max(len(x_values) - 1, 1)

    def x_at(index):
        return left + plot_w * index / columns

    def y_at(value):
        return top + plot_h - plot_h * float(value) / float(y_top)

    desc = "; ".join(
        f"{s.label}: "
        + ", ".join(f"{x} – {number(v)}" for x, v in zip(x_values, s.values, strict=False))
        for s in series
    )
    chart_id = _chart_id(title, x_values, desc, width)
    parts = [_svg_open(chart_id, width, height, title, desc, compact)]
    title_lines = _title_lines(title, layout["title_chars"])
    for index, line in enumerate(title_lines):
        parts.append(
            f'<text x="{width / 2:g}" y="{18 + 19 * index}" text-anchor="middle" font-size="16" '
            f'font-weight="bold">{escape(line)}</text>'
        )
    # Legend under the title, in words beside a sample of each line.
    legend_x, legend_y = (left if not compact else 8), 38 + 19 * (len(title_lines) - 1)
    for s in series:
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        parts.append(
            f'<line x1="{legend_x}" y1="{legend_y}" x2="{legend_x + 28}" y2="{legend_y}" '
            f'stroke="{s.colour}" stroke-width="2.5"{dash}/>'
            f'<circle cx="{legend_x + 14}" cy="{legend_y}" r="3.5" fill="{_marker_fill(s)}" '
            f'stroke="{s.colour}" stroke-width="1.5"/>'
            f'<text x="{legend_x + 34}" y="{legend_y + 4}" font-size="13">{escape(s.label)}</text>'
        )
        legend_x += 44 + 7 * len(s.label)
    # Grid and y axis.
    for index in range(round(y_top / y_step) + 1):
        tick = index * y_step
        y = y_at(tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#d0d0d0" '
            f'stroke-width="0.8"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12">'
            f"{number(tick if tick % 1 else int(tick))}</text>"
        )
    parts.append(
        f'<text transform="translate(14 {top + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" '
        f'font-size="13">{escape(y_label)}</text>'
    )
    # X axis.
    base_y = top + plot_h
    parts.append(
        f'<line x1="{left}" y1="{base_y}" x2="{width - right}" y2="{base_y}" stroke="#000" '
        f'stroke-width="1"/>'
    )
    for index, x_value in enumerate(x_values):
        parts.append(
            f'<text class="ntm-chart-x" x="{x_at(index):.1f}" y="{base_y + 36}" '
            f'text-anchor="middle" font-size="13">{escape(x_value)}</text>'
        )
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle" font-size="13">'
        f"{escape(x_label)}</text>"
    )
    # Lines, markers and the value at every point: the first series' labels go above the
    # points when its value is the larger one at that x, below otherwise, so two labels never
    # sit on top of each other.
    for series_index, s in enumerate(series):
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        for segment in _segments(s.values):
            points = " ".join(f"{x_at(i):.1f},{y_at(v):.1f}" for i, v in segment)
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{s.colour}" stroke-width="2.5"'
                f"{dash}/>"
            )
        for index, value in enumerate(s.values):
            if value is None:
                continue
            x, y = x_at(index), y_at(value)
            others = [o.values[index] for o in series if o is not s and index < len(o.values)]
            others = [o for o in others if o is not None]
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{_marker_fill(s)}" '
                f'stroke="{s.colour}" stroke-width="1.5"/>'
            )
            if series_index > 0 and value in others:
                continue  # the same number is already written by the first series
            above = not others or value >= max(others)
            label_y = y - 9 if above else y + 18
            parts.append(
                f'<text x="{x:.1f}" y="{label_y:.1f}" text-anchor="middle" font-size="13" '
                f'font-weight="bold" fill="{s.colour}">{number(value)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _marker_fill(series):
    return "#fff" if series.dashed else series.colour


def _segments(values):
    """Runs of consecutive non-None values, as (index, value) pairs."""
    run = []
    for index, value in enumerate(values):
        if value is None:
            if run:
                yield run
            run = []
        else:
            run.append((index, value))
    if run:
        yield run


TARGET_COLOUR = "#555555"
ACTUAL_COLOUR = "#1b6e3a"


def trajectory_chart(series, *, until_year=None, compact=False):
    """Plan vs actual of one indicator by year (targets.progress.trajectory gives the series),
    from the plan's baseline through its last year.

    Actual values after `until_year` (the year a report is about) are left out: a report on
    2023 does not show what happened later. `compact` draws the phone layout.
    """
    years = [year for year, _target, _actual in series.points]
    targets = [target for _year, target, _actual in series.points]
    actuals = [
        actual if until_year is None or year <= until_year else None
        for year, _target, actual in series.points
    ]
    lines = [Series("Thực hiện", actuals, colour=ACTUAL_COLOUR)]
    if any(target is not None for target in targets):
        lines.insert(0, Series("Kế hoạch", targets, colour=TARGET_COLOUR, dashed=True))
    return line_chart(
        title=series.name,
        x_values=years,
        series=lines,
        y_label="Số đơn vị (lũy kế)",
        compact=compact,
    )
