"""The four bundled briefs, read back from the files a reader gets."""
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, docx_part, docx_text, edit, flat, pdf_text
from generator.diagnostics import Diagnostics
from generator.pipeline import Project, run_checks

BRIEFS = ("analyst", "business", "heilongjiang", "ministry")
# Every brief in briefs/, the Chinese and Russian ones too: what the manifest lists.
ALL_BRIEFS = ("analyst", "business", "heilongjiang", "heilongjiang-zh", "ministry", "ministry-ru", "ministry-zh")


@pytest.fixture(scope="module")
def built(bundled_briefs: Path) -> Path:
    return bundled_briefs


@pytest.fixture(scope="module")
def checked():
    return run_checks(Project(REPO), Diagnostics())


@pytest.fixture
def project_copy(tmp_path) -> Path:
    for folder in ("content", "briefs"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


def test_manifest_describes_every_file(built, checked):
    manifest = json.loads((built / "manifest.json").read_text())
    assert sorted(manifest["briefs"]) == list(ALL_BRIEFS)
    for bid, entry in manifest["briefs"].items():
        for name, digest in entry["files"].items():
            assert hashlib.sha256((built / name).read_bytes()).hexdigest() == digest
        assert sorted(entry["items_included"] + entry["items_excluded"]) == sorted(checked.content.items)
        budget = checked.briefs[bid].page_budget
        assert entry["pages"] == len(pdf_text((built / f"{bid}.pdf").read_bytes()))
        assert budget is None or entry["pages"] <= budget
        assert entry["words"] > 100


@pytest.mark.parametrize("bid", BRIEFS)
def test_brief_shows_exactly_the_items_it_selects(built, checked, bid):
    pdf = flat(" ".join(pdf_text((built / f"{bid}.pdf").read_bytes())))
    docx = flat(docx_text((built / f"{bid}.docx").read_bytes()))
    composed = checked.composed[bid]
    audience = checked.briefs[bid].audience
    for item in checked.content.items.values():
        title = flat({**item.prose, **item.audiences.get(audience, {})}["title"]["en"])
        shown = item.id in composed.items_included
        assert (title in pdf) == shown, (bid, item.id, "pdf")
        assert (title in docx) == shown, (bid, item.id, "docx")


def test_headline_numbers_read_as_a_reader_expects(built):
    pdf = flat(" ".join(pdf_text((built / "analyst.pdf").read_bytes())))
    docx = flat(docx_text((built / "analyst.docx").read_bytes()))
    for phrase in ("69.5 billion US dollars", "up 2.2%", "37.297 billion US dollars", "up 7.3%",
                   "32.228 billion US dollars", "down 3.1%", "15.29 billion yuan", "14.02 billion US dollars"):
        assert phrase in pdf and phrase in docx, phrase


@pytest.mark.parametrize("bid", ["ministry", "heilongjiang"])
def test_marking_and_page_numbers_on_every_page(built, bid):
    pages = pdf_text((built / f"{bid}.pdf").read_bytes())
    for number, page in enumerate(pages, start=1):
        assert page.count("FOR OFFICIAL USE") >= 2  # header and footer
        assert f"Page {number} of {len(pages)}" in page
    data = (built / f"{bid}.docx").read_bytes()
    header = "".join(docx_part(data, n) for n in _parts(data) if n.startswith("word/header"))
    assert "FOR OFFICIAL USE" in header
    footer = "".join(docx_part(data, n) for n in _parts(data) if n.startswith("word/footer"))
    assert "NUMPAGES" in footer and "PAGE" in footer and "FOR OFFICIAL USE" in footer


def _parts(data: bytes) -> list[str]:
    import zipfile
    return zipfile.ZipFile(io.BytesIO(data)).namelist()


@pytest.mark.parametrize("bid", BRIEFS)
def test_charts_are_drawn_in_both_formats(built, checked, bid):
    charts = checked.composed[bid].charts_used
    data = (built / f"{bid}.docx").read_bytes()
    chart_parts = sorted(n for n in _parts(data) if re.match(r"word/charts/chart\d+\.xml$", n))
    assert len(chart_parts) == len(charts)
    pdf = flat(" ".join(pdf_text((built / f"{bid}.pdf").read_bytes())))
    for cid, part in zip(charts, chart_parts):
        chart = checked.content.charts[cid]
        assert flat(chart.title) in pdf
        xml = "".join(docx_part(data, p) for p in chart_parts)
        for name, _figures, _where in chart.series:
            assert name in pdf and name in xml


def test_every_figure_shown_is_traced_to_a_source_note(built, checked):
    pdf = flat(" ".join(pdf_text((built / "ministry.pdf").read_bytes())))
    notes = pdf.split("Notes")[-1]
    for fid in checked.composed["ministry"].figures_used:
        for source in checked.figures[fid].sources:
            assert flat(checked.content.sources[source].publisher) in notes, (fid, source)
    footnotes = docx_part((built / "ministry.docx").read_bytes(), "word/footnotes.xml")
    assert "China Customs: statistics, as reported in Zhou and Xie (2017)" in footnotes


# Faults a claim-by-claim audit found (issue 16): citations the study does not make, framing it does not
# support, and wording that drifts from it. None may reach a reader.
WORDING_FAULTS = (
    "customs.gov.cn", "mofcom.gov.cn", "economy.gov.ru", "rosstat.gov.ru", "chinamoney", "stats.gd.gov.cn",
    "China customs statistics:", "Revised estimate of Russia", "growing share", "should lead",
    "move beyond petty trade", "new platforms are being built", "growing again", "booming", "recovered",
    "grew up", "agreements with China", "regular intergovernmental", "new impetus", "should keep",
    "the 3 north-eastern", "held 4 expositions", "Stated 50",
)


@pytest.mark.parametrize("bid", BRIEFS)
def test_no_wording_fault_reaches_a_reader(built, bid):
    pdf = flat(" ".join(pdf_text((built / f"{bid}.pdf").read_bytes())))
    data = (built / f"{bid}.docx").read_bytes()
    docx = flat(docx_text(data) + docx_part(data, "word/footnotes.xml"))
    for fault in WORDING_FAULTS:
        assert fault not in pdf and fault not in docx, (bid, fault)


def test_added_and_reported_sources_say_so(built):
    pdf = flat(" ".join(pdf_text((built / "analyst.pdf").read_bytes())))
    assert "People's Bank of China: annual average central parity rate" in pdf.replace("’", "'")
    assert pdf.count("Added by the analysts; not cited in the study.") >= 2
    assert "Ministry of Commerce: released data, as reported in Zhou and Xie (2017)" in pdf
    assert "threshold set by the analysts: at most 50" in pdf
    assert "Source: Zhou and Xie (2017), II.C: “the border trade between the two countries has developed rapidly”" \
        in pdf


def test_over_budget_brief_fails_and_keeps_the_last_good_files(project_copy, run_cli):
    out = project_copy / "out"
    assert run_cli("--root", str(project_copy), "build", "ministry", "--out", str(out))[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    brief = project_copy / "briefs" / "ministry.yaml"
    edit(brief, "page_budget: 2", "page_budget: 1")
    code, _out, err = run_cli("--root", str(project_copy), "build", "ministry", "--out", str(out))
    assert code == 1
    assert re.search(r"briefs/ministry.yaml:\d+:\d+: error\[budget-pages\]: brief 'ministry' is 2 pages, "
                     r"over its page budget of 1", err)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_reference_docx_restyles_the_word_output(project_copy, run_cli):
    import docx
    from docx.shared import Pt

    reference = docx.Document()
    reference.styles["Heading 1"].font.name = "Georgia"
    reference.styles["Heading 1"].font.size = Pt(20)
    (project_copy / "templates").mkdir()
    reference.save(project_copy / "templates" / "house.docx")
    brief = project_copy / "briefs" / "business.yaml"
    brief.write_text(brief.read_text() + "reference_docx: templates/house.docx\n")
    out = project_copy / "out"
    code, _o, err = run_cli("--root", str(project_copy), "build", "business", "--format", "docx", "--out", str(out))
    assert code == 0, err
    styled = docx.Document(str(out / "business.docx"))
    assert styled.styles["Heading 1"].font.name == "Georgia"
    assert any(p.style.name == "Heading 1" for p in styled.paragraphs)


def test_unknown_references_in_a_brief_are_located(project_copy, run_cli):
    brief = project_copy / "briefs" / "business.yaml"
    text = brief.read_text().replace("charts: [trade-structure-2016]", "charts: [no-such-chart]")
    text = text.replace("key_figures: [exports_2016,", "key_figures: [no_such_figure,")
    brief.write_text(text.replace("  - key_figures\n", "  - key_figures\n  - kind: apendix\n"))
    code, _o, err = run_cli("--root", str(project_copy), "check")
    assert code == 1
    errors = [line for line in err.splitlines() if "error[" in line]
    assert any(re.match(r"briefs/business.yaml:\d+:\d+: error\[brief-section\]: unknown section kind 'apendix'", e)
               for e in errors)
    assert any("unknown chart 'no-such-chart'" in e for e in errors)
    assert any("unknown figure 'no_such_figure'" in e for e in errors)


def test_list_shows_what_each_brief_contains(run_cli):
    code, out, _err = run_cli("--root", str(REPO), "list")
    assert code == 0
    assert "ministry: China–Russia trade under the Belt and Road" in out
    assert "page budget 2" in out
    assert "charts: trade-structure-2016, russia-gdp-path" in out


def last_body_lines(data: bytes, footer_top: float = 70.0) -> list[str]:
    """The lowest line of body text on each page (above the footer), as pypdf places it."""
    from pypdf import PdfReader

    lines = []
    for page in PdfReader(io.BytesIO(data)).pages:
        rows: dict[int, list[str]] = {}

        def visit(text, cm, tm, _font, _size, rows=rows):
            y = tm[5] * cm[3] + cm[5]
            if text.strip() and y > footer_top:
                rows.setdefault(round(y), []).append(text)
        page.extract_text(visitor_text=visit)
        lines.append(flat("".join(rows[min(rows)])) if rows else "")
    return lines


@pytest.mark.parametrize("bid", BRIEFS)
def test_no_heading_is_left_alone_at_the_foot_of_a_page(built, checked, bid):
    from generator import model

    headings = [flat(model.plain_text(b.children)) for b in model.iter_blocks(checked.composed[bid].document.blocks)
                if isinstance(b, model.Heading)]
    for number, line in enumerate(last_body_lines((built / f"{bid}.pdf").read_bytes()), start=1):
        stranded = [h for h in headings if len(line) > 3 and h.endswith(line)]
        assert not stranded, f"{bid} page {number} ends with the heading {stranded[0]!r}"


def test_building_one_brief_keeps_the_others_in_the_manifest(project_copy, run_cli):
    out = project_copy / "out"
    assert run_cli("--root", str(project_copy), "build", "--out", str(out))[0] == 0
    before = json.loads((out / "manifest.json").read_text())["briefs"]
    business = project_copy / "briefs" / "business.yaml"
    edit(business, "edition: Edition 1", "edition: Edition 2")
    assert run_cli("--root", str(project_copy), "build", "business", "--out", str(out))[0] == 0
    after = json.loads((out / "manifest.json").read_text())["briefs"]
    assert sorted(after) == list(ALL_BRIEFS)
    assert after["ministry"] == before["ministry"]
    assert after["business"]["files"] != before["business"]["files"]
    (out / "ministry.pdf").write_bytes(b"edited by hand")  # no longer what the manifest says
    assert run_cli("--root", str(project_copy), "build", "business", "--out", str(out))[0] == 0
    assert "ministry" not in json.loads((out / "manifest.json").read_text())["briefs"]


def test_a_text_section_may_have_no_heading(project_copy, run_cli):
    brief = project_copy / "briefs" / "analyst.yaml"
    edit(brief, "  - kind: text\n    heading: Methods\n", "  - kind: text\n")
    out = project_copy / "out"
    assert run_cli("--root", str(project_copy), "build", "analyst", "--format", "pdf", "--out", str(out))[0] == 0
    text = flat(" ".join(pdf_text((out / "analyst.pdf").read_bytes())))
    assert "Every number in this brief is a figure" in text and "None" not in text
