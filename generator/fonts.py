"""The bundled Carlito font family (metric-compatible with Calibri).

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
def _regular_cmap() -> frozenset[int]:
    """Code points the regular face maps to a glyph."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    face = TTFontFile(str(FONT_DIR / FACES[REGULAR]))
    return frozenset(code for code, glyph in face.charToGlyph.items() if glyph)


def _ignorable(char: str) -> bool:
    """Whitespace, control and format characters need no glyph of their own."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Cs")


def missing_glyphs(text: str) -> list[str]:
    """Distinct characters of ``text`` that Carlito's regular face cannot draw, in order of appearance."""
    cmap = _regular_cmap()
    missing: dict[str, None] = {}
    for char in text:
        if char not in missing and not _ignorable(char) and ord(char) not in cmap:
            missing[char] = None
    return list(missing)
