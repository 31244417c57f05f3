"""The phases in order — load, validate, compute, select, render, write — with all checking before writing."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.editions import gitinfo
from generator import model
from generator.load.briefs import Brief, load_briefs
from generator.render.compose import Composed, RenderInputs
from generator.render.compose_many import compose_all
from generator.figures.compute import CheckResult, compute_figures
from generator.load.content import Content, load_content
from generator.diagnostics import Diagnostics, Location, relative
from generator.figures.operations import Figure
from generator.writers.fonts import BUNDLED, missing_glyphs
from generator.load.cascade import fold_follow_on_errors
from generator.load.safefs import is_inside
from generator.check.prose_refs import check_prose_templates
from generator.load.section_kinds import any_section
from generator.render.select import select
from generator.render.terms import check_terms
from generator.load.warm import WarmContent
from generator.check.validate import (check_chart_units, figures_used_by_content, prose_fields, report_unused,
                                validate_briefs, validate_content)


@dataclass
class Project:
    """Where a project's folders are (and, in a long-running ``brief watch``, what it keeps between builds)."""

    root: Path
    warm: WarmContent | None = field(default=None, compare=False, repr=False)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def briefs_dir(self) -> Path:
        return self.root / "briefs"


@dataclass
class Checked:
    """Everything the phases before writing produced."""

    content: Content
    briefs: dict[str, Brief]
    figures: dict[str, Figure] = field(default_factory=dict)
    checks: list[CheckResult] = field(default_factory=list)
    composed: dict[str, Composed] = field(default_factory=dict)
    version: dict[str, str] = field(default_factory=dict)


def run_checks(project: Project, diags: Diagnostics, only: list[str] | None = None, pdf: bool = True,
               version: dict[str, str] | None = None, git_root: Path | None = None) -> Checked:
    """Load, validate, compute, select and render every brief (or ``only`` these), collecting diagnostics.
    ``pdf``: also check that the PDF font can draw every character the briefs show. A project materialised
    from a revision (generator.editions.redline) passes that revision's ``version`` and the repository's ``git_root``."""
    if project.warm is not None:
        content = project.warm.load(project.content_dir, project.root, diags)
    else:
        content = load_content(project.content_dir, project.root, diags)
    briefs = load_briefs(project.briefs_dir, project.root, diags)
    for brief_id in only or []:
        if brief_id not in briefs:
            diags.error(Location(relative(project.briefs_dir, project.root)), "brief-unknown",
                        f"no brief {brief_id!r}; known: {', '.join(briefs) or 'none'}")
    if project.warm is not None:
        project.warm.validate(content, diags)
    else:
        validate_content(content, diags)
    validate_briefs(briefs, diags, content)
    check_prose_templates(content, briefs, diags)
    check_terms(briefs, project.root, diags)
    for brief in briefs.values():
        check_brief_paths(brief, project.root, diags)
    figures, checks = compute_figures(content, diags)
    report_checks(checks, figures, diags)
    check_chart_units(content, figures, diags)
    checked = Checked(content, briefs, figures, checks, version=version or gitinfo.content_version(project.root))
    selections = {bid: select(b, content, figures, diags) for bid, b in briefs.items()}
    if diags.errors:
        fold_follow_on_errors(diags, project.root)
        return checked  # rendering on broken references would only repeat the same errors
    extras = changes_extras(git_root or project.root, checked, only, diags)  # "What changed since …" sections
    if diags.errors:  # git history read only for a build that can go on
        fold_follow_on_errors(diags, project.root)
        return checked
    ctx = RenderInputs(content, figures, checks, checked.version, project.root)
    jobs = {bid: (selection, replace(ctx, extra={**ctx.extra, **extras[bid]}) if bid in extras else ctx)
            for bid, selection in selections.items() if not only or bid in only}
    for bid, composed in compose_all(jobs, diags):  # in turn, or over the cores for many briefs
        if composed is not None:
            checked.composed[bid] = composed
            check_word_budget(selections[bid].brief, composed, diags)
    if pdf:
        check_glyphs(checked, diags)
    if not only and len(checked.composed) == len(briefs):  # a brief that failed to render used nothing yet
        used_figures = figures_used_by_content(content)
        used_items: set[str] = set()
        for composed in checked.composed.values():
            used_figures.update(composed.figures_used)
            used_items.update(composed.items_included)
        listed = any_section(briefs, "lists_sources")
        report_unused(content, used_figures, used_items, set(content.sources) if listed else set(), diags)
    fold_follow_on_errors(diags, project.root)
    return checked


def changes_extras(root: Path, checked: Checked, only: list[str] | None, diags: Diagnostics) -> dict[str, dict]:
    """Template variables of briefs with a ``changes`` section (generator.editions.report, loaded only then)."""
    if not any_section(checked.briefs, "needs_history"):
        return {}
    from generator.editions.report import changes_extras as compute_extras

    return compute_extras(root, checked, only, diags)


def check_glyphs(checked: Checked, diags: Diagnostics) -> None:
    """Characters no PDF font can draw (anywhere: metadata, body, charts, notes) are errors, each reported once,
    at the prose that holds it."""

    shown: dict[str, str] = {}  # character -> first brief showing it
    for bid, composed in checked.composed.items():
        for char in dict.fromkeys("".join(model.iter_text(composed.document))):
            shown.setdefault(char, bid)
    missing = missing_glyphs("".join(shown))  # each character the briefs show asked about once
    for item in checked.content.items.values():
        for name, _lang, prose in prose_fields(item):
            found = [ch for ch in missing if ch in prose]
            if found:
                diags.error(item.locs.get(name.split(".")[0], item.loc), "font-glyph", f"no bundled font "
                            f"({BUNDLED}) can draw {''.join(found)!r} (U+{ord(found[0]):04X}) in "
                            f"{item.id}.{name}", item.id)
                missing = [ch for ch in missing if ch not in found]
    for char in missing:
        brief = checked.briefs[shown[char]]
        diags.error(brief.loc, "font-glyph", f"no bundled font ({BUNDLED}) can draw {char!r} "
                    f"(U+{ord(char):04X}) in brief {brief.id!r}")


def report_checks(checks: list[CheckResult], figures: dict[str, Figure], diags: Diagnostics) -> None:
    """Stated-versus-computed disagreements and implausible values become located warnings."""
    for c in checks:
        if c.ok or c.accepted:  # an accepted disagreement still shows in the checks table, with its reason
            continue
        unit = figures[c.figure_id].unit
        if c.kind == "range":
            diags.warning(c.loc, "figure-implausible", f"{c.figure_id} is {c.computed:.4g} {unit}, expected "
                          f"{c.basis}", f"figures.{c.figure_id}")
        else:
            label = "stated" if c.kind == "stated" else "value"
            diags.warning(c.loc, "figure-mismatch", f"{c.figure_id}: {label} {c.stated:g} {unit} but {c.basis} "
                          f"gives {c.computed_text()} (difference {abs(c.stated - c.computed):.3g}, tolerance "
                          f"{c.tolerance:.3g})", f"figures.{c.figure_id}")


def check_brief_paths(brief: Brief, root: Path, diags: Diagnostics) -> None:
    """A brief's template and reference document must be files inside the project."""
    for key, value in (("template", brief.template), ("reference_docx", brief.reference_docx)):
        if not value:
            continue
        where = brief.locs.get(key, brief.loc)
        resolved = Path(os.path.realpath(root / value))  # not Path.resolve: a link to itself raised RuntimeError
        if Path(value).is_absolute() or not is_inside(resolved, root):
            diags.error(where, "path-outside", f"{key} {value!r} is outside the project; use a path inside it",
                        key)
        elif key == "template" and not is_inside(resolved, root / "templates"):
            diags.error(where, "path-outside", f"template {value!r} is not in the project's templates/ folder; "
                        "layouts and what they include live there", key)
        elif not resolved.is_file():
            diags.error(where, "path-missing", f"{key} {value!r} " + ("is not a regular file" if os.path.lexists(resolved)
                        else "does not exist"), key)
        elif key == "reference_docx":
            from generator.writers.reference_docx import file_problem

            problem = file_problem(resolved)
            if problem:
                diags.error(where, "reference-docx", f"reference_docx {value!r} is not a usable Word document: "
                            f"{problem}", key)
            else:
                from generator.writers.reference_docx import external_targets

                for target in external_targets(resolved)[:3]:
                    diags.warning(where, "reference-docx-external", f"reference_docx {value!r} points outside "
                                  f"itself ({target[:80]!r}); the link is left out of the briefs", key)


def check_word_budget(brief: Brief, composed: Composed, diags: Diagnostics) -> None:
    budget = brief.word_budget
    if budget and composed.words > budget:
        diags.error(brief.locs.get("word_budget", brief.loc), "budget-words", f"brief {brief.id!r} has "
                    f"{composed.words} words, over its budget of {budget}", "word_budget")
