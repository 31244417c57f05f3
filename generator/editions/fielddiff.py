"""Field-level comparison primitives: comparable text of YAML values and short word-level diffs."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any


@dataclass
class FieldChange:
    """One changed field: old and new text, and a short word-level diff."""

    field: str
    old: str
    new: str
    diff: str


def norm(value: Any) -> str:
    """A field value as comparable text: numbers without float noise, lists joined, mappings flattened."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value).lower()
    if isinstance(value, (int, float)):
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    if isinstance(value, (list, tuple)):
        return ", ".join(norm(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {norm(v)}" for k, v in value.items())
    return str(value).strip()


def word_diff(old: str, new: str, context: int = 5) -> str:
    """``old`` → ``new`` as words, changes marked ``[-removed-]{+added+}``, long unchanged runs elided."""
    a, b = old.split(), new.split()
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    out: list[str] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            words = a[i1:i2]
            head = words[:context] if index > 0 else []
            tail = words[-context:] if index < len(ops) - 1 else []
            out.extend(words if len(words) <= len(head) + len(tail) + 1 else [*head, "…", *tail])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(w for w in out if w)


def diff_fields(old: dict[str, str], new: dict[str, str]) -> list[FieldChange]:
    changes = []
    for key in dict.fromkeys([*new, *old]):
        before, after = old.get(key, ""), new.get(key, "")
        if before != after:
            changes.append(FieldChange(key, before, after, word_diff(before, after)))
    return changes


def flatten_prose(flat: dict[str, str], name: str, value: dict[str, str] | str | None) -> None:
    if isinstance(value, dict):
        for lang, text in value.items():
            flat[name if lang == "en" or len(value) == 1 else f"{name} [{lang}]"] = norm(text)
    elif value is not None:
        flat[name] = norm(value)
