"""Reading PDFs back for the PDF tests: the bundled briefs' PDFs, text lines with positions, destinations,
and the tagged structure (which text each structure element owns), with pypdf and pikepdf."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pikepdf
from pypdf import PdfReader

from conftest import flat

REPO = Path(__file__).resolve().parent.parent
BRIEFS = tuple(sorted(p.stem for p in (REPO / "briefs").glob("*.yaml")))
TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}


@lru_cache(maxsize=1)
def bundled() -> dict[str, tuple[object, bytes]]:
    """Every bundled brief and the kitchen sink: name -> (model Document, PDF bytes)."""
    from generator.diagnostics import Diagnostics
    from generator.model import WriteOptions
    from generator.pipeline import Project, run_checks
    from generator.writers.pdf import write
    from kitchen_sink import kitchen_sink

    checked = run_checks(Project(REPO), Diagnostics())
    docs = {bid: checked.composed[bid].document for bid in BRIEFS}
    docs["kitchen-sink"] = kitchen_sink()
    return {name: (doc, write(doc, WriteOptions())) for name, doc in docs.items()}


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_lines(page) -> list[tuple[float, str]]:
    """The page's text lines as (baseline y, text), top to bottom."""
    rows: dict[int, list[str]] = {}

    def visit(text, cm, tm, _font, _size) -> None:
        if text.strip() and abs(tm[1]) + abs(cm[1]) < 1e-6:  # not the rotated watermark
            rows.setdefault(round(tm[5] * cm[3] + cm[5]), []).append(text)
    page.extract_text(visitor_text=visit)
    return sorted(((float(y), flat("".join(parts))) for y, parts in rows.items()), reverse=True)


def first_line_below(data: bytes, page_index: int, top: float) -> str:
    """The first line of text whose baseline lies below ``top`` (a destination's /XYZ top) on a page."""
    lines = [text for y, text in page_lines(reader(data).pages[page_index]) if y <= top + 0.5]
    return lines[0] if lines else ""


@dataclass
class Elem:
    """A structure element read back: role, attributes, kids, and the text its marked content shows."""

    role: str
    obj: pikepdf.Dictionary
    kids: list["Elem"] = field(default_factory=list)
    mcrs: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    annots: list[pikepdf.Dictionary] = field(default_factory=list)
    text: str = ""

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def all_text(self) -> str:
        return flat(" ".join(e.text for e in self.walk() if e.text))


@dataclass
class Tagged:
    """A tagged PDF read back: the tree, each page's MCID texts and what was shown outside them."""

    pdf: pikepdf.Pdf
    root: Elem
    mcid_text: dict[tuple[int, int], str]
    mcid_order: list[tuple[int, int]]  # in content-stream order
    untagged_text: list[tuple[int, str]]  # text-showing operators neither in an MCID sequence nor an Artifact
    problems: list[str]


def _mcid_texts(data: bytes) -> dict[tuple[int, int], str]:
    """The text each (page, MCID) sequence shows, as pypdf decodes it."""
    texts: dict[tuple[int, int], list[str]] = {}
    for index, page in enumerate(reader(data).pages):
        current: list[object] = [None]

        def before(op, args, cm, tm) -> None:
            if op == b"BDC":
                props = args[1]
                current[0] = props.get("/MCID") if hasattr(props, "get") else None
            elif op in (b"BMC", b"EMC"):
                current[0] = None

        def visit(text, cm, tm, _font, _size) -> None:
            if current[0] is not None and text.strip():
                texts.setdefault((index, int(current[0])), []).append(text)
        page.extract_text(visitor_operand_before=before, visitor_text=visit)
    return {key: flat(" ".join(parts)) for key, parts in texts.items()}


def read_tagged(data: bytes) -> Tagged:
    """Parse the structure tree and every page's marked content, noting every inconsistency found."""
    pdf = pikepdf.open(io.BytesIO(data))
    page_index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    problems: list[str] = []
    mcid_order: list[tuple[int, int]] = []
    untagged: list[tuple[int, str]] = []
    for index, page in enumerate(pdf.pages):
        stack: list[str] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "BDC":
                tag, props = str(operands[0]), operands[1]
                if tag == "/Artifact":
                    stack.append("artifact")
                elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    if any(s.startswith("mcid") for s in stack):
                        problems.append(f"page {index + 1}: nested MCID sequence")
                    stack.append("mcid")
                    mcid_order.append((index, int(props.MCID)))
                else:
                    stack.append("other")
            elif op == "BMC":
                stack.append("artifact" if str(operands[0]) == "/Artifact" else "other")
            elif op == "EMC":
                if not stack:
                    problems.append(f"page {index + 1}: EMC without a sequence")
                else:
                    stack.pop()
            elif op in TEXT_OPERATORS and not {"artifact", "mcid"} & set(stack):
                untagged.append((index, repr(operands)[:60]))
        if stack:
            problems.append(f"page {index + 1}: {len(stack)} sequences left open")
    seen: dict[tuple[int, int], int] = {}

    def build(obj: pikepdf.Dictionary, depth: int = 0) -> Elem:
        elem = Elem(str(obj.get("/S", "")).lstrip("/"), obj)
        kids = obj.get("/K")
        items = list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
        for kid in items:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                key = (page_index[kid.Pg.objgen], int(kid.MCID))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                elem.annots.append(kid.Obj)
                continue
            elif isinstance(kid, pikepdf.Dictionary):
                elem.kids.append(build(kid, depth + 1))
                continue
            else:  # a bare MCID on the element's /Pg
                key = (page_index[obj.Pg.objgen], int(kid))
            elem.mcrs.append(key)
            seen[key] = seen.get(key, 0) + 1
        return elem

    tree_root = pdf.Root.StructTreeRoot
    top = tree_root.K
    root = build(top[0] if isinstance(top, pikepdf.Array) else top)
    for key, count in seen.items():
        if count != 1:
            problems.append(f"MCID {key} referenced {count} times by the tree")
    for key in mcid_order:
        if key not in seen:
            problems.append(f"MCID {key} in page content but not in the tree")
    _check_parent_tree(pdf, root, problems)
    texts = _mcid_texts(data)
    for elem in root.walk():
        elem.text = flat(" ".join(texts.get(key, "") for key in elem.mcrs))
    return Tagged(pdf, root, texts, mcid_order, untagged, problems)


def _check_parent_tree(pdf: pikepdf.Pdf, root: Elem, problems: list[str]) -> None:
    """Every page's MCIDs and every annotation map back, via the ParentTree, to the element that owns them."""
    nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    owner = {}
    for elem in root.walk():
        for key in elem.mcrs:
            owner[key] = elem.obj.objgen
    for index, page in enumerate(pdf.pages):
        entry = parents.get(int(page.obj.get("/StructParents", -1)))
        if entry is None:
            problems.append(f"page {index + 1}: no ParentTree entry")
            continue
        for mcid, elem in enumerate(entry):
            if owner.get((index, mcid)) != elem.objgen:
                problems.append(f"page {index + 1}: ParentTree MCID {mcid} points at the wrong element")
        for annot in page.obj.get("/Annots", []):
            linked = parents.get(int(annot.get("/StructParent", -1)))
            objrs = [] if linked is None else [k for k in (linked.K if isinstance(linked.K, pikepdf.Array)
                                                            else [linked.K]) if k.get("/Type") == "/OBJR"]
            if linked is None or linked.S != "/Link" or not any(k.Obj.objgen == annot.objgen for k in objrs):
                problems.append(f"page {index + 1}: annotation not tied to a Link element")
