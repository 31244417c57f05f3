"""PDF dictionaries and arrays for the structure tree, written straight to bytes.

A tagged brief has hundreds of structure elements, and reportlab's ``PDFDictionary`` formats each value
through a generic dispatch and a character-map codec: the elements took a tenth of the PDF writer's time.
:class:`FastDict` and :class:`FastArray` write the same bytes as reportlab's classes (keys sorted, a line
break after every sixth entry or tenth item, as ``rl_config.pdfMultiLine = 0`` has them) for the values
the tree holds — names, numbers, references, and these two — and hand anything else to reportlab.
"""
from __future__ import annotations

from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFObject, PDFObjectReference

_NAMES: dict[str, bytes] = {}  # a key or name -> its bytes (PDFName, encoded): a tree uses a few dozen


def _name(text: str) -> bytes:
    encoded = _NAMES.get(text)
    if encoded is None:
        encoded = _NAMES[text] = pdfdoc.format(pdfdoc.PDFName(text), None)
    return encoded


class Name(str):
    """A PDF name, by its text (``Name("P")`` is ``/P``): written as ``PDFName`` has it, without its codec."""


def _value(value: Any, document: Any) -> bytes:
    kind = value.__class__
    if kind is PDFObjectReference:
        return b"%d %d R" % document.idToObjectNumberAndVersion[value.name]
    if kind is Name:
        return _name(value)
    if kind is int or kind is float:
        return fp_str(value).encode("ascii")
    if kind is FastDict or kind is FastArray:
        return value.format(document)
    return pdfdoc.format(value, document)


class FastDict(PDFObject):
    """A dictionary written as ``PDFDictionary`` writes it."""

    def __init__(self, entries: dict[str, Any]) -> None:
        self.dict = entries

    def __setitem__(self, key: str, value: Any) -> None:
        self.dict[key] = value

    def format(self, document: Any) -> bytes:
        if rl_config.pdfMultiLine:  # reportlab's other layout: let it write that
            return PDFDictionary(self.dict).format(document)
        entries = [_name(key) + b" " + _value(self.dict[key], document) for key in sorted(self.dict)]
        for at in reversed(range(6, len(entries), 6)):
            entries.insert(at, b"\n ")
        return b"<<\n" + b" ".join(entries) + b"\n>>"


class FastArray(PDFObject):
    """An array written as ``PDFArray`` writes it."""

    def __init__(self, items: list[Any]) -> None:
        self.sequence = items

    def format(self, document: Any) -> bytes:
        if rl_config.pdfMultiLine:
            return PDFArray(self.sequence).format(document)
        items = [_value(item, document) for item in self.sequence]
        if len(items) > 10:
            for at in reversed(range(10, len(items), 10)):
                items.insert(at, b"\n ")
        return b"[ " + b" ".join(items) + b" ]"
