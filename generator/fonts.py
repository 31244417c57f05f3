"""The bundled PDF fonts: Carlito (metric-compatible with Calibri; Latin, Greek, Cyrillic) and, for what
Carlito lacks, WenQuanYi Micro Hei (Chinese). One place knows which font draws which character.

Registration with reportlab happens lazily on first use, so importing this
module stays cheap for commands that never render a PDF.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

FAMILY = "Carlito"
FONT_DIR = Path(__file__).resolve().parent / "assets" / "fonts"

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

# The fallback: one face (it has no bold or italic; <b>/<i> inside it keep the regular face).
CJK = "WenQuanYiMicroHei"
CJK_FILE = "WenQuanYiMicroHei.ttf"


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Register the Carlito faces and family and the CJK fallback with reportlab (once); return the family name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, filename in FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)
    # reportlab subsets TrueType fonts on embedding and writes a ToUnicode map, so text copies out right.
    pdfmetrics.registerFont(TTFont(CJK, str(FONT_DIR / CJK_FILE)))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(CJK, bold, italic, CJK)
    return FAMILY


@lru_cache(maxsize=2)
def _cmap(filename: str) -> frozenset[int]:
    """Code points a font file maps to a glyph."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    face = TTFontFile(str(FONT_DIR / filename))
    return frozenset(code for code, glyph in face.charToGlyph.items() if glyph)


def _ignorable(char: str) -> bool:
    """Whitespace, control and format characters need no glyph of their own."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Cs")


def in_main(char: str) -> bool:
    """Whether Carlito draws ``char`` (or it needs no glyph)."""
    return _ignorable(char) or ord(char) in _cmap(FACES[REGULAR])


def drawable(char: str) -> bool:
    """Whether some bundled font draws ``char``."""
    return in_main(char) or ord(char) in _cmap(CJK_FILE)


def missing_glyphs(text: str) -> list[str]:
    """Distinct characters of ``text`` that no bundled font can draw, in order of appearance."""
    return [char for char in dict.fromkeys(text) if not drawable(char)]


def runs(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into runs: (True, run) for what Carlito draws, (False, run) for the fallback font's."""
    if all(in_main(char) for char in set(text)):  # the common case: no fallback needed
        return [(True, text)] if text else []
    out: list[tuple[bool, str]] = []
    for char in text:
        main = in_main(char) or not drawable(char)  # an undrawable character stays (the check reports it)
        if out and (out[-1][0] == main or _ignorable(char)):
            out[-1] = (out[-1][0], out[-1][1] + char)
        else:
            out.append((main, char))
    return out


def face_for(text: str, face: str) -> str:
    """``face``, or the fallback face when Carlito cannot draw all of ``text`` (for strings drawn in one font:
    page headers, chart labels)."""
    return face if all(in_main(ch) or not drawable(ch) for ch in text) else CJK
