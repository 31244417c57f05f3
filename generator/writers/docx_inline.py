"""Inline rendering for the DOCX writer: runs, hyperlinks, line breaks and note references, by node type."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from generator.model import Emphasis, Inline, LineBreak, Link, NoteRef, Strong, Text, WriteOptions, safe_url
from generator.writers import fonts
from generator.writers.docx_numbering import ListNumbering
from generator.writers.docx_styles import StyleIds
from generator.writers.docx_xml import el, run_props, text_run
from generator.writers.visitor import Visitor

if TYPE_CHECKING:
    from generator.writers.docx_notes import NoteRegistry



@dataclass(eq=False)
class Context(Visitor):
    """Everything block and inline renderers share while one document is written; also the inline half of the
    DOCX visitor (``inline_<type>``: runs appended to the paragraph or hyperlink :func:`render_inlines` is filling).
    ``docx_blocks.DocxVisitor`` adds the blocks."""

    styles: StyleIds
    numbering: ListNumbering
    notes: "NoteRegistry"
    doc_part: Part
    text_width: int  # twips between the margins
    options: WriteOptions = field(default_factory=WriteOptions)
    counters: dict[str, int] = field(default_factory=dict)
    bookmark_names: set[str] = field(default_factory=set)
    body_style: str | None = None  # the style of plain paragraphs where blocks are written (a callout's, a list's)
    chinese: bool = False  # a Chinese document: its quotation marks beside Chinese text are East Asian

    def __post_init__(self) -> None:
        Visitor.__init__(self, self.options)
        self._target: tuple[etree._Element, Part, RunFormat] | None = None  # where inline_* methods append

    def next_id(self, key: str) -> int:
        """The next number of sequence ``key`` (drawing IDs, bookmarks, charts), starting at 1."""
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    # ------------------------------------------------------------------ inlines
    def inline_text(self, node: Text) -> None:
        parent, _part, fmt = self.target
        for east_asian, text in quote_runs(node.text, self.chinese):
            parent.append(text_run(text, fmt.rpr(self, east_asian)))

    def inline_strong(self, node: Strong) -> None:
        parent, part, fmt = self.target
        render_inlines(node.children, parent, self, part, _replace(fmt, bold=True))

    def inline_emphasis(self, node: Emphasis) -> None:
        parent, part, fmt = self.target
        render_inlines(node.children, parent, self, part, _replace(fmt, italic=True))

    def inline_link(self, node: Link) -> None:
        parent, part, fmt = self.target
        url = safe_url(node.url)
        # Hyperlinks cannot nest; an unsafe scheme degrades to plain text.
        if url is None or fmt.link or parent.tag != qn("w:p"):
            render_inlines(node.children, parent, self, part, fmt)
            return
        r_id = part.relate_to(url, RT.HYPERLINK, is_external=True)
        hyperlink = el("w:hyperlink", {"r:id": r_id, "w:history": "1"})
        parent.append(hyperlink)
        render_inlines(node.children, hyperlink, self, part, _replace(fmt, link=True))

    def inline_line_break(self, node: LineBreak) -> None:
        parent, _part, fmt = self.target
        run = el("w:r")
        rpr = fmt.rpr(self)
        if rpr is not None:
            run.append(rpr)
        run.append(el("w:br"))
        parent.append(run)

    def inline_note_ref(self, node: NoteRef) -> None:
        parent, part, _fmt = self.target
        for element in self.notes.reference(node.note_id, self, in_note=part is not self.doc_part):
            parent.append(element)

    @property
    def target(self) -> tuple[etree._Element, Part, "RunFormat"]:
        if self._target is None:
            raise RuntimeError("inline nodes are written through render_inlines")
        return self._target


@dataclass(frozen=True)
class RunFormat:
    """Character formatting inherited down the inline tree."""

    bold: bool = False
    italic: bool = False
    link: bool = False
    size_half_points: int | None = None

    def rpr(self, ctx: Context, east_asian: bool = False) -> etree._Element | None:
        """The ``w:rPr`` for a text run in this format (``east_asian``: its quotation marks are Chinese)."""
        style = ctx.styles["Hyperlink"] if self.link else None
        return run_props(style, self.bold, self.italic, self.size_half_points, east_asian=east_asian)


def quote_runs(text: str, chinese: bool) -> list[tuple[bool, str]]:
    """``text`` cut where its quotation marks change between Latin and Chinese (in a Chinese document, the
    marks beside Chinese text are Chinese, as the PDF draws them: :func:`generator.writers.fonts.runs`);
    each piece with whether it holds Chinese marks. Text without marks stays one piece."""
    if not text:
        return []
    if not chinese or fonts.QUOTES.isdisjoint(text):
        return [(False, text)]
    pieces: list[tuple[bool, list[str]]] = []
    for family, run in fonts.runs(text, chinese=True):
        east_asian = bool(family) and not fonts.QUOTES.isdisjoint(run)
        if pieces and pieces[-1][0] == east_asian:
            pieces[-1][1].append(run)  # joined once below: adding run to run was quadratic
        else:
            pieces.append((east_asian, [run]))
    return [(east_asian, "".join(runs)) for east_asian, runs in pieces]


def render_inlines(inlines: tuple[Inline, ...], parent: etree._Element, ctx: Context, part: Part,
                   fmt: RunFormat = RunFormat()) -> None:
    """Append runs for ``inlines`` to ``parent`` (a ``w:p`` or ``w:hyperlink``), each node through the visitor.

    ``part`` owns the XML being written, so hyperlink relationships go there
    (the document part for the body, the footnotes part for notes).
    """
    saved, ctx._target = ctx._target, (parent, part, fmt)
    try:
        for index, node in enumerate(inlines):
            if isinstance(node, NoteRef) and index and isinstance(inlines[index - 1], NoteRef):
                parent.append(text_run(",", _superscript(fmt.rpr(ctx))))  # ¹,² rather than ¹²
            ctx.inline(node)
    finally:
        ctx._target = saved


def _superscript(rpr: etree._Element | None) -> etree._Element:
    rpr = rpr if rpr is not None else el("w:rPr")
    rpr.append(el("w:vertAlign", {"w:val": "superscript"}))
    return rpr


def _replace(fmt: RunFormat, **changes: object) -> RunFormat:
    return RunFormat(**{**fmt.__dict__, **changes})
