"""A brief's own layout finds the tool's templates by name, whatever else lies in the project folder."""
from __future__ import annotations

import re
from pathlib import Path


def own_layout(project: Path, layout: str) -> None:
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / "mine.md.j2").write_text(layout, encoding="utf-8")
    brief = project / "briefs" / "demo.yaml"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(text.replace("title: Demo brief\n", "title: Demo brief\ntemplate: templates/mine.md.j2\n"),
                     encoding="utf-8")


def test_files_at_the_root_named_like_the_tools_templates_are_passed_over(mini, run_cli):
    """The project's root is searched first (so ``templates/...`` names resolve), but only files inside its
    templates/ folder are served: a stray ``brief.md.j2`` or ``sections/findings.md.j2`` at the root (notes, a
    copy) neither replaces the tool's layout nor hides it behind a 'not found'."""
    code, _out, err = run_cli("--root", str(mini), "build", "demo", "--format", "md")
    assert code == 0, err
    default = (mini / "out" / "demo.md").read_text(encoding="utf-8")
    assert "# Findings" in default
    own_layout(mini, '{% extends "brief.md.j2" %}\n')
    (mini / "brief.md.j2").write_text("STRAY LAYOUT\n", encoding="utf-8")
    (mini / "sections").mkdir()
    (mini / "sections" / "findings.md.j2").write_text("STRAY FINDINGS\n", encoding="utf-8")
    code, _out, err = run_cli("--root", str(mini), "build", "demo", "--format", "md")
    assert code == 0, err
    assert (mini / "out" / "demo.md").read_text(encoding="utf-8") == default  # the tool's layout, unchanged


def test_a_symlink_out_of_the_project_is_still_not_found(mini, run_cli):
    own_layout(mini, '{% include "templates/secret.md.j2" %}\n')
    (mini / "templates" / "secret.md.j2").symlink_to("/etc/passwd")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code != 0
    assert "templates/mine.md.j2:1:1: error[template-missing]: template 'templates/secret.md.j2' not found" in err
    assert "root:" not in err


LOOP = "templates include, extend or call one another without end (or nest too deeply)"


def test_a_layout_that_includes_itself_is_named_as_a_loop(mini, run_cli):
    own_layout(mini, '# t\n\n{% include "templates/other.md.j2" %}\n')
    (mini / "templates" / "other.md.j2").write_text('{% include "templates/mine.md.j2" %}\n', encoding="utf-8")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code != 0
    # located in the loop (which of its two files Python's limit stops in is not fixed)
    assert re.search(rf"templates/(mine\.md\.j2:3|other\.md\.j2:1):1: error\[template-render\]: {re.escape(LOOP)}", err), err
    assert err.count("error[template-render]") == 1 and "Traceback" not in err


def test_a_field_whose_macro_calls_itself_is_named_as_a_loop(mini, run_cli):
    findings = mini / "content" / "findings.yaml"
    text = findings.read_text(encoding="utf-8")
    assert "title: Trade keeps growing" in text
    findings.write_text(text.replace("title: Trade keeps growing",
                                     "title: 'Trade {% macro f() %}{{ f() }}{% endmacro %}{{ f() }}'"), encoding="utf-8")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code != 0
    assert f"content/findings.yaml:3:12: error[template-render]: {LOOP}" in err, err
