"""The writer registry: one row per output format.

A writer is a function ``write(doc: Document, options: WriteOptions) -> bytes``.
Modules are imported only when their format is built, so python-docx and
reportlab stay off the start-up path of ``brief check`` and ``brief list``.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Callable

from generator.model import Document, WriteOptions


@dataclass(frozen=True)
class WriterSpec:
    """Where a format's writer lives and which file extension it produces."""

    module: str
    extension: str


WRITERS: dict[str, WriterSpec] = {
    "docx": WriterSpec("generator.writers.docx", ".docx"),
    "pdf": WriterSpec("generator.writers.pdf", ".pdf"),
}


def get_writer(fmt: str) -> Callable[[Document, WriteOptions], bytes]:
    """The ``write`` function of format ``fmt`` (a key of :data:`WRITERS`)."""
    return import_module(WRITERS[fmt].module).write
