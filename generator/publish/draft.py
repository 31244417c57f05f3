"""``brief build --draft``: briefs over their page or word budget still build, marked DRAFT.

Without --draft one over-budget brief stops the whole build, and there is nothing to look at.
With it, the budget errors become warnings, each over-budget brief carries a DRAFT watermark and
marking (in both formats), and the manifest says which briefs are drafts and why.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from generator import model
from generator.diagnostics import Diagnostics

if TYPE_CHECKING:
    from generator.load.briefs import Brief

BUDGET_CODES = ("budget-pages", "budget-words")
DRAFT = "DRAFT"


def demote_budget_errors(diags: Diagnostics) -> None:
    """Budget errors become warnings (the brief is built, marked DRAFT)."""
    diags.items = [replace(d, severity="warning", message=d.message + " (built as a DRAFT)")
                   if d.severity == "error" and d.code in BUDGET_CODES else d for d in diags.items]


def over_budget(brief: Brief, words: int, pages: int | None) -> list[str]:
    """What a brief is over: e.g. ["pages: 4 of 3"]."""
    reasons = []
    if brief.page_budget and pages is not None and pages > brief.page_budget:
        reasons.append(f"pages: {pages} of {brief.page_budget}")
    if brief.word_budget and words > brief.word_budget:
        reasons.append(f"words: {words} of {brief.word_budget}")
    return reasons


def mark_draft(document: model.Document) -> model.Document:
    """The same document with a DRAFT watermark and DRAFT in its marking, in the brief's language (terms
    ``draft``, joined to the marking by ``title_separator``)."""
    meta = document.meta
    draft = meta.term("draft", DRAFT)
    marking = draft if not meta.marking else f"{draft}{meta.term('title_separator', ' · ')}{meta.marking}"
    return replace(document, meta=replace(meta, watermark=draft, marking=marking))
