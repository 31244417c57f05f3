"""Model blocks to platypus flowables: title block, headings, paragraphs, lists, callouts, notes."""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, FrameBG, Flowable, KeepTogether, PageBreak as RLPageBreak, Spacer

from generator.writers import fonts
from generator.model import (
    Block, BulletList, Callout, Chart, Document, Heading, Meta, NumberedList, PageBreak, Paragraph,
    Table, Text, contact_inline, plain_text,
)
from generator.writers.pdf_keep import HEADING_ROOM, KeepWithNext
from generator.writers.pdf_markup import InlineContext, escape, note_key, one_line, render_inlines
from generator.writers.pdf_styles import GBT9704, PALETTE, current_house, paragraph_style, styles
from generator.writers.pdf_tagged import Label, ListEntry, Tagged, TaggedParagraph, tagged_paragraph
from generator.writers.pdf_tagging import StructElem, StructTree
from generator.writers.title_facts import title_facts, title_separator


# List labels by depth, as in the DOCX: 1. 2. 3., then a) b) c), then i. ii. iii.
_ROMAN = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def list_label(number: int, depth: int) -> str:
    """The label of item ``number`` of a numbered list nested ``depth`` numbered lists deep."""
    kind = depth % 3
    if kind == 0:
        return f"{number}."
    if kind == 1:
        letters = ""
        while number > 0:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return f"{letters})"
    roman = ""
    for value, digits in _ROMAN:
        count, number = divmod(number, value)
        roman += digits * count
    return f"{roman or number}."


@dataclass(eq=False)
class RenderContext(InlineContext):
    """State shared while turning one document's blocks into flowables; the PDF writer's visitor
    (``block_<type>`` gives a block's flowables, the inlines are :class:`InlineContext`'s)."""

    meta: Meta = Meta("")  # its terms: the words the writer prints itself, in the brief's language
    tree: StructTree = field(default_factory=StructTree)
    parent: StructElem | None = None  # where new structure elements go; the tree's root when None
    used_keys: set[str] = field(default_factory=set)
    last_heading: int = 0  # the last heading level tagged: tagged levels deepen one step at a time
    # Set when a first layout attempt failed: table cells are then capped (see pdf_tables).
    safe_mode: bool = False

    def elem(self, role: str, **attrs: Any) -> StructElem:
        """A new structure element after the current parent's last kid."""
        return (self.parent or self.tree.root).add(role, **attrs)

    @contextmanager
    def within(self, elem: StructElem) -> Iterator[StructElem]:
        """Make ``elem`` the parent of the elements created inside the block."""
        saved, self.parent = self.parent, elem
        try:
            yield elem
        finally:
            self.parent = saved

    def para(self, markup: str, style: ParagraphStyle, role: str = "P", **kw: Any) -> TaggedParagraph:
        """A paragraph that is a new element with ``role``."""
        return tagged_paragraph(markup, style, self.elem(role), **kw)

    def heading_level(self, level: int) -> int:
        """The level to tag a heading of ``level`` with, so that no level is skipped."""
        self.last_heading = max(1, min(level, self.last_heading + 1))
        return self.last_heading

    def heading_key(self, anchor: str, text: str) -> str:
        """A destination name for a heading, unique in the document even when anchors repeat."""
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", anchor or text).strip("-")[:60] or "section"
        key, n = f"h-{stem}", 1
        while key in self.used_keys:
            n += 1
            key = f"h-{stem}-{n}"
        self.used_keys.add(key)
        return key

    # ------------------------------------------------------------------ blocks
    def block_heading(self, node: Heading) -> list[Flowable]:
        return [heading(node, self)]

    def block_paragraph(self, node: Paragraph) -> list[Flowable]:
        return [self.para(render_inlines(node.children, self), paragraph_style(node.style))]

    def block_bullet_list(self, node: BulletList) -> list[Flowable]:
        return [*list_entries(node, self, indent=0.0, numbered_depth=0, bullet_depth=0), Spacer(0, 4)]

    def block_numbered_list(self, node: NumberedList) -> list[Flowable]:
        return [*list_entries(node, self, indent=0.0, numbered_depth=0, bullet_depth=0), Spacer(0, 4)]

    def block_table(self, node: Table) -> list[Flowable]:
        from generator.writers.pdf_tables import table  # imported here: it imports this module's context type

        with self.within(self.elem("Table")):
            return table(node, self)

    def block_chart(self, node: Chart) -> list[Flowable]:
        from generator.writers.pdf_charts import chart  # imported here, and only for a brief with charts

        return tag_chart(chart(node, self), node, self)

    def block_callout(self, node: Callout) -> list[Flowable]:
        return callout(node, self)

    def block_page_break(self, node: PageBreak) -> list[Flowable]:
        return [RLPageBreak()]


def title_block(meta: Meta, ctx: RenderContext) -> list[Flowable]:
    """Page 1's title block: title, subtitle, audience · date · edition, author/contact.

    The marking and the content version are printed in the header and footer of every page.
    """
    st = styles()
    out: list[Flowable] = [ctx.para(escape(meta.title), st["title"], f"H{ctx.heading_level(1)}")]
    if meta.subtitle.strip():
        out.append(ctx.para(escape(meta.subtitle), st["subtitle"]))
    separator = escape(title_separator(meta))
    line = separator.join(escape(fact) for fact in title_facts(meta))
    if line:
        out.append(ctx.para(line, st["titlemeta"]))
    who = [escape(meta.author)] if meta.author.strip() else []
    if meta.contact.strip():
        who.append(render_inlines((contact_inline(one_line(meta.contact)),), ctx))  # mailto: live, as in Word
    if who:
        out.append(ctx.para(separator.join(who), st["titlemeta"]))
    if current_house() != GBT9704:  # an official document has its red rule under the issuer, none here
        out.append(Rule(PALETTE.navy, 1.2, space_before=10, space_after=14))
    return out


class Rule(Flowable):
    """A full-width horizontal rule (drawn outside any tag: an artifact)."""

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


def heading(block: Heading, ctx: RenderContext) -> TaggedParagraph:
    """A heading paragraph with a named destination and an outline entry."""
    level = min(max(block.level, 1), 3)
    title = one_line(plain_text(block.children)).strip()
    if not title:  # a bookmark needs a title
        ctx.warn("heading-empty", "a heading has no text; its bookmark says it is untitled")
        title = ctx.meta.term("pdf.untitled", "(untitled)")
    key = ctx.heading_key(block.anchor, title)
    para = ctx.para(f'<a name="{key}"/>{render_inlines(block.children, ctx)}', styles()[f"h{level}"],
                    f"H{ctx.heading_level(level)}")
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
        flowables = block_flowables(block, ctx)
        if flowables and isinstance(flowables[0], KeepTogether):
            flowables[0] = _with_leading_headings(out, flowables[0])
        out.extend(flowables)
    return out


def _with_leading_headings(out: list[Flowable], group: KeepTogether) -> KeepTogether:
    """``group`` (a chart, a key-figures panel) with the headings that end ``out`` moved into it.

    reportlab's keepWithNext never joins a heading to a group that follows, so
    without this a heading can be left at the foot of a page above a gap.
    """
    headings: list[Flowable] = []
    while out and isinstance(out[-1], TaggedParagraph) and out[-1].getKeepWithNext():
        headings.insert(0, out.pop())
    return KeepWithNext([*headings, group]) if headings else group


def block_flowables(block: Block, ctx: RenderContext) -> list[Flowable]:
    """Flowables for one block, through the visitor: a block it has no method for raises UnknownNode."""
    flowables: list[Flowable] = ctx.block(block)
    return flowables


LIST_INDENT = 16.0


def list_entries(block: BulletList | NumberedList, ctx: RenderContext, indent: float,
                 numbered_depth: int, bullet_depth: int) -> list[Flowable]:
    """A list as a run of indented flowables (L > LI > Lbl + LBody); nested lists indent further."""
    numbered = isinstance(block, NumberedList)
    indent += LIST_INDENT
    label_style = ParagraphStyle("listlabel", fontName=fonts.REGULAR, fontSize=10.5, textColor=PALETTE.navy)
    out: list[Flowable] = []
    with ctx.within(ctx.elem("L")):
        for number, item in enumerate(block.items, start=block.start if isinstance(block, NumberedList) else 1):
            with ctx.within(ctx.elem("LI")):
                if numbered:
                    text, dedent = list_label(number, numbered_depth), LIST_INDENT
                else:
                    text, dedent = ("•" if bullet_depth % 2 == 0 else "–"), 12.0
                label: Label | None = Label(text, ctx.elem("Lbl"), label_style, dedent)
                with ctx.within(ctx.elem("LBody")):
                    for child in item.blocks:
                        if isinstance(child, (BulletList, NumberedList)):
                            out.extend(list_entries(child, ctx, indent, numbered_depth + numbered,
                                                    bullet_depth + (not numbered)))
                            continue
                        for flowable in block_flowables(child, ctx):
                            out.append(ListEntry(flowable, indent, label))
                            label = None
                if label is not None:  # an empty item still shows its label
                    out.append(ListEntry(Spacer(0, 14), indent, label))
    return out


def tag_chart(flowables: list[Flowable], block: Chart, ctx: RenderContext) -> list[Flowable]:
    """The chart's parts as structure: the drawing a Figure with the alt text, its caption a Caption."""
    def tag(flowable: Flowable) -> Flowable:
        if isinstance(flowable, KeepTogether):  # kept together where that costs little (pdf_keep)
            return KeepWithNext([tag(f) for f in flowable._content])
        if hasattr(flowable, "style"):  # a paragraph: title, caption or source line
            role = "Caption" if flowable.style.name == "chartcaption" else "P"
            return Tagged(flowable, ctx.elem(role))
        alt = next((words for text in (block.alt_text, block.title, plain_text(block.caption))
                    if (words := " ".join(one_line(text).split()))), "")
        if not alt:  # a Figure needs alternative text (PDF/UA)
            ctx.warn("chart-alt", "a chart has no alt text, title or caption; tagged with the word for a chart")
            alt = ctx.meta.term("pdf.chart", "Chart")
        return Tagged(flowable, ctx.elem("Figure", alt=alt), scalable=True)

    with ctx.within(ctx.elem("Div")):
        return [tag(f) for f in flowables]


def callout(block: Callout, ctx: RenderContext) -> list[Flowable]:
    """A tinted, bordered box (drawn by FrameBG, so it can run across pages) with a bold title."""
    bottom_line = block.kind == "bottom-line"
    tint = PALETTE.tint if bottom_line else PALETTE.note_tint
    border = PALETTE.navy if bottom_line else PALETTE.rule
    inner: list[Flowable] = []
    with ctx.within(ctx.elem("Div")):
        if block.title.strip():
            inner.append(ctx.para(escape(block.title), styles()["callouttitle"]))
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
    numbers = ctx.note_numbers
    if not numbers:
        return []
    title = heading(Heading(1, (Text(doc.meta.term("notes", "Notes")),), "notes"), ctx)
    # Styled as a section heading, but a top-level bookmark: notes belong to no one section.
    if title.outline_entry is not None:
        title.outline_entry = (*title.outline_entry[:2], 0)
    out: list[Flowable] = [title]
    style = ParagraphStyle("notesitem", parent=styles()["notes"], leftIndent=18, bulletIndent=0,
                           bulletFontName=fonts.REGULAR, bulletFontSize=9)
    for note_id, number in numbers.items():
        note = by_id.get(note_id)
        body = (render_inlines(note.children, ctx) if note else
                f"<i>{escape(doc.meta.term('note_missing', '[note {note}: no text]').replace('{note}', note_id))}</i>")
        with ctx.within(ctx.elem("P")):
            out.append(tagged_paragraph(f'<a name="{note_key(number)}"/>{body}', style,
                                        ctx.elem("Note", element_id=note_key(number)), bulletText=f"{number}."))
    return out
