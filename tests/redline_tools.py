"""Accept or reject every tracked change of a DOCX, as Word does, and read what a reader then sees.

Used by tests/test_redline.py to check a redline: accepting everything must give the current
edition, rejecting everything the base edition.
"""
from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PARTS = ("word/document.xml", "word/footnotes.xml")
CHANGE_TAGS = ("ins", "del", "rPrChange", "pPrChange")


def parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in PARTS if name in archive.namelist()}


def _is_mark(element: etree._Element) -> bool:
    """A w:ins/w:del that marks a paragraph mark or a table row rather than wrapping runs."""
    return element.getparent().tag in (W + "rPr", W + "trPr")


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def _remove_tracked_paragraphs(root: etree._Element, kind: str) -> None:
    """Paragraphs whose mark is tracked as ``kind`` join the next paragraph (they are empty by then)."""
    for p in list(root.iter(W + "p")):
        mark = p.find(f"{W}pPr/{W}rPr/{W}{kind}")
        if mark is None:
            continue
        rest = [c for c in p if c.tag != W + "pPr"]
        following = p.getnext()
        if rest and following is not None and following.tag == W + "p":
            anchor = following.find(W + "pPr")
            for child in reversed(rest):
                if anchor is not None:
                    anchor.addnext(child)
                else:
                    following.insert(0, child)
        p.getparent().remove(p)


def _remove_tracked_rows(root: etree._Element, kind: str) -> None:
    for tr in list(root.iter(W + "tr")):
        if tr.find(f"{W}trPr/{W}{kind}") is not None:
            table = tr.getparent()
            table.remove(tr)
            if table.find(W + "tr") is None:
                table.getparent().remove(table)


def resolve(data: bytes, accept: bool) -> dict[str, etree._Element]:
    """The document and footnotes XML with every change accepted (or rejected)."""
    out = {}
    for name, root in parts(data).items():
        root = copy.deepcopy(root)
        gone, kept = ("del", "ins") if accept else ("ins", "del")
        _remove_tracked_rows(root, gone)
        _remove_tracked_paragraphs(root, gone)
        for element in list(root.iter(W + gone)):
            if element.getparent() is not None and not _is_mark(element):
                element.getparent().remove(element)
        for element in list(root.iter(W + kept)):
            if _is_mark(element):
                element.getparent().remove(element)
            else:
                _unwrap(element)
        for element in list(root.iter(W + "delText", W + "delInstrText")):
            element.tag = W + ("t" if element.tag == W + "delText" else "instrText")
        for change in list(root.iter(W + "rPrChange", W + "pPrChange")):
            holder = change.getparent()
            if not accept:
                before = change.find(W + ("rPr" if change.tag == W + "rPrChange" else "pPr"))
                keep = (W + "rPr", W + "sectPr") if change.tag == W + "pPrChange" else ()
                for child in [c for c in holder if c.tag not in keep and c is not change]:
                    holder.remove(child)
                for child in reversed(list(before)):
                    holder.insert(0, child)
            holder.remove(change)
        out[name] = root
    return out


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(W + "t"))


def reader_view(roots: dict[str, etree._Element]) -> list[str]:
    """Per body paragraph ``style|text``, per table cell its text, then each footnote in order of reference."""
    body = roots["word/document.xml"].find(W + "body")
    lines = []
    for block in body:
        if block.tag == W + "p":
            style = block.find(f"{W}pPr/{W}pStyle")
            lines.append(f"{'' if style is None else style.get(W + 'val')}|{_text(block)}")
        elif block.tag == W + "tbl":
            lines += ["cell|" + "/".join(_text(p) for p in tc.iter(W + "p")) for tc in block.iter(W + "tc")]
    notes = roots.get("word/footnotes.xml")
    by_id = {n.get(W + "id"): n for n in notes.iter(W + "footnote")} if notes is not None else {}
    for ref in body.iter(W + "footnoteReference"):
        lines.append("note|" + "/".join(_text(p) for p in by_id[ref.get(W + "id")].iter(W + "p")))
    return lines


def view(data: bytes) -> list[str]:
    """What a reader sees of a DOCX without tracked changes."""
    return reader_view(parts(data))


def change_count(data: bytes) -> dict[str, int]:
    """How many of each tracked-change element the document and its footnotes hold."""
    counts = {tag: 0 for tag in CHANGE_TAGS}
    for root in parts(data).values():
        for tag in CHANGE_TAGS:
            counts[tag] += sum(1 for _ in root.iter(W + tag))
    return counts


def _flow_regions(blocks: list[etree._Element]) -> int:
    """Maximal stretches of one kind of change in a flow of paragraphs (a body, cell or footnote): adjacent
    changes of a kind merge, across paragraph marks too, as LibreOffice merges them into one region; a table
    (whose cells are flows of their own) separates them."""
    count, current = 0, None
    for p in blocks:
        if p.tag != W + "p":
            current = None
            continue
        for child in p:
            if child.tag == W + "pPr":
                continue
            for kind, has_content in _pieces(child):
                if has_content:
                    count += kind is not None and kind != current
                    current = kind
        mark = p.find(f"{W}pPr/{W}rPr")
        kind = next((k for k in ("ins", "del") if mark is not None and mark.find(W + k) is not None), None)
        count += kind is not None and kind != current
        current = kind
    return count


def _pieces(element: etree._Element):
    """(kind of change, whether it shows anything) for the run-level content of a paragraph."""
    if element.tag in (W + "ins", W + "del"):
        for child in element:
            # LibreOffice imports a deleted drawing as a plain, untracked object
            shown = child.tag == W + "r" and not (element.tag == W + "del" and child.find(W + "drawing") is not None)
            yield element.tag[len(W):], shown
    elif element.tag == W + "hyperlink":
        for child in element:
            yield from _pieces(child)
    elif element.tag == W + "r":
        changed = element.find(f"{W}rPr/{W}rPrChange") is not None
        yield ("format" if changed else None), True


def libreoffice_count(data: bytes) -> int:
    """How many tracked changes LibreOffice lists for a redline: change regions of each text flow."""
    total = 0
    for root in parts(data).values():
        flows = [root.find(W + "body")] + list(root.iter(W + "tc")) + list(root.iter(W + "footnote"))
        for flow in flows:
            if flow is None:
                continue
            total += _flow_regions([b for b in flow if b.tag in (W + "p", W + "tbl")])
    return total
