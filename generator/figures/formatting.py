"""Number formatting for briefs: one place decides how every figure reads, in every language.

A figure's unit is parsed by generator.figures.units; the words come from CLDR through babel (currency
names and symbols, measurement-unit patterns, compact scale words such as "billion", "млрд",
"亿", percent signs, plural rules). The few words CLDR lacks (percentage points, "times",
people, change words, ordinals) are the small tables in generator.figures.unit_words. Rounding is
half-up on the decimal value (what readers expect of statistics).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import lru_cache
from typing import Any

from generator.figures import unit_words as words
from generator.figures.units import SCALE_NAMES, SCALES, SYMBOLS, Unit, parse_unit, try_parse

MAX_DECIMALS = 6
ORDINALS = words.ORDINALS["en"]  # the words for 0-10; larger ordinals and other languages use a pattern


def number(value: float, decimals: int, locale: str = "en", grouping: bool = True) -> str:
    """``value`` rounded half-up to ``decimals`` places, grouped for ``locale``; minus as U+2212."""
    from babel.numbers import format_decimal  # babel's locale data loads only when a number is formatted

    decimals = max(0, min(int(decimals), MAX_DECIMALS))  # a template's fmt(100) gets the most we print
    quantum = Decimal(1).scaleb(-decimals)
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * decimals if decimals > 0 else "")
    # Enough digits for any float: derived figures (a product) can pass the default context's 28.
    with localcontext(Context(prec=400)):
        rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
        if rounded == 0:
            rounded = abs(rounded)
        return format_decimal(rounded, format=pattern, locale=babel_locale(locale),
                              decimal_quantization=True).replace("-", "\u2212")


def plain_number(value: float) -> str:
    """A number as written, never in exponent form: 13000000 (not 1.3e+07), 69.5, 0.25."""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def babel_locale(locale: str) -> str:
    return (locale or "en").replace("-", "_")


def language(locale: str) -> str:
    """The table key of a locale: "zh-Hans" → "zh", "en-GB" → "en"."""
    return babel_locale(locale).split("_")[0].lower()


@lru_cache(maxsize=64)
def _locale(locale: str):
    from babel import Locale

    return Locale.parse(babel_locale(locale))


@lru_cache(maxsize=64)
def scale_words(locale: str, length: str) -> dict[int, dict[str, str]]:
    """Powers of ten the language has a word for, each a plural form → pattern with "{0}":
    en {9: {"other": "{0} billion"}}, zh {8: {"other": "{0}亿"}}, ru short {9: {"other": "{0} млрд"}}."""
    found: dict[int, dict[str, str]] = {}
    if length == "short" and language(locale) in words.SHORT_SCALES:
        return {e: {"other": "{0} " + w} for e, w in words.SHORT_SCALES[language(locale)].items()}
    formats = _locale(locale).compact_decimal_formats.get(length) or _locale(locale).compact_decimal_formats["short"]
    for form, patterns in formats.items():
        for magnitude, pattern in patterns.items():
            text = pattern.pattern.replace("'", "")
            if text.count("0") != 1 or text.strip() == "0":
                continue  # "00 billion" is the same word at 10¹⁰; "0" has no word
            found.setdefault(len(magnitude) - 1, {})[form] = text.replace("0", "{0}")
    return found


def _scale_pattern(exponent: int, value: float, locale: str, length: str) -> str:
    forms = scale_words(locale, length).get(exponent, {})
    return forms.get(_locale(locale).plural_form(abs(value)), forms.get("other", "{0}"))


def output_scale(value: float, unit: Unit, decimals: int, locale: str) -> tuple[float, int, int, bool]:
    """(value, power of ten, decimals, strip trailing zeros) a figure is shown at in ``locale``.
    The author's scale is kept where the language has a word for it; a value without a scale
    gets one when it is large (1,600,000 people → 1.6 million, 1256万); a scale the language
    lacks (bn in Chinese, 万 in English) becomes the largest one it has below the value."""
    exponents = sorted(scale_words(locale, "long"))
    if unit.scale in exponents or not unit.scalable:
        return value, unit.scale, decimals, False
    base = abs(value) * 10.0 ** unit.scale
    threshold = min((e for e in exponents if e >= 4), default=99)
    if unit.scale == 0 and base < 10.0 ** threshold:
        return value, 0, decimals, False
    target = max((e for e in exponents if base >= 10.0 ** e), default=0)
    shifted = decimals + target - unit.scale
    return value * 10.0 ** (unit.scale - target), target, max(0, min(shifted, MAX_DECIMALS)), target > unit.scale


def _count_text(value: float, unit: Unit, decimals: int, locale: str, length: str,
                high: float | None = None) -> tuple[str, Any]:
    """The number with its scale word ("69.5 billion", "695亿") and the count its noun agrees with;
    a range ("1.5–2 billion") when ``high`` is given, both ends at one scale."""
    top = value if high is None or abs(value) >= abs(high) else high
    shown, exponent, places, strip = output_scale(top, unit, decimals, locale)
    factor = shown / top if top else 1.0
    texts = [_plain(v * factor, exponent, places, strip, locale) for v in ([value] if high is None else [value, high])]
    text = words.pick(words.RANGE, language(locale)).format(*map(_whole, texts, [locale] * 2)) \
        if high is not None else texts[0]
    if not exponent:  # the noun agrees with the number as shown: "1.0 percentage points", "1 person"
        return text, Decimal(repr(float(shown))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return _scale_pattern(exponent, shown, locale, length).format(text), 5_000_000.0  # "million of": many


def _plain(value: float, exponent: int, places: int, strip: bool, locale: str) -> str:
    text = number(value, places, locale, grouping=not (exponent and language(locale) in words.UNGROUPED_BEFORE_SCALE))
    if strip and places:
        symbol = _locale(locale).number_symbols.get("latn", _locale(locale).number_symbols).get("decimal", ".")
        text = text.rstrip("0").rstrip(symbol)
    return text


def _numbers(value: float, high: float | None, decimals: int, locale: str, grouping: bool = True) -> str:
    """A number, or a range of two, without scale words: "2.2", "1.5–2"."""
    if high is None:
        return number(value, decimals, locale, grouping)
    return words.pick(words.RANGE, language(locale)).format(_whole(number(value, decimals, locale, grouping), locale),
                                                            _whole(number(high, decimals, locale, grouping), locale))


def _whole(text: str, locale: str) -> str:
    """A range's end without a zero fraction: "1.5–2", not "1.5–2.0"."""
    symbol = _locale(locale).number_symbols.get("latn", _locale(locale).number_symbols).get("decimal", ".")
    whole, _, fraction = text.partition(symbol)
    return whole if fraction and not fraction.strip("0") else text


def figure_text(fig: Any, decimals: int | None = None, short: bool = False, value: float | None = None) -> str:
    """A figure (anything with value, unit, decimals, locale; optionally high and qualifier) in its
    unit's words, with its range and qualifier: "nearly 82%", "1.5–2 degrees Celsius"."""
    places = fig.decimals if decimals is None else int(decimals)
    text = with_unit(fig.value if value is None else value, fig.unit, places, fig.locale, short,
                     high=getattr(fig, "high", None))
    qualifier = getattr(fig, "qualifier", "")
    if qualifier:
        return words.pick(words.QUALIFIERS, language(fig.locale))[qualifier].format(text)
    return text


def fraction(fig: Any) -> str:
    """A percentage as the common fraction it is close to: 48.9% → "half", 66.4% → "two-thirds"."""
    if getattr(try_parse(fig.unit), "kind", "") != "percent":
        raise ValueError(f"fraction needs a percentage; {fig.id} is in {fig.unit!r}")
    table = words.pick(words.FRACTIONS, language(fig.locale))
    nearest = min(table, key=lambda share: abs(share - fig.value))
    if abs(nearest - fig.value) > 5:
        raise ValueError(f"{fig.id} is {fig.value:g}%, not near a common fraction ({', '.join(table.values())})")
    text = table[nearest]
    qualifier = getattr(fig, "qualifier", "")
    return words.pick(words.QUALIFIERS, language(fig.locale))[qualifier].format(text) if qualifier else text


def with_unit(value: float, unit: str, decimals: int, locale: str = "en", short: bool = False,
              high: float | None = None) -> str:
    """A value in its unit's words: 69.5, "USD bn" → "69.5 billion US dollars" (zh: 695亿美元);
    with ``high``, the range from value to high ("1.5–2 degrees Celsius")."""
    parsed = try_parse(unit)
    if parsed is None:  # reported as figure-unit; shown as written so the error is visible
        text = number(value, decimals, locale)
        return f"{text} {unit}" if unit else text
    lang = language(locale)
    kind = parsed.kind
    if kind == "rank":
        return ordinal(int(round(value)), locale)
    if kind == "year":
        return words.pick(words.YEAR, lang).format(_numbers(value, high, decimals, locale, grouping=False))
    if kind == "percent":
        return percent(_numbers(value, high, decimals, locale), locale)
    if kind in ("points", "ratio", "people"):
        text, count = _count_text(value, parsed, decimals, locale, _length(lang, False), high)
        table = {"points": words.POINTS, "ratio": words.RATIO, "people": words.PEOPLE}[kind]
        return _plural(words.pick(table, lang), count, locale, short).format(text)
    if kind == "count":
        return _count_text(value, parsed, decimals, locale, _length(lang, False), high)[0]
    if kind == "rate":
        return _rate(value, parsed, decimals, locale, short)
    # "$69.5 bn" abbreviates the scale; "50 million t" does not ("50 m t" reads as metres)
    text, count = _count_text(value, parsed, decimals, locale, _length(lang, short and kind == "currency"), high)
    if kind == "currency":
        return _currency(text, count, parsed.base, locale, short)
    return _measure_pattern(parsed.base, count, locale, short).format(text)


def _length(lang: str, short: bool) -> str:
    return "short" if short or lang in words.SHORT_SCALE_IN_PROSE else "long"


def _plural(forms: dict[str, str] | str, count: float, locale: str, short: bool = False) -> str:
    if isinstance(forms, str):
        return forms
    if short and "short" in forms:
        return forms["short"]
    return forms.get(_locale(locale).plural_form(abs(count)), forms["other"])


def _currency(text: str, count: float, code: str, locale: str, short: bool) -> str:
    from babel.numbers import get_currency_name, get_currency_symbol

    lang = language(locale)
    if short:
        symbol = words.CURRENCY_SYMBOLS.get(lang, {}).get(code) or get_currency_symbol(code, babel_locale(locale))
        pattern = _locale(locale).currency_formats["standard"]
        prefix, suffix = pattern.prefix[0], pattern.suffix[0]
        return prefix.replace("¤", symbol) + text + suffix.replace("¤", symbol)
    name = words.CURRENCY_NAMES.get(lang, {}).get(code) or get_currency_name(code, abs(count), babel_locale(locale))
    pattern = _plural(dict(_locale(locale)._data["currency_unit_patterns"]), count, locale)
    return pattern.format(text, name)


def _measure_pattern(unit_id: str, count: float, locale: str, short: bool) -> str:
    if unit_id in words.EXTRA_UNITS:
        return _plural(words.pick(words.EXTRA_UNITS[unit_id], language(locale)), count, locale)
    patterns = _locale(locale)._data["unit_patterns"].get(unit_id, {})
    forms = dict(patterns.get("short" if short else "long") or {})
    if not forms:
        return "{0} " + unit_id.split("-", 1)[-1]
    return _plural({k: v for k, v in forms.items() if k != "per"}, count, locale)


def _rate(value: float, unit: Unit, decimals: int, locale: str, short: bool) -> str:
    """"6.6423 yuan per US dollar" / "6.6423 ¥/$"; "1,500 US dollars per metric ton" / "1,500 $/t"."""
    assert unit.per is not None
    top = parse_unit(unit.text.split(" per ")[0])  # the numerator as written: its own kind and scale
    if short and top.scale:  # the scale stays a word: "$12 m/km", never "12 $/km"
        return f"{with_unit(value, top.text, decimals, locale, short=True)}/{_symbol(unit.per, locale)}"
    if short:
        return f"{number(value, decimals, locale)} {_symbol(top, locale)}/{_symbol(unit.per, locale)}"
    denominator = describe_unit(unit.per.text, locale, count=1)
    compound = _locale(locale)._data["compound_unit_patterns"].get("per", {}).get("long", {}).get("compound")
    return (compound or "{0} per {1}").format(with_unit(value, top.text, decimals, locale), denominator)


def _symbol(unit: Unit, locale: str) -> str:
    from babel.numbers import get_currency_symbol

    if unit.kind == "currency":
        lang = language(locale)
        return words.CURRENCY_SYMBOLS.get(lang, {}).get(unit.base) or get_currency_symbol(unit.base,
                                                                                           babel_locale(locale))
    return describe_unit(unit.text, locale, short=True)


def percent(text: str, locale: str = "en") -> str:
    """A formatted number as a percentage in the locale's way: 2.2% / 2,2 %."""
    pattern = _locale(locale).percent_formats[None]
    return pattern.prefix[0] + text + pattern.suffix[0]


def ordinal(n: int, locale: str = "en") -> str:
    """1 → "first", 21 → "21st"; zh 第4; ru 4-й."""
    n, lang = int(n), language(locale)
    if lang == "en":
        if 0 <= n < len(ORDINALS):
            return ORDINALS[n]
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    return words.pick(words.ORDINAL_PATTERN, lang).format(n)


def year(value: int, locale: str = "en") -> str:
    """A calendar year as a literal: 2016 (zh 2016年)."""
    return words.pick(words.YEAR, language(locale)).format(int(value))


def change(value: float, decimals: int, locale: str = "en", unit: str = "%") -> str:
    """A signed change in words: 2.2 → "up 2.2%", -3.1 → "down 3.1%", 0 → "unchanged" (zh 增长2.2%)."""
    text = number(abs(value), decimals, locale)
    table = words.pick(words.CHANGE, language(locale))
    if text.strip("0.,") == "":
        return table["same"]
    return table["up" if value > 0 else "down"].format(with_unit(abs(value), unit, decimals, locale))


def signed(value: float, decimals: int, locale: str = "en", unit: str = "%") -> str:
    """A signed value: +2.2%, −3.7%."""
    sign = "+" if value > 0 and number(value, decimals, locale).strip("0.,") else ""
    return sign + with_unit(value, unit, decimals, locale, short=True)


def display_unit(unit: str, magnitude: float, locale: str = "en") -> str:
    """``unit`` at a scale ``locale`` has a word for, chosen as a figure of ``magnitude`` (in ``unit``) would
    be shown: a chart in "CNY bn" with values up to 27.4 is drawn in "CNY 亿" in Chinese (274亿元) and one in
    "CNY 亿" in "CNY bn" in English; a scale the language has, and a unit without a scale, stay as written."""
    parsed = try_parse(unit)
    if parsed is None or parsed.kind == "rate" or not parsed.scalable or not parsed.scale:
        return unit
    exponent = output_scale(magnitude, parsed, 0, locale)[1]
    if exponent == parsed.scale or exponent not in SCALE_NAMES:  # hi's lakh (10⁵): keep the author's scale
        return unit
    name, _, word = parsed.text.rpartition(" ")
    if not name or word not in SCALES:
        name = parsed.text
    if parse_unit(name).scale:  # a symbol with a scale of its own (TWh): its unscaled unit (kWh), then the scale
        name = next((s for s, (base, extra) in SYMBOLS.items() if base == parsed.base and not extra), parsed.base)
    return f"{name} {SCALE_NAMES[exponent]}" if exponent else name


def describe_unit(unit: str, locale: str = "en", short: bool = False, count: float = 5_000_000.0) -> str:
    """A unit for table headers and axis titles: "USD bn" → "billion US dollars" (zh 亿美元)."""
    parsed = try_parse(unit)
    if parsed is None:
        return unit
    lang = language(locale)
    if parsed.kind in ("percent", "points", "ratio", "year", "rank"):
        return words.pick(words.DESCRIBE, lang).get(parsed.kind, "")
    if parsed.kind == "rate" and parsed.per is not None:
        top = describe_unit(parsed.text.split(" per ")[0], locale, short, count=2)
        compound = _locale(locale)._data["compound_unit_patterns"].get("per", {}).get("long", {}).get("compound")
        return (compound or "{0} per {1}").format(top, describe_unit(parsed.per.text, locale, short, 1))
    # a scale the language has no word for is written with the one below it (zh: "CNY bn" → 10亿元), never dropped
    exponent = max((e for e in scale_words(locale, "long") if e <= parsed.scale), default=0)
    scale = _scale_pattern(exponent, 2.0, locale, _length(lang, short)) if exponent else "{0}"
    multiple = parsed.scale - exponent
    counted = scale.format(number(10.0 ** multiple, 0, locale) if multiple else "\x00")
    if parsed.kind == "currency":
        text = _currency(counted, count if not exponent else 5_000_000.0, parsed.base, locale, short)
    elif parsed.kind == "count":  # a number of things: its scale is its only word ("million", 万)
        text = counted
    elif parsed.kind == "people":
        text = _plural(words.pick(words.PEOPLE, lang), count, locale).format(counted)
    else:
        text = _measure_pattern(parsed.base, count, locale, short).format(counted)
    return text.replace("\x00", "").strip()
