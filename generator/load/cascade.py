"""Errors that name the cause once.

A file that fails to load (a YAML syntax error) takes every ID it defines with it, and each
figure, item or chart that names one of them then reports it as unknown: 26 "unknown figure"
errors bury the one syntax error that causes them. Likewise a duplicate ID drops the second
definition. Here the IDs such a root cause may have taken away are recovered from the file's
raw text, the unknown-reference errors that name one of them are removed, and the root cause
says how many followed from it. References to names the broken file never mentions stay:
they are mistakes of their own.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from generator.diagnostics import Diagnostic, Diagnostics
from generator.load.safefs import MAX_YAML_BYTES, UnsafeFile, read_regular

FILE_FAILURES = ("io", "encoding", "yaml-syntax", "yaml-too-large", "yaml-tag")
# Errors that report a name as unknown, and so may only follow from a definition that was lost.
FOLLOW_CODES = ("ref-dangling", "figure-ref", "prose-ref", "brief-ref", "template-render", "template-chart")
_QUOTED = re.compile(r"'([^'\s]{1,200})'")
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def lost_names(diags: Diagnostics, root: Path) -> dict[int, set[str]]:
    """For each root-cause error (by index in ``diags.items``), the names its failure may have lost."""
    lost: dict[int, set[str]] = {}
    for index, d in enumerate(diags.items):
        if d.severity != "error":
            continue
        if d.code in FILE_FAILURES:
            try:  # the failed file is untrusted like any other: read it only the safe way
                text = read_regular(root / d.location.path, MAX_YAML_BYTES, root).decode("utf-8", "replace")
            except UnsafeFile:
                continue
            lost[index] = set(_NAME.findall(text))
        elif d.code == "duplicate-id":
            lost[index] = set(_QUOTED.findall(d.message)[:1])
    return lost


def fold_follow_on_errors(diags: Diagnostics, root: Path) -> None:
    """Remove the errors that only follow from a file that failed to load (or a dropped duplicate
    definition) and count them on the root cause: "3 more errors follow from this"."""
    lost = lost_names(diags, root)
    if not lost:
        return
    counts = dict.fromkeys(lost, 0)
    removed: set[int] = set()
    for index, d in enumerate(diags.items):
        if d.code not in FOLLOW_CODES or index in lost:
            continue
        named = _QUOTED.findall(d.message.split("; did you mean")[0])[-1:]
        cause = next((i for i, names in lost.items() if named and named[0] in names), None)
        if cause is not None:
            counts[cause] += 1
            removed.add(index)
    diags.items = [_with_count(d, counts.get(i, 0)) for i, d in enumerate(diags.items) if i not in removed]


def _with_count(d: Diagnostic, count: int) -> Diagnostic:
    if d.code in FILE_FAILURES:
        d = replace(d, root_cause=True)  # other errors may follow from it too: it prints first
    if not count:
        return d
    more = "1 more error follows" if count == 1 else f"{count} more errors follow"
    return replace(d, message=f"{d.message} ({more} from this; fix it first)")
