"""Renderings of a :class:`~generator.editions.compare.Comparison`: terminal text, JSON, and the Markdown of a
brief's "What changed since …" section; plus the ``brief diff`` command and the pipeline's hook."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.figures import formatting
from generator.diagnostics import Diagnostics
from generator.editions.compare import Change, Comparison, FigureChange, compare, selection_ids
from generator.load.schema import pick_language
from generator.load.section_kinds import KINDS
from generator.check.validate import figure_references
from generator.editions.revisions import WORK_TREE, RevisionError, Snapshot, at_revision, snapshot
from generator.render.templating import md_escape

if TYPE_CHECKING:  # pipeline imports this module; importing pipeline back at run time would be a cycle
    from collections.abc import Iterator

    from generator.load.content import Content
    from generator.diagnostics import Location
    from generator.pipeline import Checked

HEADINGS = {"finding": "Findings", "problem": "Problems", "recommendation": "Recommendations",
            "part": "Recommendation parts", "source": "Sources", "chart": "Charts"}
MARK = {"added": "+", "removed": "-", "changed": "~"}


def value_text(change: FigureChange, value: float | None, lang: str = "en") -> str:
    if value is None:
        return "n/a"
    return formatting.with_unit(value, change.unit, change.decimals, lang, short=True)


def values(change: FigureChange, lang: str = "en") -> str:
    """"$69.5 bn → $72.0 bn"; more decimals when the change is too small to show at the figure's own."""
    old, new = value_text(change, change.old, lang), value_text(change, change.new, lang)
    if old == new and change.old is not None and change.new is not None:
        more = replace(change, decimals=change.decimals + 3)
        old, new = value_text(more, change.old, lang), value_text(more, change.new, lang)
    return f"{old} → {new}"


def _label(change: FigureChange) -> str:
    return f"{change.label} ({change.period})" if change.period else change.label


def render_text(cmp: Comparison) -> str:
    """A readable summary for the terminal."""
    lines = [f"Changes from {cmp.old.name} to {cmp.new.name}"]
    lines += [f"note: {s.name} has {len(s.diags.errors)} content error(s); run brief check there"
              for s in (cmp.old, cmp.new) if s.diags.errors]
    if cmp.empty:
        return "\n".join([lines[0] + ": none in content or briefs.", *lines[1:]]) + "\n"
    groups: dict[str, list] = {}
    for change in [*cmp.items, *cmp.sources, *cmp.charts]:
        groups.setdefault(change.kind, []).append(change)
    for kind, changes in groups.items():
        lines += ["", HEADINGS.get(kind, kind)]
        for c in changes:
            lines.append(f"  {MARK[c.status]} {c.id}: {c.title}" + (f"  (part of {c.parent})" if c.parent else ""))
            lines += [f"      {f.field}: {f.diff}" for f in c.fields]
    stale = stale_translations_between(cmp)
    if stale:
        lines += ["", "Translations left stale (their source text changed)"]
        lines += [f"  ! {key}: {', '.join(langs)}" for key, langs in stale.items()]
    if cmp.figures:
        lines += ["", "Figures"]
        for f in cmp.figures:
            detail = values(f) if f.status == "changed" else value_text(f, f.new if f.status == "added" else f.old)
            note = f"  (derived, via {', '.join(f.via)})" if f.derived and f.via else "  (derived)" if f.derived else ""
            lines.append(f"  {MARK[f.status]} {f.id}: {_label(f)}: {detail}{note}")
            lines += [f"      {c.field}: {c.diff}" for c in f.fields]
            if f.affects:
                lines.append(f"      affects: {', '.join(f.affects)}")
    if cmp.briefs:
        lines += ["", "Briefs"]
        for b in cmp.briefs:
            lines.append(f"  {MARK[b.status]} {b.id}: {b.title}")
            for what, ids in b.added.items():
                lines.append(f"      {what} added: {', '.join(ids)}")
            for what, ids in b.removed.items():
                lines.append(f"      {what} removed: {', '.join(ids)}")
            lines += [f"      {c.field}: {c.diff}" for c in b.fields]
    return "\n".join(lines) + "\n"


def stale_translations_between(cmp: Comparison) -> dict[str, list[str]]:
    """{field: languages} of translations made from the old revision's source text that changed since."""
    from generator.load.labels import label_fields
    from generator.load.translation import went_stale
    from generator.check.validate import prose_maps

    def fields(content: Content) -> Iterator[tuple[str, dict[str, str], Location]]:  # items' prose, then the short fields printed as written (periods, categories, …)
        yield from (entry for item in content.items.values() for entry in prose_maps(item))
        yield from label_fields(content)

    old = {key: value for key, value, _ in fields(cmp.old.content)}
    out: dict[str, list[str]] = {}
    for key, value, _where in fields(cmp.new.content):
        langs = went_stale(old.get(key, {}), value)
        if langs:
            out[key] = langs
    return out


def _side(snap: Snapshot) -> dict[str, Any]:
    return {"rev": snap.label, "commit": snap.commit or None, "errors": len(snap.diags.errors)}


def render_json(cmp: Comparison) -> str:
    data = {"from": _side(cmp.old), "to": _side(cmp.new),
            **{key: [asdict(c) for c in getattr(cmp, key)] for key in ("items", "figures", "sources", "charts",
                                                                       "briefs")}}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _title(snap: Snapshot, item_id: str, lang: str) -> str:
    """An item's title in ``lang`` as Markdown, its figures rendered with that snapshot's values."""
    from generator.render.prose import ProseRenderer

    item = snap.content.items[item_id]
    raw = pick_language(item.prose.get("title"), lang)
    text = ProseRenderer(snap.figures, lang, Diagnostics()).render(raw, item.loc, item_id, cite=False)
    return text or md_escape(raw)


def _figure_refs(snap: Snapshot, brief_id: str, items: list[str]) -> set[str]:
    """Figures a brief's own fields and its items' prose name (on one side)."""
    brief = snap.briefs.get(brief_id)
    texts = [json.dumps(brief.given(), default=str), json.dumps([s.given() for s in brief.sections], default=str)] \
        if brief else []
    for iid in items:
        item = snap.content.items.get(iid)
        if item is not None:
            texts.append(json.dumps([item.prose, item.audiences, item.actor, item.instrument, item.lead, item.cost],
                                    default=str))
    return {fid for text in texts for fid in figure_references(text)}


def _label_in(snap: Snapshot, change: FigureChange, lang: str, term: Any) -> str:
    """A changed figure's label and period in ``lang``, punctuated as the brief's key figures are."""
    from generator.load.translation import Picker, text_in
    from generator.render.provenance import period_shown

    fig = snap.figures.get(change.id)
    if fig is None:  # a figure that does not compute in this snapshot: its English words
        return _label(change)
    period = period_shown(change.id, snap.figures, snap.content, term, Picker(lang, Diagnostics()), marked=False)
    label = text_in(fig.labels, lang) or fig.label
    return term("key_figure.label", label=label, period=period) if period else label


def field_names(change: Change, term: Any) -> str:
    """The changed fields of an item in the reader's words (``field.*`` terms), never the schema's keys: a
    translation's field ("summary [zh-Hans]") and an audience's ("audiences.ministry.summary") by their name."""
    names = sorted({f.field.split(" [")[0].split(".")[-1] for f in change.fields})
    return term("changes.field_separator").join(term(f"field.{name}") for name in names)


def brief_markdown(cmp: Comparison, brief_id: str, lang: str = "en", root: Path | None = None) -> str:
    """A short bulleted summary, for officials, of what changed in what ``brief_id`` shows, in the words of
    ``lang`` (its terms file; the project's own under ``root``)."""
    from generator.render.terms import load_terms

    term = load_terms(lang, root, Diagnostics())
    brief = next((b for b in cmp.briefs if b.id == brief_id), None)
    if brief is not None:
        old_items, new_items = brief.selected_old, brief.selected_new
    else:  # the brief's selection is unchanged
        old_items = new_items = selection_ids(cmp.new, brief_id)["items"]
    shown = set(old_items) | set(new_items)
    lines = []
    for c in cmp.items:
        if c.id not in shown and not (c.status == "added" and c.id in new_items):
            continue
        if c.parent and any(p.id == c.parent and p.status == c.status != "changed" for p in cmp.items):
            continue  # a part of a recommendation added or withdrawn as a whole
        kind = term(f"kind.{c.kind}")
        if c.status == "added":
            lines.append("- " + term("changes.new", kind=kind, title=f"**{_title(cmp.new, c.id, lang)}**"))
        elif c.status == "removed":
            lines.append("- " + term("changes.withdrawn", kind=kind, title=f"**{_title(cmp.old, c.id, lang)}**"))
        else:
            lines.append("- " + term("changes.revised", kind=kind, title=f"**{_title(cmp.new, c.id, lang)}**",
                                     fields=field_names(c, term)))
    relevant = _figure_refs(cmp.new, brief_id, new_items) | _figure_refs(cmp.old, brief_id, old_items)
    relevant |= set(selection_ids(cmp.new, brief_id)["figures"]) | set(selection_ids(cmp.old, brief_id)["figures"])
    for f in cmp.figures:
        if f.id not in relevant:
            continue
        label = md_escape(_label_in(cmp.old if f.status == "removed" else cmp.new, f, lang, term))
        if f.status == "changed":
            how = term("changes.recomputed") if f.derived else ""
            lines.append("- " + term("changes.figure_changed", label=label, values=md_escape(values(f, lang))) + how)
        elif f.status == "added":
            lines.append("- " + term("changes.figure_new", label=label, value=md_escape(value_text(f, f.new, lang))))
        else:
            lines.append("- " + term("changes.figure_gone", label=label))
    for s in cmp.sources:
        if s.status == "added":
            lines.append("- " + term("changes.source_new", title=f"*{md_escape(s.title)}*"))
    if not lines:
        return term("changes.nothing", since=md_escape(cmp.old.label))
    return "\n".join(lines)


def diff_command(root: Path, rev_a: str, rev_b: str | None, fmt: str) -> int:
    """``brief diff REV_A [REV_B]``: exit 0, or 1 with a one-line error."""
    try:
        cmp = compare(snapshot(root, rev_a), snapshot(root, rev_b))
    except RevisionError as exc:
        print(f"brief: error: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(render_json(cmp) if fmt == "json" else render_text(cmp))
    return 0


def changes_extras(root: Path, checked: Checked, only: list[str] | None, diags: Diagnostics) -> dict[str, dict]:
    """Template variables for briefs with a ``changes`` section: ``changes`` ({since: markdown}).
    An unknown ``since`` is a located error."""
    current = Snapshot(WORK_TREE, "", checked.content, checked.figures, checked.briefs)
    cache: dict[str, Comparison | RevisionError] = {}
    extras: dict[str, dict] = {}
    for bid, brief in checked.briefs.items():
        per: dict[str, str] = {}
        for index, section in enumerate(brief.sections):
            if not KINDS[section.kind].needs_history or (only and bid not in only):
                continue
            since = str(section.given().get("since") or "")
            if since not in cache:
                try:
                    cache[since] = compare(at_revision(root, since), current)
                except RevisionError as exc:
                    cache[since] = exc
            result = cache[since]
            if isinstance(result, RevisionError):
                diags.error(section.locs.get("since", section.loc), "changes-since",
                            f"cannot compare with {since!r}: {result}", f"sections[{index}].since")
            else:
                per.setdefault(since, brief_markdown(result, bid, brief.language, root))
        if per:
            extras[bid] = {"changes": per}
    return extras
