"""Figures: raw values and values derived from them by a small, safe set of operations.

``compute: prior(trade_total_2016, trade_growth_2016)`` is parsed by a tiny
recursive-descent parser (never ``eval``) into calls of the functions in OPS.
"""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Callable

from generator.diagnostics import Location
from generator.figures.units import UnitError, convert, scale_shift

_TOKEN = re.compile(r"\s*(?:(?P<num>[-+]?\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)|(?P<punct>[(),]))")


@dataclass(frozen=True)
class Op:
    """A figure operation: arity (-1: two or more), the function, and how its unit follows from its inputs."""

    arity: int
    fn: Callable[..., float]
    unit: str  # "same": all inputs share a unit; "first": unit of the first input; else a fixed unit
    doc: str


OPS: dict[str, Op] = {
    "sum": Op(-1, lambda *xs: math.fsum(xs), "same", "a + b + …"),
    "difference": Op(2, lambda a, b: a - b, "same", "a − b"),
    "ratio": Op(2, lambda a, b: a / b, "declared", "a ÷ b"),
    "product": Op(2, lambda a, b: a * b, "declared", "a × b"),
    "convert": Op(2, lambda a, rate: a * rate, "declared", "a × exchange rate (or other conversion factor)"),
    "divide": Op(2, lambda a, rate: a / rate, "declared", "a ÷ exchange rate (or other conversion factor)"),
    "share": Op(2, lambda part, whole: 100.0 * part / whole, "%", "part as a percentage of whole"),
    "growth": Op(2, lambda new, old: 100.0 * (new / old - 1.0), "%", "percentage change from old to new"),
    "prior": Op(2, lambda value, growth: value / (1.0 + growth / 100.0), "first",
                "the previous period's value, given this period's value and its growth in %"),
    "grow": Op(2, lambda value, growth: value * (1.0 + growth / 100.0), "first",
               "the next period's value, given a growth rate in %"),
    "whole": Op(2, lambda part, pct: 100.0 * part / pct, "first", "the total a part is pct % of"),
    "part": Op(2, lambda whole, pct: whole * pct / 100.0, "first", "pct % of a whole"),
}


@dataclass(frozen=True)
class Call:
    """A parsed ``op(arg, ...)``; an argument is a figure ID (str), a number (float) or a Call."""

    op: str
    args: tuple


class ExprError(ValueError):
    """A compute expression that does not parse or uses an unknown operation."""


MAX_EXPR_DEPTH = 50


def parse_expr(text: str) -> Call:
    """Parse ``op(arg, ...)`` into a :class:`Call`."""
    depth = deepest = 0
    for char in text:  # the parser recurses once per level: refuse what would exhaust the stack
        depth += (char == "(") - (char == ")")
        deepest = max(deepest, depth)
    if deepest > MAX_EXPR_DEPTH:
        raise ExprError(f"operations nest more than {MAX_EXPR_DEPTH} levels deep; define intermediate figures")
    tokens, pos = [], 0
    while pos < len(text.rstrip()):
        match = _TOKEN.match(text, pos)
        if not match:
            raise ExprError(f"unexpected {text[pos:].strip()[:10]!r} at character {pos + 1}")
        kind = match.lastgroup or ""  # one of the three groups always matches
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    call, rest = _parse_call(tokens)
    if rest:
        raise ExprError(f"unexpected {rest[0][1]!r} after the expression")
    if not isinstance(call, Call):
        raise ExprError("expected an operation such as sum(a, b)")
    return call


def _parse_call(tokens: list) -> tuple:
    if not tokens:
        raise ExprError("expression ends too early")
    (kind, text), rest = tokens[0], tokens[1:]
    if kind == "num":
        return float(text), rest
    if kind != "name":
        raise ExprError(f"unexpected {text!r}")
    if not rest or rest[0][1] != "(":
        return text, rest
    if text not in OPS:
        near = difflib.get_close_matches(text, list(OPS), n=1)
        raise ExprError(f"unknown operation {text!r}; " + (f"did you mean {near[0]!r} ({OPS[near[0]].doc})?" if near
                                                           else f"known: {', '.join(OPS)}"))
    args, rest = [], rest[1:]
    while True:
        arg, rest = _parse_call(rest)
        args.append(arg)
        if not rest:
            raise ExprError("missing ')'")
        if rest[0][1] == ")":
            rest = rest[1:]
            break
        if rest[0][1] != ",":
            raise ExprError(f"expected ',' or ')', got {rest[0][1]!r}")
        rest = rest[1:]
    op = OPS[text]
    if (op.arity == -1 and len(args) < 2) or (op.arity > 0 and len(args) != op.arity):
        raise ExprError(f"{text}() takes {'two or more' if op.arity == -1 else op.arity} arguments, got {len(args)}")
    return Call(text, tuple(args)), rest


def references(expr: Call | str | float) -> list[str]:
    """Figure IDs an expression reads."""
    if isinstance(expr, str):
        return [expr]
    if isinstance(expr, Call):
        return [ref for arg in expr.args for ref in references(arg)]
    return []


@dataclass
class Figure:
    """A figure with its computed value. ``sources`` are the sources it rests on (a derived
    figure inherits its inputs')."""

    id: str
    label: str
    value: float
    unit: str
    period: str
    sources: tuple[str, ...]
    decimals: int
    loc: Location
    compute: str = ""
    stated: float | None = None
    tolerance: float | None = None
    note: str = ""
    inputs: tuple[str, ...] = field(default_factory=tuple)
    labels: dict[str, str] = field(default_factory=dict)  # the label in other languages: {language: text}
    periods: dict[str, str] = field(default_factory=dict)  # the period as written, {language: text}
    high: float | None = None  # a range: value is its low end ("1.5–2 °C")
    qualifier: str = ""  # as the source hedges it: about, nearly, over, under, at least, at most


def in_unit(fig: Figure, unit: str) -> tuple[float, int]:
    """A figure's value and decimals in another scale of its unit (2.2 USD tn in a USD bn chart:
    2200, 0 decimals); unchanged when the units do not convert (reported by check_chart_units)."""
    try:
        return convert(fig.value, fig.unit, unit), max(0, fig.decimals + scale_shift(fig.unit, unit))
    except UnitError:
        return fig.value, fig.decimals
