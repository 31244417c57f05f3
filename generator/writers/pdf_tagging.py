"""Tagged PDF (PDF/UA-1): the structure tree, marked content and the objects that tie them together.

ReportLab has no tagging API, so this module does it with what ReportLab offers:
the story builder creates a :class:`StructElem` per block in document order (so
the tree's order is the reading order); flowables open a marked-content sequence
with an MCID when they draw (:func:`marked`); :class:`Tagger` records which
element owns each MCID and each link annotation, wraps everything drawn outside
those sequences (header, footer, rules, backgrounds, watermark, repeated table
headers) as an Artifact when a page is finished, and at the end writes the
StructTreeRoot, the ParentTree, /MarkInfo and the XMP metadata.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFString

from generator.writers.pdf_objects import FastArray, FastDict, Name

# Inside a marked-content sequence nothing else may be tagged, so nested sequences are never opened.
ARTIFACT_BEGIN = "/Artifact BMC"
END = "EMC"


@dataclass(eq=False)
class StructElem:
    """One structure element: a role (H1, P, TD …), attributes and kids in reading order."""

    role: str
    parent: "StructElem | None" = None
    alt: str = ""
    element_id: str = ""
    scope: str = ""  # TH: Column or Row
    kids: list[Any] = field(default_factory=list)  # StructElem | MarkedContent | AnnotationRef
    bbox: list[float] | None = None

    def add(self, role: str, **attrs: Any) -> "StructElem":
        """A new child element, appended after the existing kids."""
        child = StructElem(role, self, **attrs)
        self.kids.append(child)
        return child

    def has_content(self) -> bool:
        """Whether anything on a page belongs to this element or its descendants."""
        return any(not isinstance(k, StructElem) or k.has_content() for k in self.kids)


@dataclass(frozen=True)
class MarkedContent:
    """An MCID on a page (page index from 0)."""

    page: int
    mcid: int


@dataclass
class AnnotationRef:
    """A link annotation (by its reportlab name) on a page, with the dictionary to add keys to."""

    page: int
    name: str
    annotation: PDFDictionary


class StructTree:
    """The tree under construction: a Document element, filled while the story is built."""

    def __init__(self) -> None:
        self.root = StructElem("Document")


class Tagger:
    """The drawing side: hands out MCIDs per page and remembers which element owns each."""

    def __init__(self, tree: StructTree) -> None:
        self.tree = tree
        self.parents: dict[int, list[StructElem]] = {}  # page -> elements by MCID
        self.spans: dict[int, list[tuple[int, int]]] = {}  # page -> tagged index ranges of the page's code
        self.annotations: list[tuple[AnnotationRef, StructElem]] = []
        self.current: StructElem | None = None
        self.suppressed = 0  # > 0 while drawing repeats (table headers on later pages): left untagged

    def begin(self, page: int, elem: StructElem, code_length: int) -> str:
        """The BDC operator opening a new sequence for ``elem`` on ``page``."""
        owners = self.parents.setdefault(page, [])
        mcid = len(owners)
        owners.append(elem)
        elem.kids.append(MarkedContent(page, mcid))
        self.current = elem
        self._start = code_length
        return f"/{elem.role} <</MCID {mcid}>> BDC"

    def end(self, page: int, code_length: int) -> None:
        """Close the sequence opened by :meth:`begin` (its EMC is at ``code_length`` - 1)."""
        self.spans.setdefault(page, []).append((self._start, code_length))
        self.current = None

    def annotation(self, page: int, name: str, annotation: PDFDictionary, contents: str, note: bool) -> None:
        """Tie a link annotation into the tree, as a Link (in a Reference for a note marker)."""
        owner = self.current or self.tree.root
        if note:
            owner = owner.add("Reference")
        link = owner.add("Link")
        annotation["Contents"] = PDFString(contents)
        annotation["F"] = 4  # printable
        ref = AnnotationRef(page, name, annotation)
        link.kids.append(ref)
        self.annotations.append((ref, link))

    def wrap_artifacts(self, page: int, code: list[str]) -> list[str]:
        """``code`` with every run outside a tagged sequence marked as an Artifact."""
        out: list[str] = []
        position = 0
        for start, stop in [*self.spans.get(page, []), (len(code), len(code))]:
            run = code[position:start]
            if any(part.strip() for part in run):
                out.extend([ARTIFACT_BEGIN, *run, END])
            out.extend(code[start:stop])
            position = stop
        return out


@contextmanager
def marked(canv: Any, elem: StructElem | None) -> Iterator[None]:
    """Draw inside a marked-content sequence owned by ``elem`` (plain drawing when untagged)."""
    tagger: Tagger | None = getattr(canv, "tagger", None)
    if tagger is None or elem is None or tagger.current is not None or tagger.suppressed:
        yield
        return
    page = canv.page_index()
    canv.addLiteral(tagger.begin(page, elem, len(canv._code)))
    try:
        yield
    finally:
        canv.addLiteral(END)
        tagger.end(page, len(canv._code))


@contextmanager
def untagged(canv: Any) -> Iterator[None]:
    """Draw repeated content (a table header on a later page): it becomes an Artifact."""
    tagger: Tagger | None = getattr(canv, "tagger", None)
    if tagger is None:
        yield
        return
    tagger.suppressed += 1
    try:
        yield
    finally:
        tagger.suppressed -= 1


def _prune(elem: StructElem) -> None:
    """Drop elements that own nothing on any page (table cells stay: they keep the grid regular)."""
    elem.kids = [k for k in elem.kids
                 if not isinstance(k, StructElem) or k.has_content() or k.role in ("TD", "TH", "TR")]
    for kid in elem.kids:
        if isinstance(kid, StructElem):
            _prune(kid)


def write_structure(canv: Any, tagger: Tagger, page_count: int) -> None:
    """Write the StructTreeRoot, ParentTree, annotation keys and /MarkInfo into the canvas's document."""
    doc = canv._doc
    _prune(tagger.tree.root)
    names: dict[int, str] = {}

    def name_of(elem: StructElem) -> str:
        return names.setdefault(id(elem), f"SE{len(names) + 1}")

    def page_ref(page: int) -> PDFObjectReference:
        return PDFObjectReference(f"Page{page + 1}")

    def build(elem: StructElem, parent: str) -> None:
        kids: list[Any] = []
        pages = [k.page for k in elem.kids if isinstance(k, (MarkedContent, AnnotationRef))]
        first_page = pages[0] if pages else None
        for kid in elem.kids:
            if isinstance(kid, StructElem):
                build(kid, name_of(elem))
                kids.append(PDFObjectReference(name_of(kid)))
            elif isinstance(kid, MarkedContent) and kid.page == first_page:
                kids.append(kid.mcid)  # on the element's /Pg: a bare MCID
            elif isinstance(kid, MarkedContent):
                kids.append(FastDict({"Type": Name("MCR"), "Pg": page_ref(kid.page), "MCID": kid.mcid}))
            else:
                kids.append(FastDict({"Type": Name("OBJR"), "Pg": page_ref(kid.page),
                                      "Obj": doc.refAnnotation(kid.name)}))
        entry: dict[str, Any] = {"Type": Name("StructElem"), "S": Name(elem.role), "P": PDFObjectReference(parent)}
        if kids:  # a single kid is written bare, as most writers do (and as some checkers expect)
            entry["K"] = kids[0] if len(kids) == 1 else FastArray(kids)
        if pages:
            entry["Pg"] = page_ref(pages[0])
        if elem.alt:
            entry["Alt"] = PDFString(elem.alt)
        if elem.element_id:
            entry["ID"] = PDFString(elem.element_id)
        if elem.scope:
            entry["A"] = FastDict({"O": Name("Table"), "Scope": Name(elem.scope)})
        elif elem.bbox:
            entry["A"] = FastDict({"O": Name("Layout"), "BBox": FastArray(elem.bbox)})
        doc.Reference(FastDict(entry), name_of(elem))

    build(tagger.tree.root, "StructTreeRoot")
    nums: list[Any] = []
    for page in range(page_count):
        nums += [page, FastArray([PDFObjectReference(name_of(e)) for e in tagger.parents.get(page, [])])]
    for key, (ref, link) in enumerate(tagger.annotations, start=page_count):
        ref.annotation["StructParent"] = key
        nums += [key, PDFObjectReference(name_of(link))]
    parent_tree = doc.Reference(FastDict({"Nums": FastArray(nums)}), "ParentTree")
    root = PDFDictionary({"Type": PDFName("StructTreeRoot"),
                          "K": PDFArray([PDFObjectReference(name_of(tagger.tree.root))]),
                          "ParentTree": parent_tree, "ParentTreeNextKey": page_count + len(tagger.annotations)})
    catalog = doc.Catalog
    catalog.StructTreeRoot = doc.Reference(root, "StructTreeRoot")
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
