"""A Jinja2 sandbox that also bounds memory: no operator, ``~`` or filter may build a huge value.

Jinja's own sandbox stops attribute escapes and caps ``range``; templates here are
untrusted, so values that would exhaust memory are refused too, before they are built
where the size can be known in advance, and after otherwise.
"""
from __future__ import annotations

import functools
import operator
import re
from typing import Any, Callable

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import SandboxedEnvironment, SecurityError

MAX_OUTPUT = 2_000_000  # characters one value or one template may hold
MAX_SEQUENCE = 100_000  # longest string or list ``*`` may build, and largest number a filter takes
_FORMAT_WIDTH = re.compile(r"%[-#0 +]*(\d+|\*)?(?:\.(\d+|\*))?")


def _too_big(value: Any) -> bool:
    return isinstance(value, (str, list, tuple)) and len(value) > MAX_OUTPUT


class BoundedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` to a call that refuses results over MAX_OUTPUT characters."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802 - Jinja's visitor name
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


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
        result = fn(*args, **kwargs)
        if _too_big(result):
            raise SecurityError(f"result of filter {name!r} too large")
        return result

    return guarded


class BoundedSandbox(SandboxedEnvironment):
    """A sandbox whose operators, concatenation and filters cannot exhaust memory."""

    code_generator_class = BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.filters = _GuardedFilters(self.filters)

    @staticmethod
    def bounded_concat(parts: tuple[Any, ...]) -> str:
        if sum(len(p) if isinstance(p, str) else 0 for p in parts) > MAX_OUTPUT:
            raise SecurityError("concatenation result too large")
        result = "".join(map(str, parts))
        if len(result) > MAX_OUTPUT:
            raise SecurityError("concatenation result too large")
        return result

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, (int, float)) and abs(right) > 100:
                raise SecurityError("exponent too large")
            return operator.pow(left, right)
        if operator_name == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(count, int) and len(seq) * count > MAX_SEQUENCE:
                    raise SecurityError("repetition result too large")
            return operator.mul(left, right)
        result = operator.add(left, right)
        if _too_big(result):
            raise SecurityError("concatenation result too large")
        return result


class _GuardedFilters(dict):
    """The filter table; every filter, built-in or added later, is wrapped by :func:`_filter_guard`."""

    def __init__(self, filters: dict[str, Callable[..., Any]]):
        super().__init__()
        self.update(filters)

    def __setitem__(self, name: str, fn: Callable[..., Any]) -> None:
        super().__setitem__(name, _filter_guard(name, fn))

    def update(self, *args: Any, **kwargs: Any) -> None:
        for name, fn in dict(*args, **kwargs).items():
            self[name] = fn
