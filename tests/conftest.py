"""Shared test helpers: a copy of a fixture project, the CLI run in-process, and output readers."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
REPO = TESTS.parent
sys.path[:0] = [str(TESTS), str(REPO)]


def git(cwd: Path, *args: str, date: str = "2024-03-01T10:00:00+00:00") -> str:
    """Run git in ``cwd`` with a fixed identity and date and no user configuration; its output."""
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}
    for key in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(key, None)
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "init.defaultBranch=main", *args], cwd=cwd, env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in a file, failing if ``old`` is not there (a silent no-op edit would
    make the test that relies on it pass for the wrong reason)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def flat(text: str) -> str:
    """Text with every run of whitespace as one space (line breaks differ between readers)."""
    import re

    return re.sub(r"\s+", " ", text).strip()


# Mutations: each returns a function that changes one file in a copy of a project (tests apply them to
# a fresh copy, so one table of cases can list many broken projects).
def write(target: str, data: str | bytes):
    """A mutation that writes ``data`` (UTF-8 if text) to ``target``, creating its folders."""
    def mutate(root: Path) -> None:
        path = root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return mutate


def replace(target: str, old: str, new: str):
    """A mutation that replaces the first ``old`` in ``target`` by ``new``, failing if ``old`` is absent."""
    def mutate(root: Path) -> None:
        path = root / target
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {target}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return mutate


def soffice_convert(sources: list[Path], fmt: str, outdir: Path, timeout: int = 180,
                    env: dict[str, str] | None = None) -> None:
    """Convert files with LibreOffice (headless, a throw-away profile in ``outdir``) into ``outdir``; the
    test is skipped where LibreOffice is missing, except in CI, where it fails."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is required in CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    subprocess.run([soffice, f"-env:UserInstallation={(outdir / 'profile').as_uri()}", "--headless",
                    "--convert-to", fmt, "--outdir", str(outdir), *map(str, sources)],
                   check=True, timeout=timeout, capture_output=True, env=env)


@pytest.fixture(scope="session")
def bundled_briefs(tmp_path_factory) -> Path:
    """The bundled briefs built once per test session in every format (read them, never change them)."""
    from generator.commands.cli import main

    out = tmp_path_factory.mktemp("bundled")
    assert main(["--root", str(REPO), "build", "--format", "docx", "--format", "pdf", "--format", "html",
                 "--format", "md", "--out", str(out)]) == 0
    return out


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/mini (a complete, small project)."""
    target = tmp_path / "mini"
    shutil.copytree(TESTS / "fixtures" / "mini", target)
    return target


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """A writable copy of the bundled study (its content and briefs), in a folder outside any repository."""
    target = tmp_path / "study"
    for folder in ("content", "briefs"):
        shutil.copytree(REPO / folder, target / folder)
    return target


@pytest.fixture
def run_cli(capsys):
    """Run ``brief ARGS`` in-process; returns (exit code, stdout, stderr)."""
    from generator.commands.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
        out, err = capsys.readouterr()
        return code, out, err

    return run


def pdf_text(data: bytes) -> list[str]:
    """The text of each page of a PDF, as pypdf extracts it."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def docx_text(data: bytes) -> str:
    """Body paragraphs and table cells of a DOCX, in document order, one per line."""
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in block.iter("{*}t")))
        elif tag == "tbl":
            for cell in block.iter("{*}tc"):
                lines.append("".join(t.text or "" for t in cell.iter("{*}t")))
    return "\n".join(lines)


def docx_part(data: bytes, name: str) -> str:
    """One part of a DOCX package as text (e.g. word/footnotes.xml)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")
