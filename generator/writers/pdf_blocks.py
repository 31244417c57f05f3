"""Model blocks to platypus flowables: title block, headings, paragraphs, lists, callouts, notes."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak, FrameBG, Flowable, ListFlowable, ListItem as RLListItem, PageBreak as RLPageBreak,
    Paragraph as RLParagraph, Spacer,
)

from generator import fonts
from generator.model import (
    Block, BulletList, Callout, Chart, Document, Heading, Meta, NumberedList, PageBreak, Paragraph,
    Table, Text, plain_text,
)
from generator.writers.pdf_markup import InlineContext, clean, escape, note_key, render_inlines
from generator.writers.pdf_styles import PALETTE, paragraph_style, styles


HEADING_ROOM = 110  # points: a heading or two plus about four lines of body text


class HeadingParagraph(RLParagraph):
    """A heading paragraph that carries its outline entry, kept on the first part if it splits."""

    outline_entry: tuple[str, str, int] | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803 - reportlab's API
        parts = super().split(availWidth, availHeight)  # parts are built with self.__class__
        for i, part in enumerate(parts):
            part.outline_entry = self.outline_entry if i == 0 else None
        return parts


@dataclass
class RenderContext:
    """State shared while turning one document's blocks into flowables."""

    inline: InlineContext
    used_keys: set[str] = field(default_factory=set)
    # Set when a first layout attempt failed: table cells are then capped (see pdf_tables).
    safe_mode: bool = False

    def heading_key(self, anchor: str, text: str) -> str:
        """A destination name for a heading, unique in the document even when anchors repeat."""
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", anchor or text).strip("-")[:60] or "section"
        key, n = f"h-{stem}", 1
        while key in self.used_keys:
            n += 1
            key = f"h-{stem}-{n}"
        self.used_keys.add(key)
        return key


def title_block(meta: Meta) -> list[Flowable]:
    """Page 1's title block: marking, title, subtitle, audience · date · edition, author/contact, version."""
    st = styles()
    out: list[Flowable] = []
    if meta.marking.strip():
        out.append(RLParagraph(escape(meta.marking), st["marking"]))
    out.append(RLParagraph(escape(meta.title), st["title"]))
    if meta.subtitle.strip():
        out.append(RLParagraph(escape(meta.subtitle), st["subtitle"]))
    line = " · ".join(escape(p) for p in (meta.audience, meta.date, meta.edition) if p.strip())
    if line:
        out.append(RLParagraph(line, st["titlemeta"]))
    who = " · ".join(escape(p) for p in (meta.author, meta.contact) if p.strip())
    if who:
        out.append(RLParagraph(who, st["titlemeta"]))
    if meta.version.strip():
        out.append(Spacer(0, 3))
        out.append(RLParagraph(escape(meta.version), st["version"]))
    out.append(_Rule(PALETTE.navy, 1.2, space_before=10, space_after=14))
    return out


class _Rule(Flowable):
    """A full-width horizontal rule."""

    def __init__(self, color: Any, thickness: float, space_before: float = 0, space_after: float = 0) -> None:
        super().__init__()
        self.color, self.thickness = color, thickness
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.width = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.thickness

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, 0, self.width, 0)


def heading(block: Heading, ctx: RenderContext) -> HeadingParagraph:
    """A heading paragraph with a named destination and an outline entry."""
    level = min(max(block.level, 1), 3)
    title = clean(plain_text(block.children)).strip() or "(untitled)"
    key = ctx.heading_key(block.anchor, title)
    para = HeadingParagraph(f'<a name="{key}"/>{render_inlines(block.children, ctx.inline)}',
                            styles()[f"h{level}"])
    para.outline_entry = (title, key, level - 1)
    return para


def blocks(items: tuple[Block, ...], ctx: RenderContext) -> list[Flowable]:
    """Flowables for a sequence of blocks."""
    out: list[Flowable] = []
    for index, block in enumerate(items):
        # reportlab will not keep a heading together with a list (lists may not sit in a
        # KeepTogether), so ask for room for a few lines before a run of headings. Not
        # between two headings: that would break the keep-with-next chain between them.
        if isinstance(block, Heading) and not (index and isinstance(items[index - 1], Heading)):
            out.append(CondPageBreak(HEADING_ROOM))
        out.extend(block_flowables(block, ctx))
    return out


def block_flowables(block: Block, ctx: RenderContext) -> list[Flowable]:
    """Flowables for one block."""
    # Imported here: tables and charts import this module's context type.
    from generator.writers.pdf_charts import chart
    from generator.writers.pdf_tables import table

    if isinstance(block, Heading):
        return [heading(block, ctx)]
    if isinstance(block, Paragraph):
        return [RLParagraph(render_inlines(block.children, ctx.inline), paragraph_style(block.style))]
    if isinstance(block, (BulletList, NumberedList)):
        return [list_flowable(block, ctx, depth=0), Spacer(0, 4)]
    if isinstance(block, Table):
        return table(block, ctx)
    if isinstance(block, Chart):
        return chart(block, ctx)
    if isinstance(block, Callout):
        return callout(block, ctx)
    if isinstance(block, PageBreak):
        return [RLPageBreak()]
    raise TypeError(f"unknown block: {type(block).__name__}")


def list_flowable(block: BulletList | NumberedList, ctx: RenderContext, depth: int) -> ListFlowable:
    """A bulleted or numbered list with hanging indents; nested lists indent further."""
    items = []
    for item in block.items:
        content: list[Flowable] = []
        for child in item.blocks:
            if isinstance(child, (BulletList, NumberedList)):
                content.append(list_flowable(child, ctx, depth + 1))
            else:
                content.extend(block_flowables(child, ctx))
        items.append(RLListItem(content or [Spacer(0, 0)]))
    common: dict[str, Any] = dict(leftIndent=16, bulletFontName=fonts.REGULAR, bulletFontSize=10.5,
                                  bulletColor=PALETTE.navy, spaceBefore=0, spaceAfter=0)
    if isinstance(block, NumberedList):
        return ListFlowable(items, bulletType="1", start=str(block.start), bulletFormat="%s.",
                            bulletDedent=16, **common)
    bullet = "•" if depth % 2 == 0 else "–"
    return ListFlowable(items, bulletType="bullet", start=bullet, bulletDedent=12, **common)


def callout(block: Callout, ctx: RenderContext) -> list[Flowable]:
    """A tinted, bordered box (drawn by FrameBG, so it can run across pages) with a bold title."""
    bottom_line = block.kind == "bottom-line"
    tint = PALETTE.tint if bottom_line else PALETTE.note_tint
    border = PALETTE.navy if bottom_line else PALETTE.rule
    inner: list[Flowable] = []
    if block.title.strip():
        inner.append(RLParagraph(escape(block.title), styles()["callouttitle"]))
    inner.extend(blocks(block.blocks, ctx))
    return [
        CondPageBreak(60),
        Spacer(0, 4),
        FrameBG(color=tint, strokeColor=border, strokeWidth=0.8, left=0, right=0, start=True),
        Spacer(0, 8),
        *[_Indented(f, 10) for f in inner],
        Spacer(0, 4),
        FrameBG(start=False),
        Spacer(0, 10),
    ]


class _Indented(Flowable):
    """Wraps a flowable with side padding so text keeps clear of the callout's border."""

    def __init__(self, content: Flowable, pad: float) -> None:
        super().__init__()
        self.content, self.pad = content, pad
        self.width = self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        w, h = self.content.wrap(availWidth - 2 * self.pad, availHeight)
        self.width, self.height = availWidth, h
        return availWidth, h

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return [_Indented(part, self.pad) for part in self.content.split(availWidth - 2 * self.pad, availHeight)]

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.content.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.content.getSpaceAfter()

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        self.content.drawOn(canvas, x + self.pad, y, _sW)


def notes_section(doc: Document, ctx: RenderContext) -> list[Flowable]:
    """The closing "Notes" heading and the numbered notes in order of first reference."""
    by_id = {note.note_id: note for note in doc.notes}
    numbers = ctx.inline.note_numbers
    if not numbers:
        return []
    title = heading(Heading(1, (Text(doc.meta.term("notes", "Notes")),), "notes"), ctx)
    # Styled as a section heading, but a top-level bookmark: notes belong to no one section.
    title.outline_entry = (*title.outline_entry[:2], 0)
    out: list[Flowable] = [title]
    style = ParagraphStyle("notesitem", parent=styles()["notes"], leftIndent=18, bulletIndent=0,
                           bulletFontName=fonts.REGULAR, bulletFontSize=9)
    for note_id, number in numbers.items():
        note = by_id.get(note_id)
        body = render_inlines(note.children, ctx.inline) if note else f"<i>Missing note {escape(note_id)}</i>"
        out.append(RLParagraph(f'<a name="{note_key(number)}"/>{body}', style, bulletText=f"{number}."))
    return out
