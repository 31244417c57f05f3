"""Where each shown number comes from, in a reader's words: stated by the study (and where), reported
by a body the study names, added by the analysts, or computed — and what a check compares against.

The figures and checks tables print these, so they say only what a source states: a threshold
the analysts set is labelled as theirs, and a check resting on added data says so.
"""
from __future__ import annotations

from generator import citations
from generator.compute import CheckResult
from generator.content import Content
from generator.figures import Figure
from generator.formatting import plain_number
from generator.templating import md_escape


def added_sources(fid: str, figures: dict[str, Figure], content: Content) -> list[str]:
    """The analyst-added sources a figure rests on (its own and its inputs')."""
    fig = figures.get(fid)
    if fig is None:
        return []
    return [s for s in fig.sources if s in content.sources and content.sources[s].added]


def how_obtained(fid: str, figures: dict[str, Figure], content: Content) -> str:
    """One cell of the figures table: how the figure was obtained."""
    fig, fdef = figures[fid], content.figures.get(fid)
    raw = fdef.raw if fdef else {}
    if fig.compute:
        text = f"computed: `{fig.compute}`"
        added = added_sources(fid, figures, content)
        if added:
            text += "; uses data added by the analysts (" + ", ".join(
                content.sources[s].publisher for s in added) + ")"
        return text
    if raw.get("added"):
        return "added by the analysts"
    source = content.sources.get(raw.get("source") or "")
    if source is not None and source.added:
        return f"added by the analysts, from {source.publisher}"
    anchor = raw.get("anchor") or {}
    where = f" ({anchor['at']})" if anchor.get("at") else ""
    if source is not None and source.reported_in in content.sources:
        return f"{source.publisher}, as reported in {citations.short(content.sources[source.reported_in])}{where}"
    return f"stated by source{where}"


def period_shown(fid: str, figures: dict[str, Figure], content: Content) -> str:
    """A figure's period, marked when the source does not state it."""
    fdef = content.figures.get(fid)
    period = figures[fid].period
    return f"{period} (inferred)" if fdef and fdef.raw.get("period_inferred") and period else period


def check_row(check: CheckResult, figures: dict[str, Figure], content: Content) -> dict[str, str]:
    """What a check compares, labelled truthfully: a source's number, another route, or a threshold."""
    fig = figures[check.figure_id]
    fdef = content.figures.get(check.figure_id)
    if check.kind == "range":
        against = f"threshold set by the analysts: {check.basis}"
    elif check.kind == "stated" or (fdef is not None and "value" in fdef.raw):
        against = f"stated by source: {plain_number(check.stated)}"
    else:
        against = f"computed another way: {check.stated:.3f}"
    added = added_sources(check.figure_id, figures, content)
    rests_on = ", ".join(content.sources[s].publisher for s in added)
    return {"label": fig.label, "basis": check.basis if check.kind != "range" else fig.compute or fig.id,
            "against": against, "computed": f"{check.computed:.3f}", "tolerance": f"{round(check.tolerance, 6):g}",
            "ok": "agrees" if check.ok else f"accepted: {md_escape(check.accepted)}" if check.accepted else "**disagrees**",
            "added": rests_on}


def anchor_view(anchor, content: Content) -> dict[str, str]:
    """An anchor as templates show it: where (``at``), the quote, and who is quoted."""
    if not anchor:
        return {}
    source = content.sources.get(anchor.get("source") or "")
    if source is None:  # the one study the content summarises, when there is exactly one
        studies = [s for s in content.sources.values() if s.kind == "study"]
        source = studies[0] if len(studies) == 1 else None
    return {"at": str(anchor.get("at") or ""), "quote": str(anchor.get("quote") or ""),
            "cite": citations.short(source) if source else ""}
