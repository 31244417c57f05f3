"""Jinja2 in a sandbox: prose fields and layout templates render here, and nowhere else.

Templates are untrusted like content: the sandbox blocks attribute escapes,
values that could exhaust memory are refused (generator.sandbox), and output size is capped.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound, UndefinedError

from generator import formatting
from generator.sandbox import MAX_OUTPUT, BoundedSandbox


# What rendering an untrusted template may raise besides TemplateError: reported, never a traceback.
RENDER_ERRORS = (TemplateError, ArithmeticError, TypeError, ValueError, RecursionError, MemoryError,
                 AttributeError, LookupError)


def template_frame(exc: BaseException, is_template: Callable[[str], bool]) -> tuple[str, int]:
    """The (file name, line) of the innermost template frame of ``exc``'s traceback, or ("", 0).
    Jinja maps the frames of compiled templates to template file names and lines."""
    tb, found = exc.__traceback__, ("", 0)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if is_template(filename):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


class OutputTooLarge(TemplateError):
    """A template tried to produce more than MAX_OUTPUT characters."""


MAX_TEMPLATE_BYTES = 1_000_000


class ProjectLoader(FileSystemLoader):
    """A file loader that only serves regular files whose real path (symlinks resolved) lies inside
    one of its folders: a template cannot include ``/etc/passwd`` through ``..`` or a symlink."""

    def __init__(self, folders: list[Path]):
        self.roots = [Path(f).resolve() for f in folders]
        self.loaded: set[str] = set()
        super().__init__([str(r) for r in self.roots], followlinks=False)

    def get_source(self, environment: Any, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(os.path.realpath(filename))
        if not any(real.is_relative_to(root) for root in self.roots) or not real.is_file():
            raise TemplateNotFound(template)
        if len(source) > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"template {template!r} is larger than {MAX_TEMPLATE_BYTES:,} characters")
        self.loaded.add(filename)
        return source, filename, uptodate


def make_environment(loader: Any = None) -> BoundedSandbox:
    """The one Jinja2 environment configuration: sandboxed, strict, Markdown output (no HTML escaping)."""
    env = BoundedSandbox(loader=loader, undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True,
                         trim_blocks=True, lstrip_blocks=True)
    env.filters.update(FILTERS)
    env.globals.update(year=lambda y: str(int(y)), nth=lambda n: formatting.ordinal(int(n)))
    return env


@lru_cache(maxsize=1)
def _string_environment() -> BoundedSandbox:
    return make_environment()


@lru_cache(maxsize=8192)
def compile_string(text: str) -> Any:
    """A prose field compiled once per source text: the same field shown in many briefs, or rebuilt
    unchanged by ``brief watch``, is not compiled again. (A syntax error raises and is not cached.)"""
    return _string_environment().from_string(text)


@lru_cache(maxsize=16)
def layout_environment(folders: tuple[Path, ...]) -> tuple[BoundedSandbox, ProjectLoader]:
    """One environment (and its loader) per template search path, so each layout file compiles once
    per run (Jinja recompiles it when the file's modification time changes)."""
    loader = ProjectLoader(list(folders))
    return make_environment(loader), loader


def render_bounded(template: Any, context: dict[str, Any]) -> str:
    """Render ``template``, stopping once output passes MAX_OUTPUT characters."""
    parts, size = [], 0
    for chunk in template.generate(context):
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise OutputTooLarge(f"template output exceeds {MAX_OUTPUT:,} characters")
        parts.append(chunk)
    return "".join(parts)


MD_SPECIAL = set("\\`*_[]{}<>#+-!|~")


def md_escape(text: Any) -> str:
    """Plain text made literal inside Markdown (titles of sources, labels)."""
    out = []
    for ch in str(text):
        out.append("\\" + ch if ch in MD_SPECIAL else ch)
    return "".join(out).replace("\n", " ")


def _figure_filter(fn: Callable[..., str]) -> Callable[..., str]:
    """Make a formatting function a filter taking a figure (anything with value/unit/decimals)."""
    def apply(fig: Any, decimals: int | None = None) -> str:
        if not hasattr(fig, "value"):
            raise UndefinedError(f"expected a figure, got {type(fig).__name__}")
        return fn(fig, fig.decimals if decimals is None else int(decimals))
    return apply


def _fixed(unit: str) -> Callable[..., str]:
    def fmt(fig: Any, d: int) -> str:
        if fig.unit != unit:
            raise UndefinedError(f"figure {fig.id!r} is in {fig.unit!r}, not {unit!r}")
        return formatting.with_unit(fig.value, unit, d, fig.locale)
    return fmt


_figure_abs = _figure_filter(lambda f, d: formatting.with_unit(abs(f.value), f.unit, d, f.locale))


def _absolute(value: Any, decimals: int | None = None) -> Any:
    """A figure without its sign, in its unit's words; a plain number keeps Jinja's own ``abs``."""
    return _figure_abs(value, decimals) if hasattr(value, "value") else abs(value)


FILTERS: dict[str, Callable[..., Any]] = {
    "fmt": _figure_filter(lambda f, d: formatting.with_unit(f.value, f.unit, d, f.locale)),
    "short": _figure_filter(lambda f, d: formatting.with_unit(f.value, f.unit, d, f.locale, short=True)),
    "num": _figure_filter(lambda f, d: formatting.number(f.value, d, f.locale)),
    "usd_bn": _figure_filter(_fixed("USD bn")),
    "usd_tn": _figure_filter(_fixed("USD tn")),
    "cny_bn": _figure_filter(_fixed("CNY bn")),
    "pct": _figure_filter(_fixed("%")),
    "pct_change": _figure_filter(lambda f, d: formatting.change(f.value, d, f.locale, f.unit)),
    "signed": _figure_filter(lambda f, d: formatting.signed(f.value, d, f.locale, f.unit)),
    "abs": _absolute,
    "md": md_escape,
    "sentence": lambda text: str(text) if str(text).rstrip().endswith((".", "!", "?", ":")) else f"{text}.",
}
