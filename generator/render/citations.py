"""How a source is cited: only what is known about it, who reports it, and whether the analyst added it.

A statistic the study quotes from a body it names is cited as that body "as reported in" the study;
a source the analyst added (an exchange rate, another statistic) says so wherever it is cited.
"""
from __future__ import annotations

from typing import Callable

from generator import model
from generator.load.content import Source
from generator.load.labels import source_field, source_title
from generator.render.templating import md_escape

Term = Callable[..., str]  # terms.Terms: the words in the brief's language


def _language(term: Term) -> str:
    return str(getattr(term, "language", "en"))


def short(source: Source, term: Term) -> str:
    """The short form prose and captions use: its ``short`` name, else the publisher (and year)."""
    lang = _language(term)
    if source.short:
        return source_field(source, "short", lang)
    return source_field(source, "publisher", lang) + (term("citation.year", year=source.year) if source.year else "")


def chain(source: Source, sources: dict[str, Source], term: Term) -> str:
    """A source in a few words, with who reports it: "China Customs, as reported in Zhou and Xie (2017)"."""
    lang = _language(term)
    text = source_field(source, "short" if source.short else "publisher", lang)
    reporter = sources.get(source.reported_in)
    if reporter is not None and reporter.id != source.id:
        text += term("citation.reported_in", reporter=short(reporter, term))
    if source.added:
        text += term("citation.added_short")
    return text


def full(source: Source, sources: dict[str, Source], term: Term) -> str:
    """A note or reference-list entry in Markdown: author, title or description, publisher, year, URL,
    reporter and whether it was added — each only when known. The title is the document's own, followed by
    its translation into the brief's language in brackets when there is one."""
    lang = _language(term)
    original, translated = source_title(source, lang)
    title = f"*{md_escape(original)}*" if original else ""
    if title and translated:
        title += f" \\[{md_escape(translated)}\\]"
    publisher = md_escape(source_field(source, "publisher", lang))
    if source.author:
        parts = [md_escape(source.author), title, publisher]
    else:
        parts = [publisher, title]
    text = term("citation.separator").join(p for p in parts if p)
    if source.description:
        text += term("citation.description", description=md_escape(source_field(source, "description", lang)))
    if source.year:
        text += term("citation.year", year=source.year)
    reporter = sources.get(source.reported_in)
    if reporter is not None and reporter.id != source.id:
        text += term("citation.reported_in", reporter=md_escape(short(reporter, term)))
    text += term("sentence_end")  # 。 in Chinese
    if model.safe_url(source.url):
        text += f" [{md_escape(source.url)}]({source.url})"
    if source.added:
        text += " " + term("citation.added")
    return text
