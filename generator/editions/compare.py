"""Editions: what changed in the content and briefs between two revisions, item by item.

:func:`compare` builds a :class:`Comparison` of two :class:`~generator.editions.revisions.Snapshot` s;
``generator.editions.report`` renders it for the terminal, as JSON, and as the
Markdown of a brief's "What changed since …" section.
"""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field

from generator.load.content import Content, Item
from generator.diagnostics import Diagnostics
from generator.editions.fielddiff import FieldChange, diff_fields, flatten_prose, norm, word_diff
from generator.load.schema import pick_language
from generator.figures.operations import Figure
from generator.editions.revisions import Snapshot
from generator.render.select import select

ITEM_ORDER = ("finding", "problem", "recommendation", "part")
REF_NAMES = {"problem": "evidence", "recommendation": "answers"}


@dataclass
class Change:
    """An added, removed or changed item, part, source or chart."""

    kind: str
    id: str
    status: str  # "added", "removed", "changed"
    title: str
    parent: str = ""
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class FigureChange:
    """A figure added, removed, redefined, or whose computed value moved because its inputs did."""

    id: str
    label: str
    period: str
    unit: str
    status: str
    old: float | None
    new: float | None
    decimals: int
    derived: bool = False  # its definition is unchanged: only its inputs changed
    via: list[str] = field(default_factory=list)  # redefined figures it depends on
    affects: list[str] = field(default_factory=list)  # derived figures that moved because of it
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class BriefChange:
    """A brief added, removed, redefined or selecting different items, figures or charts."""

    id: str
    status: str
    title: str
    added: dict[str, list[str]] = field(default_factory=dict)  # "items"/"figures"/"charts" -> IDs
    removed: dict[str, list[str]] = field(default_factory=dict)
    fields: list[FieldChange] = field(default_factory=list)
    selected_old: list[str] = field(default_factory=list)
    selected_new: list[str] = field(default_factory=list)


@dataclass
class Comparison:
    old: Snapshot
    new: Snapshot
    items: list[Change] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)
    sources: list[Change] = field(default_factory=list)
    charts: list[Change] = field(default_factory=list)
    briefs: list[BriefChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.items or self.figures or self.sources or self.charts or self.briefs)


def item_fields(item: Item) -> dict[str, str]:
    """An item's own fields, flattened to comparable text (parts are compared as items of their own)."""
    flat: dict[str, str] = {}
    for name in ("title", "summary", "text"):
        flatten_prose(flat, name, item.prose.get(name))
    for name in ("actor", "level", "instrument", "section", "lead", "by", "cost", "priority", "added_by",
                 "proposed_by"):
        flatten_prose(flat, name, getattr(item, name) or None)
    if item.anchor:  # where in its source a claim comes from: a moved quote is a change
        flat["anchor"] = norm(item.anchor)
    if item.tags:
        flat["tags"] = norm(item.tags)
    if item.refs:
        flat[REF_NAMES.get(item.kind, "refs")] = norm(item.refs)
    if item.parts:
        flat["parts"] = norm([p.id for p in item.parts])
    for audience, fields in item.audiences.items():
        for name, value in fields.items():
            flatten_prose(flat, f"audiences.{audience}.{name}", value)
    return flat


def _compare_table(old: dict, new: dict, kind_of, fields_of, title_of) -> list[Change]:
    changes = []
    for key in dict.fromkeys([*new, *old]):
        before, after = old.get(key), new.get(key)
        if before is None or after is None:
            obj = after if before is None else before
            changes.append(Change(kind_of(obj), key, "added" if before is None else "removed", title_of(obj),
                                  getattr(obj, "parent", "")))
            continue
        changed = diff_fields(fields_of(before), fields_of(after))
        if changed or kind_of(before) != kind_of(after):
            changes.append(Change(kind_of(after), key, "changed", title_of(after), getattr(after, "parent", ""),
                                  changed))
    return changes


def _source_fields(s) -> dict[str, str]:
    return {"title": s.title, "publisher": s.publisher, "year": norm(s.year), "url": s.url, "note": s.note,
            "author": s.author, "description": s.description, "reported_in": s.reported_in, "added": norm(s.added)}


def _chart_fields(c) -> dict[str, str]:
    flat = {"kind": c.kind, "title": c.title, "categories": norm(c.categories), "unit": c.unit,
            "x_label": c.x_label, "y_label": c.y_label, "caption": c.caption, "alt_text": c.alt_text,
            "stacked": norm(c.stacked), "x_scale": c.x_scale, "projected_from": c.projected_from}
    flat.update({f"series {name}": norm(fids) for name, fids, _w in c.series})
    return flat


def _figure_fields(content: Content, fid: str) -> dict[str, str]:
    return {k: norm(v) for k, v in content.figures[fid].written().items()}


def _moved(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    return not math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def _depends(fid: str, figures: dict[str, Figure], seen: set[str] | None = None) -> set[str]:
    """Every figure ``fid`` is computed from, directly or through other derived figures."""
    seen = set() if seen is None else seen
    for dep in figures[fid].inputs if fid in figures else ():
        if dep not in seen:
            seen.add(dep)
            _depends(dep, figures, seen)
    return seen


def compare_figures(old: Snapshot, new: Snapshot) -> list[FigureChange]:
    changes: list[FigureChange] = []
    for fid in dict.fromkeys([*new.content.figures, *old.content.figures]):
        in_old, in_new = fid in old.content.figures, fid in new.content.figures
        fields = diff_fields(_figure_fields(old.content, fid) if in_old else {},
                             _figure_fields(new.content, fid) if in_new else {})
        before, after = old.figures.get(fid), new.figures.get(fid)
        value_moved = _moved(before.value if before else None, after.value if after else None)
        if not (fields or value_moved or in_old != in_new):
            continue
        shown = after or before
        fdef = (new if in_new else old).content.figures[fid]
        status = "changed" if in_old and in_new else "added" if in_new else "removed"
        changes.append(FigureChange(fid, fdef.label, fdef.period.get("en", ""),
                                    shown.unit if shown else fdef.unit, status,
                                    before.value if before else None, after.value if after else None,
                                    shown.decimals if shown else 1, status == "changed" and not fields,
                                    fields=[] if status != "changed" else fields))
    redefined = {c.id for c in changes if not c.derived}
    by_id = {c.id: c for c in changes}
    for change in changes:
        if change.derived:
            change.via = sorted(_depends(change.id, new.figures) & redefined)
            for source in change.via:
                by_id[source].affects.append(change.id)
    return changes


def selection_ids(snap: Snapshot, brief_id: str) -> dict[str, list[str]]:
    brief = snap.briefs.get(brief_id)
    if brief is None:
        return {"items": [], "figures": [], "charts": []}
    chosen = select(brief, snap.content, dict.fromkeys(snap.figures), Diagnostics())
    return {"items": chosen.item_ids(), "figures": chosen.figures, "charts": chosen.charts}


def _brief_fields(brief) -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in brief.given().items():
        flatten_prose(flat, key, value)
    return flat


def _sections(brief) -> list[str]:
    described = []
    for section in brief.sections:
        opts = {k: v for k, v in section.given().items() if k != "kind"}
        described.append(section.kind + (f" ({norm(opts)})" if opts else ""))
    return described


def section_changes(before, after) -> list[FieldChange]:
    """Sections added, removed or changed; a changed section (same place, kind or options differ) gets a
    word-level diff, e.g. ``sections[5]: charts (charts: a, [-b-] {+c+})``."""
    a, b = _sections(before), _sections(after)
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1)
        for k in range(pairs):
            changes.append(FieldChange(f"sections[{j1 + k}]", a[i1 + k], b[j1 + k],
                                       word_diff(a[i1 + k], b[j1 + k])))
        changes += [FieldChange(f"sections[{i1 + k}]", a[i1 + k], "", f"[-{a[i1 + k]}-]")
                    for k in range(pairs, i2 - i1)]
        changes += [FieldChange(f"sections[{j1 + k}]", "", b[j1 + k], f"{{+{b[j1 + k]}+}}")
                    for k in range(pairs, j2 - j1)]
    return changes


def compare_briefs(old: Snapshot, new: Snapshot) -> list[BriefChange]:
    changes = []
    for bid in dict.fromkeys([*new.briefs, *old.briefs]):
        before, after = old.briefs.get(bid), new.briefs.get(bid)
        sel_old, sel_new = selection_ids(old, bid), selection_ids(new, bid)
        status = "changed" if before and after else "added" if after else "removed"
        change = BriefChange(bid, status, (after or old.briefs[bid]).text("title"),
                             {k: [i for i in sel_new[k] if i not in sel_old[k]] for k in sel_new},
                             {k: [i for i in sel_old[k] if i not in sel_new[k]] for k in sel_old},
                             diff_fields(_brief_fields(before), _brief_fields(after)) + section_changes(before, after)
                             if before and after else [],
                             sel_old["items"], sel_new["items"])
        change.added = {k: v for k, v in change.added.items() if v}
        change.removed = {k: v for k, v in change.removed.items() if v}
        if status != "changed" or change.added or change.removed or change.fields:
            changes.append(change)
    return changes


def compare(old: Snapshot, new: Snapshot) -> Comparison:
    """Everything that differs between two snapshots of a project."""
    items = _compare_table(old.content.items, new.content.items, lambda i: i.kind, item_fields,
                           lambda i: pick_language(i.prose.get("title"), "en"))
    items.sort(key=lambda c: ITEM_ORDER.index(c.kind) if c.kind in ITEM_ORDER else len(ITEM_ORDER))
    return Comparison(
        old, new, items, compare_figures(old, new),
        _compare_table(old.content.sources, new.content.sources, lambda s: "source", _source_fields,
                       lambda s: s.title),
        _compare_table(old.content.charts, new.content.charts, lambda c: "chart", _chart_fields,
                       lambda c: c.title),
        compare_briefs(old, new),
    )
