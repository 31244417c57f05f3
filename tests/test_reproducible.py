"""Reproducible bytes: the same commit, built in two clones at different times, gives identical files."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import git

MAIN = Path(__file__).resolve().parent.parent
MINI = MAIN / "tests" / "fixtures" / "mini"


@pytest.fixture(scope="module")
def origin(tmp_path_factory) -> Path:
    """Two commits; the second changes a figure and adds a "What changed since v1" section."""
    root = tmp_path_factory.mktemp("origin") / "repo"
    shutil.copytree(MINI, root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "First edition")
    git(root, "tag", "v1")
    figures = root / "content" / "figures.yaml"
    figures.write_text(figures.read_text().replace("value: 37.297", "value: 39.5"))
    brief = root / "briefs" / "demo.yaml"
    brief.write_text(brief.read_text().replace("page_budget: 3", "page_budget: 4")
                     + "  - kind: changes\n    since: v1\n")
    git(root, "commit", "-q", "-a", "-m", "Second edition", date="2024-04-02T09:30:00+08:00")
    return root


def build(clone: Path, cwd: Path, out: Path, **env: str) -> dict[str, str]:
    """Build in a fresh interpreter; SHA-256 of every output file."""
    full = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "GIT_DIR", "GIT_WORK_TREE")}
    full.update({"PYTHONPATH": str(MAIN), "GIT_CEILING_DIRECTORIES": str(clone.parent.parent), **env})
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(clone), "build", "--out", str(out)],
                            cwd=cwd, env=full, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in out.iterdir())
    assert files == ["demo.docx", "demo.pdf", "manifest.json"]
    return {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in files}


def clone(origin: Path, where: Path, mtime: float) -> Path:
    where.parent.mkdir(parents=True)
    git(where.parent, "clone", "-q", str(origin), where.name)
    for path in where.rglob("*"):
        if ".git" not in path.parts:
            os.utime(path, (mtime, mtime))
    return where


def test_two_clones_at_different_times_give_identical_bytes(origin, tmp_path):
    a = clone(origin, tmp_path / "a" / "brief", 1_000_000_000)
    b = clone(origin, tmp_path / "somewhere" / "else" / "entirely" / "clone-b", 1_900_000_000)
    first = build(a, cwd=a, out=a / "out", PYTHONHASHSEED="0", TZ="UTC")  # output inside the repo
    time.sleep(1.1)
    second = build(b, cwd=tmp_path, out=tmp_path / "elsewhere-out", PYTHONHASHSEED="0", TZ="Asia/Shanghai")
    assert first == second
    manifest = json.loads((a / "out" / "manifest.json").read_text())
    assert manifest["briefs"]["demo"]["files"] == {k: v for k, v in first.items() if k != "manifest.json"}
    assert manifest["content_version"] == {"commit": git(a, "rev-parse", "HEAD"), "tag": "", "dirty": "",
                                           "created": "2024-04-02T01:30:00Z"}
    assert str(tmp_path) not in (a / "out" / "manifest.json").read_text()
    assert git(a, "status", "--porcelain", "--", "content", "briefs") == ""


def test_source_date_epoch_is_the_only_clock(origin, tmp_path):
    a = clone(origin, tmp_path / "a" / "brief", 1_000_000_000)
    plain = build(a, cwd=a, out=tmp_path / "o1", PYTHONHASHSEED="0")
    pinned = build(a, cwd=a, out=tmp_path / "o2", PYTHONHASHSEED="0", SOURCE_DATE_EPOCH="1700000000")
    again = build(a, cwd=a, out=tmp_path / "o3", PYTHONHASHSEED="0", SOURCE_DATE_EPOCH="1700000000")
    assert pinned == again
    assert pinned["demo.pdf"] != plain["demo.pdf"] and pinned["demo.docx"] != plain["demo.docx"]
    assert json.loads((tmp_path / "o2" / "manifest.json").read_text())["content_version"]["created"] == \
        "2023-11-14T22:13:20Z"


def test_builds_do_not_depend_on_hash_seed(origin, tmp_path):
    """Set iteration order varies per process: nothing in the output may follow it."""
    a = clone(origin, tmp_path / "a" / "brief", 1_000_000_000)
    one = build(a, cwd=a, out=tmp_path / "o1", PYTHONHASHSEED="1")
    two = build(a, cwd=a, out=tmp_path / "o2", PYTHONHASHSEED="2")
    assert one == two
