"""YAML is composed by libyaml's own composer where libyaml bounds nesting itself (generator.load.yamlload),
else its events are composed in Python: both must give the same values, locations and diagnostics, and
the 64-level limit must hold as written (an alias counts where it stands, not by what it expands to)."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import Diagnostics
from generator.load import yamlload

REPO = Path(__file__).resolve().parent.parent
CASES = [
    "a: [" * 70 + "]" * 70,                                   # too deep, flow
    "- " * 66 + "x",                                          # too deep, block sequences on one line
    "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 70)),  # too deep, block mappings
    "a: &x [1, [2]]\nb: " + "[" * 62 + "*x" + "]" * 62,      # deep only through an alias: accepted
    "a: " + "[" * 62 + "1" + "]" * 62,                        # exactly 64 levels (the map, 62 lists, 1): accepted
    "a: &a [x]\nb: [*a, *a, *a]\nc: {k: *a}",
    "x: !!python/object:os.system 1",
    "a: 1\na: 2",
    "- *b",
    "a: |\n  text\n  more\nb: 'q'\nc: plain\nd: 1e3\ne: ~\n",
]


def _dump(value):
    if isinstance(value, yamlload.YMap):
        return ("map", [(k, _dump(v)) for k, v in value.items()], value.loc, value.key_locs, value.value_locs,
                value.plain)
    if isinstance(value, yamlload.YList):
        return ("list", [_dump(v) for v in value], value.loc, value.item_locs, value.plain)
    return repr(value)


def _parse(text: str):
    diags = Diagnostics()
    return _dump(yamlload.parse_yaml(text, "x.yaml", diags)), [str(d) for d in diags.items]


BUNDLED = sorted((REPO / "content").glob("*.yaml")) + sorted((REPO / "briefs").glob("*.yaml"))


@pytest.mark.skipif(not yamlload.c_bounds_nesting(), reason="this libyaml does not bound nesting (composed in Python)")
@pytest.mark.parametrize("text", CASES + [p.read_text(encoding="utf-8") for p in BUNDLED])
def test_the_c_composer_and_the_python_one_agree(text, monkeypatch):
    fast = _parse(text)
    monkeypatch.setattr(yamlload, "c_bounds_nesting", lambda: False)
    assert _parse(text) == fast


def test_nesting_is_limited_as_written():
    assert _parse(CASES[0])[1] == ["x.yaml:1:129: error[yaml-syntax]: nesting deeper than 64 levels"]
    assert _parse(CASES[2])[1] == ["x.yaml:64:64: error[yaml-syntax]: nesting deeper than 64 levels"]
    assert _parse(CASES[3])[1] == [] and _parse(CASES[4])[1] == []


def test_an_alias_inside_the_collection_it_names_is_a_located_error_not_a_crash(mini, run_cli):
    """'&a [*a]' composes to a collection holding itself: converting it never ended (RecursionError, exit 3)."""
    assert _parse("x: &r\n  - y: *r\n")[1] == [
        "x.yaml:1:4: error[yaml-recursive]: this collection holds an alias to itself, which would never end; "
        "content is plain data, without cycles"]
    (mini / "content" / "loop.yaml").write_text("findings: &all\n  - *all\n", encoding="utf-8")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1
    assert "content/loop.yaml:1:11: error[yaml-recursive]: this collection holds an alias to itself" in err


def test_aliases_that_nest_deeper_than_the_limit_are_a_located_error_not_a_crash(mini, run_cli):
    """Each anchor nests 60 levels as written, within the limit, and holds the one before it: converted, the
    chain nested 2,400 levels (RecursionError, exit 3)."""
    lines = ["a0: &a0 " + "[" * 60 + "]" * 60]
    lines += [f"a{i}: &a{i} " + "[" * 60 + f"*a{i - 1}" + "]" * 60 for i in range(1, 40)]
    text = "\n".join(lines) + "\n"
    assert _parse(text)[1] == ["x.yaml:1:24: error[yaml-too-large]: document nests deeper than 256 levels "
                               "through its aliases"]
    assert _parse("\n".join(lines[:4]))[1] == []  # 4 anchors of 60 levels and a map: 241 levels, accepted
    (mini / "content" / "deep.yaml").write_text(text, encoding="utf-8")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1 and "Traceback" not in err
    assert "content/deep.yaml:1:24: error[yaml-too-large]: document nests deeper than 256 levels" in err
