"""The DOCX and the PDF of each bundled brief say the same thing: headings, list numbers, citation
numbers and chart value labels are read back from each file independently and compared."""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import REPO, flat, soffice_convert

BRIEFS = ("analyst", "business", "heilongjiang", "ministry")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


@pytest.fixture(scope="module")
def built(bundled_briefs: Path) -> Path:
    return bundled_briefs


def _part(built: Path, bid: str, name: str) -> etree._Element:
    with zipfile.ZipFile(built / f"{bid}.docx") as archive:
        return etree.fromstring(archive.read(name))


def _parts(built: Path, bid: str, pattern: str) -> list[etree._Element]:
    with zipfile.ZipFile(built / f"{bid}.docx") as archive:
        names = sorted((n for n in archive.namelist() if re.fullmatch(pattern, n)),
                       key=lambda n: int(re.sub(r"\D", "", n) or 0))
        return [etree.fromstring(archive.read(n)) for n in names]


def _text(node: etree._Element) -> str:
    return "".join(t.text or "" for t in node.iter(f"{W}t"))


def _pdf(built: Path, bid: str) -> PdfReader:
    return PdfReader(io.BytesIO((built / f"{bid}.pdf").read_bytes()))


# ---------------------------------------------------------------- headings
def _docx_headings(built: Path, bid: str) -> list[str]:
    body = _part(built, bid, "word/document.xml")
    styles = _part(built, bid, "word/styles.xml")
    heading_ids = {s.get(f"{W}styleId") for s in styles.iter(f"{W}style")
                   if (s.find(f"{W}name").get(f"{W}val") or "").lower().startswith("heading")}
    return [flat(_text(p)) for p in body.iter(f"{W}p")
            if p.find(f"{W}pPr/{W}pStyle") is not None and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") in heading_ids]


def _pdf_outline(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(entries) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(flat(entry.title))
    walk(reader.outline)
    return titles


@pytest.mark.parametrize("bid", BRIEFS)
def test_same_headings(built: Path, bid: str) -> None:
    docx_headings = _docx_headings(built, bid)
    outline = _pdf_outline(_pdf(built, bid))
    assert docx_headings
    # The PDF adds a "Notes" section where Word has footnotes.
    assert [t for t in outline if t != "Notes"] == docx_headings


# ---------------------------------------------------------------- list numbering
def _label(fmt: str, n: int) -> str:
    if fmt == "decimal":
        return str(n)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    if fmt == "lowerRoman":
        return ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][n - 1] if n <= 10 else str(n)
    return ""


def docx_list_labels(built: Path, bid: str) -> list[tuple[str, str, str]]:
    """(number format, printed label, item text) of every numbered list paragraph, as Word counts them."""
    numbering = _part(built, bid, "word/numbering.xml")
    abstract = {a.get(f"{W}abstractNumId"): a for a in numbering.iter(f"{W}abstractNum")}
    nums = {n.get(f"{W}numId"): n for n in numbering.iter(f"{W}num")}

    def level(num_id: str, ilvl: str) -> tuple[str, str, int]:
        num = nums[num_id]
        override = num.find(f'{W}lvlOverride[@{W}ilvl="{ilvl}"]')
        lvl = override.find(f"{W}lvl") if override is not None else None
        if lvl is None:
            lvl = abstract[num.find(f"{W}abstractNumId").get(f"{W}val")].find(f'{W}lvl[@{W}ilvl="{ilvl}"]')
        start = override.find(f"{W}startOverride") if override is not None else None
        first = int((start if start is not None else lvl.find(f"{W}start")).get(f"{W}val"))
        return lvl.find(f"{W}numFmt").get(f"{W}val"), lvl.find(f"{W}lvlText").get(f"{W}val"), first

    counters: dict[tuple[str, str], int] = {}
    out = []
    for p in _part(built, bid, "word/document.xml").iter(f"{W}p"):
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is None:
            continue
        num_id, ilvl = num_pr.find(f"{W}numId").get(f"{W}val"), num_pr.find(f"{W}ilvl").get(f"{W}val")
        fmt, text, first = level(num_id, ilvl)
        if fmt in ("bullet", "none"):
            continue
        key = (num_id, ilvl)
        counters[key] = counters.get(key, first - 1) + 1
        out.append((fmt, re.sub(r"%\d", _label(fmt, counters[key]), text), flat(_text(p))))
    return out


def _pdf_text(built: Path, bid: str) -> str:
    return flat(" ".join(page.extract_text() for page in _pdf(built, bid).pages))


def _check_labels(built: Path, bid: str, lettered: bool) -> None:
    pdf = _pdf_text(built, bid)
    items = [(label, text) for fmt, label, text in docx_list_labels(built, bid)
             if (fmt == "lowerLetter") == lettered]
    missing = [f"{label} {text[:40]}" for label, text in items
               if f"{label} {' '.join(text.split()[:4])}" not in pdf]
    assert not missing, missing


@pytest.mark.parametrize("bid", BRIEFS)
def test_same_numbered_list_labels(built: Path, bid: str) -> None:
    _check_labels(built, bid, lettered=False)


def test_same_lettered_sub_list_labels(built: Path) -> None:
    lettered = [bid for bid in BRIEFS if any(fmt == "lowerLetter" for fmt, _l, _t in docx_list_labels(built, bid))]
    assert lettered, "some bundled brief has sub-recommendations"
    for bid in lettered:
        _check_labels(built, bid, lettered=True)


# ---------------------------------------------------------------- citations
def docx_citation_groups(built: Path, bid: str) -> list[str]:
    """Each group of note numbers as Word prints it ("1,2"), in body order."""
    groups: list[str] = []
    for p in _part(built, bid, "word/document.xml").iter(f"{W}p"):
        current = ""
        for run in p.iter(f"{W}r"):
            ref = run.find(f"{W}footnoteReference")
            style = run.find(f"{W}rPr/{W}rStyle")
            superscript = run.find(f"{W}rPr/{W}vertAlign")
            if ref is not None:
                current += ref.get(f"{W}id")
            elif (style is not None and "footnotereference" in style.get(f"{W}val").lower()) or (
                    superscript is not None and superscript.get(f"{W}val") == "superscript"):
                current += _text(run)
            elif _text(run):
                if current:
                    groups.append(current)
                current = ""
        if current:
            groups.append(current)
    return groups


def pdf_citation_groups(built: Path, bid: str) -> list[str]:
    """Each group of note numbers as the PDF prints it: the words (placed by poppler) under a link to a note."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is required in CI")
        pytest.skip("pdftotext is not installed")
    path = built / f"{bid}.pdf"
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', xml, re.S)
    groups: list[tuple[int, float, float, str]] = []
    for number, (page, (height, words)) in enumerate(zip(_pdf(built, bid).pages, pages)):
        # Link annotations to a place in the document (note markers), flipped to poppler's top-down y.
        rects = [(r[0], float(height) - r[3], r[2], float(height) - r[1])
                 for r in ([float(x) for x in a.get_object()["/Rect"]] for a in page.get("/Annots") or []
                           if a.get_object().get("/Subtype") == "/Link" and "/A" not in a.get_object())]
        for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', words):
            box = [float(v) for v in (x0, y0, x1, y1)]
            centres = [((r[0] + r[2]) / 2, (r[1] + r[3]) / 2) for r in rects]
            if re.fullmatch(r"\d+(,\d+)*", word) and any(
                    box[0] <= x <= box[2] and box[1] <= y <= box[3] for x, y in centres):
                groups.append((number, round(box[1] / 4), box[0], word))
    # Reading order as the page shows it (top to bottom, then left to right): poppler may read a table's
    # columns one after the other when a row's label wraps onto several lines.
    return [word for *_position, word in sorted(groups)]


@pytest.mark.parametrize("bid", BRIEFS)
def test_same_citation_numbers_in_ascending_groups(built: Path, bid: str) -> None:
    docx_groups = docx_citation_groups(built, bid)
    assert docx_groups, "the brief cites sources"
    for group in docx_groups:
        numbers = [int(n) for n in group.split(",")]
        assert numbers == sorted(numbers), group
    assert pdf_citation_groups(built, bid) == docx_groups


# ---------------------------------------------------------------- chart value labels
def _excel_format(value: float, code: str) -> str:
    """A value as Excel prints it with the writer's "#,##0.0;"−"#,##0.0" style code."""
    positive = code.split(";")[0]
    decimals = len(positive.split(".")[1]) if "." in positive else 0
    text = f"{abs(value):,.{decimals}f}"
    negative = value < 0 and float(text.replace(",", "")) != 0
    return ("\u2212" if negative else "") + text


def docx_chart_labels(built: Path, bid: str) -> list[tuple[str, list[str]]]:
    """(chart title, value labels Word shows) of every chart, in document order."""
    charts = []
    for chart in _parts(built, bid, r"word/charts/chart\d+\.xml"):
        title = flat("".join(t.text or "" for t in chart.find(f"{C}chart/{C}title").iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/main}t")))
        labels = []
        for ser in chart.iter(f"{C}ser"):
            dlbls = ser.find(f"{C}dLbls")
            if dlbls is None or dlbls.find(f"{C}showVal") is None or dlbls.find(f"{C}showVal").get("val") != "1":
                continue
            code = dlbls.find(f"{C}numFmt").get("formatCode")
            for v in ser.iterfind(f"{C}val/{C}numRef/{C}numCache/{C}pt/{C}v"):
                labels.append(_excel_format(float(v.text), code))
        charts.append((title, labels))
    return charts


@pytest.mark.parametrize("bid", BRIEFS)
def test_same_chart_value_labels(built: Path, bid: str) -> None:
    pages = [flat(page.extract_text()) for page in _pdf(built, bid).pages]
    charts = docx_chart_labels(built, bid)  # the ministry brief has none: nothing to compare
    for title, labels in charts:
        assert labels, f"{title}: Word shows no value labels"
        page = next(p for p in pages if title in p)
        shown = Counter(page.split())
        missing = Counter(labels) - shown
        assert not missing, f"{title}: {dict(missing)} not in the PDF page"


# ---------------------------------------------------------------- page count
def test_libreoffice_lays_each_docx_out_on_as_many_pages_as_the_pdf(built: Path, tmp_path: Path) -> None:
    # LibreOffice lays Calibri out with Carlito (metric-compatible); give it the bundled copy rather than
    # whatever fallback the machine has, as Word would have Calibri.
    fonts = REPO / "generator" / "assets" / "fonts"
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{fonts}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir>"
        "<alias binding=\"same\"><family>Calibri</family><accept><family>Carlito</family></accept></alias>"
        "</fontconfig>", encoding="utf-8")
    soffice_convert([built / f"{b}.docx" for b in BRIEFS], "pdf", tmp_path, timeout=600,
                    env={**os.environ, "FONTCONFIG_FILE": str(config)})
    counts = {bid: (len(PdfReader(tmp_path / f"{bid}.pdf").pages), len(_pdf(built, bid).pages)) for bid in BRIEFS}
    assert all(word == pdf for word, pdf in counts.values()), counts


@pytest.mark.parametrize("bid", BRIEFS)
def test_chart_alt_text_rounds_as_the_text_does(built: Path, bid: str) -> None:
    with zipfile.ZipFile(built / f"{bid}.docx") as archive:
        document = archive.read("word/document.xml").decode()
    for alt in re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', document):
        assert not re.search(r"\d\.\d{4,}", alt), alt  # no "1.50052"
    if bid == "analyst":
        assert "China's surplus: 2015 1.5, 2016 5.1" in document
