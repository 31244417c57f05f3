"""Tests of the DOCX writer: golden XML parts, read-back with python-docx, and a LibreOffice round trip.

Set UPDATE_GOLDEN=1 to rewrite tests/golden/kitchen_sink_docx/ after an intended change.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import soffice_convert  # noqa: E402
from kitchen_sink import kitchen_sink  # noqa: E402

from generator.model import (  # noqa: E402
    Document, Heading, Link, ListItem, Meta, Note, NoteRef, NumberedList, Paragraph, Table, TableCell, Text,
    WriteOptions, note_order, plain_text,
)
from generator.writers import get_writer  # noqa: E402

GOLDEN = Path(__file__).resolve().parent / "golden" / "kitchen_sink_docx"
PART_LIST = "_parts.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
C_NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
write = get_writer("docx")


@pytest.fixture(scope="module")
def ks_bytes() -> bytes:
    return write(kitchen_sink(), WriteOptions())


@pytest.fixture(scope="module")
def ks_zip(ks_bytes: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(ks_bytes))


@pytest.fixture(scope="module")
def ks_docx(ks_bytes: bytes):
    return docx.Document(io.BytesIO(ks_bytes))


def xml(zf: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(zf.read(name))


def pretty(data: bytes) -> str:
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.tostring(etree.fromstring(data, parser), pretty_print=True, encoding="unicode")


def body_text(root: etree._Element) -> str:
    return "".join(root.itertext())


# ---------------------------------------------------------------- golden
def golden_text(name: str, data: bytes) -> str:
    """A part as reviewable text: pretty XML, or for an embedded workbook each of its XML parts."""
    if not name.endswith(".xlsx"):
        return pretty(data)
    inner = zipfile.ZipFile(io.BytesIO(data))
    return "".join(f"== {n} ==\n{pretty(inner.read(n))}" for n in sorted(inner.namelist()))


def test_golden_parts(ks_zip: zipfile.ZipFile) -> None:
    names = sorted(ks_zip.namelist())
    if os.environ.get("UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name in names:
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(golden_text(name, ks_zip.read(name)), encoding="utf-8")
        (GOLDEN / PART_LIST).write_text("\n".join(names) + "\n", encoding="utf-8")
    assert (GOLDEN / PART_LIST).read_text(encoding="utf-8").split() == names
    for name in names:
        expected = (GOLDEN / name).read_text(encoding="utf-8")
        assert golden_text(name, ks_zip.read(name)) == expected, f"{name} differs from its golden file"


def test_same_bytes_every_time(ks_bytes: bytes) -> None:
    assert write(kitchen_sink(), WriteOptions()) == ks_bytes


def test_zip_is_normalised(ks_zip: zipfile.ZipFile) -> None:
    infos = ks_zip.infolist()
    assert [i.filename for i in infos[:2]] == ["[Content_Types].xml", "_rels/.rels"]
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos)
    assert "docProps/thumbnail.jpeg" not in ks_zip.namelist()


# ---------------------------------------------------------------- read-back
def test_title_block_and_headings(ks_docx) -> None:
    paras = [(p.style.name, p.text) for p in ks_docx.paragraphs if p.text]
    # The marking is in the header and footer, the version stamp in the footer: neither repeats on the page.
    assert paras[:2] == [("Title", "Kitchen sink brief"), ("Subtitle", "Every block and inline the model has")]
    assert not any("FOR OFFICIAL USE" in text or "Content version" in text for _style, text in paras)
    small = [text for style, text in paras if style == "Small"]
    assert small[0] == "Writers under test \u00b7 1 March 2017 \u00b7 Edition 3"
    assert "Policy Unit" in small[1] and "policy@example.org" in small[1]
    headings = [(style, text) for style, text in paras if style.startswith("Heading")]
    assert headings == [("Heading 1", "Bottom line"), ("Heading 2", "Inlines & escaping"),
                        ("Heading 3", "Lists"), ("Heading 2", "Tables"), ("Heading 1", "After the page break")]
    assert ("Lead", "A lead paragraph in the lead style.") in paras
    assert ks_docx.styles["Heading 1"].paragraph_format.keep_with_next


def test_page_setup_and_body_font(ks_docx) -> None:
    section = ks_docx.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert round(section.left_margin.cm, 1) == 2.0
    normal = ks_docx.styles["Normal"]
    assert normal.font.name == "Calibri" and normal.font.size == Pt(11)


def test_lists_use_list_styles_and_real_numbering(ks_docx) -> None:
    styled = {p.text: p for p in ks_docx.paragraphs}
    assert styled["First bullet"].style.name == "List Bullet"
    assert styled["Nested bullet"].style.name == "List Bullet 2"
    assert styled["Recommendation one. Do this."].style.name == "List Number"
    num_pr = styled["Recommendation one. Do this."]._p.pPr.numPr
    num_id = num_pr.numId.val
    numbering = ks_docx.part.numbering_part.element
    num = numbering.find(f'{W}num[@{W}numId="{num_id}"]')
    assert num.find(f".//{W}startOverride").get(f"{W}val") == "1"
    assert styled["Nested bullet"]._p.pPr.numPr.ilvl.val == 1


def test_list_continuation_paragraphs_stay_in_their_list() -> None:
    """A second paragraph in an item keeps the list open: other readers (mammoth) number on, not restart."""
    import mammoth

    items = tuple(ListItem((Paragraph((Text(f"Item {n}."),)), Paragraph((Text(f"More on {n}."),))))
                  for n in (1, 2, 3))
    data = write(Document(Meta(title="t"), (NumberedList(items),)), WriteOptions())
    html = mammoth.convert_to_html(io.BytesIO(data)).value
    top = re.sub(r"<ol><li>More on \d\.</li></ol>", "", html)  # a continuation is a paragraph inside its item
    assert top.count("<ol>") == 1 and top.count("<li>") == 3, html
    body = docx.Document(io.BytesIO(data))
    word = [(p.text, p._p.pPr.numPr) for p in body.paragraphs if p.text.startswith(("Item", "More"))]
    assert len(word) == 6
    num_ids = {num_pr.numId.val for _text, num_pr in word}
    assert len(num_ids) == 1  # one numbering instance: Word counts 1, 2, 3
    continuation = [num_pr.ilvl.val for text, num_pr in word if text.startswith("More")]
    assert continuation == [1, 1, 1]
    # ... at a level this list redefines as unnumbered, so Word and LibreOffice print no number there.
    numbering = body.part.numbering_part.element
    level = numbering.find(f'{W}num[@{W}numId="{num_ids.pop()}"]/{W}lvlOverride[@{W}ilvl="1"]/{W}lvl')
    assert level.find(f"{W}numFmt").get(f"{W}val") == "none" and level.find(f"{W}lvlText").get(f"{W}val") == ""


def test_data_rows_do_not_split_across_pages(ks_docx) -> None:
    for table in ks_docx.tables[1:]:
        rows = [row._tr for row in table.rows]
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
        assert [tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows] == [True] + [False] * (len(rows) - 1)


def test_tables(ks_docx) -> None:
    data, keyfigures = ks_docx.tables[1], ks_docx.tables[2]  # tables[0] is the callout box
    assert [c.text for c in data.rows[0].cells] == ["Figure", "2016", "Change"]
    assert data.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert data.style.name == "Data Table" and keyfigures.style.name == "Key Figures"
    assert data.rows[1].cells[1].paragraphs[0].alignment == 2  # WD_ALIGN_PARAGRAPH.RIGHT
    assert data.rows[1].cells[0].paragraphs[0].alignment is None
    widths = [int(col.get(qn("w:w"))) for col in data._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[0] == pytest.approx(3 * widths[1], rel=0.01)
    caption = [p for p in ks_docx.paragraphs if p.text.startswith("Table 1.")][0]
    assert caption.style.name == "Caption"
    assert caption._p.getnext().tag == qn("w:tbl")


def test_callout_is_a_shaded_box(ks_docx) -> None:
    box = ks_docx.tables[0]
    assert box.style.name == "Callout Box"
    cell = box.rows[0].cells[0]
    assert [p.style.name for p in cell.paragraphs] == ["Callout Title", "Callout"]
    assert "69.5 billion US dollars" in cell.text


def test_footnotes_follow_note_order(ks_zip: zipfile.ZipFile) -> None:
    doc = kitchen_sink()
    notes = {n.note_id: plain_text(n.children) for n in doc.notes}
    footnotes = xml(ks_zip, "word/footnotes.xml")
    real = [f for f in footnotes.findall(f"{W}footnote") if int(f.get(f"{W}id")) > 0]
    texts = ["".join(f.itertext()).strip() for f in real]
    assert texts == [notes[note_id].strip() for note_id in note_order(doc)]
    types = {f.get(f"{W}id"): f.get(f"{W}type") for f in footnotes.findall(f"{W}footnote")}
    assert types["-1"] == "separator" and types["0"] == "continuationSeparator"
    body = xml(ks_zip, "word/document.xml")
    refs = [r.get(f"{W}id") for r in body.iter(f"{W}footnoteReference")]
    assert refs == ["1", "2"]
    # Later references to note 1 are NOTEREF cross-references, not new footnotes.
    instructions = [t.text for t in body.iter(f"{W}instrText")]
    assert instructions.count(" NOTEREF _RefNote1 \\f \\h ") == 2
    rels = xml(ks_zip, "word/_rels/document.xml.rels")
    assert any(r.get("Type").endswith("/footnotes") for r in rels)
    content_types = ks_zip.read("[Content_Types].xml").decode()
    assert "wordprocessingml.footnotes+xml" in content_types


def test_hyperlinks(ks_zip: zipfile.ZipFile) -> None:
    rels = xml(ks_zip, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels if r.get("TargetMode") == "External"}
    assert "https://example.org/report?a=1&b=2" in targets.values()
    body = xml(ks_zip, "word/document.xml")
    link = [h for h in body.iter(f"{W}hyperlink") if body_text(h) == "link"][0]
    assert targets[link.get(qn("r:id"))] == "https://example.org/report?a=1&b=2"
    assert link.find(f".//{W}rStyle").get(f"{W}val") == "Hyperlink"
    note_rels = xml(ks_zip, "word/_rels/footnotes.xml.rels")
    assert [r.get("Target") for r in note_rels] == ["https://example.org/customs"]


def test_unsafe_link_schemes_render_as_plain_text() -> None:
    doc = Document(Meta(title="t"), (Paragraph((Link("javascript:alert(1)", (Text("js"),)),
                                                Link("file:///etc/passwd", (Text("file"),)))),))
    zf = zipfile.ZipFile(io.BytesIO(write(doc, WriteOptions())))
    assert b"javascript" not in zf.read("word/_rels/document.xml.rels")
    body = xml(zf, "word/document.xml")
    assert not list(body.iter(f"{W}hyperlink")) and "jsfile" in body_text(body)


def test_header_footer(ks_zip: zipfile.ZipFile) -> None:
    header = ks_zip.read("word/header1.xml").decode()
    assert "FOR OFFICIAL USE" in header and 'string="DRAFT"' in header and "rotation:315" in header
    footer = xml(ks_zip, "word/footer1.xml")
    instructions = [t.text.strip() for t in footer.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert body_text(footer).count("Content version 1a2b3c4 (2017-03-01)") == 1
    # The marking: once at the top and once at the bottom of each page, bold, in the marking colour.
    for part in (xml(ks_zip, "word/header1.xml"), footer):
        runs = [r for r in part.iter(f"{W}r") if body_text(r) == "FOR OFFICIAL USE"]
        assert len(runs) == 1
        assert runs[0].find(f"{W}rPr/{W}color").get(f"{W}val") == "C00000"
        assert runs[0].find(f"{W}rPr/{W}b") is not None


def test_core_properties(ks_docx) -> None:
    props = ks_docx.core_properties
    assert (props.title, props.author, props.subject) == ("Kitchen sink brief", "Policy Unit", "Golden test")
    assert props.keywords == "golden, test" and props.language == "en"
    assert props.last_modified_by == "Policy Unit" and props.revision == 1
    for when in (props.created, props.modified, props.last_printed):
        assert when.replace(tzinfo=None).isoformat() == "2017-03-01T12:00:00"


def test_charts_are_native_with_cached_data(ks_zip: zipfile.ZipFile) -> None:
    bar, line = xml(ks_zip, "word/charts/chart1.xml"), xml(ks_zip, "word/charts/chart2.xml")
    assert bar.find(".//c:barChart/c:grouping", C_NS).get("val") == "clustered"
    assert line.find(".//c:lineChart", C_NS) is not None
    names = [v.text for v in bar.findall(".//c:ser/c:tx//c:v", C_NS)]
    assert names == ["Exports", "Imports"]
    values = [[float(v.text) for v in ser.findall("c:val//c:v", C_NS)] for ser in bar.findall(".//c:ser", C_NS)]
    assert values == [[34.8, 37.3], [33.3, 32.2]]
    categories = [v.text for v in line.findall(".//c:ser/c:cat//c:v", C_NS)]
    assert categories == ["2015", "2016", "2017 H1"]
    titles = ["".join(t.itertext()) for t in bar.iter("{%s}title" % C_NS["c"])]
    assert titles == ["China\u2013Russia trade by direction", "Year", "Billion US dollars"]
    assert bar.find(".//c:legend", C_NS) is not None
    body = xml(ks_zip, "word/document.xml")
    doc_prs = list(body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"))
    assert [d.get("id") for d in doc_prs] == ["1", "2"]
    assert doc_prs[0].get("descr").startswith("Bar chart: exports rose")
    assert "drawingml.chart+xml" in ks_zip.read("[Content_Types].xml").decode()


def test_chart_workbooks_are_complete(ks_zip: zipfile.ZipFile) -> None:
    """Excel repairs a workbook without a styles part on "Edit Data"; openpyxl reads what Excel reads."""
    import openpyxl

    doc_charts = [b for b in kitchen_sink().blocks if b.__class__.__name__ == "Chart"]
    embedded = sorted(n for n in ks_zip.namelist() if n.endswith(".xlsx"))
    assert len(embedded) == len(doc_charts)
    for name, chart in zip(embedded, doc_charts):
        inner = zipfile.ZipFile(io.BytesIO(ks_zip.read(name)))
        assert "xl/styles.xml" in inner.namelist()
        sheet = openpyxl.load_workbook(io.BytesIO(ks_zip.read(name))).active
        assert [c.value for c in sheet[1]][1:] == [s.name for s in chart.series]
        assert sheet["B2"].value == chart.series[0].values[0]
        assert sheet["B2"].number_format == chart.number_format


def test_charts_embed_their_data_for_edit_data(ks_zip: zipfile.ZipFile) -> None:
    rels = xml(ks_zip, "word/charts/_rels/chart1.xml.rels")
    target = rels[0].get("Target")
    assert rels[0].get("Type").endswith("/package") and target.endswith(".xlsx")
    bar = xml(ks_zip, "word/charts/chart1.xml")
    assert bar.find("c:externalData", C_NS).get(f"{{{R}}}id") == rels[0].get("Id")
    workbook = zipfile.ZipFile(io.BytesIO(ks_zip.read("word/" + target.removeprefix("../"))))
    sheet = etree.fromstring(workbook.read("xl/worksheets/sheet1.xml"))
    cells = {c.get("r"): "".join(c.itertext()) for c in sheet.iter("{*}c")}
    assert cells["B1"] == "Exports" and cells["C1"] == "Imports" and cells["A3"] == "2016"
    assert float(cells["B3"]) == 37.3 and float(cells["C2"]) == 33.3


def test_escaping_and_page_break(ks_zip: zipfile.ZipFile) -> None:
    body = xml(ks_zip, "word/document.xml")
    text = body_text(body)
    assert '<b>not bold</b> & <font color="red">not red</font>' in text
    assert "\u041a\u0438\u0440\u0438\u043b\u043b\u0438\u0446\u0430" in text
    assert [b.get(f"{W}type") for b in body.iter(f"{W}br")] == [None, "page"]


def test_control_characters_and_long_words_do_not_crash() -> None:
    nasty = "a\x00b\x01c\x0bd\x0ce\x1ff\ud800g\ufffe"
    doc = Document(Meta(title="T" + nasty, author="x\x07", watermark="W\x00"),
                   (Heading(1, (Text(nasty),), "1 anchor!"), Paragraph((Text("w" * 5000), NoteRef("n"))),
                    Table((TableCell((Text(nasty),)),), ())),
                   (Note("n", (Text(nasty),)),))
    zf = zipfile.ZipFile(io.BytesIO(write(doc, WriteOptions())))
    body = body_text(xml(zf, "word/document.xml"))
    assert "Tabcdefg" in body and "w" * 5000 in body
    assert "abcdefg" in body_text(xml(zf, "word/footnotes.xml"))


def test_thousand_row_table_keeps_every_row() -> None:
    """Its speed (python-docx's table API made this quadratic) is measured in tests/benchmark.py."""
    rows = tuple((TableCell((Text(f"Row {i}"),)), TableCell((Text(f"{i}.0"),))) for i in range(1000))
    doc = Document(Meta(title="Big"), (Table((TableCell((Text("A"),)), TableCell((Text("B"),))), rows,
                                             align=("left", "right")),))
    data = write(doc, WriteOptions())
    assert len(docx.Document(io.BytesIO(data)).tables[0].rows) == 1001


def test_reference_docx_styles_are_used() -> None:
    reference = docx.Document()
    reference.styles["Heading 1"].font.name = "Georgia"
    reference.add_paragraph("Corporate boilerplate that must disappear")
    buffer = io.BytesIO()
    reference.save(buffer)
    data = write(kitchen_sink(), WriteOptions(reference_docx=buffer.getvalue()))
    result = docx.Document(io.BytesIO(data))
    assert result.styles["Heading 1"].font.name == "Georgia"
    assert "Corporate boilerplate" not in "".join(p.text for p in result.paragraphs)
    assert result.styles["Callout"] is not None and result.styles["Lead"] is not None
    assert result.paragraphs[0].text == "Kitchen sink brief"


# ---------------------------------------------------------------- LibreOffice
def test_libreoffice_renders_pdf(ks_bytes: bytes, tmp_path: Path) -> None:
    source = tmp_path / "kitchen_sink.docx"
    source.write_bytes(ks_bytes)
    soffice_convert([source], "pdf", tmp_path, timeout=120)
    from pypdf import PdfReader
    text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "kitchen_sink.pdf").pages)
    text = re.sub(r"\s+", " ", text)
    for expected in ("Kitchen sink brief", "Inlines & escaping", "After the page break",
                     "China Customs, trade statistics 2016", "A caveat with emphasis", "Page 1 of"):
        assert expected in text


def test_a_blank_title_fact_leaves_no_stray_separator_in_either_format() -> None:
    """An audience of spaces is no fact: the line under the title reads 'date · edition' in Word and the PDF."""
    from pypdf import PdfReader

    meta = Meta(title="T", audience="   ", date="1 May 2026", edition="Second edition")
    doc = Document(meta=meta, blocks=(Paragraph((Text("Body."),)),))
    shown = [p.text for p in docx.Document(io.BytesIO(write(doc, WriteOptions()))).paragraphs]
    assert "1 May 2026 \u00b7 Second edition" in shown, shown
    pdf = PdfReader(io.BytesIO(get_writer("pdf")(doc, WriteOptions()))).pages[0].extract_text()
    assert "1 May 2026 \u00b7 Second edition" in pdf and "\u00b7 1 May" not in pdf
