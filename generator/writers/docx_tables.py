"""Tables and callout boxes for the DOCX writer.

Table XML is built directly rather than through python-docx's table API,
whose cell lookups make a 1,000-row table quadratic.
"""
from __future__ import annotations

from typing import Callable

from docx.oxml.ns import qn
from lxml import etree

from generator.model import Block, Callout, Table, TableCell
from generator.writers.docx_inline import Context, render_inlines
from generator.writers.docx_xml import el, paragraph, text_run, w_val

BlockRenderer = Callable[[tuple[Block, ...], Context, str], list[etree._Element]]

# tblLook flags tell Word which conditional parts of the table style apply.
_LOOK_DATA = {"w:val": "0620", "w:firstRow": "1", "w:lastRow": "0", "w:firstColumn": "0",
              "w:lastColumn": "0", "w:noHBand": "1", "w:noVBand": "1"}
_LOOK_KEYFIGURES = {**_LOOK_DATA, "w:val": "0720", "w:lastColumn": "1"}
_LOOK_PLAIN = {**_LOOK_DATA, "w:val": "0600", "w:firstRow": "0"}
_CALLOUT_PADDING = 320  # twips of left plus right cell margin in the Callout Box style


def column_widths(total: int, count: int, relative: tuple[float, ...]) -> list[int]:
    """Column widths in twips summing to ``total``; ``relative`` is used when it fits ``count``."""
    if count <= 0:
        return []
    weights = [float(w) for w in relative] if len(relative) == count else []
    if not weights or any(not (w > 0) or w == float("inf") for w in weights):
        weights = [1.0] * count
    scale = total / sum(weights)
    widths = [int(w * scale) for w in weights]
    widths[-1] += total - sum(widths)
    return widths


def _table_element(style_id: str, widths: list[int], look: dict[str, str]) -> etree._Element:
    tbl_pr = el("w:tblPr", None, w_val("w:tblStyle", style_id),
                el("w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"}),
                el("w:tblLayout", {"w:type": "fixed"}), el("w:tblLook", look))
    grid = el("w:tblGrid", None, *(el("w:gridCol", {"w:w": str(w)}) for w in widths))
    return el("w:tbl", None, tbl_pr, grid)


def _cell(cell: TableCell | None, width: int, right: bool, ctx: Context, text_style: str) -> etree._Element:
    tc = el("w:tc", None, el("w:tcPr", None, el("w:tcW", {"w:w": str(width), "w:type": "dxa"})))
    p = paragraph(text_style, *([w_val("w:jc", "right")] if right else []))
    if cell is not None:
        render_inlines(cell.children, p, ctx, ctx.doc_part)
    tc.append(p)
    return tc


def _row(cells: tuple[TableCell, ...], widths: list[int], right: list[bool], ctx: Context,
         text_style: str, header: bool) -> etree._Element:
    # No row breaks across pages; the header row (tblHeader) repeats on every page the table spans.
    tr = el("w:tr", None, el("w:trPr", None, el("w:cantSplit"), *([el("w:tblHeader")] if header else [])))
    for index, width in enumerate(widths):
        cell = cells[index] if index < len(cells) else None
        tr.append(_cell(cell, width, right[index], ctx, text_style))
    return tr


def render_table(table: Table, ctx: Context) -> list[etree._Element]:
    """The caption paragraph (above) and the ``w:tbl`` of ``table``."""
    out: list[etree._Element] = []
    if table.caption:
        caption = paragraph(ctx.styles["caption"])
        render_inlines(table.caption, caption, ctx, ctx.doc_part)
        out.append(caption)
    count = max([len(table.header)] + [len(row) for row in table.rows])
    if count == 0:
        return out
    widths = column_widths(ctx.text_width, count, table.widths)
    right = [index < len(table.align) and table.align[index] == "right" for index in range(count)]
    keyfigures = table.style == "keyfigures"
    style_id = ctx.styles["Key Figures" if keyfigures else "Data Table"]
    if table.header:
        look = _LOOK_KEYFIGURES if keyfigures else _LOOK_DATA
    else:
        look = _LOOK_PLAIN
    tbl = _table_element(style_id, widths, look)
    text_style = ctx.styles["Table Text"]
    if table.header:
        tbl.append(_row(table.header, widths, right, ctx, text_style, header=True))
    for row in table.rows:
        tbl.append(_row(row, widths, right, ctx, text_style, header=False))
    out += [tbl, spacer()]
    return out


def spacer() -> etree._Element:
    """An empty paragraph after a table; without it Word merges adjacent tables."""
    return paragraph(None, el("w:spacing", {"w:after": "0"}))


def render_callout(callout: Callout, ctx: Context, render_blocks: BlockRenderer) -> list[etree._Element]:
    """A shaded, bordered 1x1 table holding the callout's title and blocks."""
    width = ctx.text_width
    tbl = _table_element(ctx.styles["Callout Box"], [width], _LOOK_PLAIN)
    tc = el("w:tc", None, el("w:tcPr", None, el("w:tcW", {"w:w": str(width), "w:type": "dxa"})))
    if callout.title:
        title = paragraph(ctx.styles["Callout Title"])
        title.append(text_run(callout.title))
        tc.append(title)
    ctx.text_width = width - _CALLOUT_PADDING
    try:
        for element in render_blocks(callout.blocks, ctx, ctx.styles["Callout"]):
            tc.append(element)
    finally:
        ctx.text_width = width
    # A cell must end with a paragraph (and hold at least one).
    if len(tc) == 1 or tc[-1].tag == qn("w:tbl"):
        tc.append(paragraph(ctx.styles["Callout"]))
    tbl.append(el("w:tr", None, tc))
    return [tbl, spacer()]
