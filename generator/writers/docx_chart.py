"""Native, editable Word charts for the DOCX writer: the chart part, its workbook and the drawing.

The chart is drawn from the one :class:`~generator.render.chartspec.ChartSpec` the PDF writer draws too
(docx_chart_xml writes its XML); the same data sits in an embedded workbook (docx_workbook) so
Word's "Edit Data" works.
"""
from __future__ import annotations

from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from generator.render.chartspec import HEIGHT, TITLE_HEIGHT, ChartSpec, chart_spec
from generator.model import Chart
from generator.writers.docx_chart_xml import chart_xml
from generator.writers.docx_inline import Context, render_inlines
from generator.writers.docx_workbook import chart_workbook
from generator.writers.docx_xml import EMU_PER_TWIP, clean, el, paragraph

_EMU_PER_POINT = 12700


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


def chart_part(chart: Chart, package: Any) -> tuple[Part, ChartSpec]:
    """A chart part with its embedded workbook (so Word's "Edit Data" works), not yet related to the
    document; the redline uses it for charts only the old edition has."""
    spec = chart_spec(chart)
    # next_partname skips chart parts a reference template may still hold.
    part = Part(package.next_partname("/word/charts/chart%d.xml"), CT.DML_CHART, b"", package)
    workbook = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"), CT.SML_SHEET,
                    chart_workbook(chart, spec.x_positions if spec.time_axis else None), package)
    part._blob = chart_xml(spec, part.relate_to(workbook, RT.PACKAGE))
    return part, spec


def render_chart(chart: Chart, ctx: Context) -> list[etree._Element]:
    """The chart paragraph (with its part related to the document), caption and source line."""
    number = ctx.next_id("chart")
    part, spec = chart_part(chart, ctx.doc_part.package)
    r_id = ctx.doc_part.relate_to(part, RT.CHART)
    cx = ctx.text_width * EMU_PER_TWIP
    cy = int((HEIGHT + (TITLE_HEIGHT if spec.title else 0)) * _EMU_PER_POINT)
    figure = paragraph(ctx.styles["Figure"])
    figure.append(el("w:r", None, _inline_drawing(r_id, number, ctx.next_id("docPr"), chart.alt_text, cx, cy)))
    out = [figure]
    for inlines, style in ((chart.caption, "caption"), (chart.source, "Source")):
        if inlines:
            p = paragraph(ctx.styles[style])
            render_inlines(inlines, p, ctx, ctx.doc_part)
            out.append(p)
    return out
