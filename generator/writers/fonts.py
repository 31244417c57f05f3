"""The bundled PDF fonts: Carlito (metric-compatible with Calibri; Latin, Greek, Cyrillic) and, for what
Carlito lacks, two Chinese faces: AR PL SungtiL GB (a Song face, for Chinese body text, as Chinese official
documents set it) and WenQuanYi Micro Hei (a Hei face: Chinese headings and bold, and the characters beyond
GB 2312 that the Song face lacks). One place knows which font draws which character.

Nothing here parses a font with reportlab until a PDF draws with it: which characters a font has is read
from its ``cmap`` table alone (:mod:`generator.writers.font_cmap`), once per process, and the Chinese faces are
registered with reportlab only when a document holds a character that needs them, so an English brief never
loads their 10 MB.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from generator.writers.font_cmap import code_points

FAMILY = "Carlito"
FONT_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"

# reportlab font name -> file; the family mapping makes <b>/<i> pick these faces.
FACES: dict[str, str] = {
    "Carlito": "Carlito-Regular.ttf",
    "Carlito-Bold": "Carlito-Bold.ttf",
    "Carlito-Italic": "Carlito-Italic.ttf",
    "Carlito-BoldItalic": "Carlito-BoldItalic.ttf",
}

REGULAR = "Carlito"
BOLD = "Carlito-Bold"
ITALIC = "Carlito-Italic"
BOLD_ITALIC = "Carlito-BoldItalic"

# The Chinese faces (neither has bold or italic: bold Chinese is the Hei face, as Chinese typesetting does).
SONG = "ARPLSungtiLGB"
HEI = "WenQuanYiMicroHei"
CJK_FACES: dict[str, str] = {SONG: "ARPLSungtiLGB.ttf", HEI: "WenQuanYiMicroHei.ttf"}
# Each Chinese face is also a reportlab family: its (bold, italic) variants. Song's bold is Hei.
CJK_FAMILIES: dict[str, dict[tuple[int, int], str]] = {
    SONG: {(0, 0): SONG, (0, 1): SONG, (1, 0): HEI, (1, 1): HEI},
    HEI: {(0, 0): HEI, (0, 1): HEI, (1, 0): HEI, (1, 1): HEI},
}
# The fonts' names as messages show them.
BUNDLED = "Carlito, AR PL SungtiL GB, WenQuanYi Micro Hei"


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Register the Carlito faces and family with reportlab (once); return the family name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, filename in FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)
    return FAMILY


@lru_cache(maxsize=1)
def register_cjk() -> None:
    """Register the Chinese faces and their families with reportlab (once, when a document first needs them).
    reportlab subsets TrueType fonts on embedding and writes a ToUnicode map, so text copies out right."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, filename in CJK_FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    for family, variants in CJK_FAMILIES.items():  # Hei's own family last, and each face's regular mapping
        for (bold, italic), face in sorted(variants.items(), reverse=True):  # last: what its name reads back as
            addMapping(family, bold, italic, face)


@lru_cache(maxsize=None)
def _cmap(filename: str) -> frozenset[int]:
    """Code points a bundled font file maps to a glyph (read from its cmap table only)."""
    return code_points(FONT_DIR / filename)


def _ignorable(char: str) -> bool:
    """Whitespace, control and format characters need no glyph of their own."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Cs")


@lru_cache(maxsize=1)
def _main_chars() -> frozenset[str]:
    """The characters Carlito draws, as strings: a paragraph's characters are checked against it in one set
    operation, not one call per character."""
    return frozenset(map(chr, _cmap(FACES[REGULAR])))


def in_main(char: str) -> bool:
    """Whether Carlito draws ``char`` (or it needs no glyph)."""
    return _ignorable(char) or ord(char) in _cmap(FACES[REGULAR])


def _cjk_family(char: str) -> str | None:
    """The Chinese family that draws ``char`` (Song where it can, Hei for the rest), or None."""
    code = ord(char)
    if code in _cmap(CJK_FACES[SONG]):
        return SONG
    if code in _cmap(CJK_FACES[HEI]):
        return HEI
    return None


def drawable(char: str) -> bool:
    """Whether some bundled font draws ``char``."""
    return in_main(char) or _cjk_family(char) is not None


def missing_glyphs(text: str) -> list[str]:
    """Distinct characters of ``text`` that no bundled font can draw, in order of appearance."""
    return [char for char in dict.fromkeys(text) if not drawable(char)]


def is_chinese(lang: str) -> bool:
    """Whether ``lang`` (BCP 47: zh, zh-Hans, zh-CN …) is Chinese: both writers set its marks and titles alike."""
    return lang.replace("_", "-").split("-")[0].lower() == "zh"


# Quotation marks both Carlito and the Chinese faces draw. Chinese sets them full-width, in its own face: in a
# Chinese document a mark beside Chinese text (either side: “BRI”框架 too) takes the Chinese family.
QUOTES = frozenset("\u2018\u2019\u201c\u201d")  # ‘ ’ “ ”


def _families(text: str, chinese: bool) -> list[str]:
    """The family of each character of ``text`` ("" for Carlito); with ``chinese``, quotation marks take the
    Chinese family of the nearest other character on either side (two passes: linear in any text)."""
    own = ["" if in_main(char) else (_cjk_family(char) or "") for char in text]
    if not chinese or QUOTES.isdisjoint(text):
        return own
    before, last = [""] * len(text), ""
    for i, char in enumerate(text):
        before[i] = last
        last = last if char in QUOTES else own[i]
    out, last = list(own), ""
    for i in range(len(text) - 1, -1, -1):
        if text[i] in QUOTES:
            out[i] = before[i] or last
        else:
            last = own[i]
    return out


def runs(text: str, chinese: bool = False) -> list[tuple[str, str]]:
    """``text`` cut into runs, each with the family that draws it: "" for Carlito (the main font), else a key
    of :data:`CJK_FAMILIES`; ``chinese`` for text of a Chinese document (its quotation marks). A character no
    font draws stays in the main run (the font check reports it)."""
    if all(map(_ignorable, set(text).difference(_main_chars()))):  # the common case: no fallback needed
        return [("", text)] if text else []
    out: list[tuple[str, str]] = []
    start, current = 0, ""
    for at, (char, family) in enumerate(zip(text, _families(text, chinese))):
        if at and family != current and not _ignorable(char):  # a run ends: sliced, never grown a character
            out.append((current, text[start:at]))  # at a time (that was quadratic in a long paragraph)
            start = at
        if at == start:
            current = family
    out.append((current, text[start:]))
    return out


def face_for(text: str, face: str) -> str:
    """``face``, or the Chinese face when Carlito cannot draw all of ``text`` (for strings drawn in one font:
    page headers, chart labels): Hei for a bold ``face`` or what Song lacks, else Song. Registers it."""
    families = {family for family, _ in runs(text)} - {""}
    if not families:
        return face
    register_cjk()
    bold = face in (BOLD, BOLD_ITALIC)
    return HEI if bold or HEI in families else SONG
