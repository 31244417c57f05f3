"""The page furniture: templates, running header and footer, watermark, outline and PDF metadata."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate

from generator import fonts
from generator.model import Meta, created_utc
from generator.writers.pdf_markup import clean
from generator.writers.pdf_styles import (
    FRAME_HEIGHT, FRAME_WIDTH, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH, PALETTE,
)

CREATOR = "policy-brief-generator"
# A heading with an oversized follower starts here rather than on a new page if this much room is left.
MIN_START_SPACE = 0.25 * FRAME_HEIGHT


@dataclass(frozen=True)
class Chrome:
    """The cleaned strings printed on every page."""

    marking: str
    version: str
    watermark: str
    short_title: str


def chrome_for(meta: Meta) -> Chrome:
    """The page furniture text for ``meta``, cleaned of control characters."""
    return Chrome(clean(meta.marking).strip(), clean(meta.version).strip(),
                  clean(meta.watermark).strip(), clean(meta.title).strip())


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


class PageCountCanvas(Canvas):
    """A canvas that holds pages back until the end so it can print "Page N of M" on each."""

    # "Page {page} of {total}" in the brief's language; BriefDocTemplate sets it per document.
    page_words = "Page {page} of {total}"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []
        self._page_words = self.page_words

    def showPage(self) -> None:  # noqa: N802 - reportlab's API name
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._draw_page_number(number, total)
            super().showPage()
        super().save()

    def _draw_page_number(self, number: int, total: int) -> None:
        """The right half of the footer."""
        self.saveState()
        text = self._page_words.format(page=number, total=total)
        self.setFont(fonts.face_for(text, fonts.REGULAR), 8.5)
        self.setFillColor(PALETTE.grey)
        self.drawRightString(PAGE_WIDTH - MARGIN_X, MARGIN_BOTTOM - 32, text)
        self.restoreState()


def canvas_for(meta: Meta) -> type[PageCountCanvas]:
    """A :class:`PageCountCanvas` printing the page numbers in the brief's words."""
    words = meta.term("page_of", PageCountCanvas.page_words)
    return type("PageCountCanvas", (PageCountCanvas,), {"page_words": words})


def _draw_header(canv: Canvas, chrome: Chrome, first: bool) -> None:
    """The marking, centred, and on later pages the short title; a thin rule beneath."""
    top = PAGE_HEIGHT - MARGIN_TOP + 22
    if chrome.marking:
        face = fonts.face_for(chrome.marking, fonts.BOLD)
        canv.setFont(face, 9.5)
        canv.setFillColor(PALETTE.marking)
        canv.drawCentredString(PAGE_WIDTH / 2, top + 4, _fit(chrome.marking, face, 9.5, FRAME_WIDTH))
    if not first:
        canv.setStrokeColor(PALETTE.rule)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, top - 4, PAGE_WIDTH - MARGIN_X, top - 4)


def _draw_footer(canv: Canvas, chrome: Chrome) -> None:
    """A thin rule, the version stamp and the marking; the page number is added by :class:`PageCountCanvas`."""
    y = MARGIN_BOTTOM - 32
    canv.setStrokeColor(PALETTE.rule)
    canv.setLineWidth(0.5)
    canv.line(MARGIN_X, y + 12, PAGE_WIDTH - MARGIN_X, y + 12)
    face = fonts.face_for(chrome.version, fonts.REGULAR)
    canv.setFont(face, 8)
    canv.setFillColor(PALETTE.grey)
    if chrome.version:
        canv.drawString(MARGIN_X, y, _fit(chrome.version, face, 8, FRAME_WIDTH * 0.7))
    if chrome.marking:  # protective markings go at the top and the bottom of every page
        face = fonts.face_for(chrome.marking, fonts.BOLD)
        canv.setFont(face, 8)
        canv.setFillColor(PALETTE.marking)
        canv.drawCentredString(PAGE_WIDTH / 2, y - 12, _fit(chrome.marking, face, 8, FRAME_WIDTH))


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


class KeepWithNext(KeepTogether):
    """Groups a keepWithNext heading with what follows it.

    reportlab's KeepTogether moves the group to a new page whenever it does not
    fit the space left, even when it could not fit any page (a long table):
    that leaves most of a page blank. Such a group starts where it is instead,
    as long as a fair amount of the page is left.
    """

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 - reportlab's API
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H > FRAME_HEIGHT and aH >= MIN_START_SPACE:
            return list(self._content)
        return super().split(aW, aH)


class BriefDocTemplate(BaseDocTemplate):
    """A4 with a first-page and a later-page template; headings become nested PDF bookmarks."""

    def __init__(self, buffer: Any, meta: Meta) -> None:
        chrome = chrome_for(meta)
        super().__init__(
            buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, invariant=1,
            title=clean(meta.title), author=clean(meta.author), subject=clean(meta.subject),
            # PDF's information dictionary has no version field: the stamp goes with the keywords.
            keywords=[clean(k) for k in (*meta.keywords, meta.version) if k], creator=CREATOR,
            lang=clean(meta.language) or None, displayDocTitle=True,
            # Without this every page starts in Helvetica, an unembedded font.
            initialFontName=fonts.REGULAR, initialFontSize=10.5, keepTogetherClass=KeepWithNext,
        )
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_WIDTH, FRAME_HEIGHT, id="body",
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
