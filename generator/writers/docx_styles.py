"""Style set-up for the DOCX writer: find styles by name, add the missing ones, set our look."""
from __future__ import annotations

import re
from copy import deepcopy

from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from generator.writers import docx_house
from generator.writers.docx_style_defs import FONT, OWN_LOOK, REQUIRED, StyleDef
from generator.writers.docx_xml import clean

# Only these table styles survive from python-docx's template; Word re-creates
# the other built-in table styles on demand, and they bloat styles.xml.
_KEPT_TABLE_STYLES = {"normal table", "table grid"}


class StyleIds:
    """Maps style names (case-insensitive, as Word compares them) to style IDs of one styles part."""

    def __init__(self, styles_root: etree._Element) -> None:
        self._root = styles_root
        self._ids: dict[str, str] = {}
        for style in styles_root.iter(qn("w:style")):
            name = style.find(qn("w:name"))
            if name is not None:
                self._ids.setdefault(name.get(qn("w:val"), "").lower(), style.get(qn("w:styleId")))

    def get(self, name: str) -> str | None:
        """The ID of style ``name``, or None when the document does not define it."""
        return self._ids.get(name.lower())

    def __getitem__(self, name: str) -> str:
        style_id = self.get(name)
        if style_id is None:
            raise KeyError(name)
        return style_id

    def add(self, definition: StyleDef) -> str:
        """Append ``definition`` to the styles part and return its new, unique ID."""
        style_id = self._free_id(definition.name)
        self._root.append(parse_xml(_style_xml(definition, style_id, self)))
        self._ids[definition.name.lower()] = style_id
        return style_id

    def _free_id(self, name: str) -> str:
        base = re.sub(r"[^A-Za-z0-9]", "", name.title()) or "Style"
        taken = {sid for sid in self._ids.values()}
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}{n}"
        return candidate


def _style_xml(definition: StyleDef, style_id: str, ids: StyleIds) -> str:
    """The ``w:style`` XML of ``definition`` with parent and next styles resolved to IDs."""
    head = f'<w:name w:val="{definition.name}"/>'
    for tag, ref in (("basedOn", definition.based_on), ("next", definition.next_name)):
        ref_id = ids.get(ref) if ref else None
        if ref_id:
            head += f'<w:{tag} w:val="{ref_id}"/>'
    head += '<w:uiPriority w:val="20"/><w:qFormat/>'
    return (f'<w:style {nsdecls("w")} w:type="{definition.kind}" w:styleId="{style_id}">'
            f"{head}{definition.body}</w:style>")


def _set_own_look(ids: StyleIds, definition: StyleDef) -> None:
    """Replace the paragraph and run properties of an existing built-in style with ours."""
    style = ids._root.find(f'{qn("w:style")}[@{qn("w:styleId")}="{ids[definition.name]}"]')
    for tag in ("w:pPr", "w:rPr"):
        for old in style.findall(qn(tag)):
            style.remove(old)
    fragment = parse_xml(f'<w:style {nsdecls("w")}>{definition.body}</w:style>')
    for child in list(fragment):
        style.append(child)


# East Asian languages: Word's language tag, the body font and the font of headings and titles.
# Simplified Chinese as the PDF sets it: a Song body and Hei headings, named as the faces the PDF embeds, which
# LibreOffice renders where the Debian packages fonts-arphic-gbsn00lp and fonts-wqy-microhei are installed
# (it maps the Windows names SimSun and SimHei to WenQuanYi Micro Hei, so those would print all in Hei); Word
# without them uses its own font for zh-CN. The others: a font every Windows Word has, for body and headings.
EAST_ASIAN = {"zh": ("zh-CN", "AR PL SungtiL GB", "WenQuanYi Micro Hei"),
              "zh-hant": ("zh-TW", "Microsoft JhengHei", "Microsoft JhengHei"),
              "ja": ("ja-JP", "Yu Gothic", "Yu Gothic"), "ko": ("ko-KR", "Malgun Gothic", "Malgun Gothic")}
# What Word on a machine without a named font looks for instead (its font table's w:altName), and the
# character set that says the font is Chinese (86: GB 2312).
ALTERNATES = {"AR PL SungtiL GB": ("宋体", "86"), "WenQuanYi Micro Hei": ("黑体", "86")}
# The styles drawn in the heading font (in Chinese typesetting bold text is another face, not a thicker one).
HEADING_FONT_STYLES = ("Title", "heading 1", "heading 2", "heading 3", "caption", "Callout Title", "Marking")


def east_asian(language: str) -> tuple[str, str, str] | None:
    """Word's language tag, body font and heading font for an East Asian ``language`` (BCP 47), else None."""
    subtags = clean(language).replace("_", "-").lower().split("-")
    traditional = subtags[0] == "zh" and bool({"hant", "tw", "hk", "mo"} & set(subtags[1:]))
    return EAST_ASIAN.get("zh-hant" if traditional else subtags[0])


def _set_doc_defaults(styles_root: etree._Element, language: str, own_look: bool) -> None:
    """Set the proofing language (and, for our template, the default font) in ``w:docDefaults``."""
    defaults = styles_root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f"<w:docDefaults {nsdecls('w')}/>")
        styles_root.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = parse_xml(f"<w:rPrDefault {nsdecls('w')}/>")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
        rpr_default.append(rpr)
    if own_look:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            rpr.remove(fonts)
        # Explicit fonts: theme font attributes would override w:ascii.
        rpr.insert(0, parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{FONT}" w:hAnsi="{FONT}" '
                                f'w:cs="{FONT}" w:eastAsiaTheme="minorEastAsia"/>'))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
        rpr.append(lang)  # w:lang is the last child of w:rPr we ever write here
    lang.set(qn("w:val"), clean(language) or "en")
    found = east_asian(language)
    if found:  # Chinese (Japanese, Korean): Word's East Asian language and font, not the theme's
        word_lang, font, _heading_font = found
        lang.set(qn("w:val"), word_lang)
        lang.set(qn("w:eastAsia"), word_lang)
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
            rpr.insert(0, fonts)
        fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
        fonts.set(qn("w:eastAsia"), font)


def _set_heading_fonts(ids: StyleIds, language: str, names: tuple[str, ...]) -> None:
    """Give the heading styles ``names`` the language's heading font for East Asian text (Hei for Chinese)."""
    found = east_asian(language)
    if not found or found[1] == found[2]:
        return
    for name in names:
        style = ids._root.find(f'{qn("w:style")}[@{qn("w:styleId")}="{ids[name]}"]')
        rpr = style.find(qn("w:rPr"))
        if rpr is None:
            rpr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
            style.append(rpr)
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
            rpr.insert(0, fonts)
        fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
        fonts.set(qn("w:eastAsia"), found[2])


def declare_fonts(document: WordDocument, language: str) -> None:
    """Name the East Asian fonts of ``language`` in the package's font table, each with its Windows alternate
    (宋体, 黑体), so Word without the bundled faces substitutes a font of the same kind."""
    found = east_asian(language)
    table = next((rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable")),
                 None)
    if not found or table is None:
        return
    root = etree.fromstring(table.blob)
    named = {font.get(qn("w:name")) for font in root.iter(qn("w:font"))}
    for name in dict.fromkeys(found[1:]):
        if name in named or name not in ALTERNATES:
            continue
        alternate, charset = ALTERNATES[name]
        root.append(parse_xml(f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternate}"/>'
                              f'<w:charset w:val="{charset}"/><w:family w:val="auto"/><w:pitch w:val="variable"/>'
                              "</w:font>"))
    table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _prune_table_styles(styles_root: etree._Element) -> None:
    for style in list(styles_root.iter(qn("w:style"))):
        name = style.find(qn("w:name"))
        if style.get(qn("w:type")) == "table" and name is not None \
                and name.get(qn("w:val"), "").lower() not in _KEPT_TABLE_STYLES:
            styles_root.remove(style)


# Pieces of w:pPr that come after w:ind in the schema's order (w:ind goes before the first of them).
_AFTER_IND = ("contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
              "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
# Paragraph styles that take neither the body's first-line indent of the GB/T 9704 style nor its fixed line
# height (a chart in a 29 pt line would be cut), and list styles, which keep the line height.
_UNINDENTED = ("header", "footer", "footnote text", "Table Text", "Small", "Source", "Figure", "caption", "Callout",
               "Callout Title", "Marking")
_LISTS = ("List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2", "List Number 3",
          "List Continue", "List Continue 2", "List Continue 3")


def _no_first_line_indent(ids: StyleIds, name: str, single: bool) -> None:
    """Set style ``name``'s first-line indent to none (it would inherit the body's); with ``single`` its line
    height to single unless it sets one."""
    style = ids._root.find(f'{qn("w:style")}[@{qn("w:styleId")}="{ids[name]}"]')
    ppr = style.find(qn("w:pPr"))
    if ppr is None:
        ppr = parse_xml(f"<w:pPr {nsdecls('w')}/>")
        name_el = style.find(qn("w:rPr"))
        if name_el is not None:
            name_el.addprevious(ppr)
        else:
            style.append(ppr)
    spacing = ppr.find(qn("w:spacing"))
    if single and spacing is None:
        spacing = parse_xml(f"<w:spacing {nsdecls('w')}/>")
        later = next((child for child in ppr if etree.QName(child).localname in ("ind", *_AFTER_IND)), None)
        if later is not None:
            later.addprevious(spacing)
        else:
            ppr.append(spacing)
    if single and spacing.get(qn("w:line")) is None:
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")
    for old in ppr.findall(qn("w:ind")):
        ppr.remove(old)
    ind = parse_xml(f'<w:ind {nsdecls("w")} w:firstLineChars="0" w:firstLine="0"/>')
    later = next((child for child in ppr if etree.QName(child).localname in _AFTER_IND), None)
    if later is not None:
        later.addprevious(ind)
    else:
        ppr.append(ind)


def _set_house_look(ids: StyleIds, house: str) -> tuple[str, ...]:
    """Restyle for house style ``house`` (GB/T 9704); the styles whose East Asian text is in the heading face."""
    if house != docx_house.GBT9704:
        return HEADING_FONT_STYLES
    if ids.get(docx_house.ISSUER.name) is None:
        ids.add(docx_house.ISSUER)
    for definition in docx_house.LOOK:
        _set_own_look(ids, definition)
    for name in (*_UNINDENTED, *_LISTS):
        _no_first_line_indent(ids, name, name in _UNINDENTED)
    return docx_house.HEADING_FONT_STYLES


def prepare_styles(styles_root: etree._Element, language: str, own_look: bool, house: str = "") -> StyleIds:
    """Make every style the writer uses exist; with ``own_look`` also restyle python-docx's template; in house
    style ``house`` ("" or "gbt9704") restyle for it."""
    if own_look:
        _prune_table_styles(styles_root)
    _set_doc_defaults(styles_root, language, own_look)
    ids = StyleIds(styles_root)
    for definition in REQUIRED:
        if ids.get(definition.name) is None:
            ids.add(definition)
    if own_look:
        for definition in OWN_LOOK:
            _set_own_look(ids, definition)
    _set_heading_fonts(ids, language, _set_house_look(ids, house))
    return ids


# (language, house style) -> the styles part of the writer's own template once prepared for them: the same
# every time, so made once per process and copied (pruning python-docx's table styles alone took 5 ms a brief).
_PREPARED: dict[tuple[str, str], etree._Element] = {}
_PREPARED_MAX = 16


def prepared_styles(styles_root: etree._Element, language: str, own_look: bool, house: str = "") -> StyleIds:
    """:func:`prepare_styles`; on the writer's own template (``own_look``) its result is copied in when this
    process has made it before."""
    if not own_look:
        return prepare_styles(styles_root, language, own_look, house)
    made = _PREPARED.get((language, house))
    if made is None:
        ids = prepare_styles(styles_root, language, own_look, house)
        if len(_PREPARED) >= _PREPARED_MAX:
            _PREPARED.clear()
        _PREPARED[(language, house)] = deepcopy(styles_root)
        return ids
    styles_root[:] = list(deepcopy(made))
    return StyleIds(styles_root)
