"""Rendered Markdown → document model, through markdown-it-py (a real parser, not regular expressions).

Raw HTML and images are off, so pasted ``<b>`` or ``<img>`` stay literal text.
Block extensions are fenced containers: ``::: callout Title``, ``::: keyfigures``,
``::: table 3,1,1`` (column widths; a first paragraph is the caption),
``::: chart ID``, ``::: pagebreak``, and ``::: lead`` / ``::: small`` for paragraph roles.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable

from generator import model as m

CONTAINERS = ("callout", "keyfigures", "table", "chart", "pagebreak", "lead", "small")
# markdown-it silently drops the REST OF THE DOCUMENT once blocks nest deeper than maxNesting;
# prose fields are limited to PROSE_NESTING (see nesting_problem), far below it.
MAX_NESTING = 64
PROSE_NESTING = 16  # token levels: about seven levels of nested lists or quotes
MAX_INLINE_DEPTH = 12  # deeper **/_/[] nesting keeps its text but loses the formatting
MAX_MARKDOWN = 500_000  # characters of Markdown one brief may render to (markdown-it: about 5 µs a character)
MAX_OPEN_BRACKETS = 4  # '[' open at once in a paragraph; markdown-it scans ahead from each, so more is quadratic
_PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n)")
_WIDTH = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_BRACKET_OR_ESCAPE = re.compile(r"\\[\s\S]?|\[|\]")


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "maxNesting": MAX_NESTING}).enable(
        "table").disable("image")
    md.use(footnote_plugin)
    for name in CONTAINERS:
        md.use(container_plugin, name=name)
    return md


class TooDeep(ValueError):
    """Markdown nested so deeply that the parser would drop what follows."""


def bound_brackets(markdown: str) -> str:
    """``markdown`` with every '[' that is never closed, or is beyond MAX_OPEN_BRACKETS open at once, in a
    paragraph of many escaped (``\\[``).

    markdown-it looks for the closing ']' of each '[' it meets, so a paragraph of 20,000 '[' takes
    it minutes; escaped, they are the literal text they would have been anyway (no link nests that deep).
    """
    if markdown.count("[") <= MAX_OPEN_BRACKETS:
        return markdown
    out = []
    for chunk in _PARAGRAPH_BREAK.split(markdown):
        if chunk.count("[") <= MAX_OPEN_BRACKETS:
            out.append(chunk)
            continue
        escaped: list[int] = []  # positions of '[' to escape
        stack: list[int] = []
        for mark in _BRACKET_OR_ESCAPE.finditer(chunk):  # an escape takes the character after it along
            char, i = mark.group(), mark.start()
            if char == "[":
                if len(stack) >= MAX_OPEN_BRACKETS:
                    escaped.append(i)
                else:
                    stack.append(i)
            elif char == "]" and stack:
                stack.pop()
        pieces: list[str] = []
        start = 0
        for position in sorted(escaped + stack):  # too deep, or never closed
            pieces.append(chunk[start:position] + "\\")
            start = position
        pieces.append(chunk[start:])
        out.append("".join(pieces))
    return "".join(out)


def prepare(markdown: str) -> str:
    """What the parser may see: no control characters or lone surrogates (CommonMark would turn NUL
    into U+FFFD, and no writer can store the others), brackets bounded so parsing stays linear; ending in a
    line break, which changes no block, because mdit-py-plugins' container rule reads past the end of a text
    ending in a quoted line without one (``'> ::: callout T\n>'`` raised IndexError)."""
    text = bound_brackets(m.strip_controls(markdown))
    return text if text.endswith("\n") else text + "\n"



@lru_cache(maxsize=4096)  # the same field renders to the same text in many briefs
def max_level(markdown: str) -> int:
    """The deepest block nesting level of ``markdown`` (a paragraph in a list item in a list: 2)."""
    return max((tok.level for tok in _parser().parse(prepare(markdown))), default=0)


_LINE_START = re.compile(r"^[ \t>*+\-:.)0-9]*", re.M)  # where a line's quote, list and container markers are
_NOT_MARKERS = str.maketrans("", "", " \t0123456789")


def level_bound(markdown: str) -> int | None:
    """At least :func:`max_level` of ``markdown``, found without parsing, or None (tables, footnotes: parse).
    Every block that nests is opened by a marker character at the start of a line (``>``, ``-``, ``*``, ``+``,
    ``1.``, ``1)``, ``:::``), and a marker opens at most two levels (a list and its item)."""
    if "|" in markdown or "[^" in markdown or "^[" in markdown:  # footnotes open blocks of their own
        return None
    text = markdown.replace("\r\n", "\n").replace("\r", "\n")
    markers = len("".join(_LINE_START.findall(text)).translate(_NOT_MARKERS))
    return 1 + 2 * markers


def nesting_problem(markdown: str) -> str | None:
    """Why a prose field's Markdown nests too deeply, or None."""
    bound = level_bound(prepare(markdown))
    if (bound is not None and bound <= PROSE_NESTING) or max_level(markdown) <= PROSE_NESTING:
        return None
    return (f"lists or quotes nest more than {PROSE_NESTING // 2} levels deep; flatten them (deeper levels "
            "would be dropped from the brief)")


def slug(text: str) -> str:
    """A bookmark-safe anchor from heading text."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


class _Converter:
    def __init__(self, tokens, chart_for: Callable[[str], m.Chart | None]):
        self.tokens, self.pos, self.chart_for = tokens, 0, chart_for
        self.notes: dict[str, tuple[m.Inline, ...]] = {}
        self.anchors: set[str] = set()
        self.repeats: dict[str, int] = {}  # slug -> the number its next repeat tries

    def unique_anchor(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3`` … for its repeats: short and found in constant time (headings
        with no Latin letters, as in Chinese, all share the slug "section")."""
        number = self.repeats.get(base, 1)
        anchor = base if number == 1 else f"{base}-{number}"
        while anchor in self.anchors:
            number += 1
            anchor = f"{base}-{number}"
        self.repeats[base] = number + 1
        self.anchors.add(anchor)
        return anchor

    def blocks(self, until: str | None = None) -> list[m.Block]:
        out: list[m.Block] = []
        while self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            if until and tok.type == until:
                self.pos += 1
                return out
            self.pos += 1
            block = self.block(tok)
            if block is not None:
                out.append(block)
        return out

    def block(self, tok) -> m.Block | None:
        kind = tok.type
        if kind == "heading_open":
            inl = self.inline_and_close()
            return m.Heading(min(int(tok.tag[1]), 3), inl, self.unique_anchor(slug(m.plain_text(inl))))
        if kind == "paragraph_open":
            return m.Paragraph(self.inline_and_close())
        if kind in ("bullet_list_open", "ordered_list_open"):
            items = []
            close = kind.replace("open", "close")
            while self.tokens[self.pos].type != close:
                self.pos += 1  # list_item_open
                items.append(m.ListItem(tuple(self.blocks("list_item_close"))))
            self.pos += 1
            if kind == "bullet_list_open":
                return m.BulletList(tuple(items))
            return m.NumberedList(tuple(items), int(tok.attrGet("start") or 1))
        if kind == "table_open":
            return self.table()
        if kind == "footnote_block_open":
            self.footnotes()
            return None
        if kind.startswith("container_"):
            return self.container(tok)
        if kind in ("code_block", "fence"):
            return m.Paragraph((m.Text(m.strip_controls(tok.content.rstrip("\n"))),))
        return None  # hr, html (disabled) and other blocks a brief has no use for

    def inline_and_close(self) -> tuple[m.Inline, ...]:
        inline = self.tokens[self.pos]
        self.pos += 2  # the inline token and its closing tag
        return self.inlines(inline.children or [])

    def inlines(self, children) -> tuple[m.Inline, ...]:
        stack: list[tuple[str, str, list]] = [("root", "", [])]
        for tok in children:
            kind = tok.type
            if kind in ("text", "code_inline"):
                text = m.strip_controls(tok.content)
                if text:
                    stack[-1][2].append(m.Text(text))
            elif kind in ("softbreak",):
                stack[-1][2].append(m.Text(_SOFT))  # a space, or nothing between Chinese characters
            elif kind == "hardbreak":
                stack[-1][2].append(m.LineBreak())
            elif kind in ("strong_open", "em_open", "link_open"):
                # Past MAX_INLINE_DEPTH the markup is flattened (writers recurse over nesting).
                opened = kind if len(stack) <= MAX_INLINE_DEPTH else "flat"
                stack.append((opened, tok.attrGet("href") or "", []))
            elif kind in ("strong_close", "em_close", "link_close") and len(stack) > 1:
                opened, href, kids = stack.pop()
                kids = _soft_breaks(kids)
                node: m.Inline | None = None
                if opened == "strong_open":
                    node = m.Strong(tuple(kids))
                elif opened == "em_open":
                    node = m.Emphasis(tuple(kids))
                elif opened == "link_open" and m.safe_url(href):
                    node = m.Link(href, tuple(kids))
                stack[-1][2].extend([node] if node else kids)
            elif kind == "footnote_ref":
                stack[-1][2].append(m.NoteRef(tok.meta["label"]))
        while len(stack) > 1:  # unbalanced markup from a plugin: keep the text
            stack[-2][2].extend(_soft_breaks(stack.pop()[2]))
        return tuple(_soft_breaks(list(_merge_text(stack[0][2]))))

    def table(self) -> m.Table:
        header: list[m.TableCell] = []
        rows: list[list[m.TableCell]] = []
        align: list[str] = []
        while self.tokens[self.pos].type != "table_close":
            tok = self.tokens[self.pos]
            self.pos += 1
            if tok.type == "tr_open":
                rows.append([])
            elif tok.type in ("th_open", "td_open"):
                cell = m.TableCell(self.inline_and_close())
                if tok.type == "th_open":
                    header.append(cell)
                    align.append("right" if "right" in (tok.attrGet("style") or "") else "left")
                else:
                    rows[-1].append(cell)
        self.pos += 1
        body = tuple(tuple(r) for r in rows if r)
        return m.Table(tuple(header), body, align=tuple(align))

    def container(self, tok) -> m.Block | None:
        name = tok.type[len("container_"):-len("_open")]
        argument = tok.info.strip()[len(name):].strip()
        inner = self.blocks(f"container_{name}_close")
        if name == "callout":
            kind, _, title = argument.partition(" ") if argument.startswith("bottom-line") else ("note", "", argument)
            return m.Callout(title.strip(), tuple(inner), kind)
        if name == "pagebreak":
            return m.PageBreak()
        if name == "chart":
            return self.chart_for(argument)
        if name in ("lead", "small"):
            paragraphs = [m.Paragraph(b.children, name) for b in inner if isinstance(b, m.Paragraph)]
            return paragraphs[0] if len(paragraphs) == 1 else m.Callout("", tuple(paragraphs), "note")
        tables = [b for b in inner if isinstance(b, m.Table)]
        if not tables:
            return None
        table = tables[0]
        caption = next((b.children for b in inner if isinstance(b, m.Paragraph)), ())
        widths = parse_widths(argument)
        style = "keyfigures" if name == "keyfigures" else "data"
        return m.Table(table.header, table.rows, caption, table.align, widths, style)

    def footnotes(self) -> None:
        while self.tokens[self.pos].type != "footnote_block_close":
            tok = self.tokens[self.pos]
            self.pos += 1
            if tok.type == "footnote_open":
                label = tok.meta["label"]
                inl: list[m.Inline] = []
                while self.tokens[self.pos].type != "footnote_close":
                    if self.tokens[self.pos].type == "inline":
                        inl.extend(self.inlines(self.tokens[self.pos].children or []))
                    self.pos += 1
                self.notes[label] = tuple(inl)
        self.pos += 1


def parse_widths(argument: str) -> tuple[float, ...]:
    """Relative column widths from a ``::: table 3,1,1`` argument; () (equal widths) when unusable."""
    widths = tuple(float(w) for w in _WIDTH.findall(argument))
    if not widths or min(widths) <= 0 or max(widths) / min(widths) > 20:
        return ()
    return widths


_MAYBE_WIDE = re.compile("[\u1100-\U0003ffff]")  # a superset of East Asian wide characters
_SOFT = "\n"  # a soft line break until its neighbours are known (text tokens never hold a newline)
_GAPS = re.compile("[\n ]")  # a soft line break or a space


def _wide(char: str) -> bool:
    """A Chinese or Japanese character or full-width punctuation (East Asian wide), not Hangul, which
    Korean separates with spaces."""
    return bool(char) and unicodedata.east_asian_width(char) in ("W", "F") and not (
        "\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f")


def _soft_breaks(inlines: list[m.Inline]) -> list[m.Inline]:
    """Soft line breaks become spaces, except between two East Asian wide characters, where they vanish
    (a paragraph of Chinese wrapped over several lines in YAML must not get spaces at the line ends); a
    space between Chinese punctuation and a Chinese character vanishes too."""
    out = list(inlines)
    for index, node in enumerate(out):
        if not isinstance(node, m.Text):
            continue
        text = node.text
        if _SOFT not in text and " " not in text:
            continue
        # Without a wide character in a text of two or more, every break has a neighbour in the text that is
        # not wide: all become spaces, whatever the neighbouring nodes hold (the common case, at C speed).
        if len(text) > 1 and not _MAYBE_WIDE.search(text):
            if _SOFT in text:
                out[index] = m.Text(text.replace(_SOFT, " "))
            continue
        before = m.plain_text((out[index - 1],))[-1:] if index else ""
        after = m.plain_text((out[index + 1],))[:1] if index + 1 < len(out) else ""
        if not _MAYBE_WIDE.search(before + text + after):
            out[index] = m.Text(text.replace(_SOFT, " "))
            continue
        pieces, start = [], 0
        for gap in _GAPS.finditer(text):  # only the breaks and spaces are decided, the rest copied in slices
            pos = gap.start()
            left = text[pos - 1] if pos else before
            right = text[pos + 1] if pos + 1 < len(text) else after
            if text[pos] == " ":  # a space after Chinese punctuation ("。 中") is a gap Chinese does not have
                joined = _wide(left) and _wide(right) and unicodedata.category(left)[0] == "P"
            else:
                joined = _wide(left) and _wide(right)
            pieces.append(text[start:pos] if joined else text[start:pos] + " ")
            start = pos + 1
        pieces.append(text[start:])
        out[index] = m.Text("".join(pieces))
    return [node for node in out if not (isinstance(node, m.Text) and not node.text)]


def _merge_text(inlines: list[m.Inline]) -> tuple[m.Inline, ...]:
    """Join neighbouring Text nodes, so writers and tests see whole runs of text."""
    out: list[m.Inline] = []
    for node in inlines:
        if isinstance(node, m.Text) and out and isinstance(out[-1], m.Text):
            out[-1] = m.Text(out[-1].text + node.text)
        else:
            out.append(node)
    return tuple(out)


def to_blocks(markdown: str, chart_for: Callable[[str], m.Chart | None]) -> tuple[list[m.Block], list[m.Note]]:
    """Parse Markdown into blocks and the notes they reference.

    Control characters and lone surrogates are removed first: CommonMark would
    turn NUL into U+FFFD, and no writer can store the others.
    """
    if len(markdown) > MAX_MARKDOWN * 2:
        raise TooDeep(f"the brief's Markdown is longer than {MAX_MARKDOWN * 2:,} characters")
    tokens = _parser().parse(prepare(markdown))
    if any(tok.level >= MAX_NESTING - 1 for tok in tokens):
        raise TooDeep(f"Markdown nests more than {MAX_NESTING} levels deep")
    converter = _Converter(tokens, chart_for)
    blocks = converter.blocks()
    notes = [m.Note(label, inl) for label, inl in converter.notes.items()]
    return blocks, notes
