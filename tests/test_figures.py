"""Figure expressions, derived values and the stated-versus-computed checks."""

import pytest

from generator.figures.compute import compute_figures, rounding_tolerance
from generator.load.content import Content, FigureDef
from generator.diagnostics import Diagnostics, Location
from generator.figures.operations import Call, ExprError, parse_expr
from generator.load.schema import prose_dict


def figures(*defs: dict) -> Content:
    content = Content()
    for i, raw in enumerate(defs):
        locs = {k: Location("content/figures.yaml", i * 10 + j + 1, 5) for j, k in enumerate(raw)}
        plain = {k: repr(v) for k, v in raw.items() if isinstance(v, float)}
        fields = {k: prose_dict(v) if k in ("period", "comparator_label") else v for k, v in raw.items() if k != "id"}
        content.figures[raw["id"]] = FigureDef(raw["id"], raw["id"], Location("content/figures.yaml", i * 10 + 1, 5),
                                               locs, plain, **fields)
    return content


RAW = [
    {"id": "total", "value": 69.5, "unit": "USD bn", "source": "s", "check": "sum(exp, imp)"},
    {"id": "exp", "value": 37.297, "unit": "USD bn", "source": "s"},
    {"id": "imp", "value": 32.228, "unit": "USD bn", "source": "t"},
    {"id": "growth", "value": 2.2, "unit": "%", "source": "s"},
]


@pytest.mark.parametrize("expr, expected", [
    ("prior(total, growth)", 69.5 / 1.022),
    ("grow(total, growth)", 69.5 * 1.022),
    ("difference(exp, imp)", 37.297 - 32.228),
    ("share(exp, total)", 100 * 37.297 / 69.5),
    ("growth(total, prior(total, growth))", 2.2),
    ("whole(exp, 50)", 74.594),
    ("part(total, 10)", 6.95),
    ("sum(exp, imp, 1.5)", 71.025),
])
def test_derived_values(expr, expected):
    derived = {"id": "d", "compute": expr}
    if not expr.startswith(("share", "growth")):
        derived["unit"] = "USD bn"
    content = figures(*RAW, derived)
    diags = Diagnostics()
    values, _checks = compute_figures(content, diags)
    assert not diags.errors, [str(d) for d in diags.items]
    assert values["d"].value == pytest.approx(expected)


def test_derived_figures_inherit_sources_and_units():
    content = figures(*RAW, {"id": "bal", "compute": "difference(exp, imp)"},
                      {"id": "sh", "compute": "share(imp, total)"})
    values, _ = compute_figures(content, Diagnostics())
    assert values["bal"].unit == "USD bn" and values["bal"].sources == ("s", "t")
    assert values["sh"].unit == "%" and values["sh"].decimals == 1


def test_percentage_minus_points_is_a_percentage():
    content = figures({"id": "q2", "value": 2.5, "unit": "%", "source": "s"},
                      {"id": "accel", "value": 2.0, "unit": "pp", "source": "s"},
                      {"id": "q1", "compute": "difference(q2, accel)"},
                      {"id": "bad", "compute": "difference(accel, q2)"})
    diags = Diagnostics()
    values, _ = compute_figures(content, diags)
    assert values["q1"].unit == "%" and values["q1"].value == pytest.approx(0.5)
    assert [d.code for d in diags.errors] == ["figure-unit"]  # points minus a percentage means nothing


def test_raw_precision_is_kept_from_the_written_value():
    values, _ = compute_figures(figures(*RAW), Diagnostics())
    assert values["exp"].decimals == 3 and values["total"].decimals == 1


def test_stated_and_check_comparisons():
    content = figures(*RAW, {"id": "p", "compute": "prior(total, growth)", "stated": 68.1},
                      {"id": "q", "compute": "share(imp, total)", "stated": 98.9, "tolerance": 0.2})
    diags = Diagnostics()
    _values, checks = compute_figures(content, diags)
    by_id = {(c.figure_id, c.kind): c for c in checks}
    assert by_id[("total", "check")].ok  # 69.525 rounds to 69.5
    assert not by_id[("p", "stated")].ok  # 68.004 is not 68.1 ± 0.05
    assert not by_id[("q", "stated")].ok and by_id[("q", "stated")].tolerance == 0.2


@pytest.mark.parametrize("text, value, tol", [("69.5", 69.5, 0.05), ("37.297", 37.297, 0.0005), ("14", 14, 0.5)])
def test_rounding_tolerance_follows_written_precision(text, value, tol):
    assert rounding_tolerance(text, value) == pytest.approx(tol, abs=1e-8)


@pytest.mark.parametrize("extra, code, message", [
    ({"id": "z", "compute": "ratio(exp, zero)", "unit": "ratio"}, "figure-math", "division by zero"),
    ({"id": "c1", "compute": "sum(c2, exp)"}, "figure-cycle", "c1 → c2 → c1"),
    ({"id": "u", "compute": "sum(exp, growth)"}, "figure-unit", "which measure different things"),
    ({"id": "r", "compute": "product(exp, imp)"}, "figure-unit", "needs a 'unit'"),
    ({"id": "n", "compute": "sum(exp, nothing)"}, "figure-ref", "unknown figure 'nothing'"),
    ({"id": "e", "compute": "eval(exp)"}, "figure-expr", "unknown operation 'eval'"),
    ({"id": "b", "value": 1, "compute": "sum(exp, imp)", "unit": "ratio"}, "figure-value", "exactly one of"),
])
def test_figure_errors_are_located(extra, code, message):
    defs = [*RAW, {"id": "zero", "value": 0.0, "unit": "USD bn", "source": "s"}, extra]
    if extra["id"] == "c1":
        defs.append({"id": "c2", "compute": "sum(c1, exp)"})
    diags = Diagnostics()
    compute_figures(figures(*defs), diags)
    matching = [d for d in diags.errors if d.code == code]
    assert matching, [str(d) for d in diags.items]
    assert message in matching[0].message
    assert matching[0].location.path == "content/figures.yaml" and matching[0].location.line > 0


@pytest.mark.parametrize("text", ["__import__('os')", "sum(a,", "sum(a) b", "1 + 2", "sum(a; b)", ""])
def test_expression_parser_rejects_anything_but_calls(text):
    with pytest.raises(ExprError):
        parse_expr(text)


def test_expression_parser_nests():
    assert parse_expr("share(sum(a, b), 2.5)") == Call("share", (Call("sum", ("a", "b")), 2.5))
