"""The write phase: documents → bytes through the writer registry → atomically published files."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from generator import model
from generator.compose import Composed
from generator.diagnostics import Diagnostics, Location, relative
from generator.output import publish, recover
from generator.pipeline import Checked, Project, manifest, run_checks
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


MAX_REFERENCE_BYTES = 20_000_000  # a reference .docx file
MAX_REFERENCE_UNPACKED = 100_000_000  # all its parts, uncompressed
MAX_REFERENCE_PARTS = 2_000


def write_options(checked: Checked, bid: str, project: Project, diags: Diagnostics) -> model.WriteOptions | None:
    brief = checked.briefs[bid]
    ref = brief.fields.get("reference_docx")
    if not ref:
        return model.WriteOptions()
    where = brief.locs.get("reference_docx", brief.loc)
    problem = None
    try:
        path = project.root / ref
        if path.stat().st_size > MAX_REFERENCE_BYTES:
            problem = f"it is larger than {MAX_REFERENCE_BYTES // 1_000_000} MB"
        else:
            data = path.read_bytes()
            problem = reference_problem(data)
    except OSError as exc:
        problem = f"cannot read it ({exc.strerror})"
    if problem:
        diags.error(where, "reference-docx", f"reference_docx {ref!r} is not a usable Word document: {problem}",
                    "reference_docx")
        return None
    return model.WriteOptions(reference_docx=data)


def reference_problem(data: bytes) -> str | None:
    """Why ``data`` cannot serve as a reference .docx, or None. Bounds what unpacking it may cost
    (declared sizes, then the actual bytes inflated, so a lying zip header cannot get past)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_REFERENCE_PARTS:
                return f"it has more than {MAX_REFERENCE_PARTS} parts"
            if "word/styles.xml" not in archive.namelist() or "[Content_Types].xml" not in archive.namelist():
                return "no word/styles.xml or [Content_Types].xml (is it a .docx?)"
            if sum(i.file_size for i in infos) > MAX_REFERENCE_UNPACKED:
                return f"it unpacks to more than {MAX_REFERENCE_UNPACKED // 1_000_000} MB (a zip bomb?)"
            budget = MAX_REFERENCE_UNPACKED
            for info in infos:
                with archive.open(info) as part:
                    while chunk := part.read(1 << 20):
                        budget -= len(chunk)
                        if budget < 0:
                            return f"it unpacks to more than {MAX_REFERENCE_UNPACKED // 1_000_000} MB (a zip bomb?)"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError,
            RuntimeError) as exc:  # RuntimeError: encrypted parts
        return f"not a valid zip package ({exc})"
    try:
        import docx

        docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        return f"Word cannot open it ({type(exc).__name__}: {str(exc)[:120]})"
    return None


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
