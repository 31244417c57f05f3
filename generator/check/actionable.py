"""What makes a brief actionable: the ask, who acts and when, how old the evidence is, numbers in context.

Computed here for the layout template (which holds the wording) and checked with located warnings:
a recommendation missing what its audience needs (``require``), and evidence older than the brief's
``evidence_age_limit`` shown without an ``evidence_caveat``.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Iterator

from generator.load.briefs import brief_prose_fields
from generator.diagnostics import Diagnostics, Location
from generator.load.schema import pick_language
from generator.check.anchors import reporting_chain
from generator.check.validate import figure_references, prose_fields

if TYPE_CHECKING:
    from generator.load.briefs import Brief
    from generator.load.content import Content
    from generator.figures.operations import Figure
    from generator.render.select import Selection
    from generator.load.translation import Picker

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")
EVENT_UNITS = ("year",)  # a year an event happened is not the period of the data


def _shown_prose(selection: "Selection", content: "Content") -> Iterator[str]:
    """The unrendered prose a brief may show: every wording of its items' fields (so a little more than a
    layout may print), then its own."""
    for iid in selection.item_ids():
        for _name, _lang, text in prose_fields(content.items[iid]):
            yield text
    for _key_path, texts, _where in brief_prose_fields(selection.brief, fixed=True):
        yield from texts.values()


def shown_figures(selection: "Selection", content: "Content") -> list[str]:
    """Figures a brief shows: its key figures, charts and tables, and those its prose names."""
    ids = list(selection.figures)
    for text in _shown_prose(selection, content):
        ids.extend(sorted(figure_references(text)))
    return [f for f in dict.fromkeys(ids) if f in content.figures]


def brief_raw_text(selection: "Selection", content: "Content") -> str:
    """The unrendered prose a brief may show, as one text (for finding glossary terms)."""
    return "\n".join(_shown_prose(selection, content))


def evidence(selection: "Selection", content: "Content", figures: dict[str, "Figure"]) -> dict[str, Any]:
    """The span of years of the data a brief shows, and the year of the study they come from."""
    years: list[int] = []
    study_years: list[int] = []
    for fid in shown_figures(selection, content):
        fig = figures.get(fid)
        if fig is None or fig.unit in EVENT_UNITS:
            continue
        years.extend(int(y) for y in _YEAR.findall(fig.period))
        for sid in fig.sources:
            study = next((s for s in reporting_chain(sid, content) if s.kind == "study"), None)
            if study is not None and study.year:
                study_years.append(study.year)
    if not years:
        return {}
    return {"first": min(years), "last": max(years), "study_year": max(study_years) if study_years else None}


def check_evidence_age(brief: "Brief", span: dict[str, Any], date_text: str, diags: Diagnostics) -> None:
    """A brief dated today that shows evidence older than its limit must say so (``evidence_caveat``)."""
    limit = brief.evidence_age_limit
    dated = _YEAR.findall(date_text)
    if limit is None or not span or not dated or brief.evidence_caveat:
        return
    age = int(dated[-1]) - span["last"]
    if age > limit:
        diags.warning(brief.locs.get("evidence_age_limit", brief.loc), "evidence-old", f"brief {brief.id!r} is "
                      f"dated {dated[-1]} but its newest evidence is from {span['last']}, {age} years old, over its "
                      f"limit of {limit}; say so in evidence_caveat", "evidence_age_limit")


def check_required(brief: "Brief", selection: "Selection", content: "Content", diags: Diagnostics) -> None:
    """Recommendations and parts a brief shows must carry what its audience needs (``require``)."""
    required = brief.require or ()
    for iid in selection.item_ids():
        item = content.items[iid]
        if item.kind not in ("recommendation", "part") or (item.kind == "recommendation" and item.parts):
            continue  # a recommendation with parts is acted on through its parts
        missing = [name for name in required if not getattr(item, name, None)]
        if missing:
            diags.warning(item.loc, "action-missing", f"{item.kind} {item.id!r} is shown in brief {brief.id!r}, "
                          f"which requires {', '.join(required)}, but has no {', '.join(missing)}", item.id)


def key_figure_display(fids: list[str], content: "Content", figures: dict[str, "Figure"], pick: "Picker",
                       label_of: Callable[["Figure"], str]) -> dict[str, dict]:
    """Per figure: the decimals to show (``display_decimals``, else its own) and its comparator, labelled
    in the brief's language (``comparator_label``, else the comparator's own label)."""
    shown: dict[str, dict] = {}
    for fid, fig in figures.items():
        fdef = content.figures.get(fid)
        comparator = fdef.comparator if fdef else ""
        decimals = fdef.display_decimals if fdef and fdef.display_decimals is not None else fig.decimals
        label = ""
        if fid in fids and fdef and comparator in figures:  # picked only where shown: a missing text warns
            label = pick(fdef.comparator_label, fdef.locs.get("comparator_label", fdef.loc),
                         f"figures.{fid}.comparator_label") if fdef.comparator_label else label_of(figures[comparator])
        shown[fid] = {"decimals": decimals, "comparator": comparator if comparator in figures else "",
                      "comparator_label": label}
    return shown


def ask_view(brief: "Brief", render: Callable[[str, Location, str], str]) -> dict[str, str]:
    """The ask with its decision rendered as prose (figures allowed)."""
    ask = brief.ask
    if not ask:
        return {}
    text = pick_language(ask.decision, brief.language)
    where = brief.locs.get("ask.decision", brief.loc)
    return {"action": ask.action, "by": ask.by, "decision": render(text, where, f"{brief.id}.ask.decision")}
