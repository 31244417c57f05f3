"""Quotation marks in Chinese text are Chinese: full-width, in the Chinese face (PDF) and East Asian font (DOCX).

Carlito and the Chinese faces both have “ ” ‘ ’, so without a rule they fell to Carlito: narrow Latin marks
around Chinese words. Read back from the files: the font each mark is drawn in (pypdf), each run's w:hint.
"""
from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from pypdf import PdfReader

from conftest import edit
from generator.model import WriteOptions
from generator.writers import fonts, get_writer
from generator.writers.docx_inline import quote_runs
from generator.writers.fonts import SONG, is_chinese, runs
from kitchen_sink import kitchen_sink
from test_languages import langs  # noqa: F401  (a fixture)

QUOTES = "‘’“”"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_marks_take_the_family_of_the_chinese_text_beside_them() -> None:
    assert runs("“一带一路”下的", chinese=True) == [(SONG, "“一带一路”下的")]
    assert runs("推动“BRI”框架", chinese=True) == [(SONG, "推动“"), ("", "BRI"), (SONG, "”框架")]
    assert runs("Sino-Russian “Belt” [“一带一路”]", chinese=True) == [
        ("", "Sino-Russian “Belt” ["), (SONG, "“一带一路”"), ("", "]")]
    assert runs("the “黑河” port") == [("", "the “"), (SONG, "黑河"), ("", "” port")]  # not a Chinese document
    assert runs("“" * 200_000 + "中", chinese=True)[0][0] == SONG  # linear: two passes, whatever the text


def quote_fonts(pdf: bytes) -> dict[str, set[str]]:
    """{text around a quotation mark: fonts drawing it}, as a PDF reader finds them."""
    found: dict[str, set[str]] = defaultdict(set)

    def visit(text: str, _cm: object, _tm: object, font: dict | None, _size: object) -> None:
        if font is not None and any(mark in text for mark in QUOTES):
            found[text.strip()].add(str(font.get("/BaseFont")))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return found


def quote_hints(docx: bytes) -> dict[str, str | None]:
    """{run text holding a quotation mark: its w:rFonts/@w:hint}, over the body and notes."""
    out: dict[str, str | None] = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        for name in ("word/document.xml", "word/footnotes.xml"):
            if name not in package.namelist():
                continue
            for run in etree.fromstring(package.read(name)).iter(f"{W}r"):
                text = "".join(t.text or "" for t in run.iter(f"{W}t"))
                if any(mark in text for mark in QUOTES):
                    fonts = run.find(f"{W}rPr/{W}rFonts")
                    out[text] = fonts.get(f"{W}hint") if fonts is not None else None
    return out


def test_chinese_marks_in_the_pdf_and_docx(langs: Path, run_cli) -> None:  # noqa: F811
    edit(langs / "briefs" / "zh.yaml", "  zh-Hans: 中俄经贸合作简报", "  zh-Hans: “一带一路”下的中俄经贸合作")
    edit(langs / "briefs" / "ru.yaml", "  ru: Торговля в цифрах", "  ru: Торговля в цифрах “一带一路”")
    edit(langs / "content" / "sources.yaml", "title: China Customs statistics", "title: China Customs “statistics”")
    code, _out, err = run_cli("--root", str(langs), "build", "zh", "ru")
    assert code == 0, err
    out = langs / "out"
    zh = quote_fonts((out / "zh.pdf").read_bytes())
    chinese = {text: faces for text, faces in zh.items() if "statistics" not in text}
    assert any(text.startswith("“一带一路”下的") for text in chinese), zh  # the title, in bold (Hei)
    assert any("“小而精”" in text for text in chinese), zh  # body text (Song)
    assert all("Carlito" not in face for faces in chinese.values() for face in faces), zh
    english = [faces for text, faces in zh.items() if "“statistics”" in text]  # an English title keeps Latin marks
    assert english and all("Carlito" in face for faces in english for face in faces), zh
    ru = quote_fonts((out / "ru.pdf").read_bytes())  # a Russian document: marks stay Latin
    assert ru and all("Carlito" in face for faces in ru.values() for face in faces), ru

    hints = quote_hints((out / "zh.docx").read_bytes())
    assert hints.get("“一带一路”下的中俄经贸合作") == "eastAsia", hints
    assert any("“小而精”" in text and hint == "eastAsia" for text, hint in hints.items()), hints
    assert any("“statistics”" in text and hint is None for text, hint in hints.items()), hints
    assert all(hint is None for hint in quote_hints((out / "ru.docx").read_bytes()).values())


def test_quote_runs_split_only_where_marks_change() -> None:
    assert quote_runs("plain text", chinese=True) == [(False, "plain text")]
    assert quote_runs("“一带一路”倡议", chinese=False) == [(False, "“一带一路”倡议")]
    assert quote_runs("Title “x” [“一带一路”倡议]", chinese=True) == [
        (False, "Title “x” ["), (True, "“一带一路”倡议"), (False, "]")]


def test_both_writers_read_the_language_alike() -> None:
    """One rule says which documents are Chinese (quotation marks, a centred DOCX title, the PDF's styles): a
    language whose code only begins with "zh" (Zhuang, zha) is not Chinese."""
    assert [is_chinese(code) for code in ("zh", "zh-Hans", "zh_CN", "ZH-tw", "zha", "za", "en")] == [
        True, True, True, True, False, False, False]
    doc = kitchen_sink()
    for language, centred in (("zh_CN", True), ("zha", False)):
        data = get_writer("docx")(replace(doc, meta=replace(doc.meta, language=language)), WriteOptions())
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
        title = body[0].find(f"{W}pPr/{W}jc")
        assert (title is not None and title.get(f"{W}val") == "center") is centred, language



def _runs_by_character(text: str, chinese: bool) -> list[tuple[str, str]]:
    """fonts.runs as first written: a run grown one character at a time."""
    out: list[tuple[str, str]] = []
    for char, family in zip(text, fonts._families(text, chinese)):
        if out and (out[-1][0] == family or fonts._ignorable(char)):
            out[-1] = (out[-1][0], out[-1][1] + char)
        else:
            out.append((family, char))
    return out


def _quote_runs_by_run(text: str, chinese: bool) -> list[tuple[bool, str]]:
    """quote_runs as first written: a piece grown one run at a time."""
    if not text:
        return []
    if not chinese or fonts.QUOTES.isdisjoint(text):
        return [(False, text)]
    out: list[tuple[bool, str]] = []
    for family, run in runs(text, chinese=True):
        east_asian = bool(family) and not fonts.QUOTES.isdisjoint(run)
        if out and out[-1][0] == east_asian:
            out[-1] = (east_asian, out[-1][1] + run)
        else:
            out.append((east_asian, run))
    return out


# Latin, Chinese and its punctuation, quotation marks, spaces, a control, a format character, and characters no
# bundled font draws (an unassigned code point, an emoji)
MIXED = st.text(st.sampled_from(list("ab 1‘’“”中文黑，。\u3000\t\u200b\x07") + ["\u0378", "\U0001F600"]),
                max_size=30)


@settings(max_examples=300, deadline=None)
@given(MIXED, st.booleans())
def test_runs_are_the_character_rules_runs(text: str, chinese: bool) -> None:
    assert runs(text, chinese) == _runs_by_character(text, chinese)
    assert quote_runs(text, chinese) == _quote_runs_by_run(text, chinese)
