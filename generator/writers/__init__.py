"""The writer registry: one row per output format, declaring what the format can do.

A writer is a function ``write(doc: Document, options: WriteOptions) -> bytes``.
Modules are imported only when their format is built, so python-docx and
reportlab stay off the start-up path of ``brief check`` and ``brief list``.
The build asks the spec, never the format's name, whether page budgets apply
(``count_pages``) or the bundled font must cover every character (``checks_glyphs``).
New writers derive from :class:`generator.writers.visitor.Visitor`, whose unknown
block or inline raises, and report what they work around with ``Visitor.warn`` (into ``options.warnings``).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from importlib import import_module
from typing import Callable, Optional

from generator.model import Document, WriteOptions


_PAGES_DICT = re.compile(rb"<<((?:(?!<<|>>).)*?/Type\s*/Pages\b(?:(?!<<|>>).)*)>>", re.DOTALL)
_PAGE_TYPE = re.compile(rb"/Type\s*/Page\b(?!s)")
_COUNT = re.compile(rb"/Count\s+([0-9]+)")


def pdf_page_count(data: bytes) -> int:
    """Pages of a PDF. reportlab writes one flat, uncompressed page tree, whose /Count agrees with the
    number of page objects: read it directly (pypdf costs 0.1 s to import); anything else asks pypdf."""
    trees = _PAGES_DICT.findall(data)
    counts = _COUNT.findall(trees[0]) if len(trees) == 1 else []
    if len(counts) == 1 and int(counts[0]) == len(_PAGE_TYPE.findall(data)):
        return int(counts[0])
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


@dataclass(frozen=True)
class WriterSpec:
    """Where a format's writer lives and what it can do.

    ``count_pages``: the format is paged; the function counts the pages of its output, and page
    budgets are checked on it. ``checks_glyphs``: the format embeds the bundled font, so every
    character a brief shows must be in it. ``binary``: bytes a text editor cannot show.
    """

    module: str
    extension: str
    count_pages: Optional[Callable[[bytes], int]] = None
    checks_glyphs: bool = False
    binary: bool = True
    description: str = ""

    @property
    def paged(self) -> bool:
        return self.count_pages is not None


WRITERS: dict[str, WriterSpec] = {
    "docx": WriterSpec("generator.writers.docx", ".docx", description="editable Word document"),
    "pdf": WriterSpec("generator.writers.pdf", ".pdf", count_pages=pdf_page_count, checks_glyphs=True,
                      description="A4 PDF for print"),
    "html": WriterSpec("generator.writers.html", ".html", binary=False,
                       description="one self-contained accessible web page"),
    "md": WriterSpec("generator.writers.md", ".md", binary=False,
                     description="the Markdown the layout renders, before parsing"),
}
# What `brief build` writes when no --format is given.
DEFAULT_FORMATS = ("docx", "pdf")


def get_writer(fmt: str) -> Callable[[Document, WriteOptions], bytes]:
    """The ``write`` function of format ``fmt`` (a key of :data:`WRITERS`)."""
    return import_module(WRITERS[fmt].module).write
