"""The DrawingML ``c:chartSpace`` of a native Word chart, drawn from a :class:`~generator.render.chartspec.ChartSpec`.

Clustered or stacked columns (``c:barChart``), lines over categories (``c:lineChart``) or lines over
a time axis (``c:scatterChart``, whose x values are the years). Category and value data are written
as caches, so Word and LibreOffice draw the chart at once. Element order follows the DrawingML chart
schema (ISO/IEC 29500-1 §21.2), which Word enforces.
"""
from __future__ import annotations

from lxml import etree

from generator.render.chartspec import AXIS_GREY, GRID, ChartSpec, SeriesSpec, lighten
from generator.writers.docx_workbook import column
from generator.writers.docx_xml import clean

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NSMAP = {"c": C_NS, "a": A_NS, "r": R_NS}
_X_AX, _VAL_AX = "50010", "50020"
_TEXT_SIZE, _TITLE_SIZE, _LABEL_SIZE = 900, 1200, 800  # hundredths of a point
_LINE_WIDTH = 25400  # EMU: 2 pt, as the PDF draws lines
_DASH = "dash"


def _c(parent: etree._Element | None, tag: str, val: str | None = None, **attrs: str) -> etree._Element:
    """Append (or create, when ``parent`` is None) ``prefix:tag`` with an optional ``val``."""
    prefix, local = tag.split(":")
    name = f"{{{_NSMAP[prefix]}}}{local}"
    node = etree.Element(name, nsmap=_NSMAP) if parent is None else etree.SubElement(parent, name)
    if val is not None:
        node.set("val", clean(val))
    for key, value in attrs.items():
        node.set(key, clean(value))
    return node


def _solid(parent: etree._Element, colour: str) -> None:
    _c(_c(parent, "a:solidFill"), "a:srgbClr", colour)


def _line(parent: etree._Element, colour: str, width: int, dashed: bool = False) -> None:
    ln = _c(parent, "a:ln", w=str(width), cap="rnd")
    _solid(ln, colour)
    if dashed:
        _c(ln, "a:prstDash", _DASH)


def _text_props(parent: etree._Element, size: int, colour: str | None = None, bold: bool = False) -> None:
    tx_pr = _c(parent, "c:txPr")
    _c(tx_pr, "a:bodyPr")
    _c(tx_pr, "a:lstStyle")
    p = _c(tx_pr, "a:p")
    rpr = _c(_c(p, "a:pPr"), "a:defRPr", sz=str(size), b=str(int(bold)))
    if colour:
        _solid(rpr, colour)
    _c(p, "a:endParaRPr", lang="en-US")


def _title(parent: etree._Element, text: str, size: int, bold: bool, rotate: bool = False) -> None:
    title = _c(parent, "c:title")
    rich = _c(_c(title, "c:tx"), "c:rich")
    _c(rich, "a:bodyPr", **({"rot": "-5400000", "vert": "horz"} if rotate else {}))
    _c(rich, "a:lstStyle")
    p = _c(rich, "a:p")
    rpr = _c(_c(p, "a:pPr"), "a:defRPr", sz=str(size), b=str(int(bold)))
    if not bold:
        _solid(rpr, AXIS_GREY)
    run = _c(p, "a:r")
    _c(run, "a:rPr", lang="en-US", sz=str(size), b=str(int(bold)))
    _c(run, "a:t").text = clean(text)
    _c(title, "c:overlay", "0")


def _str_ref(parent: etree._Element, formula: str, values: tuple[str, ...]) -> None:
    ref = _c(parent, "c:strRef")
    _c(ref, "c:f").text = formula
    cache = _c(ref, "c:strCache")
    _c(cache, "c:ptCount", str(len(values)))
    for index, value in enumerate(values):
        _c(_c(cache, "c:pt", idx=str(index)), "c:v").text = clean(value)


def _num_ref(parent: etree._Element, formula: str, values: tuple[float | None, ...], fmt: str) -> None:
    """Numbers with a cache; a missing value has no point, which Word draws as a gap."""
    ref = _c(parent, "c:numRef")
    _c(ref, "c:f").text = formula
    cache = _c(ref, "c:numCache")
    _c(cache, "c:formatCode").text = fmt
    _c(cache, "c:ptCount", str(len(values)))
    for index, value in enumerate(values):
        if value is not None:
            _c(_c(cache, "c:pt", idx=str(index)), "c:v").text = repr(float(value))


def _marker(parent: etree._Element, colour: str) -> None:
    marker = _c(parent, "c:marker")
    _c(marker, "c:symbol", "circle")
    _c(marker, "c:size", "5")
    sp_pr = _c(marker, "c:spPr")
    _solid(sp_pr, colour)
    _line(sp_pr, colour, 9525)


def _data_points(ser: etree._Element, spec: ChartSpec, series: SeriesSpec, bar: bool) -> None:
    """Projected points: a lighter, dash-edged column, or a dashed line segment leading to the point."""
    for index, projected in enumerate(series.projected):
        if not projected or series.values[index] is None:
            continue
        point = _c(ser, "c:dPt")
        _c(point, "c:idx", str(index))
        if bar:
            _c(point, "c:invertIfNegative", "0")
            _c(point, "c:bubble3D", "0")
            sp_pr = _c(point, "c:spPr")
            _solid(sp_pr, lighten(series.colour))
            _line(sp_pr, series.colour, 9525, dashed=True)
        else:
            _line(_c(point, "c:spPr"), series.colour, _LINE_WIDTH, dashed=True)


def _labels(ser: etree._Element, spec: ChartSpec, series: SeriesSpec) -> None:
    """Value labels formatted as the prose rounds them; none when the chart has too many points."""
    labels = _c(ser, "c:dLbls")
    if not any(label is not None for label in series.labels):
        _c(labels, "c:delete", "1")
        return
    _c(labels, "c:numFmt", formatCode=spec.number_format, sourceLinked="0")
    sp_pr = _c(labels, "c:spPr")
    _c(sp_pr, "a:noFill")
    _c(_c(sp_pr, "a:ln"), "a:noFill")
    _text_props(labels, _LABEL_SIZE, bold=spec.kind == "line")
    position = "ctr" if spec.stacked else ("outEnd" if spec.kind == "bar" else "t")
    _c(labels, "c:dLblPos", position)
    for flag, on in (("showLegendKey", 0), ("showVal", 1), ("showCatName", 0), ("showSerName", 0),
                     ("showPercent", 0), ("showBubbleSize", 0)):
        _c(labels, f"c:{flag}", str(on))


def _series(plot: etree._Element, spec: ChartSpec, index: int) -> None:
    series = spec.series[index]
    ser = _c(plot, "c:ser")
    _c(ser, "c:idx", str(index))
    _c(ser, "c:order", str(index))
    letter = column(index + 1)
    _str_ref(_c(ser, "c:tx"), f"Sheet1!${letter}$1", (series.name,))
    sp_pr = _c(ser, "c:spPr")
    bar = spec.kind == "bar"
    if bar:
        _solid(sp_pr, series.colour)
        _c(ser, "c:invertIfNegative", "0")
    else:
        _line(sp_pr, series.colour, _LINE_WIDTH)
        _marker(ser, series.colour)
    _data_points(ser, spec, series, bar)
    _labels(ser, spec, series)
    rows = len(spec.categories)
    categories = f"Sheet1!$A$2:$A${rows + 1}"
    values = f"Sheet1!${letter}$2:${letter}${rows + 1}"
    if spec.time_axis is not None:
        _num_ref(_c(ser, "c:xVal"), categories, spec.x_positions, "0")
        _num_ref(_c(ser, "c:yVal"), values, series.values, spec.number_format)
    else:
        _str_ref(_c(ser, "c:cat"), categories, spec.categories)
        _num_ref(_c(ser, "c:val"), values, series.values, spec.number_format)
    if not bar:
        _c(ser, "c:smooth", "0")


def _scaling(axis: etree._Element, minimum: float, maximum: float) -> None:
    scaling = _c(axis, "c:scaling")
    _c(scaling, "c:orientation", "minMax")
    _c(scaling, "c:max", repr(float(maximum)))
    _c(scaling, "c:min", repr(float(minimum)))


def _axis_look(axis: etree._Element, labels_low: bool) -> None:
    _c(axis, "c:majorTickMark", "none" if not labels_low else "out")
    _c(axis, "c:minorTickMark", "none")
    _c(axis, "c:tickLblPos", "low" if labels_low else "nextTo")  # low keeps labels clear of negative bars
    sp_pr = _c(axis, "c:spPr")
    if labels_low:
        _line(sp_pr, AXIS_GREY, 6350)
    else:
        _c(_c(sp_pr, "a:ln"), "a:noFill")
    _text_props(axis, _TEXT_SIZE)


def _x_axis(plot_area: etree._Element, spec: ChartSpec) -> None:
    time = spec.time_axis
    axis = _c(plot_area, "c:valAx" if time else "c:catAx")
    _c(axis, "c:axId", _X_AX)
    if time:
        _scaling(axis, time.minimum, time.maximum)
    else:
        _c(_c(axis, "c:scaling"), "c:orientation", "minMax")
    _c(axis, "c:delete", "0")
    _c(axis, "c:axPos", "b")
    if spec.x_title:
        _title(axis, spec.x_title, _TEXT_SIZE, False)
    _c(axis, "c:numFmt", formatCode="0" if time else "General", sourceLinked="0")
    _axis_look(axis, labels_low=True)
    _c(axis, "c:crossAx", _VAL_AX)
    _c(axis, "c:crosses", "autoZero")
    if time:
        _c(axis, "c:crossBetween", "midCat")
        _c(axis, "c:majorUnit", repr(time.step))
    else:
        _c(axis, "c:auto", "1")
        _c(axis, "c:lblAlgn", "ctr")
        _c(axis, "c:lblOffset", "100")
        _c(axis, "c:noMultiLvlLbl", "0")


def _value_axis(plot_area: etree._Element, spec: ChartSpec) -> None:
    scale = spec.value_axis
    axis = _c(plot_area, "c:valAx")
    _c(axis, "c:axId", _VAL_AX)
    _scaling(axis, scale.minimum, scale.maximum)
    _c(axis, "c:delete", "0")
    _c(axis, "c:axPos", "l")
    _line(_c(_c(axis, "c:majorGridlines"), "c:spPr"), GRID, 3810)
    if spec.y_title:
        _title(axis, spec.y_title, _TEXT_SIZE, False, rotate=True)
    _c(axis, "c:numFmt", formatCode=spec.tick_format, sourceLinked="0")
    _axis_look(axis, labels_low=False)
    _c(axis, "c:crossAx", _X_AX)
    if spec.time_axis:
        _c(axis, "c:crosses", "min")
    else:
        _c(axis, "c:crosses", "autoZero")
    _c(axis, "c:crossBetween", "midCat" if spec.time_axis else "between")
    _c(axis, "c:majorUnit", repr(float(scale.step)))


def _plot(plot_area: etree._Element, spec: ChartSpec) -> None:
    if spec.kind == "bar":
        plot = _c(plot_area, "c:barChart")
        _c(plot, "c:barDir", "col")
        _c(plot, "c:grouping", "stacked" if spec.stacked else "clustered")
    elif spec.time_axis:
        plot = _c(plot_area, "c:scatterChart")
        _c(plot, "c:scatterStyle", "lineMarker")
    else:
        plot = _c(plot_area, "c:lineChart")
        _c(plot, "c:grouping", "standard")
    _c(plot, "c:varyColors", "0")
    for index in range(len(spec.series)):
        _series(plot, spec, index)
    if spec.kind == "bar":
        _c(plot, "c:gapWidth", "80")
        if spec.stacked:
            _c(plot, "c:overlap", "100")
    elif not spec.time_axis:
        _c(plot, "c:marker", "1")
    _c(plot, "c:axId", _X_AX)
    _c(plot, "c:axId", _VAL_AX)


def chart_xml(spec: ChartSpec, workbook_rid: str = "") -> bytes:
    """The ``word/charts/chartN.xml`` payload of a chart."""
    space = _c(None, "c:chartSpace")
    _c(space, "c:date1904", "0")
    _c(space, "c:roundedCorners", "0")
    root = _c(space, "c:chart")
    if spec.title:
        _title(root, spec.title, _TITLE_SIZE, True)
    _c(root, "c:autoTitleDeleted", "0" if spec.title else "1")
    plot_area = _c(root, "c:plotArea")
    _c(plot_area, "c:layout")
    _plot(plot_area, spec)
    _x_axis(plot_area, spec)
    _value_axis(plot_area, spec)
    legend = _c(root, "c:legend")
    _c(legend, "c:legendPos", "t")
    _c(legend, "c:overlay", "0")
    _c(root, "c:plotVisOnly", "1")
    _c(root, "c:dispBlanksAs", "gap")
    tx_pr = _c(space, "c:txPr")
    _c(tx_pr, "a:bodyPr")
    _c(tx_pr, "a:lstStyle")
    text_p = _c(tx_pr, "a:p")
    _c(_c(_c(text_p, "a:pPr"), "a:defRPr", sz=str(_TEXT_SIZE)), "a:latin", typeface="Calibri")
    _c(text_p, "a:endParaRPr", lang="en-US")
    if workbook_rid:
        external = _c(space, "c:externalData", **{f"{{{R_NS}}}id": workbook_rid})
        _c(external, "c:autoUpdate", "0")
    return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)
