"""Markdown → document model, as input → expected fixture pairs (markdown-it-py's own habit).

Each ``tests/fixtures/markdown/NAME.md`` is parsed and dumped in a compact, stable form (only fields
that differ from their defaults) and compared with ``NAME.expected``. Set BRIEF_UPDATE_FIXTURES=1 to
rewrite the expected files after an intended change, then read the diff before committing it.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from generator import model as m
from generator.render.markdown import to_blocks

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"
CASES = sorted(p.stem for p in FIXTURES.glob("*.md"))


def dump(node: object, indent: int = 0) -> list[str]:
    """One line per node, children indented; fields equal to their defaults are left out, so a new
    model field with a default does not rewrite every fixture."""
    pad = "  " * indent
    if isinstance(node, m.Text):
        return [f"{pad}Text {node.text!r}"]
    if not dataclasses.is_dataclass(node):
        return [f"{pad}{node!r}"]
    scalars, children = [], []
    for field in dataclasses.fields(node):
        value = getattr(node, field.name)
        if field.default is not dataclasses.MISSING and value == field.default:
            continue
        if isinstance(value, tuple) and value and all(dataclasses.is_dataclass(v) or isinstance(v, tuple)
                                                      for v in value):
            children.append((field.name, value))
        else:
            scalars.append(f"{field.name}={value!r}")
    lines = [f"{pad}{type(node).__name__}" + (" " + " ".join(scalars) if scalars else "")]
    for name, values in children:
        lines.append(f"{pad}  .{name}")
        for value in values:
            if isinstance(value, tuple):  # table rows: a tuple of cells
                lines.append(f"{pad}    row")
                for cell in value:
                    lines.extend(dump(cell, indent + 3))
            else:
                lines.extend(dump(value, indent + 2))
    return lines


def chart_stub(chart_id: str) -> m.Chart:
    return m.Chart(chart_id, "bar", f"Chart {chart_id}", ("2016",), (m.Series("s", (1.0,)),), "%", "", "", (), (),
                   "alt")


@pytest.mark.parametrize("name", CASES)
def test_markdown_to_model(name: str) -> None:
    blocks, notes = to_blocks((FIXTURES / f"{name}.md").read_text(encoding="utf-8"), chart_stub)
    got = "\n".join([*(line for b in blocks for line in dump(b)), "--- notes",
                     *(line for n in notes for line in dump(n))]) + "\n"
    expected = FIXTURES / f"{name}.expected"
    if os.environ.get("BRIEF_UPDATE_FIXTURES"):
        expected.write_text(got, encoding="utf-8")
    assert expected.exists(), f"missing {expected.name}: run with BRIEF_UPDATE_FIXTURES=1 and review it"
    assert got == expected.read_text(encoding="utf-8")


def test_every_fixture_has_expected_output() -> None:
    assert CASES, "no Markdown fixtures found"
    orphans = {p.stem for p in FIXTURES.glob("*.expected")} - set(CASES)
    assert not orphans, f"expected files without input: {orphans}"


def test_repeated_and_non_latin_headings_get_short_distinct_anchors() -> None:
    """Headings without Latin letters (Chinese, Russian) all slug to "section"; each still gets its own short
    anchor (section, section-2 …), and a slug written out by a heading is not taken twice."""
    text = "\n\n".join(["# 一、关键数据", "# Проблемы", "# Section 2", "# 二、问题", *["# Same"] * 2000])
    blocks, _notes = to_blocks(text, chart_stub)
    anchors = [b.anchor for b in blocks if isinstance(b, m.Heading)]
    assert anchors[:7] == ["section", "section-2", "section-2-2", "section-3", "same", "same-2", "same-3"]
    assert len(set(anchors)) == len(anchors) and anchors[-1] == "same-2000"  # not "same-x-x-…", 4,000 long
