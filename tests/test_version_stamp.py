"""The content-version stamp, end to end: footer, title block and metadata of the built DOCX and PDF."""
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

from generator.editions import gitinfo  # noqa: E402
from conftest import git  # noqa: E402
from generator.commands.cli import main  # noqa: E402

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def make_repo(path: Path, project: str = "") -> Path:
    """A repository holding the mini project (in ``project`` subfolder if given), one commit, tag v1."""
    path.mkdir(parents=True, exist_ok=True)
    shutil.copytree(MINI, path / project, dirs_exist_ok=True)
    git(path, "init", "-q")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "First edition")
    git(path, "tag", "v1")
    return path / project


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def build(root: Path, out: Path) -> dict:
    assert main(["--root", str(root), "build", "--out", str(out)]) == 0
    pdf, word = PdfReader(io.BytesIO((out / "demo.pdf").read_bytes())), docx.Document(str(out / "demo.docx"))
    return {
        "pdf_text": [page.extract_text() for page in pdf.pages], "pdf_meta": pdf.metadata,
        "footers": [p.text for s in word.sections for p in s.footer.paragraphs],
        "body": [p.text for p in word.paragraphs], "core": word.core_properties,
        "manifest": json.loads((out / "manifest.json").read_text()),
    }


def test_clean_tagged_commit(tmp_path):
    root = make_repo(tmp_path / "repo")
    short = git(root, "rev-parse", "--short=7", "HEAD")
    stamp = f"Content version {short}, tag v1 (2024-03-01)"
    got = build(root, tmp_path / "out")
    assert stamp in got["footers"]
    assert stamp not in got["body"]  # once per page, in the footer: not repeated in the title block
    assert got["core"].version == stamp
    assert got["core"].created.strftime("%Y-%m-%dT%H:%M:%S") == "2024-03-01T10:00:00"
    assert all(stamp in text for text in got["pdf_text"])  # the footer of every page
    assert "uncommitted" not in "".join(got["pdf_text"])
    assert got["pdf_meta"]["/CreationDate"].startswith("D:20240301100000")
    assert got["manifest"]["content_version"] == {"commit": git(root, "rev-parse", "HEAD"), "tag": "v1",
                                                  "dirty": "", "created": "2024-03-01T10:00:00Z"}


def test_stamp_in_pdf_metadata(tmp_path):
    root = make_repo(tmp_path / "repo")
    got = build(root, tmp_path / "out")
    assert "Content version" in str(got["pdf_meta"]["/Keywords"])


def test_uncommitted_changes_are_visible(tmp_path):
    root = make_repo(tmp_path / "repo")
    findings = root / "content" / "findings.yaml"
    findings.write_text(findings.read_text().replace("Trade keeps growing", "Trade keeps on growing"))
    got = build(root, tmp_path / "out")
    assert any("+ uncommitted changes" in line for line in got["footers"])
    assert "uncommitted changes" in got["core"].version
    assert all("uncommitted changes" in text for text in got["pdf_text"])
    assert got["manifest"]["content_version"]["dirty"] == "yes"


@pytest.mark.parametrize("name, dirty", [("content/extra.yaml", True), ("content/local.yaml", True),
                                         ("briefs/other.yaml", True), ("notes.txt", False),
                                         ("out/old.pdf", False)])
def test_untracked_and_ignored_files(tmp_path, name, dirty):
    root = make_repo(tmp_path / "repo")
    (root / ".gitignore").write_text("*.local.yaml\nlocal.yaml\n")
    git(root, "add", ".gitignore")
    git(root, "commit", "-q", "-m", "ignore")
    target = root / name
    target.parent.mkdir(exist_ok=True)
    target.write_text("# nothing\n")
    version = gitinfo.content_version(root)
    assert bool(version["dirty"]) is dirty
    assert ("uncommitted changes" in version["stamp"]) is dirty


def test_not_under_version_control(tmp_path):
    root = tmp_path / "plain"
    shutil.copytree(MINI, root)
    got = build(root, tmp_path / "out")
    assert "Content not under version control" in got["footers"]
    assert got["core"].version == "Content not under version control"
    assert all("Content not under version control" in text for text in got["pdf_text"])
    assert got["manifest"]["content_version"] == {"commit": "", "tag": "", "dirty": "",
                                                  "created": "2000-01-01T00:00:00Z"}


def test_project_in_a_subfolder(tmp_path):
    root = make_repo(tmp_path / "repo", project="policy/briefs-project")
    version = gitinfo.content_version(root)
    assert version["commit"] == git(root, "rev-parse", "HEAD") and version["tag"] == "v1"
    assert not version["dirty"]
    (tmp_path / "repo" / "README").write_text("outside the project\n")
    assert not gitinfo.content_version(root)["dirty"]
    (root / "content" / "figures.yaml").write_text((root / "content" / "figures.yaml").read_text() + "\n")
    assert gitinfo.content_version(root)["dirty"] == "yes"


def test_source_date_epoch(tmp_path, monkeypatch):
    root = make_repo(tmp_path / "repo")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    got = build(root, tmp_path / "out")
    assert got["pdf_meta"]["/CreationDate"].startswith("D:20231114221320")
    assert got["core"].created.strftime("%Y-%m-%dT%H:%M:%S") == "2023-11-14T22:13:20"
    assert got["manifest"]["content_version"]["created"] == "2023-11-14T22:13:20Z"
    assert "(2024-03-01)" in got["core"].version  # the stamp keeps the commit's own date
