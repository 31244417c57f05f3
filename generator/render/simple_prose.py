"""Prose fields of the common simple forms, rendered without compiling Jinja to Python.

Most prose fields are text with a few ``{{ fig.ID }}``, ``{{ fig.ID | filter }}``,
``{{ fig.ID | filter(2) }}`` or ``{{ year(2016) }}``. Compiling each to Python (Jinja's parser, code
generator and ``compile``) was most of the time ``brief check`` spent. A field made only of these
forms is split once by a strict pattern into text and expressions, and the expressions are evaluated
with the very calls Jinja's compiled code makes — the bounded environment's ``getattr``, ``call``,
``finalize`` and its (guarded) filters — so bounds, budgets and results are the same. Anything else
(``{%``, ``{#``, whitespace control, strings, other expressions) goes to Jinja, and so does any field
whose evaluation raises: the compiled template then reports the error, at its line, as before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator, Union

from jinja2.runtime import new_context
from jinja2.utils import missing

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_INT = r"0|[1-9][0-9]{0,8}"  # what Jinja reads as the same int (no "_", no "0x", no leading zeros)
_FILTER = rf"\|\s*({_NAME})(?:\(\s*({_INT})\s*\))?\s*"
_EXPRESSION = re.compile(rf"\{{\{{\s*(?:fig\.({_NAME})|({_NAME})\(\s*({_INT})\s*\))\s*((?:{_FILTER})*)\}}\}}")
_ONE_FILTER = re.compile(_FILTER)
_TAG_START = re.compile(r"\{[{%#]")  # where Jinja leaves text: a variable, a block or a comment
_NEWLINE = re.compile(r"\r\n|\r|\n")  # Jinja's lexer turns each into "\n"
# Names Jinja's parser reads as something other than a variable where a call's name would stand
_NOT_NAMES = frozenset({"not", "and", "or", "in", "is", "if", "else", "true", "false", "none", "True", "False",
                        "None"})
MAX_SIMPLE_CHARS = 100_000  # longer fields go to Jinja (and its bounds) as they are


@dataclass(frozen=True)
class Expression:
    """One ``{{ }}``: ``fig.<figure>`` or ``<call>(<argument>)``, then filters (name, argument or None)."""

    line: int
    figure: str | None
    call: str | None
    argument: int | None
    filters: tuple[tuple[str, int | None], ...]


Piece = Union[str, Expression]


@lru_cache(maxsize=8192)
def simple_form(text: str) -> tuple[Piece, ...] | None:
    """``text`` as pieces of text and expressions, or None when it is not made only of the simple forms."""
    if len(text) > MAX_SIMPLE_CHARS:
        return None
    source = _NEWLINE.sub("\n", text)
    pieces: list[Piece] = []
    at = 0
    for tag in _TAG_START.finditer(source):
        if tag.start() < at:  # inside an expression already read
            continue
        match = _EXPRESSION.match(source, tag.start())
        if match is None:
            return None
        figure, call, argument, filters = match.group(1, 2, 3, 4)
        names = [call] if call else []
        chain = tuple((f.group(1), None if f.group(2) is None else int(f.group(2)))
                      for f in _ONE_FILTER.finditer(filters))
        if any(name in _NOT_NAMES for name in names + [name for name, _arg in chain]):
            return None
        if source[at:tag.start()]:
            pieces.append(source[at:tag.start()])
        pieces.append(Expression(source.count("\n", 0, match.start(1 if figure else 2)) + 1, figure, call,
                                 None if argument is None else int(argument), chain))
        at = match.end()
    if source[at:]:
        pieces.append(source[at:])
    return tuple(pieces)


def figure_names(form: tuple[Piece, ...]) -> list[tuple[str, int]]:
    """(figure ID, line) of each ``fig.ID`` in a simple form, as generator.check.prose_refs finds them in Jinja's tree."""
    return [(p.figure, p.line) for p in form if isinstance(p, Expression) and p.figure is not None]


class _NotSimple(Exception):
    """A filter that is unknown or wants the context or environment passed: leave the field to Jinja."""


class SimpleTemplate:
    """A prose field in its simple form, bound to a bounded environment; renders like the compiled template,
    to which it hands over (``full``) whenever evaluating raises."""

    def __init__(self, environment: Any, form: tuple[Piece, ...], full: Any):
        self.environment, self.form, self._full = environment, form, full

    def generate(self, variables: dict[str, Any]) -> Iterator[str]:
        try:
            parts = self._evaluate(variables)
        except Exception:  # noqa: BLE001 - whatever it was, the compiled template raises it, located
            yield from self._full().generate(variables)
            return
        yield from parts

    def _evaluate(self, variables: dict[str, Any]) -> list[str]:
        env = self.environment
        for piece in self.form:  # before anything is read, as the compiled template's prologue does
            for filter_name, _argument in piece.filters if isinstance(piece, Expression) else ():
                apply = env.filters.get(filter_name)
                if apply is None or getattr(apply, "jinja_pass_arg", None) is not None:
                    raise _NotSimple(filter_name)  # unknown, or wants the context or environment passed
        context = new_context(env, None, {}, variables, False, env.make_globals(None), None)
        parts: list[str] = []
        for piece in self.form:
            if isinstance(piece, str):
                parts.append(piece)
                continue
            name = "fig" if piece.figure is not None else str(piece.call)
            value = context.resolve_or_missing(name)
            if value is missing:
                value = env.undefined(name=name)
            if piece.figure is not None:
                value = env.getattr(value, piece.figure)
            else:
                value = env.call(context, value, piece.argument)
            for filter_name, argument in piece.filters:
                apply = env.filters[filter_name]
                value = apply(value) if argument is None else apply(value, argument)
            parts.append(str(env.finalize(value)))
        return parts

