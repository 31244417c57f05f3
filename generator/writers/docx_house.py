"""The house style modelled on GB/T 9704-2012 (Chinese official documents) in the DOCX, as the PDF draws it
(``pdf_styles``, ``pdf_house``): A4 with a 156 × 225 mm text block 37 mm from the top and 28 mm from the left,
16 pt body on 22 lines a page indented two characters, a centred 22 pt title, headings at the body size, the issuing
authority in red with a red rule beneath it, and page numbers "— 1 —" outside (odd pages right, even left)."""
from __future__ import annotations

from docx.document import Document as WordDocument
from docx.shared import Mm
from lxml import etree

from generator.model import GBT9704, Meta
from generator.writers import colours
from generator.writers.docx_style_defs import FONT, StyleDef
from generator.writers.docx_xml import clean, el, field_runs, paragraph, text_run, w_val

BLACK = "000000"
_FONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
_LINE = '<w:spacing w:before="0" w:after="0" w:line="578" w:lineRule="exact"/>'  # 28.9 pt: 22 lines to 225 mm
_INDENT = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'  # two characters of 16 pt


def _size(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def _heading(level: int, bold: bool) -> StyleDef:
    weight = "<w:b/><w:bCs/>" if bold else ""
    return StyleDef(f"heading {level}", "paragraph", "Normal",
                    f'<w:pPr><w:keepNext/><w:keepLines/>{_LINE}{_INDENT}<w:outlineLvl w:val="{level - 1}"/></w:pPr>'
                    f'<w:rPr>{_FONTS}{weight}<w:color w:val="{BLACK}"/>{_size(16)}</w:rPr>', "Normal")


# The styles the house style redefines (the Word styles keep their names, so a reader can restyle the brief).
LOOK: tuple[StyleDef, ...] = (
    StyleDef("Normal", "paragraph", None, f"<w:pPr>{_LINE}{_INDENT}</w:pPr><w:rPr>{_FONTS}{_size(16)}</w:rPr>"),
    StyleDef("Title", "paragraph", "Normal",
             '<w:pPr><w:spacing w:before="0" w:after="280" w:line="680" w:lineRule="exact"/>'
             '<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
             f'<w:rPr>{_FONTS}<w:b/><w:bCs/><w:color w:val="{BLACK}"/>{_size(22)}</w:rPr>', "Normal"),
    StyleDef("Subtitle", "paragraph", "Normal",
             f'<w:pPr>{_LINE}<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
             f'<w:rPr>{_FONTS}<w:color w:val="{BLACK}"/>{_size(16)}</w:rPr>', "Normal"),
    _heading(1, True), _heading(2, False), _heading(3, False),
)
# Styles in the heading (Hei) face for East Asian text: GB/T 9704 sets only 一、 headings in Hei.
HEADING_FONT_STYLES = ("Title", "heading 1", "caption", "Callout Title", "Marking", "Issuer")
ISSUER = StyleDef("Issuer", "paragraph", "Normal",
                  '<w:pPr><w:pBdr><w:bottom w:val="single" w:sz="12" w:space="8" '
                  f'w:color="{colours.ISSUER}"/></w:pBdr><w:spacing w:before="0" w:after="480" w:line="240" '
                  'w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
                  f'<w:rPr>{_FONTS}<w:b/><w:bCs/><w:color w:val="{colours.ISSUER}"/>{_size(26)}</w:rPr>', "Normal")


def set_page(document: WordDocument) -> None:
    """GB/T 9704's margins on every section, and different footers on odd and even pages."""
    for section in document.sections:
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    document.settings.odd_and_even_pages_header_footer = True


def issuer_paragraph(meta: Meta, style_id: str) -> etree._Element | None:
    """The issuing authority, red, with the red rule of the ``Issuer`` style beneath it."""
    if not meta.issuer.strip():
        return None
    p = paragraph(style_id)
    p.append(text_run(clean(meta.issuer)))
    return p


def page_number(style_id: str, even: bool) -> etree._Element:
    """"— 1 —" in 14 pt, one character in from the outside edge of the text block."""
    side = "left" if even else "right"
    p = paragraph(style_id, el("w:ind", {f"w:{side}": "280"}), w_val("w:jc", side))

    def props() -> etree._Element:
        return el("w:rPr", None, el("w:sz", {"w:val": "28"}), el("w:szCs", {"w:val": "28"}))

    p.append(text_run("— ", props()))
    p.extend(field_runs("PAGE", "1", props))
    p.append(text_run(" —", props()))
    return p
