"""The base every new writer derives from: dispatch on node type, raise on what it does not know.

A writer subclass defines ``block_<name>`` for each block (``block_heading``,
``block_bullet_list`` …) and ``inline_<name>`` for each inline (``inline_text``,
``inline_note_ref`` …). A node without a method is an :class:`UnknownNode` error, so
a new model type cannot be dropped silently by a writer nobody updated (Sphinx's
``unknown_visit``). Problems a writer works around go to :meth:`Visitor.warn`, located
at the heading the writer was under.
"""
from __future__ import annotations

import re
from typing import Any

from generator import model
from generator.model import WriteOptions, WriterWarning


class UnknownNode(TypeError):
    """A writer met a model node it has no method for."""


def method_suffix(node: object) -> str:
    """``BulletList`` -> ``bullet_list``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(node).__name__).lower()


class Visitor:
    """Walks a document's blocks and inlines by type; subclasses return whatever their format builds."""

    def __init__(self, options: WriteOptions | None = None):
        self.options = options or WriteOptions()
        self.near = ""  # the text of the last heading visited, where warnings are located

    def block(self, node: model.Block) -> Any:
        if isinstance(node, model.Heading):
            self.near = model.plain_text(node.children)
        method = getattr(self, "block_" + method_suffix(node), None)
        if method is None:
            raise UnknownNode(f"{type(self).__name__} cannot write block {type(node).__name__}")
        return method(node)

    def inline(self, node: model.Inline) -> Any:
        method = getattr(self, "inline_" + method_suffix(node), None)
        if method is None:
            raise UnknownNode(f"{type(self).__name__} cannot write inline {type(node).__name__}")
        return method(node)

    def blocks(self, nodes: tuple[model.Block, ...]) -> list[Any]:
        return [self.block(node) for node in nodes]

    def inlines(self, nodes: tuple[model.Inline, ...]) -> list[Any]:
        return [self.inline(node) for node in nodes]

    def warn(self, code: str, message: str) -> None:
        """Report a problem the output works around (the build prints it as a located warning)."""
        self.options.warnings.append(WriterWarning(code, message, self.near))
