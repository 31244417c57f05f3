"""What `brief check` and `brief list` load: nothing of the writers' libraries (reportlab, python-docx, lxml,
pypdf, pikepdf) and no process pool (multiprocessing, concurrent.futures) where everything runs in one
process. Each imported module costs start-up time on every run (tests/benchmark.py prints it)."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
WRITER_LIBRARIES = ("reportlab", "docx", "lxml", "pypdf", "pikepdf")
POOL = ("multiprocessing", "concurrent.futures")
PROBE = ("import runpy, sys\n"
         "sys.argv = ['brief'] + sys.argv[1:]\n"
         "try:\n    runpy.run_module('generator', run_name='__main__')\n"
         "except SystemExit as exc:\n    code = exc.code\n"
         "print(code, sorted(m for m in sys.modules if m.split('.')[0] in {names} or m in {names}), file=sys.stderr)")


def _loaded(*args: str, names: tuple[str, ...], env: dict[str, str] | None = None) -> tuple[int, list[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(names=set(names)), *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120, env=env)
    code, _, modules = done.stderr.strip().splitlines()[-1].partition(" ")
    return int(code), ast.literal_eval(modules)  # the list of module names the probe printed


@pytest.mark.parametrize("command", ["check", "list"])
def test_checking_and_listing_load_no_writer_library_and_no_process_pool(command):
    code, modules = _loaded("--root", str(REPO), command, names=WRITER_LIBRARIES + POOL)
    assert code == 0
    assert modules == []


def test_the_probe_sees_what_a_build_loads(tmp_path):
    """The same probe finds reportlab after a PDF build written in-process (``BRIEF_WORKERS=1``; else its writer
    process loads it), so an empty list above means something; and such a build, with no process to fork,
    loads no process pool either."""
    code, modules = _loaded("--root", str(REPO / "tests" / "fixtures" / "mini"), "build", "--format", "pdf",
                            "--out", str(tmp_path), names=("reportlab", *POOL),
                            env={**os.environ, "BRIEF_WORKERS": "1"})
    assert code == 0
    assert "reportlab" in modules
    assert [m for m in modules if m.split(".")[0] in ("multiprocessing", "concurrent")] == []
