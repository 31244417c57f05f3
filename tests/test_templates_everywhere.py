"""Every prose field is a template and every one is checked; errors name their cause once."""
import io

from conftest import docx_text, edit, pdf_text


def test_brief_title_subtitle_and_marking_are_templates(mini, run_cli, tmp_path):
    brief = mini / "briefs" / "demo.yaml"
    edit(brief, "title: Demo brief", "title: Trade reached {{ fig.trade_2016 | short }}")
    edit(brief, "subtitle: Trade at a glance", "subtitle: \"Growth: {{ fig.trade_growth_2016 | pct }}\"")
    edit(brief, "marking: FOR OFFICIAL USE", "marking: \"{{ 'for official use' | upper }}\"")
    code, _out, err = run_cli("--root", str(mini), "build", "--out", str(tmp_path / "out"))
    assert code == 0, err
    from pypdf import PdfReader

    pdf = (tmp_path / "out" / "demo.pdf").read_bytes()
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "Trade reached $69.5 bn"
    first_page = pdf_text(pdf)[0]
    assert "Trade reached $69.5 bn" in first_page and "Growth: 2.2%" in first_page
    assert "FOR OFFICIAL USE" in first_page and "{{" not in first_page
    docx = (tmp_path / "out" / "demo.docx").read_bytes()
    assert "Trade reached $69.5 bn" in docx_text(docx) and "{{" not in docx_text(docx)


def test_a_typo_in_a_field_no_brief_shows_is_a_located_error(mini, run_cli):
    findings = mini / "content" / "findings.yaml"
    edit(findings, "    tags: [trade]\n", "    tags: [trade]\n    audiences:\n      nobody:\n"
         "        summary: Trade was {{ fig.trade_201 }}.\n")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1
    assert ("content/findings.yaml:12:9: error[prose-ref]: trade-growth.audiences.nobody.summary names unknown "
            "figure 'trade_201'; did you mean 'trade_2015'?") in err or "did you mean 'trade_2016'?" in err, err
    assert err.count("error[") == 1


def test_a_broken_figures_file_is_the_one_cause_reported(mini, run_cli):
    figures = mini / "content" / "figures.yaml"
    edit(figures, "    label: Trade in goods\n    value: 69.5", "    label: [Trade in goods\n    value: 69.5")
    code, _out, err = run_cli("--root", str(mini), "check")
    errors = [line for line in err.splitlines() if ": error[" in line]
    assert code == 1 and len(errors) == 1, err
    assert errors[0].startswith("content/figures.yaml:") and "error[yaml-syntax]" in errors[0]
    assert "more errors follow from this; fix it first" in errors[0]
    assert "unknown figure" not in err and "warning[unused" not in err


def test_a_chart_with_a_figures_id_is_one_error(mini, run_cli):
    (mini / "content" / "charts.yaml").write_text(
        "charts:\n  - id: trade_2016\n    kind: bar\n    title: Trade\n    unit: USD bn\n"
        "    categories: [\"2016\"]\n    series:\n      - name: Trade\n        figures: [trade_2016]\n",
        encoding="utf-8")
    edit(mini / "briefs" / "demo.yaml", "  - figures_table", "  - {kind: charts, charts: [trade_2016]}\n"
         "  - figures_table")
    code, _out, err = run_cli("--root", str(mini), "check")
    errors = [line for line in err.splitlines() if ": error[" in line]
    assert code == 1 and len(errors) == 1, err
    assert "error[duplicate-id]: ID 'trade_2016' is already used" in errors[0]
    assert "more errors follow from this; fix it first" in errors[0]  # the figure was dropped: its users


def test_a_render_error_gives_no_false_unused_warnings(mini, run_cli):
    edit(mini / "briefs" / "demo.yaml", "text: Trade stood at {{ fig.trade_2016 }}.",
         "text: Trade stood at {{ fig.trade_2016 | fmt('x') }}.")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1 and "error[template-render]" in err, err
    assert "unused-item" not in err and "unused-figure" not in err


def test_a_broken_file_prints_first(mini, run_cli):
    (mini / "content" / "zz.yaml").write_text("figures:\n  - id: broken\n    label: [unclosed\n", encoding="utf-8")
    edit(mini / "briefs" / "demo.yaml", "key_figures: [trade_2016, trade_growth_2016]",
         "key_figures: [trade_2016, trade_growth_2016, nowhere]")
    code, _out, err = run_cli("--root", str(mini), "check")
    errors = [line for line in err.splitlines() if ": error[" in line]
    assert code == 1 and len(errors) == 2, err
    assert errors[0].startswith("content/zz.yaml:") and "yaml-syntax" in errors[0]
    assert errors[1].startswith("briefs/demo.yaml:") and "unknown figure 'nowhere'" in errors[1]


def test_a_typo_in_the_caveat_translation_or_the_ask_is_a_prose_ref_error(mini, run_cli):
    """The caveat and the ask are brief prose like the title: their unshown translations are checked too."""
    edit(mini / "briefs" / "demo.yaml", "author: Policy Unit\n",
         "author: Policy Unit\nevidence_caveat:\n  en: Old.\n  fr: \"Vieux {{ fig.trade_201 }}.\"\n"
         "ask:\n  action: decide\n  by: May\n  decision: \"Whether {{ fig.trade_21 }}.\"\n")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1
    assert ("briefs/demo.yaml:9:3: error[prose-ref]: demo.evidence_caveat[fr] names unknown figure 'trade_201'"
            in err), err
    assert "briefs/demo.yaml:14:13: error[prose-ref]: demo.ask.decision names unknown figure 'trade_21'" in err, err


def test_a_chart_title_written_only_in_chinese_is_checked_once(mini, run_cli):
    """A chart's English title falls back to its only language: that text is one field, one error."""
    (mini / "content" / "charts.yaml").write_text(
        "charts:\n  - id: c1\n    kind: bar\n    title: {zh: \"贸易 {{ fig.nope }}\"}\n    unit: USD bn\n"
        "    categories: [\"2016\"]\n    series:\n      - name: Trade\n        figures: [trade_2016]\n",
        encoding="utf-8")
    code, _out, err = run_cli("--root", str(mini), "check")
    errors = [line for line in err.splitlines() if ": error[" in line]
    assert code == 1
    assert errors == ["content/charts.yaml:4:12: error[prose-ref]: charts.c1.title[zh] names unknown figure 'nope' "
                      "(at charts.c1.title[zh])"]
