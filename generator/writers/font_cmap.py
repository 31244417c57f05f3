"""Which characters a TrueType/OpenType font maps to a glyph, read from its ``cmap`` table and nothing else.

Checking text against the bundled fonts needs only this, and reading one table with ``struct`` takes a few
milliseconds where parsing the whole font (reportlab's ``TTFontFile``, fontTools) takes tenths of a second
for a Chinese font. Formats 4 (the Basic Multilingual Plane) and 12 (all of Unicode) are read: every
Unicode cmap of a font in use has one of them. Only for the bundled, trusted fonts.
"""
from __future__ import annotations

import struct
from pathlib import Path

# (platform, encoding) of Unicode subtables, best first: full Unicode before the BMP.
_PREFERENCE = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


class FontFormatError(ValueError):
    """The file is not a font with a Unicode cmap of format 4 or 12."""


def _table(file: Path, tag: bytes) -> bytes:
    """The bytes of one table of a TrueType/OpenType font (not a collection)."""
    with open(file, "rb") as handle:
        header = handle.read(12)
        if len(header) < 12:
            raise FontFormatError(f"{file}: not a font")
        (count,) = struct.unpack(">H", header[4:6])
        directory = handle.read(16 * count)
        for entry in range(count):
            name, _checksum, offset, length = struct.unpack_from(">4sLLL", directory, 16 * entry)
            if name == tag:
                handle.seek(offset)
                return handle.read(length)
    raise FontFormatError(f"{file}: no {tag.decode()} table")


def _format4(data: bytes, at: int) -> set[int]:
    """Code points of a format 4 subtable (segments of the BMP) that map to a glyph other than 0."""
    (seg_x2,) = struct.unpack_from(">H", data, at + 6)
    count = seg_x2 // 2
    ends = struct.unpack_from(f">{count}H", data, at + 14)
    starts = struct.unpack_from(f">{count}H", data, at + 16 + seg_x2)
    deltas = struct.unpack_from(f">{count}h", data, at + 16 + 2 * seg_x2)
    range_at = at + 16 + 3 * seg_x2
    offsets = struct.unpack_from(f">{count}H", data, range_at)
    out: set[int] = set()
    for seg in range(count):
        start, end, delta, offset = starts[seg], ends[seg], deltas[seg], offsets[seg]
        if start > end or start == 0xFFFF:
            continue
        if offset == 0:
            # glyph = (code + delta) mod 65536: 0 (.notdef) for at most one code of the segment
            missing = (-delta) & 0xFFFF
            out.update(code for code in range(start, end + 1) if code != missing)
            continue
        glyphs_at = range_at + 2 * seg + offset
        glyphs = struct.unpack_from(f">{end - start + 1}H", data, glyphs_at)
        out.update(start + index for index, glyph in enumerate(glyphs) if glyph and (glyph + delta) & 0xFFFF)
    return out


def _format12(data: bytes, at: int) -> set[int]:
    """Code points of a format 12 subtable (groups of consecutive codes and glyphs)."""
    (groups,) = struct.unpack_from(">L", data, at + 12)
    out: set[int] = set()
    for group in range(groups):
        start, end, glyph = struct.unpack_from(">LLL", data, at + 16 + 12 * group)
        out.update(range(start + (glyph == 0), end + 1))
    return out


def code_points(file: Path) -> frozenset[int]:
    """The code points ``file`` maps to a real glyph (not .notdef), from its best Unicode cmap subtable."""
    data = _table(file, b"cmap")
    (count,) = struct.unpack_from(">H", data, 2)
    subtables: dict[tuple[int, int], int] = {}
    for entry in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", data, 4 + 8 * entry)
        subtables.setdefault((platform, encoding), offset)
    for key in _PREFERENCE:
        if key in subtables:
            at = subtables[key]
            (form,) = struct.unpack_from(">H", data, at)
            if form == 12:
                return frozenset(_format12(data, at))
            if form == 4:
                return frozenset(_format4(data, at))
    raise FontFormatError(f"{file}: no Unicode cmap of format 4 or 12")
