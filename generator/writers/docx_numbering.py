"""List numbering for the DOCX writer: one bullet and one decimal definition, a fresh instance per list.

A list item's second and later paragraphs stay inside the list: they are numbered paragraphs of the
item's instance one level down, a level each instance redefines as unnumbered and aligned with the
item's text. Word, LibreOffice and converters such as mammoth then see one list whose numbering runs
on, where an unnumbered paragraph would end the list and restart the count after it.
"""
from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

_BULLETS = ("\u2022", "\u2013", "\u25aa")
_NUMBER_FORMATS = (("decimal", "%{n}."), ("lowerLetter", "%{n})"), ("lowerRoman", "%{n}."))
_INDENT_STEP = 357  # twips, about 0.63 cm as in Word's own list styles
_LEVELS = 9


def _level_xml(level: int, numbered: bool) -> str:
    if numbered:
        fmt, text = _NUMBER_FORMATS[level % len(_NUMBER_FORMATS)]
        text = text.format(n=level + 1)
        run = ""
    else:
        fmt, text = "bullet", _BULLETS[level % len(_BULLETS)]
        run = '<w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/></w:rPr>'
    left = _INDENT_STEP * (level + 1)
    return (f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="{_INDENT_STEP}"/></w:pPr>{run}</w:lvl>')


def _continuation_level_xml(level: int) -> str:
    """Level ``level`` without number or bullet, indented like the text of the level above it."""
    return (f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="none"/><w:lvlText w:val=""/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{_INDENT_STEP * level}" w:hanging="0"/></w:pPr>'
            '</w:lvl>')


def continuation_level(level: int) -> int | None:
    """The level continuation paragraphs of an item at ``level`` use (None past the last level)."""
    return level + 1 if level + 1 < _LEVELS else None


def _abstract_xml(abstract_id: int, numbered: bool) -> str:
    # nsid must be stable for reproducible bytes; derive it from the ID.
    nsid = f"{0x5B1E0000 + abstract_id * 2 + int(numbered):08X}"
    levels = "".join(_level_xml(level, numbered) for level in range(_LEVELS))
    return (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:nsid w:val="{nsid}"/><w:multiLevelType w:val="hybridMultilevel"/>{levels}'
            "</w:abstractNum>")


class ListNumbering:
    """Adds our list definitions to a numbering part and hands out one ``w:num`` per list."""

    def __init__(self, numbering_root: etree._Element) -> None:
        self._root = numbering_root
        abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering_root.iter(qn("w:abstractNum"))]
        num_ids = [int(n.get(qn("w:numId"))) for n in numbering_root.iter(qn("w:num"))]
        self._next_num_id = max(num_ids, default=0) + 1
        first_abstract = max(abstract_ids, default=-1) + 1
        self._abstract = {False: first_abstract, True: first_abstract + 1}
        self._added = False

    def _add_abstracts(self) -> None:
        # Schema order: all w:abstractNum before the first w:num.
        first_num = self._root.find(qn("w:num"))
        for numbered in (False, True):
            element = parse_xml(_abstract_xml(self._abstract[numbered], numbered))
            if first_num is not None:
                first_num.addprevious(element)
            else:
                self._root.append(element)
        self._added = True

    def new_list(self, numbered: bool, level: int, start: int = 1) -> int:
        """A new numbering instance (``numId``) whose ``level`` starts at ``start``.

        Word continues numbering across instances of one abstract definition unless
        each instance overrides the start, so every list gets a ``w:startOverride``.
        """
        if not self._added:
            self._add_abstracts()
        num_id = self._next_num_id
        self._next_num_id += 1
        below = continuation_level(level)
        continuation = ("" if below is None else
                        f'<w:lvlOverride w:ilvl="{below}">{_continuation_level_xml(below)}</w:lvlOverride>')
        self._root.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{self._abstract[numbered]}"/>'
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{max(start, 0)}"/></w:lvlOverride>'
            f"{continuation}</w:num>"))
        return num_id
