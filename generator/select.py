"""The select phase: resolve each brief's sections to concrete items, figures and charts."""
from __future__ import annotations

from dataclasses import dataclass, field

from generator.briefs import Brief, Section
from generator.content import Content, Item
from generator.diagnostics import Diagnostics

KIND_OF_SECTION = {"findings": "finding", "problems": "problem", "recommendations": "recommendation"}


@dataclass
class Selection:
    """What one brief includes: items per section (in order), and all figures and charts it names."""

    brief: Brief
    items: dict[int, list[Item]] = field(default_factory=dict)  # section index -> items
    figures: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)

    def item_ids(self) -> list[str]:
        ids: list[str] = []
        for items in self.items.values():
            for item in items:
                ids.append(item.id)
                ids.extend(part.id for part in item.parts)
        return list(dict.fromkeys(ids))


def select(brief: Brief, content: Content, figures: dict, diags: Diagnostics) -> Selection:
    """Resolve a brief's sections; unknown items, tags, figures and charts are located errors."""
    selection = Selection(brief)
    for fid in brief.fields.get("key_figures") or []:
        _need_figure(fid, content, brief, brief.locs.get("key_figures"), diags)
        selection.figures.append(fid)
    for index, section in enumerate(brief.sections):
        opts, where = section.options, section.loc
        if section.kind in KIND_OF_SECTION:
            selection.items[index] = _items(section, KIND_OF_SECTION[section.kind], content, brief, diags)
        elif section.kind == "parts_table":
            rec = content.items.get(opts.get("recommendation", ""))
            if rec is None or not rec.parts:
                diags.error(section.locs.get("recommendation", where), "brief-ref", f"{brief.id}: "
                            f"{opts.get('recommendation')!r} is not a recommendation with parts",
                            f"sections.{section.kind}.recommendation")
            else:
                selection.items[index] = [rec]
        elif section.kind == "key_figures":
            for fid in opts.get("figures") or []:
                _need_figure(fid, content, brief, section.locs.get("figures", where), diags)
                selection.figures.append(fid)
        elif section.kind == "figures_table":
            for fid in opts.get("figures") or list(figures):
                _need_figure(fid, content, brief, section.locs.get("figures", where), diags)
                selection.figures.append(fid)
        elif section.kind == "charts":
            for cid in opts.get("charts") or []:
                if cid not in content.charts:
                    diags.error(section.locs.get("charts", where), "brief-ref", f"{brief.id}: unknown chart {cid!r}",
                                f"sections.{section.kind}.charts")
                else:
                    selection.charts.append(cid)
                    selection.figures.extend(f for _n, fids, _w in content.charts[cid].series for f in fids if f)
    selection.figures = list(dict.fromkeys(selection.figures))
    return selection


def _need_figure(fid, content, brief, where, diags) -> None:
    if fid not in content.figures:
        diags.error(where or brief.loc, "brief-ref", f"{brief.id}: unknown figure {fid!r}", "key_figures")


def _items(section: Section, kind: str, content: Content, brief: Brief, diags: Diagnostics) -> list[Item]:
    opts, where = section.options, section.loc
    chosen: list[Item] = []
    for iid in opts.get("items") or []:
        item = content.items.get(iid)
        if item is None or not (item.kind == kind or kind == "recommendation" and item.kind == "part"):
            what = "unknown item" if item is None else f"{iid!r} is a {item.kind}, not a {kind}:"
            diags.error(section.locs.get("items", where), "brief-ref", f"{brief.id}: {what} {iid!r}"
                        if item is None else f"{brief.id}: {what} remove it from this {section.kind} section",
                        f"sections.{section.kind}.items")
        else:
            chosen.append(item)
    tags = set(opts.get("tags") or [])
    if tags:
        known = {t for i in content.items.values() for t in i.tags}
        for tag in sorted(tags - known):
            diags.error(section.locs.get("tags", where), "brief-ref", f"{brief.id}: no item has tag {tag!r}",
                        f"sections.{section.kind}.tags")
        chosen.extend(i for i in content.of_kind(kind) if tags & set(i.tags) and i not in chosen)
    if not opts.get("items") and not tags:
        chosen = content.of_kind(kind)
    return chosen
