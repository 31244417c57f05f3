"""Inline content to reportlab paragraph mini-markup.

All text in a :class:`~generator.model.Document` is untrusted: it is cleaned
and escaped here, and only markup this module writes itself reaches reportlab's
paragraph parser (which once evaluated attribute values: CVE-2023-33733).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from generator.writers import fonts
from generator.model import (
    Emphasis, Inline, LineBreak, Link, NoteRef, Strong, Text, WriteOptions, safe_url, strip_controls,
)
from generator.writers.pdf_styles import LINK_COLOR, current_language
from generator.writers.visitor import Visitor

# Tabs and line endings inside text read as a space: a break is a LineBreak node, never a character.
_WHITESPACE = re.compile(r"[\t\r\n]+")


def one_line(text: str) -> str:
    """``text`` on one line: control characters and lone surrogates removed, tabs and line endings spaces."""
    return _WHITESPACE.sub(" ", strip_controls(text))


def escape(text: str) -> str:
    """Clean ``text`` and escape it for reportlab's paragraph markup; runs Carlito lacks (Chinese) go in a
    bundled Chinese family.

    Over-long words need no help here: every style sets ``splitLongWords``.
    """
    out = []
    for family, run in fonts.runs(one_line(text), fonts.is_chinese(current_language())):
        body = run.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if family:  # a Chinese family: Song, whose bold is Hei (the faces are registered only now)
            fonts.register_cjk()
            _cjk_fonts_keep_bold()
            body = f'<font name="{family}">{body}</font>'
        out.append(body)
    return "".join(out)


@lru_cache(maxsize=1)
def _cjk_fonts_keep_bold() -> None:
    """Make ``<font name="…">`` naming a Chinese family keep the bold and italic of the text around it.

    reportlab's ``<font name>`` resets bold and italic to those of the named face, so a Chinese run inside a
    bold heading or ``<b>`` would print in the regular face. A Chinese run is wrapped in its family's tag
    wherever it occurs, so the family, not the tag, must decide the face: Song, bold Song = Hei.
    """
    from reportlab.platypus.paraparser import ParaParser

    original = ParaParser.start_font

    def start_font(self: ParaParser, attr: dict[str, str]) -> None:
        name = attr.get("name", "") if len(attr) == 1 else ""
        if name in fonts.CJK_FAMILIES:
            self._push("font", fontName=name)
        else:
            original(self, attr)

    ParaParser.start_font = start_font


def escape_attr(value: str) -> str:
    """Escape ``value`` for use inside a double-quoted markup attribute."""
    return one_line(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def note_key(number: int) -> str:
    """The internal destination name of note ``number``."""
    return f"note-{number}"


@dataclass(eq=False)
class InlineContext(Visitor):
    """The inline half of the PDF writer's visitor: ``inline_<type>`` gives a node's paragraph markup, knowing
    the document's note numbers. ``pdf_blocks.RenderContext`` adds the blocks."""

    note_numbers: dict[str, int] = field(default_factory=dict)
    options: WriteOptions = field(default_factory=WriteOptions)
    note_texts: frozenset[str] | None = None  # the notes the document has text for (None: not checked)

    def __post_init__(self) -> None:
        Visitor.__init__(self, self.options)

    def inline_text(self, node: Text) -> str:
        return escape(node.text)

    def inline_strong(self, node: Strong) -> str:
        return f"<b>{render_inlines(node.children, self)}</b>"

    def inline_emphasis(self, node: Emphasis) -> str:
        return f"<i>{render_inlines(node.children, self)}</i>"

    def inline_line_break(self, node: LineBreak) -> str:
        return "<br/>"

    def inline_link(self, node: Link) -> str:
        inner = render_inlines(node.children, self)
        url = safe_url(node.url)
        if url is None:
            return inner
        return f'<a href="{escape_attr(url)}" color="{LINK_COLOR}"><u>{inner}</u></a>'

    def inline_note_ref(self, node: NoteRef) -> str:
        """A superscript note number linked to the note (the Notes section prints every numbered note)."""
        number = self.note_numbers.get(node.note_id)
        if number is None:
            # Not numbered (the context was built without model.note_numbers): show it rather than lose it.
            return f"<super>[{escape(node.note_id)}?]</super>"
        if self.note_texts is not None:
            self.check_note(node.note_id, self.note_texts, "its entry in the notes says so")
        return f'<super><a href="#{note_key(number)}" color="{LINK_COLOR}">{number}</a></super>'


def render_inlines(inlines: tuple[Inline, ...], ctx: InlineContext) -> str:
    """Paragraph markup for ``inlines``, each node through the visitor; neighbouring note markers are separated
    (¹,²) so they read apart."""
    out: list[str] = []
    for index, node in enumerate(inlines):
        if isinstance(node, NoteRef) and index and isinstance(inlines[index - 1], NoteRef):
            out.append("<super>,</super>")
        out.append(ctx.inline(node))
    return "".join(out)
