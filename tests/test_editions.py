"""``brief diff``, ``brief log`` and the "What changed since …" section, on a repository with two editions."""
from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docx  # noqa: E402
import pytest  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from conftest import edit, git  # noqa: E402
from generator.commands.cli import main  # noqa: E402
from generator.editions.fielddiff import word_diff  # noqa: E402

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
NEW_FINDING = """  - id: energy
    title: Energy dominates
    summary: Energy is most of the {{ fig.exports_2016 }} China exported.
    tags: [trade]
"""


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """v1: the mini project. v2: exports_2016 37.297 → 39.5, finding 'energy' added, a finding reworded,
    recommendation 'innovate' (with its part) replaced by 'keep', a changes section since v1.
    Then a commit that only changes imports_2016 and reformats other entries."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "repo"
    shutil.copytree(MINI, root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "First edition")
    git(root, "tag", "v1")
    edit(root / "content" / "figures.yaml", "value: 37.297", "value: 39.5")
    findings = root / "content" / "findings.yaml"
    findings.write_text(findings.read_text() + NEW_FINDING)
    edit(findings, "summary: Trade reached", "summary: Trade rose to")
    (root / "content" / "recommendations.yaml").write_text(
        "recommendations:\n  - id: keep\n    title: Keep talking\n    summary: Meet every year.\n"
        "    answers: [small-scale]\n")
    edit(root / "briefs" / "demo.yaml", "  - kind: parts_table\n    recommendation: innovate\n", "")
    (root / "briefs" / "demo.yaml").write_text((root / "briefs" / "demo.yaml").read_text()
                                               + "  - kind: changes\n    since: v1\n")
    git(root, "commit", "-q", "-a", "-m", "Second edition", date="2024-04-02T09:00:00+00:00")
    git(root, "tag", "v2")
    edit(root / "content" / "figures.yaml", "value: 32.228", "value: 32.5")
    edit(root / "content" / "figures.yaml", "  - id: trade_2016\n    label: Trade in goods",
         "  - id: \"trade_2016\"\n    label: 'Trade in goods'")  # reformatted, same data
    edit(findings, "    tags: [trade]\n  - id: energy", "    tags:\n      - trade\n  - id: energy")
    git(root, "commit", "-q", "-a", "-m", "Revise imports; tidy YAML", date="2024-05-03T08:00:00+00:00")
    return root


def test_diff_text(repo, run_cli):
    code, out, err = run_cli("--root", str(repo), "diff", "v1", "v2")
    assert code == 0, err
    assert out.startswith(f"Changes from v1 ({git(repo, 'rev-parse', '--short=7', 'v1')}) to v2")
    assert "  + energy: Energy dominates" in out
    assert "  - innovate: Innovate" in out
    assert "  + keep: Keep talking" in out
    assert "  - innovate.platform: An information platform  (part of innovate)" in out
    assert "  ~ trade-growth: Trade keeps growing\n      summary: Trade [-reached-] {+rose to+} {{" in out
    assert "  ~ exports_2016: Exports to Russia (2016): $37.3 bn → $39.5 bn" in out
    assert "      affects: balance_2016" in out
    assert "  ~ balance_2016: China's trade surplus with Russia (2016): $5.1 bn → $7.3 bn  (derived, via " \
           "exports_2016)" in out
    assert "imports_2016" not in out  # changed only in the third commit
    assert "      items added: energy, keep\n      items removed: innovate, innovate.platform" in out


def test_diff_json(repo, run_cli):
    code, out, _err = run_cli("--root", str(repo), "diff", "v1", "v2", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["from"]["commit"] == git(repo, "rev-parse", "v1") and data["to"]["rev"] == "v2"
    status = {(c["kind"], c["id"]): c["status"] for c in data["items"]}
    assert status == {("finding", "trade-growth"): "changed", ("finding", "energy"): "added",
                      ("recommendation", "keep"): "added", ("recommendation", "innovate"): "removed",
                      ("part", "innovate.platform"): "removed"}
    figures = {f["id"]: f for f in data["figures"]}
    assert set(figures) == {"exports_2016", "balance_2016"}
    assert (figures["exports_2016"]["old"], figures["exports_2016"]["new"]) == (37.297, 39.5)
    assert figures["exports_2016"]["fields"] == [{"field": "value", "old": "37.297", "new": "39.5",
                                                 "diff": "[-37.297-] {+39.5+}"}]
    assert figures["balance_2016"]["derived"] and figures["balance_2016"]["via"] == ["exports_2016"]
    assert figures["balance_2016"]["new"] == pytest.approx(39.5 - 32.228)
    [brief] = data["briefs"]
    assert brief["added"] == {"items": ["energy", "keep"]}
    assert brief["removed"]["items"] == ["innovate", "innovate.platform"]
    assert {(f["field"], f["diff"]) for f in brief["fields"]} == {
        ("sections[5]", "[-parts_table (recommendation: innovate)-]"), ("sections[7]", "{+changes (since: v1)+}")}


def test_diff_defaults_to_the_working_tree(repo, run_cli):
    edit(repo / "content" / "findings.yaml", "title: Energy dominates", "title: Energy still dominates")
    code, out, _err = run_cli("--root", str(repo), "diff", "HEAD")
    assert code == 0
    assert "to working tree" in out.splitlines()[0]
    assert "  ~ energy: Energy still dominates\n      title: Energy {+still+} dominates" in out
    _code, same, _err = run_cli("--root", str(repo), "diff", "v2", "v2")
    assert "none in content or briefs" in same


def read_outputs(out: Path) -> tuple[str, str]:
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO((out / "demo.pdf")
                                                                                  .read_bytes())).pages)
    word = "\n".join(p.text for p in docx.Document(str(out / "demo.docx")).paragraphs)
    return pdf, word


def test_changes_section_in_the_built_brief(repo, tmp_path, run_cli):
    git(repo, "checkout", "-q", "v2")
    code, _out, err = run_cli("--root", str(repo), "build", "--out", str(tmp_path / "out"))
    assert code == 0, err
    pdf, word = read_outputs(tmp_path / "out")
    expected = ["What changed since v1", "Revised finding: Trade keeps growing (summary)",
                "New finding: Energy dominates", "New recommendation: Keep talking",
                "Withdrawn recommendation: Innovate", "Exports to Russia (2016): $37.3 bn → $39.5 bn",
                "China's trade surplus with Russia (2016): $5.1 bn → $7.3 bn (recomputed)"]
    for line in expected:
        assert line in word.splitlines(), line
        assert line in pdf, line
    assert "An information platform" not in word  # a withdrawn recommendation's parts go with it
    assert "Imports from Russia (2016): $32.228 bn" not in word


def test_changes_section_in_a_chinese_brief_names_figures_in_chinese(repo, run_cli):
    """A changed figure reads as the brief's key figures do: its label and period in the brief's language,
    punctuated by the terms (not the English label with a Latin ' (' and ': ')."""
    git(repo, "checkout", "-q", "v2")
    edit(repo / "content" / "figures.yaml", "    label: Exports to Russia\n",
         "    label:\n      en: Exports to Russia\n      zh-Hans: 对俄出口\n")
    (repo / "briefs" / "demo-zh.yaml").write_text("language: zh-Hans\n" + (repo / "briefs" / "demo.yaml").read_text())
    code, _out, err = run_cli("--root", str(repo), "build", "demo-zh", "demo", "--format", "md")
    assert code == 0, err
    chinese = (repo / "out" / "demo-zh.md").read_text(encoding="utf-8")
    changes = chinese[chinese.index("# 自v1以来的变化"):]
    assert "- 对俄出口（2016年）：" in changes and "Exports to Russia" not in changes
    english = (repo / "out" / "demo.md").read_text(encoding="utf-8")
    assert "- Exports to Russia (2016): $37.3 bn → $39.5 bn" in english.splitlines()


def test_unknown_since_is_a_located_error(repo, run_cli):
    edit(repo / "briefs" / "demo.yaml", "since: v1", "since: edition-0")
    code, _out, err = run_cli("--root", str(repo), "check")
    line = next(n for n, text in enumerate((repo / "briefs" / "demo.yaml").read_text().splitlines(), 1)
                if "edition-0" in text)
    assert code == 1
    assert f"briefs/demo.yaml:{line}:" in err and "error[changes-since]" in err and "'edition-0'" in err


def test_errors_are_one_line(repo, tmp_path, run_cli):
    code, out, err = run_cli("--root", str(repo), "diff", "no-such-tag")
    assert (code, out, err) == (1, "", "brief: error: unknown revision 'no-such-tag'\n")
    code, _out, err = run_cli("--root", str(repo), "diff", "--", "--upload-pack=x")
    assert code == 1 and err.count("\n") == 1
    plain = tmp_path / "plain"
    shutil.copytree(MINI, plain)
    for argv in (["diff", "HEAD"], ["log", "trade_2016"]):
        code, _out, err = run_cli("--root", str(plain), *argv)
        assert code == 1 and err == f"brief: error: {plain} is not inside a git repository\n"
    code, _out, err = run_cli("--root", str(repo), "log", "no-such-id")
    assert code == 1 and err.count("\n") == 1 and "'no-such-id'" in err
    with pytest.raises(SystemExit) as usage:
        main(["--root", str(repo), "diff"])
    assert usage.value.code == 2


def test_log(repo, run_cli):
    short = {tag: git(repo, "rev-parse", "--short=7", tag) for tag in ("v1", "v2", "HEAD")}
    code, out, _err = run_cli("--root", str(repo), "log", "exports_2016")
    assert code == 0
    assert out.splitlines() == [f"{short['v2']}  2024-04-02  Second edition", f"{short['v1']}  2024-03-01  First edition"]
    _code, out, _err = run_cli("--root", str(repo), "log", "imports_2016")
    assert out.splitlines()[0] == f"{short['HEAD']}  2024-05-03  Revise imports; tidy YAML"
    for entry in ("trade_2016", "energy"):  # reformatted in the third commit, same data: not listed
        _code, out, _err = run_cli("--root", str(repo), "log", entry)
        assert short["HEAD"] not in out, entry
    _code, out, _err = run_cli("--root", str(repo), "log", "innovate.platform", "--format", "json")
    data = json.loads(out)
    assert [c["short"] for c in data["commits"]] == [short["v2"], short["v1"]] and data["uncommitted"] is False
    edit(repo / "content" / "sources.yaml", "year: 2017", "year: 2018")
    _code, out, _err = run_cli("--root", str(repo), "log", "customs")
    assert "uncommitted changes" in out.splitlines()[0] and short["v1"] in out.splitlines()[1]


def test_diff_and_log_leave_the_repository_alone(repo, run_cli):
    edit(repo / "content" / "figures.yaml", "value: 2.2", "value: 2.3")  # a dirty work tree, staged and not
    git(repo, "add", "content/figures.yaml")
    edit(repo / "content" / "problems.yaml", "Trade is small", "Trade is still small")
    (repo / "content" / "draft.yaml").write_text("findings: []\n")
    before = [git(repo, *args) for args in (["status", "--porcelain"], ["rev-parse", "HEAD"],
                                            ["branch", "-a"], ["stash", "list"], ["diff", "--cached"])]
    index = (repo / ".git" / "index").read_bytes()
    for argv in (["diff", "v1"], ["diff", "v1", "v2", "--format", "json"], ["log", "trade_growth_2016"],
                 ["log", "small-scale"], ["check"]):
        run_cli("--root", str(repo), *argv)
    after = [git(repo, *args) for args in (["status", "--porcelain"], ["rev-parse", "HEAD"],
                                           ["branch", "-a"], ["stash", "list"], ["diff", "--cached"])]
    assert after == before
    assert (repo / ".git" / "index").read_bytes() == index


def test_project_in_a_repository_subfolder(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    top = tmp_path / "top"
    root = top / "work" / "brief"
    shutil.copytree(MINI, root)
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "one")
    edit(root / "content" / "figures.yaml", "value: 2.2", "value: 2.4")
    git(top, "commit", "-q", "-a", "-m", "two", date="2024-03-02T10:00:00+00:00")
    code, out, _err = run_cli("--root", str(root), "diff", "HEAD~1", "HEAD")
    assert code == 0 and "  ~ trade_growth_2016: Growth of trade (2016): 2.2% → 2.4%" in out
    _code, out, _err = run_cli("--root", str(root), "log", "trade_growth_2016")
    assert [line.split("  ")[-1] for line in out.splitlines()] == ["two", "one"]


def test_word_diff_elides_long_unchanged_runs():
    old = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    new = old.replace("seven", "SEVEN")
    assert word_diff(old, new, context=2) == "… five six [-seven-] {+SEVEN+} eight nine …"


def test_diff_sees_who_acts_when_and_where_a_claim_comes_from(repo, run_cli):
    """The fields that make a brief actionable and faithful (lead, by, anchor; a source's reporter) are
    content too: changing them is a change an official must see."""
    edit(repo / "content" / "findings.yaml", "title: Energy dominates",
         "title: Energy dominates\n    anchor: {at: p. 2, quote: energy is most of what China sells}")
    edit(repo / "content" / "recommendations.yaml", "    title: Keep talking\n",
         "    title: Keep talking\n    lead: MOFCOM\n    by: June 2027\n")
    code, out, _err = run_cli("--root", str(repo), "diff", "HEAD")
    assert code == 0
    assert "anchor: {+at: p. 2; quote: energy is most of what China sells+}" in out
    assert "lead: {+MOFCOM+}" in out and "by: {+June 2027+}" in out
