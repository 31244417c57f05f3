"""Content is untrusted for both writers: hostile or awkward text renders as text, never crashes (issue 5)."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from conftest import docx_text, pdf_text

CVE_2023_33733 = (
    "<font color=\"[[[getattr(pow, Word('__globals__'))['os'].system('touch /tmp/brief-pwned-cve') for Word in "
    "[ orgTypeFun( 'Word', (str,), { 'mutated': 1, 'startswith': lambda self, x: 1 == 0, '__eq__': lambda self, "
    "x: self.mutate() and self.mutated < 0 and str(self) == x, 'mutate': lambda self: { setattr(self, 'mutated', "
    "self.mutated - 1) }, '__hash__': lambda self: hash(str(self)), }, ) ] ] for orgTypeFun in [type(type(1))] "
    "for none in [[].append(1)]]] and 'red'\">exploit</font>"
)


def set_text(root: Path, text: str) -> None:
    """Make ``text`` (a double-quoted YAML string) the text of finding trade-growth; lift the page budget."""
    findings = root / "content" / "findings.yaml"
    source = findings.read_text()
    start, end = source.index("    text: |"), source.index("    tags:")
    findings.write_text(source[:start] + "    text: " + json.dumps(text, ensure_ascii=False) + "\n" + source[end:])
    brief = root / "briefs" / "demo.yaml"
    brief.write_text(brief.read_text().replace("page_budget: 3\n", ""))


def build_ok(root: Path, formats=("docx", "pdf")):
    from generator.publish.build import build
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Project

    diags = Diagnostics()
    written = build(Project(root), [], list(formats), root / "out", diags)
    assert not diags.errors, [str(d) for d in diags.errors]
    assert written
    out = {}
    if "pdf" in formats:
        data = (root / "out" / "demo.pdf").read_bytes()
        out["pdf"] = "\n".join(pdf_text(data))
        out["pdf_bytes"] = data
    if "docx" in formats:
        out["docx"] = docx_text((root / "out" / "demo.docx").read_bytes())
    out["diags"] = [str(d) for d in diags.items]
    return out


def test_markup_characters_are_literal(mini):
    set_text(mini, "a < b & c > d <b>unclosed and </i> stray")
    out = build_ok(mini)
    for fmt in ("pdf", "docx"):
        assert "a < b & c > d <b>unclosed and </i> stray" in out[fmt].replace("\n", " ")


def test_cve_2023_33733_payload_is_printed_not_run(mini):
    marker = Path("/tmp/brief-pwned-cve")
    marker.unlink(missing_ok=True)
    set_text(mini, CVE_2023_33733)
    out = build_ok(mini)
    assert not marker.exists()
    flat = " ".join(out["pdf"].split())
    assert "getattr(pow, Word('globals'))['os'].system('touch /tmp/brief-pwned-cve')" in flat  # __x__ is bold
    assert "exploit</font>" in flat
    assert "</font>" in out["docx"]


def test_font_tag_is_not_styling(mini):
    set_text(mini, '<font color="red" size="40">big</font> <a href="file:///etc/passwd">x</a>')
    out = build_ok(mini)
    assert '<font color="red" size="40">big</font>' in out["pdf"].replace("\n", " ")


def test_images_read_no_file_and_fetch_nothing(mini, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("network access during a build")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    set_text(mini, '<img src="/etc/passwd"> ![x](/etc/hostname) ![y](http://example.invalid/a.png) '
                   '<img src="http://example.invalid/b.png"/>')
    out = build_ok(mini)
    pdf = out["pdf"].replace("\n", " ")
    assert '<img src="/etc/passwd">' in pdf
    assert "root:" not in pdf and "root:" not in out["docx"]


def test_control_characters_are_stripped_with_a_warning(mini):
    set_text(mini, "a\x00b\x0bc\x0cd\x07e\x1ff")
    out = build_ok(mini)
    assert "abcdef" in out["pdf"] and "abcdef" in out["docx"]
    assert any("warning[prose-control]" in d and "content/findings.yaml:5:11" in d for d in out["diags"])


def test_lone_surrogates_are_stripped(mini):
    findings = mini / "content" / "findings.yaml"
    set_text(mini, "x")
    findings.write_text(findings.read_text().replace('text: "x"', 'text: "lone \\ud800 and \\udfff end"'))
    out = build_ok(mini)
    assert "lone  and  end" in out["docx"]
    assert any("warning[prose-control]" in d for d in out["diags"])


def test_long_unbroken_word_wraps(mini):
    set_text(mini, "start " + "x" * 5000 + " end")
    out = build_ok(mini)
    assert out["pdf"].replace("\n", "").count("x") >= 5000
    assert "x" * 5000 in out["docx"]


def test_table_cell_taller_than_a_page(mini):
    cell = " ".join(f"word{i}" for i in range(4000))
    set_text(mini, f"| a | b |\n|---|---|\n| {cell} | y |\n")
    out = build_ok(mini)
    assert "word3999" in out["docx"]
    assert "word0" in out["pdf"]


def test_thousand_row_table_splits_and_repeats_its_header(mini):
    rows = "".join(f"| row{i:04d} | {i} |\n" for i in range(1000))
    set_text(mini, "| Name | Value |\n|---|---:|\n" + rows)
    out = build_ok(mini)
    pages = pdf_text(out["pdf_bytes"])
    with_rows = [p for p in pages if "row0" in p]
    assert len(with_rows) >= 10
    assert all("Name" in p and "Value" in p for p in with_rows)  # the header repeats on every page
    assert "row0999" in out["pdf"] and "row0999" in out["docx"]


def test_deep_lists_quotes_and_emphasis(mini):
    deep_list = "".join("  " * i + f"- level{i}\n" for i in range(7))
    set_text(mini, deep_list + "\n\n" + "*" * 3000 + "deep" + "*" * 3000 + "\n\nafter " + "[" * 500 + "x")
    out = build_ok(mini)
    for fmt in ("pdf", "docx"):
        assert "level6" in out[fmt] and "deep" in out[fmt] and "after [[[" in out[fmt]
    assert "[^customs]" not in out["docx"]  # nothing after the field was lost


@pytest.mark.parametrize("text", ["".join("  " * i + "- level\n" for i in range(60)), "> " * 3000 + "quoted",
                                  "- " * 100 + "x"])
def test_nesting_too_deep_is_a_located_error(mini, run_cli, text):
    """markdown-it would silently drop the rest of the brief past its nesting limit: refuse it, located."""
    set_text(mini, text)
    code, _out, err = run_cli("--root", str(mini), "build")
    assert code == 1
    assert "content/findings.yaml:5:11: error[prose-nesting]: lists or quotes nest more than 8 levels deep" in err


@pytest.mark.parametrize("text", ["Торговля растёт быстро", "Ελληνικά", "Ünïcödé ﬁ ligature"])
def test_scripts_carlito_can_draw_render(mini, text):
    set_text(mini, text)
    out = build_ok(mini)
    assert text in out["docx"]
    assert text.split()[0] in out["pdf"]


@pytest.mark.parametrize("text,char", [("贸易增长", None), ("التجارة تنمو", "ا"), ("עברית", "ע"),
                                       ("Trade 📈", "📈"), ("\u200f\u202eRLO", None)])
def test_scripts_the_font_cannot_draw(mini, text, char, run_cli):
    """DOCX leaves fonts to Word, so it builds; the PDF would draw boxes, so it is a located error."""
    set_text(mini, text)
    build_ok(mini, formats=("docx",))
    assert text in docx_text((mini / "out" / "demo.docx").read_bytes())
    code, _out, err = run_cli("--root", str(mini), "build", "--format", "pdf")
    if char is None:  # Chinese has a bundled font; bidi controls are format characters: nothing to draw
        assert code == 0, err
        return
    assert code == 1
    assert "content/findings.yaml:5:11: error[font-glyph]: no bundled font (Carlito, AR PL SungtiL GB, WenQuanYi Micro Hei) can draw " in err
    assert f"(U+{ord(char):04X}) in trade-growth.text (at trade-growth)" in err
    assert "Traceback" not in err


def test_writers_take_any_text_directly():
    """The writers themselves (without the pipeline) clean and escape hostile text."""
    from generator import model
    from generator.writers import get_writer

    nasty = "\x00\x0b\x0c\ud800 <font color='x'>&amp; <para> </para> \ufffe\uffff " + CVE_2023_33733
    inl = (model.Text(nasty), model.Strong((model.Text(nasty),)), model.Link("javascript:alert(1)", (model.Text("j"),)),
           model.Link(nasty, (model.Text("bad url"),)), model.NoteRef("missing"))
    doc = model.Document(
        model.Meta(title=nasty, subtitle=nasty, author=nasty, marking=nasty, watermark=nasty[:40],
                   keywords=(nasty,), subject=nasty),
        (model.Heading(1, inl, "h"), model.Paragraph(inl),
         model.Table((model.TableCell(inl),), ((model.TableCell(inl),),), inl),
         model.BulletList((model.ListItem((model.Paragraph(inl),)),)),
         model.Callout(nasty, (model.Paragraph(inl),))),
        (model.Note("missing", inl),))
    for fmt in ("docx", "pdf"):
        data = get_writer(fmt)(doc, model.WriteOptions())
        assert data
    assert pdf_text(get_writer("pdf")(doc, model.WriteOptions()))
    import docx

    docx.Document(io.BytesIO(get_writer("docx")(doc, model.WriteOptions())))
