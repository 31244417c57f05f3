"""The house style modelled on GB/T 9704-2012 (Chinese official documents) in the PDF: the issuing authority in
red above the title with a red rule beneath it. Its geometry and type sizes are in ``pdf_styles`` (``GEOMETRY``,
``_gbt9704``), its page numbers in ``pdf_canvas``; the DOCX writer's are in ``docx_house``."""
from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from generator.model import Meta
from generator.writers import colours
from generator.writers.pdf_blocks import RenderContext, Rule
from generator.writers.pdf_markup import escape
from generator.writers.pdf_styles import GBT9704, current_house, styles


def issuer_block(meta: Meta, ctx: RenderContext) -> list[Flowable]:
    """The issuing authority (a tagged paragraph) and its red rule, first on page 1, in the GB/T 9704 style (else
    nothing)."""
    if current_house() != GBT9704 or not meta.issuer.strip():
        return []
    return [ctx.para(escape(meta.issuer), styles()["issuer"]),
            Rule(HexColor("#" + colours.ISSUER), 1.5, space_before=4, space_after=24)]
