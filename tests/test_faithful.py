"""Faithful to the source: anchors checked against the kept study text, citations that claim only what
is known, and brief-level framing that adds no claims."""
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, TESTS, edit
from generator.check.anchors import normalise, number_in, quote_problem
from generator.load.content import load_content
from generator.diagnostics import Diagnostics
from generator.pipeline import Project, run_checks

STUDY = TESTS / "fixtures" / "study" / "sino-russian-trade-cooperation.md"


@pytest.fixture
def project_copy(tmp_path) -> Path:
    for folder in ("content", "briefs"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


@pytest.fixture(scope="module")
def content():
    diags = Diagnostics()
    loaded = load_content(REPO / "content", REPO, diags)
    assert not diags.errors
    return loaded


def test_the_kept_source_text_is_the_study():
    assert (REPO / "content" / "sources" / "zhou-xie-2017.md").read_bytes() == STUDY.read_bytes()


def test_every_claim_and_raw_figure_is_anchored_verbatim(content):
    study = normalise(STUDY.read_text(encoding="utf-8"))
    for item in content.items.values():
        anchor = item.anchor
        assert anchor and anchor.get("at") and anchor.get("quote"), item.id
        assert quote_problem(anchor["quote"], study) == "", item.id
    added_sources = {s.id for s in content.sources.values() if s.added}
    for fig in content.figures.values():
        if fig.value is None:
            continue
        if fig.added or fig.source in added_sources:
            assert fig.anchor is None, fig.id
            continue
        anchor = fig.anchor
        assert anchor and anchor.get("quote"), fig.id
        assert quote_problem(anchor["quote"], study) == "", fig.id
        assert number_in(fig.plain.get("value") or str(fig.value), anchor["quote"]), fig.id


def test_check_passes_with_only_the_studys_own_disagreements():
    diags = Diagnostics()
    run_checks(Project(REPO), diags)
    assert diags.errors == []
    assert not [d for d in diags.warnings if d.code.startswith(("anchor", "framing", "source"))]


def _located(path: Path, needle: str) -> tuple[int, int]:
    """1-based line and column where ``needle``'s YAML value (the opening quote mark) starts."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_changing_one_word_of_a_quote_is_a_located_error(project_copy, run_cli):
    findings = project_copy / "content" / "findings.yaml"
    edit(findings, "has developed rapidly\"}", "has grown rapidly\"}")
    line, col = _located(findings, '"the border trade between the two countries has grown rapidly"')
    code, _out, err = run_cli("--root", str(project_copy), "check")
    assert code == 1
    assert (f"content/findings.yaml:{line}:{col}: error[anchor-quote]: the quote of border-trade-manzhouli is not "
            "in the text of 'zhou-xie-2017': 'two countries has grown' is not found there") in err


def test_a_figure_whose_quote_lacks_its_number_is_an_error(project_copy, run_cli):
    figures = project_copy / "content" / "figures.yaml"
    edit(figures, "    value: 37.297\n", "    value: 37.279\n")
    code, _out, err = run_cli("--root", str(project_copy), "check")
    assert code == 1
    assert re.search(r"content/figures.yaml:\d+:\d+: error\[anchor-number\]: figures.exports_2016 states 37.279 "
                     r"but its quote does not contain that number", err)


def test_quotes_compare_with_whitespace_and_quote_marks_normalised():
    text = normalise('Since "the Belt and Road\n   Initiative" was launched in 2013')
    assert quote_problem("Since “the Belt and Road Initiative” was launched", text) == ""
    assert quote_problem("Since “the Belt … launched in 2013", text) == ""
    assert quote_problem("launched in 2013 … Since", text) == "Since"  # pieces must come in order
    assert number_in("-3.1", "down 3.1% year-on-year") and number_in("4", "held four expositions")
    assert not number_in("3.1", "down 3.12%")


def test_a_raw_figure_without_anchor_is_listed_and_fails_strict(project_copy, run_cli):
    figures = project_copy / "content" / "figures.yaml"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(re.sub(r'(  - id: exports_2016\n(?:    .*\n)*?)    anchor: .*\n', r"\1", text, count=1),
                       encoding="utf-8")
    code, _out, err = run_cli("--root", str(project_copy), "check")
    assert code == 0
    assert "warning[anchor-missing]: raw figure 'exports_2016' has no anchor" in err
    code, _out, err = run_cli("--root", str(project_copy), "check", "--strict")
    assert code == 1 and "error[anchor-missing]: raw figure 'exports_2016'" in err


@pytest.mark.parametrize("path", ["../outside.md", "/etc/passwd", "content/sources/missing.md"])
def test_a_source_text_outside_the_project_is_never_read(project_copy, run_cli, path):
    (project_copy.parent / "outside.md").write_text("the border trade between the two countries has developed")
    sources = project_copy / "content" / "sources.yaml"
    edit(sources, "    text: content/sources/zhou-xie-2017.md\n", f"    text: {path}\n")
    code, _out, err = run_cli("--root", str(project_copy), "check")
    assert code == 1
    assert f"error[source-text]: text '{path}' of source 'zhou-xie-2017' is not a file inside the project" in err


def test_a_symlinked_source_text_pointing_outside_is_refused(project_copy, run_cli):
    outside = project_copy.parent / "study.md"
    shutil.copy(STUDY, outside)
    kept = project_copy / "content" / "sources" / "zhou-xie-2017.md"
    kept.unlink()
    kept.symlink_to(outside)
    code, _out, err = run_cli("--root", str(project_copy), "check")
    assert code == 1 and "error[source-text]" in err


def test_a_text_kept_by_its_default_name_as_a_link_outside_says_so(project_copy, run_cli):
    """Without ``text:``, content/sources/ID.md is the kept text: as a link out of the project it was passed over
    in silence, and every quote of the source reported only that no text is kept."""
    test_a_symlinked_source_text_pointing_outside_is_refused(project_copy, run_cli)
    edit(project_copy / "content" / "sources.yaml", "    text: content/sources/zhou-xie-2017.md\n", "")
    code, _out, err = run_cli("--root", str(project_copy), "check")
    assert code == 1
    assert re.search(r"content/sources.yaml:\d+:\d+: error\[source-text\]: text 'content/sources/zhou-xie-2017.md' "
                     r"of source 'zhou-xie-2017' is not a file inside the project", err)
    assert "study.md" not in err  # where the link points stays unsaid


@pytest.mark.parametrize("written, message", [
    (b"the border trade \xff between", "is not UTF-8; save it as UTF-8"),
    (None, "is not read: it is larger than 5,000,000 bytes"),
])
def test_a_kept_text_that_cannot_be_used_is_a_located_error(project_copy, run_cli, written, message):
    kept = project_copy / "content" / "sources" / "zhou-xie-2017.md"
    if written is None:
        with open(kept, "r+b") as handle:  # sparse: a size, not megabytes written
            handle.truncate(5_000_001)
    else:
        kept.write_bytes(written)
    line, col = _located(project_copy / "content" / "sources.yaml", "content/sources/zhou-xie-2017.md")
    code, _out, err = run_cli("--root", str(project_copy), "check")
    assert code == 1
    assert (f"content/sources.yaml:{line}:{col}: error[source-text]: the kept text of source 'zhou-xie-2017' "
            f"{message}") in err


def test_framing_words_no_anchor_supports_warn_and_can_be_silenced(mini, run_cli):
    brief = mini / "briefs" / "demo.yaml"
    edit(brief, "text: Trade stood at", "text: Trade is growing, at")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 0
    assert ("briefs/demo.yaml:12:20: warning[framing-claim]: 'growing' in demo.sections[0].text makes a trend or "
            "comparative claim that no anchored item of this brief supports") in err
    edit(brief, "text: Trade is growing, at {{ fig.trade_2016 }}.",
         "text: 'Trade is growing, at {{ fig.trade_2016 }}. {# allow[framing-claim]: #}'")
    assert "framing-claim" in run_cli("--root", str(mini), "check")[2]  # a silencer needs a reason
    edit(brief, "{# allow[framing-claim]: #}", "{# allow[framing-claim]: the customs series shows it #}")
    assert "framing-claim" not in run_cli("--root", str(mini), "check")[2]


def test_an_anchored_item_supports_the_framing(mini, run_cli):
    (mini / "content" / "sources").mkdir()
    (mini / "content" / "sources" / "customs.md").write_text("Trade has been growing for years.\n")
    edit(mini / "content" / "findings.yaml", "    tags: [trade]\n",
         '    tags: [trade]\n    anchor: {at: "p. 1", quote: "Trade has been growing"}\n')
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 0, err
    assert "framing-claim" not in err


@pytest.mark.parametrize("quote", ["", "   ", "the", "up 2.2%"])
def test_a_quote_too_short_to_locate_anything_is_an_error(project_copy, run_cli, quote):
    findings = project_copy / "content" / "findings.yaml"
    edit(findings, '"the border trade between the two countries has developed rapidly"', f'"{quote}"')
    code, _out, err = run_cli("--root", str(project_copy), "check")
    assert code == 1
    assert "error[anchor-quote]: the quote of border-trade-manzhouli is too short to locate anything" in err


def test_blank_glossary_terms_and_variants_are_errors(mini, run_cli):
    (mini / "content" / "glossary.yaml").write_text(
        "glossary:\n  - id: fta\n    term: ' '\n    definition: A trade agreement.\n    variants: ['']\n")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1
    assert ("content/glossary.yaml:2:5: error[glossary-blank]: glossary term 'fta' has an empty term, variants[0]"
            in err)


def test_an_anchor_quoting_a_source_whose_text_is_not_kept_is_a_located_error(mini, run_cli):
    edit(mini / "content" / "findings.yaml", "    tags: [trade]\n",
         '    tags: [trade]\n    anchor: {at: "p. 1", quote: "Trade has been growing for years"}\n')
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1 and "error[anchor-no-text]" in err and "content/findings.yaml:" in err


def test_an_anchor_line_is_in_the_brief_language_and_skips_a_missing_place():
    # "Source: …" is the terms file's (anchor_source); an anchor without `at` prints no stray ", :".
    from types import SimpleNamespace

    from generator.diagnostics import Diagnostics
    from generator.render.provenance import anchor_view
    from generator.render.terms import load_terms

    study = SimpleNamespace(kind="study", short="Zhou and Xie (2017)", publisher="", year="", translations={})
    content = SimpleNamespace(sources={"study": study})
    en, fr = (load_terms(lang, None, Diagnostics()) for lang in ("en", "fr"))
    assert anchor_view({"at": "p. 3", "quote": "a *b*"}, content, en)["line"] == \
        "Source: Zhou and Xie (2017), p. 3: “a \\*b\\*”"
    assert anchor_view({"quote": "q"}, content, en)["line"] == "Source: Zhou and Xie (2017): “q”"
    assert anchor_view({"at": "p. 3", "quote": "q"}, content, fr)["line"] == "Source : Zhou and Xie (2017), p. 3 : « q »"


def test_a_quote_holding_a_section_number_is_read_without_failing():
    """'1.2.3' matches the number pattern but is no number: it is skipped, not a crash (exit 3)."""
    from generator.check.anchors import number_in

    assert number_in("37.297", "see section 1.2.3: exports reached 37.297 billion")
    assert not number_in("1.2", "see section 1.2.3")
    assert number_in("4", "in section 2.1.1, Four expositions")
