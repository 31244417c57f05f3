"""The compute phase: evaluate every figure in dependency order and check stated against computed values."""
from __future__ import annotations

import math
from dataclasses import dataclass

from generator.load.content import Content, FigureDef
from generator.diagnostics import Diagnostics, Location
from generator.figures.operations import OPS, Call, ExprError, Figure, parse_expr, references
from generator.figures.unit_words import QUALIFIERS
from generator.figures.units import UnitError, combine, fit, parse_unit

COUNT_UNITS = ("count", "rank", "year")
MAX_DECIMALS = 6


@dataclass(frozen=True)
class CheckResult:
    """One comparison of a value a source stated with the value computed from other figures."""

    figure_id: str
    kind: str  # "stated" (derived figure vs the source's number), "check" (raw value vs expression), "range"
    stated: float
    computed: float
    tolerance: float
    ok: bool
    loc: Location
    basis: str  # the expression or bound compared against
    accepted: str = ""  # why a known disagreement in a source is accepted (``accepted:`` on the figure)

    def computed_text(self) -> str:
        """The computed value with one more decimal than the stated one (more if needed to show that
        they differ): "194.130" beside a stated 194.12."""
        stated_places = (written_decimals(f"{self.stated:f}".rstrip("0").rstrip(".")) or 0) + 1
        significant = 2 - math.floor(math.log10(abs(self.computed))) if self.computed else 0
        places = min(max(stated_places, significant), MAX_DECIMALS)
        text = f"{self.computed:.{places}f}"
        while places < MAX_DECIMALS and not self.ok and float(text) == self.stated:
            places += 1
            text = f"{self.computed:.{places}f}"
        return text


def written_decimals(text: str | None) -> int | None:
    """Decimal places of a number as written ("37.297" → 3), or None when not written plainly."""
    if not text:
        return None
    text = text.strip().lstrip("+-")
    if not text.replace(".", "", 1).isdigit():
        return None
    return len(text.split(".")[1]) if "." in text else 0


def rounding_tolerance(text: str | None, value: float) -> float:
    """Half a unit in the last written place: 69.5 agrees with anything that rounds to 69.5."""
    places = written_decimals(text)
    if places is None:
        places = 0 if float(value).is_integer() else 2
    return 0.5 * 10 ** -places + 1e-9


class _Evaluator:
    def __init__(self, content: Content, diags: Diagnostics):
        self.defs, self.diags = content.figures, diags
        self.parsed: dict[str, Call] = {}
        self.done: dict[str, Figure] = {}
        self.failed: set[str] = set()
        self.active: list[str] = []

    def parse_all(self) -> None:
        for fig in self.defs.values():
            if (fig.value is not None) == bool(fig.compute):
                self.diags.error(fig.loc, "figure-value", f"figure {fig.id!r} needs exactly one of 'value' "
                                 "(a raw figure) or 'compute' (a derived one)", f"figures.{fig.id}")
                self.failed.add(fig.id)
                continue
            for key, expr in (("compute", fig.compute), ("check", fig.check)):
                if expr:
                    try:
                        call = parse_expr(expr)
                    except ExprError as exc:
                        self.diags.error(fig.locs[key], "figure-expr", f"{key} of {fig.id!r}: {exc}",
                                         f"figures.{fig.id}.{key}")
                        self.failed.add(fig.id)
                        continue
                    if key == "check" and fig.id in references(call):
                        self.diags.error(fig.locs[key], "figure-check-self", f"check of {fig.id!r} uses {fig.id!r} "
                                         "itself, so it can only agree; check it against other figures",
                                         f"figures.{fig.id}.{key}")
                        self.failed.add(fig.id)
                        continue
                    for ref in references(call):
                        if ref not in self.defs:
                            self.diags.error(fig.locs[key], "figure-ref", f"{key} of {fig.id!r} names unknown "
                                             f"figure {ref!r}", f"figures.{fig.id}.{key}")
                            self.failed.add(fig.id)
                    self.parsed[f"{key}:{fig.id}"] = call

    def figure(self, fid: str) -> Figure | None:
        if fid in self.done or fid in self.failed:
            return self.done.get(fid)
        fig = self.defs[fid]
        if fid in self.active:
            cycle = " → ".join(self.active[self.active.index(fid):] + [fid])
            self.diags.error(fig.locs.get("compute", fig.loc), "figure-cycle", f"figures depend on each other in "
                             f"a cycle: {cycle}", f"figures.{fid}.compute")
            self.failed.add(fid)
            return None
        self.active.append(fid)
        try:
            result = self._build(fig)
        finally:
            self.active.pop()
        if result is None:
            self.failed.add(fid)
        else:
            self.done[fid] = result
        return result

    def _build(self, fig: FigureDef) -> Figure | None:
        path = f"figures.{fig.id}"
        unit = fig.unit
        if unit:
            try:
                parse_unit(unit)
            except UnitError as exc:
                self.diags.error(fig.locs.get("unit", fig.loc), "figure-unit", f"{fig.id}: {exc}", f"{path}.unit")
                return None
        if fig.value is not None:
            value, sources, inputs = fig.value, (fig.source,) if fig.source else (), ()
            if not unit:
                self.diags.error(fig.loc, "figure-unit", f"raw figure {fig.id!r} needs a 'unit'", path)
            places = written_decimals(fig.plain.get("value"))
        else:
            evaluated = self.evaluate(self.parsed.get(f"compute:{fig.id}"), fig, "compute")
            if evaluated is None:
                return None
            value, derived_unit, sources, inputs = evaluated
            if derived_unit in ("", "declared") and not unit:
                self.diags.error(fig.locs["compute"], "figure-unit", f"derived figure {fig.id!r} needs a 'unit': "
                                 "its operation does not determine one", path)
            if unit and derived_unit not in ("", "declared"):
                factor, problem = fit(derived_unit, unit)
                if problem:
                    self.diags.error(fig.locs.get("unit", fig.loc), "figure-unit", f"{fig.id}: {problem}",
                                     f"{path}.unit")
                    return None
                value *= factor  # a derived USD bn declared as USD tn is shown in trillions
            unit = unit or derived_unit
            places = None
            if fig.source:
                sources = (fig.source, *[s for s in sources if s != fig.source])
        decimals = fig.decimals
        if decimals is not None and not 0 <= decimals <= MAX_DECIMALS:
            self.diags.error(fig.locs["decimals"], "figure-decimals", f"decimals of {fig.id!r} must be 0 to "
                             f"{MAX_DECIMALS}, not {decimals}", f"{path}.decimals")
            decimals = None
        if decimals is None:
            decimals = min(places, MAX_DECIMALS) if places is not None else (0 if unit in COUNT_UNITS else 1)
        return Figure(fig.id, fig.label, value, unit, fig.period.get("en", ""), tuple(dict.fromkeys(sources)),
                      decimals, fig.loc, compute=fig.compute, stated=fig.stated,
                      tolerance=fig.tolerance, note=fig.note, inputs=inputs,
                      high=self._high(fig, value), qualifier=self._qualifier(fig),
                      labels=fig.labels, periods=fig.period)

    def _high(self, fig: FigureDef, value: float) -> float | None:
        high = fig.high
        if high is not None and high < value:
            self.diags.error(fig.locs["high"], "figure-range", f"{fig.id}: high {high:g} is below the value "
                             f"{value:g}; a range is written low (value) to high", f"figures.{fig.id}.high")
        return high

    def _qualifier(self, fig: FigureDef) -> str:
        qualifier = fig.qualifier
        if qualifier and qualifier not in QUALIFIERS["en"]:
            self.diags.error(fig.locs["qualifier"], "figure-qualifier", f"{fig.id}: qualifier must be one of "
                             f"{', '.join(QUALIFIERS['en'])}, not {qualifier!r}", f"figures.{fig.id}.qualifier")
            return ""
        return qualifier

    def evaluate(self, expr, fig: FigureDef, key: str):
        """(value, unit, sources, inputs) of an expression, or None after reporting why not."""
        if expr is None:
            return None
        if isinstance(expr, float):
            return expr, "", (), ()
        if isinstance(expr, str):
            dep = self.figure(expr)
            return None if dep is None else (dep.value, dep.unit, dep.sources, (dep.id,))
        args = [self.evaluate(arg, fig, key) for arg in expr.args]
        if any(a is None for a in args):
            return None
        op, where = OPS[expr.op], fig.locs.get(key, fig.loc)
        combined = combine(expr.op, [a[1] for a in args], op.unit)
        if combined.error:
            self.diags.error(where, "figure-unit", f"{combined.error} (in {fig.id!r})", f"figures.{fig.id}.{key}")
            return None
        try:
            value = op.fn(*[a[0] * factor for a, factor in zip(args, combined.factors)])
        except (ZeroDivisionError, OverflowError):
            value = math.nan
        if not math.isfinite(value):
            self.diags.error(where, "figure-math", f"{expr.op}() in {fig.id!r} gives {value} "
                             "(division by zero or overflow)", f"figures.{fig.id}.{key}")
            return None
        unit = combined.unit
        sources = tuple(s for a in args for s in a[2])
        inputs = tuple(i for a in args for i in a[3])
        return value, unit, sources, inputs


def compute_figures(content: Content, diags: Diagnostics) -> tuple[dict[str, Figure], list[CheckResult]]:
    """Evaluate all figures, then compare stated values, check expressions and plausibility bounds."""
    evaluator = _Evaluator(content, diags)
    evaluator.parse_all()
    for fid in content.figures:
        evaluator.figure(fid)
    figures = {fid: evaluator.done[fid] for fid in content.figures if fid in evaluator.done}
    return figures, _run_checks(content, evaluator, figures)


def _run_checks(content: Content, evaluator: _Evaluator, figures: dict[str, Figure]) -> list[CheckResult]:
    results = []
    for fid, fig in figures.items():
        fdef = content.figures[fid]
        pairs = []
        if fig.stated is not None and fig.compute:
            pairs.append(("stated", fig.stated, fig.value, fdef.plain.get("stated"), fig.compute))
        if f"check:{fid}" in evaluator.parsed:
            checked = evaluator.evaluate(evaluator.parsed[f"check:{fid}"], fdef, "check")
            factor, problem = fit(checked[1], fig.unit) if checked is not None and checked[1] else (1.0, "")
            if problem:
                evaluator.diags.error(fdef.locs["check"], "figure-unit", f"check of {fid!r}: {problem}",
                                      f"figures.{fid}.check")
            elif checked is not None:  # a check in USD bn of a figure in USD tn compares in trillions
                pairs.append(("check", fig.value, checked[0] * factor, fdef.plain.get("value"), fdef.check))
        for kind, stated, computed, text, basis in pairs:
            tol = fig.tolerance if fig.tolerance is not None else rounding_tolerance(text, stated)
            results.append(CheckResult(fid, kind, stated, computed, tol, abs(stated - computed) <= tol,
                                       fdef.locs.get(kind if kind == "stated" else "check", fig.loc), basis,
                                       fdef.accepted))
        for bound, limit, ok in (("expect_max", fdef.expect_max, lambda v, b: v <= b),
                                 ("expect_min", fdef.expect_min, lambda v, b: v >= b)):
            if limit is not None:
                b = limit
                results.append(CheckResult(fid, "range", b, fig.value, 0.0, ok(fig.value, b), fdef.locs[bound],
                                           f"{'at most' if bound == 'expect_max' else 'at least'} {b:g}",
                                           fdef.accepted))
    return results
