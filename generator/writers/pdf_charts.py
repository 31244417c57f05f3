"""Charts as vector drawings (reportlab.graphics), imported lazily: most briefs have none.

What a chart looks like (scales, ticks, value labels, colours, titles, projections, gaps) comes from
:mod:`generator.render.chartspec`, which the DOCX writer draws from too; this module only draws it.
"""
from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from generator.writers import fonts
from generator.render.chartspec import AXIS_GREY, GRID, HEIGHT, ChartSpec, chart_spec, lighten
from generator.model import Chart
from generator.writers.pdf_blocks import RenderContext
from generator.writers.pdf_markup import escape, one_line, render_inlines
from generator.writers.pdf_styles import PALETTE, current_language, geometry, styles

# Plot area inside the drawing: room for the legend on top and axis titles left and below.
PLOT_LEFT, PLOT_BOTTOM, PLOT_TOP_GAP, PLOT_RIGHT_GAP = 52.0, 34.0, 30.0, 12.0
MAX_BAR_WIDTH = 42.0
_DASH = (4, 3)
_FONT_SIZE = 8.5


def warm() -> None:
    """Import the chart machinery ahead of the first chart (in a writer process waiting for its first brief)."""
    import reportlab.graphics.charts.barcharts  # noqa: F401
    import reportlab.graphics.charts.legends  # noqa: F401
    import reportlab.graphics.charts.lineplots  # noqa: F401
    import reportlab.graphics.renderPDF  # noqa: F401
    import reportlab.graphics.widgets.markers  # noqa: F401


def _colour(hex_rgb: str) -> Any:
    return HexColor("#" + hex_rgb)


def _style_value_axis(axis: Any, spec: ChartSpec) -> None:
    scale = spec.value_axis
    axis.valueMin, axis.valueMax, axis.valueStep = scale.minimum, scale.maximum, scale.step
    labels = dict(zip(scale.ticks, scale.labels))
    axis.labelTextFormat = lambda v: labels.get(v) or next(
        (text for tick, text in labels.items() if abs(tick - v) < scale.step / 1000), "")
    axis.visibleGrid = 1
    axis.gridStrokeColor = _colour(GRID)
    axis.gridStrokeWidth = 0.3
    axis.visibleAxis = 0
    axis.visibleTicks = 0
    axis.labels.dx = -2


def _style_labels(*axes: Any, text: str = "") -> None:
    """Axis label fonts: the bundled CJK face when ``text`` (the category names) needs it."""
    for axis in axes:
        axis.labels.fontName = fonts.face_for(text, fonts.REGULAR)
        axis.labels.fontSize = _FONT_SIZE
        axis.labels.fillColor = PALETTE.text
        axis.strokeColor = _colour(AXIS_GREY)
        axis.strokeWidth = 0.5


def _axis_titles(spec: ChartSpec, width: float) -> list[Any]:
    """The x-axis title under the plot and the rotated y-axis title left of it."""
    from reportlab.graphics.shapes import Group, String

    shapes: list[Any] = []
    common = dict(fontName=fonts.REGULAR, fontSize=_FONT_SIZE, fillColor=_colour(AXIS_GREY), textAnchor="middle")
    if spec.x_title:
        centre = PLOT_LEFT + (width - PLOT_LEFT - PLOT_RIGHT_GAP) / 2
        x_title = one_line(spec.x_title)
        shapes.append(String(centre, 2, x_title, **{**common, "fontName": fonts.face_for(x_title, fonts.REGULAR)}))
    if spec.y_title:
        y_title = one_line(spec.y_title)
        rotated = Group(String(0, 0, y_title, **{**common, "fontName": fonts.face_for(y_title, fonts.REGULAR)}))
        rotated.transform = (0, 1, -1, 0, 12, PLOT_BOTTOM + (HEIGHT - PLOT_BOTTOM - PLOT_TOP_GAP) / 2)
        shapes.append(rotated)
    return shapes


def _legend(spec: ChartSpec, width: float) -> Any:
    """A one-row legend of series names, top right."""
    from reportlab.graphics.charts.legends import Legend

    legend = Legend()
    legend.colorNamePairs = [(_colour(s.colour), one_line(s.name)) for s in spec.series]
    legend.fontName = fonts.face_for("".join(s.name for s in spec.series), fonts.REGULAR)
    legend.fontSize = _FONT_SIZE
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.boxAnchor = "ne"
    legend.x, legend.y = width - PLOT_RIGHT_GAP, HEIGHT - 4
    legend.dx = legend.dy = 8
    legend.deltax, legend.dxTextSpace = 10, 4
    legend.strokeColor = None
    legend.swdx = 0
    return legend


def _place(plot: Any, width: float) -> None:
    plot.x, plot.y = PLOT_LEFT, PLOT_BOTTOM
    plot.width = width - PLOT_LEFT - PLOT_RIGHT_GAP
    plot.height = HEIGHT - PLOT_BOTTOM - PLOT_TOP_GAP


def _bar_plot(spec: ChartSpec, width: float) -> Any:
    """Clustered or stacked columns; projected columns lighter with a dashed edge; labels from the spec."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart

    plot = VerticalBarChart()
    _place(plot, width)
    plot.data = [s.values for s in spec.series]
    plot.categoryAxis.categoryNames = [one_line(c) for c in spec.categories]
    plot.categoryAxis.labels.boxAnchor = "n"
    plot.categoryAxis.labels.dy = -4
    # Keep category labels under the plot even when values go negative (the zero line is drawn apart).
    plot.categoryAxis.joinAxisMode = "bottom"
    plot.categoryAxis.joinAxis = plot.valueAxis
    if spec.stacked:
        plot.categoryAxis.style = "stacked"
    _style_labels(plot.valueAxis, plot.categoryAxis, text="".join(spec.categories))
    _style_value_axis(plot.valueAxis, spec)
    for i, series in enumerate(spec.series):
        plot.bars[i].fillColor = _colour(series.colour)
        plot.bars[i].strokeColor = None
        for j, projected in enumerate(series.projected):
            if projected:
                plot.bars[(i, j)].fillColor = _colour(lighten(series.colour))
                plot.bars[(i, j)].strokeColor = _colour(series.colour)
                plot.bars[(i, j)].strokeWidth = 0.75
                plot.bars[(i, j)].strokeDashArray = _DASH
    nseries = 1 if spec.stacked else len(spec.series)
    per_category = plot.width / max(len(spec.categories), 1)
    bar = min(MAX_BAR_WIDTH, per_category * 0.75 / nseries)
    plot.barWidth, plot.barSpacing = bar, 2
    plot.groupSpacing = max(4.0, per_category - nseries * bar - (nseries - 1) * 2)
    if any(label is not None for s in spec.series for label in s.labels):
        plot.barLabelFormat = "values"
        plot.barLabelArray = [[label or "" for label in s.labels] for s in spec.series]
        plot.barLabels.fontName, plot.barLabels.fontSize = fonts.REGULAR, 8
        if spec.stacked:
            plot.barLabels.boxTarget = "mid"
        else:
            plot.barLabels.nudge = 6
    return plot


def _runs(values: tuple[float | None, ...]) -> list[list[int]]:
    """Indices of the unbroken stretches of a series (a missing value breaks the line)."""
    runs: list[list[int]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(index)
    return [run for run in runs if run]


def _line_plot(spec: ChartSpec, width: float) -> Any:
    """Lines over categories or a time axis; gaps for missing values, projections dashed."""
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.widgets.markers import makeMarker

    plot = LinePlot()
    _place(plot, width)
    xs = spec.x_positions
    pieces: list[tuple[list[tuple[float, float]], str, bool]] = []
    for series in spec.series:
        first = spec.first_projected
        for run in _runs(series.values):
            actual = [j for j in run if first is None or j < first]
            projected = [j for j in run if first is not None and j >= first - 1 and (j >= first or j + 1 in run)]
            for indices, dashed in ((actual, False), (projected, True)):
                if indices:
                    points = [(xs[j], v) for j in indices if (v := series.values[j]) is not None]
                    pieces.append((points, series.colour, dashed))
    plot.data = [points for points, _colour_hex, _dashed in pieces] or [[(0.0, 0.0)]]
    for k, (_points, colour, dashed) in enumerate(pieces):
        line = plot.lines[k]
        line.strokeColor = _colour(colour)
        line.strokeWidth = 2
        line.strokeDashArray = _DASH if dashed else None
        line.symbol = makeMarker("FilledCircle", size=5, fillColor=_colour(colour), strokeColor=_colour(colour))
    if not pieces:
        plot.lines[0].strokeColor = None
    x_axis = plot.xValueAxis
    if spec.time_axis:
        time = spec.time_axis
        x_axis.valueMin, x_axis.valueMax, x_axis.valueSteps = time.minimum, time.maximum, list(time.ticks)
        x_axis.labelTextFormat = lambda v: str(int(round(v)))
    else:  # points in the middle of their category, as Word's category axis places them
        x_axis.valueMin, x_axis.valueMax = -0.5, len(spec.categories) - 0.5
        x_axis.valueSteps = list(xs)
        names = [one_line(c) for c in spec.categories]
        x_axis.labelTextFormat = lambda v: names[int(round(v))] if 0 <= int(round(v)) < len(names) else ""
    x_axis.labels.boxAnchor = "n"
    x_axis.labels.dy = -4
    x_axis.visibleTicks = 0 if not spec.time_axis else 1
    x_axis.joinAxisMode = "bottom"
    x_axis.joinAxis = plot.yValueAxis
    _style_labels(plot.yValueAxis, x_axis, text="".join(spec.categories))
    _style_value_axis(plot.yValueAxis, spec)
    return plot


def _line_labels(spec: ChartSpec, plot: Any) -> list[Any]:
    """Value labels above the points, in bold as Word's line labels."""
    from reportlab.graphics.shapes import String

    x_axis, y_scale = plot.xValueAxis, spec.value_axis
    out = []
    for series in spec.series:
        for j, (value, label) in enumerate(zip(series.values, series.labels)):
            if value is None or label is None:
                continue
            x = plot.x + plot.width * (spec.x_positions[j] - x_axis.valueMin) / (x_axis.valueMax - x_axis.valueMin)
            y = plot.y + plot.height * (value - y_scale.minimum) / (y_scale.maximum - y_scale.minimum)
            out.append(String(x, y + 6, label, fontName=fonts.BOLD, fontSize=8, textAnchor="middle",
                              fillColor=PALETTE.text))
    return out


def drawing(chart: Chart, width: float | None = None) -> Any:
    """The chart as a vector Drawing: plot, zero line, value labels, legend and axis titles."""
    from reportlab.graphics.shapes import Drawing, Line

    spec = chart_spec(chart, current_language())
    width = geometry().frame_width if width is None else width
    canvas = Drawing(width, HEIGHT)
    # The renderer otherwise starts each drawing in Helvetica, an unembedded font.
    canvas.initialFontName, canvas.initialFontSize = fonts.REGULAR, _FONT_SIZE
    if not spec.series or not spec.categories:
        return canvas
    plot = _line_plot(spec, width) if spec.kind == "line" else _bar_plot(spec, width)
    canvas.add(plot)
    if spec.kind == "line":
        for label in _line_labels(spec, plot):
            canvas.add(label)
    vmin, vmax = spec.value_axis.minimum, spec.value_axis.maximum
    if vmin < 0 < vmax:
        zero_y = plot.y + plot.height * (0 - vmin) / (vmax - vmin)
        canvas.add(Line(plot.x, zero_y, plot.x + plot.width, zero_y, strokeColor=_colour(AXIS_GREY),
                        strokeWidth=0.8))
    canvas.add(_legend(spec, width))
    for shape in _axis_titles(spec, width):
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
        parts.append(Paragraph(render_inlines(block.caption, ctx), st["chartcaption"]))
    if block.source:
        parts.append(Paragraph(render_inlines(block.source, ctx), st["source"]))
    return [KeepTogether(parts)]
