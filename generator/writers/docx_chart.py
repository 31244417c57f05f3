"""Native, editable Word charts (DrawingML ``c:chartSpace`` parts) for the DOCX writer.

Category and value data are written as caches, so Word and LibreOffice draw
the chart at once; the same data sits in an embedded workbook (docx_workbook)
so Word's "Edit Data" works.
"""
from __future__ import annotations

import math

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from generator.model import Chart
from generator.writers.docx_inline import Context, render_inlines
from generator.writers.docx_workbook import chart_workbook, column
from generator.writers.docx_xml import EMU_PER_TWIP, clean, el, paragraph

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NSMAP = {"c": C_NS, "a": A_NS, "r": R_NS}
_PALETTE = ("1F4E79", "C55A11", "548235", "7F6000", "7030A0", "2E75B6")
_CAT_AX, _VAL_AX = "50010", "50020"


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


def _rich_text(parent: etree._Element, text: str, size: int, bold: bool, rotate: bool = False) -> None:
    rich = _c(_c(parent, "c:tx"), "c:rich")
    _c(rich, "a:bodyPr", **({"rot": "-5400000", "vert": "horz"} if rotate else {}))
    _c(rich, "a:lstStyle")
    p = _c(rich, "a:p")
    _c(_c(p, "a:pPr"), "a:defRPr", sz=str(size), b=str(int(bold)))
    run = _c(p, "a:r")
    _c(run, "a:rPr", lang="en-US", sz=str(size), b=str(int(bold)))
    _c(run, "a:t").text = clean(text)


def _title(parent: etree._Element, text: str, size: int, bold: bool, rotate: bool = False) -> None:
    title = _c(parent, "c:title")
    _rich_text(title, text, size, bold, rotate)
    _c(title, "c:overlay", "0")


def _str_ref(parent: etree._Element, formula: str, values: list[str]) -> None:
    ref = _c(parent, "c:strRef")
    _c(ref, "c:f").text = formula
    cache = _c(ref, "c:strCache")
    _c(cache, "c:ptCount", str(len(values)))
    for index, value in enumerate(values):
        _c(_c(cache, "c:pt", idx=str(index)), "c:v").text = clean(value)


def _num_ref(parent: etree._Element, formula: str, values: tuple[float, ...], fmt: str) -> None:
    ref = _c(parent, "c:numRef")
    _c(ref, "c:f").text = formula
    cache = _c(ref, "c:numCache")
    _c(cache, "c:formatCode").text = fmt
    _c(cache, "c:ptCount", str(len(values)))
    for index, value in enumerate(values):
        if isinstance(value, (int, float)) and math.isfinite(value):
            _c(_c(cache, "c:pt", idx=str(index)), "c:v").text = repr(float(value))


def _series(plot: etree._Element, chart: Chart, index: int, line: bool) -> None:
    series = chart.series[index]
    ser = _c(plot, "c:ser")
    _c(ser, "c:idx", str(index))
    _c(ser, "c:order", str(index))
    letter = column(index + 1)
    _str_ref(_c(ser, "c:tx"), f"Sheet1!${letter}$1", [series.name])
    color = _PALETTE[index % len(_PALETTE)]
    sp_pr = _c(ser, "c:spPr")
    if line:
        ln = _c(sp_pr, "a:ln", w="28575", cap="rnd")
        _c(_c(ln, "a:solidFill"), "a:srgbClr", color)
        marker = _c(ser, "c:marker")
        _c(marker, "c:symbol", "circle")
        _c(marker, "c:size", "6")
        _c(_c(_c(marker, "c:spPr"), "a:solidFill"), "a:srgbClr", color)
    else:
        _c(_c(sp_pr, "a:solidFill"), "a:srgbClr", color)
        _c(ser, "c:invertIfNegative", "0")
    rows = len(chart.categories)
    _str_ref(_c(ser, "c:cat"), f"Sheet1!$A$2:$A${rows + 1}", list(chart.categories))
    fmt = clean(chart.number_format) or "General"
    _num_ref(_c(ser, "c:val"), f"Sheet1!${letter}$2:${letter}${rows + 1}", series.values, fmt)
    if line:
        _c(ser, "c:smooth", "0")


def _axes(plot_area: etree._Element, chart: Chart) -> None:
    cat = _c(plot_area, "c:catAx")
    _c(cat, "c:axId", _CAT_AX)
    _c(_c(cat, "c:scaling"), "c:orientation", "minMax")
    _c(cat, "c:delete", "0")
    _c(cat, "c:axPos", "b")
    if chart.x_label:
        _title(cat, chart.x_label, 900, False)
    _c(cat, "c:numFmt", formatCode="General", sourceLinked="0")
    _c(cat, "c:majorTickMark", "out")
    _c(cat, "c:minorTickMark", "none")
    _c(cat, "c:tickLblPos", "low")  # keeps labels clear of negative bars
    _c(cat, "c:crossAx", _VAL_AX)
    _c(cat, "c:crosses", "autoZero")
    _c(cat, "c:auto", "1")
    _c(cat, "c:lblAlgn", "ctr")
    _c(cat, "c:lblOffset", "100")
    _c(cat, "c:noMultiLvlLbl", "0")
    val = _c(plot_area, "c:valAx")
    _c(val, "c:axId", _VAL_AX)
    scaling = _c(val, "c:scaling")
    _c(scaling, "c:orientation", "minMax")
    values = [v for s in chart.series for v in s.values if math.isfinite(v)]
    if chart.kind != "line" and values and min(values) >= 0:
        _c(scaling, "c:min", "0")  # columns must start at zero, whatever the auto-scaling does
    _c(val, "c:delete", "0")
    _c(val, "c:axPos", "l")
    ln = _c(_c(_c(val, "c:majorGridlines"), "c:spPr"), "a:ln", w="6350")
    _c(_c(ln, "a:solidFill"), "a:srgbClr", "D9D9D9")
    if chart.y_label or chart.unit:
        _title(val, chart.y_label or chart.unit, 900, False, rotate=True)
    _c(val, "c:numFmt", formatCode=clean(chart.number_format) or "General", sourceLinked="0")
    _c(val, "c:majorTickMark", "out")
    _c(val, "c:minorTickMark", "none")
    _c(val, "c:tickLblPos", "nextTo")
    _c(val, "c:crossAx", _CAT_AX)
    _c(val, "c:crosses", "autoZero")
    _c(val, "c:crossBetween", "between")


def chart_xml(chart: Chart, workbook_rid: str = "") -> bytes:
    """The ``word/charts/chartN.xml`` payload of ``chart``: a clustered column or line chart."""
    space = _c(None, "c:chartSpace")
    _c(space, "c:date1904", "0")
    _c(space, "c:roundedCorners", "0")
    root = _c(space, "c:chart")
    if chart.title:
        _title(root, chart.title, 1200, True)
    _c(root, "c:autoTitleDeleted", "0" if chart.title else "1")
    plot_area = _c(root, "c:plotArea")
    _c(plot_area, "c:layout")
    line = chart.kind == "line"
    if line:
        plot = _c(plot_area, "c:lineChart")
        _c(plot, "c:grouping", "standard")
    else:
        plot = _c(plot_area, "c:barChart")
        _c(plot, "c:barDir", "col")
        _c(plot, "c:grouping", "clustered")
    _c(plot, "c:varyColors", "0")
    for index in range(len(chart.series)):
        _series(plot, chart, index, line)
    if line:
        _c(plot, "c:marker", "1")
    else:
        _c(plot, "c:gapWidth", "150")
    _c(plot, "c:axId", _CAT_AX)
    _c(plot, "c:axId", _VAL_AX)
    _axes(plot_area, chart)
    legend = _c(root, "c:legend")
    _c(legend, "c:legendPos", "b")
    _c(legend, "c:overlay", "0")
    _c(root, "c:plotVisOnly", "1")
    _c(root, "c:dispBlanksAs", "gap")
    tx_pr = _c(space, "c:txPr")
    _c(tx_pr, "a:bodyPr")
    _c(tx_pr, "a:lstStyle")
    text_p = _c(tx_pr, "a:p")
    _c(_c(_c(text_p, "a:pPr"), "a:defRPr", sz="900"), "a:latin", typeface="Calibri")
    _c(text_p, "a:endParaRPr", lang="en-US")
    if workbook_rid:
        external = _c(space, "c:externalData", **{f"{{{R_NS}}}id": workbook_rid})
        _c(external, "c:autoUpdate", "0")
    return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)


def _inline_drawing(r_id: str, number: int, doc_pr_id: int, alt_text: str, cx: int, cy: int) -> etree._Element:
    drawing = parse_xml(
        f'<w:drawing {nsdecls("w", "wp", "a", "c", "r")}><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{doc_pr_id}" name="Chart {number}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart r:id="{r_id}"/></a:graphicData></a:graphic></wp:inline></w:drawing>')
    if alt_text:
        drawing.find(".//{*}docPr").set("descr", clean(alt_text))
    return drawing


def render_chart(chart: Chart, ctx: Context) -> list[etree._Element]:
    """The chart paragraph (with its part related to the document), caption and source line."""
    number = ctx.next_id("chart")
    package = ctx.doc_part.package
    # next_partname skips chart parts a reference template may still hold.
    partname = package.next_partname("/word/charts/chart%d.xml")
    part = Part(partname, CT.DML_CHART, b"", package)
    r_id = ctx.doc_part.relate_to(part, RT.CHART)
    workbook = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"), CT.SML_SHEET,
                    chart_workbook(chart), package)
    part._blob = chart_xml(chart, part.relate_to(workbook, RT.PACKAGE))
    cx = ctx.text_width * EMU_PER_TWIP
    cy = int(cx * 0.56)
    figure = paragraph(ctx.styles["Figure"])
    figure.append(el("w:r", None, _inline_drawing(r_id, number, ctx.next_id("docPr"), chart.alt_text, cx, cy)))
    out = [figure]
    for inlines, style in ((chart.caption, "caption"), (chart.source, "Source")):
        if inlines:
            p = paragraph(ctx.styles[style])
            render_inlines(inlines, p, ctx, ctx.doc_part)
            out.append(p)
    return out
