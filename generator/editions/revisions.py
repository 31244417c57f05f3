"""Reading a project as it was at a git revision, without touching the work tree, index, HEAD or branches.

A revision's ``content/`` and ``briefs/`` files are read with ``git ls-tree`` and
``git cat-file`` and written into a temporary folder, where the ordinary loaders
read them. Everything here is read-only on the repository.
"""
from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.load.briefs import Brief, load_briefs
from generator.figures.compute import compute_figures
from generator.load.content import Content, load_content
from generator.diagnostics import Diagnostics
from generator.figures.operations import Figure
from generator.editions.gitinfo import git, git_raw, repo_prefix
from generator.load.safefs import MAX_YAML_BYTES

FOLDERS = ("content", "briefs")
# A revision as users type one (v1, main~2, 1a2b3c4, origin/main, HEAD@{1}): never an option, a path or a newline.
SAFE_REVISION = re.compile(r"(?!-)[A-Za-z0-9_.@{}^~/+-]{1,200}\Z")
_HEX = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?\Z")
WORK_TREE = "working tree"


class RevisionError(Exception):
    """A revision that cannot be read: not a repository, unknown revision. The message is one line."""


@dataclass
class Snapshot:
    """A project's content, computed figures and briefs at one revision (or in the work tree)."""

    label: str  # what the user typed, or "working tree"
    commit: str  # full hash; "" for the work tree
    content: Content
    figures: dict[str, Figure]
    briefs: dict[str, Brief]
    diags: Diagnostics = field(default_factory=Diagnostics)

    @property
    def name(self) -> str:
        return self.label if not self.commit or self.label.startswith(self.commit[:7]) else \
            f"{self.label} ({self.commit[:7]})"


def require_repo(root: Path) -> str:
    """The project's prefix inside its repository; RevisionError outside one."""
    prefix = repo_prefix(root)
    if prefix is None:
        raise RevisionError(f"{root} is not inside a git repository")
    return prefix


def resolve(root: Path, rev: str) -> str:
    """The full commit hash ``rev`` names; RevisionError if it names none."""
    require_repo(root)
    commit = git(root, "rev-parse", "--verify", "-q", "--end-of-options", f"{rev}^{{commit}}") \
        if SAFE_REVISION.match(rev) else None
    if not commit or not _HEX.match(commit):
        raise RevisionError(f"unknown revision {rev!r}")
    return commit


def list_tree(root: Path, commit: str, folder: str, prefix: str) -> list[tuple[str, str]]:
    """(name, blob id) of the regular files directly in ``folder`` at ``commit``; [] if it is absent."""
    out = git_raw(root, "ls-tree", "-z", "-l", "--full-tree", "--end-of-options", f"{commit}:{prefix}{folder}")
    entries = []
    for line in (out or b"").decode("utf-8", "replace").split("\0"):
        meta, _tab, name = line.partition("\t")
        parts = meta.split()
        if len(parts) == 4 and parts[1] == "blob" and parts[0] in ("100644", "100755") and "/" not in name:
            if not parts[3].isdigit() or int(parts[3]) > MAX_YAML_BYTES:
                raise RevisionError(f"{folder}/{name} at {commit[:7]} is larger than {MAX_YAML_BYTES:,} bytes")
            entries.append((name, parts[2]))
    return entries


class BlobReader:
    """Reads blobs by ID through one ``git cat-file --batch`` call per request, with a cache."""

    def __init__(self, root: Path):
        self.root = root
        self.cache: dict[str, bytes] = {}

    def read(self, oids: list[str]) -> dict[str, bytes]:
        missing = [o for o in dict.fromkeys(oids) if o not in self.cache]
        if missing:
            out = git_raw(self.root, "cat-file", "--batch", stdin=("\n".join(missing) + "\n").encode())
            if out is None:
                raise RevisionError("git cat-file failed")
            pos = 0
            for _ in missing:
                end = out.index(b"\n", pos)
                oid, _kind, size = out[pos:end].decode().split()
                self.cache[oid] = out[end + 1:end + 1 + int(size)]
                pos = end + 2 + int(size)
        return {o: self.cache[o] for o in oids}


_SAFE_NAME = re.compile(r"[^/\\\0]+\Z")


def materialise(root: Path, commit: str, target: Path, reader: BlobReader | None = None,
                folders: tuple[str, ...] = FOLDERS) -> None:
    """Write ``content/`` and ``briefs/`` (top-level files only, all the loaders read), or other ``folders``,
    of ``commit`` into ``target``."""
    prefix = require_repo(root)
    reader = reader or BlobReader(root)
    for folder in folders:
        entries = [(n, o) for n, o in list_tree(root, commit, folder, prefix)
                   if _SAFE_NAME.match(n) and n not in (".", "..")]
        blobs = reader.read([o for _n, o in entries])
        (target / folder).mkdir(parents=True, exist_ok=True)
        for name, oid in entries:
            (target / folder / name).write_bytes(blobs[oid])


def load_project(folder: Path, label: str, commit: str) -> Snapshot:
    """Load, compute and select-ready a project folder (a materialised revision or the work tree)."""
    diags = Diagnostics()
    content = load_content(folder / "content", folder, diags)
    briefs = load_briefs(folder / "briefs", folder, diags)
    figures, _checks = compute_figures(content, diags)
    return Snapshot(label, commit, content, figures, briefs, diags)


def at_revision(root: Path, rev: str) -> Snapshot:
    """The project as committed at ``rev``."""
    commit = resolve(root, rev)
    with tempfile.TemporaryDirectory(prefix="brief-rev-") as tmp:
        materialise(root, commit, Path(tmp))
        return load_project(Path(tmp), rev, commit)


def work_tree(root: Path) -> Snapshot:
    """The project as it is on disk now."""
    return load_project(root, WORK_TREE, "")


def snapshot(root: Path, rev: str | None) -> Snapshot:
    """``rev`` or, when None, the work tree."""
    return work_tree(root) if rev is None else at_revision(root, rev)
