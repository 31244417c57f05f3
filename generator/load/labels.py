"""Short content fields a brief prints as they are, not as templates, in the brief's language.

A figure's ``period`` and ``comparator_label``, a chart's categories and series names, a part's ``by``,
``added_by`` and ``proposed_by``, and a source's ``publisher``, ``description``, ``short`` and ``title``.
Each is text or a map of language to text, as prose is (``{en: …, zh-Hans: {text: …, from: <hash>}}``), and
its translations are checked for freshness like prose's (``translation-stale``).

A period or date written as data (``2017 H1``, ``2027-Q4``, ``2027-01-31``: :mod:`generator.figures.periods`) is not
translated: each language writes it from the parsed period. Anything else a brief in language X shows without
X text is ``translation-missing`` (``generator.load.translation.Picker``) — except a source's title and publisher,
which are bibliographic facts. A title prints in the language the document gives it (``title_language``,
default ``en``), with a translation in the brief's language after it in brackets when the content has one
("*Original* [译名]", as citation styles mark a translated title); a publisher prints in the brief's language
when the content gives it (中国海关 for China Customs), else as the document names it. Either as the document
gives it is correct (GB/T 7714 and GOST cite foreign works in their own language), so neither warns.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from generator.figures.periods import Period, parse_period, period_text
from generator.load.translation import SOURCE, Picker, Translated, language_tags, text_in

if TYPE_CHECKING:
    from generator.load.content import Content, Source
    from generator.diagnostics import Location

# A source's fields in the analysts' own words, which warn when a brief's language lacks them. Its title and
# publisher are bibliographic facts: as the document gives them, they are right in any brief.
SOURCE_LABELS = ("description", "short")


def written_period(written: dict[str, str]) -> Period | None:
    """The period a field writes as data: one plain text (no translations) that parses as a period."""
    if set(written) != {SOURCE} or isinstance(written[SOURCE], Translated):
        return None
    return parse_period(written[SOURCE])


def shown(written: dict[str, str], pick: Picker, where: Location, key_path: str, date_format: str = "long") -> str:
    """A label in the brief's language: a period or date written per locale, other text picked."""
    if not written:
        return ""
    period = written_period(written)
    if period is not None:
        return period_text(period, pick.language, date_format)
    return pick(written, where, key_path)


def category(written: dict[str, str], pick: Picker, where: Location, key_path: str) -> str:
    """A chart category: a year stays digits (a time axis is spaced by them; "2016" reads in every
    language), another period is written per locale, other text picked."""
    period = written_period(written)
    if period is not None and period == Period(period.first):
        return written[SOURCE].strip()
    return shown(written, pick, where, key_path)


def source_field(source: Source, name: str, lang: str) -> str:
    """A source's ``publisher``, ``description`` or ``short`` in ``lang``, else as written in English
    (``check_source`` warns about that)."""
    found = text_in(source.translations.get(name), lang)
    return found if found is not None else str(getattr(source, name))


def source_title(source: Source, lang: str) -> tuple[str, str]:
    """(the title as the document gives it, its translation into ``lang`` or "")."""
    texts = source.translations.get("title") or ({SOURCE: source.title} if source.title else {})
    original = text_in(texts, source.title_language) or source.title
    if source.title_language in language_tags(lang):  # the brief's language is the title's own (zh of zh-Hans)
        return original, ""
    translated = text_in(texts, lang)
    return original, translated if translated and translated != original else ""


def check_source(source: Source, pick: Picker) -> None:
    """``translation-missing`` for each shown field of a source in the analysts' words (``SOURCE_LABELS``)
    without the brief's language."""
    for name in SOURCE_LABELS:
        texts = source.translations.get(name)
        if texts:
            pick(texts, source.locs.get(name, source.loc), f"sources.{source.id}.{name}")


def label_fields(content: Content) -> Iterator[tuple[str, dict[str, str], Location]]:
    """(key path, {language: text}, where) of every label field, for translation freshness."""
    for fig in content.figures.values():
        for name in ("period", "comparator_label"):
            yield f"figures.{fig.id}.{name}", getattr(fig, name), fig.locs.get(name, fig.loc)
    for chart in content.charts.values():
        for index, texts in enumerate(chart.category_labels):
            yield f"charts.{chart.id}.categories[{index}]", texts, chart.category_locs[index]
        for index, texts in enumerate(chart.series_names):
            yield f"charts.{chart.id}.series[{index}].name", texts, chart.series[index][2]
    for item in content.items.values():
        for name in ("by", "added_by", "proposed_by"):
            yield f"{item.id}.{name}", getattr(item, name), item.locs.get(name, item.loc)
    for source in content.sources.values():
        for name, texts in source.translations.items():
            yield f"sources.{source.id}.{name}", texts, source.locs.get(name, source.loc)
