"""One paragraph of a redline: the old and new paragraph's runs compared word by word.

A paragraph is cut into tokens: words, spaces and punctuation (each with its run
formatting and the link it sits in) and atoms that are never split (a footnote
reference, a tab, a break, a chart, a whole field). difflib aligns the two token
lists; equal tokens are kept (with ``w:rPrChange`` where their formatting
differs), the rest become ``w:del``/``w:ins`` runs. A paragraph that exists on
one side only gets its paragraph mark tracked too, so accepting or rejecting the
change removes the whole paragraph.
"""
from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docx.oxml.ns import qn
from lxml import etree

from generator.writers.docx_xml import el

if TYPE_CHECKING:
    from generator.editions.redline_docx import Differ

WORD = re.compile(r"\w+(?:[’'.,:/-]\w+)*|\s+|[^\w\s]")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_IGNORED = {qn("w:proofErr"), qn("w:lastRenderedPageBreak"), qn("w:noProof")}
_DECOR = {qn("w:bookmarkStart"), qn("w:bookmarkEnd")}
_PPR_TAIL = (qn("w:sectPr"), qn("w:pPrChange"))
_CHANGE = (qn("w:rPrChange"),)


@dataclass
class Token:
    """A word, a space or an atom (``runs`` holds its run elements) with what it looks like."""

    key: tuple
    text: str | None = None
    rpr: etree._Element | None = None
    link: dict[str, str] | None = None  # the enclosing w:hyperlink's attributes, None outside a link
    runs: list[etree._Element] = field(default_factory=list)
    before: list[etree._Element] = field(default_factory=list)  # bookmark starts/ends around it
    after: list[etree._Element] = field(default_factory=list)
    source: etree._Element | None = None  # the run an atom came from


def c14n(element: etree._Element | None, drop: tuple[str, ...] = ()) -> bytes:
    """Canonical bytes of ``element`` without children tagged ``drop`` (b"" for None)."""
    if element is None:
        return b""
    element = copy.deepcopy(element)
    for child in list(element):
        if child.tag in drop:
            element.remove(child)
    return etree.tostring(element, method="c14n")


def _field_result(runs: list[etree._Element]) -> str:
    shown, out = False, []
    for run in runs:
        for child in run:
            if child.tag == qn("w:fldChar"):
                shown = child.get(qn("w:fldCharType")) == "separate"
            elif child.tag == qn("w:t") and shown:
                out.append(child.text or "")
    return "".join(out)


def tokenize(p: etree._Element, side: str, differ: "Differ") -> tuple[list[Token], list[etree._Element]]:
    """The tokens of paragraph ``p`` and the bookmarks left after the last one."""
    tokens: list[Token] = []
    pending: list[etree._Element] = []
    field_runs: list[etree._Element] = []
    depth = 0

    def add(token: Token) -> None:
        token.before, pending[:] = list(pending), []
        tokens.append(token)

    def walk(parent: etree._Element, link: dict[str, str] | None) -> None:
        for child in parent:
            if child.tag == qn("w:hyperlink"):
                walk(child, differ.link_of(child, side))
            elif child.tag in _DECOR:
                if child.tag == qn("w:bookmarkEnd") and tokens and not pending:
                    tokens[-1].after.append(child)
                else:
                    pending.append(child)
            elif child.tag == qn("w:r"):
                run(child, link)

    def run(r: etree._Element, link: dict[str, str] | None) -> None:
        nonlocal depth
        rpr = r.find(qn("w:rPr"))
        for child in r:
            if child.tag == qn("w:rPr") or child.tag in _IGNORED:
                continue
            if child.tag == qn("w:fldChar") or depth:
                kind = child.get(qn("w:fldCharType"))
                depth += (kind == "begin") - (kind == "end")
                field_runs.append(_single(rpr, child))
                if depth == 0:
                    add(Token(("field", _field_result(field_runs)), None, rpr, link, list(field_runs)))
                    field_runs.clear()
            elif child.tag == qn("w:t"):
                for word in WORD.findall(child.text or ""):
                    add(Token(("t", word, _url(link)), word, rpr, link))
            else:
                add(Token(_atom_key(child, side, differ) + (_url(link),), None, rpr, link, [_single(rpr, child)],
                          source=r))

    walk(p, None)
    for run_element in field_runs:  # an unterminated field: keep what there is
        add(Token(("field", ""), None, None, None, [run_element]))
    return tokens, pending


def _single(rpr: etree._Element | None, child: etree._Element) -> etree._Element:
    run = el("w:r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    run.append(copy.deepcopy(child))
    return run


def _url(link: dict[str, str] | None) -> str:
    return "" if link is None else link.get("url", "")


def _atom_key(child: etree._Element, side: str, differ: "Differ") -> tuple:
    local = etree.QName(child).localname
    if child.tag == qn("w:footnoteReference"):
        return ("fn",)
    if child.tag == qn("w:drawing"):
        return ("drawing", differ.chart_key(child, side))
    if child.tag == qn("w:br"):
        return ("br", child.get(qn("w:type")) or "")
    return ("el", local, c14n(child))


def paragraph_text(p: etree._Element, side: str, differ: "Differ") -> str:
    """What a reader sees of ``p``, with a placeholder naming each chart: the key blocks are aligned by."""
    return "".join(e.text or "" if e.tag == qn("w:t") else "\ufffc" + differ.chart_key(e, side)
                   for e in p.iter(qn("w:t"), qn("w:drawing")))


# ------------------------------------------------------------------ emission
Segment = tuple[str, Token, "Token | None"]  # status ("eq", "ins", "del"), token shown, old token of an "eq"


def diff_paragraph(old: etree._Element | None, new: etree._Element | None, differ: "Differ") -> etree._Element:
    """``new`` carrying the changes from ``old``; a side that is None makes the whole paragraph tracked."""
    if new is None or old is None:
        base = new if old is None else old
        assert base is not None, "a paragraph needs at least one side"
        status = "ins" if old is None else "del"
        side = "new" if old is None else "old"
        tokens, tail = tokenize(base, side, differ)
        ppr = copy.deepcopy(base.find(qn("w:pPr"))) if base.find(qn("w:pPr")) is not None else None
        if status == "del":
            ppr = differ.deleted_ppr(ppr)
        p = _emit([(status, t, None) for t in tokens], tail if status == "ins" else [], ppr, differ)
        _mark_paragraph(p, status, differ)
        return p
    old_tokens, _ = tokenize(old, "old", differ)
    new_tokens, tail = tokenize(new, "new", differ)
    segments: list[Segment] = []
    changed = False
    for tag, i1, i2, j1, j2 in word_opcodes(old_tokens, new_tokens):
        if tag == "equal":
            for o, n in zip(old_tokens[i1:i2], new_tokens[j1:j2]):
                differ.pair_atoms(o, n)
                changed |= c14n(o.rpr, _CHANGE) != c14n(n.rpr, _CHANGE)
                segments.append(("eq", n, o))
        else:
            changed = True
            segments += [("del", t, None) for t in old_tokens[i1:i2]]
            segments += [("ins", t, None) for t in new_tokens[j1:j2]]
    old_ppr, new_ppr = old.find(qn("w:pPr")), new.find(qn("w:pPr"))
    differ.pair_numbering(old_ppr, new_ppr)
    ppr_changed = _ppr_key(old_ppr) != _ppr_key(new_ppr)
    if not changed and not ppr_changed:
        return new
    ppr = copy.deepcopy(new_ppr) if new_ppr is not None else None
    if ppr_changed:
        ppr = _with_ppr_change(ppr, old_ppr, differ)
    return _emit(segments, tail, ppr, differ)


def word_opcodes(old: list[Token], new: list[Token]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes, with a change, a lone space and a change merged into one change, so that two
    replaced words read as "[-a b-]{+c d+}" rather than "[-a-]{+c+} [-b-]{+d+}"."""
    codes = difflib.SequenceMatcher(None, [t.key for t in old], [t.key for t in new], autojunk=False).get_opcodes()
    out: list[tuple[str, int, int, int, int]] = []
    k = 0
    while k < len(codes):
        tag, i1, i2, j1, j2 = codes[k]
        between = out and out[-1][0] != "equal" and k + 1 < len(codes) and codes[k + 1][0] != "equal"
        if tag == "equal" and between and all(t.text is not None and not t.text.strip() for t in old[i1:i2]):
            before, after = out.pop(), codes[k + 1]
            out.append(("replace", before[1], after[2], before[3], after[4]))
            k += 2
        else:
            out.append(codes[k])
            k += 1
    return out


def _ppr_key(ppr: etree._Element | None) -> bytes:
    """Paragraph properties as compared: list numbering instances differ between builds, so only the level."""
    if ppr is None:
        return b""
    ppr = copy.deepcopy(ppr)
    for num_id in ppr.iter(qn("w:numId")):
        num_id.set(qn("w:val"), "*")
    return c14n(ppr, (qn("w:rPr"), *_PPR_TAIL))


def _with_ppr_change(ppr: etree._Element | None, old_ppr: etree._Element | None, differ: "Differ") -> etree._Element:
    ppr = ppr if ppr is not None else el("w:pPr")
    before = el("w:pPr")
    for child in old_ppr if old_ppr is not None else ():
        if child.tag not in (qn("w:rPr"), *_PPR_TAIL):
            before.append(copy.deepcopy(child))
    ppr.append(differ.mark("w:pPrChange", before))
    return ppr


def _mark_paragraph(p: etree._Element, status: str, differ: "Differ") -> None:
    """Track the paragraph mark: ``w:pPr/w:rPr/w:ins`` (or ``w:del``)."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = el("w:rPr")
        tail = next((c for c in ppr if c.tag in _PPR_TAIL), None)
        if tail is not None:
            tail.addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, differ.mark(f"w:{status}"))


def _emit(segments: list[Segment], tail: list[etree._Element], ppr: etree._Element | None,
          differ: "Differ") -> etree._Element:
    """A new ``w:p``: runs grouped by link, then by status, then by identical formatting."""
    p = el("w:p")
    if ppr is not None:
        p.append(ppr)
    link_key: object = object()
    holder: etree._Element = p
    status_key: object = object()
    target: etree._Element = p
    last_run: etree._Element | None = None
    last_format: object = None
    for status, token, old in segments:
        if _url(token.link) != link_key:
            link_key = _url(token.link)
            holder = p if token.link is None else differ.hyperlink(token.link, status)
            if holder is not p:
                p.append(holder)
            status_key, last_run = object(), None
        if status != status_key:
            status_key = status
            target = holder if status == "eq" else differ.mark(f"w:{status}")
            if target is not holder:
                holder.append(target)
            last_run = None
        if status != "del":
            for decor in token.before:
                target.append(decor)
                last_run = None
        fmt = (c14n(token.rpr, _CHANGE), None if old is None else c14n(old.rpr, _CHANGE))
        if token.text is not None:
            if last_run is None or fmt != last_format:
                last_run = el("w:r")
                rpr = _run_rpr(token, old, differ)
                if rpr is not None:
                    last_run.append(rpr)
                target.append(last_run)
                last_format = fmt
            _append_text(last_run, token.text, status == "del")
        else:
            last_run = None
            rpr = _run_rpr(token, old, differ)
            restyled = rpr is not None and rpr.find(qn("w:rPrChange")) is not None
            for run in differ.atom_runs(token, status):
                if restyled and run.find(qn("w:rPr")) is not None:
                    run.replace(run.find(qn("w:rPr")), copy.deepcopy(rpr))
                target.append(run)
        if status != "del" and token.after:
            for decor in token.after:
                target.append(decor)
            last_run = None
    for decor in tail:
        p.append(decor)
    return p


def _run_rpr(token: Token, old: Token | None, differ: "Differ") -> etree._Element | None:
    """The run properties shown, with ``w:rPrChange`` holding the old ones when only formatting changed."""
    rpr = copy.deepcopy(token.rpr) if token.rpr is not None else None
    if old is None or c14n(old.rpr, _CHANGE) == c14n(token.rpr, _CHANGE):
        return rpr
    rpr = rpr if rpr is not None else el("w:rPr")
    before = el("w:rPr")
    for child in old.rpr if old.rpr is not None else ():
        if child.tag != qn("w:rPrChange"):
            before.append(copy.deepcopy(child))
    rpr.append(differ.mark("w:rPrChange", before))
    return rpr


def _append_text(run: etree._Element, text: str, deleted: bool) -> None:
    last = run[-1] if len(run) else None
    tag = qn("w:delText") if deleted else qn("w:t")
    if last is not None and last.tag == tag:
        last.text = (last.text or "") + text
        return
    t = el("w:delText" if deleted else "w:t")
    t.text = text
    t.set(XML_SPACE, "preserve")
    run.append(t)


def as_deleted(run: etree._Element) -> etree._Element:
    """``run`` with its text as deleted text (``w:delText``, ``w:delInstrText``)."""
    for child in run.iter(qn("w:t"), qn("w:instrText")):
        child.tag = qn("w:delText") if child.tag == qn("w:t") else qn("w:delInstrText")
    return run
