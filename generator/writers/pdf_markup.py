"""Inline content to reportlab paragraph mini-markup.

All text in a :class:`~generator.model.Document` is untrusted: it is cleaned
and escaped here, and only markup this module writes itself reaches reportlab's
paragraph parser (which once evaluated attribute values: CVE-2023-33733).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from generator import fonts
from generator.model import Emphasis, Inline, LineBreak, Link, NoteRef, Strong, Text, safe_url, strip_controls

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
    for family, run in fonts.runs(one_line(text)):
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


@dataclass
class InlineContext:
    """What rendering inlines needs to know about the document: note numbers and link colour."""

    note_numbers: dict[str, int] = field(default_factory=dict)
    link_color: str = "#1F4E79"


def render_inlines(inlines: tuple[Inline, ...], ctx: InlineContext) -> str:
    """Paragraph markup for ``inlines``; neighbouring note markers are separated (¹,²) so they read apart."""
    out: list[str] = []
    for index, node in enumerate(inlines):
        if isinstance(node, NoteRef) and index and isinstance(inlines[index - 1], NoteRef):
            out.append("<super>,</super>")
        out.append(_render(node, ctx))
    return "".join(out)


def _render(node: Inline, ctx: InlineContext) -> str:
    """Markup for one inline node."""
    if isinstance(node, Text):
        return escape(node.text)
    if isinstance(node, Strong):
        return f"<b>{render_inlines(node.children, ctx)}</b>"
    if isinstance(node, Emphasis):
        return f"<i>{render_inlines(node.children, ctx)}</i>"
    if isinstance(node, LineBreak):
        return "<br/>"
    if isinstance(node, Link):
        inner = render_inlines(node.children, ctx)
        url = safe_url(node.url)
        if url is None:
            return inner
        return f'<a href="{escape_attr(url)}" color="{ctx.link_color}"><u>{inner}</u></a>'
    if isinstance(node, NoteRef):
        return _note_marker(node.note_id, ctx)
    raise TypeError(f"unknown inline node: {type(node).__name__}")


def _note_marker(note_id: str, ctx: InlineContext) -> str:
    """A superscript note number linked to the note (the Notes section prints every numbered note)."""
    number = ctx.note_numbers.get(note_id)
    if number is None:
        # Not numbered (the context was built without note_order): show it rather than lose it.
        return f"<super>[{escape(note_id)}?]</super>"
    return f'<super><a href="#{note_key(number)}" color="{ctx.link_color}">{number}</a></super>'
