"""Citation groups in ascending order: "¹,²,⁴,⁵", never "⁴,⁵,¹,²".

A prose field cites the sources of its figures in figure order, so a group can name sources first
cited later in the brief before ones cited earlier. Writers number notes by first reference
(:func:`generator.model.note_order`); sorting each run of adjacent references by that number leaves
every note's number unchanged (a note first cited in a group still gets the next free number) and
prints the group in ascending order in every format.
"""
from __future__ import annotations

from dataclasses import replace

from generator.model import (
    Block, BulletList, Callout, Chart, Document, Emphasis, Heading, Inline, Link, ListItem, NoteRef,
    NumberedList, Paragraph, Strong, Table, TableCell, note_order,
)


def _sort_runs(inlines: tuple[Inline, ...], rank: dict[str, int]) -> tuple[Inline, ...]:
    def number(ref: NoteRef) -> int:
        return rank.get(ref.note_id, len(rank))

    out: list[Inline] = []
    run: list[NoteRef] = []
    for node in (*inlines, None):
        if isinstance(node, NoteRef):
            run.append(node)
            continue
        ordered: list[NoteRef] = sorted(run, key=number)
        out.extend(ordered)
        run = []
        if isinstance(node, (Strong, Emphasis, Link)):
            node = replace(node, children=_sort_runs(node.children, rank))
        if node is not None:
            out.append(node)
    return tuple(out)


def _block(block: Block, rank: dict[str, int]) -> Block:
    if isinstance(block, (Heading, Paragraph)):
        return replace(block, children=_sort_runs(block.children, rank))
    if isinstance(block, (BulletList, NumberedList)):
        return replace(block, items=tuple(ListItem(tuple(_block(b, rank) for b in item.blocks))
                                          for item in block.items))
    if isinstance(block, Callout):
        return replace(block, blocks=tuple(_block(b, rank) for b in block.blocks))
    if isinstance(block, Table):
        def row(cells: tuple[TableCell, ...]) -> tuple[TableCell, ...]:
            return tuple(TableCell(_sort_runs(c.children, rank)) for c in cells)
        return replace(block, header=row(block.header), rows=tuple(row(r) for r in block.rows),
                       caption=_sort_runs(block.caption, rank))
    if isinstance(block, Chart):
        return replace(block, caption=_sort_runs(block.caption, rank), source=_sort_runs(block.source, rank))
    return block


def sort_citation_groups(doc: Document) -> Document:
    """``doc`` with every run of adjacent note references in ascending note-number order."""
    rank = {note_id: index for index, note_id in enumerate(note_order(doc))}
    return replace(doc, blocks=tuple(_block(b, rank) for b in doc.blocks))
