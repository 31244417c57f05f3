"""How a source is cited: only what is known about it, who reports it, and whether the analyst added it.

A statistic the study quotes from a body it names is cited as that body "as reported in" the study;
a source the analyst added (an exchange rate, another statistic) says so wherever it is cited.
"""
from __future__ import annotations

from typing import Callable

from generator import model
from generator.content import Source
from generator.templating import md_escape

Term = Callable[..., str]  # terms.Terms: the words in the brief's language


def short(source: Source) -> str:
    """The short form prose and captions use: its ``short`` name, else the publisher (and year)."""
    if source.short:
        return source.short
    return source.publisher + (f" ({source.year})" if source.year else "")


def chain(source: Source, sources: dict[str, Source], term: Term) -> str:
    """A source in a few words, with who reports it: "China Customs, as reported in Zhou and Xie (2017)"."""
    text = source.short or source.publisher
    reporter = sources.get(source.reported_in)
    if reporter is not None and reporter.id != source.id:
        text += term("citation.reported_in", reporter=short(reporter))
    if source.added:
        text += term("citation.added_short")
    return text


def full(source: Source, sources: dict[str, Source], term: Term) -> str:
    """A note or reference-list entry in Markdown: author, title or description, publisher, year, URL,
    reporter and whether it was added — each only when known."""
    title = f"*{md_escape(source.title)}*" if source.title else ""
    if source.author:
        parts = [md_escape(source.author), title, md_escape(source.publisher)]
    else:
        parts = [md_escape(source.publisher), title]
    text = ", ".join(p for p in parts if p)
    if source.description:
        text += f": {md_escape(source.description)}"
    if source.year:
        text += f" ({source.year})"
    reporter = sources.get(source.reported_in)
    if reporter is not None and reporter.id != source.id:
        text += term("citation.reported_in", reporter=md_escape(short(reporter)))
    text += "."
    if model.safe_url(source.url):
        text += f" [{md_escape(source.url)}]({source.url})"
    if source.added:
        text += " " + term("citation.added")
    return text
