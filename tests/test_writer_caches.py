"""What a writer keeps between documents in one process (the DOCX writer's prepared styles, the PDF writer's
paragraph styles and object names) never changes a document's bytes: a document written after others, in other
languages and house styles, is the same as one written first."""
from __future__ import annotations

from dataclasses import replace

import pytest

from generator.model import GBT9704, Document, WriteOptions
from generator.writers import docx_styles, get_writer, pdf_objects, pdf_styles
from kitchen_sink import kitchen_sink


def _variants() -> list[Document]:
    doc = kitchen_sink()
    return [doc, replace(doc, meta=replace(doc.meta, language="zh-CN", title="黑龙江 中俄贸易")),
            replace(doc, meta=replace(doc.meta, language="ru")),
            replace(doc, meta=replace(doc.meta, language="zh-CN", style=GBT9704, title="中俄贸易"))]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_document_written_after_others_is_the_same_as_written_first(fmt):
    write = get_writer(fmt)
    docs = _variants()
    first = []
    for doc in docs:  # each written in a process whose caches hold nothing of the others
        docx_styles._PREPARED.clear()
        pdf_styles._styles.cache_clear()
        pdf_styles._gbt9704.cache_clear()
        pdf_objects._NAMES.clear()
        first.append(write(doc, WriteOptions()))
    for doc, expected in zip(reversed(docs), reversed(first)):  # now every cache is warm, in another order
        assert write(doc, WriteOptions()) == expected
    assert len(set(first)) == len(first)  # the variants do differ
