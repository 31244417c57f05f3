"""Jinja2 in a sandbox: prose fields and layout templates render here, and nowhere else.

Templates are untrusted like content: the sandbox blocks attribute escapes,
values that could exhaust memory are refused (generator.render.sandbox), and output size is capped.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import Any, Callable

from jinja2 import BaseLoader, BytecodeCache, StrictUndefined, TemplateError, TemplateNotFound, UndefinedError
from jinja2.bccache import Bucket
from jinja2.loaders import split_template_path

from generator.figures import formatting
from generator.load.safefs import MAX_TEMPLATE_BYTES, UnsafeFile, read_regular
from generator.render import template_cache
from generator.render.sandbox import MAX_OUTPUT, Budget, BoundedSandbox
from generator.render.simple_prose import SimpleTemplate, simple_form


# What rendering an untrusted template may raise besides TemplateError: reported, never a traceback.
RENDER_ERRORS = (TemplateError, ArithmeticError, TypeError, ValueError, RecursionError, MemoryError,
                 AttributeError, LookupError)


def render_problem(exc: BaseException) -> str:
    """What went wrong rendering a template, as its message says; a RecursionError (whose message names only
    Python's limit) as the template's mistake that causes it."""
    if isinstance(exc, RecursionError):
        return "templates include, extend or call one another without end (or nest too deeply)"
    return str(exc) or type(exc).__name__


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


FIELD_SECONDS = 0.5  # CPU time one prose field may take to render
BRIEF_SECONDS = 3.0  # CPU time one brief's layout and fields may take together
RUN_SECONDS = 5.0  # CPU time all briefs of one run may take


class ProjectLoader(BaseLoader):
    """Serves templates by name from the ``search`` folders (in order), but only regular files of at
    most MAX_TEMPLATE_BYTES whose real path (symlinks and ``..`` resolved) lies inside one of the
    ``allowed`` folders: ``{% include ".git/config" %}`` or a symlink to ``/etc/passwd`` is not found. A file
    outside them is passed over as if absent, so a later folder can still serve the name."""

    def __init__(self, search: list[Path], allowed: list[Path], fixed: list[Path] | None = None):
        self.search = [Path(f) for f in search]
        self.allowed = [Path(os.path.realpath(f)) for f in allowed]  # resolved once, not for every template
        self.fixed = [Path(os.path.realpath(f)) for f in fixed or []]  # the tool's own folders: read once
        self.loaded: set[str] = set()
        self.tool_files: dict[str, str] = {}  # file name served from a tool folder -> its real path
        # (folder, whether it is one of the tool's own): a tool folder's files are resolved once per process
        self._folders = [(str(f), Path(os.path.realpath(f)) in self.fixed) for f in self.search]
        self._allowed, self._fixed = _prefixes(self.allowed), _prefixes(self.fixed)

    def get_source(self, environment: Any, template: str):
        pieces = split_template_path(template)  # refuses ".." segments
        for folder, tools in self._folders:
            path = os.path.normpath(os.path.join(folder, *pieces))
            real = _TOOL_PATHS.get(path) if tools else None
            if real is None:
                if not os.path.lexists(path):
                    continue
                real = os.path.realpath(path)  # symlinks and ".." resolved
            if not (real + os.sep).startswith(self._allowed):  # Path.is_relative_to, for real paths
                continue  # never served; a later folder may hold the name (a stray brief.md.j2 at the root)
            if (real + os.sep).startswith(self._fixed):
                source = _tool_template(real, template)
                if tools:  # served from the tool's folder: its code may be kept on disk (a project's link may not)
                    self.tool_files[path] = _TOOL_PATHS[path] = real
            else:
                source = _read_template(path, template)
            self.loaded.add(path)
            return source, path, lambda: True
        raise TemplateNotFound(template)


def _prefixes(folders: list[Path]) -> tuple[str, ...]:
    """What a real path followed by a separator starts with when it is one of ``folders`` or inside one."""
    return tuple(os.path.join(str(folder), "") for folder in folders)


def _read_template(path: str, template: str) -> str:
    try:
        return read_regular(path, MAX_TEMPLATE_BYTES).decode("utf-8")
    except UnsafeFile as exc:
        raise TemplateError(f"template {template!r} cannot be read: {exc}") from None
    except UnicodeDecodeError:
        raise TemplateError(f"template {template!r} is not UTF-8 text") from None


_TOOL_TEMPLATES: dict[str, str] = {}
_TOOL_PATHS: dict[str, str] = {}  # a file in one of the tool's own folders -> its real path


def _tool_template(path: str, template: str) -> str:
    """A template of the tool itself (trusted, and like its Python code not reloaded while it runs), read once
    per process by its real path: every brief's layout includes the same partials."""
    if path not in _TOOL_TEMPLATES:
        _TOOL_TEMPLATES[path] = _read_template(path, template)
    return _TOOL_TEMPLATES[path]


def make_environment(loader: Any = None, budget: Budget | None = None, locale: str = "en") -> BoundedSandbox:
    """The one Jinja2 environment configuration: sandboxed, strict, Markdown output (no HTML escaping).
    Environments sharing a ``budget`` share its CPU-time limit (a brief's layout and its prose); the literals
    ``year()`` and ``nth()`` print in ``locale``'s words (2016年, 第4)."""
    env = BoundedSandbox(loader=loader, undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True,
                         trim_blocks=True, lstrip_blocks=True, budget=budget)
    env.filters.update(FILTERS)
    env.globals.update(year=lambda y: formatting.year(int(y), locale), nth=lambda n: formatting.ordinal(int(n), locale))
    return env


class SharedLayoutCode(BytecodeCache):
    """Compiled layout templates (a brief's layout and the section partials it includes), shared by every
    brief's environment in this process: each brief gets a fresh bounded environment, and without this
    every brief compiled the same sixteen files again. Keyed by name, file and source checksum, so an
    edited template (``brief watch``) is compiled anew; every bounded environment generates the same code
    (as for prose, :func:`compile_string`). At most ``limit`` entries, oldest dropped first.

    The tool's own templates (those its loader serves from its ``fixed`` folders) are also kept on disk
    between processes, beside them as Python keeps bytecode (generator.render.template_cache); a
    project's templates only ever in memory."""

    def __init__(self, limit: int = 512):
        self.codes: dict[tuple[str, str], CodeType] = {}
        self.limit = limit

    def get_bucket(self, environment: Any, name: str, filename: str | None, source: str) -> Bucket:
        bucket = _LayoutBucket(environment, self.get_cache_key(name, filename),
                               template_cache.checksum(environment, name, filename, source))
        bucket.code = self.codes.get((bucket.key, bucket.checksum))
        bucket.tool_file = getattr(environment.loader, "tool_files", {}).get(filename)
        if bucket.code is None and bucket.tool_file is not None:
            template_cache.load(bucket, bucket.tool_file)
            self._remember(bucket)
        return bucket

    def set_bucket(self, bucket: Bucket) -> None:
        self._remember(bucket)
        if isinstance(bucket, _LayoutBucket) and bucket.tool_file is not None:
            template_cache.store(bucket, bucket.tool_file)

    def _remember(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            while len(self.codes) >= self.limit:
                self.codes.pop(next(iter(self.codes)))
            self.codes[(bucket.key, bucket.checksum)] = bucket.code


class _LayoutBucket(Bucket):
    """A bucket that knows the real path of the tool's template it holds (None for a project's)."""

    tool_file: str | None = None


LAYOUT_CODE = SharedLayoutCode()


@lru_cache(maxsize=1)
def _string_environment() -> BoundedSandbox:
    return make_environment()


@lru_cache(maxsize=8192)
def _compiled(text: str) -> CodeType:
    return _string_environment().compile(text)


def compile_string(env: BoundedSandbox, text: str) -> Any:
    """A prose field as a template of ``env`` (its budget and globals). A field of the simple forms
    (generator.render.simple_prose) is not compiled at all; any other is compiled to Python once per source
    text: the same field shown in many briefs, or rebuilt unchanged by ``brief watch``, is not compiled
    again. Every bounded environment generates the same code, so the code object is shared and only
    bound to ``env``. (A syntax error raises and is not cached.)"""
    form = simple_form(text)
    if form is not None:
        return SimpleTemplate(env, form, lambda: _from_code(env, text))
    return _from_code(env, text)


def _from_code(env: BoundedSandbox, text: str) -> Any:
    return env.template_class.from_code(env, _compiled(text), env.make_globals(None), None)


def render_bounded(template: Any, context: dict[str, Any], seconds: float = FIELD_SECONDS,
                   limit: int = MAX_OUTPUT) -> str:
    """Render ``template``, stopping once output passes ``limit`` characters or the render has used
    ``seconds`` of CPU time (or its environment's budget runs out first)."""
    parts, size = [], 0
    with template.environment.budget.limit(seconds):
        for chunk in template.generate(context):
            size += len(chunk)
            if size > limit:
                raise OutputTooLarge(f"template output exceeds {limit:,} characters")
            parts.append(chunk)
    return "".join(parts)


MD_SPECIAL = set("\\`*_[]{}<>#+-!|~")
_MD_ESCAPES = str.maketrans({ch: "\\" + ch for ch in MD_SPECIAL})


def md_escape(text: Any) -> str:
    """Plain text made literal inside Markdown (titles of sources, labels)."""
    return str(text).translate(_MD_ESCAPES).replace("\n", " ")


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


def _to_unit(fig: Any, unit: str, decimals: int | None = None) -> str:
    """``{{ fig.gdp | to("USD tn") }}``: a figure in another scale of its unit (bn ↔ tn, 亿 ↔ bn)."""
    from types import SimpleNamespace

    from generator.figures.units import UnitError, convert, parse_unit

    if not hasattr(fig, "value"):
        raise UndefinedError(f"expected a figure, got {type(fig).__name__}")
    try:
        value = convert(fig.value, fig.unit, str(unit))
        shift = parse_unit(str(unit)).scale - parse_unit(fig.unit).scale
    except UnitError as exc:
        raise UndefinedError(str(exc)) from None
    high = None if getattr(fig, "high", None) is None else convert(fig.high, fig.unit, str(unit))
    places = max(0, min(fig.decimals + shift if decimals is None else int(decimals), 6))
    if decimals is None and shift > 0:  # 3000 CNY 亿 is 0.3 CNY tn, not 0.3000
        places = len(f"{value:.{places}f}".partition(".")[2].rstrip("0"))
    converted = SimpleNamespace(id=fig.id, value=value, unit=str(unit), decimals=places, locale=fig.locale, high=high,
                                qualifier=getattr(fig, "qualifier", ""))
    return formatting.figure_text(converted)


_figure_abs = _figure_filter(lambda f, d: formatting.figure_text(f, d, value=abs(f.value)))


def _absolute(value: Any, decimals: int | None = None) -> Any:
    """A figure without its sign, in its unit's words; a plain number keeps Jinja's own ``abs``."""
    return _figure_abs(value, decimals) if hasattr(value, "value") else abs(value)


FILTERS: dict[str, Callable[..., Any]] = {
    "fmt": _figure_filter(lambda f, d: formatting.figure_text(f, d)),
    "short": _figure_filter(lambda f, d: formatting.figure_text(f, d, short=True)),
    "to": _to_unit,
    "fraction": _figure_filter(lambda f, d: formatting.fraction(f)),
    "num": _figure_filter(lambda f, d: formatting.number(f.value, d, f.locale)),
    "usd_bn": _figure_filter(_fixed("USD bn")),
    "usd_tn": _figure_filter(_fixed("USD tn")),
    "cny_bn": _figure_filter(_fixed("CNY bn")),
    "pct": _figure_filter(_fixed("%")),
    "pct_change": _figure_filter(lambda f, d: formatting.change(f.value, d, f.locale, f.unit)),
    "signed": _figure_filter(lambda f, d: formatting.signed(f.value, d, f.locale, f.unit)),
    "abs": _absolute,
    "md": md_escape,
    "plain": formatting.plain_number,
    "sentence": lambda text: str(text) if str(text).rstrip().endswith((".", "!", "?", ":")) else f"{text}.",
}
