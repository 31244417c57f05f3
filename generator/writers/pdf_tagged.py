"""Flowables that draw inside a marked-content sequence owned by a structure element.

Every part of a split flowable keeps the element, so a paragraph that runs over a
page break is one element with content on two pages.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Table
from reportlab.platypus.tables import TableRenderCB

from generator.writers.pdf_tagging import StructElem, marked, untagged


_TOO_NARROW = 0x7FFFFFFF  # the height Paragraph.wrap reports for a width it cannot wrap at


class TaggedParagraph(Paragraph):
    """A paragraph owned by ``struct``; a heading's outline entry stays on its first part."""

    struct: StructElem | None = None
    outline_entry: tuple[str, str, int] | None = None
    # (width asked, width, height, lines, line widths) of the last wrap: a table wraps each cell paragraph
    # about five times at one width (measuring rows, splitting, drawing), and breaking the lines again gives
    # the same lines — the break depends only on the width, the text and the style, which never change.
    _wrapped: tuple[float, float, float, Any, Any] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's API
        last = self._wrapped
        if last is not None and last[0] == availWidth:
            _, self.width, self.height, self.blPara, self._wrapWidths = last
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        if height != _TOO_NARROW:  # a width too narrow to wrap at returns early, with nothing to keep
            self._wrapped = (availWidth, width, height, self.blPara, self._wrapWidths)
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803 - reportlab's API
        parts = super().split(availWidth, availHeight)  # parts are built with self.__class__
        for i, part in enumerate(parts):
            part.struct = self.struct
            part.outline_entry = self.outline_entry if i == 0 else None
        return parts

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        with marked(canvas, self.struct):
            super().drawOn(canvas, x, y, _sW)


def tagged_paragraph(markup: str, style: Any, struct: StructElem | None, **kw: Any) -> TaggedParagraph:
    """A :class:`TaggedParagraph` owned by ``struct``."""
    para = TaggedParagraph(markup, style, **kw)
    para.struct = struct
    return para


class Tagged(Flowable):
    """Wraps any flowable (a chart drawing) so that it draws as ``struct``; a Figure gets its bounding box.

    A ``scalable`` flowable may be drawn at ``scale`` (set by pdf_keep to keep a chart on its page).
    """

    def __init__(self, content: Flowable, struct: StructElem, scalable: bool = False) -> None:
        super().__init__()
        self.content, self.struct, self.scalable = content, struct, scalable
        self.scale = 1.0
        self.width = self.height = self.natural_height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        width, self.natural_height = self.content.wrap(availWidth, availHeight)
        self.width, self.height = width * self.scale, self.natural_height * self.scale
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return [Tagged(part, self.struct) for part in self.content.split(availWidth, availHeight)]

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.content.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.content.getSpaceAfter()

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        if self.scale != 1.0:
            x += _sW / 2  # a shrunk chart is centred
        if self.struct.role == "Figure" and self.struct.bbox is None:
            x0, y0 = canvas.absolutePosition(x, y)
            self.struct.bbox = [round(x0, 2), round(y0, 2), round(x0 + self.width, 2), round(y0 + self.height, 2)]
        with marked(canvas, self.struct):
            if self.scale == 1.0:
                self.content.drawOn(canvas, x, y, _sW)
                return
            canvas.saveState()
            canvas.translate(x, y)
            canvas.scale(self.scale, self.scale)
            self.content.drawOn(canvas, 0, 0)
            canvas.restoreState()


@dataclass(frozen=True)
class Label:
    """A list item's label ("•", "1.", "a)"), drawn ``dedent`` points left of the item's text."""

    text: str
    struct: StructElem | None
    style: Any
    dedent: float


class ListEntry(Flowable):
    """One flowable of a list item, indented; the item's first flowable also draws its label (Lbl)."""

    def __init__(self, content: Flowable, indent: float, label: Label | None = None) -> None:
        super().__init__()
        self.content, self.indent, self.label = content, indent, label
        self.width = self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        _, self.height = self.content.wrap(availWidth - self.indent, availHeight)
        self.width = availWidth
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts = self.content.split(availWidth - self.indent, availHeight)
        return [ListEntry(part, self.indent, self.label if i == 0 else None) for i, part in enumerate(parts)]

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.content.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.content.getSpaceAfter()

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        label = self.label
        if label is not None:
            with marked(canvas, label.struct):
                canvas.saveState()
                canvas.setFont(label.style.fontName, label.style.fontSize)
                canvas.setFillColor(label.style.textColor)
                canvas.drawString(x + self.indent - label.dedent, y + self.height - label.style.fontSize, label.text)
                canvas.restoreState()
        self.content.drawOn(canvas, x + self.indent, y, _sW)


class _RepeatedHeaderRows(TableRenderCB):
    """Leaves the header rows a table repeats on later pages untagged (they become Artifacts)."""

    def __init__(self) -> None:
        self._context: Any = None

    def startCell(self, T: Any, rowNo: int, *args: Any) -> None:  # noqa: N802, N803 - reportlab's API
        if getattr(T, "continuation", False) and rowNo < T.repeatRows:
            self._context = untagged(T.canv)
            self._context.__enter__()

    def endCell(self, T: Any) -> None:  # noqa: N802, N803
        if self._context is not None:
            self._context.__exit__(None, None, None)
            self._context = None

    def _ignore(self, *args: Any) -> None:
        pass

    startTable = startBG = endBG = startRow = endRow = startLines = endLines = endTable = _ignore  # noqa: N815


class TaggedTable(Table):
    """A table whose cells are tagged paragraphs; parts after a split know they repeat the header."""

    continuation = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("renderCB", _RepeatedHeaderRows())
        super().__init__(*args, **kwargs)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts = super().split(availWidth, availHeight)
        for i, part in enumerate(parts):
            part.continuation = self.continuation or i > 0
        return parts
