"""The page furniture: templates, running header and footer, watermark, outline and PDF metadata."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from generator.writers import fonts
from generator.model import Meta, created_utc
from generator.writers.pdf_canvas import PageCountCanvas
from generator.writers.pdf_keep import KeepWithNext
from generator.writers.pdf_markup import one_line
from generator.writers.pdf_styles import GBT9704, PAGE_HEIGHT, PAGE_WIDTH, PALETTE, current_house, geometry
from generator.writers.pdf_tagging import StructTree, Tagger

__all__ = ["BriefDocTemplate", "PageCountCanvas", "chrome_for", "pdf_date"]

CREATOR = "policy-brief-generator"


@dataclass(frozen=True)
class Chrome:
    """The cleaned strings printed on every page."""

    marking: str
    version: str
    watermark: str


def chrome_for(meta: Meta) -> Chrome:
    """The page furniture text for ``meta``, cleaned of control characters."""
    return Chrome(one_line(meta.marking).strip(), one_line(meta.version).strip(), one_line(meta.watermark).strip())


def pdf_date(created: str) -> str:
    """``created`` (ISO 8601) as a PDF date string in UTC."""
    return created_utc(created).strftime("D:%Y%m%d%H%M%S+00'00'")


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis so that it fits ``width`` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _draw_header(canv: Canvas, chrome: Chrome, first: bool) -> None:
    """The marking, centred, and on later pages a thin rule beneath (none in the GB/T 9704 style)."""
    page = geometry()
    top = PAGE_HEIGHT - page.top + 22
    if chrome.marking:
        face = fonts.face_for(chrome.marking, fonts.BOLD)
        canv.setFont(face, 9.5)
        canv.setFillColor(PALETTE.marking)
        canv.drawCentredString(PAGE_WIDTH / 2, top + 4, _fit(chrome.marking, face, 9.5, page.frame_width))
    if not first and current_house() != GBT9704:
        canv.setStrokeColor(PALETTE.rule)
        canv.setLineWidth(0.5)
        canv.line(page.left, top - 4, PAGE_WIDTH - page.right, top - 4)


def _draw_footer(canv: Canvas, chrome: Chrome) -> None:
    """A thin rule, the version stamp and the marking; the page number is added by :class:`PageCountCanvas`.
    The GB/T 9704 style has no rule and its page number ("— 1 —") where the stamp is, so the stamp goes below."""
    page = geometry()
    gbt = current_house() == GBT9704
    y = page.bottom - (54 if gbt else 32)
    if not gbt:
        canv.setStrokeColor(PALETTE.rule)
        canv.setLineWidth(0.5)
        canv.line(page.left, y + 12, PAGE_WIDTH - page.right, y + 12)
    face = fonts.face_for(chrome.version, fonts.REGULAR)
    canv.setFont(face, 8)
    canv.setFillColor(PALETTE.grey)
    if chrome.version:
        text = _fit(chrome.version, face, 8, page.frame_width * 0.7)
        if gbt:
            canv.drawCentredString(PAGE_WIDTH / 2, y, text)
        else:
            canv.drawString(page.left, y, text)
    if chrome.marking:  # protective markings go at the top and the bottom of every page
        face = fonts.face_for(chrome.marking, fonts.BOLD)
        canv.setFont(face, 8)
        canv.setFillColor(PALETTE.marking)
        canv.drawCentredString(PAGE_WIDTH / 2, y - 12, _fit(chrome.marking, face, 8, page.frame_width))


def _draw_watermark(canv: Canvas, text: str) -> None:
    """A large, light, translucent diagonal word across the page, over the content so tinted boxes cannot hide it."""
    face = fonts.face_for(text, fonts.BOLD)
    unit_width = stringWidth(text, face, 1) or 1
    size = min(120.0, 0.75 * (PAGE_WIDTH ** 2 + PAGE_HEIGHT ** 2) ** 0.5 / unit_width)
    canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canv.rotate(54.7)  # the A4 diagonal
    canv.setFont(face, size)
    canv.setFillColor(PALETTE.watermark)
    canv.setFillAlpha(0.3)
    canv.drawCentredString(0, -size * 0.35, text)


def _on_page(chrome: Chrome, first: bool) -> Callable[[Canvas, BaseDocTemplate], None]:
    """The onPage callback of a page template."""
    def draw(canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        _draw_header(canv, chrome, first)
        _draw_footer(canv, chrome)
        canv.restoreState()
    return draw


def _on_page_end(chrome: Chrome) -> Callable[[Canvas, BaseDocTemplate], None]:
    """The onPageEnd callback: the watermark, if any."""
    def draw(canv: Canvas, doc: BaseDocTemplate) -> None:
        if chrome.watermark:
            canv.saveState()
            _draw_watermark(canv, chrome.watermark)
            canv.restoreState()
    return draw


class BriefDocTemplate(BaseDocTemplate):
    """A4 with a first-page and a later-page template (margins of the house style); headings become nested PDF
    bookmarks."""

    def __init__(self, buffer: Any, meta: Meta, tree: StructTree | None = None) -> None:
        chrome = chrome_for(meta)
        self._tree, self._meta = tree, meta
        page = geometry()
        super().__init__(
            buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), leftMargin=page.left, rightMargin=page.right,
            topMargin=page.top, bottomMargin=page.bottom, invariant=1,
            title=one_line(meta.title), author=one_line(meta.author), subject=one_line(meta.subject),
            # PDF's information dictionary has no version field: the stamp goes with the keywords.
            keywords=[one_line(k) for k in (*meta.keywords, meta.version) if k], creator=CREATOR,
            lang=one_line(meta.language) or None, displayDocTitle=True,
            # Without this every page starts in Helvetica, an unembedded font.
            initialFontName=fonts.REGULAR, initialFontSize=10.5, keepTogetherClass=KeepWithNext,
        )
        frame = Frame(page.left, page.bottom, page.frame_width, page.frame_height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("first", [frame], onPage=_on_page(chrome, True), onPageEnd=_on_page_end(chrome),
                         autoNextPageTemplate="later"),
            PageTemplate("later", [frame], onPage=_on_page(chrome, False), onPageEnd=_on_page_end(chrome)),
        ])
        self._pdf_date = pdf_date(meta.created)
        self._outline_level = -1

    def beforeDocument(self) -> None:  # noqa: N802 - reportlab's hook name
        self.canv.setDateFormatter(lambda *_: self._pdf_date)
        if self._tree is not None:
            self.canv.tagger = Tagger(self._tree)
            self.canv.created, self.canv.language = self._meta.created, one_line(self._meta.language).strip()
        self.canv.showOutline()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's hook name
        entry = getattr(flowable, "outline_entry", None)
        if entry is None:
            return
        title, key, level = entry
        # Outline levels may only deepen one step at a time.
        level = max(0, min(level, self._outline_level + 1))
        self._outline_level = level
        self.canv.addOutlineEntry(title, key, level=level, closed=False)
