"""Real Word footnotes for the DOCX writer: references in the body and the ``word/footnotes.xml`` part.

python-docx has no footnote API, so the part is built here. Notes are numbered by the one model walk
(:func:`generator.model.note_numbers`), as in the PDF and HTML. The first reference to a note becomes
a footnote; later references to the same note become a NOTEREF cross-reference field that shows the
same number.
"""
from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.parser import OxmlElement
from lxml import etree

from generator.model import Document, Text, note_numbers
from generator.writers.docx_inline import Context, render_inlines
from generator.writers.docx_xml import R_NS, W_NS, el, field_runs, paragraph, run_props, text_run

FOOTNOTES_PARTNAME = "/word/footnotes.xml"


class NoteRegistry:
    """Numbers notes as the model walk does and tracks which have been drawn (as a footnote) so far."""

    def __init__(self, doc: Document) -> None:
        self._numbers = note_numbers(doc)
        self._notes = {note.note_id: note for note in doc.notes}
        self._missing_text = doc.meta.term("note_missing", "[note {note}: no text]")
        self._drawn: list[str] = []  # notes drawn as footnotes, in the order drawn

    def reference(self, note_id: str, ctx: Context, in_note: bool = False) -> list[etree._Element]:
        """Elements for a reference to ``note_id``: a footnote the first time, a cross-reference after."""
        number = self._numbers.get(note_id)
        if number is None:
            return []  # only a note's own text can cite a note the body never cites
        if note_id in self._drawn:
            return self._cross_reference(number, ctx)
        if in_note:
            return []  # notes cannot carry footnotes of their own
        self._drawn.append(note_id)
        if number != len(self._drawn):  # Word numbers footnotes in the order they are drawn
            raise AssertionError(f"note {note_id!r} drawn as footnote {len(self._drawn)}, numbered {number}")
        ctx.check_note(note_id, self._notes, "its footnote says so")
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
        if not self._drawn:
            return
        doc_part = ctx.doc_part
        for r_id, rel in list(doc_part.rels.items()):
            if rel.reltype == RT.FOOTNOTES:
                del doc_part.rels[r_id]
        root = OxmlElement("w:footnotes", nsdecls={"w": W_NS, "r": R_NS})
        part = XmlPart(PackURI(FOOTNOTES_PARTNAME), CT.WML_FOOTNOTES, root, doc_part.package)
        root.append(_separator("-1", "separator"))
        root.append(_separator("0", "continuationSeparator"))
        for note_id in self._drawn:
            root.append(self._footnote(note_id, self._numbers[note_id], ctx, part))
        doc_part.relate_to(part, RT.FOOTNOTES)

    def _footnote(self, note_id: str, number: int, ctx: Context, part: XmlPart) -> etree._Element:
        p = paragraph(ctx.styles["footnote text"])
        p.append(el("w:r", None, run_props(ctx.styles["footnote reference"]), el("w:footnoteRef")))
        p.append(text_run(" "))
        note = self._notes.get(note_id)
        children = note.children if note else (Text(self._missing_text.replace("{note}", note_id)),)
        render_inlines(children, p, ctx, part)
        return el("w:footnote", {"w:id": str(number)}, p)


def _bookmark(number: int) -> str:
    # A leading underscore hides the bookmark from Word's bookmark dialog, as Word does for _Ref.
    return f"_RefNote{number}"


def _separator(footnote_id: str, kind: str) -> etree._Element:
    p = paragraph(None, el("w:spacing", {"w:after": "0", "w:line": "240", "w:lineRule": "auto"}))
    p.append(el("w:r", None, el(f"w:{kind}")))
    return el("w:footnote", {"w:type": kind, "w:id": footnote_id}, p)
