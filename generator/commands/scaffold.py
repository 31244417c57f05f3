"""``brief new FOLDER``: a new project with a small example study that builds at once.

The example lives in ``generator/starter/`` (content, one brief, a README and a
.gitignore stored as ``gitignore`` so that it does not apply to this repository).
Nothing is overwritten: the folder must be new or empty.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

STARTER = Path(__file__).resolve().parent.parent / "starter"
RENAMED = {"gitignore": ".gitignore"}


def create_project(folder: Path) -> list[Path]:
    """Copy the starter project into ``folder`` (created if missing); the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(STARTER.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        relative = source.relative_to(STARTER)
        target = folder / relative.parent / RENAMED.get(relative.name, relative.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    return written


def new_command(folder: Path) -> int:
    """Exit 0 with the project made; 2 if ``folder`` exists and is not an empty folder."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        print(f"brief: error: {folder} already exists and is not an empty folder; choose a new one",
              file=sys.stderr)
        return 2
    try:
        written = create_project(folder)
    except OSError as exc:
        print(f"brief: error: cannot create {folder}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"created {os.path.relpath(path)}")
    shown = os.path.relpath(folder)
    print(f"\nNext: brief --root {shown} build   (or cd {shown} && brief watch --serve)")
    return 0
