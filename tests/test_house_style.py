"""The house style modelled on GB/T 9704-2012 (issue 12), chosen per brief with `style: gbt9704`: read back
from the PDF (page size, margins, sizes, colours, page numbers) and the DOCX (section, styles, footers)."""
from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

import ooxml_schema
from conftest import TESTS, docx_part, soffice_convert
from test_languages import pdftotext

MM = 72 / 25.4
RED = (round(0xE6 / 255, 3), 0.0, round(0x12 / 255, 3))  # colours.ISSUER
ISSUER = "黑龙江省人民政府办公厅"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """tests/fixtures/languages with the GB/T 9704 brief (tests/fixtures/house/gbt9704-zh.yaml), built."""
    from generator.commands.cli import main

    project = tmp_path_factory.mktemp("house") / "languages"
    shutil.copytree(TESTS / "fixtures" / "languages", project)
    shutil.copy(TESTS / "fixtures" / "house" / "gbt9704-zh.yaml", project / "briefs" / "gbt.yaml")
    assert main(["--root", str(project), "build", "gbt", "zh"]) == 0
    return project / "out"


def _texts(data: bytes) -> list[list[tuple[str, float, float, float, tuple | None]]]:
    """Per page: (text, x, y, size, fill colour) of every piece of text as drawn."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        found: list[tuple[str, float, float, float, tuple | None]] = []
        colour: list[tuple | None] = [None]

        def before(op, args, _cm, _tm) -> None:
            if op == b"rg":
                colour[0] = tuple(round(float(a), 3) for a in args)

        def text(t, cm, tm, _font, size) -> None:
            if t.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                found.append((t.strip(), x, y, size * (tm[0] or 1) * (cm[0] or 1), colour[0]))

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        pages.append(found)
    return pages


def test_the_pdf_is_a4_with_the_gbt9704_text_block(built: Path) -> None:
    from pypdf import PdfReader

    data = (built / "gbt.pdf").read_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    pages = _texts(data)
    body = [piece for piece in pages[1] if piece[3] > 15]  # page 2: body text at 16 pt
    assert body, pages[1]
    assert min(x for _t, x, *_ in body) == pytest.approx(28 * MM, abs=0.5)  # left margin 28 mm
    top_line = max(y for _t, _x, y, *_ in body)
    assert 842 - 37 * MM - 20 < top_line < 842 - 37 * MM  # the first line's baseline just under 37 mm
    assert {round(size) for *_s, size, _c in body} == {16}
    baselines = sorted({round(y, 1) for _t, _x, y, *_ in body}, reverse=True)
    pitch = min(a - b for a, b in zip(baselines, baselines[1:]))
    assert pitch == pytest.approx(225 * MM / 22, abs=0.1)  # 22 lines to the 225 mm block
    assert int(225 * MM // pitch) == 22


def test_the_issuer_heads_page_one_in_red_over_a_centred_title(built: Path) -> None:
    first = _texts((built / "gbt.pdf").read_bytes())[0]
    issuer = next(piece for piece in first if ISSUER in piece[0])
    assert issuer[4] == RED
    title = next(piece for piece in first if "中俄经贸合作简报" in piece[0])
    assert title[2] < issuer[2]  # below the issuer
    assert title[1] > 200 and round(title[3]) == 22  # centred (not at the left margin), 2号 (22 pt)
    assert "中俄经贸合作简报" in pdftotext(built / "gbt.pdf").split(ISSUER, 1)[1]
    assert ISSUER not in pdftotext(built / "zh.pdf")  # the default style prints no issuer line


def test_page_numbers_read_dash_n_dash_outside(built: Path) -> None:
    pages = _texts((built / "gbt.pdf").read_bytes())
    for number, page in enumerate(pages, start=1):
        label = next(piece for piece in page if piece[0] == f"— {number} —")
        if number % 2:
            assert label[1] > 595 / 2, label  # odd pages: right
        else:
            assert label[1] == pytest.approx(28 * MM + 14, abs=0.5), label  # even pages: left, one character in
    text = pdftotext(built / "gbt.pdf")
    assert "第1页" not in text
    assert "第1页，共" in pdftotext(built / "zh.pdf")


def test_the_docx_has_the_gbt9704_page_styles_and_issuer(built: Path) -> None:
    import docx

    data = (built / "gbt.docx").read_bytes()
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.top_margin.mm), round(section.left_margin.mm), round(section.page_width.mm),
            round(section.page_height.mm)) == (37, 28, 210, 297)
    assert document.settings.odd_and_even_pages_header_footer
    first = document.paragraphs[0]
    assert first.text == ISSUER and first.style.name == "Issuer"
    styles = docx_part(data, "word/styles.xml")
    issuer = re.search(r'<w:style [^>]*><w:name w:val="Issuer"/>.*?</w:style>', styles, re.S).group(0)
    assert '<w:color w:val="E60012"/>' in issuer and re.search(r'<w:bottom [^>]*w:color="E60012"', issuer)
    assert document.styles["Normal"].font.size.pt == 16
    assert document.styles["Normal"].paragraph_format.line_spacing.pt * 22 <= 225 * MM  # 22 lines fit
    assert document.paragraphs[1].text == "中俄经贸合作简报"
    odd = next(p for p in section.footer.paragraphs if "—" in p.text)
    even = next(p for p in section.even_page_footer.paragraphs if "—" in p.text)
    assert odd.alignment == 2 and even.alignment == 0  # right, left
    footer = docx_part(data, "word/footer1.xml") + docx_part(data, "word/footer2.xml")
    assert "NUMPAGES" not in footer and re.search(r"— </w:t>.*PAGE.*<w:t[^>]*> —", footer, re.S)
    for part, xml in ooxml_schema.xml_parts(data).items():
        assert ooxml_schema.errors(xml) == [], part


def test_libreoffice_prints_the_issuer_and_dash_page_numbers(built: Path, tmp_path: Path) -> None:
    soffice_convert([built / "gbt.docx"], "pdf", tmp_path)
    text = pdftotext(tmp_path / "gbt.pdf")
    # The spaces beside the dashes are half-width: drawn in Carlito (Calibri's metrics) pdftotext may not see them.
    assert ISSUER in text and re.search(r"— ?1 ?—", text) and re.search(r"— ?2 ?—", text)


def _add_to_brief(mini: Path, line: str) -> int:
    """Append ``line`` to the mini project's brief; return its line number."""
    brief = mini / "briefs" / "demo.yaml"
    text = brief.read_text(encoding="utf-8") + line + "\n"
    brief.write_text(text, encoding="utf-8")
    return len(text.splitlines())


def test_an_issuer_the_style_does_not_print_is_a_located_warning(mini: Path, run_cli) -> None:
    line = _add_to_brief(mini, "issuer: Ministry of Trade")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 0
    assert (f"briefs/demo.yaml:{line}:9: warning[brief-issuer]: issuer is printed only in style gbt9704; add "
            "`style: gbt9704` or remove it (at issuer)") in err
    _add_to_brief(mini, "style: gbt9704")
    assert "brief-issuer" not in run_cli("--root", str(mini), "check")[2]


def test_an_unknown_style_is_a_located_error(mini: Path, run_cli) -> None:
    line = _add_to_brief(mini, "style: gb9704")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1
    assert (f"briefs/demo.yaml:{line}:8: error[brief-style]: style must be one of default, gbt9704, "
            f"not 'gb9704' (at style)") in err


def test_the_gbt9704_pdf_stays_tagged_and_archivable(built: Path, tmp_path: Path) -> None:
    """The issuer line is tagged text, its red rule and the page numbers artifacts: PDF/UA and PDF/A hold."""
    from pdf_reading import read_tagged
    from test_pdf_archive import EXTENSION_SCHEMA, findings
    from test_pdf_tagging import pdfua_findings

    data = (built / "gbt.pdf").read_bytes()
    assert pdfua_findings(data, tmp_path) == []
    assert [f for f in findings(data) if not EXTENSION_SCHEMA.search(f)] == []
    result = read_tagged(data)
    assert result.untagged_text == [] and result.problems == []



def _strokes(pdf: Path) -> set[tuple[tuple[float, ...], float]]:
    """(stroke colour, line width) of every path stroked on page 1."""
    import pikepdf

    found, colour, width = set(), (0.0, 0.0, 0.0), 1.0
    with pikepdf.open(pdf) as doc:
        for operands, op in pikepdf.parse_content_stream(doc.pages[0]):
            if str(op) == "RG":
                colour = tuple(round(float(a), 3) for a in operands)
            elif str(op) == "w":
                width = round(float(operands[0]), 2)
            elif str(op) in ("S", "s"):
                found.add((colour, width))
    return found


def test_no_rule_under_an_official_documents_title(built: Path) -> None:
    """GB/T 9704 rules page 1 once, in red under the issuer; the default style's 1.2 pt navy rule under the
    title block is not drawn (the default-style brief, a control, has it)."""
    navy_rule = ((round(0x1F / 255, 3), round(0x38 / 255, 3), round(0x64 / 255, 3)), 1.2)
    official, default = _strokes(built / "gbt.pdf"), _strokes(built / "zh.pdf")
    assert any(colour == RED for colour, _w in official) and navy_rule not in official, official
    assert navy_rule in default, default
