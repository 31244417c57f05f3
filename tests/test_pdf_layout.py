"""Page furniture and layout of the PDF, as a reader sees it: markings, version stamp, list numbering as in
the DOCX, live contact links, and no page left largely blank while content follows."""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest

from generator.model import (
    BulletList, Chart, Document, Heading, ListItem, Meta, NumberedList, PageBreak, Paragraph, Series, Table,
    TableCell, Text, WriteOptions,
)
from generator.writers.pdf import write
from generator.writers.pdf_styles import MARGIN_BOTTOM, MARGIN_TOP, PAGE_HEIGHT
from conftest import flat
from pdf_reading import bundled, page_lines, reader

NAMES = tuple(bundled())
MAX_BLANK = 1 / 3


def blank_fractions(data: bytes, dpi: int = 30) -> list[float]:
    """For each page, the share of the body frame below its lowest ink (rendered with pdftoppm, greyscale;
    the light watermark and table tints do not count as ink)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "x.pdf")
        with open(path, "wb") as handle:
            handle.write(data)
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), path, os.path.join(folder, "p")], check=True)
        out = []
        for image in sorted(glob.glob(os.path.join(folder, "p*.pgm"))):
            with open(image, "rb") as handle:
                _magic, width, height, _maxval, pixels = handle.read().split(maxsplit=4)
            w, h = int(width), int(height)
            scale = h / PAGE_HEIGHT
            top, bottom = int(MARGIN_TOP * scale) + 2, h - int(MARGIN_BOTTOM * scale) - 1
            inked = [y for y in range(top, bottom) if min(pixels[y * w:(y + 1) * w]) < 200]
            last = max(inked, default=top)
            out.append((bottom - last) / (bottom - top))
        return out


def needs_poppler() -> None:
    if shutil.which("pdftoppm") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftoppm (poppler-utils) is required in CI")
        pytest.skip("pdftoppm not installed")


SECOND_STUDY = Path(__file__).parent / "fixtures" / "three-gorges"


@lru_cache(maxsize=1)
def second_study() -> dict[str, bytes]:
    """The second study's briefs as PDFs (a study the layout was not tuned on)."""
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Project, run_checks

    checked = run_checks(Project(SECOND_STUDY), Diagnostics())
    return {f"three-gorges/{bid}": write(composed.document, WriteOptions())
            for bid, composed in sorted(checked.composed.items())}


@pytest.mark.parametrize("name", [*NAMES, *(f"three-gorges/{p.stem}" for p in sorted(
    (SECOND_STUDY / "briefs").glob("*.yaml")))])
def test_no_page_but_the_last_is_more_than_a_third_blank(name: str) -> None:
    needs_poppler()
    fractions = blank_fractions(second_study()[name] if name.startswith("three-gorges/") else bundled()[name][1])
    for number, blank in enumerate(fractions[:-1], start=1):
        assert blank <= MAX_BLANK, f"{name} page {number} is {blank:.0%} blank"


def test_blank_measure_sees_a_gap() -> None:
    """Negative control: a page break half way down page 1 leaves a gap the measure reports."""
    needs_poppler()
    filler = tuple(Paragraph((Text("Line of text that fills the page. " * 12),)) for _ in range(4))
    fractions = blank_fractions(write(Document(Meta(title="Gap"), (*filler, PageBreak(), *filler)), WriteOptions()))
    assert len(fractions) == 2 and 0.4 < fractions[0] < 0.8


def fill_colour_of(data: bytes, needle: str) -> list[tuple[int, tuple[float, ...]]]:
    """(page index, fill colour) of every text run containing ``needle``."""
    out = []
    for index, page in enumerate(reader(data).pages):
        colour: list[tuple[float, ...]] = [(0.0, 0.0, 0.0)]

        def before(op, args, cm, tm) -> None:
            if op == b"rg":
                colour[0] = tuple(round(float(a), 3) for a in args)
            elif op == b"g":
                colour[0] = (round(float(args[0]), 3),) * 3

        def visit(text, cm, tm, _font, _size) -> None:
            if needle in text:
                out.append((index, colour[0]))
        page.extract_text(visitor_operand_before=before, visitor_text=visit)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_marking_twice_per_page_in_the_docx_colour_and_the_version_once(name: str) -> None:
    doc, data = bundled()[name]
    pages = reader(data).pages
    marking, version = flat(doc.meta.marking), flat(doc.meta.version)
    for number, page in enumerate(pages, start=1):
        text = flat(page.extract_text())
        if marking:
            assert text.count(marking) == 2, f"page {number}: {text.count(marking)} markings"
        if version:
            assert text.count(version) == 1, f"page {number}"
    if marking:
        runs = fill_colour_of(data, marking)
        from generator.writers import colours  # the DOCX header and footer use the same colour

        rgb = tuple(round(int(colours.MARKING[i:i + 2], 16) / 255, 3) for i in (0, 2, 4))
        assert len(runs) == 2 * len(pages) and {c for _, c in runs} == {rgb}


def test_nested_numbered_lists_read_as_in_the_docx() -> None:
    inner = NumberedList(tuple(ListItem((Paragraph((Text(f"Part {n}"),)),)) for n in "xyz"))
    deepest = NumberedList((ListItem((Paragraph((Text("Deepest"),)),)),) * 2)
    outer = NumberedList((
        ListItem((Paragraph((Text("First"),)), inner)),
        ListItem((Paragraph((Text("Second"),)), NumberedList((ListItem((Paragraph((Text("Only"),)), deepest)),)))),
    ), start=3)
    text = flat(" ".join(p.extract_text() for p in reader(write(Document(Meta(title="L"), (outer,)),
                                                                  WriteOptions())).pages))
    assert "3. First a) Part x b) Part y c) Part z 4. Second a) Only i. Deepest ii. Deepest" in text


def test_analyst_sub_recommendations_are_lettered() -> None:
    text = flat(" ".join(p.extract_text() for p in reader(bundled()["analyst"][1]).pages))
    assert "c) Set up docking mechanisms" in text
    assert "3. Set up docking mechanisms" not in text


@pytest.mark.parametrize("name", NAMES)
def test_contact_e_mail_is_a_live_mailto_link(name: str) -> None:
    doc, data = bundled()[name]
    first = reader(data).pages[0]
    uris = [a.get_object()["/A"]["/URI"] for a in first.get("/Annots") or [] if "/A" in a.get_object()]
    assert f"mailto:{doc.meta.contact}" in uris


def test_title_block_has_no_marking_or_version() -> None:
    doc = bundled()["kitchen-sink"][0]
    lines = [line for line in reader(bundled()["kitchen-sink"][1]).pages[0].extract_text().splitlines()]
    title_at = next(i for i, line in enumerate(lines) if "Kitchen sink brief" in line)
    between = " ".join(lines[title_at:title_at + 5])
    assert doc.meta.marking not in between and doc.meta.version not in between


def test_a_heading_stays_with_its_chart_which_shrinks_rather_than_leave_a_gap() -> None:
    """Push a heading and a chart down page 1 a line at a time: the heading never ends a page, and where the
    pair only just does not fit, the chart is drawn smaller (its bounding box is less than full size)."""
    from pdf_reading import read_tagged

    chart = Chart("c", "bar", "A chart", ("a", "b"), (Series("s", (1.0, 2.0)),), "%", "x", "y", (), (), "alt")
    heights = set()
    for lines in range(14, 30):
        filler = tuple(Paragraph((Text(f"Filler line {i}."),)) for i in range(lines))
        data = write(Document(Meta(title="Fit"), (*filler, Heading(1, (Text("Charts"),)), chart)), WriteOptions())
        pages = [flat(p.extract_text()) for p in reader(data).pages]
        heading_page = next(i for i, text in enumerate(pages) if "Charts" in text)
        assert "A chart" in pages[heading_page], f"{lines} lines: heading stranded"
        tagged = read_tagged(data)
        box = [e for e in tagged.root.walk() if e.role == "Figure"][0].obj.A.BBox
        heights.add(round(float(box[3]) - float(box[1])))
    assert max(heights) == 215 and min(heights) < 215 * 0.9


def _follower(kind: str):
    def cell(text: str) -> TableCell:
        return TableCell((Text(text),))

    def rows(count: int) -> tuple:
        return tuple((cell(f"r{i}"), cell(str(i))) for i in range(count))
    return {
        "table": Table((cell("Head A"), cell("Head B")), rows(30), caption=(Text("Table 9. Caption"),)),
        "key figures": Table((cell("Key figure"), cell("Value")), rows(5), style="keyfigures"),
        "paragraph": Paragraph((Text("Long paragraph words " * 80),)),
        "list": BulletList(tuple(ListItem((Paragraph((Text(f"Item {i} " * 20),)),)) for i in range(6))),
        "chart": Chart("c", "line", "A chart", ("a", "b"), (Series("s", (1.0, 2.0)),), "%", "x", "y",
                       (Text("Figure 1. Caption"),), (Text("Source: x"),), "alt"),
    }[kind]


@pytest.mark.parametrize("kind", ["table", "key figures", "paragraph", "list", "chart"])
def test_no_heading_ends_a_page_whatever_follows_it(kind: str) -> None:
    """Push a heading and what follows it down the page a line at a time; the heading never ends a page."""
    follower = _follower(kind)
    for lines in range(12, 34):
        filler = tuple(Paragraph((Text(f"Filler line {i}."),)) for i in range(lines))
        data = write(Document(Meta(title="S"), (*filler, Heading(2, (Text("Held heading"),)), follower)),
                     WriteOptions())
        for number, page in enumerate(reader(data).pages, start=1):
            body = [text for y, text in page_lines(page) if y > MARGIN_BOTTOM]
            assert not (body and body[-1].startswith("Held heading")), f"{lines} lines: page {number}"


@pytest.mark.parametrize("kind", ["table", "paragraph"])
def test_a_heading_and_what_follows_start_wherever_a_heading_alone_may(kind: str) -> None:
    """Push a heading and a long table (or paragraph) down page 1 a line at a time: they move to page 2 only
    when less room is left than a heading alone asks for (HEADING_ROOM), never leaving more of page 1 blank."""
    from generator.writers.pdf_keep import HEADING_ROOM

    follower, moved, stayed = _follower(kind), [], []
    for lines in range(20, 40):
        filler = tuple(Paragraph((Text(f"Filler line {i}."),)) for i in range(lines))
        data = write(Document(Meta(title="S"), (*filler, Heading(2, (Text("Held heading"),)), follower)),
                     WriteOptions())
        first = [(y, text) for y, text in page_lines(reader(data).pages[0]) if y > MARGIN_BOTTOM]
        left = min(y for y, _text in first) - MARGIN_BOTTOM  # room below page 1's last line
        if any(text.startswith("Held heading") for _y, text in first):
            stayed.append(lines)
        else:
            moved.append(lines)
            assert left < HEADING_ROOM + 15, f"{lines} lines: moved to page 2 with {left:.0f} pt left on page 1"
    assert moved and stayed  # the sweep crosses the point where the pair moves
