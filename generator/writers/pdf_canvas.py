"""The canvas: holds pages back to print "Page N of M", binds destinations to the page they are on,
and gives the tagger what it needs (page index, link annotations, page keys)."""
from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import LinkAnnotation, PDFName, PDFObjectReference, PDFPage
from reportlab.pdfgen.canvas import Canvas

from generator.writers import fonts
from generator.model import Meta
from generator.writers.pdf_styles import GBT9704, PAGE_WIDTH, PALETTE, current_house, geometry
from generator.writers.pdf_tagging import Tagger, write_structure
from generator.writers.pdf_conformance import declare

# reportlab writes only the page keys it knows; tagged pages need two more, and no empty /Trans.
_PAGE_KEYS = [key for key in PDFPage.__NoDefault__ if key != "Trans"] + ["StructParents", "Tabs"]


class PageCountCanvas(Canvas):
    """A canvas that holds pages back until the end so it can print "Page N of M" on each.

    reportlab binds a destination to the page it is about to write, which for held
    pages is always the first; :meth:`bookmarkPage` binds it to the page being drawn.
    """

    tagger: Tagger | None = None
    created = ""
    language = ""
    page_words = "Page {page} of {total}"  # in the brief's language: canvas_for() sets it per document
    # What a screen reader says for each kind of link (the annotations' /Contents), set the same way.
    link_words = {"pdf.to_note": "Go to note {number}", "pdf.to_section": "Go to section",
                  "pdf.email": "E-mail {address}", "pdf.link": "Link to {url}"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []
        self._writing_page = 0

    def page_index(self) -> int:
        """The index (from 0) of the page being drawn."""
        return len(self._held_pages)

    def bookmarkPage(self, key: str, *args: Any, **kwargs: Any) -> Any:  # noqa: N802 - reportlab's API
        dest = super().bookmarkPage(key, *args, **kwargs)
        dest.setPage(PDFObjectReference(f"Page{self.page_index() + 1}"))
        return dest

    def _addAnnotation(self, annotation: Any, name: str | None = None, addtopage: int = 1) -> None:  # noqa: N802
        if self.tagger is None or not addtopage:
            super()._addAnnotation(annotation, name, addtopage)
            return
        self._annotationCount += 1
        name = name or f"NUMBER{self._annotationCount}-{self.page_index()}"
        note = isinstance(annotation, LinkAnnotation)
        if note:  # an internal link: a note marker; reportlab's class takes no further keys
            target = str(annotation.Destination.name)
            annotation = annotation.Dict()
            words = self.link_words
            contents = (words["pdf.to_note"].format(number=target.rsplit("-", 1)[-1]) if target.startswith("note-")
                        else words["pdf.to_section"])
        else:
            url = str(annotation["A"]["URI"].s) if "A" in annotation.dict else ""
            contents = (self.link_words["pdf.email"].format(address=url[7:]) if url.startswith("mailto:")
                        else self.link_words["pdf.link"].format(url=url))
        self._doc.addAnnotation(name, annotation)
        self._annotatePage(name)
        self.tagger.annotation(self.page_index(), name, annotation, contents, note)

    def _setAnnotations(self, page: PDFPage) -> None:  # noqa: N802 - reportlab's hook, called for each page
        super()._setAnnotations(page)
        if self.tagger is not None:
            page.__NoDefault__ = _PAGE_KEYS
            page.StructParents = self._writing_page
            page.Tabs = PDFName("S")

    def showPage(self) -> None:  # noqa: N802 - reportlab's API name
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._draw_page_number(number, total)
            self._writing_page = number - 1
            if self.tagger is not None:
                self._code = self.tagger.wrap_artifacts(number - 1, self._code)  # type: ignore[has-type]
            super().showPage()
        if self.tagger is not None:
            write_structure(self, self.tagger, total)
            declare(self, self.created, self.language)
        super().save()

    def _draw_page_number(self, number: int, total: int) -> None:
        """The right half of the footer; in the GB/T 9704 style "— 1 —" in 4号 (14 pt), one character in from
        the right edge of the text block on odd pages and from the left on even ones."""
        page = geometry()
        self.saveState()
        if current_house() == GBT9704:
            text, size = f"— {number} —", 14
            self.setFont(fonts.face_for(text, fonts.REGULAR), size)
            self.setFillColor(PALETTE.text)
            y = page.bottom - 7 * 72 / 25.4 - size
            if number % 2:
                self.drawRightString(PAGE_WIDTH - page.right - size, y, text)
            else:
                self.drawString(page.left + size, y, text)
        else:
            text = self.page_words.format(page=number, total=total)
            self.setFont(fonts.face_for(text, fonts.REGULAR), 8.5)
            self.setFillColor(PALETTE.grey)
            self.drawRightString(PAGE_WIDTH - page.right, page.bottom - 32, text)
        self.restoreState()


def canvas_for(meta: Meta) -> type[PageCountCanvas]:
    """A :class:`PageCountCanvas` printing the page numbers and naming its links in the brief's words."""
    words = meta.term("page_of", PageCountCanvas.page_words)
    links = {key: meta.term(key, default) for key, default in PageCountCanvas.link_words.items()}
    return type("PageCountCanvas", (PageCountCanvas,), {"page_words": words, "link_words": links})

