"""Chinese faces (issue 12): Song for body text, Hei for bold and headings, in both formats; fonts are read and
registered only as far as a document needs them (issue 14)."""
from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, docx_part

FONT_DIR = REPO / "generator" / "assets" / "fonts"


def test_the_cmap_reader_agrees_with_reportlab_on_every_bundled_font() -> None:
    from reportlab.pdfbase.ttfonts import TTFontFile

    from generator.writers.font_cmap import code_points

    fonts = sorted(FONT_DIR.glob("*.ttf"))
    assert len(fonts) == 6
    for font in fonts:
        full = {code for code, glyph in TTFontFile(str(font)).charToGlyph.items() if glyph}
        # reportlab maps a font's missing no-break space to the space glyph itself: compare without it
        assert code_points(font) - {0xA0} == full - {0xA0}, font.name


def test_each_chinese_face_is_licensed_beside_it() -> None:
    assert "ARPHIC PUBLIC LICENSE" in (FONT_DIR / "ARPLSungtiLGB-LICENSE.txt").read_text(encoding="utf-8")
    assert "Apache License" in (FONT_DIR / "WenQuanYiMicroHei-LICENSE.txt").read_text(encoding="utf-8")


def test_runs_pick_song_for_gb2312_and_hei_for_what_song_lacks() -> None:
    from generator.writers import fonts

    assert fonts.runs("Trade 贸易 up") == [("", "Trade "), (fonts.SONG, "贸易 "), ("", "up")]
    assert fonts.runs("喆") == [(fonts.HEI, "喆")]  # beyond GB 2312: only WenQuanYi Micro Hei has it
    assert fonts.face_for("内部资料", fonts.BOLD) == fonts.HEI
    assert fonts.face_for("内部资料", fonts.REGULAR) == fonts.SONG
    assert fonts.face_for("Restricted", fonts.BOLD) == fonts.BOLD


def test_an_english_pdf_never_reads_the_chinese_fonts() -> None:
    code = (
        "from generator.writers.pdf import write; from generator.model import *; from generator.writers import fonts;"
        "from generator.pipeline import check_glyphs;"
        "fonts.missing_glyphs('Trade grew, Кириллица too');"
        "write(Document(Meta(title='Trade'), (Heading(1, (Text('Findings'),)), Paragraph((Strong((Text('x'),)),)))),"
        " WriteOptions());"
        "from reportlab.pdfbase import pdfmetrics;"
        "print(sorted(pdfmetrics.getRegisteredFontNames()), fonts._cmap.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=REPO).stdout
    assert "ARPLSungtiLGB" not in out and "WenQuanYi" not in out, out
    assert out.strip().endswith(" 1"), out  # only Carlito's cmap was read


def _fonts_of_text(data: bytes) -> dict[str, set[str]]:
    """Each base font of a PDF with the text drawn in it."""
    from pypdf import PdfReader

    found: dict[str, set[str]] = {}

    def visit(text, _cm, _tm, font, _size) -> None:
        if font and text.strip():
            found.setdefault(str(font.get("/BaseFont", "")).split("+")[-1], set()).add(text.strip())

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return found


def test_chinese_body_is_song_and_bold_and_headings_are_hei(bundled_briefs: Path) -> None:
    faces = _fonts_of_text((bundled_briefs / "ministry-zh.pdf").read_bytes())
    song = " ".join(faces.get("BousungEG-Light-GB", ()))  # AR PL SungtiL GB's PostScript name
    hei = " ".join(faces.get("WenQuanYiMicroHei", ()))
    assert "但仅占中国对外贸易的" in song  # body text
    assert "关键数据" in hei and "结论与决策" in hei  # a heading and the title
    # **695亿美元** in the bottom line: its digits in Carlito Bold, its Chinese in Hei (Song's bold)
    assert "695" in faces.get("Carlito-Bold", ()) and "亿美元" in hei
    assert "关键数据" not in song and "但仅占中国对外贸易的" not in hei


def test_the_chinese_pdf_text_copies_out_from_both_faces(bundled_briefs: Path) -> None:
    from test_languages import pdftotext

    text = re.sub(r"\s+", "", pdftotext(bundled_briefs / "ministry-zh.pdf"))
    assert "“一带一路”下的中俄贸易" in text and "但仅占中国对外贸易的" in text


def test_the_chinese_docx_names_a_song_body_and_hei_headings(bundled_briefs: Path) -> None:
    styles = docx_part((bundled_briefs / "ministry-zh.docx").read_bytes(), "word/styles.xml")
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S).group(0)
    assert 'w:eastAsia="AR PL SungtiL GB"' in defaults
    for name in ("Title", "heading 1", "heading 2"):
        style = re.search(rf'<w:style [^>]*><w:name w:val="{name}"/>.*?</w:style>', styles, re.S).group(0)
        assert 'w:eastAsia="WenQuanYi Micro Hei"' in style, name
    english = docx_part((bundled_briefs / "ministry.docx").read_bytes(), "word/styles.xml")
    assert "WenQuanYi" not in english and "SungtiL" not in english
    # Word without the bundled faces is told what they are: a Song (宋体) and a Hei (黑体) face for GB 2312
    table = docx_part((bundled_briefs / "ministry-zh.docx").read_bytes(), "word/fontTable.xml")
    assert re.search(r'<w:font w:name="AR PL SungtiL GB"><w:altName w:val="宋体"/><w:charset w:val="86"/>', table)
    assert re.search(r'<w:font w:name="WenQuanYi Micro Hei"><w:altName w:val="黑体"/>', table)
    assert "SungtiL" not in docx_part((bundled_briefs / "ministry.docx").read_bytes(), "word/fontTable.xml")


def test_libreoffice_renders_the_chinese_docx_in_song_and_hei(bundled_briefs: Path, tmp_path: Path) -> None:
    from conftest import soffice_convert

    soffice_convert([bundled_briefs / "ministry-zh.docx"], "pdf", tmp_path)
    faces = _fonts_of_text((tmp_path / "ministry-zh.pdf").read_bytes())
    if not any("BousungEG" in face for face in faces):
        pytest.fail(f"LibreOffice drew no text in AR PL SungtiL GB (fonts-arphic-gbsn00lp): {sorted(faces)}")
    hei = " ".join(text for face, texts in faces.items() if "WenQuanYi" in face for text in texts)
    assert "关键数据" in hei
