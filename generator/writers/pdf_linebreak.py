"""Chinese line breaking for the PDF writer.

reportlab's own CJK wrapping (``wordWrap='CJK'``) breaks between any two characters and only knows a
Japanese list of characters that may not start a line: its lines start with ，；：！？》” and end with 《（“,
and it splits "69.5" or "BRI" across lines. This module breaks lines by the Chinese rules instead:

- no line starts with closing punctuation (，。、；：！？）》” …), no line ends with opening punctuation (（《“ …);
- runs of Latin letters, Cyrillic, digits and number punctuation ("69.5", "BRI", "2016", "2.2%") are not split;
- otherwise a line may break between any two characters, and after a space.

Paragraph styles of Chinese briefs set ``wordWrap='CJK'``, so reportlab calls ``breakLinesCJK``; :func:`install`
points that method at :func:`break_lines_cjk`. No other style sets ``wordWrap='CJK'``, so nothing else changes.
"""
from __future__ import annotations

from typing import Any

# Characters that may not begin a line (closing and middle punctuation, Chinese and Western).
NO_START = frozenset("，。、；：！？）》〉」』】〕〗〙〛”’…‥—～·・％‰℃,.;:!?)]}%»›¢°′″")
# Characters that may not end a line (opening punctuation, currency signs).
NO_END = frozenset("（《〈「『【〔〖〘〚“‘([{«‹$¥￥£€")
# Inside a run of these, between two of them, no break: Latin and Cyrillic words, numbers like 69.5 or 1,256.
_JOINERS = frozenset(".,%‰-−+/'’_:·")


def _wordlike(char: str) -> bool:
    """A character of a Latin, Cyrillic or numeric run (not a Chinese character, not a space)."""
    if len(char) != 1 or ord(char) >= 0x2E80:  # CJK scripts, punctuation and full-width forms
        return False
    return char.isalnum() or char in _JOINERS


def can_break_before(units: list[str], index: int) -> bool:
    """Whether a line may start at ``units[index]`` (the unit before it ending the previous line)."""
    before, after = units[index - 1], units[index]
    if not after or not before:  # an empty unit (an anchor) sticks to its neighbours
        return False
    if after.isspace():
        return False  # break after the space instead
    if getattr(getattr(after, "frag", None), "rise", 0) > 0:
        return False  # a note marker (superscript) stays with the word it marks
    if before.isspace():
        return True
    if after in NO_START or before in NO_END:
        return False
    return not (_wordlike(before) and _wordlike(after))


def split_units(units: list[Any], widths: list[float], max_widths: list[float],
                fuzz: float = 1e-6) -> list[tuple[int, int, bool]]:
    """Lines as (start, end, hard break) index ranges over ``units``: greedy, breaking only where allowed.
    ``units[i].frag`` having ``lineBreak`` ends a line there (a ``<br/>``)."""
    lines: list[tuple[int, int, bool]] = []
    count = len(units)
    start = index = 0
    used = 0.0
    while index < count:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        if hasattr(units[index].frag, "lineBreak"):
            lines.append((start, index + 1, True))
            start = index = index + 1
            used = 0.0
            continue
        if used + widths[index] > max_width + fuzz and index > start:
            end = index
            while end > start and not can_break_before(units, end):
                end -= 1
            if end == start:  # no break opportunity on the whole line: break where it overflows
                end = index
            lines.append((start, end, False))
            start = end
            while start < count and units[start].isspace():  # a new line does not start with a space
                start += 1
            index, used = start, 0.0
            continue
        used += widths[index]
        index += 1
    if start < count:
        lines.append((start, count, False))
    return lines


def break_lines_cjk(self: Any, maxWidths: Any) -> Any:  # noqa: N803 - reportlab's API
    """``Paragraph.breakLinesCJK`` with the Chinese rules (see the module docstring)."""
    from reportlab.platypus.paragraph import ParaLines, _handleBulletWidth, cjkU, makeCJKParaLine

    if not isinstance(maxWidths, (list, tuple)):
        maxWidths = [maxWidths]
    style = self.style
    self.height = 0
    _handleBulletWidth(self.bulletText, style, maxWidths)
    if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
        return self.blPara
    if not self.frags:
        return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName, textColor=style.textColor,
                         lines=[], ascent=style.fontSize, descent=-0.2 * style.fontSize)
    auto_leading = getattr(self, "autoLeading", None) or getattr(style, "autoLeading", "")
    calc_bounds = auto_leading not in ("", "off")
    units: list[Any] = []
    for frag in self.frags:
        text = frag.text.decode("utf8") if isinstance(frag.text, bytes) else frag.text
        units.extend(cjkU(ch, frag, "utf8") for ch in text) if text else units.append(cjkU("", frag, "utf8"))
    widths = [float(u.width.normalizedValue(maxWidths[0]) if hasattr(u.width, "normalizedValue") else u.width)
              for u in units]
    lines = []
    for number, (start, end, hard) in enumerate(split_units(units, widths, list(maxWidths))):
        max_width = maxWidths[min(number, len(maxWidths) - 1)]
        end_text = end
        while end_text > start and units[end_text - 1].isspace():  # trailing spaces take no room
            end_text -= 1
        used = sum(widths[start:end_text])
        lines.append(makeCJKParaLine(units[start:end], max_width, used, max_width - used, hard, calc_bounds))
    return ParaLines(kind=1, lines=lines)


def install() -> None:
    """Make reportlab's CJK wrapping (only Chinese briefs' styles use it) follow the Chinese rules."""
    from reportlab.platypus.paragraph import Paragraph

    Paragraph.breakLinesCJK = break_lines_cjk
