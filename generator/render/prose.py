"""Prose rendering: content fields are Jinja2 templates over the figures, rendered in the sandbox.

Every figure a field reads is recorded, so the field can cite the figure's
sources as notes and the manifest can list the figures a brief shows.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from jinja2 import TemplateSyntaxError, UndefinedError

from generator.figures import formatting
from generator.diagnostics import Diagnostics, Location
from generator.figures.operations import Figure
from generator.render.markdown import nesting_problem
from generator.render.sandbox import Budget
from generator.load.translation import Picker, text_in
from generator.render.templating import (RENDER_ERRORS, compile_string, make_environment, render_bounded,
                                         render_problem, template_frame)

MAX_FIELD_CHARS = 100_000  # what one prose field may render to (a brief is a few pages)


@dataclass(frozen=True)
class FigureView:
    """A figure as templates see it; ``str()`` formats it in its unit's words."""

    id: str
    label: str
    value: float
    unit: str
    period: str
    decimals: int
    locale: str
    sources: tuple[str, ...]
    note: str
    high: float | None = None
    qualifier: str = ""

    def __str__(self) -> str:
        return _worded(self, repr(self.value), repr(self.high))


@lru_cache(maxsize=4096)
def _worded(view: FigureView, _value: str, _high: str) -> str:
    """A figure in its unit's words, worded once per process: the same figure shows in many briefs and fields.
    (The values' reprs are part of the key: 0.0 and -0.0 are equal, and so are 1 and 1.0.)"""
    return formatting.figure_text(view)


class FigureAccessor:
    """``fig.ID`` / ``fig['ID']`` in templates; records what is read and names unknown IDs."""

    __template_hidden__ = frozenset({"take_used"})  # a template must not erase what it read from the manifest

    def __init__(self, figures: dict[str, Figure], locale: str, pick: Picker | None = None):
        self._figures, self._locale = figures, locale
        self._used: list[str] = []
        self._pick = pick  # picks (and warns about) the label in the brief's language

    def __getattr__(self, name: str) -> FigureView:
        return self[name]

    def __getitem__(self, name: str) -> FigureView:
        fig = self._figures.get(name)
        if fig is None:
            raise UndefinedError(f"no figure {name!r}")
        self._used.append(name)
        if self._pick is not None and fig.labels:
            label = self._pick(fig.labels, fig.loc, f"figures.{fig.id}.label")
        else:
            label = text_in(fig.labels, self._locale) or fig.label
        return FigureView(fig.id, label, fig.value, fig.unit, fig.period, fig.decimals, self._locale,
                          fig.sources, fig.note, fig.high, fig.qualifier)

    def take_used(self) -> list[str]:
        """Figure IDs read since the last call, in order, without repeats."""
        used, self._used = list(dict.fromkeys(self._used)), []
        return used


class ProseRenderer:
    """Renders prose fields, reporting template errors at the content file's line."""

    def __init__(self, figures: dict[str, Figure], locale: str, diags: Diagnostics, budget: Budget | None = None):
        self.env = make_environment(budget=budget, locale=locale)  # year(2016) → 2016年 in Chinese, nth(4) → 第4
        self.figures = figures
        self.fig = FigureAccessor(figures, locale, Picker(locale, diags))
        self.diags = diags
        self.used: list[str] = []

    def render(self, text: str, where: Location, key_path: str, cite: bool = True) -> str:
        """Rendered Markdown of one prose field, with note references to the sources of its figures."""
        try:
            out = render_bounded(compile_string(self.env, text), {"fig": self.fig}, limit=MAX_FIELD_CHARS).strip()
        except TemplateSyntaxError as exc:
            self._error(where, exc.lineno, "template-syntax", exc.message or str(exc), key_path)
            return ""
        except RENDER_ERRORS as exc:
            _file, line = template_frame(exc, lambda name: name == "<template>")
            self._error(where, line or 1, "template-render", render_problem(exc), key_path)
            return ""
        used = self.fig.take_used()
        problem = nesting_problem(out)
        if problem:
            self._error(where, 1, "prose-nesting", problem, key_path)
            return ""
        self.used.extend(used)
        if cite and used:
            sources = dict.fromkeys(s for fid in used for s in self.figures[fid].sources)
            out += "".join(f"[^{s}]" for s in sources)
        return out

    def _error(self, where: Location, lineno: int | None, code: str, message: str, key_path: str) -> None:
        line = where.line + max((lineno or 1) - 1, 0) if where.line else 0
        self.diags.error(Location(where.path, line, where.col if line == where.line else 1), code, message,
                         key_path)

