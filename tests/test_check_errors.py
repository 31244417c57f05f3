"""`brief check` reports every planted error at once, located, with a stable code, and exits 1."""
from pathlib import Path

from conftest import edit


def plant_four_errors(project: Path) -> None:
    content = project / "content"
    # 1. a broken reference: the problem cites a finding that does not exist
    problems = (content / "problems.yaml").read_text()
    (content / "problems.yaml").write_text(problems.replace("evidence: [trade-growth]", "evidence: [trade-grwoth]"))
    # 2. a duplicate ID: a second finding reuses 'trade-growth'
    (content / "findings.yaml").write_text((content / "findings.yaml").read_text() + (
        "  - id: trade-growth\n"
        "    title: Again\n"
        "    summary: Same ID.\n"))
    # 3. a YAML syntax error in another file
    (content / "extra.yaml").write_text("findings:\n  - id: broken\n    title: [unclosed\n")
    # 4. an unknown key, with a near miss for the hint
    recs = (content / "recommendations.yaml").read_text()
    (content / "recommendations.yaml").write_text(recs.replace("    answers:", "    sumary: typo\n    answers:"))


def test_check_reports_all_four_errors_with_locations(mini, run_cli):
    plant_four_errors(mini)
    code, out, err = run_cli("--root", str(mini), "check")
    errors = [line for line in err.splitlines() if ": error[" in line]
    assert errors == [
        "content/extra.yaml:4:1: error[yaml-syntax]: expected ',' or ']', but got '<stream end>' "
        "(while parsing a flow sequence)",
        "content/findings.yaml:9:5: error[duplicate-id]: ID 'trade-growth' is already used at "
        "content/findings.yaml:2:5 (at findings[1])",
        "content/problems.yaml:5:15: error[ref-dangling]: problem 'small-scale' cites 'trade-grwoth' as "
        "evidence, but no such item (expected a finding) (at small-scale.evidence)",
        "content/recommendations.yaml:5:5: error[schema-unknown-key]: unknown key 'sumary' in a "
        "recommendation; did you mean 'summary'? (at recommendations[0].sumary)",
    ]
    assert code == 1
    assert "Traceback" not in err and out == ""


def test_clean_project_passes(mini, run_cli):
    code, out, err = run_cli("--root", str(mini), "check")
    assert code == 0, err
    assert "check passed" in out


def test_strict_turns_warnings_into_errors(mini, run_cli):
    findings = mini / "content" / "findings.yaml"
    edit(findings, "Trade keeps growing", "Trade grew 5% a year")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 0
    assert "content/findings.yaml:3:12: warning[prose-number]: '5%' is typed by hand" in err
    code, _out, err = run_cli("--root", str(mini), "check", "--strict")
    assert code == 1
    assert "error[prose-number]" in err


def test_usage_errors_exit_2(run_cli):
    code, _out, err = run_cli("build", "--format", "odt")
    assert code == 2
    assert "invalid choice" in err


def test_brief_prose_is_linted_like_content(mini, run_cli):
    brief = mini / "briefs" / "demo.yaml"
    edit(brief, "Trade stood at {{ fig.trade_2016 }}.",
                                               "Trade grew 2.2%, to \u202e{{ fig.trade_2016 }}.")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 0
    warnings = [line for line in err.splitlines() if "warning[prose-" in line]
    assert warnings == [
        "briefs/demo.yaml:12:11: warning[prose-bidi]: invisible bidirectional controls in demo.sections[0].text "
        "can make text read in another order than it is stored (U+202E) (at demo.sections[0].text)",
        "briefs/demo.yaml:12:11: warning[prose-number]: '2.2%' is typed by hand in demo.sections[0].text; take it "
        "from a figure ({{ fig.ID }}) or mark a deliberate literal ({{ year(2016) }}, {{ nth(21) }}) "
        "(at demo.sections[0].text)",
    ]


def test_brief_settings_that_would_fail_later_are_located_now(mini, run_cli):
    brief = mini / "briefs" / "demo.yaml"
    brief.write_text(brief.read_text().replace("edition: \"1\"", "edition: \"1\"\nlanguage: xx")
                     .replace("    recommendation: innovate", "    recommendation: innovate\n    columns: [A, B, C]"))
    figures = mini / "content" / "figures.yaml"
    edit(figures, "    source: customs\n    check:", "    decimals: 100\n"
                                                   "    source: customs\n    check:")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1 and "internal error" not in err
    errors = [line.split(": error")[1] for line in err.splitlines() if ": error[" in line]
    assert errors == [
        "[brief-language]: language 'xx' is not a locale numbers can be formatted for (e.g. 'en', 'en-GB', 'ru', "
        "'zh-Hans') (at language)",
        "[brief-columns]: a parts table has four columns (part, who acts, level, instrument); give four names, "
        "not 3 (at sections[5].columns)",
        "[figure-decimals]: decimals of 'trade_2016' must be 0 to 6, not 100 (at figures.trade_2016.decimals)",
    ]


def test_list_reports_errors(mini, run_cli):
    findings = mini / "content" / "findings.yaml"
    edit(findings, "    tags: [trade]", "    tagz: [trade]")
    code, out, err = run_cli("--root", str(mini), "list")
    assert code == 1
    assert "demo: Demo brief" in out
    assert "error[schema-unknown-key]: unknown key 'tagz' in a finding; did you mean 'tags'?" in err


def test_a_character_the_font_lacks_is_reported_once(mini, run_cli):
    findings = mini / "content" / "findings.yaml"
    edit(findings, "title: Trade keeps growing", "title: Trade keeps growing ☃")
    brief = mini / "briefs" / "demo.yaml"
    (mini / "briefs" / "second.yaml").write_text(brief.read_text())
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1
    assert [line for line in err.splitlines() if "font-glyph" in line] == [
        "content/findings.yaml:3:12: error[font-glyph]: no bundled font (Carlito, AR PL SungtiL GB, WenQuanYi Micro Hei) can draw '☃' (U+2603) in "
        "trade-growth.title (at trade-growth)"]


def test_a_layout_naming_an_unknown_chart_is_an_error_not_a_placeholder(mini, run_cli):
    (mini / "templates").mkdir()
    (mini / "templates" / "own.md.j2").write_text("# Charts\n\n::: chart no-such-chart\n:::\n")
    edit(mini / "briefs" / "demo.yaml", "page_budget: 3", "page_budget: 3\ntemplate: templates/own.md.j2")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1
    assert "templates/own.md.j2:1:1: error[template-chart]: the layout names unknown chart(s) 'no-such-chart'" in err
