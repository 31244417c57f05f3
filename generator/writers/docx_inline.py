"""Inline rendering for the DOCX writer: runs, hyperlinks, line breaks and note references."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from generator.model import Emphasis, Inline, LineBreak, Link, NoteRef, Strong, Text, safe_url
from generator.writers.docx_numbering import ListNumbering
from generator.writers.docx_styles import StyleIds
from generator.writers.docx_xml import el, run_props, text_run

if TYPE_CHECKING:
    from generator.writers.docx_notes import NoteRegistry



@dataclass
class Context:
    """Everything block and inline renderers share while one document is written."""

    styles: StyleIds
    numbering: ListNumbering
    notes: "NoteRegistry"
    doc_part: Part
    text_width: int  # twips between the margins
    counters: dict[str, int] = field(default_factory=dict)
    bookmark_names: set[str] = field(default_factory=set)

    def next_id(self, key: str) -> int:
        """The next number of sequence ``key`` (drawing IDs, bookmarks, charts), starting at 1."""
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]


@dataclass(frozen=True)
class RunFormat:
    """Character formatting inherited down the inline tree."""

    bold: bool = False
    italic: bool = False
    link: bool = False
    size_half_points: int | None = None

    def rpr(self, ctx: Context) -> etree._Element | None:
        """The ``w:rPr`` for a text run in this format."""
        style = ctx.styles["Hyperlink"] if self.link else None
        return run_props(style, self.bold, self.italic, self.size_half_points)


def render_inlines(inlines: tuple[Inline, ...], parent: etree._Element, ctx: Context, part: Part,
                   fmt: RunFormat = RunFormat()) -> None:
    """Append runs for ``inlines`` to ``parent`` (a ``w:p`` or ``w:hyperlink``).

    ``part`` owns the XML being written, so hyperlink relationships go there
    (the document part for the body, the footnotes part for notes).
    """
    for index, node in enumerate(inlines):
        if isinstance(node, NoteRef) and index and isinstance(inlines[index - 1], NoteRef):
            parent.append(text_run(",", _superscript(fmt.rpr(ctx))))  # ¹,² rather than ¹²
        if isinstance(node, Text):
            if node.text:
                parent.append(text_run(node.text, fmt.rpr(ctx)))
        elif isinstance(node, Strong):
            render_inlines(node.children, parent, ctx, part, _replace(fmt, bold=True))
        elif isinstance(node, Emphasis):
            render_inlines(node.children, parent, ctx, part, _replace(fmt, italic=True))
        elif isinstance(node, Link):
            _render_link(node, parent, ctx, part, fmt)
        elif isinstance(node, LineBreak):
            run = el("w:r")
            rpr = fmt.rpr(ctx)
            if rpr is not None:
                run.append(rpr)
            run.append(el("w:br"))
            parent.append(run)
        elif isinstance(node, NoteRef):
            for element in ctx.notes.reference(node.note_id, ctx, in_note=part is not ctx.doc_part):
                parent.append(element)


def _superscript(rpr: etree._Element | None) -> etree._Element:
    rpr = rpr if rpr is not None else el("w:rPr")
    rpr.append(el("w:vertAlign", {"w:val": "superscript"}))
    return rpr


def _replace(fmt: RunFormat, **changes: object) -> RunFormat:
    return RunFormat(**{**fmt.__dict__, **changes})


def _render_link(node: Link, parent: etree._Element, ctx: Context, part: Part, fmt: RunFormat) -> None:
    url = safe_url(node.url)
    # Hyperlinks cannot nest; an unsafe scheme degrades to plain text.
    if url is None or fmt.link or parent.tag != qn("w:p"):
        render_inlines(node.children, parent, ctx, part, fmt)
        return
    r_id = part.relate_to(url, RT.HYPERLINK, is_external=True)
    hyperlink = el("w:hyperlink", {"r:id": r_id, "w:history": "1"})
    parent.append(hyperlink)
    render_inlines(node.children, hyperlink, ctx, part, _replace(fmt, link=True))
