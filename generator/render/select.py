"""The select phase: resolve each brief's sections to concrete items, figures and charts."""
from __future__ import annotations

from dataclasses import dataclass, field

from generator.load.briefs import Brief
from generator.load.content import Content, Item
from generator.diagnostics import Diagnostics
from generator.load.section_kinds import KINDS, need_figure


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
    for fid in brief.key_figures or ():
        need_figure(fid, content, brief, brief.locs.get("key_figures"), diags)
        selection.figures.append(fid)
    for index, section in enumerate(brief.sections):
        kind = KINDS[section.kind]
        if kind.select:
            kind.select(section, index, selection, content, figures, diags)
    selection.figures = list(dict.fromkeys(selection.figures))
    return selection

