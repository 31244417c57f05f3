"""Charts as vector drawings (reportlab.graphics), imported lazily: most briefs have none."""
from __future__ import annotations

import math
import re
from typing import Any, Callable

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from generator import fonts
from generator.formatting import number
from generator.model import Chart
from generator.writers.pdf_blocks import RenderContext
from generator.writers.pdf_markup import clean, escape, render_inlines
from generator.writers.pdf_styles import FRAME_WIDTH, PALETTE, styles

HEIGHT = 215.0
# Plot area inside the drawing: room for the legend on top and axis titles left and below.
PLOT_LEFT, PLOT_BOTTOM, PLOT_TOP_GAP, PLOT_RIGHT_GAP = 52.0, 34.0, 30.0, 12.0
# Value labels on bars/points only while they stay legible.
MAX_LABELLED_POINTS = 12
MAX_BAR_WIDTH = 42.0


def value_formatter(number_format: str) -> Callable[[float], str]:
    """A formatter for ``number_format`` ("0", "0.0", "0.00", optional trailing "%")."""
    match = re.search(r"\.(0+)", number_format)
    decimals = len(match.group(1)) if match else 0
    suffix = "%" if number_format.strip().endswith("%") else ""

    def fmt(value: float) -> str:
        return number(value, decimals) + suffix  # rounds as the prose does, with a true minus sign
    return fmt


def tick_formatter(step: float) -> Callable[[float], str]:
    """Axis tick labels with only as many decimals as the tick step needs."""
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    if step < 1 and round(step * 10 ** decimals) % 1:
        decimals += 1
    return lambda v: number(v, decimals)


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


def _series_data(chart: Chart) -> list[tuple[float | None, ...]]:
    """One tuple per series, padded or cut to the number of categories; non-finite values become gaps."""
    n = len(chart.categories)
    data = []
    for series in chart.series:
        values = [v if isinstance(v, (int, float)) and math.isfinite(v) else None for v in series.values[:n]]
        data.append(tuple(values + [None] * (n - len(values))))
    return data


def _style_axes(plot: Any, scale: tuple[float, float, float]) -> None:
    """Fonts, ticks and gridlines shared by bar and line charts."""
    vmin, vmax, step = scale
    va, ca = plot.valueAxis, plot.categoryAxis
    va.valueMin, va.valueMax, va.valueStep = vmin, vmax, step
    va.labelTextFormat = tick_formatter(step)
    for axis in (va, ca):
        axis.labels.fontName = fonts.REGULAR
        axis.labels.fontSize = 8.5
        axis.labels.fillColor = PALETTE.text
        axis.strokeColor = PALETTE.grey
        axis.strokeWidth = 0.5
    va.visibleGrid = 1
    va.gridStrokeColor = PALETTE.rule
    va.gridStrokeWidth = 0.3
    va.visibleAxis = 0
    va.visibleTicks = 0
    va.labels.dx = -2
    ca.labels.boxAnchor = "n"
    ca.labels.dy = -4


def _axis_titles(chart: Chart, width: float) -> list[Any]:
    """The x-axis title under the plot and the rotated y-axis title (with the unit) left of it."""
    from reportlab.graphics.shapes import Group, String

    y_title = clean(chart.y_label).strip()
    unit = clean(chart.unit).strip()
    if unit and unit.lower() not in y_title.lower():
        y_title = f"{y_title} ({unit})" if y_title else unit
    shapes: list[Any] = []
    common = dict(fontName=fonts.REGULAR, fontSize=8.5, fillColor=PALETTE.grey, textAnchor="middle")
    if chart.x_label.strip():
        centre = PLOT_LEFT + (width - PLOT_LEFT - PLOT_RIGHT_GAP) / 2
        x_title = clean(chart.x_label).strip()
        shapes.append(String(centre, 2, x_title, **{**common, "fontName": fonts.face_for(x_title, fonts.REGULAR)}))
    if y_title:
        rotated = Group(String(0, 0, y_title, **{**common, "fontName": fonts.face_for(y_title, fonts.REGULAR)}))
        rotated.transform = (0, 1, -1, 0, 12, PLOT_BOTTOM + (HEIGHT - PLOT_BOTTOM - PLOT_TOP_GAP) / 2)
        shapes.append(rotated)
    return shapes


def _legend(chart: Chart, width: float) -> Any:
    """A one-row legend of series names, top right."""
    from reportlab.graphics.charts.legends import Legend

    legend = Legend()
    legend.colorNamePairs = [(PALETTE.series[i % len(PALETTE.series)], clean(s.name))
                             for i, s in enumerate(chart.series)]
    legend.fontName = fonts.face_for("".join(s.name for s in chart.series), fonts.REGULAR)
    legend.fontSize = 8.5
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.boxAnchor = "ne"
    legend.x, legend.y = width - PLOT_RIGHT_GAP, HEIGHT - 4
    legend.dx = legend.dy = 8
    legend.deltax, legend.dxTextSpace = 10, 4
    legend.strokeColor = None
    legend.swdx = 0
    return legend


def _plot(chart: Chart, data: list[tuple[float | None, ...]], width: float) -> tuple[Any, tuple[float, float, float]]:
    """The bar or line plot positioned inside the drawing, and its value scale."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.widgets.markers import makeMarker

    line = chart.kind == "line"
    plot = HorizontalLineChart() if line else VerticalBarChart()
    plot.x, plot.y = PLOT_LEFT, PLOT_BOTTOM
    plot.width = width - PLOT_LEFT - PLOT_RIGHT_GAP
    plot.height = HEIGHT - PLOT_BOTTOM - PLOT_TOP_GAP
    plot.data = data
    plot.categoryAxis.categoryNames = [clean(c) for c in chart.categories]
    values = [v for row in data for v in row if v is not None]
    scale = nice_scale(values)
    _style_axes(plot, scale)
    plot.categoryAxis.labels.fontName = fonts.face_for("".join(chart.categories), fonts.REGULAR)
    labelled = len(values) <= MAX_LABELLED_POINTS
    fmt = value_formatter(chart.number_format)
    for i in range(len(data)):
        colour = PALETTE.series[i % len(PALETTE.series)]
        if line:
            plot.lines[i].strokeColor = colour
            plot.lines[i].strokeWidth = 2
            plot.lines[i].symbol = makeMarker("FilledCircle", size=5, fillColor=colour, strokeColor=colour)
        else:
            plot.bars[i].fillColor = colour
            plot.bars[i].strokeColor = None
    # Keep category labels under the plot even when values go negative (the zero line is drawn apart).
    plot.categoryAxis.joinAxisMode = "bottom"
    plot.categoryAxis.joinAxis = plot.valueAxis
    if line:
        plot.joinedLines = 1
        if labelled:
            plot.lineLabelFormat = fmt
            plot.lineLabels.fontName, plot.lineLabels.fontSize = fonts.BOLD, 8
            plot.lineLabels.dy = 7
    else:
        _size_bars(plot, len(data), len(chart.categories))
        if labelled:
            plot.barLabelFormat = fmt
            plot.barLabels.fontName, plot.barLabels.fontSize = fonts.REGULAR, 8
            plot.barLabels.nudge = 6
    return plot, scale


def _size_bars(plot: Any, nseries: int, ncategories: int) -> None:
    """Cap bar width so that charts with few bars do not get slabs (reportlab scales these units)."""
    per_category = plot.width / max(ncategories, 1)
    bar = min(MAX_BAR_WIDTH, per_category * 0.75 / max(nseries, 1))
    plot.barWidth, plot.barSpacing = bar, 2
    plot.groupSpacing = max(4.0, per_category - nseries * bar - (nseries - 1) * 2)


def drawing(chart: Chart, width: float = FRAME_WIDTH) -> Any:
    """The chart as a vector Drawing: plot, zero line, legend and axis titles."""
    from reportlab.graphics.shapes import Drawing, Line

    data = _series_data(chart)
    canvas = Drawing(width, HEIGHT)
    # The renderer otherwise starts each drawing in Helvetica, an unembedded font.
    canvas.initialFontName, canvas.initialFontSize = fonts.REGULAR, 8.5
    if not data or not chart.categories:
        return canvas
    plot, (vmin, vmax, _) = _plot(chart, data, width)
    canvas.add(plot)
    if vmin < 0 < vmax:
        zero_y = plot.y + plot.height * (0 - vmin) / (vmax - vmin)
        canvas.add(Line(plot.x, zero_y, plot.x + plot.width, zero_y, strokeColor=PALETTE.grey, strokeWidth=0.8))
    canvas.add(_legend(chart, width))
    for shape in _axis_titles(chart, width):
        canvas.add(shape)
    return canvas


def chart(block: Chart, ctx: RenderContext) -> list[Flowable]:
    """Title, drawing, caption and source, kept together on one page."""
    st = styles()
    parts: list[Flowable] = []
    if block.title.strip():
        parts.append(Paragraph(escape(block.title), st["charttitle"]))
    parts.append(drawing(block))
    if block.caption:
        parts.append(Paragraph(render_inlines(block.caption, ctx.inline), st["chartcaption"]))
    if block.source:
        parts.append(Paragraph(render_inlines(block.source, ctx.inline), st["source"]))
    return [KeepTogether(parts)]
