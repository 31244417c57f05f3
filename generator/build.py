"""The write phase: documents → bytes through the writer registry → atomically published files."""
from __future__ import annotations

import io
from pathlib import Path

from generator import model
from generator.compose import Composed
from generator.diagnostics import Diagnostics, Location, relative
from generator.output import publish, recover
from generator.pipeline import Checked, Project, manifest, run_checks
from generator.reference_docx import read_reference
from generator.validate import prose_fields
from generator.writers import WRITERS, get_writer


def build(project: Project, brief_ids: list[str], formats: list[str], out_dir: Path, diags: Diagnostics,
          strict: bool = False) -> list[Path]:
    """Check everything, then write the briefs; returns the files written (none if anything failed)."""
    if not check_out_dir(project, out_dir, diags):
        return []
    recover(out_dir)  # finish or discard what a killed build left behind
    checked = run_checks(project, diags, only=brief_ids or None)
    if strict:
        promote_warnings(diags)
    if diags.errors:
        return []
    if "pdf" in formats:
        for bid, composed in checked.composed.items():
            check_glyphs(bid, composed, checked, diags)
    outputs: dict[str, dict[str, bytes]] = {}
    pages: dict[str, int] = {}
    for bid, composed in checked.composed.items():
        options = write_options(checked, bid, project, diags)
        if options is None:
            continue
        outputs[bid] = {}
        for fmt in formats:
            outputs[bid][bid + WRITERS[fmt].extension] = get_writer(fmt)(composed.document, options)
        if "pdf" in formats:
            pages[bid] = pdf_page_count(outputs[bid][bid + ".pdf"])
            check_page_budget(checked, bid, pages[bid], diags)
    if diags.errors:
        return []
    files = {out_dir / name: data for per_brief in outputs.values() for name, data in per_brief.items()}
    files[out_dir / "manifest.json"] = manifest(checked, outputs, pages)
    publish(files)
    return list(files)


def promote_warnings(diags: Diagnostics) -> None:
    """--strict: every warning fails the run."""
    diags.items = [type(d)(d.location, "error", d.code, d.message, d.key_path) for d in diags.items]


def check_out_dir(project: Project, out_dir: Path, diags: Diagnostics) -> bool:
    """The output folder must not be (inside) a source folder, so no build can overwrite content."""
    out = out_dir.resolve()
    for source in (project.content_dir, project.briefs_dir):
        if out == source.resolve() or out.is_relative_to(source.resolve()):
            diags.error(Location(relative(source, project.root), 1, 1), "output-dir", f"output folder {str(out_dir)!r} "
                        "is inside a source folder; choose another --out")
            return False
    if out.exists() and not out.is_dir():
        diags.error(Location(str(out_dir), 1, 1), "output-dir", "output folder exists and is not a folder")
        return False
    return True


def write_options(checked: Checked, bid: str, project: Project, diags: Diagnostics) -> model.WriteOptions | None:
    brief = checked.briefs[bid]
    ref = brief.fields.get("reference_docx")
    if not ref:
        return model.WriteOptions()
    data, problem = read_reference(project.root / ref, full=True)
    if problem:
        diags.error(brief.locs.get("reference_docx", brief.loc), "reference-docx",
                    f"reference_docx {ref!r} is not a usable Word document: {problem}", "reference_docx")
        return None
    return model.WriteOptions(reference_docx=data)


def check_glyphs(bid: str, composed: Composed, checked: Checked, diags: Diagnostics) -> None:
    """Characters the PDF font cannot draw are errors located at the prose that holds them."""
    from generator.fonts import FAMILY as FONT_NAME, missing_glyphs

    text = model.document_text(composed.document) + "".join(model.plain_text(n.children)
                                                           for n in composed.document.notes)
    missing = missing_glyphs(text)
    if not missing:
        return
    for item in checked.content.items.values():
        for name, _lang, prose in prose_fields(item):
            found = [ch for ch in missing if ch in prose]
            if found:
                diags.error(item.locs.get(name.split(".")[0], item.loc), "font-glyph", f"font {FONT_NAME} cannot "
                            f"draw {''.join(found)!r} (U+{ord(found[0]):04X}) in {item.id}.{name}", item.id)
                missing = [ch for ch in missing if ch not in found]
    if missing:
        brief = checked.briefs[bid]
        diags.error(brief.loc, "font-glyph", f"font {FONT_NAME} cannot draw {''.join(missing)!r} "
                    f"(U+{ord(missing[0]):04X}) in brief {bid!r}")


def pdf_page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def check_page_budget(checked: Checked, bid: str, pages: int, diags: Diagnostics) -> None:
    brief = checked.briefs[bid]
    budget = brief.fields.get("page_budget")
    if budget and pages > budget:
        diags.error(brief.locs.get("page_budget", brief.loc), "budget-pages", f"brief {bid!r} is {pages} pages, "
                    f"over its page budget of {budget}", "page_budget")
