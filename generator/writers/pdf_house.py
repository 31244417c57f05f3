"""The house style modelled on GB/T 9704-2012 (Chinese official documents) in the PDF: the issuing authority in
red above the title with a red rule beneath it. Its geometry and type sizes are in ``pdf_styles``
(``GEOMETRY``, ``_gbt9704``), its page numbers in ``pdf_canvas``; the DOCX writer's are in ``docx_house``."""
from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from generator.model import Meta
from generator.writers import colours
from generator.writers.pdf_markup import escape
from generator.writers.pdf_styles import GBT9704, current_house, styles


class RedRule(Flowable):
    """A full-width red rule under the issuing authority (drawn outside any tag: an artifact)."""

    def __init__(self, thickness: float = 1.5, space_after: float = 24) -> None:
        super().__init__()
        self.thickness, self.spaceBefore, self.spaceAfter = thickness, 4, space_after
        self.width = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.thickness

    def draw(self) -> None:
        self.canv.setStrokeColor(HexColor("#" + colours.ISSUER))
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, 0, self.width, 0)


def issuer_block(meta: Meta, ctx: Any) -> list[Flowable]:
    """The issuing authority and its red rule, first on page 1, in the GB/T 9704 style (else nothing).
    ``ctx`` is the writer's ``pdf_blocks.RenderContext``: the line is a tagged paragraph."""
    if current_house() != GBT9704 or not meta.issuer.strip():
        return []
    return [ctx.para(escape(meta.issuer), styles()["issuer"]), RedRule()]
