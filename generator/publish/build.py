"""The write phase: documents → bytes through the writer registry → atomically published files."""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Callable

from generator import model
from generator.diagnostics import Diagnostics, Location, relative
from generator.publish.draft import demote_budget_errors, mark_draft, over_budget
from generator.publish.output import OutputError, locked, publish, recover
from generator.pipeline import Checked, Project, run_checks
from generator.writers.reference_docx import MAX_REFERENCE_BYTES, open_problem, strip_external
from generator.publish.parallel import early_pool, write_all
from generator.publish.writer_pool import WriterPool
from generator.load.safefs import UnsafeFile, read_regular
from generator.writers import WRITERS, get_writer


def build(project: Project, brief_ids: list[str], formats: list[str], out_dir: Path, diags: Diagnostics,
          strict: bool = False, redline: str | None = None, draft: bool = False,
          progress: Callable[[str, float], None] | None = None, warm: bool = False) -> list[Path]:
    """Check everything, then write the briefs (and with ``redline``, each one's tracked changes since that
    revision, generator.editions.redline; with ``draft``, over-budget briefs marked DRAFT); returns the files written
    (none if anything failed). ``progress(brief ID, seconds)`` is called as each brief's files are made.
    ``warm``: this process has written briefs before (brief watch), see generator.publish.parallel.write_all."""
    if not check_out_dir(project, out_dir, diags):
        return []
    try:
        with locked(out_dir):  # one build at a time per output folder: the manifest describes the files
            recover(out_dir)  # finish or discard what a killed build left behind
            # writer processes forked now import their libraries while the briefs are checked
            with early_pool(len(brief_ids) or _brief_files(project), formats, warm) as pool:
                return _build_locked(project, brief_ids, formats, out_dir, diags, strict, redline, draft, progress,
                                     warm, pool)
    except OSError as exc:  # EACCES, ENOSPC, EFBIG, a folder in the way: the last good outputs stay
        diags.error(Location(relative(out_dir, project.root), 1, 1), "output-write", f"cannot write the outputs: "
                    f"{_os_message(exc)}; the previous outputs were left as they were")
        return []


def _brief_files(project: Project) -> int:
    """How many briefs a build of all of them will write, about: the brief files (before they are checked)."""
    try:
        return sum(1 for _ in project.briefs_dir.glob("*.yaml"))
    except OSError:
        return 0


def _os_message(exc: OSError) -> str:
    if isinstance(exc, OutputError) or not exc.strerror:
        return str(exc)
    name = exc.filename if isinstance(exc.filename, str) else ""
    return f"{exc.strerror}{f' ({name})' if name else ''}"


def _build_locked(project: Project, brief_ids: list[str], formats: list[str], out_dir: Path, diags: Diagnostics,
                  strict: bool, redline: str | None, draft: bool,
                  progress: Callable[[str, float], None] | None, warm: bool = False,
                  pool: WriterPool | None = None) -> list[Path]:
    checked = run_checks(project, diags, only=brief_ids or None,
                         pdf=any(WRITERS[fmt].checks_glyphs for fmt in formats))
    if draft:
        demote_budget_errors(diags)
    if strict:
        diags.promote_warnings()
    base = None
    if redline is not None and not diags.errors:
        from generator.editions.redline import base_editions

        base = base_editions(project.root, redline, list(checked.composed), bool(brief_ids),
                             checked.version.get("created", ""), diags)
    if diags.errors:
        return []
    jobs = {}
    for bid, composed in checked.composed.items():
        options = write_options(checked, bid, project, diags)
        if options is not None:
            jobs[bid] = (composed.document, replace(options, markdown=composed.markdown))
    outputs: dict[str, dict[str, bytes]] = {}
    pages: dict[str, int] = {}
    drafts: dict[str, list[str]] = {}
    for bid, written in write_all(jobs, formats, warm, pool):  # in-process, or each file a task over the cores
        outputs[bid] = written.files
        for fmt, warning in written.warnings:
            report_writer_warnings(checked, bid, fmt, [warning], diags)
        if written.pages is not None:  # budgets are checked on the first paged format
            pages[bid] = written.pages
            check_page_budget(checked, bid, written.pages, diags)
        composed, options = checked.composed[bid], jobs[bid][1]
        reasons = over_budget(checked.briefs[bid], composed.words, pages.get(bid)) if draft else []
        if reasons:
            drafts[bid] = reasons
            marked = mark_draft(composed.document)
            for fmt in formats:  # the same brief again, with a DRAFT watermark and marking
                outputs[bid][bid + WRITERS[fmt].extension] = get_writer(fmt)(marked, options)
        if base is not None and bid in base.docx:
            current = outputs[bid].get(bid + ".docx") or get_writer("docx")(composed.document, options)
            outputs[bid][bid + ".redline.docx"] = base.redline(bid, current, composed.document)
        if progress is not None:
            progress(bid, written.seconds)
    if strict:
        diags.promote_warnings()  # the writers' warnings too
    if draft:
        demote_budget_errors(diags)
    if diags.errors:
        return []
    files = {out_dir / name: data for per_brief in outputs.values() for name, data in per_brief.items()}
    files[out_dir / "manifest.json"] = manifest(checked, outputs, pages, out_dir, base, drafts)
    publish(files)  # OSError: reported by build()
    return list(files)


def check_out_dir(project: Project, out_dir: Path, diags: Diagnostics) -> bool:
    """The output folder must not be (inside) a source folder, so no build can overwrite content."""
    out = out_dir.resolve()
    if out_dir == project.root / "out" and (out_dir.is_symlink() or not out.is_relative_to(project.root.resolve())):
        diags.error(Location("out", 1, 1), "output-dir", "out/ is a symbolic link; brief writes only into a real "
                    "out/ folder inside the project (remove the link, or choose a folder with --out)")
        return False
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
    ref = brief.reference_docx
    if not ref:
        return model.WriteOptions()
    # The check phase read it within bounds (check_brief_paths); only python-docx's opinion is new here.
    data, _removed = strip_external(read_regular(project.root / ref, MAX_REFERENCE_BYTES, project.root))
    problem = open_problem(data)
    if problem:
        diags.error(brief.locs.get("reference_docx", brief.loc), "reference-docx",
                    f"reference_docx {ref!r} is not a usable Word document: {problem}", "reference_docx")
        return None
    return model.WriteOptions(reference_docx=data)


MAX_MANIFEST_BYTES = 10_000_000
MAX_OUTPUT_BYTES = 200_000_000  # a brief file of an earlier build, hashed to see whether it is intact


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(checked: Checked, outputs: dict[str, dict[str, bytes]], pages: dict[str, int], out_dir: Path,
             base=None, drafts: dict[str, list[str]] | None = None) -> bytes:
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
        if base is not None and bid in base.docx:  # the redline's base edition
            briefs[bid]["redline"] = {"file": bid + ".redline.docx", "base": base.label, "base_commit": base.commit}
        if drafts and bid in drafts:
            briefs[bid]["draft"] = {"over_budget": drafts[bid]}
    document = {"content_version": version, "briefs": dict(sorted(briefs.items()))}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def _previous_entries(out_dir: Path) -> dict[str, dict]:
    """Entries of the last manifest whose files are all still in ``out_dir`` with the recorded hashes."""
    try:  # never a symlink, FIFO or device: out/ may hold anything a repository committed
        previous = json.loads(read_regular(out_dir / "manifest.json", MAX_MANIFEST_BYTES, follow=False))["briefs"]
    except (UnsafeFile, ValueError, KeyError, TypeError, RecursionError):
        return {}
    kept = {}
    for bid, entry in previous.items() if isinstance(previous, dict) else ():
        try:
            intact = all(isinstance(name, str) and "/" not in name and "\\" not in name and name not in (".", "..")
                         and sha256(read_regular(out_dir / name, MAX_OUTPUT_BYTES, follow=False)) == digest
                         for name, digest in entry["files"].items())
        except (UnsafeFile, KeyError, TypeError, AttributeError, ValueError):
            intact = False
        if intact:
            kept[bid] = entry
    return kept


def check_page_budget(checked: Checked, bid: str, pages: int, diags: Diagnostics) -> None:
    brief = checked.briefs[bid]
    budget = brief.page_budget
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
