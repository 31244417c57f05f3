"""The DOCX writer: a :class:`~generator.model.Document` as an editable Word file.

Word styles carry all formatting so that users can restyle the brief; notes
become real footnotes, charts native Word charts. The same document always
gives the same bytes. Helper modules (``docx_*.py``) hold the parts.
"""
from __future__ import annotations

from docx.oxml.ns import qn

from generator.model import Document, WriteOptions
from generator.writers import fonts
from generator.writers.docx_blocks import DocxVisitor, render_blocks
from generator.writers.docx_notes import NoteRegistry
from generator.writers.docx_house import GBT9704, set_page
from generator.writers.docx_numbering import ListNumbering
from generator.writers.docx_package import open_base, save_reproducibly, set_core_properties
from generator.writers.docx_page import set_a4, text_width, title_block, write_header_footer
from generator.writers.docx_settings import prepare_settings
from generator.writers.docx_styles import declare_fonts, prepared_styles


def write(doc: Document, options: WriteOptions) -> bytes:
    """Render ``doc`` as DOCX bytes, on ``options.reference_docx`` if given."""
    document, own_template = open_base(options.reference_docx)
    section = document.sections[-1]
    if own_template:
        set_a4(section)
    prepare_settings(document.settings.element)
    if doc.meta.style == GBT9704:
        set_page(document)
    styles = prepared_styles(document.styles.element, doc.meta.language, own_template, doc.meta.style)
    declare_fonts(document, doc.meta.language)
    ctx = DocxVisitor(
        styles=styles,
        numbering=ListNumbering(document.part.numbering_part.element),
        notes=NoteRegistry(doc),
        doc_part=document.part,
        text_width=text_width(section),
        options=options,
        chinese=fonts.is_chinese(doc.meta.language),
    )
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for element in title_block(doc.meta, ctx) + render_blocks(doc.blocks, ctx):
        if sect_pr is not None:
            sect_pr.addprevious(element)
        else:
            body.append(element)
    ctx.notes.write_part(ctx)
    write_header_footer(document, doc.meta, ctx)
    set_core_properties(document, doc.meta)
    return save_reproducibly(document)


def warm() -> None:
    """Open the writer's own template and prepare its styles (for English), before the first document arrives
    (generator.publish.writer_pool)."""
    document, _ = open_base(None)
    prepared_styles(document.styles.element, "en", True)
