"""Where each shown number comes from, in a reader's words: stated by the study (and where), reported
by a body the study names, added by the analysts, or computed — and what a check compares against.

The figures and checks tables print these, so they say only what a source states: a threshold
the analysts set is labelled as theirs, and a check resting on added data says so.
"""
from __future__ import annotations

from typing import Any, Callable

from generator.render import citations
from generator.load import labels
from generator.figures.compute import CheckResult
from generator.load.content import Content
from generator.diagnostics import Diagnostics
from generator.figures.operations import Figure
from generator.figures.formatting import plain_number
from generator.render.templating import md_escape
from generator.load.translation import Picker


def added_sources(fid: str, figures: dict[str, Figure], content: Content) -> list[str]:
    """The analyst-added sources a figure rests on (its own and its inputs')."""
    fig = figures.get(fid)
    if fig is None:
        return []
    return [s for s in fig.sources if s in content.sources and content.sources[s].added]


Term = Callable[..., str]  # terms.Terms: a key and its fields → the words in the brief's language


def how_obtained(fid: str, figures: dict[str, Figure], content: Content, term: Term) -> str:
    """One cell of the figures table: how the figure was obtained."""
    fig, fdef = figures[fid], content.figures.get(fid)
    if fig.compute:
        text = term("computed_by", expression=f"`{fig.compute}`")
        added = added_sources(fid, figures, content)
        if added:
            text += term("obtained.uses_added", sources=term("list_separator").join(
                labels.source_field(content.sources[s], "publisher", getattr(term, "language", "en")) for s in added))
        return text
    if fdef is not None and fdef.added:
        return term("obtained.added")
    source = content.sources.get(fdef.source if fdef else "")
    lang = getattr(term, "language", "en")
    if source is not None and source.added:
        return term("obtained.added_from", publisher=labels.source_field(source, "publisher", lang))
    anchor: dict[str, str] = (fdef.anchor if fdef else None) or {}
    where = term("obtained.at", at=anchor["at"]) if anchor.get("at") else ""
    if source is not None and source.reported_in in content.sources:
        return term("obtained.reported", publisher=labels.source_field(source, "publisher", lang),
                    reporter=citations.short(content.sources[source.reported_in], term)) + where
    return term("stated_by_source") + where


def period_shown(fid: str, figures: dict[str, Figure], content: Content, term: Term, pick: Picker | None = None,
                 marked: bool = True) -> str:
    """A figure's period in the brief's language (``pick``'s; English without it), marked when the source
    does not state it (unless not ``marked``)."""
    fdef, fig = content.figures.get(fid), figures[fid]
    written = fdef.period if fdef else {"en": fig.period} if fig.period else {}
    pick = pick or Picker("en", Diagnostics())
    period = labels.shown(written, pick, fdef.locs.get("period", fdef.loc) if fdef else fig.loc,
                          f"figures.{fid}.period", term("date_format"))
    inferred = marked and fdef is not None and fdef.period_inferred
    return term("period.inferred", period=period) if inferred and period else period


def check_row(check: CheckResult, figures: dict[str, Figure], content: Content, term: Term,
              label: str) -> dict[str, Any]:
    """What a check compares, labelled truthfully: a source's number, another route, or a threshold."""
    fig = figures[check.figure_id]
    fdef = content.figures.get(check.figure_id)
    if check.kind == "range":
        against = term("check.threshold", basis=check.basis)
    elif check.kind == "stated" or (fdef is not None and fdef.value is not None):
        against = term("check.stated", value=plain_number(check.stated))
    else:
        against = term("check.other_route", value=f"{check.stated:.3f}")
    added = added_sources(check.figure_id, figures, content)
    rests_on = term("list_separator").join(labels.source_field(content.sources[s], "publisher",
                                                               getattr(term, "language", "en")) for s in added)
    return {"label": label, "basis": check.basis if check.kind != "range" else fig.compute or fig.id,
            "against": against, "computed": f"{check.computed:.3f}", "tolerance": f"{round(check.tolerance, 6):g}",
            "ok": check.ok, "accepted": check.accepted, "added": rests_on}


def anchor_view(anchor, content: Content, term: Term) -> dict[str, str]:
    """An anchor as templates show it: where (``at``), the quote, who is quoted, and ``line``, all three as
    the brief's language cites a quote (Markdown)."""
    if not anchor:
        return {}
    source = content.sources.get(anchor.get("source") or "")
    if source is None:  # the one study the content summarises, when there is exactly one
        studies = [s for s in content.sources.values() if s.kind == "study"]
        source = studies[0] if len(studies) == 1 else None
    view = {"at": str(anchor.get("at") or ""), "quote": str(anchor.get("quote") or ""),
            "cite": citations.short(source, term) if source else ""}
    where = term("anchor_place_separator").join(md_escape(view[k]) for k in ("cite", "at") if view[k])  # no ", :"
    return {**view, "line": term("anchor_source", where=where, quote=md_escape(view["quote"]))}
