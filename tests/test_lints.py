"""Prose lints a study in any language meets: typed numbers found beside Chinese text, list markers
left alone, warnings at the line that holds the number, mismatch messages that show the difference."""
from conftest import edit
from generator.figures.compute import CheckResult
from generator.diagnostics import Location
from generator.check.validate import typed_numbers


def test_numbers_beside_chinese_and_full_width_digits_are_seen():
    assert [n for n, _ in typed_numbers("与2024年相比，增长１５％。")] == ["2024", "１５％"]


def test_markdown_numbered_lists_are_not_typed_numbers():
    assert typed_numbers("1. First\n2) Second\n  10. Tenth\nG20 members") == []


def test_a_typed_number_is_located_at_its_line(mini, run_cli):
    findings = mini / "content" / "findings.yaml"
    text = findings.read_text(encoding="utf-8")
    assert "    text: |\n" in text
    edit(findings, "    text: |\n", "    text: |\n      1. A list item\n      2. Exports grew 12%.\n\n")
    code, _out, err = run_cli("--root", str(mini), "check")
    line = text.splitlines().index("    text: |") + 3  # the second list item, one-based
    warnings = [w for w in err.splitlines() if "prose-number" in w]
    assert len(warnings) == 1 and warnings[0].startswith(f"content/findings.yaml:{line}:7: warning[prose-number]: "
                                                          "'12%' is typed by hand"), err


def test_a_mismatch_shows_the_digits_that_differ():
    result = CheckResult("f", "check", 194.12, 194.13, 0.005, False, Location("x"), "sum(a, b)")
    assert result.computed_text() == "194.130"
    assert CheckResult("f", "stated", 0.1, 0.1412, 0.02, False, Location("x"), "b").computed_text() == "0.141"


def test_digits_typed_in_a_heading_or_marking_are_flagged(mini, run_cli):
    edit(mini / "briefs" / "demo.yaml", "marking: FOR OFFICIAL USE", "marking: FOR OFFICIAL USE 2024")
    edit(mini / "briefs" / "demo.yaml", "  - kind: bottom_line\n", "  - kind: bottom_line\n    heading: Top 3\n")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 0
    assert "'2024' is typed by hand in demo.marking" in err
    assert "'3' is typed by hand in demo.sections[0].heading" in err
