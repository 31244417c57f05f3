"""The writer contract: a format is one registry row; its spec, not its name, decides what the build checks.

A toy plain-text writer defined in this file alone builds a brief: the registry is the only place touched.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator import model
from generator.writers import WRITERS, WriterSpec
from generator.writers.visitor import UnknownNode, Visitor


class PlainText(Visitor):
    """Headings underlined, paragraphs and list items as lines, tables as tab-separated rows."""

    def block_heading(self, node: model.Heading) -> str:
        text = self.text(node.children)
        return f"{text}\n{'=-~'[node.level - 1] * len(text)}"

    def block_paragraph(self, node: model.Paragraph) -> str:
        return self.text(node.children)

    def block_bullet_list(self, node: model.BulletList) -> str:
        return "\n".join("* " + " ".join(self.blocks(item.blocks)) for item in node.items)

    block_numbered_list = block_bullet_list

    def block_table(self, node: model.Table) -> str:
        if len(node.rows) > 3:
            self.warn("toy-table-cut", f"kept 3 of {len(node.rows)} rows")
        return "\n".join("\t".join(self.text(c.children) for c in row) for row in (node.header, *node.rows[:3]))

    def block_chart(self, node: model.Chart) -> str:
        return f"[chart: {node.alt_text}]"

    def block_callout(self, node: model.Callout) -> str:
        return "\n".join([node.title.upper(), *self.blocks(node.blocks)])

    def block_page_break(self, node: model.PageBreak) -> str:
        return "\f"

    def text(self, inlines) -> str:
        return "".join(self.inlines(inlines))

    def inline_text(self, node: model.Text) -> str:
        return node.text

    def inline_strong(self, node: model.Strong) -> str:
        return self.text(node.children).upper()

    def inline_emphasis(self, node: model.Emphasis) -> str:
        return self.text(node.children)

    def inline_link(self, node: model.Link) -> str:
        return f"{self.text(node.children)} <{node.url}>"

    def inline_note_ref(self, node: model.NoteRef) -> str:
        return f"[{node.note_id}]"

    def inline_line_break(self, node: model.LineBreak) -> str:
        return "\n"


def write(doc: model.Document, options: model.WriteOptions) -> bytes:
    return "\n\n".join([doc.meta.title, *PlainText(options).blocks(doc.blocks)]).encode() + b"\n"


@pytest.fixture
def toy_format(monkeypatch):
    def register(**capabilities) -> None:
        monkeypatch.setitem(WRITERS, "txt", WriterSpec(__name__, ".txt", binary=False, **capabilities))
    return register


def test_a_writer_registered_from_a_test_file_builds_a_brief(mini: Path, run_cli, toy_format):
    toy_format()
    code, out, err = run_cli("--root", str(mini), "build", "--format", "txt")
    assert code == 0, err
    text = (mini / "out" / "demo.txt").read_text()
    assert text.startswith("Demo brief\n\nBOTTOM LINE\nTrade stood at 69.5 billion US dollars.[")
    assert "Key figures\n===========" in text
    assert sorted(p.name for p in (mini / "out").iterdir()) == ["demo.txt", "manifest.json"]
    assert "made demo in " in err  # progress: one line per brief


def test_writer_warnings_are_located_and_strict_makes_them_errors(mini: Path, run_cli, toy_format):
    toy_format()
    code, _out, err = run_cli("--root", str(mini), "build", "--format", "txt")
    assert code == 0
    assert ("briefs/demo.yaml:1:1: warning[toy-table-cut]: txt writer, brief 'demo' under heading "
            "'Figures and sources': kept 3 of 6 rows") in err
    code, _out, err = run_cli("--root", str(mini), "build", "--format", "txt", "--strict",
                              "--out", str(mini / "strict"))
    assert code == 1 and "error[toy-table-cut]" in err
    assert not (mini / "strict" / "demo.txt").exists()


def test_page_budgets_follow_the_spec_not_the_format_name(mini: Path, run_cli, toy_format):
    toy_format(count_pages=lambda data: 7)
    code, _out, err = run_cli("--root", str(mini), "build", "--format", "txt")
    assert code == 1
    assert "error[budget-pages]: brief 'demo' is 7 pages, over its page budget of 3" in err


def test_the_glyph_check_follows_the_spec(mini: Path, run_cli, toy_format):
    from conftest import edit

    edit(mini / "briefs" / "demo.yaml", "text: Trade stood", "text: Trade ᚠᚢ stood")  # runes: no bundled font
    edit(mini / "briefs" / "demo.yaml", "page_budget: 3\n", "")
    toy_format()
    code, _out, err = run_cli("--root", str(mini), "build", "--format", "txt")
    assert code == 0, err
    assert "ᚠᚢ" in (mini / "out" / "demo.txt").read_text()
    toy_format(checks_glyphs=True)
    code, _out, err = run_cli("--root", str(mini), "build", "--format", "txt")
    assert code == 1 and "error[font-glyph]" in err


def test_an_unknown_node_is_an_error_not_a_silent_drop():
    @__import__("dataclasses").dataclass(frozen=True)
    class Sidebar:
        text: str

    doc = model.Document(model.Meta("T"), (model.Paragraph((model.Text("ok"),)), Sidebar("lost?")))
    with pytest.raises(UnknownNode, match="PlainText cannot write block Sidebar"):
        write(doc, model.WriteOptions())
    with pytest.raises(UnknownNode, match="inline Sidebar"):
        PlainText().inline(Sidebar("x"))


def test_only_the_written_formats_libraries_are_imported(mini: Path):
    import subprocess

    probe = ("import sys; from generator.commands.cli import main; code = main(['--root', sys.argv[1], 'build', '--format', "
             "'md', '--format', 'html']); print('loaded:', code, *sorted(m for m in ('docx', 'reportlab', "
             "'pypdf') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe, str(mini)], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent)
    assert done.stdout.splitlines()[-1] == "loaded: 0", done.stdout + done.stderr


def test_pdf_pages_are_counted_from_the_page_tree_and_agree_with_pypdf(mini: Path):
    import io
    import subprocess

    from pypdf import PdfReader

    from generator.writers import get_writer, pdf_page_count

    probe = ("import sys; from generator.commands.cli import main; code = main(['--root', sys.argv[1], 'build', '--format', "
             "'pdf']); print('pypdf:', code, 'pypdf' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe, str(mini)], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent)
    assert done.stdout.splitlines()[-1] == "pypdf: 0 False", done.stdout + done.stderr
    tricky = "<< /Type /Pages /Count 9 >> /Type /Page " * 40
    doc = model.Document(model.Meta("T"), tuple(model.Paragraph((model.Text(tricky),)) for _ in range(30)))
    data = get_writer("pdf")(doc, model.WriteOptions())
    assert pdf_page_count(data) == len(PdfReader(io.BytesIO(data)).pages) > 1
