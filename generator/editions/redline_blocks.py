"""Blocks of a redline: paragraphs and tables of two editions aligned, then tracked.

Blocks (``w:p``, ``w:tbl``) are aligned with difflib on their text; where a run
of blocks was replaced, old and new blocks are paired by similarity (in order),
so a reworded paragraph becomes one paragraph with word changes rather than a
deleted and an inserted one. Tables pair rows the same way and diff cell by
cell; a row on one side only is tracked with ``w:trPr/w:ins`` or ``w:del``.
"""
from __future__ import annotations

import copy
import difflib
from typing import TYPE_CHECKING

from docx.oxml.ns import qn
from lxml import etree

from generator.editions.redline_runs import diff_paragraph, paragraph_text
from generator.writers.docx_xml import el

if TYPE_CHECKING:
    from generator.editions.redline_docx import Differ

P, TBL, TR, TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
SIMILAR = 0.5  # below this share of common words two blocks are a deletion and an insertion
MAX_PAIRING = 20000  # old x new blocks compared pairwise in one replaced run; beyond, no pairing


def blocks_of(container: etree._Element) -> list[etree._Element]:
    return [child for child in container if child.tag in (P, TBL)]


def block_text(block: etree._Element, side: str, differ: "Differ") -> str:
    if block.tag == P:
        return paragraph_text(block, side, differ)
    return "\n".join(row_text(tr, side, differ) for tr in block.iter(TR))


def row_text(tr: etree._Element, side: str, differ: "Differ") -> str:
    return "\t".join("\n".join(paragraph_text(p, side, differ) for p in tc.iter(P)) for tc in tr.findall(TC))


def _key(block: etree._Element, side: str, differ: "Differ") -> tuple[str, str, str]:
    style = block.find(f"{qn('w:pPr')}/{qn('w:pStyle')}" if block.tag == P else f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
    return (block.tag, "" if style is None else style.get(qn("w:val"), ""), block_text(block, side, differ))


def similarity(a: tuple[str, str, str], b: tuple[str, str, str]) -> float:
    """Share of words two blocks have in common (0 for different kinds of block)."""
    if a[0] != b[0]:
        return 0.0
    if a[2] == b[2]:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a[2].split(), b[2].split(), autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR else 0.0


def pair_up(old_keys: list, new_keys: list) -> list[tuple[int | None, int | None]]:
    """Indexes of old and new blocks in order: pairs of similar blocks, and (i, None)/(None, j) for the rest
    (deletions before insertions). Pairs maximise total similarity without crossing."""
    n, m = len(old_keys), len(new_keys)
    if n * m > MAX_PAIRING:
        return [(i, None) for i in range(n)] + [(None, j) for j in range(m)]
    score = [[similarity(o, k) for k in new_keys] for o in old_keys]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            paired = best[i + 1][j + 1] + score[i][j] if score[i][j] >= SIMILAR else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], paired)
    out: list[tuple[int | None, int | None]] = []
    pending_new: list[int] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and score[i][j] >= SIMILAR and best[i][j] == best[i + 1][j + 1] + score[i][j]:
            out += [(None, k) for k in pending_new]
            pending_new = []
            out.append((i, j))
            i, j = i + 1, j + 1
        elif i < n and (j == m or best[i][j] == best[i + 1][j]):
            out.append((i, None))
            i += 1
        else:
            pending_new.append(j)
            j += 1
    return out + [(None, k) for k in pending_new]


def diff_blocks(old: list[etree._Element], new: list[etree._Element], differ: "Differ") -> list[etree._Element]:
    """The blocks of the redline: ``new`` with tracked changes from ``old``."""
    old_keys = [_key(b, "old", differ) for b in old]
    new_keys = [_key(b, "new", differ) for b in new]
    out: list[etree._Element] = []
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs: list[tuple[int | None, int | None]] = list(zip(range(i1, i2), range(j1, j2)))
        elif i2 - i1 == j2 - j1 == 1 and old_keys[i1][0] == new_keys[j1][0]:
            pairs = [(i1, j1)]  # one block replaced by one: however different, a change of its words
        else:
            pairs = [(None if i is None else i1 + i, None if j is None else j1 + j)
                     for i, j in pair_up(old_keys[i1:i2], new_keys[j1:j2])]
        for i, j in pairs:
            out += diff_block(None if i is None else old[i], None if j is None else new[j], differ)
    return out


def diff_block(old: etree._Element | None, new: etree._Element | None, differ: "Differ") -> list[etree._Element]:
    """One block, or two when a table changed shape (the old one deleted, the new one inserted)."""
    block = new if new is not None else old
    assert block is not None
    if block.tag == P:
        return [diff_paragraph(old, new, differ)]
    if old is None or new is None:
        return [track_table(block if new is not None else copy.deepcopy(block), "ins" if old is None else "del",
                            differ)]
    if _columns(old) != _columns(new):
        return [track_table(copy.deepcopy(old), "del", differ), track_table(new, "ins", differ)]
    return [diff_table(old, new, differ)]


def _columns(tbl: etree._Element) -> int:
    return len(tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))


def diff_table(old: etree._Element, new: etree._Element, differ: "Differ") -> etree._Element:
    """``new`` with rows paired to ``old``'s: cells diffed, unpaired rows tracked as inserted or deleted."""
    old_rows, new_rows = old.findall(TR), new.findall(TR)
    old_keys = [(TR, str(len(r.findall(TC))), row_text(r, "old", differ)) for r in old_rows]
    new_keys = [(TR, str(len(r.findall(TC))), row_text(r, "new", differ)) for r in new_rows]
    rows: list[etree._Element] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_opcodes():
        if tag == "equal":
            pairs: list[tuple[int | None, int | None]] = list(zip(range(i1, i2), range(j1, j2)))
        else:
            pairs = [(None if i is None else i1 + i, None if j is None else j1 + j)
                     for i, j in pair_up(old_keys[i1:i2], new_keys[j1:j2])]
        for i, j in pairs:
            if i is not None and j is not None and old_keys[i][1] == new_keys[j][1]:
                rows.append(_diff_row(old_rows[i], new_rows[j], differ))
            else:
                if i is not None:
                    rows.append(_track_row(copy.deepcopy(old_rows[i]), "del", differ))
                if j is not None:
                    rows.append(_track_row(new_rows[j], "ins", differ))
    for row in new_rows:
        new.remove(row)
    for row in rows:
        new.append(row)
    return new


def _diff_row(old: etree._Element, new: etree._Element, differ: "Differ") -> etree._Element:
    for old_cell, new_cell in zip(old.findall(TC), new.findall(TC)):
        replace_blocks(new_cell, diff_blocks(blocks_of(old_cell), blocks_of(new_cell), differ))
    return new


def replace_blocks(container: etree._Element, blocks: list[etree._Element]) -> None:
    """``container``'s paragraphs and tables (a cell, a footnote) become ``blocks``; anything else stays."""
    for child in blocks_of(container):
        container.remove(child)
    for block in blocks:
        container.append(block)


def _track_row(tr: etree._Element, status: str, differ: "Differ") -> etree._Element:
    """A row inserted or deleted as a whole: its ``w:trPr`` and everything in its cells are tracked."""
    tr_pr = tr.find(qn("w:trPr"))
    if tr_pr is None:
        tr_pr = el("w:trPr")
        prefix = tr.find(qn("w:tblPrEx"))
        if prefix is not None:
            prefix.addnext(tr_pr)
        else:
            tr.insert(0, tr_pr)
    tr_pr.append(differ.mark(f"w:{status}"))
    for cell in tr.findall(TC):
        blocks = blocks_of(cell)
        tracked = [b for block in blocks for b in (diff_block(None, block, differ) if status == "ins"
                                                     else diff_block(block, None, differ))]
        replace_blocks(cell, tracked)
    return tr


def track_table(tbl: etree._Element, status: str, differ: "Differ") -> etree._Element:
    """A table inserted or deleted as a whole: every row tracked."""
    for tr in tbl.findall(TR):
        _track_row(tr, status, differ)
    return tbl
