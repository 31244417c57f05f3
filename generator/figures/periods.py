"""Periods and dates as data: a figure's ``period``, a chart category, a part's ``by``.

Written the one way analysts write them — ``2016``, ``2014–2016``, ``2017 H1``, ``2017 Q1`` (or ``2017-Q1``),
``2027-06`` (a month), ``2027-01-31`` (a day) — they are parsed, not translated, and printed as the brief's
language writes them: ``2017 H1`` is 2017年上半年 in Chinese and "1-е полугодие 2017 г." in Russian. English
keeps the compact form analysts write (so English briefs read as the content does). Other languages use
CLDR through babel (quarters, months, days); a half-year, which CLDR has no word for, comes from
:data:`HALF_YEAR` or else is written as CLDR's month interval ("janv.–juin 2017").

Text that is no period ("end of 2004", "next SCO summit") is prose: the caller picks its language's text
from a language map, with ``translation-missing`` when there is none (``generator.load.translation.Picker``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from generator.figures.formatting import babel_locale, language, year

_PERIOD = re.compile(r"(?P<y>\d{4})(?:\s*[–—-]\s*(?P<to>\d{4})|[ -]?H(?P<h>[12])|[ -]?Q(?P<q>[1-4])"
                     r"|-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?\Z")

# The half-years CLDR lacks, per language (first half, second half); {y} is the year.
HALF_YEAR = {
    "en": ("{y} H1", "{y} H2"),
    "zh": ("{y}年上半年", "{y}年下半年"),
    "ru": ("1-е полугодие {y}\u00a0г.", "2-е полугодие {y}\u00a0г."),
}


@dataclass(frozen=True)
class Period:
    """A year, a span of years, a half-year, a quarter, a month or a day."""

    first: int
    last: int = 0  # the end of a span of years (0: one year)
    half: int = 0
    quarter: int = 0
    month: int = 0
    day: int = 0

    @property
    def years(self) -> tuple[int, ...]:
        """The calendar years it starts and ends in."""
        return (self.first, self.last) if self.last else (self.first,)


def parse_period(text: object) -> Period | None:
    """The period ``text`` writes, or None when it is not one (then it is prose)."""
    if not isinstance(text, str):
        return None
    match = _PERIOD.match(text.strip())
    if not match:
        return None
    first = int(match["y"])
    if match["to"]:
        last = int(match["to"])
        return Period(first, last) if last > first else None
    if match["h"] or match["q"]:
        return Period(first, half=int(match["h"] or 0), quarter=int(match["q"] or 0))
    if match["m"]:
        month, day = int(match["m"]), int(match["d"] or 0)
        try:
            date(first, month, day or 1)
        except ValueError:
            return None
        return Period(first, month=month, day=day)
    return Period(first)


def period_text(period: Period, locale: str, date_format: str = "long") -> str:
    """``period`` as the language of ``locale`` writes it (a day in ``date_format``, a CLDR pattern)."""
    # CLDR puts a narrow no-break space before Russian "г."; the bundled fonts draw the ordinary one
    return _period_text(period, locale, date_format).replace("\u202f", "\u00a0")


def _period_text(period: Period, locale: str, date_format: str) -> str:
    from babel.dates import format_date, format_interval, format_skeleton

    lang, where = language(locale), babel_locale(locale)
    if period.day:
        return format_date(date(period.first, period.month, period.day), format=date_format, locale=where)
    if period.month:
        return format_skeleton("yMMMM", date(period.first, period.month, 1), locale=where)
    if period.last:
        return f"{period.first}–{year(period.last, locale)}"
    if period.half:
        if lang in HALF_YEAR:
            return HALF_YEAR[lang][period.half - 1].format(y=period.first)
        start = 1 if period.half == 1 else 7
        return format_interval(date(period.first, start, 1), date(period.first, start + 5, 1), "yMMM", locale=where)
    if period.quarter:
        if lang == "en":
            return f"{period.first} Q{period.quarter}"
        return format_skeleton("yQQQQ", date(period.first, 3 * period.quarter - 2, 1), locale=where)
    return year(period.first, locale)
