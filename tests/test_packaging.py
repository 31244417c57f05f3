"""What an installed (non-editable) copy of the tool carries: every data file under generator/."""
from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath

from conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def packaged(patterns: list[str], relative: str) -> bool:
    """setuptools' package-data globs: ``*`` stays inside one folder."""
    return any(PurePosixPath(relative).match(p) and len(Path(relative).parts) == len(Path(p).parts)
               for p in patterns)


def test_every_data_file_of_the_package_is_in_package_data():
    patterns = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["generator"]
    root = REPO / "generator"
    data = sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts)
    assert data, "the package has data files (templates, fonts, terms)"
    assert [f for f in data if not packaged(patterns, f)] == []
    assert not packaged(["templates/*"], "templates/sections/items.md.j2")  # the check can fail
