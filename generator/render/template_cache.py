"""The compiled code of the tool's own templates, kept on disk between runs as Python keeps its modules' bytecode.

Every ``brief`` process compiled the same sixteen layout templates of ``generator/templates`` again (about
65 ms). Their code is written beside them, in ``__pycache__`` (or under ``sys.pycache_prefix``, mirroring
their path, as :func:`importlib.util.cache_from_source` does), and read back by the next process.

Only the tool's own templates, which are trusted like its Python code: marshal data is code, so a template
of a project (untrusted content) is never written to or read from disk. Python's switches apply:
``PYTHONDONTWRITEBYTECODE`` writes nothing (an existing cache is still read), ``PYTHONPYCACHEPREFIX`` moves
the caches. A cache file is used only when Jinja's magic (its bytecode format and Python's version) and a
checksum of the template's name, file, source and :func:`code_fingerprint` all match; a truncated or
corrupt file is ignored and written anew; a folder that cannot be written (a read-only installation) is
skipped without a word.
"""
from __future__ import annotations

import hashlib
import os
import sys
from functools import lru_cache
from types import CodeType
from typing import Any
from weakref import WeakKeyDictionary

from jinja2.bccache import Bucket

SUFFIX = ".jinja"  # after the interpreter's tag: brief.md.j2.cpython-311.jinja


def cache_file(source: str) -> str:
    """Where the compiled code of the template file ``source`` (an absolute real path) is kept."""
    head, tail = os.path.split(source)
    name = f"{tail}.{sys.implementation.cache_tag}{SUFFIX}"
    if sys.pycache_prefix is not None:  # as importlib.util.cache_from_source: the full path mirrored
        drive, rest = os.path.splitdrive(os.path.abspath(head))
        return os.path.join(sys.pycache_prefix, drive.replace(":", ""), rest.lstrip(os.sep), name)
    return os.path.join(head, "__pycache__", name)


@lru_cache(maxsize=32)
def _module_digest(module: str) -> str:
    """A digest of a module's source file: a change to the tool's code generator changes the code it makes."""
    path = getattr(sys.modules.get(module), "__file__", None)
    if path is None:  # not loaded from a file (or not loaded): nothing to digest, never a file named "None"
        return "?"
    try:
        with open(path, "rb") as handle:
            return hashlib.sha1(handle.read()).hexdigest()
    except OSError:
        return "?"


def _named(value: Any) -> str:
    """A callable or class by where it is defined (not by its address), with how Jinja passes arguments to it."""
    value = getattr(value, "__func__", value)  # a bound method: its function
    return (f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
            f":{getattr(value, 'jinja_pass_arg', '')}")


_FINGERPRINTS: WeakKeyDictionary[Any, str] = WeakKeyDictionary()


def code_fingerprint(environment: Any) -> str:
    """What the code Jinja generates for a template depends on besides its source: Jinja's version, the
    environment's class and code generator (and the source of the tool's modules defining them), its
    syntax and whitespace settings, autoescape, finalize, extensions, which filters and tests exist and
    what each is passed, and the operators the sandbox intercepts. Taken when the environment loads its
    first template: Jinja leaves changing an environment after that undefined."""
    if environment not in _FINGERPRINTS:
        _FINGERPRINTS[environment] = _fingerprint(environment)
    return _FINGERPRINTS[environment]


def _fingerprint(env: Any) -> str:
    import jinja2

    classes = [*type(env).__mro__, *env.code_generator_class.__mro__]
    modules = sorted({c.__module__ for c in classes if not c.__module__.startswith(("jinja2", "builtins"))})
    settings = (
        jinja2.__version__, tuple(_named(c) for c in (type(env), env.code_generator_class)),
        tuple((m, _module_digest(m)) for m in modules),
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
        env.is_async, env.autoescape if isinstance(env.autoescape, bool) else _named(env.autoescape),
        None if env.finalize is None else _named(env.finalize),
        tuple(sorted((name, _named(ext)) for name, ext in env.extensions.items())),
        tuple((name, getattr(fn, "jinja_pass_arg", None)) for name, fn in env.filters.items()),
        tuple((name, getattr(fn, "jinja_pass_arg", None)) for name, fn in env.tests.items()),
        tuple(sorted(getattr(env, "intercepted_binops", ()))), tuple(sorted(getattr(env, "intercepted_unops", ()))),
    )
    if settings not in _DIGESTS:  # every brief's fresh environment has the same settings: digested once
        _DIGESTS[settings] = hashlib.sha1(repr(settings).encode("utf-8")).hexdigest()
    return _DIGESTS[settings]


_DIGESTS: dict[tuple[Any, ...], str] = {}


def checksum(environment: Any, name: str, filename: str | None, source: str) -> str:
    """The checksum a template's code is kept under: its name and file (the generated code and its
    tracebacks name them), its source, and the environment's :func:`code_fingerprint`."""
    digest = hashlib.sha1(f"{code_fingerprint(environment)}\0{name}\0{filename}\0".encode("utf-8"))
    digest.update(source.encode("utf-8"))
    return digest.hexdigest()


def load(bucket: Bucket, source: str) -> None:
    """Fill ``bucket`` with the code kept for the tool's template file ``source``, if it is there and valid."""
    try:
        with open(cache_file(source), "rb") as handle:
            bucket.load_bytecode(handle)  # checks Jinja's magic and the checksum
    except FileNotFoundError:
        return
    except Exception:  # noqa: BLE001 - a truncated or corrupt cache is compiled again, never an error
        bucket.reset()
    if not isinstance(bucket.code, CodeType):
        bucket.reset()


def store(bucket: Bucket, source: str) -> None:
    """Keep ``bucket``'s code for the tool's template file ``source``: written to a temporary file in the
    same folder and renamed over the old one, so a reader sees a whole file or none. Nothing is written
    under ``PYTHONDONTWRITEBYTECODE`` or where the tool may not write."""
    if sys.dont_write_bytecode or bucket.code is None:
        return
    target = cache_file(source)
    temporary = f"{target}.{os.getpid()}.tmp"
    try:
        mode = os.stat(source).st_mode & 0o666  # readable by whoever may read the template, as Python does
        os.makedirs(os.path.dirname(target), exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except OSError:
        return
    try:
        with open(descriptor, "wb") as handle:
            bucket.write_bytecode(handle)
        os.replace(temporary, target)
    except (OSError, ValueError, TypeError):  # a full disk; code marshal cannot write
        try:
            os.unlink(temporary)
        except OSError:
            pass
