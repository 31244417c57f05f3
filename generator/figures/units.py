"""Units as data: a unit string is parsed into what it measures (its dimension) and a scale.

``USD bn`` is US dollars × 10⁹, ``CNY 亿`` yuan × 10⁸, ``people 万`` people × 10⁴, ``TWh``
kilowatt-hours × 10⁹, ``CNY per USD`` a rate. Currencies are ISO 4217 codes and measurement
units are CLDR's, both known to babel, so any study's units are known without a hand table;
anything else is refused with a did-you-mean. Two units with the same dimension convert into
each other by their scales; units of different dimensions never combine unless a rate does it.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

# Scale words a unit may carry, as powers of ten. Chinese counts in 万 (10⁴) and 亿 (10⁸).
SCALES = {"thousand": 3, "k": 3, "m": 6, "mn": 6, "million": 6, "bn": 9, "billion": 9, "tn": 12,
          "trillion": 12, "万": 4, "亿": 8, "万亿": 12}
# Units that are not currencies or CLDR measurements: what they measure.
SPECIAL = {"%": "percent", "pp": "points", "ratio": "ratio", "year": "year", "rank": "rank",
           "count": "count", "people": "people"}
SCALE_NAMES = {3: "thousand", 4: "万", 6: "m", 8: "亿", 9: "bn", 12: "tn"}  # how a computed unit is spelled
SCALABLE = ("currency", "measure", "people", "count")
# Common symbols for CLDR measurement units, and symbols that are a CLDR unit at a scale.
SYMBOLS = {"t": ("mass-tonne", 0), "kg": ("mass-kilogram", 0), "W": ("power-watt", 0), "kW": ("power-kilowatt", 0),
           "MW": ("power-megawatt", 0), "GW": ("power-gigawatt", 0), "kWh": ("energy-kilowatt-hour", 0),
           "MWh": ("energy-kilowatt-hour", 3), "GWh": ("energy-kilowatt-hour", 6),
           "TWh": ("energy-kilowatt-hour", 9), "°C": ("temperature-celsius", 0), "km": ("length-kilometer", 0),
           "m": ("length-meter", 0), "km²": ("area-square-kilometer", 0), "ha": ("area-hectare", 0),
           "l": ("volume-liter", 0), "m³": ("volume-cubic-meter", 0)}
# Chinese units CLDR does not have (words in generator.figures.unit_words.EXTRA_UNITS): 斤 = 0.5 kg, 亩 ≈ 666.7 m².
EXTRA_MEASURES = {"jin": "mass-jin", "斤": "mass-jin", "mu": "area-mu", "亩": "area-mu"}
# Words an author may reach for, and the unit this tool spells them as.
ALIASES = {"percent": "%", "per cent": "%", "pct": "%", "percentage points": "pp", "points": "pp",
           "times": "ratio", "x": "ratio", "persons": "people", "person": "people", "number": "count",
           "b": "bn", "tr": "tn", "mln": "m", "tonnes": "tonne", "tons": "tonne"}


MAX_UNIT_LENGTH = 60


class UnitError(ValueError):
    """A unit this tool does not know, with what it may have meant."""


@dataclass(frozen=True)
class Unit:
    """A parsed unit. ``base`` names what is measured (``USD``, ``mass-tonne``, ``people``, ``%``);
    ``scale`` is a power of ten; a rate (``CNY per USD``) has ``per``."""

    text: str
    kind: str  # currency | measure | people | count | percent | points | ratio | year | rank | rate
    base: str
    scale: int = 0
    per: "Unit | None" = None

    @property
    def dimension(self) -> str:
        """What the unit measures, whatever its scale: two units with one dimension convert
        (gigawatts and kilowatts are both watts)."""
        base = metric_base(self.base)[0] if self.kind == "measure" else self.base
        return f"{base} per {self.per.base}" if self.per else base

    @property
    def scalable(self) -> bool:
        return self.kind in SCALABLE

    def factor_to(self, other: "Unit") -> float | None:
        """The factor turning a value in this unit into ``other`` (USD tn → USD bn: 1000), or None."""
        if self.dimension != other.dimension:
            return None
        return 10.0 ** (self.power() - other.power())

    def power(self) -> int:
        """The power of ten one of this unit is of its dimension, prefixes included (GW, gigawatt: 9)."""
        return self.scale + (metric_base(self.base)[1] if self.kind == "measure" else 0)


METRIC_PREFIXES = {"kilo": 3, "mega": 6, "giga": 9, "tera": 12, "deci": -1, "centi": -2, "milli": -3,
                   "micro": -6, "nano": -9, "pico": -12}


@lru_cache(maxsize=None)
def metric_base(unit_id: str) -> tuple[str, int]:
    """A CLDR unit as its unprefixed unit and the prefix's power: power-gigawatt → (power-watt, 9)."""
    category, _, name = unit_id.partition("-")
    for prefix, power in METRIC_PREFIXES.items():
        base = f"{category}-{name[len(prefix):]}"
        if name.startswith(prefix) and base in measurement_units():
            return base, power
    return unit_id, 0


@lru_cache(maxsize=None)
def measurement_units() -> dict[str, str]:
    """CLDR measurement unit names babel knows: "tonne" and "mass-tonne" → "mass-tonne"."""
    from babel import Locale

    ids = [k for k in Locale.parse("en")._data["unit_patterns"] if not k.startswith(("concentr-", "compound-"))]
    names: dict[str, str] = {i: i for i in ids}
    short: dict[str, list[str]] = {}
    for unit_id in ids:
        name = unit_id.split("-", 1)[1] if "-" in unit_id else unit_id
        short.setdefault(name, []).append(unit_id)
    names.update({name: found[0] for name, found in short.items() if len(found) == 1 and name not in SPECIAL})
    return names


@lru_cache(maxsize=None)
def currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def known_words() -> list[str]:
    """Every spelling a unit may start with, for did-you-mean."""
    return [*SPECIAL, *sorted(currencies()), *SYMBOLS, *EXTRA_MEASURES, *measurement_units()]


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> Unit:
    """A unit string as data; raises UnitError naming what is wrong and what was probably meant."""
    spelled = " ".join(str(text).split())
    if not spelled:
        raise UnitError("a unit is needed (e.g. 'USD bn', '%', 'people', 'tonne')")
    if len(spelled) > MAX_UNIT_LENGTH:  # no did-you-mean search over a pasted paragraph
        raise UnitError(f"a unit is a few words, not {len(spelled)} characters")
    if " per " in f" {spelled} ":
        top, _, bottom = spelled.partition(" per ")
        if not top or not bottom:
            raise UnitError(f"unit {spelled!r}: 'per' needs a unit on each side, as in 'CNY per USD'")
        numerator, denominator = parse_unit(top), parse_unit(bottom)
        if not numerator.scalable or not denominator.scalable or denominator.scale:
            raise UnitError(f"unit {spelled!r}: a rate is a currency or quantity per unscaled currency or "
                            "quantity, as in 'CNY per USD' or 'USD per tonne'")
        return Unit(spelled, "rate", numerator.base, numerator.scale, denominator)
    words = spelled.split(" ")
    scale = 0
    if len(words) > 1 and words[-1] in SCALES:
        scale = SCALES[words.pop()]
    elif len(words) > 1:
        raise UnitError(_unknown(words[-1], list(SCALES), f"unknown scale {words[-1]!r} in unit {spelled!r}"))
    name = " ".join(words)
    if name in SPECIAL:
        kind = SPECIAL[name]
        if scale and kind not in SCALABLE:
            raise UnitError(f"unit {spelled!r}: {name!r} takes no scale")
        return Unit(spelled, kind, name, scale)
    if name in currencies():
        return Unit(spelled, "currency", name, scale)
    if name in EXTRA_MEASURES:
        return Unit(spelled, "measure", EXTRA_MEASURES[name], scale)
    if name in SYMBOLS:
        unit_id, extra = SYMBOLS[name]
        return Unit(spelled, "measure", unit_id, scale + extra)
    if name in measurement_units():
        return Unit(spelled, "measure", measurement_units()[name], scale)
    if name.upper() in currencies() and len(name) == 3:
        raise UnitError(f"unknown unit {spelled!r}; did you mean {name.upper()!r}? (currency codes are upper case)")
    raise UnitError(_unknown(name, known_words(), f"unknown unit {spelled!r}"))


def _unknown(word: str, choices: list[str], message: str) -> str:
    alias = ALIASES.get(word.lower()) or ALIASES.get(word)
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.5)
    hint = [alias] if alias else sorted(close, key=lambda c: (len(c) != len(word), c[:1] != word[:1]))[:1]  # bm → bn
    if hint:
        return f"{message}; did you mean {hint[0]!r}?"
    return f"{message}; a unit is a currency code (USD, EUR, CNY …), a CLDR unit (tonne, gigawatt, celsius …), " \
           f"or one of {', '.join(SPECIAL)}, then an optional scale ({', '.join(SCALES)})"


def try_parse(text: str) -> Unit | None:
    try:
        return parse_unit(text)
    except UnitError:
        return None


def convert(value: float, source: str, target: str) -> float:
    """``value`` in unit ``source`` expressed in ``target`` (same dimension, other scale)."""
    factor = parse_unit(source).factor_to(parse_unit(target))
    if factor is None:
        raise UnitError(f"cannot convert {source!r} to {target!r}: they measure different things")
    return value * factor


def scale_shift(source: str, target: str) -> int:
    """How many more decimal places a number needs in ``target`` than in ``source`` (m → bn: 3; bn → m: −3).
    A prefix counts as a scale: megawatt → gigawatt needs 3 more, as MW → GW, or 500 MW reads 1 GW."""
    return parse_unit(target).power() - parse_unit(source).power()


@dataclass(frozen=True)
class Combined:
    """How an operation's inputs combine: the unit of the result ("" when the operation cannot tell,
    so the figure must declare one), a factor per input bringing it to a common scale, or an error."""

    unit: str = ""
    factors: tuple[float, ...] = ()
    error: str = ""


SAME_DIMENSION = ("sum", "difference", "share", "growth", "ratio")
RESULT_UNIT = {"share": "%", "growth": "%", "ratio": "ratio"}
PERCENT_SECOND = ("prior", "grow", "whole", "part")


def combine(op: str, spelled: list[str], rule: str = "declared") -> Combined:
    """Check the units of an operation's inputs (each a unit string, or "" for a plain number).
    Inputs of one dimension at other scales are brought to the first input's scale. The built-in
    operations get their own checks below; any other follows ``rule``, its row's unit in
    ``figures.OPS`` ("same", "first", "declared" or a fixed unit), so a new operation is one row there."""
    parsed = [try_parse(s) if s else None for s in spelled]
    ones = tuple(1.0 for _ in spelled)
    if any(s and p is None for s, p in zip(spelled, parsed)):
        return Combined("", ones)  # an unknown unit is reported where it is declared
    if op in SAME_DIMENSION:
        known = [p for p in parsed if p is not None]
        if not known:
            return Combined(RESULT_UNIT.get(op, ""), ones)
        first = known[0]
        if op in ("sum", "difference") and first.kind == "percent" and all(p.kind in ("percent", "points")
                                                                             for p in known):
            return Combined("%", ones)  # a percentage plus or minus percentage points is a percentage
        factors = []
        for p in parsed:
            factor = 1.0 if p is None else p.factor_to(first)
            if factor is None and op == "ratio" and len(known) == 2 and all(q.scalable for q in known):
                # a ratio of two different quantities is a rate: CNY bn ÷ USD bn → CNY per USD
                top, bottom = parsed
                if top is not None and bottom is not None:
                    return Combined(f"{top.base} per {bottom.base}", (10.0 ** top.scale, 10.0 ** bottom.scale))
            if factor is None:
                names = sorted({q.text for q in known})
                return Combined(error=f"{op}() combines {' and '.join(map(repr, names))}, which measure "
                                "different things; convert() them to one unit first")
            factors.append(factor)
        return Combined(RESULT_UNIT.get(op, first.text), tuple(factors))
    if op in PERCENT_SECOND:
        if parsed[1] is not None and parsed[1].kind != "percent":
            return Combined(error=f"{op}() takes a percentage as its second input, not {parsed[1].text!r}")
        return Combined(spelled[0], ones)
    if op in ("convert", "divide") and parsed[0] is not None and parsed[1] is not None and parsed[1].kind == "rate":
        value, rate = parsed
        assert value is not None and rate is not None and rate.per is not None
        source, target = (rate.per.base, rate.base) if op == "convert" else (rate.base, rate.per.base)
        if value.base != source or value.kind == "rate":
            return Combined(error=f"{op}() applies rate {rate.text!r} to {value.text!r}; it "
                            f"{'multiplies' if op == 'convert' else 'divides'} a value in {source}")
        result = target + (f" {SCALE_NAMES[value.scale]}" if value.scale else "")
        return Combined(result, ones)
    if rule == "same":
        return combine("sum", spelled)
    if rule == "first":
        return Combined(spelled[0], ones)
    return Combined("" if rule == "declared" else rule, ones)


def fit(derived: str, declared: str) -> tuple[float, str]:
    """The factor taking a computed value in ``derived`` to the figure's ``declared`` unit, or an error."""
    have, want = try_parse(derived), try_parse(declared)
    if have is None or want is None:
        return 1.0, ""
    if have.kind == "ratio" and want.kind in ("ratio", "count"):
        return 1.0, ""
    factor = have.factor_to(want)
    if factor is None:
        return 1.0, f"its computation gives {derived!r}, which is not what unit {declared!r} measures"
    return factor, ""
