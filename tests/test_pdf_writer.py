"""Tests of the PDF writer, read back the way a reader (or pypdf) sees the file."""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pytest  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from generator.writers.fonts import missing_glyphs  # noqa: E402
from generator.model import (  # noqa: E402
    Callout, Chart, Document, Heading, Link, ListItem, Meta, Note, NoteRef, NumberedList, Paragraph, Series, Table, TableCell,
    Text, WriteOptions,
)
from generator.writers.pdf import write  # noqa: E402
from kitchen_sink import kitchen_sink  # noqa: E402

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def render(doc: Document) -> bytes:
    return write(doc, WriteOptions())


@lru_cache(maxsize=1)
def kitchen_pdf() -> bytes:
    return render(kitchen_sink())


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page_texts(data: bytes) -> list[str]:
    return [norm(page.extract_text()) for page in reader(data).pages]


def outline_lines(data: bytes) -> list[str]:
    lines: list[str] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                lines.append("  " * depth + item.title)
    walk(reader(data).outline, 0)
    return lines


def simple_doc(*blocks, notes=(), **meta) -> Document:
    return Document(Meta(title=meta.pop("title", "Test brief"), **meta), tuple(blocks), tuple(notes))


def para(text: str) -> Paragraph:
    return Paragraph((Text(text),))


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"golden file {path} is missing; UPDATE_GOLDEN=1 writes it")
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs; UPDATE_GOLDEN=1 rewrites it"


# ---------------------------------------------------------------- golden
def test_golden_text() -> None:
    pages = page_texts(kitchen_pdf())
    actual = "".join(f"=== page {i} ===\n{text}\n" for i, text in enumerate(pages, start=1))
    check_golden("kitchen_sink.pdf.txt", actual)


def test_golden_outline() -> None:
    check_golden("kitchen_sink.pdf.outline.txt", "\n".join(outline_lines(kitchen_pdf())) + "\n")


# ---------------------------------------------------------------- what a reader sees
def test_page_numbers_and_marking_on_every_page() -> None:
    pages = page_texts(kitchen_pdf())
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "FOR OFFICIAL USE" in text
        assert "Content version 1a2b3c4 (2017-03-01)" in text
        assert "DRAFT" in text


def test_title_block() -> None:
    first = page_texts(kitchen_pdf())[0]
    assert "Kitchen sink brief" in first
    assert "Every block and inline the model has" in first
    assert "Writers under test · 1 March 2017 · Edition 3" in first
    assert "Policy Unit · policy@example.org" in first


def test_headings_in_order_and_outline_nesting() -> None:
    text = " ".join(page_texts(kitchen_pdf()))
    headings = ["Bottom line", "Inlines & escaping", "Lists", "Tables", "After the page break", "Notes"]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert outline_lines(kitchen_pdf()) == [
        "Bottom line", "  Inlines & escaping", "    Lists", "  Tables", "After the page break", "Notes",
    ]


def test_repeated_anchors_and_level_jumps_give_a_valid_outline() -> None:
    doc = simple_doc(
        Heading(3, (Text("Starts deep"),), "same"), para("a"),
        Heading(1, (Text("One"),), "same"), para("b"),
        Heading(3, (Text("Skips a level"),), "same"), para("c"),
        Heading(2, (Text("Empty anchor"),), ""), para("d"),
    )
    assert outline_lines(render(doc)) == ["Starts deep", "One", "  Skips a level", "  Empty anchor"]


def test_numbered_list_respects_start() -> None:
    items = tuple(ListItem((para(f"Item {n}"),)) for n in ("c", "d"))
    text = page_texts(render(simple_doc(NumberedList(items, start=3))))[0]
    assert "3. Item c" in text and "4. Item d" in text


def test_notes_numbered_and_printed() -> None:
    text = " ".join(page_texts(kitchen_pdf()))
    assert "in 2016.1" in text and "a note2" in text and "The end.1" in text
    notes = text[text.rindex("Notes"):]
    assert re.search(r"1\. China Customs, trade statistics 2016\. example\.org/customs", notes)
    assert "2. A caveat with emphasis." in notes


def annotations(data: bytes) -> list[dict]:
    return [a.get_object() for page in reader(data).pages for a in (page.get("/Annots") or [])]


def test_links_are_live_annotations() -> None:
    uris = [a["/A"]["/URI"] for a in annotations(kitchen_pdf()) if "/A" in a and "/URI" in a["/A"]]
    assert "https://example.org/report?a=1&b=2" in uris
    assert "https://example.org/customs" in uris
    # Note markers link inside the document.
    assert sum(1 for a in annotations(kitchen_pdf()) if "/Dest" in a) == 4


def test_unsafe_link_is_plain_text() -> None:
    doc = simple_doc(Paragraph((Link("javascript:alert(1)", (Text("click me"),)),)))
    data = render(doc)
    assert "click me" in page_texts(data)[0]
    assert not [a for a in annotations(data) if "/A" in a]


def test_metadata() -> None:
    meta = reader(kitchen_pdf()).metadata
    assert meta.title == "Kitchen sink brief"
    assert meta.author == "Policy Unit"
    assert meta.subject == "Golden test"
    assert meta["/Keywords"] == "golden, test, Content version 1a2b3c4 (2017-03-01)"
    assert meta.creator == "policy-brief-generator"
    assert meta["/CreationDate"].startswith("D:20170301120000")


def test_fonts_embedded_carlito_only() -> None:
    data = kitchen_pdf()
    assert b"/FontFile2" in data
    names = {str(font.get_object()["/BaseFont"]) for page in reader(data).pages
             for font in page["/Resources"]["/Font"].values()}
    assert names and all("Carlito" in name for name in names), names


def test_markup_in_text_prints_literally() -> None:
    text = " ".join(page_texts(kitchen_pdf()))
    assert "<b>not bold</b>" in text
    assert '<font color="red">not red</font>' in text
    assert "Кириллица" in text


def test_hostile_markup_is_inert() -> None:
    hostile = ('<img src="/etc/passwd"/> <font color="[[[getattr(pow, Word(\'__globals__\'))]]]">x</font> '
               '<b>unclosed <a href="javascript:x">a</a> &amp; &#60;')
    data = render(simple_doc(para(hostile), title=hostile))
    text = " ".join(page_texts(data))
    assert '<img src="/etc/passwd"/>' in text and "<b>unclosed" in text and "&amp; &#60;" in text


def test_same_bytes_twice_and_date_from_meta() -> None:
    assert render(kitchen_sink()) == kitchen_pdf()
    other = render(simple_doc(para("x"), created="2021-06-30T08:15:00+02:00"))
    assert reader(other).metadata["/CreationDate"].startswith("D:20210630061500")


# ---------------------------------------------------------------- robustness
def test_thousand_row_table_repeats_header() -> None:
    table = Table(
        header=(TableCell((Text("Region code"),)), TableCell((Text("Amount in USD"),))),
        rows=tuple((TableCell((Text(f"R{i:04d}"),)), TableCell((Text(f"{i * 3.25:.2f}"),))) for i in range(1000)),
        align=("left", "right"),
    )
    pages = page_texts(render(simple_doc(Heading(1, (Text("Big table"),), "big"), table)))
    spanned = [t for t in pages if re.search(r"R\d{4}", t)]
    assert len(spanned) > 10
    assert all("Region code" in t and "Amount in USD" in t for t in spanned)
    assert "R0999" in spanned[-1]


def test_cell_taller_than_a_page_does_not_crash() -> None:
    tall = " ".join(f"word{i}" for i in range(12000)) + " ENDMARK"
    table = Table(header=(TableCell((Text("Head"),)), TableCell((Text("Other"),))),
                  rows=((TableCell((Text("short"),)), TableCell((Text(tall),))),))
    text = " ".join(page_texts(render(simple_doc(table))))
    assert "ENDMARK" in text


def test_long_word_control_chars_and_surrogates() -> None:
    nasty = "bad\x00\x01\x0b\x0c\x1f\ud800chars ok"
    word = "x" * 5000
    doc = simple_doc(
        para(nasty), para(word),
        Table(header=(TableCell((Text(nasty),)),), rows=((TableCell((Text(word),)),),)),
        Callout(nasty, (para(nasty),), "bottom-line"),
        Chart("c", "bar", nasty, ("a\x00",), (Series(nasty, (1.0,)),), "%", nasty, nasty, (Text(nasty),),
              (Text(nasty),), nasty),
        Paragraph((Text("ref"), NoteRef("n"))),
        notes=(Note("n", (Text(nasty),)),), title=nasty, marking=nasty, watermark=nasty, version=nasty,
    )
    data = render(doc)
    text = " ".join(page_texts(data))
    assert "badchars ok" in text
    assert text.count("x") >= 5000


def test_long_callout_splits_across_pages() -> None:
    body = tuple(para(f"Callout paragraph {i} " + "text " * 60) for i in range(40))
    pages = page_texts(render(simple_doc(Callout("Bottom line", body, "bottom-line"))))
    assert len(pages) >= 3
    assert "Callout paragraph 39" in pages[-1]


def test_missing_glyphs() -> None:
    assert missing_glyphs("中文 ok") == []  # the bundled CJK fallback draws Chinese
    assert missing_glyphs("עב ok ☃") == ["ע", "ב", "☃"]
    assert missing_glyphs("Кириллица ümlaut — “quotes” €\t\n") == []


def test_font_module_is_cheap_to_import() -> None:
    code = "import sys, generator.writers.fonts; assert 'reportlab' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parent.parent)


def test_charts_module_loaded_only_for_charts() -> None:
    code = ("import sys; from generator.writers.pdf import write; from generator.model import *; "
            "write(Document(Meta(title='t'), (Paragraph((Text('x'),)),)), WriteOptions()); "
            "assert not any(m.startswith('reportlab.graphics') for m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parent.parent)


def test_qpdf_check(tmp_path: Path) -> None:
    if shutil.which("qpdf") is None:
        if os.environ.get("CI"):
            pytest.fail("qpdf is required in CI")
        pytest.skip("qpdf not installed")
    path = tmp_path / "kitchen_sink.pdf"
    path.write_bytes(kitchen_pdf())
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_layout_fallback_truncates_giant_cells_visibly() -> None:
    from generator.writers.pdf import _build

    giant = "y" * 50_000
    table = Table(header=(TableCell((Text("Head"),)),), rows=((TableCell((Text(giant),)),),))
    options = WriteOptions()
    text = " ".join(page_texts(_build(simple_doc(table), True, options)))
    assert "cell truncated for the PDF layout" in text
    assert [(w.code, w.message) for w in options.warnings] == [
        ("table-cell-truncated", "a table cell of 50000 characters did not fit a PDF page; cut to its first 2000, "
                                 "marked as cut")]
