"""A redline DOCX: the new edition's package, its body and footnotes carrying tracked changes from the old one.

Both editions are written by the ordinary DOCX writer; :func:`redline_docx` then
aligns their XML (``generator.editions.redline_blocks``, ``generator.editions.redline_runs``). Old
content that survives only as a deletion still points into the old package, so
the :class:`Differ` carries it across: hyperlinks get relationships in the new
part, list paragraphs a numbering instance of the new numbering part, footnote
references a copy of their footnote, charts their own chart part. A chart whose
data changed gets a comment naming the changed values. Headers and footers are
the new edition's, untracked.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from io import BytesIO

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import qn
from docx.text.run import Run
from lxml import etree

from generator.model import Chart, Document, iter_blocks
from generator.editions.redline_blocks import blocks_of, diff_blocks, replace_blocks
from generator.editions.redline_runs import Token, as_deleted, diff_paragraph
from generator.writers.docx_chart import chart_part
from generator.writers.docx_package import save_reproducibly
from generator.writers.docx_xml import W_NS, el

C_CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}chart"
R_ID = qn("r:id")


@dataclass(frozen=True)
class Revision:
    """Who made the changes and when, as Word shows them: from the commits, never the clock."""

    author: str
    date: str  # ISO 8601, UTC, whole seconds: 2024-04-02T09:00:00Z
    base: str  # the revision compared with, as the user named it


def _xml_of(part: Part) -> etree._Element:
    return part.element if isinstance(part, XmlPart) else etree.fromstring(part.blob)


class Differ:
    """The state one redline shares: revision marks, and the references old content needs in the new package."""

    def __init__(self, new: "docx.document.Document", old: "docx.document.Document", new_doc: Document,
                 old_doc: Document, revision: Revision) -> None:
        self.new, self.old, self.revision = new, old, revision
        self.counter = 0
        self.scope = "body"  # or "notes": which parts hyperlinks belong to
        self.charts = {side: [b for b in iter_blocks(d.blocks) if isinstance(b, Chart)]
                       for side, d in (("new", new_doc), ("old", old_doc))}
        self.notes = {"new": self._notes_part(new), "old": self._notes_part(old)}
        self.note_xml = {side: (None if part is None else _xml_of(part)) for side, part in self.notes.items()}
        self.note_pairs: list[tuple[str, str]] = []
        self.notes_inserted: list[str] = []
        self.notes_deleted: dict[str, str] = {}  # old footnote id -> id of its copy in the new part
        self.num_map: dict[str, str] = {}
        self.num_fixups: list[etree._Element] = []
        self.comments: dict[int, tuple[Token, str]] = {}
        self.emitted: dict[int, etree._Element] = {}
        self.doc_pr = max([int(d.get("id", "0")) for d in new.element.body.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")], default=0)

    # ---------------------------------------------------------------- marks
    def mark(self, tag: str, *children: etree._Element) -> etree._Element:
        """``tag`` (w:ins, w:del, w:rPrChange, …) with the next revision ID, the author and the date."""
        self.counter += 1
        return el(tag, {"w:id": str(self.counter), "w:author": self.revision.author, "w:date": self.revision.date},
                  *children)

    # ---------------------------------------------------------------- links
    def _part(self, side: str) -> Part:
        document = self.new if side == "new" else self.old
        part = document.part if self.scope == "body" else self.notes[side]
        assert part is not None, "footnotes are diffed only when both editions have them"
        return part

    def link_of(self, hyperlink: etree._Element, side: str) -> dict[str, str]:
        r_id, anchor = hyperlink.get(R_ID), hyperlink.get(qn("w:anchor"))
        url = "#" + anchor if anchor else ""
        if r_id:
            rel = self._part(side).rels.get(r_id)
            url = rel.target_ref if rel is not None and rel.is_external else ""
        return {"url": url, "side": side, "r_id": r_id or ""}

    def hyperlink(self, link: dict[str, str], status: str) -> etree._Element:
        if link["url"].startswith("#"):
            return el("w:hyperlink", {"w:anchor": link["url"][1:], "w:history": "1"})
        r_id = link["r_id"] if link["side"] == "new" else \
            self._part("new").relate_to(link["url"], RT.HYPERLINK, is_external=True)
        return el("w:hyperlink", {"r:id": r_id, "w:history": "1"})

    # ---------------------------------------------------------------- atoms
    def chart_key(self, drawing: etree._Element, side: str) -> str:
        """The chart ID a drawing shows: the writer names the Nth chart "Chart N"."""
        doc_pr = drawing.find(".//{*}docPr")
        name = doc_pr.get("name", "") if doc_pr is not None else ""
        number = name.removeprefix("Chart ")
        charts = self.charts[side]
        if number.isdigit() and 0 < int(number) <= len(charts):
            return charts[int(number) - 1].chart_id
        return name

    def _chart(self, side: str, chart_id: str) -> Chart | None:
        return next((c for c in self.charts[side] if c.chart_id == chart_id), None)

    def pair_atoms(self, old: Token, new: Token) -> None:
        if old.key[0] == "fn":
            self.note_pairs.append((_note_id(old), _note_id(new)))
        elif old.key[0] == "drawing":
            before, after = self._chart("old", str(old.key[1])), self._chart("new", str(new.key[1]))
            if before is not None and after is not None:
                changes = chart_changes(before, after)
                if changes:
                    self.comments[id(new)] = (new, f"Chart changed since {self.revision.base}: {changes}")

    def atom_runs(self, token: Token, status: str) -> list[etree._Element]:
        runs = token.runs
        if status == "del":
            runs = [as_deleted(copy.deepcopy(r)) for r in runs]
            for ref in (e for r in runs for e in r.iter(qn("w:footnoteReference"))):
                ref.set(qn("w:id"), self._import_note(ref.get(qn("w:id"), "")))
            for drawing in (e for r in runs for e in r.iter(qn("w:drawing"))):
                self._import_chart(drawing, str(token.key[1]))
        elif token.key[0] == "fn" and status == "ins":
            self.notes_inserted.append(_note_id(token))
        if id(token) in self.comments and runs:
            self.emitted[id(token)] = runs[0]
        return runs

    def _import_chart(self, drawing: etree._Element, chart_id: str) -> None:
        """Give a deleted chart its own chart part (and workbook) in the new package."""
        chart = self._chart("old", chart_id)
        ref = drawing.find(f".//{C_CHART}")
        if chart is None or ref is None:
            return
        doc_part = self.new.part
        part, _spec = chart_part(chart, doc_part.package)
        ref.set(R_ID, doc_part.relate_to(part, RT.CHART))
        self.doc_pr += 1
        drawing.find(".//{*}docPr").set("id", str(self.doc_pr))

    # ---------------------------------------------------------------- numbering
    def pair_numbering(self, old_ppr: etree._Element | None, new_ppr: etree._Element | None) -> None:
        old_id, new_id = _num_id(old_ppr), _num_id(new_ppr)
        if old_id is not None and new_id is not None:
            self.num_map.setdefault(old_id.get(qn("w:val"), ""), new_id.get(qn("w:val"), ""))

    def deleted_ppr(self, ppr: etree._Element | None) -> etree._Element | None:
        num_id = _num_id(ppr)
        if num_id is not None and self.scope == "body":
            self.num_fixups.append(num_id)
        return ppr

    def _fix_numbering(self) -> None:
        """Deleted list paragraphs join the new list their neighbours were paired with, else a copy of theirs
        (with a copy of its definition when the new edition has none such)."""
        if not self.num_fixups:
            return
        new_root = self.new.part.numbering_part.element
        old_root = self.old.part.numbering_part.element
        next_id = max([int(n.get(qn("w:numId"))) for n in new_root.iter(qn("w:num"))], default=0)
        abstracts = {a.get(qn("w:abstractNumId")): a.get(qn("w:abstractNumId"))
                     for a in new_root.iter(qn("w:abstractNum"))}
        for element in self.num_fixups:
            old_id = element.get(qn("w:val"), "")
            if old_id not in self.num_map:
                source = next((n for n in old_root.iter(qn("w:num")) if n.get(qn("w:numId")) == old_id), None)
                abstract = None if source is None else source.find(qn("w:abstractNumId"))
                known = abstract is not None and self._copy_abstract(abstract.get(qn("w:val"), ""), abstracts)
                if source is None or abstract is None or not known:
                    element.getparent().getparent().remove(element.getparent())  # no such list: a plain paragraph
                    continue
                next_id += 1
                clone = copy.deepcopy(source)
                clone.set(qn("w:numId"), str(next_id))
                clone.find(qn("w:abstractNumId")).set(qn("w:val"), abstracts[abstract.get(qn("w:val"), "")])
                new_root.append(clone)
                self.num_map[old_id] = str(next_id)
            element.set(qn("w:val"), self.num_map[old_id])

    def _copy_abstract(self, old_id: str, abstracts: dict[str, str]) -> bool:
        """Whether list definition ``old_id`` is (now) in the new numbering part, as ``abstracts[old_id]``."""
        if old_id in abstracts:
            return True
        new_root, old_root = self.new.part.numbering_part.element, self.old.part.numbering_part.element
        source = next((a for a in old_root.iter(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == old_id),
                      None)
        if source is None:
            return False
        clone = copy.deepcopy(source)
        fresh = str(max([int(a) for a in abstracts.values() if a.isdigit()] + [-1]) + 1)
        clone.set(qn("w:abstractNumId"), fresh)
        first_num = new_root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(clone)  # schema order: every w:abstractNum before the first w:num
        else:
            new_root.append(clone)
        abstracts[old_id] = fresh
        return True

    # ---------------------------------------------------------------- footnotes
    @staticmethod
    def _notes_part(document) -> Part | None:
        return next((rel.target_part for rel in document.part.rels.values()
                     if rel.reltype == RT.FOOTNOTES and not rel.is_external), None)

    def _new_notes(self) -> etree._Element:
        if self.note_xml["new"] is None:
            root = etree.Element(qn("w:footnotes"), nsmap={"w": W_NS, "r": R_NS})
            for separator in self.note_xml["old"].findall(qn("w:footnote")) if self.note_xml["old"] is not None else ():
                if separator.get(qn("w:type")):
                    root.append(copy.deepcopy(separator))
            part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, root, self.new.part.package)
            self.new.part.relate_to(part, RT.FOOTNOTES)
            self.notes["new"], self.note_xml["new"] = part, root
        return self.note_xml["new"]

    def _import_note(self, old_id: str) -> str:
        if old_id not in self.notes_deleted:
            root = self._new_notes()
            used = [int(n.get(qn("w:id"), "0")) for n in root.findall(qn("w:footnote"))]
            self.notes_deleted[old_id] = str(max(used + [0]) + 1 + len(self.notes_deleted))
        return self.notes_deleted[old_id]

    def _finish_notes(self) -> None:
        self.scope = "notes"
        old_root, new_root = self.note_xml["old"], self.note_xml["new"]
        old_notes = {n.get(qn("w:id")): n for n in old_root.findall(qn("w:footnote"))} if old_root is not None else {}
        new_notes = {n.get(qn("w:id")): n for n in new_root.findall(qn("w:footnote"))} if new_root is not None else {}
        for old_id, new_id in self.note_pairs:
            if old_id in old_notes and new_id in new_notes:
                replace_blocks(new_notes[new_id], diff_blocks(blocks_of(old_notes[old_id]),
                                                           blocks_of(new_notes[new_id]), self))
        for new_id in self.notes_inserted:
            if new_id in new_notes:
                replace_blocks(new_notes[new_id], _whole_note(blocks_of(new_notes[new_id]), "ins", self))
        for old_id, copy_id in self.notes_deleted.items():
            if old_id in old_notes:
                note = el("w:footnote", {"w:id": copy_id}, *_whole_note(blocks_of(old_notes[old_id]), "del", self))
                self._new_notes().append(note)
        part = self.notes["new"]
        if part is not None and not isinstance(part, XmlPart):
            part._blob = etree.tostring(self.note_xml["new"], xml_declaration=True, encoding="UTF-8",
                                        standalone=True)
        self.scope = "body"

    # ---------------------------------------------------------------- comments
    def _add_comments(self) -> None:
        for key, (token, text) in self.comments.items():
            run = self.emitted.get(key, token.source)
            if run is None or run.getroottree().getroot().tag != qn("w:document"):
                continue
            comment = self.new.add_comment(Run(run, self.new._body), text=text, author=self.revision.author,
                                           initials="".join(w[:1] for w in self.revision.author.split())[:8])
            comment._comment_elm.set(qn("w:date"), self.revision.date)

    def finish(self) -> None:
        self._finish_notes()
        self._fix_numbering()
        self._add_comments()


R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _num_id(ppr: etree._Element | None) -> etree._Element | None:
    return None if ppr is None else ppr.find(f"{qn('w:numPr')}/{qn('w:numId')}")


def _note_id(token: Token) -> str:
    ref = next((e for r in token.runs for e in r.iter(qn("w:footnoteReference"))), None)
    return "" if ref is None else ref.get(qn("w:id"), "")


def _whole_note(paragraphs: list[etree._Element], status: str, differ: Differ) -> list[etree._Element]:
    """A footnote added or removed with its reference: its text tracked, and the marks of all but its last
    paragraph (a footnote keeps one paragraph; it goes with its reference)."""
    tracked = [diff_paragraph(None, p, differ) if status == "ins" else diff_paragraph(p, None, differ)
               for p in paragraphs]
    mark = tracked[-1].find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:' + status)}") if tracked else None
    if mark is not None:
        holder = mark.getparent()
        holder.remove(mark)
        if len(holder) == 0:
            holder.getparent().remove(holder)
    return tracked


def _number(value: float) -> str:
    return f"{value:,.6g}"


def chart_changes(old: Chart, new: Chart) -> str:
    """What differs between two editions of a chart, for a reader: "Exports, 2016: 37.3 → 39.5"."""
    described = (("title", old.title, new.title), ("unit", old.unit, new.unit), ("kind", old.kind, new.kind))
    notes = [f"{name}: {a!r} → {b!r}" for name, a, b in described if a != b]
    if old.categories != new.categories:
        notes.append(f"categories: {', '.join(old.categories)} → {', '.join(new.categories)}")
    old_series = {s.name: s for s in old.series}
    for series in new.series:
        before = old_series.pop(series.name, None)
        if before is None:
            notes.append(f"series {series.name!r} added")
            continue
        for index, value in enumerate(series.values):
            category = new.categories[index] if index < len(new.categories) else str(index + 1)
            previous = before.values[index] if index < len(before.values) else None
            if previous is None or value is None:  # a gap (no value) on either side
                changed = previous is not value
            else:
                changed = abs(previous - value) > 1e-12 * max(1.0, abs(value))
            if changed:
                shown = "—" if previous is None else _number(previous)
                notes.append(f"{series.name}, {category}: {shown} → {'—' if value is None else _number(value)}")
    notes += [f"series {name!r} removed" for name in old_series]
    return "; ".join(notes)


def redline_docx(new_bytes: bytes, old_bytes: bytes, new_doc: Document, old_doc: Document,
                 revision: Revision) -> bytes:
    """The new edition's DOCX carrying every change from the old one as Word tracked changes."""
    new, old = docx.Document(BytesIO(new_bytes)), docx.Document(BytesIO(old_bytes))
    differ = Differ(new, old, new_doc, old_doc, revision)
    body = new.element.body
    tracked = diff_blocks(blocks_of(old.element.body), blocks_of(body), differ)
    sect_pr = body.find(qn("w:sectPr"))
    for child in blocks_of(body):
        body.remove(child)
    for block in tracked:
        if sect_pr is not None:
            sect_pr.addprevious(block)
        else:
            body.append(block)
    differ.finish()
    return save_reproducibly(new)
