"""What a writer keeps between documents in one process (the DOCX writer's prepared styles, the PDF writer's
paragraph styles and object names, a PDF paragraph's last line breaks) never changes a document's bytes: a
document written after others, in other languages and house styles, is the same as one written first."""
from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest
from docx.document import Document as WordDocument
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph

from generator.model import GBT9704, Document, WriteOptions
from generator.writers import docx as docx_writer
from generator.writers import docx_package, docx_styles, get_writer, pdf_objects, pdf_styles
from generator.writers.pdf_tagged import TaggedParagraph
from kitchen_sink import kitchen_sink


def _variants() -> list[Document]:
    doc = kitchen_sink()
    return [doc, replace(doc, meta=replace(doc.meta, language="zh-CN", title="黑龙江 中俄贸易")),
            replace(doc, meta=replace(doc.meta, language="ru")),
            replace(doc, meta=replace(doc.meta, language="zh-CN", style=GBT9704, title="中俄贸易"))]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_document_written_after_others_is_the_same_as_written_first(fmt):
    write = get_writer(fmt)
    docs = _variants()
    first = []
    for doc in docs:  # each written in a process whose caches hold nothing of the others
        docx_styles._PREPARED.clear()
        pdf_styles._styles.cache_clear()
        pdf_styles._gbt9704.cache_clear()
        pdf_objects._NAMES.clear()
        first.append(write(doc, WriteOptions()))
    for doc, expected in zip(reversed(docs), reversed(first)):  # now every cache is warm, in another order
        assert write(doc, WriteOptions()) == expected
    assert len(set(first)) == len(first)  # the variants do differ


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_keeping_a_paragraphs_line_breaks_changes_no_byte(monkeypatch, language):
    """A table cell's paragraph is wrapped again at the same width and keeps its last breaks: the PDF is the one
    written breaking its lines every time."""
    doc = kitchen_sink()
    doc = replace(doc, meta=replace(doc.meta, language=language))
    kept = get_writer("pdf")(doc, WriteOptions())
    monkeypatch.setattr(TaggedParagraph, "wrap", Paragraph.wrap)
    assert get_writer("pdf")(doc, WriteOptions()) == kept


def test_the_docx_package_holds_what_python_docx_saves(monkeypatch):
    """The DOCX is zipped from python-docx's serialised parts, taken through its private package writer helpers:
    they must give every member ``Document.save`` writes, byte for byte (a python-docx release that changes them
    fails here, not in a reader's Word)."""
    built: list[WordDocument] = []

    def keep(document: WordDocument) -> bytes:
        built.append(document)
        return b""

    monkeypatch.setattr(docx_writer, "save_reproducibly", keep)
    get_writer("docx")(kitchen_sink(), WriteOptions())
    saved = io.BytesIO()
    built[0].save(saved)
    with zipfile.ZipFile(saved) as package:
        expected = {name: package.read(name) for name in package.namelist()}
    assert docx_package._members(built[0]) == expected
    assert "word/document.xml" in expected and len(expected) > 5


def test_a_paragraph_wrapped_at_another_width_breaks_its_lines_again():
    text = "Border trade through Heihe and Suifenhe grew for the third year running " * 4
    style = getSampleStyleSheet()["BodyText"]
    kept = TaggedParagraph(text, style)
    for width in (120.0, 400.0, 120.0, 400.0):
        assert kept.wrap(width, 1000) == Paragraph(text, style).wrap(width, 1000)
        assert len(kept.blPara.lines) == len(Paragraph(text, style).breakLines([width]).lines)
    assert kept.wrap(0, 1000) == (0, 0x7FFFFFFF)  # too narrow: nothing kept, nothing reused
    assert kept.wrap(120.0, 1000) == Paragraph(text, style).wrap(120.0, 1000)
    del kept.blPara  # as Paragraph.split does when no line fits: the next wrap gives the lines back
    kept.wrap(120.0, 1000)
    assert len(kept.blPara.lines) == len(Paragraph(text, style).breakLines([120.0]).lines)
