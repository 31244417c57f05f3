"""The structure tree's fast dictionaries and arrays write exactly the bytes reportlab's own classes write."""
from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFDocument, PDFName, PDFObjectReference, PDFString

from generator.writers.pdf_objects import FastArray, FastDict, Name

REFS = [f"SE{i}" for i in range(1, 30)]


def _document() -> PDFDocument:
    doc = PDFDocument(invariant=1)
    for name in REFS:
        doc.Reference(PDFDictionary({}), name)
    return doc


names = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x17F), min_size=1, max_size=8)
leaves = st.one_of(
    st.builds(Name, names), st.integers(0, 10**6), st.floats(-1000, 1000, allow_nan=False),
    st.sampled_from(REFS).map(PDFObjectReference), st.text(max_size=12).map(PDFString))
values = st.recursive(leaves, lambda inner: st.one_of(
    st.lists(inner, max_size=25).map(FastArray),
    st.dictionaries(names, inner, max_size=14).map(FastDict)), max_leaves=40)


def _reportlab(value: Any) -> Any:
    """The same value built from reportlab's classes."""
    if isinstance(value, Name):
        return PDFName(str(value))
    if isinstance(value, FastArray):
        return PDFArray([_reportlab(item) for item in value.sequence])
    if isinstance(value, FastDict):
        return PDFDictionary({key: _reportlab(item) for key, item in value.dict.items()})
    return value


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(names, values, max_size=14))
def test_a_fast_dictionary_writes_what_reportlab_writes(entries):
    doc = _document()
    fast = FastDict(entries)
    assert fast.format(doc) == _reportlab(fast).format(doc)


def test_long_arrays_and_dictionaries_break_lines_as_reportlab_does():
    doc = _document()
    array = FastArray([PDFObjectReference(name) for name in REFS] + list(range(12)) + [0.5, 1e-9, 123456.789])
    assert array.format(doc) == _reportlab(array).format(doc)
    assert array.format(doc).count(b"\n ") == 4
    entries = FastDict({f"K{i}": Name("StructElem") for i in range(13)})
    assert entries.format(doc) == _reportlab(entries).format(doc)
    assert entries.format(doc).count(b"\n ") == 2  # after the sixth and the twelfth entry
