"""mypy, configured in pyproject.toml ([tool.mypy]), is clean on generator/: CI runs it through pytest."""
from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO

pytest.importorskip("mypy", reason="mypy is in the test extra")


def _mypy(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"),
                           "--config-file", str(REPO / "pyproject.toml"), *args],
                          cwd=REPO, capture_output=True, text=True)


def test_generator_is_clean_under_mypy(tmp_path):
    result = _mypy(tmp_path)  # the files come from the configuration: generator/
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues found" in result.stdout and "source files" in result.stdout


def test_the_configuration_reports_an_error_inside_an_unannotated_function(tmp_path):
    """The negative control: the same configuration does report errors, including in functions without
    annotations (check_untyped_defs), and an unneeded ``# type: ignore`` (warn_unused_ignores)."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    return 1 + 'a'\n\n\nx: int = 1  # type: ignore\n")
    result = _mypy(tmp_path, str(bad))
    assert result.returncode == 1, result.stdout
    assert "bad.py:2:" in result.stdout and "[operator]" in result.stdout
    assert "bad.py:5:" in result.stdout and "[unused-ignore]" in result.stdout
