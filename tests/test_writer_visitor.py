"""Every writer on the Visitor base: a model node a writer has no method for raises (never silently dropped),
what a writer works around reaches the CLI as a located warning, and notes are numbered by the one model walk
in every format, read back from each output."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from generator.render import compose
from generator import model
from generator.writers import get_writer
from generator.writers.visitor import UnknownNode
from pdf_reading import page_lines, reader

FORMATS = ("docx", "pdf", "html")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Sidebar:
    """A block type added to the model after the writers were written."""

    text: str


@dataclass(frozen=True)
class Smallcaps:
    """An inline type added to the model after the writers were written."""

    text: str


def para(*inlines: object) -> model.Paragraph:
    return model.Paragraph(tuple(model.Text(i) if isinstance(i, str) else i for i in inlines))  # type: ignore


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("where", ["body", "callout", "list item"])
def test_a_block_the_writer_does_not_know_raises(fmt: str, where: str) -> None:
    placed = {"body": Sidebar("lost?"),
              "callout": model.Callout("Box", (para("ok"), Sidebar("lost?"))),
              "list item": model.BulletList((model.ListItem((para("ok"), Sidebar("lost?"))),))}[where]
    doc = model.Document(model.Meta("T"), (para("before"), placed))  # type: ignore[arg-type]
    with pytest.raises(UnknownNode, match="cannot write block Sidebar"):
        get_writer(fmt)(doc, model.WriteOptions())
    get_writer(fmt)(replace(doc, blocks=(para("before"),)), model.WriteOptions())  # control: known blocks write


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_inline_the_writer_does_not_know_raises(fmt: str) -> None:
    doc = model.Document(model.Meta("T"), (para("a ", model.Strong((Smallcaps("b"),))),))  # type: ignore[arg-type]
    with pytest.raises(UnknownNode, match="cannot write inline Smallcaps"):
        get_writer(fmt)(doc, model.WriteOptions())


# ---------------------------------------------------------------- warnings


def test_a_pdf_writer_warning_reaches_the_cli_located_at_the_brief(mini: Path, run_cli, monkeypatch) -> None:
    """A layout the PDF cannot fit is laid out again with long cells cut: the build says so, at the brief,
    under the heading of the table."""
    from reportlab.platypus.doctemplate import LayoutError

    from generator.writers import pdf, pdf_tables

    real_build = pdf._build

    def first_layout_fails(doc, safe_mode, options):
        if not safe_mode:
            raise LayoutError("too large")
        return real_build(doc, safe_mode, options)

    monkeypatch.setattr(pdf, "_build", first_layout_fails)
    monkeypatch.setattr(pdf_tables, "SAFE_CELL_CHARS", 40)
    code, _out, err = run_cli("--root", str(mini), "build", "--format", "pdf")
    assert code == 0, err
    warnings = [line for line in err.splitlines() if "warning[table-cell-truncated]" in line]
    assert warnings and all(line.startswith("briefs/demo.yaml:1:1: warning[table-cell-truncated]: pdf writer, "
                                            "brief 'demo' under heading '") for line in warnings)
    assert "did not fit a PDF page; cut to its first 40, marked as cut" in warnings[0]
    text = " ".join(line for page in reader((mini / "out" / "demo.pdf").read_bytes()).pages
                    for _y, line in page_lines(page))
    assert "[…cell truncated for the PDF layout]" in text


def test_a_note_without_text_is_a_located_warning_in_every_format(mini: Path, run_cli, monkeypatch) -> None:
    """The document loses a note after composing: each writer says so at the brief, worded from the terms."""
    real = compose.after_parsing
    lost: list[str] = []

    def drop_first_note(document: model.Document, heading_numbers: str) -> model.Document:
        document = real(document, heading_numbers)
        lost.append(document.notes[0].note_id)
        return replace(document, notes=document.notes[1:])

    monkeypatch.setattr(compose, "after_parsing", drop_first_note)
    code, _out, err = run_cli("--root", str(mini), "build", "--format", "docx", "--format", "pdf",
                              "--format", "html")
    assert code == 0, err
    # Once per format, where the note is first cited (the bottom line, above every heading).
    shown = {"docx": "its footnote says so", "pdf": "its entry in the notes says so", "html": "shown as [1]"}
    assert [line for line in err.splitlines() if "note-missing" in line] == [
        f"briefs/demo.yaml:1:1: warning[note-missing]: {fmt} writer, brief 'demo': note {lost[0]!r} is cited but "
        f"has no text; {shown[fmt]}" for fmt in FORMATS]
    with zipfile.ZipFile(mini / "out" / "demo.docx") as package:
        footnotes = etree.fromstring(package.read("word/footnotes.xml"))
    texts = ["".join(f.itertext()) for f in footnotes.iter(W + "footnote")]
    assert any(f"[note {lost[0]}: no text]" in t for t in texts)
    pdf_text = " ".join(line for page in reader((mini / "out" / "demo.pdf").read_bytes()).pages
                        for _y, line in page_lines(page))
    assert f"[note {lost[0]}: no text]" in pdf_text


# ---------------------------------------------------------------- note numbers


def note(note_id: str) -> model.Note:
    return model.Note(note_id, (model.Text(f"Text of note {note_id.upper()}."),))


def notes_first_cited_in_captions() -> model.Document:
    """Note b is first cited in a table's caption (above the cells citing a), c in a chart's caption; the
    notes are listed in another order, so a writer numbering by the list (or by drawing order, where that
    differs from the walk) reads back different numbers."""
    ref = model.NoteRef
    table = model.Table(header=(model.TableCell((model.Text("Figure"),)), model.TableCell((model.Text("Value"),))),
                        rows=((model.TableCell((model.Text("Trade"),)),
                               model.TableCell((model.Text("69.5"), ref("a")))),),
                        caption=(model.Text("Trade table"), ref("b")))
    chart = model.Chart("c1", "bar", "Trade", ("2015", "2016"), (model.Series("Trade", (68.0, 69.5)),), "bn",
                        "", "", caption=(model.Text("Trade chart"), ref("c")), source=(model.Text("Customs"), ref("a")),
                        alt_text="Trade rose.")
    blocks = (model.Heading(1, (model.Text("Findings"),), "findings"), para("No notes here."), table, chart,
              para("Again ", ref("a"), ref("d"), " and ", ref("b")))
    return model.Document(model.Meta("Notes"), blocks, tuple(note(i) for i in "dcba"))


EXPECTED = {1: "B", 2: "A", 3: "C", 4: "D"}


def docx_numbers(data: bytes) -> dict[int, str]:
    """Number as Word shows it (footnote references counted in document order) -> the note's letter."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        footnotes = etree.fromstring(package.read("word/footnotes.xml"))
    text = {f.get(W + "id"): "".join(f.itertext()) for f in footnotes.iter(W + "footnote")}
    shown = {}
    for position, reference in enumerate(body.iter(W + "footnoteReference"), start=1):
        shown[position] = re.search(r"Text of note (\w)\.", text[reference.get(W + "id")]).group(1)
        assert reference.get(W + "id") == str(position)  # NOTEREF fields show the ID: it must be Word's number
    return shown


def pdf_numbers(data: bytes) -> dict[int, str]:
    lines = [line for page in reader(data).pages for _y, line in page_lines(page)]
    return {int(m.group(1)): m.group(2) for line in lines if (m := re.match(r"(\d+)\.\s*Text of note (\w)\.", line))}


def html_numbers(data: bytes) -> dict[int, str]:
    page = lxml.html.fromstring(data.decode("utf-8"))
    return {int(li.get("id").removeprefix("note_")): re.search(r"Text of note (\w)\.", li.text_content()).group(1)
            for li in page.xpath('//section[@class="notes"]//li')}


def test_notes_first_cited_in_captions_have_the_same_number_in_every_format() -> None:
    doc = notes_first_cited_in_captions()
    assert model.note_numbers(doc) == {"b": 1, "a": 2, "c": 3, "d": 4}
    read = {"docx": docx_numbers, "pdf": pdf_numbers, "html": html_numbers}
    for fmt in FORMATS:
        assert read[fmt](get_writer(fmt)(doc, model.WriteOptions())) == EXPECTED, fmt


def test_the_note_readers_see_a_different_numbering() -> None:
    """Control: the readers report the numbers the output shows, so a different order reads differently."""
    doc = notes_first_cited_in_captions()
    swapped = replace(doc, blocks=(doc.blocks[0], para("First ", model.NoteRef("d")), *doc.blocks[1:]))
    expected = {1: "D", 2: "B", 3: "A", 4: "C"}
    for fmt, read in (("docx", docx_numbers), ("pdf", pdf_numbers), ("html", html_numbers)):
        assert read(get_writer(fmt)(swapped, model.WriteOptions())) == expected, fmt


# ---------------------------------------------------------------- charts


def chart(categories: tuple[str, ...], *series: model.Series, **fields: object) -> model.Chart:
    values = dict(chart_id="c", kind="bar", title="Trade", categories=categories, series=series, unit="bn",
                  x_label="", y_label="", caption=(), source=(), alt_text="Trade rose.")
    return model.Chart(**{**values, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_chart_the_writer_cannot_draw_as_given_is_a_warning(fmt: str) -> None:
    cases = {
        "chart-empty": chart(("2015", "2016")),
        "chart-data": chart(("2015", "2016", "2017"), model.Series("Trade", (1.0, 2.0))),
    }
    for code, node in cases.items():
        options = model.WriteOptions()
        get_writer(fmt)(model.Document(model.Meta("T"), (model.Heading(1, (model.Text("Charts"),)), node)),
                        options)
        assert [(w.code, w.near) for w in options.warnings] == [(code, "Charts")], fmt
    options = model.WriteOptions()  # control: a chart whose data fits its categories
    get_writer(fmt)(model.Document(model.Meta("T"), (chart(("2015",), model.Series("Trade", (1.0,))),)), options)
    assert options.warnings == []


def test_a_pdf_chart_without_alt_text_title_or_caption_is_tagged_with_the_terms_word() -> None:
    from pdf_reading import read_tagged

    node = chart(("2015",), model.Series("Trade", (1.0,)), title="", alt_text="")
    options = model.WriteOptions()
    data = get_writer("pdf")(model.Document(model.Meta("T", terms=(("pdf.chart", "Graphique"),)), (node,)),
                             options)
    tagged = read_tagged(data)  # kept: its PDF must stay open while the elements are read
    figures = [e for e in tagged.root.walk() if e.role == "Figure"]
    assert [str(f.obj.Alt) for f in figures] == ["Graphique"]
    assert [w.code for w in options.warnings] == ["chart-alt"]


def test_a_pdf_heading_without_text_is_bookmarked_in_the_terms_word() -> None:
    doc = model.Document(model.Meta("T", terms=(("pdf.untitled", "(sans titre)"),)),
                         (model.Heading(1, ()), para("Body."), model.Heading(1, (model.Text("Named"),))))
    options = model.WriteOptions()
    outline = reader(get_writer("pdf")(doc, options)).outline
    assert [item.title for item in outline] == ["(sans titre)", "Named"]
    assert [w.code for w in options.warnings] == ["heading-empty"]
