"""Block rendering for the DOCX writer: headings, paragraphs, lists and dispatch to tables and charts."""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from generator.model import (
    Block, BulletList, Callout, Chart, Heading, NumberedList, PageBreak, Paragraph, Table,
)
from generator.writers.docx_chart import render_chart
from generator.writers.docx_inline import Context, render_inlines
from generator.writers.docx_numbering import continuation_level
from generator.writers.docx_tables import render_callout, render_table
from generator.writers.docx_xml import el, page_break_paragraph, paragraph, w_val

_PARAGRAPH_STYLES = {"lead": "Lead", "small": "Small"}
_MAX_STYLE_DEPTH = 3  # Word's list styles go "List Bullet", "List Bullet 2", "List Bullet 3"


def _bookmark_name(anchor: str, ctx: Context) -> str:
    """A valid, unique Word bookmark name for ``anchor`` (letter first, word characters, <= 40)."""
    name = re.sub(r"\W", "_", anchor, flags=re.ASCII)
    if not name[:1].isalpha():
        name = "h_" + name
    name = name[:40]
    base, n = name, 1
    while name in ctx.bookmark_names:
        n += 1
        suffix = f"_{n}"
        name = base[: 40 - len(suffix)] + suffix
    ctx.bookmark_names.add(name)
    return name


def render_heading(heading: Heading, ctx: Context) -> etree._Element:
    """A paragraph in style Heading 1-3 with a bookmark named after its anchor."""
    level = min(max(heading.level, 1), 3)
    p = paragraph(ctx.styles[f"heading {level}"])
    bookmark_id = None
    if heading.anchor:
        bookmark_id = str(ctx.next_id("bookmark"))
        p.append(el("w:bookmarkStart", {"w:id": bookmark_id, "w:name": _bookmark_name(heading.anchor, ctx)}))
    render_inlines(heading.children, p, ctx, ctx.doc_part)
    if bookmark_id:
        p.append(el("w:bookmarkEnd", {"w:id": bookmark_id}))
    return p


def render_paragraph(block: Paragraph, ctx: Context, body_style: str | None) -> etree._Element:
    """A paragraph in style Lead, Small or the surrounding body style."""
    role = _PARAGRAPH_STYLES.get(block.style)
    p = paragraph(ctx.styles[role] if role else body_style)
    render_inlines(block.children, p, ctx, ctx.doc_part)
    return p


def _list_styles(numbered: bool, depth: int, ctx: Context) -> tuple[str, str]:
    suffix = "" if depth == 0 else f" {min(depth, _MAX_STYLE_DEPTH - 1) + 1}"
    base = "List Number" if numbered else "List Bullet"
    return ctx.styles[base + suffix], ctx.styles["List Continue" + suffix]


def render_list(block: BulletList | NumberedList, ctx: Context, depth: int = 0) -> list[etree._Element]:
    """Numbered paragraphs with a fresh numbering instance; nested lists go one level deeper."""
    numbered = isinstance(block, NumberedList)
    level = min(depth, 8)
    num_id = ctx.numbering.new_list(numbered, level, block.start if isinstance(block, NumberedList) else 1)
    item_style, continue_style = _list_styles(numbered, depth, ctx)
    out: list[etree._Element] = []
    below = continuation_level(level)

    def numbered_paragraph(style: str, ilvl: int | None) -> etree._Element:
        if ilvl is None:
            return paragraph(style)
        return paragraph(style, el("w:numPr", None, w_val("w:ilvl", ilvl), w_val("w:numId", num_id)))

    for item in block.items:

        blocks = item.blocks
        if not blocks or not isinstance(blocks[0], Paragraph):
            out.append(numbered_paragraph(item_style, level))  # keep the item's number or bullet
        for index, child in enumerate(blocks):
            if isinstance(child, Paragraph):
                p = numbered_paragraph(item_style, level) if index == 0 else numbered_paragraph(continue_style, below)
                render_inlines(child.children, p, ctx, ctx.doc_part)
                out.append(p)
            elif isinstance(child, (BulletList, NumberedList)):
                out += render_list(child, ctx, depth + 1)
            else:
                out += render_blocks((child,), ctx, continue_style)
    return out


def render_blocks(blocks: tuple[Block, ...], ctx: Context, body_style: str | None = None) -> list[etree._Element]:
    """Body-level elements (``w:p`` and ``w:tbl``) for ``blocks``; ``body_style`` styles plain paragraphs.
    Each block goes through the visitor (``ctx``, a :class:`DocxVisitor`): a block it has no method for raises."""
    saved, ctx.body_style = ctx.body_style, body_style
    try:
        out: list[etree._Element] = []
        for block in blocks:
            out += ctx.block(block)
        return out
    finally:
        ctx.body_style = saved


@dataclass(eq=False)
class DocxVisitor(Context):
    """The DOCX writer's visitor: ``block_<type>`` gives a block's body-level elements."""

    def block_heading(self, node: Heading) -> list[etree._Element]:
        return [render_heading(node, self)]

    def block_paragraph(self, node: Paragraph) -> list[etree._Element]:
        return [render_paragraph(node, self, self.body_style)]

    def block_bullet_list(self, node: BulletList) -> list[etree._Element]:
        return render_list(node, self)

    def block_numbered_list(self, node: NumberedList) -> list[etree._Element]:
        return render_list(node, self)

    def block_table(self, node: Table) -> list[etree._Element]:
        return render_table(node, self)

    def block_chart(self, node: Chart) -> list[etree._Element]:
        return render_chart(node, self)

    def block_callout(self, node: Callout) -> list[etree._Element]:
        return render_callout(node, self, render_blocks)

    def block_page_break(self, node: PageBreak) -> list[etree._Element]:
        return [page_break_paragraph()]
