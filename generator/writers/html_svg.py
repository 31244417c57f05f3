"""A chart of the model as inline SVG: grouped bars or lines on a value axis with round ticks.

The drawing is plain: axes, gridlines, tick labels, value labels on bars, axis titles and
a legend when there is more than one series. The ``<svg>`` is ``role="img"`` and named by
its ``<title>`` and ``<desc>`` (the chart's alternative text), so a screen reader reads one
description, not a cloud of numbers; the page shows the data as a table beside it.
"""
from __future__ import annotations

import math
from html import escape

from generator.model import Chart

WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP = 64, 16, 16  # plot margins: room for tick labels and the value axis title
LINE = 14  # the height of a line of 12-pixel text
CHAR_WIDTH, SWATCH, GAP = 6.8, 18, 24  # an average character's width, a legend swatch and the gap after an entry
# Colours that keep 3:1 contrast with white (WCAG non-text contrast) and differ for colour-blind readers.
PALETTE = ("#1f4e79", "#c55a11", "#2e7d32", "#6a1b9a", "#8d6e00", "#00695c")
INK, GRID = "#222222", "#d0d0d0"


def decimals_of(number_format: str) -> int:
    """``"0.00"`` -> 2."""
    return len(number_format.partition(".")[2])


def fmt(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace("-", "\u2212") if value < 0 else text


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low``..``high`` (which includes zero), about ``count`` of them."""
    if high == low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start, end = math.floor(low / step), math.ceil(high / step)
    return [round(k * step, 10) for k in range(start, end + 1)]


def chart_svg(chart: Chart, element_id: str) -> str:
    """The chart as an ``<svg>`` element whose title and description are the chart's title and alt text."""
    values = [v for s in chart.series for v in s.values if v is not None and math.isfinite(v)] or [0.0]
    ticks = nice_ticks(min(0.0, *values), max(0.0, *values))
    low, high = ticks[0], ticks[-1]
    plot_w = WIDTH - LEFT - RIGHT
    band = plot_w / max(len(chart.categories), 1)
    labels = [wrap(c, max(4, int(band / CHAR_WIDTH))) for c in chart.categories]
    label_lines = max((len(lines) for lines in labels), default=1)
    rows = legend_rows([s.name for s in chart.series], plot_w) if len(chart.series) > 1 else []
    below_axis = LINE * label_lines + (LINE + 8 if chart.x_label else 0) + (LINE + 8) * len(rows)
    plot_h = HEIGHT - TOP - below_axis - 12

    def y(value: float) -> float:
        return TOP + plot_h * (high - value) / (high - low)

    decimals = decimals_of(chart.number_format)
    step = ticks[1] - ticks[0]
    tick_decimals = next((d for d in range(6) if abs(step - round(step, d)) < 1e-9 * step), 6)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-labelledby="{element_id}-title {element_id}-desc" class="chart-svg" '
             f'font-family="inherit" font-size="12">',
             f'<title id="{element_id}-title">{escape(chart.title)}</title>',
             f'<desc id="{element_id}-desc">{escape(chart.alt_text)}</desc>']
    for tick in ticks:
        ty = y(tick)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" '
                     f'stroke="{INK if tick == 0 else GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" fill="{INK}">'
                     f'{fmt(tick, tick_decimals)}</text>')
    baseline = TOP + plot_h + LINE + 4
    for i, lines in enumerate(labels):
        x = f"{LEFT + band * (i + 0.5):.1f}"
        spans = "".join(f'<tspan x="{x}" dy="{0 if n == 0 else LINE}">{escape(line)}</tspan>'
                        for n, line in enumerate(lines))
        parts.append(f'<text y="{baseline:.1f}" text-anchor="middle" fill="{INK}">{spans}</text>')
    if chart.kind == "line":
        parts += _lines(chart, band, y)
    else:
        parts += _bars(chart, band, y, decimals)
    if chart.y_label:
        parts.append(f'<text transform="translate(14 {TOP + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" '
                     f'fill="{INK}">{escape(chart.y_label)}</text>')
    baseline += LINE * (label_lines - 1)
    if chart.x_label:
        baseline += LINE + 8
        parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{baseline:.1f}" text-anchor="middle" '
                     f'fill="{INK}">{escape(chart.x_label)}</text>')
    for row in rows:
        baseline += LINE + 8
        parts += _legend_row(chart, row, baseline)
    parts.append("</svg>")
    return "\n".join(parts)


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


def _bars(chart: Chart, band: float, y, decimals: int) -> list[str]:
    out = []
    count = max(len(chart.series), 1)
    width = band * 0.7 / count
    for s_index, series in enumerate(chart.series):
        colour = PALETTE[s_index % len(PALETTE)]
        for i, value in enumerate(series.values[:len(chart.categories)]):
            if value is None or not math.isfinite(value):
                continue
            x = LEFT + band * i + band * 0.15 + width * s_index
            top, bottom = sorted((y(value), y(0.0)))
            out.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" height="{bottom - top:.1f}" '
                       f'fill="{colour}"/>')
            label_y = top - 4 if value >= 0 else bottom + 14
            out.append(f'<text x="{x + width / 2:.1f}" y="{label_y:.1f}" text-anchor="middle" fill="{INK}" '
                       f'font-size="11">{fmt(value, decimals)}</text>')
    return out


def _lines(chart: Chart, band: float, y) -> list[str]:
    out = []
    for s_index, series in enumerate(chart.series):
        colour = PALETTE[s_index % len(PALETTE)]
        points = [(LEFT + band * (i + 0.5), y(v)) for i, v in enumerate(series.values[:len(chart.categories)])
                  if v is not None and math.isfinite(v)]
        segments: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(series.values[:len(chart.categories)]):  # a missing value breaks the line
            if v is None or not math.isfinite(v):
                segments.append([])
            else:
                segments[-1].append((LEFT + band * (i + 0.5), y(v)))
        for segment in (seg for seg in segments if seg):
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in segment)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        out += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{colour}"/>' for px, py in points]
    return out


def _legend_row(chart: Chart, row: list[int], baseline: float) -> list[str]:
    out, x = [], float(LEFT)
    for s_index in row:
        colour, name = PALETTE[s_index % len(PALETTE)], chart.series[s_index].name
        out.append(f'<rect x="{x:.1f}" y="{baseline - 10:.1f}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 18:.1f}" y="{baseline:.1f}" fill="{INK}">{escape(name)}</text>')
        x += SWATCH + CHAR_WIDTH * len(name) + GAP
    return out
