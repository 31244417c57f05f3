"""The Markdown writer: the brief's Markdown as the layout template rendered it, before parsing.

Useful for wikis and e-mail, and the honest input when comparing with other Markdown
tool chains. It keeps the layout's ``:::`` containers and footnote definitions as they are.
"""
from __future__ import annotations

from generator.model import Document, WriteOptions


def write(doc: Document, options: WriteOptions) -> bytes:
    del doc  # the model is what this Markdown parses into; the text itself is in the options
    text = options.markdown
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")
