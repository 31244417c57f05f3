"""The bounds behind tests/test_hostile.py, in-process: what they keep and what they refuse (issue 10)."""
from __future__ import annotations

import io
import os
import zipfile

import pytest

from generator import model as m
from generator.render.markdown import bound_brackets, to_blocks
from generator.load.safefs import UnsafeFile, read_regular


def _paragraph(markdown: str) -> tuple:
    blocks, _notes = to_blocks(markdown, lambda cid: None)
    assert len(blocks) == 1 and isinstance(blocks[0], m.Paragraph)
    return blocks[0].children


def test_bracket_floods_stay_literal_text():
    for flood in ("[" * 5000, "[a" * 3000, "[^" * 3000, "[a][" * 2000):
        assert _paragraph(flood) == (m.Text(flood),)


def test_links_and_notes_in_a_paragraph_of_many_brackets_still_work():
    text = " ".join(f"[link {i}](https://example.org/{i})" for i in range(12)) + " and [an open one"
    children = _paragraph(text)
    links = [c for c in children if isinstance(c, m.Link)]
    assert [link.url for link in links] == [f"https://example.org/{i}" for i in range(12)]
    assert m.plain_text(children).endswith("and [an open one")


def test_ordinary_markdown_is_not_touched():
    text = "A [link](https://x.org), a note[^src] and [brackets] in text.\n\n| a [b] |\n|---|\n| [c](https://y.org) |\n"
    assert bound_brackets(text) == text


def test_read_regular_refuses_what_is_not_a_regular_file_inside(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    (tmp_path / "secret").write_text("x")
    os.symlink(tmp_path / "secret", project / "link")
    os.mkfifo(project / "fifo")
    (project / "dir").mkdir()
    (project / "big").write_bytes(b"x" * 101)
    (project / "ok").write_bytes(b"fine")
    os.symlink("ok", project / "inner-link")
    cases = {"link": "path-outside", "fifo": "file-kind", "dir": "file-kind", "big": "file-too-large",
             "missing": "io"}
    for name, code in cases.items():
        with pytest.raises(UnsafeFile) as caught:
            read_regular(project / name, 100, project)
        assert caught.value.code == code, name
    assert read_regular(project / "ok", 100, project) == b"fine"
    assert read_regular(project / "inner-link", 100, project) == b"fine"
    with pytest.raises(UnsafeFile) as caught:
        read_regular(project / "inner-link", 100, project, follow=False)
    assert caught.value.code == "file-kind"
    with pytest.raises(UnsafeFile):
        read_regular("/dev/zero", 100)


def _docx(rels: dict[str, str], parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in {**parts, **rels}.items():
            archive.writestr(name, text)
    return out.getvalue()


R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
RELS = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>'


def test_external_relationships_and_their_references_are_stripped():
    from generator.writers.reference_docx import strip_external

    settings = f'<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" {R}>' \
               '<w:attachedTemplate r:id="rId9"/><w:zoom w:percent="100"/></w:settings>'
    data = _docx({"word/_rels/settings.xml.rels": RELS.format(
        '<Relationship Id="rId9" Type="t" Target="https://evil.example/x.dotm" TargetMode="External"/>'
        '<Relationship Id="rId1" Type="t" Target="local.xml"/>')}, {"word/settings.xml": settings})
    clean, removed = strip_external(data)
    assert removed == ["https://evil.example/x.dotm"]
    with zipfile.ZipFile(io.BytesIO(clean)) as archive:
        assert b"evil" not in archive.read("word/_rels/settings.xml.rels")
        assert b"local.xml" in archive.read("word/_rels/settings.xml.rels")
        cleaned = archive.read("word/settings.xml")
        assert b"attachedTemplate" not in cleaned and b"zoom" in cleaned


def test_a_reference_without_external_relationships_keeps_its_bytes():
    from generator.writers.reference_docx import strip_external

    data = _docx({"word/_rels/document.xml.rels": RELS.format('<Relationship Id="a" Type="t" Target="x.xml"/>')},
                 {"word/document.xml": "<doc/>"})
    assert strip_external(data) == (data, [])


def test_every_git_call_overrides_settings_that_run_programs():
    from generator.editions.gitinfo import NEUTRAL_CONFIG, git_env

    env = git_env({"filter.evil.clean": ""})
    pairs = {env[f"GIT_CONFIG_KEY_{i}"]: env[f"GIT_CONFIG_VALUE_{i}"] for i in range(int(env["GIT_CONFIG_COUNT"]))}
    assert pairs["core.fsmonitor"] == "false" and pairs["filter.evil.clean"] == ""
    assert set(NEUTRAL_CONFIG) <= set(pairs)
    assert env["GIT_CONFIG_NOSYSTEM"] == "1" and env["GIT_CONFIG_GLOBAL"] == os.devnull


@pytest.mark.parametrize("rev, ok", [("v1", True), ("main~2", True), ("HEAD@{1}", True), ("a1b2c3d", True),
                                     ("--output=x", False), ("-p", False), ("HEAD --x", False), ("a\nb", False),
                                     ("", False)])
def test_revisions_must_look_like_revisions(rev, ok):
    from generator.editions.revisions import SAFE_REVISION

    assert bool(SAFE_REVISION.match(rev)) == ok


def test_budgets_nest_and_the_inner_one_is_never_longer():
    import math
    import time

    from generator.render.sandbox import Budget, TimeBudgetExceeded

    budget = Budget(time.process_time() + 100)
    with budget.limit(1000):
        assert budget.deadline <= time.process_time() + 100
    with budget.limit(0):
        with pytest.raises(TimeBudgetExceeded):
            t = time.process_time()
            while time.process_time() == t:
                pass
            budget.tick()
    assert Budget().deadline == math.inf


def test_briefs_after_the_run_budget_is_spent_are_located_errors(mini, run_cli, monkeypatch):
    """The run's template CPU budget is shared: once spent, each brief left says so where it is defined."""
    from generator.render import compose

    monkeypatch.setattr(compose, "RUN_SECONDS", -1.0)  # spent before the first brief
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1
    assert "briefs/demo.yaml:1:1: error[template-time]: brief 'demo' was not rendered" in err


def test_a_folder_of_yaml_files_over_the_total_is_one_located_error(tmp_path):
    """Each file may be under the one-file limit while the folder is not: nothing of it is read."""
    from generator.diagnostics import Diagnostics
    from generator.load.content import load_content
    from generator.load.safefs import MAX_PROJECT_YAML_BYTES, MAX_YAML_BYTES

    content = tmp_path / "content"
    content.mkdir()
    line = "# padding\n"
    for index in range(MAX_PROJECT_YAML_BYTES // MAX_YAML_BYTES + 1):
        (content / f"f{index}.yaml").write_text("findings: []\n" + line * ((MAX_YAML_BYTES - 20) // len(line)))
    total = sum(f.stat().st_size for f in content.iterdir())
    assert all(f.stat().st_size <= MAX_YAML_BYTES for f in content.iterdir()) and total > MAX_PROJECT_YAML_BYTES
    diags = Diagnostics()
    loaded = load_content(content, tmp_path, diags)
    assert [str(d) for d in diags.items] == [
        f"content:1:1: error[file-too-large]: the .yaml files in content hold {total:,} bytes, more than the "
        "2,000,000 a folder may hold"]
    assert loaded.items == {}
