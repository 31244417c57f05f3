"""Prose fields of the simple forms skip Jinja's compiler (generator.render.simple_prose): they must render exactly as
the compiled template does — the same text, the same figures read, the same errors at the same lines — and
everything else must still go to Jinja."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from generator.diagnostics import Diagnostics, Location
from generator.figures.operations import Figure
from generator.pipeline import Project, run_checks
from generator.render.prose import ProseRenderer
from generator.check.prose_refs import prose_templates
from generator.render.simple_prose import SimpleTemplate, simple_form
from generator.render.templating import _from_code, compile_string, make_environment

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bundled():
    diags = Diagnostics()
    checked = run_checks(Project(REPO), diags, pdf=False)
    return checked


def both(figures: dict[str, Figure], text: str, locale: str = "en") -> list[tuple[str, list[str]]]:
    """(output or error, figures read) of ``text`` rendered the simple way (when it can) and the compiled way."""
    results = []
    for template_of in (compile_string, _from_code):
        prose = ProseRenderer(figures, locale, Diagnostics())
        try:
            out = "".join(template_of(prose.env, text).generate({"fig": prose.fig}))
        except Exception as exc:  # noqa: BLE001 - compared, not judged
            out = f"raised {type(exc).__name__}: {exc}"
        results.append((out, prose.fig.take_used()))
    return results


def test_every_bundled_field_of_the_simple_forms_renders_as_jinja_does(bundled):
    fields = [(key, text) for key, text, _where in prose_templates(bundled.content, bundled.briefs)]
    simple = [text for _key, text in fields if "{{" in text and simple_form(text) is not None]
    assert len(simple) > 50, "every bundled prose field with an expression is of the simple forms"
    for locale in ("en", "zh", "ru"):
        for text in simple:
            first, second = both(bundled.figures, text, locale)
            assert first == second, text


EDGE_CASES = [
    "Plain text, no template at all.\r\nSecond line\rthird\n",
    "{{ fig.trade_total_2016 }} and {{fig.trade_total_2016|abs}} and {{ fig.trade_total_2016 | fmt(2) }}",
    "In {{ year(2016) }}, the {{ nth(3) }} time; {{ range(3) }}",
    "Line one\nline two {{ fig.no_such_figure }}\nline three",  # an error, on line 2
    "{{ fig.trade_total_2016 | no_such_filter }}",
    "{{ fig._figures }}",  # the sandbox refuses "_" names
    "{{ fig.trade_total_2016 | sort }}",  # a filter that wants the environment
    "{{ fig.trade_total_2016 | pct }}",  # the wrong unit: the filter raises
    "{{ no_such_global(1) }}",
    "{{ year(99999999999) }}",
    "{{ fig.trade_total_2016 | md | sentence }}",
    "{{ dict(1) }}", "{{ fig(1) }}", "{ {{ fig.trade_total_2016 }} }}} {",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_render_and_fail_as_jinja_does(bundled, text):
    first, second = both(bundled.figures, text)
    assert first == second


def test_errors_are_located_at_the_line_jinja_reports(bundled):
    diags = Diagnostics()
    prose = ProseRenderer(bundled.figures, "en", diags)
    assert prose.render("One\ntwo {{ fig.no_such_figure }}", Location("content/x.yaml", 10, 5), "x.text") == ""
    assert [str(d).split(": ")[0] for d in diags.errors] == ["content/x.yaml:11:1"]
    assert "no figure 'no_such_figure'" in str(diags.errors[0])


@pytest.mark.parametrize("text", [
    "{% if true %}x{% endif %}", "{# comment #}", "{{- fig.a }}", "{{ fig.a -}}", "{{ fig['a'] }}",
    "{{ fig.a | to('USD tn') }}", "{{ not(1) }}", "{{ true(1) }}", "{{ fig.a | abs (1) }}", "{{ year (1) }}",
    "{{ fig.a + 1 }}", "{{ fig.a }} {{ fig.b.c }}", "{{ 1 }}", "{{ year(0x10) }}", "{{ year(01) }}",
    "{{{ fig.a }}", "x" * 100_001 + "{{ fig.a }}",
])
def test_other_forms_go_to_jinja(text):
    assert simple_form(text) is None


def test_the_simple_way_is_taken_and_sees_the_environment_it_is_bound_to(bundled, monkeypatch):
    """One source text shared by two briefs in different languages: each gets its own language's words."""
    text = "In {{ year(2016) }}: {{ fig.trade_total_2016 }}, {{ fig.trade_growth_2016 | pct_change }}"
    monkeypatch.setattr("generator.render.templating._compiled", lambda text: pytest.fail("compiled " + text))
    outputs = []
    for locale in ("en", "zh"):
        prose = ProseRenderer(bundled.figures, locale, Diagnostics())
        template = compile_string(prose.env, text)
        assert isinstance(template, SimpleTemplate)
        outputs.append(prose.render(text, Location("x", 1, 1), "x", cite=False))
        assert prose.used == ["trade_total_2016", "trade_growth_2016"]
    assert outputs[0] != outputs[1]
    assert "2016年" in outputs[1]


TOKENS = ["text ", "\n", "\r\n", "{", "}", "{{", "}}", "{%", "|", " ", "fig", ".", "trade_total_2016", "exports_2016",
          "abs", "fmt", "(", ")", "1", "0", "year", "nth", "pct_change", "nope", "_x", "-", "#"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=14))
def test_any_text_renders_the_same_either_way(bundled_figures_for_property, tokens):
    text = "".join(tokens)
    env = make_environment()
    try:
        expected = ("ok", "".join(_from_code(env, text).generate({"fig": _accessor(bundled_figures_for_property)})))
    except Exception as exc:  # noqa: BLE001
        expected = ("raised", type(exc).__name__)
    try:
        got = ("ok", "".join(compile_string(env, text).generate({"fig": _accessor(bundled_figures_for_property)})))
    except Exception as exc:  # noqa: BLE001
        got = ("raised", type(exc).__name__)
    assert got == expected


def _accessor(figures):
    from generator.render.prose import FigureAccessor

    return FigureAccessor(figures, "en")


@pytest.fixture(scope="module")
def bundled_figures_for_property(bundled):
    return bundled.figures


@pytest.mark.parametrize("text", ["a {{ fig.one }}\r\nb {{\n  fig.two | abs }} {{ year(1) }}\n{{ fig.three|fmt(1) }}",
                                  "{{ fig._hidden }} {{ nth(2) }}", "no figures at all", ""])
def test_the_figures_a_simple_field_names_are_those_jinjas_tree_names(text):
    from generator.check.prose_refs import named_figures
    from generator.render.simple_prose import figure_names

    form = simple_form(text)
    assert form is not None
    assert figure_names(form) == named_figures(make_environment().parse(text))


def test_the_check_still_reports_unknown_figures_of_simple_fields_at_their_line(mini, run_cli):
    path = mini / "content" / "findings.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("summary: ", "summary: |\n      First line\n      then {{ fig.no_such_fig }}\n"
                                 "      rest ", 1), encoding="utf-8")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1
    line = next(n for n, row in enumerate(path.read_text().splitlines(), 1) if "no_such_fig" in row)
    assert f"content/findings.yaml:{line}:" in err and "prose-ref" in err

