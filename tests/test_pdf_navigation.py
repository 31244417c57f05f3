"""Bookmarks and note links land where their target is: read each destination back and look at the text there."""
from __future__ import annotations

import re

import pytest

from conftest import flat
from pdf_reading import bundled, first_line_below, reader

NAMES = tuple(bundled())


def outline_entries(data: bytes) -> list[tuple[str, int, float]]:
    """(title, page index, /XYZ top) of every outline entry, depth first."""
    pdf = reader(data)
    out: list[tuple[str, int, float]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append((item.title, pdf.get_destination_page_number(item), float(item.top)))
    walk(pdf.outline)
    return out


def cited_numbers(doc) -> list[int]:
    """The note number of every note marker, in document order (the order the markers are drawn in)."""
    from generator.model import Emphasis, Link, NoteRef, Strong, block_inlines, iter_blocks, note_numbers

    numbers = note_numbers(doc)
    out: list[int] = []

    def walk(inlines) -> None:
        for node in inlines:
            if isinstance(node, NoteRef):
                out.append(numbers[node.note_id])
            elif isinstance(node, (Strong, Emphasis, Link)):
                walk(node.children)
    for block in iter_blocks(doc.blocks):
        for inlines in block_inlines(block):
            walk(inlines)
    return out


def note_links(data: bytes) -> list[tuple[int, int, float]]:
    """(page of the marker, target page index, target top) of every internal link, in drawing order."""
    pdf = reader(data)
    page_numbers = {page.indirect_reference.idnum: i for i, page in enumerate(pdf.pages)}
    out = []
    for index, page in enumerate(pdf.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if "/Dest" not in annot:
                continue
            target, kind, _left, top = list(annot["/Dest"])[:4]
            assert kind == "/XYZ"
            out.append((index, page_numbers[target.idnum], float(top)))
    return out


def starts_alike(line: str, title: str) -> bool:
    """``line`` is the (first line of the) heading ``title``."""
    line, title = flat(line), flat(title)
    n = min(len(line), len(title), 25)
    return n > 0 and line[:n] == title[:n]


@pytest.mark.parametrize("name", NAMES)
def test_every_bookmark_lands_on_its_heading(name: str) -> None:
    _, data = bundled()[name]
    entries = outline_entries(data)
    assert entries, "no bookmarks"
    for title, page, top in entries:
        line = first_line_below(data, page, top)
        assert starts_alike(line, title), f"bookmark {title!r} lands on page {page + 1} at {line!r}"
    pages = [page for _, page, _ in entries]
    assert pages == sorted(pages), "bookmarks are out of page order"


@pytest.mark.parametrize("name", NAMES)
def test_every_note_link_lands_on_its_note(name: str) -> None:
    doc, data = bundled()[name]
    links = note_links(data)
    expected = cited_numbers(doc)
    assert len(links) == len(expected) and (expected or not doc.notes)
    for (marker_page, page, top), number in zip(links, expected):
        line = first_line_below(data, page, top)
        assert re.match(rf"{number}\.(?!\d)", line), f"note {number} (page {marker_page + 1}) lands on {line!r}"
        assert page >= marker_page, "a note is printed before the text that cites it"


def test_destinations_are_not_all_on_page_one() -> None:
    """The bug this guards against bound every destination to the first page."""
    _, data = bundled()["kitchen-sink"]
    assert {page for _, page, _ in outline_entries(data)} == {0, 2}
    assert {page for _, page, _ in note_links(data)} == {2}


def test_the_landing_check_fails_when_destinations_bind_to_the_first_page(monkeypatch) -> None:
    """Negative control: with reportlab's own binding (the old bug) the check above finds wrong landings."""
    from reportlab.pdfgen.canvas import Canvas

    from generator.model import WriteOptions
    from generator.writers.pdf import write
    from generator.writers.pdf_canvas import PageCountCanvas

    doc = bundled()["kitchen-sink"][0]  # before the patch: the cache must hold good files
    monkeypatch.setattr(PageCountCanvas, "bookmarkPage", Canvas.bookmarkPage)
    data = write(doc, WriteOptions())
    wrong = [title for title, page, top in outline_entries(data)
             if not starts_alike(first_line_below(data, page, top), title)]
    assert wrong and {page for _, page, _ in outline_entries(data)} == {0}
