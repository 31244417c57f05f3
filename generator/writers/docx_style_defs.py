"""The Word styles the DOCX writer relies on, as WordprocessingML fragments.

Names are Word's internal built-in names ("heading 1", "footnote text") so that
Word recognises them as its own styles and localises them in the UI.
"""
from __future__ import annotations

from dataclasses import dataclass

from generator.writers import colours

NAVY = "1F3864"
# 9 pt, single-spaced, no space after: headers, footers and footnotes.
_SMALL_TIGHT = ('<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
                '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>')
ACCENT = "2E74B5"
GREY = "595959"
MARKING_COLOR = colours.MARKING  # protective markings, in the header and footer of every page (the PDF's too)
FONT = "Calibri"


@dataclass(frozen=True)
class StyleDef:
    """One style: its name, type, parent, next style and property XML (w: prefix)."""

    name: str
    kind: str  # "paragraph", "character" or "table"
    based_on: str | None
    body: str
    next_name: str | None = None


def _fonts(size_half_points: int) -> str:
    return (f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
            f'<w:sz w:val="{size_half_points}"/><w:szCs w:val="{size_half_points}"/>')


def _heading(level: int, size: int, color: str, before: int) -> StyleDef:
    return StyleDef(
        f"heading {level}", "paragraph", "Normal",
        f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="80"/>'
        f'<w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/><w:b/><w:bCs/>'
        f'<w:color w:val="{color}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>',
        "Normal")


def _list_style(name: str) -> StyleDef:
    # Indentation comes from the numbering definition; this only tightens spacing.
    return StyleDef(name, "paragraph", "Normal",
                    '<w:pPr><w:spacing w:after="60"/></w:pPr>')


def _continue_style(name: str, level: int) -> StyleDef:
    return StyleDef(name, "paragraph", "Normal",
                    f'<w:pPr><w:spacing w:after="60"/><w:ind w:left="{357 * level}"/></w:pPr>')


_CELL_MARGINS = ('<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
                 '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar>')

#: Built-in styles whose look the writer sets when it uses its own template.
OWN_LOOK: tuple[StyleDef, ...] = (
    StyleDef("Normal", "paragraph", None,
             '<w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr>'
             f"<w:rPr>{_fonts(22)}</w:rPr>"),
    StyleDef("Title", "paragraph", "Normal",
             '<w:pPr><w:spacing w:before="120" w:after="80" w:line="240" w:lineRule="auto"/>'
             '<w:contextualSpacing/></w:pPr>'
             f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/><w:b/>'
             f'<w:color w:val="{NAVY}"/><w:kern w:val="28"/><w:sz w:val="48"/><w:szCs w:val="48"/></w:rPr>',
             "Normal"),
    StyleDef("Subtitle", "paragraph", "Normal",
             '<w:pPr><w:spacing w:after="160"/></w:pPr>'
             f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
             f'<w:color w:val="{ACCENT}"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>', "Normal"),
    _heading(1, 32, NAVY, 360),
    _heading(2, 26, ACCENT, 240),
    _heading(3, 22, NAVY, 200),
    StyleDef("caption", "paragraph", "Normal",
             '<w:pPr><w:keepNext/><w:spacing w:before="160" w:after="60" w:line="240" w:lineRule="auto"/></w:pPr>'
             f'<w:rPr><w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>',
             "Normal"),
)

#: Styles added to any template that lacks them (the reference's own definitions win).
REQUIRED: tuple[StyleDef, ...] = OWN_LOOK + (
    StyleDef("Lead", "paragraph", "Normal",
             '<w:pPr><w:spacing w:after="200"/></w:pPr>'
             '<w:rPr><w:color w:val="404040"/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr>', "Normal"),
    StyleDef("Small", "paragraph", "Normal",
             '<w:pPr><w:spacing w:after="40"/></w:pPr>'
             f'<w:rPr><w:color w:val="{GREY}"/><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr>'),
    StyleDef("Marking", "paragraph", "Normal",
             '<w:pPr><w:spacing w:after="120"/></w:pPr>'
             f'<w:rPr><w:b/><w:bCs/><w:caps/><w:color w:val="{MARKING_COLOR}"/><w:sz w:val="18"/>'
             '<w:szCs w:val="18"/></w:rPr>'),
    StyleDef("Callout", "paragraph", "Normal", '<w:pPr><w:spacing w:before="0" w:after="80"/></w:pPr>'),
    StyleDef("Callout Title", "paragraph", "Callout",
             '<w:pPr><w:keepNext/></w:pPr>'
             f'<w:rPr><w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>',
             "Callout"),
    StyleDef("Figure", "paragraph", "Normal",
             '<w:pPr><w:keepNext/><w:spacing w:before="120" w:after="0"/></w:pPr>'),
    StyleDef("Source", "paragraph", "Small", '<w:pPr><w:spacing w:after="200"/></w:pPr><w:rPr><w:i/></w:rPr>'),
    StyleDef("Table Text", "paragraph", "Normal",
             '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
             '<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'),
    StyleDef("header", "paragraph", "Normal", _SMALL_TIGHT),
    StyleDef("footer", "paragraph", "Normal", _SMALL_TIGHT),
    StyleDef("footnote text", "paragraph", "Normal", _SMALL_TIGHT),
    StyleDef("footnote reference", "character", "Default Paragraph Font",
             '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'),
    StyleDef("Hyperlink", "character", "Default Paragraph Font",
             '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>'),
    _list_style("List Bullet"), _list_style("List Bullet 2"),
    _list_style("List Bullet 3"), _list_style("List Number"),
    _list_style("List Number 2"), _list_style("List Number 3"),
    _continue_style("List Continue", 1), _continue_style("List Continue 2", 2),
    _continue_style("List Continue 3", 3),
    StyleDef("Data Table", "table", "Normal Table",
             '<w:tblPr><w:tblBorders>'
             f'<w:top w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/>'
             f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/>'
             '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>'
             f"</w:tblBorders>{_CELL_MARGINS}</w:tblPr>"
             '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr>'
             f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{NAVY}"/></w:tcPr></w:tblStylePr>'),
    StyleDef("Key Figures", "table", "Normal Table",
             '<w:tblPr><w:tblBorders>'
             f'<w:top w:val="single" w:sz="18" w:space="0" w:color="{ACCENT}"/>'
             '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="FFFFFF"/>'
             f"</w:tblBorders>{_CELL_MARGINS}</w:tblPr>"
             '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="DEEAF6"/></w:tcPr>'
             f'<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="{NAVY}"/></w:rPr>'
             '</w:tblStylePr>'
             f'<w:tblStylePr w:type="lastCol"><w:rPr><w:b/><w:bCs/><w:color w:val="{NAVY}"/>'
             '<w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:tblStylePr>'),
    StyleDef("Callout Box", "table", "Normal Table",
             '<w:tblPr><w:tblBorders>'
             + "".join(f'<w:{side} w:val="single" w:sz="8" w:space="0" w:color="{ACCENT}"/>'
                       for side in ("top", "left", "bottom", "right"))
             + '</w:tblBorders><w:tblCellMar><w:top w:w="120" w:type="dxa"/>'
             '<w:left w:w="160" w:type="dxa"/><w:bottom w:w="60" w:type="dxa"/>'
             '<w:right w:w="160" w:type="dxa"/></w:tblCellMar></w:tblPr>'
             '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="EAF1FB"/></w:tcPr>'),
)
