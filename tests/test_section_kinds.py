"""Section kinds live in one registry (generator/load/section_kinds.py) and draw themselves through their own
partial; a brief's layout can extend the default one and override a block, and a block the default does not
define is a located error rather than silently dropped text."""
import io
from dataclasses import dataclass
from pathlib import Path

import docx

from conftest import edit
from generator.load.schema import declared
from generator.load.section_kinds import KINDS, Options, SectionKind, register

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "generator" / "templates"


def headings(data: bytes) -> list[str]:
    """The text of every heading paragraph of a DOCX, in order (what a reader sees as headings)."""
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.style.name.startswith("Heading")]


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def own_layout(project: Path, text: str) -> None:
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / "mine.md.j2").write_text(text, encoding="utf-8")
    edit(project / "briefs" / "demo.yaml", "title: Demo brief\n", "title: Demo brief\ntemplate: templates/mine.md.j2\n")


def build(project: Path, run_cli) -> tuple[int, str, bytes]:
    code, _out, err = run_cli("--root", str(project), "build", "demo", "--format", "docx")
    path = project / "out" / "demo.docx"
    return code, err, path.read_bytes() if code == 0 else b""


def test_every_registered_kind_has_its_partial():
    assert sorted(KINDS) == sorted(p.name.removesuffix(".md.j2") for p in (PACKAGE_TEMPLATES / "sections").iterdir()
                                   if not p.name.startswith("_"))


def test_a_brief_layout_overrides_one_kinds_block(mini, run_cli):
    code, _err, before = build(mini, run_cli)
    assert code == 0 and "Stated versus computed values" in headings(before)
    own_layout(mini, '{% extends "brief.md.j2" %}\n'
                     '{% block section %}\n'
                     '{% if section.kind == "checks" %}\n'
                     '# Checked by hand\n\nEvery figure was recomputed by a second analyst.\n\n'
                     '{% else %}\n{{ super() }}\n{% endif %}\n'
                     '{% endblock %}\n')
    code, err, after = build(mini, run_cli)
    assert code == 0, err
    shown = headings(after)
    assert "Checked by hand" in shown and "Stated versus computed values" not in shown
    assert "Every figure was recomputed by a second analyst." in paragraphs(after)
    # every other section is drawn exactly as before
    assert [h for h in headings(before) if h != "Stated versus computed values"] == \
        [h for h in shown if h != "Checked by hand"]


def test_a_block_the_layout_does_not_define_is_a_located_error(mini, run_cli):
    own_layout(mini, '{% extends "brief.md.j2" %}\n\n{% block findings %}\n# My findings\n{% endblock %}\n')
    code, err, _data = build(mini, run_cli)
    assert code != 0
    assert "templates/mine.md.j2:3:1: error[template-block]: block 'findings' is not a block of 'brief.md.j2'" in err
    assert "its blocks are: lead, section" in err and "Traceback" not in err
    assert not (mini / "out" / "demo.docx").exists()


def test_a_layout_that_extends_nothing_may_define_its_own_blocks(mini, run_cli):
    own_layout(mini, "{% block mine %}\n# Only this\n{% endblock %}\n")
    code, err, data = build(mini, run_cli)
    assert code == 0, err
    assert headings(data) == ["Only this"]


def test_a_new_kind_is_one_registry_entry_and_one_partial(mini, run_cli):
    """The recipe in ARCHITECTURE.md ("A new section kind"): register the kind, write its partial. Here
    the partial sits in the project's templates/sections/ (a kind registered outside generator/)."""
    @dataclass(frozen=True)
    class ToyOptions(Options):  # its options: typed attributes that are also its schema
        figure: str | None = declared("id", True)
        words: str | None = declared("text", True)

    def select_figure(section, index, selection, content, figures, diags):
        selection.figures.append(section.options.figure)

    toy = SectionKind("toy_callout", ToyOptions, fixed_heading="A toy section", select=select_figure,
                      view=lambda section, figures: {"shout": str(section.options.words).upper()})
    register(toy)
    try:
        (mini / "templates" / "sections").mkdir(parents=True)
        (mini / "templates" / "sections" / "toy_callout.md.j2").write_text(
            "# {{ heading or section.default_heading }}\n\n{{ section.shout }}: {{ fig[section.figure] }}.\n\n",
            encoding="utf-8")
        edit(mini / "briefs" / "demo.yaml", "  - checks\n",
             "  - checks\n  - kind: toy_callout\n    figure: trade_2016\n    words: trade then\n")
        code, err, data = build(mini, run_cli)
        assert code == 0, err
        assert headings(data)[-1] == "A toy section"
        shout = [p for p in paragraphs(data) if p.startswith("TRADE THEN: ")]
        assert len(shout) == 1 and "69.5" in shout[0]  # the figure's value is drawn (trade_2016: 69.5)

        edit(mini / "briefs" / "demo.yaml", "    words: trade then\n", "")
        code, err, _data = build(mini, run_cli)
        assert code != 0  # its fields are checked like any kind's, located at the section
        assert ("briefs/demo.yaml:22:5: error[schema-missing-key]: a toy_callout section is missing required key "
                "'words'") in err
    finally:
        del KINDS[toy.name]


def test_layout_code_is_shared_between_briefs_but_not_across_edits(tmp_path):
    """Each brief renders in a fresh environment; the compiled partials are shared (LAYOUT_CODE), keyed by
    the source, so an edited template (as ``brief watch`` sees) is compiled again."""
    from generator.render.templating import LAYOUT_CODE, ProjectLoader, make_environment

    def render() -> str:
        env = make_environment(ProjectLoader([tmp_path], [tmp_path]))
        env.bytecode_cache = LAYOUT_CODE
        return env.get_template("t.md.j2").render(x=2)

    (tmp_path / "t.md.j2").write_text("one {{ x }}", encoding="utf-8")
    assert render() == "one 2"
    entries = len(LAYOUT_CODE.codes)
    assert render() == "one 2" and len(LAYOUT_CODE.codes) == entries  # reused, not compiled again
    (tmp_path / "t.md.j2").write_text("two {{ x * 2 }}", encoding="utf-8")
    assert render() == "two 4"
