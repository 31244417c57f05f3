"""Low-level WordprocessingML helpers for the DOCX writer: element building and text cleaning."""
from __future__ import annotations

import re
from functools import lru_cache

from docx.oxml.ns import NamespacePrefixedTag
from docx.oxml.parser import oxml_parser
from lxml import etree

from generator.model import strip_controls

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# A line ending inside text reads as a space (a break is a LineBreak node); tabs become w:tab.
_LINE_ENDS = re.compile("\r\n|[\r\n]")

EMU_PER_TWIP = 635
TWIPS_PER_CM = 567


def clean(text: str) -> str:
    """``text`` without characters that XML 1.0 cannot carry (lxml raises ValueError on them)."""
    return strip_controls(text)


@lru_cache(maxsize=None)
def _clark(tag: str) -> tuple[str, dict[str, str]]:
    """``{namespace}name`` and the namespace declaration of a prefixed tag or attribute name, as python-docx's
    ``OxmlElement`` and ``qn`` work them out (a brief builds a few thousand elements of a few dozen tags)."""
    prefixed = NamespacePrefixedTag(tag)
    return prefixed.clark_name, prefixed.nsmap


def el(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    """A new element ``tag`` (e.g. "w:p") whose attribute names are prefixed too ("w:val")."""
    clark, nsmap = _clark(tag)
    element = oxml_parser.makeelement(clark, nsmap=nsmap)  # what OxmlElement(tag) makes
    for name, value in (attrs or {}).items():
        element.set(_clark(name)[0] if ":" in name else name, clean(str(value)))
    for child in children:
        element.append(child)
    return element


def w_val(tag: str, value: str | int) -> etree._Element:
    """A ``<tag w:val="value"/>`` element such as ``w:pStyle``."""
    return el(tag, {"w:val": str(value)})


def paragraph(style_id: str | None = None, *ppr_extra: etree._Element) -> etree._Element:
    """An empty ``w:p`` with a paragraph style and further (schema-ordered) ``w:pPr`` children."""
    p = el("w:p")
    if style_id or ppr_extra:
        ppr = el("w:pPr")
        if style_id:
            ppr.append(w_val("w:pStyle", style_id))
        for child in ppr_extra:
            ppr.append(child)
        p.append(ppr)
    return p


def run_props(style_id: str | None = None, bold: bool = False, italic: bool = False,
              size_half_points: int | None = None, color: str | None = None,
              east_asian: bool = False) -> etree._Element | None:
    """A ``w:rPr`` in schema order, or None when the run needs no properties. ``east_asian``: characters both
    Latin and East Asian fonts have (quotation marks) take the East Asian font, as Word's ``w:hint`` says."""
    children: list[etree._Element] = []
    if style_id:
        children.append(w_val("w:rStyle", style_id))
    if east_asian:
        children.append(el("w:rFonts", {"w:hint": "eastAsia"}))
    if bold:
        children.append(el("w:b"))
    if italic:
        children.append(el("w:i"))
    if color:
        children.append(w_val("w:color", color))
    if size_half_points:
        children += [w_val("w:sz", size_half_points), w_val("w:szCs", size_half_points)]
    return el("w:rPr", None, *children) if children else None


def text_run(text: str, rpr: etree._Element | None = None) -> etree._Element:
    """A ``w:r`` for ``text``: tabs become ``w:tab``, stray line ends become spaces."""
    run = el("w:r")
    if rpr is not None:
        run.append(rpr)
    parts = _LINE_ENDS.sub(" ", clean(text)).split("\t")
    for index, part in enumerate(parts):
        if index:
            run.append(el("w:tab"))
        if part:
            t = el("w:t")
            t.text = part
            # Without preserve Word drops leading and trailing spaces.
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(t)
    return run


def field_runs(instruction: str, result: str, rpr_factory=lambda: None) -> list[etree._Element]:
    """The runs of a complex field (begin, instruction, separate, cached result, end)."""
    def char_run(kind: str) -> etree._Element:
        run = el("w:r")
        rpr = rpr_factory()
        if rpr is not None:
            run.append(rpr)
        run.append(el("w:fldChar", {"w:fldCharType": kind}))
        return run

    instr = el("w:r")
    rpr = rpr_factory()
    if rpr is not None:
        instr.append(rpr)
    instr_text = el("w:instrText")
    instr_text.text = f" {instruction} "
    instr_text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.append(instr_text)
    return [char_run("begin"), instr, char_run("separate"), text_run(result, rpr_factory()),
            char_run("end")]


def page_break_paragraph() -> etree._Element:
    """A paragraph holding only a hard page break."""
    return el("w:p", None, el("w:r", None, el("w:br", {"w:type": "page"})))
