"""Located diagnostics: every problem the tool reports has a file, line, column and stable code.

Phases append to a :class:`Diagnostics` collector and keep going, so a run reports
every problem at once (MkDocs-style); the CLI prints them and exits once.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A position in a source file; ``line`` and ``col`` are 1-based (0: unknown)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path


@dataclass(frozen=True)
class Diagnostic:
    """One reported problem. ``code`` is stable (tests and users match on it);
    ``key_path`` is the YAML key path such as ``findings[2].summary``."""

    location: Location
    severity: str  # "error" or "warning"
    code: str
    message: str
    key_path: str = ""
    root_cause: bool = False  # printed before everything else (a file that failed to load)

    def __str__(self) -> str:
        where = f" (at {self.key_path})" if self.key_path else ""
        return f"{self.location}: {self.severity}[{self.code}]: {self.message}{where}"


@dataclass
class Diagnostics:
    """Collects diagnostics across phases."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, code: str, message: str, key_path: str = "") -> None:
        self.items.append(Diagnostic(location, "error", code, message, key_path))

    def warning(self, location: Location, code: str, message: str, key_path: str = "") -> None:
        self.items.append(Diagnostic(location, "warning", code, message, key_path))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def promote_warnings(self) -> None:
        """--strict: every warning fails the run."""
        self.items = [Diagnostic(d.location, "error", d.code, d.message, d.key_path, d.root_cause)
                      for d in self.items]

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics in file order, so output reads top to bottom."""
        return sorted(self.items, key=lambda d: (not d.root_cause, d.location.path, d.location.line,
                                                 d.location.col, d.code))


def relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when inside it, for short, clickable messages."""
    path = Path(os.path.normpath(path))
    try:  # the folder resolved, not the name: a symlink is shown where it is, not where it points
        return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
