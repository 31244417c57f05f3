"""Page furniture for the DOCX writer: page set-up, title block, header, footer and watermark."""
from __future__ import annotations

import copy
import re

from xml.sax.saxutils import quoteattr

from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.section import Section
from docx.shared import Twips
from lxml import etree

from generator.model import Inline, Meta, Text, contact_inline
from generator.writers import docx_house, fonts
from generator.writers.docx_inline import Context, render_inlines
from generator.writers.docx_style_defs import MARKING_COLOR
from generator.writers.title_facts import title_facts, title_separator
from generator.writers.docx_xml import TWIPS_PER_CM, clean, field_runs, paragraph, run_props, text_run, w_val

_A4 = (11906, 16838)  # twips
_MARGIN = 2 * TWIPS_PER_CM
_VML_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
           'xmlns:w10="urn:schemas-microsoft-com:office:word"')
# Word's own shape type for WordArt text ("PowerPlusWaterMarkObject" watermarks).
_TEXT_SHAPETYPE = (
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
    + "".join(f'<v:f eqn="{eqn}"/>' for eqn in (
        "sum #0 0 10800", "prod #0 2 1", "sum 21600 0 @1", "sum 0 0 @2", "sum 21600 0 @3",
        "if @0 @3 0", "if @0 21600 @1", "if @0 0 @2", "if @0 @4 21600", "mid @5 @6", "mid @8 @5",
        "mid @7 @8", "mid @6 @7", "sum @6 0 @5"))
    + '</v:formulas><v:path textpathok="t" o:connecttype="custom" '
    'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/>'
    '</v:handles><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>')


def set_a4(section: Section) -> None:
    """A4 portrait with 2 cm margins (used only with the writer's own template)."""
    section.page_width, section.page_height = Twips(_A4[0]), Twips(_A4[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Twips(_MARGIN))
    section.header_distance = section.footer_distance = Twips(709)


def text_width(section: Section) -> int:
    """The width between the margins in twips."""
    width = section.page_width or Twips(_A4[0])
    margins = (section.left_margin or 0) + (section.right_margin or 0)
    return max(int((width - margins) / 635), 1440)


def title_block(meta: Meta, ctx: Context) -> list[etree._Element]:
    """Title, subtitle and the small lines with audience, date, edition, author and contact."""
    out: list[etree._Element] = []
    # Chinese documents centre their title block (as the PDF does).
    centred = (w_val("w:jc", "center"),) if fonts.is_chinese(meta.language) else ()

    def add(style: str, inlines: tuple[Inline, ...]) -> None:
        p = paragraph(ctx.styles[style], *[copy.deepcopy(c) for c in centred])
        render_inlines(inlines, p, ctx, ctx.doc_part)
        out.append(p)

    # The marking is in the header and footer of every page; the version stamp in every footer.
    issuer = docx_house.issuer_paragraph(meta, ctx.styles["Issuer"]) if meta.style == docx_house.GBT9704 else None
    if issuer is not None:
        out.append(issuer)
    add("Title", (Text(meta.title),))
    if meta.subtitle:
        add("Subtitle", (Text(meta.subtitle),))
    separator = title_separator(meta)
    facts = separator.join(title_facts(meta))
    if facts:
        add("Small", (Text(facts),))
    people: list[Inline] = [Text(meta.author)] if meta.author else []
    if meta.contact:
        people += [Text(separator)] if people else []
        people.append(contact_inline(meta.contact))
    if people:
        add("Small", tuple(people))
    return out


def watermark_run(text: str, width_twips: int) -> etree._Element:
    """A run holding a diagonal, semi-transparent VML text shape, as Word's own watermarks."""
    length = max(len(text), 1)
    width = min(width_twips / 20, 82.0 * length)  # points
    height = width / (0.333 * length)
    style = (f"position:absolute;margin-left:0;margin-top:0;width:{width:.1f}pt;height:{height:.1f}pt;"
             "rotation:315;z-index:-251657216;mso-position-horizontal:center;"
             "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
             "mso-position-vertical-relative:margin")
    return parse_xml(
        f'<w:r {_VML_NS}><w:rPr><w:noProof/></w:rPr><w:pict>{_TEXT_SHAPETYPE}'
        f'<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136" '
        f'style="{style}" o:allowincell="f" fillcolor="silver" stroked="f">'
        '<v:fill opacity=".5"/>'
        f'<v:textpath style="font-family:&quot;Calibri&quot;;font-size:1pt" string={quoteattr(clean(text))}/>'
        '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>')


def marking_props() -> etree._Element | None:
    """Bold, in the marking colour the PDF uses too."""
    return run_props(bold=True, color=MARKING_COLOR)


def _header_content(meta: Meta, ctx: Context) -> etree._Element:
    p = paragraph(ctx.styles["header"], w_val("w:jc", "center"))
    if meta.watermark:
        p.append(watermark_run(meta.watermark, ctx.text_width))
    if meta.marking:
        p.append(text_run(meta.marking, marking_props()))
    return p


def _footer_content(meta: Meta, ctx: Context, even: bool = False) -> list[etree._Element]:
    if meta.style == docx_house.GBT9704:  # "— 1 —" outside: right on odd pages, left on even ones
        page = docx_house.page_number(ctx.styles["footer"], even)
    else:
        page = paragraph(ctx.styles["footer"], w_val("w:jc", "center"))
        # "Page {page} of {total}" in the brief's words, the numbers as Word fields.
        for piece in re.split(r"(\{page\}|\{total\})", meta.term("page_of", "Page {page} of {total}")):
            if piece in ("{page}", "{total}"):
                page.extend(field_runs("PAGE" if piece == "{page}" else "NUMPAGES", "1"))
            elif piece:
                page.append(text_run(piece))
    out = [page]
    if meta.marking:  # protective markings go at the top and the bottom of every page
        marking = paragraph(ctx.styles["footer"], w_val("w:jc", "center"))
        marking.append(text_run(meta.marking, marking_props()))
        out.insert(0, marking)
    if meta.version:
        stamp = paragraph(ctx.styles["footer"], w_val("w:jc", "center"))
        stamp.append(text_run(meta.version, run_props(size_half_points=14)))
        out.append(stamp)
    return out


def _replace_children(root: etree._Element, children: list[etree._Element]) -> None:
    for child in list(root):
        root.remove(child)
    root.extend(children)


def write_header_footer(document: WordDocument, meta: Meta, ctx: Context) -> None:
    """Marking and watermark in every header, "Page N of M" and version stamp in every footer."""
    even_pages = document.settings.odd_and_even_pages_header_footer
    for section in document.sections:
        pairs = [(section.header, section.footer, False)]
        if section.different_first_page_header_footer:
            pairs.append((section.first_page_header, section.first_page_footer, False))
        if even_pages:
            pairs.append((section.even_page_header, section.even_page_footer, True))
        for header, footer, even in pairs:
            header.is_linked_to_previous = False
            footer.is_linked_to_previous = False
            _replace_children(header.part.element, [_header_content(meta, ctx)])
            _replace_children(footer.part.element, _footer_content(meta, ctx, even))

