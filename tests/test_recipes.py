"""ARCHITECTURE.md's "where a change goes" recipes, done from a test file alone.

If one of these needs an edit somewhere the recipe does not name, the recipe is wrong.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import REPO, docx_text, edit

from generator.figures.compute import compute_figures
from generator.figures.operations import OPS, Op
from generator.diagnostics import Diagnostics

from test_figures import RAW, figures


@pytest.fixture
def halve(monkeypatch):
    """A new figure operation, registered the way the recipe says: one row in OPS."""
    monkeypatch.setitem(OPS, "halve", Op(1, lambda a: a / 2, "first", "half of a"))


def test_a_new_figure_operation_is_one_row_in_OPS(halve):
    diags = Diagnostics()
    computed, _checks = compute_figures(figures(*RAW, {"id": "h", "compute": "halve(exp)"}), diags)
    assert diags.items == [] and computed["h"].value == pytest.approx(37.297 / 2)
    assert computed["h"].unit == "USD bn" and computed["h"].sources == computed["exp"].sources


def test_a_new_figure_operation_reaches_the_brief(halve, mini, run_cli):
    (mini / "content" / "figures.yaml").write_text((mini / "content" / "figures.yaml").read_text() + (
        "  - id: half_trade\n    label: Half the trade\n    compute: halve(trade_2016)\n    period: \"2016\"\n"))
    edit(mini / "content" / "findings.yaml", "China exported {{ fig.exports_2016 }}.",
         "China exported {{ fig.exports_2016 }}; half the trade is {{ fig.half_trade }}.")
    code, _out, err = run_cli("--root", str(mini), "build", "--format", "docx")
    assert code == 0, err
    assert "half the trade is 34.8 billion US dollars" in docx_text(next((mini / "out").glob("*.docx")).read_bytes())


def test_an_unknown_operation_names_the_nearest_one_and_what_it_does():
    diags = Diagnostics()
    compute_figures(figures(*RAW, {"id": "d", "compute": "differnce(exp, imp)", "unit": "USD bn"}), diags)
    [error] = diags.errors
    assert error.code == "figure-expr"
    assert "unknown operation 'differnce'; did you mean 'difference' (a − b)?" in error.message


def test_the_readme_lists_every_figure_operation():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`(\w+)`", readme.split("Operations:", 1)[1].split("\n\n", 1)[0]))
    assert set(OPS) <= listed, f"add {sorted(set(OPS) - listed)} to the README's Operations list"


# Codes no test asserts yet. A new check adds its code with a test; this list only shrinks.
UNASSERTED_CODES = {
    "audience-empty", "brief-detail", "brief-unknown", "budget-words", "chart-kind", "chart-shape", "content-missing",
    "figure-no-source", "io", "part-level", "redline-revision", "schema-id", "schema-language",
    "template-nesting", "unused-figure", "unused-item", "unused-source", "yaml-key", "yaml-merge",
}


def diagnostic_codes(root: Path) -> dict[str, str]:
    """Every literal code passed to ``Diagnostics.error``/``warning`` under ``root``, with a place it is."""
    codes: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("error", "warning") and len(node.args) >= 2
                    and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
                codes.setdefault(node.args[1].value, f"{path.relative_to(REPO)}:{node.lineno}")
    return codes


def test_a_new_check_comes_with_a_test_asserting_its_code():
    codes = diagnostic_codes(REPO / "generator")
    assert {"yaml-syntax", "duplicate-id", "figure-expr"} <= set(codes)
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "tests").rglob("*.py")
                      if p.name != Path(__file__).name)
    asserted = {c for c in codes if re.search(rf"""["'\[]{re.escape(c)}["'\\\]]""", tests)}
    missing = {c: where for c, where in codes.items() if c not in asserted and c not in UNASSERTED_CODES}
    assert missing == {}, "a diagnostic code with no test asserting it"
