"""Briefs officials act on: the ask, who acts and when, dated evidence, numbers in context, one term per
thing — read back from the built files, and the checks that keep them so."""
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, docx_part, docx_text, edit, flat, pdf_text
from generator.check.actionable import evidence
from generator.diagnostics import Diagnostics
from generator.pipeline import Project, run_checks
from generator.render.select import select

BRIEFS = ("analyst", "business", "heilongjiang", "ministry")


@pytest.fixture(scope="module")
def built(bundled_briefs: Path) -> Path:
    return bundled_briefs


@pytest.fixture(scope="module")
def checked():
    return run_checks(Project(REPO), Diagnostics(), pdf=False)


@pytest.fixture
def project_copy(tmp_path) -> Path:
    for folder in ("content", "briefs"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


def page_one(built: Path, bid: str) -> tuple[str, str]:
    """Page 1 of the PDF, and the DOCX body up to its first section after the bottom line and key figures."""
    pdf = flat(pdf_text((built / f"{bid}.pdf").read_bytes())[0])
    docx = flat(docx_text((built / f"{bid}.docx").read_bytes()))
    return pdf, docx


def test_the_ask_comes_first_in_the_bottom_line_in_both_formats(built):
    pdf, docx = page_one(built, "ministry")
    ask = ("For decision by 31 January 2027: Whether to ask MOFCOM for a feasibility study of a China–Russia free "
           "trade area")
    for text in (pdf, docx):
        assert ask in text
        assert text.index("Bottom line") < text.index(ask) < text.index("Trade with Russia reached")
    pdf, docx = page_one(built, "heilongjiang")
    assert "For note: The study's evidence on border trade comes from Manzhouli" in pdf.replace("’", "'")
    assert "For note: The study's evidence on border trade comes from Manzhouli" in docx.replace("’", "'")


@pytest.mark.parametrize("bid", BRIEFS)
def test_page_one_states_the_evidence_period_computed_from_the_figures_shown(built, checked, bid):
    span = evidence(select(checked.briefs[bid], checked.content, checked.figures, Diagnostics()), checked.content,
                    checked.figures)
    line = f"Evidence: {span['first']}–{span['last']} data from a {span['study_year']} study."
    pdf, docx = page_one(built, bid)
    assert line in pdf and line in docx
    first_section = "Findings" if bid == "analyst" else "Key figures"
    assert docx.index(line) < docx.index(first_section)  # in the opening block, as on the PDF's page 1
    assert span["last"] == 2017 and span["study_year"] == 2017


def test_evidence_older_than_the_limit_must_be_said(project_copy, run_cli):
    brief = project_copy / "briefs" / "ministry.yaml"
    edit(brief, "evidence_caveat: >-\n  Check current figures before deciding.\n", "date: 29 November 2026\n")
    code, _out, err = run_cli("--root", str(project_copy), "check")
    line = next(n for n, text in enumerate(brief.read_text().splitlines(), 1) if text.startswith("evidence_age"))
    assert code == 0
    assert re.search(rf"briefs/ministry.yaml:{line}:\d+: warning\[evidence-old\]: brief 'ministry' is dated 2026 "
                     r"but its newest evidence is from 2017, 9 years old, over its limit of 2; say so in "
                     r"evidence_caveat", err)


def test_who_does_what_tables_show_leads_marked_as_the_units(built):
    pdf = flat(" ".join(pdf_text((built / "ministry.pdf").read_bytes())))
    docx = flat(docx_text((built / "ministry.docx").read_bytes()))
    for text in (pdf, docx):
        assert "Step Lead By Cost" in text or all(h in text for h in ("Step", "Lead", "By", "Cost"))
        assert "MOFCOM†" in text and "NDRC, with MOFCOM†" in text
        assert "† Proposed by the Policy Analysis Unit; the study names no lead body, date or cost." in text


def test_a_brief_requiring_leads_warns_where_one_is_missing(project_copy, run_cli):
    recs = project_copy / "content" / "recommendations.yaml"
    edit(recs, '        lead:\n          en: "MOFCOM"\n          zh-Hans: {text: "商务部", from: 6ce51815}\n'
               '          ru: {text: "Минкоммерции КНР", from: 6ce51815}\n        by: "2027"\n', '        by: "2027"\n')
    code, _out, err = run_cli("--root", str(project_copy), "check")
    assert code == 0
    assert re.search(r"content/recommendations.yaml:\d+:\d+: warning\[action-missing\]: part "
                     r"'mechanism-business-platform' is shown in brief 'ministry', which requires lead, by, but has "
                     r"no lead", err)


def test_bad_ask_and_table_fields_are_located_errors(project_copy, run_cli):
    brief = project_copy / "briefs" / "ministry.yaml"
    edit(brief, "  action: decide\n", "  action: decree\n")
    edit(brief, "    fields: [title, lead, by]\n", "    fields: [title, lead, when]\n")
    code, _out, err = run_cli("--root", str(project_copy), "check")
    assert code == 1
    assert re.search(r"briefs/ministry.yaml:12:11: error\[brief-ask\]: ask.action must be one of decide, note", err)
    assert re.search(r"briefs/ministry.yaml:\d+:\d+: error\[brief-columns\]: a parts table cannot show 'when'", err)


def test_key_figures_carry_comparators_and_display_rounding(built):
    pdf, docx = page_one(built, "ministry")
    for text in (pdf, docx):
        assert "1.9%" in text and "(United States: 14%)" in text
    pdf, docx = page_one(built, "business")
    for text in (pdf, docx):
        assert "$37.3 bn" in text and "$37.297 bn" not in text and "53%" in text
    analyst = flat(" ".join(pdf_text((built / "analyst.pdf").read_bytes())))
    assert "37.297 billion US dollars" in analyst  # full precision where the analyst reads it


def test_a_glossary_terms_first_use_is_defined_once(built):
    data = (built / "ministry.docx").read_bytes()
    notes = docx_part(data, "word/footnotes.xml")
    assert notes.count("An agreement between countries removing tariffs") == 1
    pdf = flat(" ".join(pdf_text((built / "ministry.pdf").read_bytes())))
    assert "free trade area: An agreement between countries removing tariffs" in pdf
    assert "docking: Aligning two strategies" in pdf


def test_a_term_variant_warns_with_the_preferred_term(mini, run_cli):
    (mini / "content" / "glossary.yaml").write_text(
        "glossary:\n  - id: fta\n    term: free trade area\n    definition: A trade agreement.\n"
        "    variants: [FTA, free trade zone]\n")
    edit(mini / "content" / "findings.yaml", "    title: Trade keeps growing\n",
         "    title: Trade keeps growing under the FTA\n")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 0
    assert ("content/findings.yaml:3:12: warning[term-variant]: 'FTA' in trade-growth.title: the glossary's term is "
            "'free trade area'") in err


def test_each_brief_is_rewritten_for_its_reader(built):
    heilongjiang, _docx = page_one(built, "heilongjiang")
    assert "The study has no figures for Heilongjiang's own ports." in heilongjiang.replace("’", "'")
    assert "At Manzhouli, in Inner Mongolia" in heilongjiang
    business = flat(" ".join(pdf_text((built / "business.pdf").read_bytes())))
    assert "Steps a firm can take" in business and "(by the Policy Analysis Unit, not the study)" in business
    analyst, _docx = page_one(built, "analyst")
    assert analyst.index("Summary") < analyst.index("Findings")
    assert "Finding: Border trade is developing rapidly" in analyst


def test_the_ask_is_linted_like_other_brief_prose(project_copy, run_cli):
    brief = project_copy / "briefs" / "ministry.yaml"
    edit(brief, "    MOFCOM for a regular docking dialogue with Russia, as the study recommends.",
         "    MOFCOM for a regular docking dialogue with Russia within 6 months, as trade is booming.")
    code, _out, err = run_cli("--root", str(project_copy), "check")
    assert code == 0
    assert "briefs/ministry.yaml:15:5: warning[prose-number]: '6' is typed by hand in ministry.ask.decision" in err
    assert re.search(r"briefs/ministry.yaml:16:\d+: warning\[framing-claim\]: 'booming' in ministry.ask.decision", err)


def test_a_first_use_note_never_breaks_markup():
    from generator.check.glossary import Term, define_first_uses
    from generator.diagnostics import Location

    terms = {"d": Term("d", "docking", "Aligning two strategies.", (), Location("g.yaml", 1, 1))}
    markdown = ("# Docking\n\n| docking | x |\n\nSee [docking rules](https://example.org/docking) and "
                "`docking()` at https://docking.example.org, then docking proper, and docking again.")
    out, notes = define_first_uses(markdown, terms)
    assert out.count("[^term-d]") == 1
    assert "then docking[^term-d] proper" in out
    assert notes == ["[^term-d]: **docking**: Aligning two strategies."]


@pytest.mark.parametrize("field, value, code", [
    ("require", "[lead, colour]", "brief-require"),
    ("glossary", "sometimes", "brief-glossary"),
])
def test_brief_settings_with_unknown_values_are_located_errors(mini, run_cli, field, value, code):
    brief = mini / "briefs" / "demo.yaml"
    brief.write_text(brief.read_text(encoding="utf-8") + f"{field}: {value}\n", encoding="utf-8")
    line = len(brief.read_text(encoding="utf-8").splitlines())
    code_, _out, err = run_cli("--root", str(mini), "check")
    assert code_ == 1
    assert f"briefs/demo.yaml:{line}:{len(field) + 3}: error[{code}]" in err


def test_a_figure_the_ask_names_counts_for_the_evidence_period(mini):
    """The ask is brief prose like the bottom line: the data it cites date the brief's evidence."""
    figures = mini / "content" / "figures.yaml"
    figures.write_text(figures.read_text(encoding="utf-8") + "  - id: trade_2019\n    label: Trade in goods\n"
                       "    value: 80\n    unit: USD bn\n    period: \"2019\"\n    source: customs\n", encoding="utf-8")
    brief = mini / "briefs" / "demo.yaml"
    edit(brief, "  - figures_table\n", "  - {kind: figures_table, figures: [trade_2016]}\n")
    checked = run_checks(Project(mini), Diagnostics(), pdf=False)
    before = evidence(select(checked.briefs["demo"], checked.content, checked.figures, Diagnostics()),
                      checked.content, checked.figures)
    assert before["last"] == 2016
    edit(brief, "author: Policy Unit\n", "author: Policy Unit\nask:\n  action: note\n"
         "  decision: \"Trade reached {{ fig.trade_2019 }}.\"\n")
    checked = run_checks(Project(mini), Diagnostics(), pdf=False)
    after = evidence(select(checked.briefs["demo"], checked.content, checked.figures, Diagnostics()),
                     checked.content, checked.figures)
    assert after["last"] == 2019
