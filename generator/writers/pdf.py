"""The PDF writer: a Document to an A4 brief with reportlab platypus.

The layout lives in helper modules: ``pdf_styles`` (geometry, palette, styles),
``pdf_markup`` (escaping and inline markup), ``pdf_blocks`` (blocks to
flowables), ``pdf_tables``, ``pdf_charts`` and ``pdf_page`` (templates, header,
footer, watermark, outline, metadata).
"""
from __future__ import annotations

import io
from dataclasses import replace

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from generator.model import Document, WriteOptions, note_numbers
from generator.writers.pdf_blocks import RenderContext, blocks, notes_section, title_block
from generator.writers.pdf_canvas import canvas_for
from generator.writers.pdf_page import BriefDocTemplate
from generator.writers.pdf_house import issuer_block
from generator.writers.pdf_styles import layout, styles
from generator.writers.pdf_tagging import StructTree


def story(doc: Document, safe_mode: bool = False, tree: StructTree | None = None,
          options: WriteOptions | None = None) -> list[Flowable]:
    """All flowables of ``doc``: title block, body, notes; their structure elements go into ``tree``."""
    # Every referenced note is printed in the Notes section, so every marker can link to it.
    ctx = RenderContext(note_numbers=note_numbers(doc), options=options or WriteOptions(),
                        note_texts=frozenset(note.note_id for note in doc.notes), meta=doc.meta,
                        tree=tree or StructTree(), safe_mode=safe_mode)
    return [*issuer_block(doc.meta, ctx), *title_block(doc.meta, ctx), *blocks(doc.blocks, ctx),
            *notes_section(doc, ctx)]


def _build(doc: Document, safe_mode: bool, options: WriteOptions) -> bytes:
    """One layout pass into bytes; what it works around goes to ``options.warnings``."""
    buffer = io.BytesIO()
    tree = StructTree()
    # styles follow the brief's language (Chinese line breaking, sizes) and house style (geometry, sizes)
    with layout(doc.meta.language, doc.meta.style):
        template = BriefDocTemplate(buffer, doc.meta, tree)
        template.build(story(doc, safe_mode, tree, options), canvasmaker=canvas_for(doc.meta))
    return buffer.getvalue()


def write(doc: Document, options: WriteOptions) -> bytes:
    """Render ``doc`` as PDF bytes; the same document always gives the same bytes.

    If the layout fails (content that cannot be fitted, such as a giant table
    cell), the document is laid out again with over-long table cells truncated
    and visibly marked, rather than failing the build.
    """
    first_try = replace(options, warnings=[])  # a failed attempt's warnings are not the document's
    try:
        data = _build(doc, False, first_try)
    except LayoutError:
        return _build(doc, True, options)
    options.warnings.extend(first_try.warnings)
    return data


def warm() -> None:
    """Read the fonts, make the styles every PDF starts from and import the chart machinery, before the first
    document arrives (generator.publish.writer_pool)."""
    from generator.writers import pdf_charts

    with layout("en"):
        styles()
    pdf_charts.warm()
