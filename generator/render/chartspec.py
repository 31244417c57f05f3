"""One chart look for every writer: a chart's scales, ticks, labels, colours and styles, computed once.

The DOCX writer turns a :class:`ChartSpec` into a native Word chart and the PDF writer into a vector
drawing; neither decides how a chart looks, so a chart reads the same in Word and in the PDF: the
same value axis and ticks, value labels rounded as the prose rounds them, colours, axis titles,
projections drawn dashed and gaps where a value is missing.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from generator.figures.formatting import number
from generator.model import Chart

# Chart series colours (RGB hex), chosen to stay distinguishable in greyscale print.
PALETTE = ("1F3864", "7FA7D9", "C55A11", "70AD47", "7F7F7F", "FFC000")
AXIS_GREY = "5F6368"
GRID = "BFC7D5"
# The drawing's height in points; a chart's title adds TITLE_HEIGHT above it (a paragraph in the PDF,
# part of the chart in Word), so a chart takes the same room on the page in both formats.
HEIGHT = 215.0
TITLE_HEIGHT = 26.0
# Value labels on bars and points only while they stay legible.
MAX_LABELLED_POINTS = 12
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_MAX_TIME_TICKS = 8


@dataclass(frozen=True)
class Axis:
    """A numeric axis: its range, the positions of its ticks and their labels."""

    minimum: float
    maximum: float
    step: float
    ticks: tuple[float, ...]
    labels: tuple[str, ...]
    decimals: int  # of the tick labels


@dataclass(frozen=True)
class SeriesSpec:
    """One series as drawn: values (None is a gap), colour, value labels (None: no label), projections."""

    name: str
    values: tuple[float | None, ...]
    colour: str
    labels: tuple[str | None, ...]
    projected: tuple[bool, ...]


@dataclass(frozen=True)
class ChartSpec:
    """Everything a writer needs to draw ``chart`` the one way."""

    kind: str  # "bar" or "line"
    stacked: bool
    title: str
    categories: tuple[str, ...]
    x_positions: tuple[float, ...]  # category index, or the year on a time axis
    time_axis: Axis | None  # set when the x axis is spaced by time
    value_axis: Axis
    x_title: str
    y_title: str
    series: tuple[SeriesSpec, ...]
    decimals: int  # of the value labels
    number_format: str  # the value labels' format as a spreadsheet format code
    tick_format: str  # the value ticks' format as a spreadsheet format code
    first_projected: int | None  # index of the first projected category


def format_decimals(number_format: str) -> int:
    """Decimals of a format such as "0", "0.0", "0.00"."""
    match = re.search(r"\.(0+)", number_format)
    return len(match.group(1)) if match else 0


def format_code(decimals: int) -> str:
    """The spreadsheet format that prints what :func:`generator.figures.formatting.number` prints (grouping, U+2212)."""
    body = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return f'{body};"\u2212"{body}'


def nice_scale(values: list[float]) -> tuple[float, float, float]:
    """(minimum, maximum, step) of a value axis that includes zero and ends on round ticks."""
    lo, hi = min(values + [0.0]), max(values + [0.0])
    if not (hi - lo) / 5 > 1e-300:  # equal, or so close (subnormal) that log10 of the step would fail
        hi = lo + 1.0
    raw = (hi - lo) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    low, high = math.floor(lo / step) * step, math.ceil(hi / step) * step
    # Leave room for a value label beyond the longest bar: one more tick when it ends too near the edge.
    if lo < 0 and lo - low < 0.4 * step:
        low -= step
    if hi > 0 and high - hi < 0.4 * step:
        high += step
    return low, high, step


def tick_decimals(step: float) -> int:
    """As many decimals as the tick step needs (0.25 → 2, 0.5 → 1, 5 → 0)."""
    if step >= 1:
        return 0
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    while decimals < 6 and abs(round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-9:
        decimals += 1
    return decimals


def _value_axis(values: list[float], language: str) -> Axis:
    low, high, step = nice_scale(values)
    count = int(round((high - low) / step))
    ticks = tuple(low + i * step for i in range(count + 1))
    decimals = tick_decimals(step)
    return Axis(low, high, step, ticks, tuple(number(t, decimals, language) for t in ticks), decimals)


def years(categories: tuple[str, ...]) -> tuple[int, ...] | None:
    """The categories as years when every one is a year, in increasing order; else None."""
    found = [_YEAR.match(c) for c in categories]
    if not categories or not all(found):
        return None
    values = tuple(int(m.group(1)) for m in found if m)
    return values if all(a < b for a, b in zip(values, values[1:])) else None


def _time_axis(positions: tuple[int, ...]) -> Axis:
    first, last = positions[0], positions[-1]
    span = max(last - first, 1)
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 10 ** 9)
                if span / s <= _MAX_TIME_TICKS - 1)
    ticks = tuple(float(t) for t in range(first, last + 1, step))
    return Axis(float(first), float(max(last, first + 1)), float(step), ticks,
                tuple(str(int(t)) for t in ticks), 0)


def _clean_values(chart: Chart) -> list[tuple[float | None, ...]]:
    """One tuple per series, padded or cut to the categories; missing or non-finite values are gaps."""
    n = len(chart.categories)
    out = []
    for series in chart.series:
        values = [float(v) if isinstance(v, (int, float)) and math.isfinite(v) else None
                  for v in series.values[:n]]
        out.append(tuple(values + [None] * (n - len(values))))
    return out


def _stack_extents(data: list[tuple[float | None, ...]]) -> list[float]:
    """The ends of every stacked column: positive and negative parts stack apart, as Word stacks them."""
    ends: list[float] = []
    for j in range(len(data[0]) if data else 0):
        column = [v for row in data if (v := row[j]) is not None]
        ends += [sum(v for v in column if v > 0), sum(v for v in column if v < 0)]
    return ends


def chart_spec(chart: Chart, language: str = "en") -> ChartSpec:
    """The one specification both writers draw ``chart`` from; its numbers written as ``language`` writes
    them (as the prose and alt text write them: "1,5" in French and Russian)."""
    data = _clean_values(chart)
    stacked = chart.stacked and chart.kind == "bar" and len(data) > 1
    present = [v for row in data for v in row if v is not None]
    value_axis = _value_axis(_stack_extents(data) if stacked else present, language)
    year_values = years(chart.categories) if chart.kind == "line" and chart.x_scale != "category" else None
    time_axis = _time_axis(year_values) if year_values else None
    positions = tuple(float(y) for y in year_values) if year_values else tuple(
        float(i) for i in range(len(chart.categories)))
    decimals = format_decimals(chart.number_format)
    labelled = len(present) <= MAX_LABELLED_POINTS
    first_projected = (chart.categories.index(chart.projected_from)
                       if chart.projected_from in chart.categories else None)
    series = []
    for index, (source, values) in enumerate(zip(chart.series, data)):
        labels = tuple(number(v, decimals, language) if labelled and v is not None else None for v in values)
        projected = tuple(first_projected is not None and j >= first_projected for j in range(len(values)))
        series.append(SeriesSpec(source.name, values, PALETTE[index % len(PALETTE)], labels, projected))
    y_title = chart.y_label.strip() or chart.unit.strip()
    return ChartSpec(
        kind=chart.kind if chart.kind in ("bar", "line") else "bar", stacked=stacked, title=chart.title,
        categories=chart.categories, x_positions=positions, time_axis=time_axis, value_axis=value_axis,
        x_title=chart.x_label.strip(), y_title=y_title, series=tuple(series), decimals=decimals,
        number_format=format_code(decimals), tick_format=format_code(value_axis.decimals),
        first_projected=first_projected)


def lighten(colour: str, amount: float = 0.55) -> str:
    """``colour`` mixed with white (projected bars are drawn in a lighter shade of their series)."""
    channels = [int(colour[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in channels)
