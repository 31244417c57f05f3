"""Number formatting for briefs: one place decides how every figure reads.

Rounding is half-up on the decimal value (what readers expect of statistics),
grouping comes from babel for the brief's language.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

UNIT_WORDS = {
    "USD bn": "{} billion US dollars", "USD tn": "{} trillion US dollars", "USD m": "{} million US dollars",
    "CNY bn": "{} billion yuan", "CNY tn": "{} trillion yuan", "CNY per USD": "{} yuan per US dollar",
    "%": "{}%", "pp": "{} percentage points", "count": "{}", "year": "{}",
}
UNIT_SHORT = {"USD bn": "${} bn", "USD tn": "${} tn", "USD m": "${} m", "CNY bn": "¥{} bn", "CNY tn": "¥{} tn",
              "%": "{}%", "pp": "{} pp", "CNY per USD": "{} ¥/$", "count": "{}", "year": "{}"}
ORDINALS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth")


def number(value: float, decimals: int, locale: str = "en", grouping: bool = True) -> str:
    """``value`` rounded half-up to ``decimals`` places, grouped for ``locale``; minus as U+2212."""
    from babel.numbers import format_decimal  # babel's locale data loads only when a number is formatted

    decimals = max(0, min(int(decimals), 6))  # a template's fmt(100) gets the most we print
    quantum = Decimal(1).scaleb(-decimals)
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * decimals if decimals > 0 else "")
    # Enough digits for any float: derived figures (a product) can pass the default context's 28.
    with localcontext(Context(prec=400)):
        rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
        if rounded == 0:
            rounded = abs(rounded)
        return format_decimal(rounded, format=pattern, locale=locale.replace("-", "_"),
                              decimal_quantization=True).replace("-", "\u2212")


def ordinal(n: int) -> str:
    """1 → "first", 21 → "21st"."""
    n = int(n)
    if 0 <= n < len(ORDINALS):
        return ORDINALS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def with_unit(value: float, unit: str, decimals: int, locale: str = "en", short: bool = False) -> str:
    """A value in its unit's words: 69.5, "USD bn" → "69.5 billion US dollars"."""
    if unit == "rank":
        return ordinal(int(round(value)))
    text = number(value, decimals, locale, grouping=unit != "year")
    table = UNIT_SHORT if short else UNIT_WORDS
    return table.get(unit, "{} " + unit if unit else "{}").format(text)


def change(value: float, decimals: int, locale: str = "en", unit: str = "%") -> str:
    """A signed change in words: 2.2 → "up 2.2%", -3.1 → "down 3.1%", 0 → "unchanged"."""
    text = number(abs(value), decimals, locale)
    if text.strip("0.,") == "":
        return "unchanged"
    return f"{'up' if value > 0 else 'down'} {with_unit(abs(value), unit, decimals, locale)}"


def signed(value: float, decimals: int, locale: str = "en", unit: str = "%") -> str:
    """A signed value: +2.2%, −3.7%."""
    sign = "+" if value > 0 and number(value, decimals, locale).strip("0.,") else ""
    return sign + with_unit(value, unit, decimals, locale, short=True)


def describe_unit(unit: str) -> str:
    """A unit for table headers and axis titles: "USD bn" → "billion US dollars"."""
    return UNIT_WORDS.get(unit, "{} " + unit).replace("{} ", "").replace("{}", "per cent" if unit == "%" else "")
