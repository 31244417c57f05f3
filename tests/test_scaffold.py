"""``brief new``: a new project that builds at once, and never overwrites anything."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import docx_text, pdf_text

REPO = Path(__file__).resolve().parent.parent


def brief(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "HOME": str(cwd)})


def test_new_project_builds_at_once(tmp_path: Path):
    made = brief("new", "demo", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    demo = tmp_path / "demo"
    assert sorted(p.relative_to(demo).as_posix() for p in demo.rglob("*") if p.is_file()) == [
        ".gitignore", "README.md", "briefs/example.yaml", "content/charts.yaml", "content/figures.yaml",
        "content/findings.yaml", "content/problems.yaml", "content/recommendations.yaml", "content/sources.yaml"]
    assert "out/" in (demo / ".gitignore").read_text().splitlines()
    built = brief("--root", "demo", "build", "--strict", "--format", "docx", "--format", "pdf", "--format", "html",
                  cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "warning" not in built.stderr  # the example is clean: nothing unused, no mismatches
    assert sorted(p.name for p in (demo / "out").iterdir()) == ["example.docx", "example.html", "example.pdf",
                                                                 "manifest.json"]
    html = (demo / "out" / "example.html").read_text()
    assert "<h1>Regional trade at a glance</h1>" in html and "12.4 billion US dollars" in html
    assert "up 10.7%" in html  # computed, not typed: (12.4 - 11.2) / 11.2
    for text in (" ".join(pdf_text((demo / "out" / "example.pdf").read_bytes())),
                 docx_text((demo / "out" / "example.docx").read_bytes())):  # the reader's copies say the same
        assert "Regional trade at a glance" in text and "12.4 billion US dollars" in text and "up 10.7%" in text


def test_new_refuses_a_folder_with_files(tmp_path: Path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    done = brief("new", "taken", cwd=tmp_path)
    assert done.returncode == 2
    assert "taken already exists and is not an empty folder" in done.stderr
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]
    (tmp_path / "empty").mkdir()
    assert brief("new", "empty", cwd=tmp_path).returncode == 0
