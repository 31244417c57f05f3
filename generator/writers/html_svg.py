"""A chart of the model as inline SVG, drawn from the one :class:`~generator.render.chartspec.ChartSpec` the
DOCX and PDF writers draw too: the same value axis and ticks, value labels, colours, stacking,
projections (lighter and dashed) and gaps, and a time-spaced x axis where the categories are years.

The ``<svg>`` is ``role="img"`` and named by its ``<title>`` and ``<desc>`` (the chart's alternative
text), so a screen reader reads one description, not a cloud of numbers; the page shows the data as a
table beside it.
"""
from __future__ import annotations

from html import escape
from typing import Callable

from generator.render.chartspec import GRID, ChartSpec, SeriesSpec, chart_spec, lighten
from generator.model import Chart

WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP = 64, 16, 16  # plot margins: room for tick labels and the value axis title
LINE = 14  # the height of a line of 12-pixel text
CHAR_WIDTH, SWATCH, GAP = 6.8, 18, 24  # an average character's width, a legend swatch and the gap after an entry
INK = "#222222"
DASH = 'stroke-dasharray="6 4"'


def chart_svg(chart: Chart, element_id: str, language: str = "en") -> str:
    """The chart as an ``<svg>`` element whose title and description are the chart's title and alt text."""
    spec = chart_spec(chart, language)
    axis = spec.value_axis
    plot_w = WIDTH - LEFT - RIGHT
    band = plot_w / max(len(spec.categories), 1)
    x_labels = _x_labels(spec, band)
    label_lines = max((len(lines) for _x, lines in x_labels), default=1)
    rows = legend_rows([s.name for s in spec.series], plot_w) if len(spec.series) > 1 else []
    below_axis = LINE * label_lines + (LINE + 8 if spec.x_title else 0) + (LINE + 8) * len(rows)
    plot_h = HEIGHT - TOP - below_axis - 12

    def y(value: float) -> float:
        return TOP + plot_h * (axis.maximum - value) / (axis.maximum - axis.minimum)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-labelledby="{element_id}-title {element_id}-desc" class="chart-svg" '
             f'font-family="inherit" font-size="12">',
             f'<title id="{element_id}-title">{escape(chart.title)}</title>',
             f'<desc id="{element_id}-desc">{escape(chart.alt_text)}</desc>']
    for tick, label in zip(axis.ticks, axis.labels):
        ty = y(tick)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" '
                     f'stroke="{INK if tick == 0 else "#" + GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" fill="{INK}">{escape(label)}</text>')
    baseline = TOP + plot_h + LINE + 4
    for x, lines in x_labels:
        spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if n == 0 else LINE}">{escape(line)}</tspan>'
                        for n, line in enumerate(lines))
        parts.append(f'<text y="{baseline:.1f}" text-anchor="middle" fill="{INK}">{spans}</text>')
    x_of = _x_of(spec, band)
    parts += _lines(spec, x_of, y) if spec.kind == "line" else _bars(spec, band, y)
    if spec.y_title:
        parts.append(f'<text transform="translate(14 {TOP + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" '
                     f'fill="{INK}">{escape(spec.y_title)}</text>')
    baseline += LINE * (label_lines - 1)
    if spec.x_title:
        baseline += LINE + 8
        parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{baseline:.1f}" text-anchor="middle" '
                     f'fill="{INK}">{escape(spec.x_title)}</text>')
    for row in rows:
        baseline += LINE + 8
        parts += _legend_row(spec, row, baseline)
    parts.append("</svg>")
    return "\n".join(parts)


def _x_of(spec: ChartSpec, band: float) -> Callable[[int], float]:
    """The x of category ``j``: the middle of its band, or its place in time on a time axis."""
    time = spec.time_axis
    if time is None:
        return lambda j: LEFT + band * (j + 0.5)
    inner = WIDTH - LEFT - RIGHT - band  # half a band of room at each end, as the category axis has
    return lambda j: LEFT + band / 2 + inner * (spec.x_positions[j] - time.minimum) / (time.maximum - time.minimum)


def _x_labels(spec: ChartSpec, band: float) -> list[tuple[float, list[str]]]:
    """(x, lines) of every x-axis label: the categories, or the time axis's ticks."""
    time = spec.time_axis
    if time is None:
        x_of = _x_of(spec, band)
        return [(x_of(j), wrap(c, max(4, int(band / CHAR_WIDTH)))) for j, c in enumerate(spec.categories)]
    inner = WIDTH - LEFT - RIGHT - band
    return [(LEFT + band / 2 + inner * (tick - time.minimum) / (time.maximum - time.minimum), [label])
            for tick, label in zip(time.ticks, time.labels)]


def wrap(text: str, width: int, max_lines: int = 3) -> list[str]:
    """``text`` in lines of about ``width`` characters, broken at spaces; the last line takes the rest."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width or len(lines) == max_lines:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def legend_rows(names: list[str], width: float) -> list[list[int]]:
    """Series indexes grouped into legend rows that fit ``width`` (a name too long for a row has its own)."""
    rows: list[list[int]] = []
    used = width
    for index, name in enumerate(names):
        item = SWATCH + CHAR_WIDTH * len(name) + GAP
        if used + item > width:
            rows.append([])
            used = 0.0
        rows[-1].append(index)
        used += item
    return rows


def _bar(x: float, width: float, low: float, high: float, series: SeriesSpec, j: int) -> str:
    """One column from value ``low`` to ``high`` (already mapped to y); projected: lighter, dashed edge."""
    top, bottom = sorted((low, high))
    if series.projected[j]:
        return (f'<rect x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" height="{bottom - top:.1f}" '
                f'fill="#{lighten(series.colour)}" stroke="#{series.colour}" {DASH}/>')
    return f'<rect x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" height="{bottom - top:.1f}" fill="#{series.colour}"/>'


def _value_label(x: float, y: float, label: str) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" fill="{INK}" font-size="11">{escape(label)}</text>'


def _bars(spec: ChartSpec, band: float, y: Callable[[float], float]) -> list[str]:
    out = []
    if spec.stacked:  # one column per category; positive and negative parts stack apart, as in Word
        width = band * 0.6
        for j in range(len(spec.categories)):
            up = down = 0.0
            x = LEFT + band * j + band * 0.2
            for series in spec.series:
                value = series.values[j]
                if value is None:
                    continue
                start = up if value >= 0 else down
                end = start + value
                out.append(_bar(x, width, y(start), y(end), series, j))
                if series.labels[j] is not None:
                    out.append(_value_label(x + width / 2, (y(start) + y(end)) / 2 + 4, series.labels[j] or ""))
                up, down = (end, down) if value >= 0 else (up, end)
        return out
    width = band * 0.7 / max(len(spec.series), 1)
    for index, series in enumerate(spec.series):
        for j, value in enumerate(series.values):
            if value is None:
                continue  # a gap
            x = LEFT + band * j + band * 0.15 + width * index
            out.append(_bar(x, width, y(value), y(0.0), series, j))
            label = series.labels[j]
            if label is not None:
                top, bottom = sorted((y(value), y(0.0)))
                out.append(_value_label(x + width / 2, top - 4 if value >= 0 else bottom + 14, label))
    return out


def _lines(spec: ChartSpec, x_of: Callable[[int], float], y: Callable[[float], float]) -> list[str]:
    out = []
    for series in spec.series:
        points = {j: (x_of(j), y(v)) for j, v in enumerate(series.values) if v is not None}
        for j in range(len(series.values) - 1):  # one segment per pair of values; a gap breaks the line
            if j in points and j + 1 in points:
                (x1, y1), (x2, y2) = points[j], points[j + 1]
                dashed = f" {DASH}" if series.projected[j + 1] else ""
                out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                           f'stroke="#{series.colour}" stroke-width="2.5"{dashed}/>')
        for j, (px, py) in points.items():
            fill = f"#{lighten(series.colour)}" if series.projected[j] else f"#{series.colour}"
            out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{fill}" stroke="#{series.colour}"/>')
            if series.labels[j] is not None:
                out.append(_value_label(px, py - 8, series.labels[j] or ""))
    return out


def _legend_row(spec: ChartSpec, row: list[int], baseline: float) -> list[str]:
    out, x = [], float(LEFT)
    for index in row:
        series = spec.series[index]
        out.append(f'<rect x="{x:.1f}" y="{baseline - 10:.1f}" width="12" height="12" fill="#{series.colour}"/>')
        out.append(f'<text x="{x + 18:.1f}" y="{baseline:.1f}" fill="{INK}">{escape(series.name)}</text>')
        x += SWATCH + CHAR_WIDTH * len(series.name) + GAP
    return out
