"""The base every new writer derives from: dispatch on node type, raise on what it does not know.

A writer subclass defines ``block_<name>`` for each block (``block_heading``,
``block_bullet_list`` …) and ``inline_<name>`` for each inline (``inline_text``,
``inline_note_ref`` …). A node without a method is an :class:`UnknownNode` error, so
a new model type cannot be dropped silently by a writer nobody updated (Sphinx's
``unknown_visit``). Problems a writer works around go to :meth:`Visitor.warn`, located
at the heading the writer was under; what every writer works around in a chart's data is
warned about here, before the writer's ``block_chart``.
"""
from __future__ import annotations

import re
from typing import Any, Collection

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
        self.textless_notes: set[str] = set()  # cited notes without text, warned about at their first citation

    def block(self, node: model.Block) -> Any:
        if isinstance(node, model.Heading):
            self.near = model.plain_text(node.children)
        elif isinstance(node, model.Chart):
            self.check_chart(node)  # here, not in each writer's block_chart: every writer draws charts alike
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

    def check_chart(self, node: model.Chart) -> None:
        """Warn about what every writer works around in a chart's data: series padded or cut to the
        categories (drawn as far as they match), or nothing to draw at all."""
        if not node.series or not node.categories:
            self.warn("chart-empty", f"chart {node.title!r} has no {'series' if node.categories else 'categories'};"
                      " only its title and captions are shown")
            return
        for series in node.series:
            if len(series.values) != len(node.categories):
                self.warn("chart-data", f"chart {node.title!r}: series {series.name!r} has {len(series.values)} "
                          f"values for {len(node.categories)} categories; only matching pairs are drawn")

    def check_note(self, note_id: str, notes: Collection[str], shown: str) -> None:
        """Warn, once and where it is first cited, about a note the document has no text for (``notes``: the
        IDs it has text for); ``shown`` says what the output shows instead."""
        if note_id not in notes and note_id not in self.textless_notes:
            self.textless_notes.add(note_id)
            self.warn("note-missing", f"note {note_id!r} is cited but has no text; {shown}")
