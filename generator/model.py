"""The intermediate document model: what every writer renders.

Readers and templates build a :class:`Document`; writers turn it into bytes. This module depends on
nothing but the standard library, so that writers never see YAML, Jinja2 or one another's libraries.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterator, Union
from urllib.parse import urlsplit


# ---------------------------------------------------------------- inlines
@dataclass(frozen=True)
class Text:
    """Plain text, already free of markup."""

    text: str


@dataclass(frozen=True)
class Strong:
    """Bold text."""

    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Emphasis:
    """Italic text."""

    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Link:
    """A hyperlink; ``url`` is http(s) or mailto, checked before it gets here."""

    url: str
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class NoteRef:
    """A reference to ``Document.notes[note_id]``; writers number notes in order of first use."""

    note_id: str


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a paragraph."""


Inline = Union[Text, Strong, Emphasis, Link, NoteRef, LineBreak]


# ---------------------------------------------------------------- blocks
@dataclass(frozen=True)
class Heading:
    """A section heading, level 1 to 3. ``anchor`` is a stable ID for bookmarks."""

    level: int
    children: tuple[Inline, ...]
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph. ``style`` is a semantic role writers map to a style:
    "" (body), "lead" (standfirst), "small" (colophon, fine print)."""

    children: tuple[Inline, ...]
    style: str = ""


@dataclass(frozen=True)
class ListItem:
    """One list entry: a sequence of blocks (usually one paragraph, maybe a nested list)."""

    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class BulletList:
    """An unordered list."""

    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class NumberedList:
    """An ordered list starting at ``start``."""

    items: tuple[ListItem, ...]
    start: int = 1


@dataclass(frozen=True)
class TableCell:
    """A table cell holding inline content."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Table:
    """A table with one header row that repeats when the table splits across pages.

    ``align`` holds "left" or "right" per column ("right" for numbers);
    ``widths`` holds relative column widths (empty: equal); ``style`` is
    "data" (ruled data table) or "keyfigures" (the key-figures panel).
    """

    header: tuple[TableCell, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    caption: tuple[Inline, ...] = ()
    align: tuple[str, ...] = ()
    widths: tuple[float, ...] = ()
    style: str = "data"


@dataclass(frozen=True)
class Series:
    """One data series of a chart: a name and one value per category (None: no value, drawn as a gap)."""

    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    """A chart drawn from data by each writer (vector in PDF, native chart in DOCX).

    ``kind`` is "bar" (grouped columns, or ``stacked``) or "line". ``x_scale`` "auto" spaces a line
    chart's x axis by time when every category is a year ("time" and "category" force it);
    ``projected_from`` names the first category whose values are projections (drawn dashed).
    ``generator.render.chartspec`` turns a chart into what writers draw.
    """

    chart_id: str
    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str
    x_label: str
    y_label: str
    caption: tuple[Inline, ...]
    source: tuple[Inline, ...]
    alt_text: str
    number_format: str = "0.0"
    stacked: bool = False
    x_scale: str = "auto"
    projected_from: str = ""


@dataclass(frozen=True)
class Callout:
    """A boxed group of blocks, e.g. the bottom line. ``kind``: "bottom-line" or "note"."""

    title: str
    blocks: tuple["Block", ...]
    kind: str = "note"


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


Block = Union[Heading, Paragraph, BulletList, NumberedList, Table, Chart, Callout, PageBreak]


# ---------------------------------------------------------------- document
FALLBACK_CREATED = "2000-01-01T00:00:00Z"  # documents built outside version control carry this date

@dataclass(frozen=True)
class Note:
    """A footnote (sources, caveats). Referenced by :class:`NoteRef`."""

    note_id: str
    children: tuple[Inline, ...]


GBT9704 = "gbt9704"  # the house style modelled on GB/T 9704-2012 (Chinese official documents)
HOUSE_STYLES = ("default", GBT9704)  # what a brief's ``style`` may name; Meta.style is "" for the default


@dataclass(frozen=True)
class Meta:
    """Document metadata and the title block. ``created`` is an ISO 8601 timestamp taken from the content's
    commit (never the clock) so that the same commit yields the same bytes."""

    title: str
    subtitle: str = ""
    audience: str = ""
    date: str = ""
    edition: str = ""
    author: str = ""
    contact: str = ""
    marking: str = ""
    watermark: str = ""
    version: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    language: str = "en"
    created: str = "2000-01-01T00:00:00Z"  # FALLBACK_CREATED
    style: str = ""  # the house style: "" or GBT9704
    issuer: str = ""  # the issuing authority, printed red above the title by the gbt9704 style
    # The words writers print themselves ("Notes", "Page {page} of {total}"), in the brief's language
    # (generator/render/terms.py fills them in); a key not given here prints the writer's English default.
    terms: tuple[tuple[str, str], ...] = ()

    def term(self, key: str, default: str) -> str:
        """The brief's wording of ``key``, or ``default``."""
        return dict(self.terms).get(key, default)

    def strings(self) -> tuple[str, ...]:
        """Every string of the metadata a reader may see (title block, page furniture, document properties)."""
        return (self.title, self.subtitle, self.audience, self.date, self.edition, self.author, self.contact,
                self.marking, self.watermark, self.version, self.subject, self.issuer, *self.keywords,
                *dict(self.terms).values())


@dataclass(frozen=True)
class Document:
    """A whole brief: metadata, body blocks and the notes they reference."""

    meta: Meta
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class WriterWarning:
    """Something a writer had to change or leave out; ``near`` is the text of the heading it is under."""

    code: str
    message: str
    near: str = ""


@dataclass(frozen=True)
class WriteOptions:
    """Per-build options for writers. ``reference_docx`` holds the bytes of a
    corporate Word template whose styles the DOCX writer uses; ``markdown`` the
    layout's Markdown the document was parsed from; writers append to ``warnings``."""

    reference_docx: bytes | None = None
    markdown: str = ""
    warnings: list[WriterWarning] = field(default_factory=list, compare=False)


# Characters no writer keeps: C0 controls but tab and newlines, DEL, C1 controls, lone surrogates,
# and the XML non-characters U+FFFE/U+FFFF. Content may hold them; writers strip them.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def created_utc(created: str) -> datetime:
    """``Meta.created`` (ISO 8601) as an aware UTC datetime, whole seconds; a malformed value gives
    :data:`FALLBACK_CREATED`, so a writer never reads the clock."""
    try:
        when = datetime.fromisoformat(str(created).strip().replace("Z", "+00:00"))
    except ValueError:
        when = datetime.fromisoformat(FALLBACK_CREATED.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).replace(microsecond=0)


def strip_controls(text: str) -> str:
    """``text`` without :data:`CONTROL_CHARACTERS`."""
    return CONTROL_CHARACTERS.sub("", text)


def safe_url(url: str) -> str | None:
    """``url`` if it is an http(s) URL with a host or a mailto URL, with no spaces or controls; else None.
    Only such links become live in any output; anything else is shown as text."""
    url = url.strip()
    if not url or strip_controls(url) != url or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme == "mailto":
        return url if len(url) > len("mailto:") else None
    return url if scheme in ("http", "https") and parts.netloc else None


def contact_inline(contact: str) -> Inline:
    """A brief's contact as every writer shows it: a web address or e-mail address as a live link."""
    contact = contact.strip()
    if contact.startswith(("http://", "https://", "mailto:")) and safe_url(contact):
        return Link(contact, (Text(contact),))
    if "@" in contact and " " not in contact and safe_url("mailto:" + contact):
        return Link("mailto:" + contact, (Text(contact),))
    return Text(contact)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of inline content, without markup or note markers."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, (Strong, Emphasis, Link)):
            out.append(plain_text(node.children))
        elif isinstance(node, LineBreak):
            out.append("\n")
    return "".join(out)


def iter_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, depth first, including those nested in lists and callouts."""
    for block in blocks:
        yield block
        if isinstance(block, (BulletList, NumberedList)):
            for item in block.items:
                yield from iter_blocks(item.blocks)
        elif isinstance(block, Callout):
            yield from iter_blocks(block.blocks)


def block_inlines(block: Block) -> Iterator[tuple[Inline, ...]]:
    """The inline sequences a block holds directly (not those of nested blocks)."""
    if isinstance(block, (Heading, Paragraph)):
        yield block.children
    elif isinstance(block, Table):
        yield block.caption
        for row in (block.header, *block.rows):
            for cell in row:
                yield cell.children
    elif isinstance(block, Chart):
        yield block.caption
        yield block.source


def block_strings(block: Block) -> tuple[str, ...]:
    """The plain strings a block holds directly besides its inline sequences (chart labels, callout titles)."""
    if isinstance(block, Callout):
        return (block.title,)
    if isinstance(block, Chart):
        return (block.title, *block.categories, *(s.name for s in block.series), block.unit, block.x_label,
                block.y_label, block.alt_text)
    return ()


def walk_inlines(inlines: tuple[Inline, ...]) -> Iterator[Inline]:
    """Every inline node of ``inlines``, depth first (a Strong, then what it holds)."""
    for node in inlines:
        yield node
        if isinstance(node, (Strong, Emphasis, Link)):
            yield from walk_inlines(node.children)


def body_inlines(doc: Document) -> Iterator[tuple[Inline, ...]]:
    """Every inline sequence of the body, in reading order (notes not included)."""
    for block in iter_blocks(doc.blocks):
        yield from block_inlines(block)


def iter_text(doc: Document) -> Iterator[str]:
    """Every piece of text a reader of ``doc`` may see: metadata, body (chart labels and callout titles
    included) and notes. The one walk for checks over all text, such as the PDF fonts' coverage."""
    yield from doc.meta.strings()
    for block in iter_blocks(doc.blocks):
        yield from block_strings(block)
        for inlines in block_inlines(block):
            yield plain_text(inlines)
    for note in doc.notes:
        yield note.note_id
        yield plain_text(note.children)


def document_text(doc: Document) -> str:
    """All the body text a reader sees, one line per inline sequence (for word counts and tests)."""
    return "\n".join(plain_text(inl) for inl in body_inlines(doc))


def note_order(doc: Document) -> list[str]:
    """Note IDs in order of first reference in the body; writers number notes by it."""
    seen: dict[str, None] = {}
    for inlines in body_inlines(doc):
        for node in walk_inlines(inlines):
            if isinstance(node, NoteRef):
                seen.setdefault(node.note_id, None)
    return list(seen)


def note_numbers(doc: Document) -> dict[str, int]:
    """Note ID -> its number (1, 2, …) in :func:`note_order`: the one numbering every writer prints."""
    return {note_id: number for number, note_id in enumerate(note_order(doc), start=1)}
