"""A Jinja2 sandbox that also bounds memory and CPU time: no template may build a huge value or run long.

Jinja's own sandbox stops attribute escapes and caps ``range``; templates here are
untrusted, so this one also
- refuses values that would exhaust memory (operators, ``~``, ``%``, filters, string methods,
  printing a list that holds itself many times over), before they are built where the size can
  be known in advance, and after otherwise;
- refuses changing shared values (``list.append``, ``dict.update``: ImmutableSandboxedEnvironment),
  so one brief's template cannot change what another brief or the manifest sees;
- stops a render that uses more than its CPU-time :class:`Budget` (nested loops, macro fan-out):
  every loop iteration, call, attribute access and operator checks the clock.
"""
from __future__ import annotations

import functools
import math
import operator
import re
import string
import time
import types
from contextlib import contextmanager
from typing import Any, Callable, Collection, Iterable, Iterator

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Namespace

MAX_OUTPUT = 2_000_000  # characters one value or one template may hold
MAX_SEQUENCE = 100_000  # longest string or list ``*`` may build, and largest number a filter takes
MAX_PRINTED = 20_000_000  # characters all ``{{ }}`` of one brief may print (block buffers hold them)
MAX_INT_BITS = 100_000  # integers a template may compute (about 30,000 digits)
_FORMAT_WIDTH = re.compile(r"%[-#0 +]*(\d+|\*)?(?:\.(\d+|\*))?")
_CONTAINERS: tuple[type[Collection[Any]], ...] = (list, tuple, set, frozenset, dict, type({}.keys()), type({}.values()), type({}.items()))


class TimeBudgetExceeded(SecurityError):
    """A render used more CPU time than its budget allows."""


class Budget:
    """The CPU time (``time.process_time``) a brief's rendering may still use; limits nest."""

    def __init__(self, deadline: float = math.inf):
        self.deadline = deadline
        self.printed = 0  # characters printed by ``{{ }}`` so far, also into macros and {% set %} blocks

    def count(self, size: int) -> None:
        self.printed += size
        if self.printed > MAX_PRINTED:
            raise SecurityError(f"the template printed more than {MAX_PRINTED:,} characters")

    @contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        outer = self.deadline
        self.deadline = min(outer, time.process_time() + seconds)
        try:
            yield
        finally:
            self.deadline = outer

    def tick(self) -> None:
        if time.process_time() > self.deadline:
            raise TimeBudgetExceeded("the template used more than its CPU-time budget (a loop or macro that "
                                     "runs too long?)")


def _too_big(value: Any) -> bool:
    return isinstance(value, (str, list, tuple)) and len(value) > MAX_OUTPUT


def measure(value: Any, budget: Budget | None = None) -> int:
    """Refuse a value whose text would be huge: a list holding a 1,000-item list 1,000 times prints
    a million items though it takes little memory. Counts items and characters, stopping at MAX_OUTPUT."""
    if isinstance(value, str):
        if len(value) > MAX_OUTPUT:
            raise SecurityError("value too large")
        return len(value)
    if not isinstance(value, (*_CONTAINERS, Namespace)):
        return 1
    stack: list[Any] = [value]
    size = count = 0
    while stack:
        item: Any = stack.pop()
        size += len(item) + 1 if isinstance(item, str) else 10  # an item prints as a few characters at least
        if size > MAX_OUTPUT:
            raise SecurityError("value too large to show")
        count += 1
        if count & 4095 == 0 and budget is not None:
            budget.tick()
        if isinstance(item, Namespace):
            item = getattr(item, "_Namespace__attrs")  # Jinja keeps a namespace's values here
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, _CONTAINERS):
            stack.extend(item)
    return size


def _counted(iterable: Iterable[Any]) -> Iterator[Any]:
    """``iterable``'s items, refusing to go on once they add up to more than MAX_OUTPUT (items + characters):
    a filter such as ``list`` or ``join`` over ``map`` would otherwise build an unbounded value."""
    size = 0
    for item in iterable:
        size += len(item) + 1 if isinstance(item, str) else 1
        if size > MAX_OUTPUT:
            raise SecurityError("sequence too large")
        yield item


def _check_format_spec(fmt: str) -> None:
    """Refuse ``str.format`` fields with huge or computed widths (``{:>999999999}``, ``{:{w}}``)."""
    for _literal, _field, spec, _conv in string.Formatter().parse(fmt):
        if spec and ("{" in spec or any(int(w) > MAX_SEQUENCE for w in re.findall(r"\d+", spec))):
            raise SecurityError("format width too large")


class BoundedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` to a call that refuses results over MAX_OUTPUT characters, and every
    ``{% for %}`` to iterate through :meth:`BoundedSandbox.bounded_iter` (which watches the clock)."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802 - Jinja's visitor name
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:  # noqa: N802 - Jinja's visitor name
        node.iter = nodes.Call(nodes.EnvironmentAttribute("bounded_iter"), [node.iter], [], None, None,
                               lineno=node.lineno)
        super().visit_For(node, frame)


def _filter_guard(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so its arguments cannot ask for, nor its result be, a huge value."""
    skip = 2 if getattr(fn, "jinja_pass_arg", None) else 1  # (context,) value, then the filter's own arguments

    @functools.wraps(fn)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        value, extra = (args[skip - 1] if len(args) >= skip else None), [*args[skip:], *kwargs.values()]
        if any(isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_SEQUENCE for a in extra):
            raise SecurityError(f"argument of filter {name!r} too large")
        if name == "replace" and isinstance(value, str) and len(extra) >= 2:
            old, new = str(extra[0]), str(extra[1])
            growth = (value.count(old) if old else len(value) + 1) * max(0, len(new) - len(old))
            if len(value) + growth > MAX_OUTPUT:
                raise SecurityError("replace result too large")
        if name == "indent" and isinstance(value, str) and extra and isinstance(extra[0], str):
            if len(extra[0]) * (value.count("\n") + 1) > MAX_OUTPUT:
                raise SecurityError("indent result too large")
        if name == "format" and isinstance(value, str):
            widths = [int(w) for match in _FORMAT_WIDTH.findall(value) for w in match if w.isdigit()]
            if any(w > MAX_SEQUENCE for w in widths) or "*" in "".join(sum(_FORMAT_WIDTH.findall(value), ())):
                raise SecurityError("format width too large")
        if name == "join" and isinstance(value, (list, tuple)):
            if sum(len(v) for v in value if isinstance(v, str)) > MAX_OUTPUT:
                raise SecurityError("join result too large")
        for argument in (value, *extra):
            measure(argument)
        if value is not None and not isinstance(value, (str, *_CONTAINERS)) and hasattr(value, "__next__"):
            args = (*args[:skip - 1], _counted(value), *args[skip:])  # a generator: count as it is consumed
        result = fn(*args, **kwargs)
        if _too_big(result):
            raise SecurityError(f"result of filter {name!r} too large")
        return result

    return guarded


_GROWING_STR_METHODS = {"center", "ljust", "rjust", "zfill"}
_REFUSED_STR_METHODS = {"translate", "maketrans", "expandtabs"}


def _check_str_method(text: str, name: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Refuse a call of a string method that could build a huge string; the (maybe counted) arguments."""
    if name in _REFUSED_STR_METHODS:
        raise SecurityError(f"str.{name} is not available in templates")
    if name in _GROWING_STR_METHODS and args and isinstance(args[0], int) and args[0] > MAX_SEQUENCE:
        raise SecurityError(f"str.{name} width too large")
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        growth = (text.count(args[0]) if args[0] else len(text) + 1) * max(0, len(args[1]) - len(args[0]))
        if len(text) + growth > MAX_OUTPUT:
            raise SecurityError("replace result too large")
    if name == "join" and args:
        items = list(_counted(args[0]))
        if len(text) * len(items) + sum(len(i) for i in items if isinstance(i, str)) > MAX_OUTPUT:
            raise SecurityError("join result too large")
        return (items, *args[1:])
    return args


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """A sandbox whose operators, concatenation, filters and loops cannot exhaust memory or CPU time,
    and in which shared lists and dicts are read-only."""

    code_generator_class = BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, budget: Budget | None = None, **kwargs: Any):
        super().__init__(*args, finalize=self._finalize, **kwargs)
        self.budget = budget or Budget()
        self.filters = _GuardedFilters(self.filters)
        self.globals.pop("lipsum", None)  # lipsum(n=10**6) builds megabytes of text in one call

    def _finalize(self, value: Any) -> Any:
        """Every ``{{ value }}``: printing it must not build a huge string."""
        self.budget.tick()
        self.budget.count(measure(value, self.budget))
        return value

    def concat(self, parts: Iterable[str]) -> str:
        """Joins the output of macros, ``caller()`` and ``{% set %}`` blocks, which never pass through
        :func:`generator.render.templating.render_bounded`."""
        parts = parts if isinstance(parts, list) else list(parts)
        if sum(map(len, parts)) > MAX_OUTPUT:
            raise SecurityError("block output too large")
        return "".join(parts)

    def bounded_iter(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """What ``{% for %}`` loops over: the same items, with the CPU-time budget checked as they come."""
        self.budget.tick()
        for count, item in enumerate(iterable):
            if count & 255 == 255:
                self.budget.tick()
            yield item

    def bounded_concat(self, parts: tuple[Any, ...]) -> str:
        self.budget.tick()
        if sum(len(p) if isinstance(p, str) else 0 for p in parts) > MAX_OUTPUT:
            raise SecurityError("concatenation result too large")
        for part in parts:
            measure(part, self.budget)
        result = "".join(map(str, parts))
        if len(result) > MAX_OUTPUT:
            raise SecurityError("concatenation result too large")
        return result

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.budget.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.budget.tick()
        return super().getitem(obj, argument)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Also hides what an object lists in ``__template_hidden__`` (helpers of the tool itself)."""
        if attr in getattr(type(obj), "__template_hidden__", ()):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's
        __self.budget.tick()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            args = _check_str_method(owner, getattr(__obj, "__name__", ""), args)
        result = super().call(__context, __obj, *args, **kwargs)
        if _too_big(result):
            raise SecurityError("call result too large")
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _check_format_spec(value.__self__)

        def bounded(*args: Any, **kwargs: Any) -> str:
            for argument in (*args, *kwargs.values()):
                measure(argument, self.budget)
            result = wrapped(*args, **kwargs)
            if _too_big(result):
                raise SecurityError("format result too large")
            return result

        return functools.update_wrapper(bounded, wrapped)

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        self.budget.tick()
        ints = isinstance(left, int) and isinstance(right, int)
        if operator_name == "**":
            if isinstance(right, (int, float)) and abs(right) > 100:
                raise SecurityError("exponent too large")
            if ints and right > 0 and left.bit_length() * right > MAX_INT_BITS:
                raise SecurityError("power too large")
            return operator.pow(left, right)
        if operator_name == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(count, int) and len(seq) * count > MAX_SEQUENCE:
                    raise SecurityError("repetition result too large")
            if ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise SecurityError("product too large")
            return operator.mul(left, right)
        if operator_name == "%":
            if isinstance(left, str):
                widths = [w for match in _FORMAT_WIDTH.findall(left) for w in match]
                if "*" in widths or any(w.isdigit() and int(w) > MAX_SEQUENCE for w in widths):
                    raise SecurityError("format width too large")
                measure(right, self.budget)
            result = operator.mod(left, right)
        else:
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)) \
                    and len(left) + len(right) > MAX_OUTPUT:
                raise SecurityError("concatenation result too large")
            result = operator.add(left, right)
        if _too_big(result):
            raise SecurityError("result too large")
        return result


class _GuardedFilters(dict):
    """The filter table; every filter, built-in or added later, is wrapped by :func:`_filter_guard`."""

    def __init__(self, filters: dict[str, Callable[..., Any]]):
        super().__init__()
        self.update(filters)

    def __setitem__(self, name: str, fn: Callable[..., Any]) -> None:
        super().__setitem__(name, _guarded_filter(name, fn))

    def update(self, *args: Any, **kwargs: Any) -> None:
        for name, fn in dict(*args, **kwargs).items():
            self[name] = fn


_GUARDED: dict[tuple[str, Callable[..., Any]], Callable[..., Any]] = {}


def _guarded_filter(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """:func:`_filter_guard` of a plain function, made once per process: every environment (two per brief)
    wraps the same fifty built-in filters, and a guard holds no state of its environment."""
    if not isinstance(fn, types.FunctionType) or len(_GUARDED) > 1024:
        return _filter_guard(name, fn)
    key = (name, fn)
    if key not in _GUARDED:
        _GUARDED[key] = _filter_guard(name, fn)
    return _GUARDED[key]
