"""Model tables to platypus tables: ruled data tables and the key-figures panel."""
from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle

from generator.writers import fonts
from generator.model import Table, TableCell, Text, plain_text
from generator.writers.pdf_blocks import RenderContext
from generator.writers.pdf_keep import KeepWithNext
from generator.writers.pdf_markup import render_inlines
from generator.writers.pdf_styles import PALETTE, geometry, styles
from generator.writers.pdf_tagged import TaggedTable, tagged_paragraph

# In safe mode (after a layout failure) cells are cut to this many characters.
SAFE_CELL_CHARS = 2000
# Cells are Paragraphs, but the table still selects a cell font: without this, Helvetica (unembedded).
_BASE_FONT = [("FONT", (0, 0), (-1, -1), fonts.REGULAR, 9.5)]


def point_widths(table: Table, ncols: int, total: float | None = None) -> list[float]:
    """Absolute column widths: ``table.widths`` scaled to ``total``, or equal widths if unusable."""
    rel = list(table.widths)
    if len(rel) != ncols or any(w <= 0 for w in rel):
        rel = [1.0] * ncols
    scale = (geometry().frame_width if total is None else total) / sum(rel)
    return [w * scale for w in rel]


def _cell_markup(cell: TableCell, ctx: RenderContext) -> str:
    """Markup for one cell; in safe mode very long cells are truncated with a visible note."""
    if ctx.safe_mode:
        text = plain_text(cell.children)
        if len(text) > SAFE_CELL_CHARS:
            ctx.warn("table-cell-truncated", f"a table cell of {len(text)} characters did not fit a PDF page; "
                     f"cut to its first {SAFE_CELL_CHARS}, marked as cut")
            note = ctx.meta.term("pdf.cell_truncated", "[…cell truncated for the PDF layout]")
            return render_inlines((Text(f"{text[:SAFE_CELL_CHARS]} {note}"),), ctx)
    return render_inlines(cell.children, ctx)


def _row(cells: tuple[TableCell, ...], ncols: int, col_styles: list[ParagraphStyle],
         ctx: RenderContext, header: bool = False) -> list[Paragraph]:
    """A row of cell paragraphs (a TR of TH or TD elements), padded with empty cells to ``ncols``."""
    padded = list(cells[:ncols]) + [TableCell(())] * (ncols - len(cells))
    with ctx.within(ctx.elem("TR")):
        return [tagged_paragraph(_cell_markup(c, ctx), col_styles[i],
                                 ctx.elem("TH", scope="Column") if header else ctx.elem("TD"))
                for i, c in enumerate(padded)]


def _aligned(table: Table, ncols: int, left: ParagraphStyle, right: ParagraphStyle) -> list[ParagraphStyle]:
    """Per-column styles following ``table.align``."""
    align = list(table.align) + ["left"] * ncols
    return [right if align[i] == "right" else left for i in range(ncols)]


def _data_style() -> TableStyle:
    """Header rule, zebra rows and a closing rule for a data table."""
    commands: list[tuple] = [
        *_BASE_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, PALETTE.navy),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, PALETTE.navy),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, PALETTE.navy),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, PALETTE.zebra]),
    ]
    return TableStyle(commands)


def _keyfigures_style() -> TableStyle:
    """A tinted panel with a navy top bar and thin white separators between figures."""
    return TableStyle([
        *_BASE_FONT,
        ("BACKGROUND", (0, 0), (-1, -1), PALETTE.tint),
        ("LINEABOVE", (0, 0), (-1, 0), 2.5, PALETTE.navy),
        ("LINEBELOW", (0, 1), (-1, -2), 0.75, "#FFFFFF"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, 0), 8),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 2),
    ])


def table(block: Table, ctx: RenderContext) -> list[Flowable]:
    """The caption (kept with the table) and the table itself; the header row repeats on every page."""
    st = styles()
    ncols = max([len(block.header)] + [len(r) for r in block.rows])
    out: list[Flowable] = []
    if block.caption:
        out.append(ctx.para(render_inlines(block.caption, ctx), st["caption"], "Caption"))
    if ncols == 0:
        return out
    keyfigures = block.style == "keyfigures"
    if keyfigures:
        head = _aligned(block, ncols, st["kfhead"], _right(st["kfhead"]))
        body = [st["kflabel"]] + _aligned(block, ncols, st["kfvalue"], _right(st["kfvalue"]))[1:]
    else:
        head = _aligned(block, ncols, st["cellhead"], st["cellheadright"])
        body = _aligned(block, ncols, st["cell"], st["cellright"])
    with ctx.within(ctx.elem("THead")):
        data = [_row(block.header, ncols, head, ctx, header=True)]
    with ctx.within(ctx.elem("TBody")):
        data += [_row(r, ncols, body, ctx) for r in block.rows]
    # splitInRow lets a single cell taller than a page continue on the next page.
    flow = TaggedTable(data, colWidths=point_widths(block, ncols), repeatRows=1, splitInRow=1,
                   hAlign="LEFT", style=_keyfigures_style() if keyfigures else _data_style())
    # A key-figures panel stays in one piece unless that would leave a large gap (pdf_keep).
    out.extend([KeepWithNext([flow]) if keyfigures else flow, Spacer(0, 12)])
    return out


def _right(style: ParagraphStyle) -> ParagraphStyle:
    """A right-aligned copy of ``style``."""
    return ParagraphStyle(style.name + "-right", parent=style, alignment=2)
