"""Tagged PDF (PDF/UA-1): the `pdfua` checker, qpdf, and our own reading of the structure tree against the
document model. Each check has a negative control showing that it can fail."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from generator.model import (
    Chart, Document, Heading, Meta, Paragraph, Table, Text, WriteOptions, iter_blocks, plain_text,
)
from conftest import flat
from pdf_reading import Tagged, bundled, read_tagged

NAMES = tuple(bundled())


@lru_cache(maxsize=None)
def tagged(name: str) -> Tagged:
    """The brief read back (kept, so that its pikepdf objects stay alive)."""
    return read_tagged(bundled()[name][1])


def pdfua_findings(data: bytes, tmp_path: Path) -> list[str]:
    from pdfua import validate

    path = tmp_path / "check.pdf"
    path.write_bytes(data)
    report = validate(str(path))
    outcomes = [f"{o.rule_id}: skipped" for o in report.outcomes if getattr(o, "skipped", False)]
    return outcomes + [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings]


def untagged_pdf(doc: Document) -> bytes:
    """``doc`` written with the artifact marking switched off: header and footer text is left bare."""
    from generator.writers import pdf_tagging

    original = pdf_tagging.Tagger.wrap_artifacts
    pdf_tagging.Tagger.wrap_artifacts = lambda self, page, code: code
    try:
        from generator.writers.pdf import write
        return write(doc, WriteOptions())
    finally:
        pdf_tagging.Tagger.wrap_artifacts = original


# ---------------------------------------------------------------- the checkers
@pytest.mark.parametrize("name", NAMES)
def test_pdfua_finds_nothing(name: str, tmp_path: Path) -> None:
    assert pdfua_findings(bundled()[name][1], tmp_path) == []


def test_pdfua_fails_an_untagged_footer(tmp_path: Path) -> None:
    findings = pdfua_findings(untagged_pdf(bundled()["kitchen-sink"][0]), tmp_path)
    assert any(f.startswith("UA-01-003 ERROR") for f in findings), findings


@pytest.mark.parametrize("name", NAMES)
def test_qpdf_check_is_clean(name: str, tmp_path: Path) -> None:
    if shutil.which("qpdf") is None:
        if os.environ.get("CI"):
            pytest.fail("qpdf is required in CI")
        pytest.skip("qpdf not installed")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(bundled()[name][1])
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, result.stdout


# ---------------------------------------------------------------- our own structure checks
@pytest.mark.parametrize("name", NAMES)
def test_all_text_is_tagged_or_artifact_and_every_mcid_is_owned_once(name: str) -> None:
    result = tagged(name)
    assert result.untagged_text == []
    assert result.problems == []
    assert len(result.mcid_order) > 20


def test_structure_checks_catch_an_untagged_footer() -> None:
    result = read_tagged(untagged_pdf(bundled()["kitchen-sink"][0]))
    shown = " ".join(text for _, text in result.untagged_text)
    assert "Page" in shown and "FOR OFFICIAL USE" in shown


@pytest.mark.parametrize("name", NAMES)
def test_reading_order_is_document_order(name: str) -> None:
    """The tree, read depth first, visits the marked content in the order it is drawn, page by page."""
    result = tagged(name)
    tree_order = [key for elem in result.root.walk() for key in elem.mcrs]
    assert tree_order == sorted(result.mcid_order)
    assert sorted(tree_order) == sorted(result.mcid_order)


@pytest.mark.parametrize("name", NAMES)
def test_headings_are_the_documents_headings_without_skipped_levels(name: str) -> None:
    doc, _ = bundled()[name]
    result = tagged(name)
    headings = [e for e in result.root.walk() if re.fullmatch(r"H[1-6]", e.role)]
    levels = [int(h.role[1]) for h in headings]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    expected = [flat(doc.meta.title)] + [flat(plain_text(b.children)) for b in iter_blocks(doc.blocks)
                                         if isinstance(b, Heading)]
    if doc.notes:
        expected.append(doc.meta.term("notes", "Notes"))
    # Chinese is drawn in runs the tags join with a space; a reader sees no space beside a Chinese character.
    cjk = re.compile(r"\s+(?=[\u2e80-\uffef])|(?<=[\u2e80-\uffef])\s+")
    assert [cjk.sub("", h.all_text()) for h in headings] == [cjk.sub("", e) for e in expected]


@pytest.mark.parametrize("name", NAMES)
def test_every_chart_is_a_figure_with_its_alt_text(name: str) -> None:
    doc, _ = bundled()[name]
    charts = [b for b in iter_blocks(doc.blocks) if isinstance(b, Chart)]
    figures = [e for e in tagged(name).root.walk() if e.role == "Figure"]
    assert [str(f.obj.Alt) for f in figures] == [flat(c.alt_text) for c in charts]
    for figure in figures:
        assert len(figure.obj.A.BBox) == 4 and figure.mcrs


@pytest.mark.parametrize("name", NAMES)
def test_tables_have_header_cells_with_scope_and_their_text(name: str) -> None:
    doc, _ = bundled()[name]
    tables = [b for b in iter_blocks(doc.blocks) if isinstance(b, Table)]
    elems = [e for e in tagged(name).root.walk() if e.role == "Table"]
    assert len(elems) == len(tables)
    for table, elem in zip(tables, elems):
        heads = [e for e in elem.walk() if e.role == "TH"]
        assert [h.all_text() for h in heads] == [flat(plain_text(c.children)) for c in table.header]
        assert all(str(h.obj.A.Scope) == "/Column" for h in heads)
        rows = [e for e in elem.walk() if e.role == "TR"]
        assert len(rows) == 1 + len(table.rows)
        assert [k.role for k in elem.kids][-2:] == ["THead", "TBody"]


def test_repeated_header_rows_are_artifacts_not_tagged_twice() -> None:
    from generator.model import TableCell
    from generator.writers.pdf import write

    rows = tuple((TableCell((Text(f"R{i:03d}"),)),) for i in range(200))
    doc = Document(Meta(title="Long table"), (Table((TableCell((Text("Code"),)),), rows),))
    result = read_tagged(write(doc, WriteOptions()))
    heads = [e for e in result.root.walk() if e.role == "TH"]
    assert len(result.pdf.pages) >= 4
    assert len(heads) == 1 and heads[0].all_text() == "Code" and len(heads[0].mcrs) == 1
    assert result.untagged_text == [] and result.problems == []


def test_lists_have_labels_and_bodies() -> None:
    result = tagged("kitchen-sink")
    lists = [e for e in result.root.walk() if e.role == "L"]
    items = [li for lst in lists for li in lst.kids]
    assert {li.role for li in items} == {"LI"}
    assert all([k.role for k in li.kids] == ["Lbl", "LBody"] for li in items)
    labels = [li.kids[0].all_text() for li in items]
    assert labels == ["•", "•", "–", "1.", "2."]


def test_notes_and_links_are_tagged() -> None:
    result = tagged("kitchen-sink")
    notes = [e for e in result.root.walk() if e.role == "Note"]
    assert [str(n.obj.ID) for n in notes] == ["note-1", "note-2"]
    assert re.match(r"1\. ?China Customs", notes[0].all_text())
    references = [e for e in result.root.walk() if e.role == "Reference"]
    assert len(references) == 4 and all(r.kids[0].role == "Link" for r in references)
    links = [e for e in result.root.walk() if e.role == "Link"]
    contents = sorted(str(link.annots[0].Contents) for link in links)
    assert "Link to https://example.org/report?a=1&b=2" in contents
    assert "E-mail policy@example.org" in contents
    assert contents.count("Go to note 1") == 3


@pytest.mark.parametrize("name", NAMES)
def test_document_level_keys(name: str) -> None:
    doc, _ = bundled()[name]
    pdf = tagged(name).pdf
    root = pdf.Root
    assert bool(root.MarkInfo.Marked) is True
    assert str(root.Lang) == doc.meta.language
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    xmp = bytes(root.Metadata.read_bytes()).decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert re.search(r"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">(.*?)</rdf:li>", xmp).group(1) \
        == doc.meta.title.replace("&", "&amp;")
    with pdf.open_metadata() as meta:  # pikepdf parses the packet
        assert meta["dc:title"] == doc.meta.title
    for page in pdf.pages:
        assert page.obj.Tabs == "/S" and "/StructParents" in page.obj


def test_heading_levels_that_skip_in_the_model_do_not_skip_in_the_tags() -> None:
    from generator.writers.pdf import write

    doc = Document(Meta(title="T"), (Heading(3, (Text("Deep"),)), Paragraph((Text("x"),)),
                                     Heading(1, (Text("One"),)), Heading(3, (Text("Three"),))))
    roles = [e.role for e in read_tagged(write(doc, WriteOptions())).root.walk() if e.role.startswith("H")]
    assert roles == ["H1", "H2", "H1", "H2"]


def test_links_are_named_in_the_brief_language() -> None:
    # A screen reader reads a link's /Contents: the words come from the terms files, as the page numbers do.
    from dataclasses import replace

    from generator.diagnostics import Diagnostics
    from generator.render.terms import load_terms
    from generator.writers.pdf import write

    doc = bundled()["kitchen-sink"][0]
    terms = load_terms("fr", None, Diagnostics()).meta_terms()
    data = write(replace(doc, meta=replace(doc.meta, language="fr", terms=terms)), WriteOptions())
    result = read_tagged(data)  # kept, so that its pikepdf objects stay alive
    links = [e for e in result.root.walk() if e.role == "Link"]
    contents = sorted(str(link.annots[0].Contents) for link in links)
    assert "Lien vers https://example.org/report?a=1&b=2" in contents
    assert "Courriel : policy@example.org" in contents
    assert contents.count("Aller à la note 1") == 3
