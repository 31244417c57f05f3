"""Real Word footnotes for the DOCX writer: references in the body and the ``word/footnotes.xml`` part.

python-docx has no footnote API, so the part is built here. The first
reference to a note becomes a footnote; later references to the same note
become a NOTEREF cross-reference field that shows the same number.
"""
from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.parser import OxmlElement
from lxml import etree

from generator.model import Document, Text, note_order
from generator.writers.docx_inline import Context, render_inlines
from generator.writers.docx_xml import R_NS, W_NS, el, field_runs, paragraph, run_props, text_run

FOOTNOTES_PARTNAME = "/word/footnotes.xml"


class NoteRegistry:
    """Tracks which notes have been referenced and numbers them in order of first reference."""

    def __init__(self, doc: Document) -> None:
        self._known = set(note_order(doc))
        self._notes = {note.note_id: note for note in doc.notes}
        self._numbers: dict[str, int] = {}

    def reference(self, note_id: str, ctx: Context, in_note: bool = False) -> list[etree._Element]:
        """Elements for a reference to ``note_id``: a footnote the first time, a cross-reference after."""
        number = self._numbers.get(note_id)
        if number is not None:
            return self._cross_reference(number, ctx)
        if in_note or note_id not in self._known:
            return []  # notes cannot carry footnotes of their own
        number = self._numbers[note_id] = len(self._numbers) + 1
        bookmark_id = str(ctx.next_id("bookmark"))
        run = el("w:r", None, run_props(ctx.styles["footnote reference"]),
                 el("w:footnoteReference", {"w:id": str(number)}))
        return [el("w:bookmarkStart", {"w:id": bookmark_id, "w:name": _bookmark(number)}), run,
                el("w:bookmarkEnd", {"w:id": bookmark_id})]

    def _cross_reference(self, number: int, ctx: Context) -> list[etree._Element]:
        # \f formats the result like a footnote reference mark, \h makes it clickable.
        style = ctx.styles["footnote reference"]
        return field_runs(f"NOTEREF {_bookmark(number)} \\f \\h", str(number), lambda: run_props(style))

    def write_part(self, ctx: Context) -> None:
        """Add ``word/footnotes.xml`` (replacing a reference template's) if any note was referenced."""
        if not self._numbers:
            return
        doc_part = ctx.doc_part
        for r_id, rel in list(doc_part.rels.items()):
            if rel.reltype == RT.FOOTNOTES:
                del doc_part.rels[r_id]
        root = OxmlElement("w:footnotes", nsdecls={"w": W_NS, "r": R_NS})
        part = XmlPart(PackURI(FOOTNOTES_PARTNAME), CT.WML_FOOTNOTES, root, doc_part.package)
        root.append(_separator("-1", "separator"))
        root.append(_separator("0", "continuationSeparator"))
        for note_id, number in self._numbers.items():
            root.append(self._footnote(note_id, number, ctx, part))
        doc_part.relate_to(part, RT.FOOTNOTES)

    def _footnote(self, note_id: str, number: int, ctx: Context, part: XmlPart) -> etree._Element:
        p = paragraph(ctx.styles["footnote text"])
        p.append(el("w:r", None, run_props(ctx.styles["footnote reference"]), el("w:footnoteRef")))
        p.append(text_run(" "))
        note = self._notes.get(note_id)
        children = note.children if note else (Text(f"[missing note {note_id}]"),)
        render_inlines(children, p, ctx, part)
        return el("w:footnote", {"w:id": str(number)}, p)


def _bookmark(number: int) -> str:
    # A leading underscore hides the bookmark from Word's bookmark dialog, as Word does for _Ref.
    return f"_RefNote{number}"


def _separator(footnote_id: str, kind: str) -> etree._Element:
    p = paragraph(None, el("w:spacing", {"w:after": "0", "w:line": "240", "w:lineRule": "auto"}))
    p.append(el("w:r", None, el(f"w:{kind}")))
    return el("w:footnote", {"w:type": kind, "w:id": footnote_id}, p)
