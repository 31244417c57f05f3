"""`brief check` reports every planted error at once, located, with a stable code, and exits 1."""
from pathlib import Path


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
    findings.write_text(findings.read_text().replace("Trade keeps growing", "Trade grew 5% a year"))
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
    brief.write_text(brief.read_text().replace("Trade is growing, at {{ fig.trade_2016 }}.",
                                               "Trade grew 2.2%, to \u202e{{ fig.trade_2016 }}."))
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
