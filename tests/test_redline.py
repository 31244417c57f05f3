"""``brief build --redline REV``: Word tracked changes between two editions of a brief, checked by
accepting and rejecting them all (tests/redline_tools.py) and by LibreOffice."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

import redline_tools as rt
from conftest import docx_part, edit, git, soffice_convert

CHART = """charts:
  - id: trade-chart
    kind: bar
    title: Trade by direction
    categories: ["Exports", "Imports"]
    series:
      - name: "2016"
        figures: [exports_2016, imports_2016]
    unit: USD bn
    caption: Exports and imports.
    alt_text: Bars of exports and imports.
"""
ENERGY = """  - id: energy
    title: Energy dominates
    summary: Energy is most of what Russia sold, {{ fig.oil_share_2016 | pct }} of it.
    tags: [trade]
"""
OIL = """  - id: oil_share_2016
    label: Share of oil in Russia's exports to China
    value: 65.0
    unit: "%"
    period: "2016"
    source: rosstat
"""
ROSSTAT = """  - id: rosstat
    title: Russian trade statistics
    publisher: Rosstat
    year: 2017
"""


def cli(*args: str) -> tuple[int, str, str]:
    result = subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=300,
                            cwd=Path(__file__).resolve().parent.parent,
                            env={**{k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"},
                                 "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    return result.returncode, result.stdout, result.stderr


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict:
    """Edition v1 of the mini project (with a chart) and v2: exports 37.297 → 39.5, a finding reworded,
    retitled and partly bolded, a finding with a new source added, a recommendation and its parts table
    replaced, the source retitled. Returns the project and the DOCX of v1, v2 and the redline."""
    tmp = tmp_path_factory.mktemp("redline")
    root = tmp / "mini"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", root)
    (root / "content" / "charts.yaml").write_text(CHART, encoding="utf-8")
    with open(root / "briefs" / "demo.yaml", "a", encoding="utf-8") as brief:
        brief.write("  - kind: charts\n    charts: [trade-chart]\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "First edition")
    git(root, "tag", "v1")
    code, _out, err = cli("--root", str(root), "build", "--format", "docx", "--out", str(tmp / "v1"))
    assert code == 0, err
    content = root / "content"
    edit(content / "figures.yaml", "value: 37.297", "value: 39.5")
    with open(content / "figures.yaml", "a", encoding="utf-8") as figures:
        figures.write(OIL)
    edit(content / "findings.yaml", "      Trade reached **", "      Trade rose to **")
    edit(content / "findings.yaml", "title: Trade keeps growing", "title: Trade keeps growing fast")
    edit(content / "findings.yaml", "China exported {{", "**China exported** {{")
    with open(content / "findings.yaml", "a", encoding="utf-8") as findings:
        findings.write(ENERGY)
    edit(content / "sources.yaml", "title: China Customs statistics", "title: China Customs trade statistics")
    with open(content / "sources.yaml", "a", encoding="utf-8") as sources:
        sources.write(ROSSTAT)
    (content / "recommendations.yaml").write_text(
        "recommendations:\n  - id: keep\n    title: Keep talking\n    summary: Meet every year.\n"
        "    answers: [small-scale]\n", encoding="utf-8")
    edit(root / "briefs" / "demo.yaml", "  - kind: parts_table\n    recommendation: innovate\n", "")
    edit(root / "briefs" / "demo.yaml", "edition: \"1\"", "edition: \"2\"")
    git(root, "commit", "-q", "-a", "-m", "Second edition", date="2024-04-02T09:00:00+00:00")
    code, out, err = cli("--root", str(root), "build", "demo", "--format", "docx", "--redline", "v1")
    assert code == 0, err
    assert any(line.startswith("wrote ") and line.endswith("/out/demo.redline.docx") for line in out.splitlines())
    return {"root": root, "old": (tmp / "v1" / "demo.docx").read_bytes(),
            "new": (root / "out" / "demo.docx").read_bytes(),
            "redline": (root / "out" / "demo.redline.docx").read_bytes()}


def _xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def test_accepting_every_change_gives_the_current_edition(editions):
    accepted = rt.reader_view(rt.resolve(editions["redline"], accept=True))
    assert accepted == rt.view(editions["new"])
    assert any("Keep talking" in line for line in accepted)


def test_rejecting_every_change_gives_the_edition_at_rev(editions):
    rejected = rt.reader_view(rt.resolve(editions["redline"], accept=False))
    assert rejected == rt.view(editions["old"])
    assert any("Innovate" in line for line in rejected)
    assert rt.view(editions["old"]) != rt.view(editions["new"])  # the test would otherwise prove nothing


def _paragraph_with(xml: str, text: str) -> str:
    paragraphs = [p for p in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
                  if text in "".join(re.findall(r"<w:(?:t|delText)[^>]*>([^<]*)<", p))]
    assert paragraphs, text
    return paragraphs[0]


def test_words_not_paragraphs_are_tracked(editions):
    body = _xml(editions["redline"], "word/document.xml")
    summary = _paragraph_with(body, "rose to")
    assert re.search(r"<w:del [^>]*><w:r>(?:<w:rPr>.*?</w:rPr>)?<w:delText[^>]*>reached</w:delText>", summary)
    assert re.search(r"<w:ins [^>]*><w:r>(?:<w:rPr>.*?</w:rPr>)?<w:t[^>]*>rose to</w:t>", summary)
    assert "<w:rPr><w:ins" not in summary and "<w:rPr><w:del" not in summary  # the paragraph itself stays
    heading = _paragraph_with(body, "Trade keeps growing")
    assert re.search(r"<w:ins [^>]*><w:r><w:t[^>]*> fast</w:t>", heading)
    bold = _paragraph_with(body, "China exported")
    assert re.search(r"<w:rPr><w:b/><w:rPrChange [^>]*><w:rPr/></w:rPrChange></w:rPr><w:t[^>]*>China exported", bold)


def test_added_and_removed_paragraphs_carry_a_tracked_paragraph_mark(editions):
    body = _xml(editions["redline"], "word/document.xml")
    added = _paragraph_with(body, "Energy dominates")
    assert re.search(r"<w:pPr>.*<w:rPr><w:ins [^>]*/></w:rPr></w:pPr>", added)
    removed = _paragraph_with(body, "Build new platforms")
    assert re.search(r"<w:rPr><w:del [^>]*/></w:rPr></w:pPr>", removed)
    assert "<w:t" not in removed.split("</w:pPr>", 1)[1]  # all of its text is deleted text
    assert re.search(r'<w:hyperlink r:id="rId\d+" w:history="1"><w:del ', removed)  # its link survives


def test_table_cells_and_rows(editions):
    body = _xml(editions["redline"], "word/document.xml")
    rows = re.findall(r"<w:tr>.*?</w:tr>", body, flags=re.S)
    moved = [r for r in rows if "Exports to Russia" in r]
    assert moved and all(re.search(r"<w:delText[^>]*>37.297</w:delText>", r) and
                         re.search(r"<w:t[^>]*>39.5</w:t>", r) for r in moved[:1])
    deleted_rows = [r for r in rows if re.search(r"<w:trPr>(?:<w:[a-zA-Z]+/>)*<w:del ", r)]
    assert any("A web portal" in r for r in deleted_rows)  # the parts table's row
    inserted_rows = [r for r in rows if re.search(r"<w:trPr>(?:<w:[a-zA-Z]+/>)*<w:ins ", r)]
    assert any("Share of oil" in r for r in inserted_rows)  # the new figure in the figures table


def test_footnotes_are_tracked_in_the_footnotes_part(editions):
    notes = _xml(editions["redline"], "word/footnotes.xml")
    assert re.search(r"<w:ins [^>]*><w:r><w:rPr>.*?</w:rPr><w:t[^>]*>trade </w:t>", notes) or \
        re.search(r"<w:ins [^>]*><w:r>(?:<w:rPr>.*?</w:rPr>)?<w:t[^>]*>trade", notes)
    added = _paragraph_with(notes, "Rosstat")  # a note added with its reference: its text inserted
    mark = r'<w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/>'
    assert re.search(rf"</w:pPr><w:ins [^>]*><w:r><w:rPr>{mark}", added)
    assert "<w:t" not in added.split("<w:ins ")[0] and "<w:rPr><w:ins " not in added


def test_changed_chart_gets_a_comment_naming_the_values(editions):
    comments = _xml(editions["redline"], "word/comments.xml")
    text = "".join(re.findall(r"<w:t[^>]*>([^<]*)<", comments))
    assert "Chart changed since v1: 2016, Exports: 37.297 → 39.5" in text
    body = _xml(editions["redline"], "word/document.xml")
    assert re.search(r'<w:commentRangeStart w:id="0"/><w:r><w:drawing[ >]', body)


def test_author_and_date_come_from_the_commits(editions):
    body = _xml(editions["redline"], "word/document.xml")
    marks = re.findall(r"<w:(?:ins|del|rPrChange|pPrChange) ([^>]*)>", body)
    assert marks and all('w:author="Test"' in m and 'w:date="2024-04-02T09:00:00Z"' in m for m in marks)
    ids = re.findall(r"<w:(?:ins|del|rPrChange|pPrChange) w:id=\"(\d+)\"", body + _xml(editions["redline"],
                                                                                      "word/footnotes.xml"))
    assert len(ids) == len(set(ids))


def test_manifest_names_the_base_and_rebuilding_gives_the_same_bytes(editions):
    root = editions["root"]
    manifest = json.loads((root / "out" / "manifest.json").read_text())
    entry = manifest["briefs"]["demo"]
    assert entry["redline"] == {"file": "demo.redline.docx", "base": "v1",
                                "base_commit": git(root, "rev-parse", "v1")}
    assert "demo.redline.docx" in entry["files"]
    code, _out, err = cli("--root", str(root), "build", "--format", "docx", "--redline", "v1")
    assert code == 0, err
    assert (root / "out" / "demo.redline.docx").read_bytes() == editions["redline"]


def test_unknown_revision_and_missing_brief_are_clear_errors(editions, tmp_path):
    root = editions["root"]
    code, out, err = cli("--root", str(root), "build", "--redline", "no-such-tag")
    assert code == 2 and err.strip() == "brief: error: --redline: unknown revision 'no-such-tag'"
    shutil.copy(root / "briefs" / "demo.yaml", root / "briefs" / "fresh.yaml")
    try:
        code, out, err = cli("--root", str(root), "build", "fresh", "--out", str(tmp_path / "a"), "--redline", "v1")
        assert code == 1
        assert f"briefs/fresh.yaml: error[redline-base]: brief 'fresh' did not exist at v1 " \
               f"({git(root, 'rev-parse', '--short=7', 'v1')}): there is nothing to compare it with" in err
        assert not (tmp_path / "a").exists()
        code, out, err = cli("--root", str(root), "build", "--format", "docx", "--out", str(tmp_path / "b"),
                             "--redline", "v1")
        assert code == 0 and "warning[redline-base]: brief 'fresh' did not exist at v1" in err
        redline = (tmp_path / "b" / "demo.redline.docx").read_bytes()  # the others' redlines stay, change for change
        assert docx_part(redline, "word/document.xml") == docx_part(editions["redline"], "word/document.xml")
        assert not (tmp_path / "b" / "fresh.redline.docx").exists()
    finally:
        (root / "briefs" / "fresh.yaml").unlink()


def _as_fodt(data: bytes, tmp_path: Path, stem: str) -> str:
    """A DOCX as LibreOffice reads it: converted to flat ODT (where tracked changes are changed-regions)."""
    source = tmp_path / f"{stem}.docx"
    source.write_bytes(data)
    soffice_convert([source], "fodt", tmp_path)
    return (tmp_path / f"{stem}.fodt").read_text(encoding="utf-8")


def test_libreoffice_lists_the_tracked_changes(editions, tmp_path):
    fodt = _as_fodt(editions["redline"], tmp_path, "demo.redline")
    regions = re.findall(r"<text:changed-region .*?</text:changed-region>", fodt, flags=re.S)
    kinds = [re.search(r"<text:(insertion|deletion|format-change)>", r).group(1) for r in regions]
    assert len(regions) == rt.libreoffice_count(editions["redline"]), kinds


# ---------------------------------------------------------------- the DOCX step alone, on the kitchen sink
@pytest.fixture(scope="module")
def sink_redline() -> dict:
    """The kitchen sink (old) against an edition that drops the paragraph holding a link and the only
    reference to a note, a list item and a chart, turns a level-3 heading into a level-2 one and changes a
    table cell."""
    from dataclasses import replace

    from generator.model import Chart, Heading, NumberedList, Paragraph, Table, TableCell, Text, WriteOptions
    from generator.editions.redline_docx import Revision, redline_docx
    from generator.writers.docx import write
    from kitchen_sink import kitchen_sink

    old = kitchen_sink()
    blocks = []
    for block in old.blocks:
        if isinstance(block, Paragraph) and any(getattr(c, "url", "") for c in block.children):
            continue
        if isinstance(block, Chart) and block.chart_id == "gdp-path":
            continue
        if isinstance(block, Heading) and block.level == 3:
            block = replace(block, level=2)
        if isinstance(block, NumberedList):
            block = replace(block, items=block.items[:1])
        if isinstance(block, Table) and block.caption:
            rows = list(block.rows)
            rows[2] = (rows[2][0], TableCell((Text("4.6"),)), rows[2][2])
            block = replace(block, rows=tuple(rows))
        blocks.append(block)
    new = replace(old, blocks=tuple(blocks))
    old_bytes, new_bytes = write(old, WriteOptions()), write(new, WriteOptions())
    revision = Revision("Ann Analyst", "2017-03-02T10:00:00Z", "v3")
    return {"old": old_bytes, "new": new_bytes, "redline": redline_docx(new_bytes, old_bytes, new, old, revision)}


def test_sink_accept_and_reject(sink_redline):
    assert rt.reader_view(rt.resolve(sink_redline["redline"], accept=True)) == rt.view(sink_redline["new"])
    assert rt.reader_view(rt.resolve(sink_redline["redline"], accept=False)) == rt.view(sink_redline["old"])


def test_sink_formatting_of_a_paragraph_is_tracked(sink_redline):
    body = _xml(sink_redline["redline"], "word/document.xml")
    heading = _paragraph_with(body, "Lists")
    assert re.search(r'<w:pStyle w:val="Heading2"/><w:pPrChange [^>]*><w:pPr><w:pStyle w:val="Heading3"/>', heading)


def test_sink_deleted_content_keeps_its_list_note_link_and_chart(sink_redline):
    import docx

    data = sink_redline["redline"]
    body = _xml(data, "word/document.xml")
    kept, dropped = _paragraph_with(body, "Recommendation one."), _paragraph_with(body, "Recommendation two.")
    num_id = re.search(r'<w:numId w:val="(\d+)"/>', kept).group(1)
    assert f'<w:numId w:val="{num_id}"/>' in dropped  # the deleted item stays in its list
    caveat = _paragraph_with(body, "markup-like text")
    note_id = re.search(r'<w:footnoteReference w:id="(\d+)"/>', caveat).group(1)
    notes = _xml(data, "word/footnotes.xml")
    note = re.search(rf'<w:footnote w:id="{note_id}">.*?</w:footnote>', notes, flags=re.S).group(0)
    assert "A caveat with" in note and "<w:t" not in note and "<w:rPr><w:del " not in note  # text deleted, one
    # paragraph kept: the footnote goes with its deleted reference
    document = docx.Document(BytesIO(data))
    rels = document.part.rels
    link_id = re.search(r'<w:hyperlink r:id="(rId\d+)"[^>]*><w:del ', caveat).group(1)
    assert rels[link_id].target_ref == "https://example.org/report?a=1&b=2"
    charts = [rels[r_id].target_part for r_id in re.findall(r'<c:chart [^>]*r:id="(rId\d+)"', body)]
    assert len(charts) == 2 and len({c.partname for c in charts}) == 2
    assert b"Russia GDP growth" in charts[-1].blob  # the deleted chart drawn from its own part
    doc_pr = re.findall(r'<wp:docPr id="(\d+)"', body)
    assert len(doc_pr) == len(set(doc_pr))


def test_libreoffice_lists_the_sink_changes(sink_redline, tmp_path):
    fodt = _as_fodt(sink_redline["redline"], tmp_path, "sink")
    assert fodt.count("<text:changed-region ") == rt.libreoffice_count(sink_redline["redline"])
    assert "Ann Analyst" in fodt and "2017-03-02T10:00:00" in fodt


def test_redline_against_the_current_commit_tracks_nothing(editions, tmp_path):
    root = editions["root"]
    code, _out, err = cli("--root", str(root), "build", "demo", "--format", "pdf", "--out", str(tmp_path),
                          "--redline", "HEAD")
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.pdf", "demo.redline.docx", "manifest.json"]
    redline = (tmp_path / "demo.redline.docx").read_bytes()
    assert rt.change_count(redline) == {tag: 0 for tag in rt.CHANGE_TAGS}
    assert rt.view(redline) == rt.view(editions["new"])


def _numbering_resolves(data: bytes) -> bool:
    """Every list paragraph names a numbering instance whose definition exists."""
    body, numbering = _xml(data, "word/document.xml"), _xml(data, "word/numbering.xml")
    nums = dict(re.findall(r'<w:num w:numId="(\d+)"[^>]*><w:abstractNumId w:val="(\d+)"/>', numbering))
    abstracts = set(re.findall(r'<w:abstractNum [^>]*w:abstractNumId="(\d+)"', numbering))
    used = set(re.findall(r'<w:numId w:val="(\d+)"/>', body))
    return bool(used) and all(n in nums and nums[n] in abstracts for n in used)


def test_sink_deleted_lists_resolve_to_list_definitions(sink_redline):
    from dataclasses import replace

    from generator.model import BulletList, NumberedList, WriteOptions
    from generator.editions.redline_docx import Revision, redline_docx
    from generator.writers.docx import write
    from kitchen_sink import kitchen_sink

    assert _numbering_resolves(sink_redline["redline"])
    old = kitchen_sink()
    new = replace(old, blocks=tuple(b for b in old.blocks if not isinstance(b, (BulletList, NumberedList))))
    old_bytes, new_bytes = write(old, WriteOptions()), write(new, WriteOptions())
    nums = dict(re.findall(r'<w:num w:numId="(\d+)"[^>]*><w:abstractNumId w:val="(\d+)"/>',
                           _xml(old_bytes, "word/numbering.xml")))
    old_lists = {nums[n] for n in re.findall(r'<w:numId w:val="(\d+)"/>', _xml(old_bytes, "word/document.xml"))}
    new_lists = set(re.findall(r'w:abstractNumId="(\d+)"', _xml(new_bytes, "word/numbering.xml")))
    assert old_lists and not old_lists & new_lists  # the new edition lacks the old lists' definitions
    redline = redline_docx(new_bytes, old_bytes, new, old, Revision("A", "2017-03-02T10:00:00Z", "v3"))
    assert _numbering_resolves(redline)
    assert rt.reader_view(rt.resolve(redline, accept=False)) == rt.view(old_bytes)
    assert rt.reader_view(rt.resolve(redline, accept=True)) == rt.view(new_bytes)


def test_base_edition_keeps_its_changes_section(editions, tmp_path):
    """A base edition with a "What changed since" section compares against its own revision, not the work tree."""
    root = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(editions["root"]), str(root))
    with open(root / "briefs" / "demo.yaml", "a", encoding="utf-8") as brief:
        brief.write("  - kind: changes\n    since: v1\n")
    git(root, "commit", "-q", "-a", "-m", "Say what changed", date="2024-05-01T09:00:00+00:00")
    code, _out, err = cli("--root", str(root), "build", "--format", "docx", "--out", str(tmp_path / "a"))
    assert code == 0, err
    edit(root / "content" / "figures.yaml", "value: 32.228", "value: 33.0")
    git(root, "commit", "-q", "-a", "-m", "Imports revised", date="2024-06-01T09:00:00+00:00")
    code, _out, err = cli("--root", str(root), "build", "--format", "docx", "--redline", "HEAD~1")
    assert code == 0, err
    redline = (root / "out" / "demo.redline.docx").read_bytes()
    base = (tmp_path / "a" / "demo.docx").read_bytes()
    assert rt.reader_view(rt.resolve(redline, accept=False)) == rt.view(base)
    assert rt.reader_view(rt.resolve(redline, accept=True)) == rt.view((root / "out" / "demo.docx").read_bytes())
    assert "32.228" in "".join(rt.view(base)) and "33.0" in "".join(rt.view(redline))


def test_two_replaced_words_read_as_one_change():
    from generator.editions.redline_runs import WORD, Token, word_opcodes

    def tokens(text: str) -> list[Token]:
        return [Token(("t", w, ""), w) for w in WORD.findall(text)]

    old, new = tokens("exports grew up 7.3% to 37.297 billion"), tokens("exports rose by 7.3% to 39.5 billion")
    shown = ["".join(t.text or "" for t in old[i1:i2]) + "→" + "".join(t.text or "" for t in new[j1:j2])
             for tag, i1, i2, j1, j2 in word_opcodes(old, new) if tag != "equal"]
    assert shown == ["grew up→rose by", "37.297→39.5"]
