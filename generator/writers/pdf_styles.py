"""Page geometry, colour palette and paragraph styles of the PDF brief."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm

from generator.model import GBT9704
from generator.writers import fonts
from generator.writers import colours

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 2.0 * cm
MARGIN_TOP = 2.2 * cm
MARGIN_BOTTOM = 2.2 * cm
# The house style modelled on GB/T 9704-2012 (Chinese official documents): a 156 × 225 mm text block,
# 37 mm from the top and 28 mm from the left of an A4 page.


@dataclass(frozen=True)
class Geometry:
    """Where the text block sits on the page (points)."""

    left: float = MARGIN_X
    right: float = MARGIN_X
    top: float = MARGIN_TOP
    bottom: float = MARGIN_BOTTOM

    @property
    def frame_width(self) -> float:
        return PAGE_WIDTH - self.left - self.right

    @property
    def frame_height(self) -> float:
        return PAGE_HEIGHT - self.top - self.bottom


GEOMETRY = {"": Geometry(), GBT9704: Geometry(left=28 * mm, right=26 * mm, top=37 * mm, bottom=35 * mm)}


@dataclass(frozen=True)
class Palette:
    """The restrained colour set every part of the PDF draws from."""

    navy: Color = HexColor("#1F3864")
    blue: Color = HexColor("#2E74B5")
    text: Color = HexColor("#1A1A1A")
    grey: Color = HexColor("#5F6368")
    rule: Color = HexColor("#BFC7D5")
    zebra: Color = HexColor("#F2F5FA")
    tint: Color = HexColor("#E8EEF7")
    note_tint: Color = HexColor("#F4F4F2")
    marking: Color = HexColor("#" + colours.MARKING)  # the DOCX header and footer print it in this colour too
    watermark: Color = HexColor("#D9D9D9")
    # Chart series, chosen to stay distinguishable in greyscale print.
    series: tuple[Color, ...] = (
        HexColor("#1F3864"), HexColor("#7FA7D9"), HexColor("#C55A11"),
        HexColor("#70AD47"), HexColor("#7F7F7F"), HexColor("#FFC000"),
    )


PALETTE = Palette()
LINK_COLOR = "#1F4E79"


def _style(name: str, **kw: object) -> ParagraphStyle:
    """A paragraph style on Carlito with long-word splitting, overridable by ``kw``."""
    base: dict[str, object] = dict(
        fontName=fonts.REGULAR, fontSize=10.5, leading=14.5, textColor=PALETTE.text,
        splitLongWords=1, allowOrphans=0, allowWidows=0, spaceAfter=6,
    )
    base.update(kw)
    return ParagraphStyle(name, **base)


@dataclass(frozen=True)
class _Layout:
    """What the styles of the document being written follow: its language (BCP 47) and house style."""

    language: str = "en"
    house: str = ""  # "" for the default, or GBT9704


# The layout of the document being written, set by the writer for one document (see ``layout``).
_LAYOUT: ContextVar[_Layout] = ContextVar("pdf_layout", default=_Layout())


@contextmanager
def layout(lang: str, house: str = "") -> Iterator[None]:
    """Lay out with the styles of ``lang`` (a BCP 47 tag) and house style ``house`` ("" for the default,
    :data:`GBT9704`) inside the ``with`` block."""
    token = _LAYOUT.set(_Layout(lang, house if house in GEOMETRY else ""))
    try:
        yield
    finally:
        _LAYOUT.reset(token)


def current_language() -> str:
    """The language of the document being written (see ``layout``)."""
    return _LAYOUT.get().language


def current_house() -> str:
    """The house style of the document being written (see ``layout``)."""
    return _LAYOUT.get().house


def geometry() -> Geometry:
    """The page geometry of the document being written."""
    return GEOMETRY[current_house()]


def styles() -> dict[str, ParagraphStyle]:
    """All named paragraph styles for the language being written; fonts are registered first."""
    chinese = fonts.is_chinese(current_language())
    return _gbt9704(chinese) if current_house() == GBT9704 else _styles(chinese)


# Chinese text reads best a little larger, with more room between lines (about 1.7 lines per size),
# title block centred as in Chinese official documents; lines break by the Chinese rules.
_CHINESE_SIZES = {"body": (11, 19), "lead": (12.5, 21), "cell": (9.5, 14), "cellright": (9.5, 14),
                  "cellhead": (9.5, 14), "cellheadright": (9.5, 14), "notes": (9, 14), "kflabel": (10.5, 15),
                  "small": (8.5, 13), "callouttitle": (12, 17)}
_CENTRED = ("title", "subtitle", "titlemeta", "version", "marking")


def _chinese(base: dict[str, ParagraphStyle]) -> dict[str, ParagraphStyle]:
    from generator.writers.pdf_linebreak import install

    install()
    out = {}
    for name, style in base.items():
        size, leading = _CHINESE_SIZES.get(name, (style.fontSize, style.leading))
        changes: dict[str, object] = dict(wordWrap="CJK", fontSize=size, leading=leading)
        if name in _CENTRED:
            changes["alignment"] = TA_CENTER
        out[name] = ParagraphStyle(f"{name}-zh", parent=style, **changes)
    return out


# GB/T 9704: body 3号 (16 pt) on 22 lines to the 225 mm block (28.9 pt apart: at 29 pt only 21 fit), every
# paragraph indented two characters; title 2号 (22 pt), centred; headings the body size (一、 in Hei, the others
# in the body face); all black. Tables, notes and the key figures keep the smaller sizes of the language's own.
_GBT_LINE = 28.9
_GBT_CHANGES: dict[str, dict[str, object]] = {
    "body": dict(fontSize=16, leading=_GBT_LINE, firstLineIndent=32, spaceAfter=0),
    "lead": dict(fontSize=16, leading=_GBT_LINE, firstLineIndent=32, spaceAfter=0, textColor=PALETTE.text),
    "title": dict(fontSize=22, leading=34, alignment=TA_CENTER, textColor=PALETTE.text, spaceAfter=14),
    "subtitle": dict(fontSize=16, leading=_GBT_LINE, alignment=TA_CENTER, textColor=PALETTE.text, spaceAfter=0),
    "titlemeta": dict(alignment=TA_CENTER),
    "h1": dict(fontSize=16, leading=_GBT_LINE, textColor=PALETTE.text, spaceBefore=0, spaceAfter=0, firstLineIndent=32),
    "h2": dict(fontName=fonts.REGULAR, fontSize=16, leading=_GBT_LINE, textColor=PALETTE.text, spaceBefore=0,
               spaceAfter=0, firstLineIndent=32),
    "h3": dict(fontName=fonts.REGULAR, fontSize=16, leading=_GBT_LINE, textColor=PALETTE.text, spaceBefore=0,
               spaceAfter=0, firstLineIndent=32),
    "callouttitle": dict(textColor=PALETTE.text),
    "issuer": dict(fontName=fonts.BOLD, fontSize=26, leading=34, alignment=TA_CENTER,
                   textColor=HexColor("#" + colours.ISSUER), spaceAfter=8),
}


@lru_cache(maxsize=2)
def _gbt9704(chinese: bool) -> dict[str, ParagraphStyle]:
    base = dict(_styles(chinese))
    base["issuer"] = base["title"]
    return {name: ParagraphStyle(f"{name}-gbt", parent=style, **_GBT_CHANGES.get(name, {}))
            for name, style in base.items()}


@lru_cache(maxsize=2)
def _styles(chinese: bool) -> dict[str, ParagraphStyle]:
    if chinese:
        return _chinese(_styles(False))
    fonts.register_fonts()
    bold = fonts.BOLD
    navy = PALETTE.navy
    return {
        "body": _style("body"),
        "lead": _style("lead", fontSize=12.5, leading=17, textColor=navy, spaceAfter=10),
        "small": _style("small", fontSize=8.5, leading=11, textColor=PALETTE.grey),
        "h1": _style("h1", fontName=bold, fontSize=17, leading=21, textColor=navy,
                     spaceBefore=16, spaceAfter=8, keepWithNext=1),
        "h2": _style("h2", fontName=bold, fontSize=13.5, leading=17, textColor=navy,
                     spaceBefore=12, spaceAfter=5, keepWithNext=1),
        "h3": _style("h3", fontName=bold, fontSize=11.5, leading=15, textColor=PALETTE.blue,
                     spaceBefore=9, spaceAfter=3, keepWithNext=1),
        "title": _style("title", fontName=bold, fontSize=26, leading=31, textColor=navy, spaceAfter=6),
        "subtitle": _style("subtitle", fontSize=15, leading=19, textColor=PALETTE.blue, spaceAfter=12),
        "titlemeta": _style("titlemeta", fontSize=10.5, leading=14, textColor=PALETTE.text, spaceAfter=1),
        "version": _style("version", fontSize=8, leading=10, textColor=PALETTE.grey, spaceAfter=0),
        "caption": _style("caption", fontName=bold, fontSize=9.5, leading=12.5, textColor=navy,
                          spaceBefore=4, spaceAfter=4, keepWithNext=1),
        "charttitle": _style("charttitle", fontName=bold, fontSize=11, leading=14, textColor=navy,
                             spaceBefore=8, spaceAfter=4),
        "chartcaption": _style("chartcaption", fontName=bold, fontSize=9.5, leading=12.5, textColor=navy,
                               spaceBefore=2, spaceAfter=1),
        "source": _style("source", fontSize=8, leading=10, textColor=PALETTE.grey, spaceAfter=10),
        "cell": _style("cell", fontSize=9.5, leading=12, spaceAfter=0),
        "cellright": _style("cellright", fontSize=9.5, leading=12, spaceAfter=0, alignment=TA_RIGHT),
        "cellhead": _style("cellhead", fontName=bold, fontSize=9.5, leading=12, spaceAfter=0,
                           textColor=navy),
        "cellheadright": _style("cellheadright", fontName=bold, fontSize=9.5, leading=12, spaceAfter=0,
                                textColor=navy, alignment=TA_RIGHT),
        "kflabel": _style("kflabel", fontSize=10.5, leading=13, spaceAfter=0, textColor=PALETTE.text),
        "kfvalue": _style("kfvalue", fontName=bold, fontSize=17, leading=20, spaceAfter=0, textColor=navy),
        "kfhead": _style("kfhead", fontName=bold, fontSize=8.5, leading=10, spaceAfter=0,
                         textColor=PALETTE.grey),
        "callouttitle": _style("callouttitle", fontName=bold, fontSize=12, leading=15, textColor=navy,
                               spaceAfter=4, keepWithNext=1),
        "notes": _style("notes", fontSize=9, leading=12, spaceAfter=3),
    }


def paragraph_style(role: str) -> ParagraphStyle:
    """The style for a :class:`~generator.model.Paragraph` role ("", "lead", "small"); unknown roles get body."""
    return styles()[role if role in ("lead", "small") else "body"]
