"""Property-based tests (issue 5): any content either builds into a DOCX that python-docx reopens and a PDF
that pypdf parses (and ``qpdf --check`` passes, when qpdf is installed or CI is set), or fails with located
errors — never a traceback or an internal error (exit code 3).

Examples per property: 200 by default (BRIEF_HYPOTHESIS_EXAMPLES=N for more, or fewer). Each example
builds in-process and only one format, chosen by hypothesis, to stay fast.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import TESTS, pdf_text

from generator.figures.operations import OPS

EXAMPLES = int(os.environ.get("BRIEF_HYPOTHESIS_EXAMPLES", "200"))
QPDF = shutil.which("qpdf")
if os.environ.get("CI") and not QPDF:
    pytest.fail("CI is set but qpdf is not installed", pytrace=False)

SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=bool(os.environ.get("CI")),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large, HealthCheck.large_base_example])
MINI = TESTS / "fixtures" / "mini"
FORMATS = st.sampled_from(["docx", "pdf"])


# ------------------------------------------------------------------ running a build
def run_build(files: dict[str, str], fmt: str) -> None:
    """Write a project (mini plus ``files``), build ``fmt`` in-process, and check the outcome."""
    from generator.commands.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        shutil.copytree(MINI, root)
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
        err = io.StringIO()
        os.environ["BRIEF_DEBUG"] = "1"  # an exception propagates (hypothesis shrinks it) instead of exit 3
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = main(["--root", str(root), "build", "--format", fmt])
        finally:
            del os.environ["BRIEF_DEBUG"]
        stderr = err.getvalue()
        if os.environ.get("BRIEF_PROP_STATS"):
            with open(os.environ["BRIEF_PROP_STATS"], "a") as log:
                log.write(f"{code} {fmt} " + (stderr.splitlines() or [""])[0][:150] + "\n")
        assert code in (0, 1), stderr
        assert "internal error" not in stderr and "Traceback" not in stderr
        if code == 1:
            errors = [line for line in stderr.splitlines() if ": error[" in line]
            assert errors, stderr
            for line in errors:
                where = line.split(": error[")[0].rsplit(":", 2)
                assert len(where) == 3 and where[1].isdigit() and where[2].isdigit(), line
            assert not (root / "out").exists() or not any((root / "out").iterdir())
            return
        check_output(root / "out" / f"demo.{fmt}", fmt)


def check_output(path: Path, fmt: str) -> None:
    data = path.read_bytes()
    if fmt == "docx":
        import docx

        docx.Document(io.BytesIO(data))
    else:
        assert pdf_text(data)
        if QPDF:
            result = subprocess.run([QPDF, "--check", str(path)], capture_output=True, text=True)
            assert result.returncode == 0, result.stdout + result.stderr


def yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML scalar: every character escaped the JSON way (YAML 1.2 reads it)."""
    return json.dumps(text, ensure_ascii=True)


# ------------------------------------------------------------------ strategies
ANY_TEXT = st.text(st.characters(codec=None, blacklist_categories=()), max_size=200)
# Characters Carlito can draw plus awkward ones (markup, controls, whitespace), so more examples build.
DRAWABLE = st.text(st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x17F),
    st.characters(min_codepoint=0x400, max_codepoint=0x45F),
    st.sampled_from(list("<>&\"'*_[]()#|`\\-+!~{}:%\n\t\x00\x0b\x0c\x7f\u200b\u00a0–—“”€")),
), max_size=300)

MARKDOWN_PIECES = st.one_of(
    DRAWABLE,
    st.builds(lambda t: f"**{t}**", DRAWABLE), st.builds(lambda t: f"*{t}*", DRAWABLE),
    st.builds(lambda t, u: f"[{t}]({u})", DRAWABLE, st.sampled_from(
        ["https://example.org/a?b=c&d=<e>", "javascript:alert(1)", "file:///etc/passwd", "mailto:a@b.c", "", "#x"])),
    st.builds(lambda items: "\n".join(f"- {i}" for i in items), st.lists(DRAWABLE, min_size=1, max_size=4)),
    st.builds(lambda items: "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1)),
              st.lists(DRAWABLE, min_size=1, max_size=4)),
    st.builds(lambda depth, t: "".join("  " * d + f"- {t}\n" for d in range(depth)), st.integers(1, 12), DRAWABLE),
    st.builds(lambda rows, cols: "| " + " | ".join(f"h{c}" for c in range(cols)) + " |\n|"
              + "---|" * cols + "\n" + "".join("| " + " | ".join(r.replace("|", "\\|").replace("\n", " ")
                                                                   for r in row[:cols]) + " |\n" for row in rows),
              st.lists(st.lists(DRAWABLE, min_size=4, max_size=4), min_size=0, max_size=30), st.integers(1, 4)),
    st.builds(lambda t: f"# {t}", DRAWABLE), st.builds(lambda t: f"> {t}", DRAWABLE),
    st.sampled_from(["{{ fig.trade_2016 }}", "{{ fig.exports_2016 | fmt(2) }}", "{{ fig.nope }}", "{{ x }}",
                     "{{ fig.trade_growth_2016 | pct_change }}", "{% if %}", "{{ ''.__class__ }}", "::: callout T\nx\n:::",
                     "::: table 1..2,0\n| a | b |\n|---|---|\n| 1 | 2 |\n:::", "::: pagebreak\n:::", "[^customs]",
                     "x" * 3000, "<font color='red'>r</font>", "<b>", "&amp;", "```\ncode\n```"]),
)
MARKDOWN = st.lists(MARKDOWN_PIECES, min_size=1, max_size=6).map("\n\n".join)


def findings_yaml(entries: list[tuple[str, str, str]]) -> str:
    lines = ["findings:"]
    for index, (title, summary, text) in enumerate(entries):
        lines += [f"  - id: {'trade-growth' if index == 0 else f'f{index}'}", f"    title: {yaml_string(title)}", f"    summary: {yaml_string(summary)}",
                  f"    text: {yaml_string(text)}", "    tags: [trade]"]
    if not entries:
        lines = ["findings:", "  - id: trade-growth", "    title: T", "    summary: S"]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ properties
@SETTINGS
@given(title=ANY_TEXT, text=ANY_TEXT, fmt=FORMATS)
def test_arbitrary_unicode_prose(title, text, fmt):
    """Any Unicode at all (controls, surrogates, CJK, emoji, RTL) in prose fields."""
    run_build({"content/findings.yaml": findings_yaml([(title or "t", "Summary.", text)])}, fmt)


@SETTINGS
@given(entries=st.lists(st.tuples(DRAWABLE.filter(str.strip), MARKDOWN, MARKDOWN), min_size=0, max_size=4),
       detail=st.sampled_from(["title", "summary", "full"]),
       sections=st.lists(st.sampled_from(["key_figures", "problems", "recommendations", "figures_table", "checks",
                                          "sources"]), max_size=6, unique=True),
       fmt=FORMATS)
def test_random_structures_within_the_schema(entries, detail, sections, fmt):
    """Random findings with Markdown of every kind, in briefs of random sections."""
    brief = (MINI / "briefs" / "demo.yaml").read_text().replace("page_budget: 3\n", "")
    head = brief[:brief.index("sections:")]
    body = ["sections:", "  - kind: findings", f"    detail: {detail}", *(f"  - {s}" for s in sections)]
    run_build({"content/findings.yaml": findings_yaml(entries), "briefs/demo.yaml": head + "\n".join(body) + "\n"},
              fmt)


NUMBERS = st.one_of(st.floats(-1e12, 1e12), st.floats(-1e12, 1e12), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**20, 10**20),
                    st.sampled_from([0, 0.0, -0.0, 1e-300, 1e15, 1e16, 5e-324, 123456789.123456789]))


def number_yaml(value) -> str:
    if isinstance(value, float) and value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return "1e999" if value > 0 else "-1e999"
    return repr(value)


@SETTINGS
@given(values=st.lists(NUMBERS, min_size=2, max_size=5),
       ops=st.lists(st.sampled_from(sorted(OPS)),  # every operation, so a new one is fuzzed too
                    min_size=1, max_size=4),
       decimals=st.one_of(st.none(), st.integers(-3, 12)),
       unit=st.sampled_from(["USD bn", "%", "count", "CNY bn", "USD tn", "x", "year"]),
       chart=st.sampled_from([None, "bar", "line"]), fmt=FORMATS)
def test_random_figure_values(values, ops, decimals, unit, chart, fmt):
    """Figures of any size, sign or precision, derived through every operation, shown in prose, tables, charts."""
    lines = ["figures:"]
    for index, value in enumerate(values):
        lines += [f"  - id: v{index}", f"    label: Value {index}", f"    value: {number_yaml(value)}",
                  f"    unit: {yaml_string(unit)}", "    source: customs", "    period: '2016'"]
        if decimals is not None:
            lines.append(f"    decimals: {decimals}")
    for index, op in enumerate(ops):
        a, b = f"v{index % len(values)}", f"v{(index + 1) % len(values)}"
        lines += [f"  - id: d{index}", f"    label: Derived {index}", f"    compute: {op}({a}, {b})",
                  f"    unit: {yaml_string(unit)}", "    source: customs"]
    ids = [f"v{i}" for i in range(len(values))] + [f"d{i}" for i in range(len(ops))]
    figures = (MINI / "content" / "figures.yaml").read_text().replace("figures:\n", "")
    content = "\n".join(lines) + "\n" + figures
    prose = " ".join(f"{{{{ fig.{fid} }}}}" for fid in ids)
    findings = findings_yaml([("Values", prose, prose + " {{ fig.v0 | num }} {{ fig.v1 | short }}")])
    brief = (MINI / "briefs" / "demo.yaml").read_text().replace("page_budget: 3\n", "")
    brief = brief.replace("key_figures: [trade_2016, trade_growth_2016]", f"key_figures: [{', '.join(ids)}]")
    files = {"content/figures.yaml": content, "content/findings.yaml": findings}
    if chart:
        files["content/charts.yaml"] = (f"charts:\n  - id: c1\n    kind: {chart}\n    title: Chart\n"
                                        f"    categories: [{', '.join(repr(i) for i in ids)}]\n"
                                        f"    unit: {yaml_string(unit)}\n    series:\n      - name: S\n"
                                        f"        figures: [{', '.join(ids)}]\n")
        brief = brief.replace("  - checks", "  - checks\n  - kind: charts\n    charts: [c1]")
    files["briefs/demo.yaml"] = brief
    run_build(files, fmt)
