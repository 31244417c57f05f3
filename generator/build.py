"""The write phase: documents → bytes through the writer registry → atomically published files."""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Callable

from generator import model
from generator.diagnostics import Diagnostics, Location, relative
from generator.output import publish, recover
from generator.pipeline import Checked, Project, run_checks
from generator.reference_docx import open_problem
from generator.parallel import write_all
from generator.writers import WRITERS


def build(project: Project, brief_ids: list[str], formats: list[str], out_dir: Path, diags: Diagnostics,
          strict: bool = False, progress: Callable[[str, float], None] | None = None) -> list[Path]:
    """Check everything, then write the briefs; returns the files written (none if anything failed).
    ``progress(brief ID, seconds)`` is called as each brief's files are made."""
    if not check_out_dir(project, out_dir, diags):
        return []
    recover(out_dir)  # finish or discard what a killed build left behind
    checked = run_checks(project, diags, only=brief_ids or None,
                         pdf=any(WRITERS[fmt].checks_glyphs for fmt in formats))
    if strict:
        diags.promote_warnings()
    if diags.errors:
        return []
    jobs = {}
    for bid, composed in checked.composed.items():
        options = write_options(checked, bid, project, diags)
        if options is not None:
            jobs[bid] = (composed.document, replace(options, markdown=composed.markdown))
    outputs: dict[str, dict[str, bytes]] = {}
    pages: dict[str, int] = {}
    for bid, written in write_all(jobs, formats):  # in-process, or over the cores for many briefs
        outputs[bid] = written.files
        for fmt, warning in written.warnings:
            report_writer_warnings(checked, bid, fmt, [warning], diags)
        if written.pages is not None:  # budgets are checked on the first paged format
            pages[bid] = written.pages
            check_page_budget(checked, bid, written.pages, diags)
        if progress is not None:
            progress(bid, written.seconds)
    if strict:
        diags.promote_warnings()
    if diags.errors:
        return []
    files = {out_dir / name: data for per_brief in outputs.values() for name, data in per_brief.items()}
    files[out_dir / "manifest.json"] = manifest(checked, outputs, pages, out_dir)
    publish(files)
    return list(files)


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
    # The check phase read it within bounds (check_brief_paths); only python-docx's opinion is new here.
    data = (project.root / ref).read_bytes()
    problem = open_problem(data)
    if problem:
        diags.error(brief.locs.get("reference_docx", brief.loc), "reference-docx",
                    f"reference_docx {ref!r} is not a usable Word document: {problem}", "reference_docx")
        return None
    return model.WriteOptions(reference_docx=data)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(checked: Checked, outputs: dict[str, dict[str, bytes]], pages: dict[str, int], out_dir: Path) -> bytes:
    """``out/manifest.json``: per brief, files with SHA-256, items, figures, charts, pages and words.

    A build of some briefs keeps the entries of the others whose files are still there unchanged,
    each with the content version it was built from.
    """
    version = {k: checked.version.get(k, "") for k in ("commit", "tag", "dirty", "created")}
    briefs = {bid: entry for bid, entry in _previous_entries(out_dir).items() if bid not in outputs}
    for bid, files in outputs.items():
        composed = checked.composed[bid]
        included = composed.items_included
        briefs[bid] = {
            "files": {name: sha256(data) for name, data in sorted(files.items())},
            "content_version": version,
            "items_included": included,
            "items_excluded": [i for i in checked.content.items if i not in included],
            "figures": composed.figures_used, "charts": composed.charts_used,
            "pages": pages.get(bid), "words": composed.words,
        }
    document = {"content_version": version, "briefs": dict(sorted(briefs.items()))}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def _previous_entries(out_dir: Path) -> dict[str, dict]:
    """Entries of the last manifest whose files are all still in ``out_dir`` with the recorded hashes."""
    try:
        previous = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))["briefs"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    kept = {}
    for bid, entry in previous.items() if isinstance(previous, dict) else ():
        try:
            intact = all(sha256((out_dir / name).read_bytes()) == digest and "/" not in name
                         for name, digest in entry["files"].items())
        except (OSError, KeyError, TypeError, AttributeError):
            intact = False
        if intact:
            kept[bid] = entry
    return kept


def check_page_budget(checked: Checked, bid: str, pages: int, diags: Diagnostics) -> None:
    brief = checked.briefs[bid]
    budget = brief.fields.get("page_budget")
    if budget and pages > budget:
        diags.error(brief.locs.get("page_budget", brief.loc), "budget-pages", f"brief {bid!r} is {pages} pages, "
                    f"over its page budget of {budget}", "page_budget")


def report_writer_warnings(checked: Checked, bid: str, fmt: str, warnings: list[model.WriterWarning],
                           diags: Diagnostics) -> None:
    """What a writer worked around, as warnings at the brief, naming the heading it happened under."""
    brief = checked.briefs[bid]
    for w in warnings:
        near = f" under heading {w.near!r}" if w.near else ""
        diags.warning(brief.loc, w.code, f"{fmt} writer, brief {bid!r}{near}: {w.message}")
