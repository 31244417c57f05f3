"""``brief log ID``: the commits that changed one item, part, figure, source or chart, newest first.

Every commit that touched ``content/`` is checked: the entry's loaded YAML data
(not its text) at the commit is compared with its first parent's, so moving or
reformatting other entries, or re-indenting this one, does not count.
"""
from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from generator.load.content import TOP_LEVEL, content_file_order
from generator.diagnostics import Diagnostics
from generator.editions.gitinfo import git_raw
from generator.load.safefs import MAX_YAML_BYTES, UnsafeFile, read_regular
from generator.load.yamlload import decode, parse_yaml
from generator.editions.revisions import BlobReader, RevisionError, list_tree, require_repo

SECTIONS = tuple(TOP_LEVEL)


def entries_of(data: Any) -> dict[str, Any]:
    """ID → data of every entry in one parsed content file (recommendation parts included)."""
    found: dict[str, Any] = {}
    if not isinstance(data, dict):
        return found
    for section in SECTIONS:
        for entry in data.get(section) or []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                found.setdefault(entry["id"], entry)
                for part in entry.get("parts") or [] if section == "recommendations" else []:
                    if isinstance(part, dict) and isinstance(part.get("id"), str):
                        found.setdefault(part["id"], part)
    return found


def parse(text: bytes) -> dict[str, Any]:
    """Entries of one content file as it was at some commit, through the same safe, bounded loader
    as the build (a broken old file has no entries)."""
    diags = Diagnostics()
    source = decode(text, "old", diags)
    return entries_of(parse_yaml(source, "old", diags)) if source is not None else {}


class ContentIndex:
    """Entries of ``content/`` per commit, parsing each blob once."""

    def __init__(self, root: Path, prefix: str):
        self.root, self.prefix = root, prefix
        self.reader = BlobReader(root)
        self.by_blob: dict[str, dict[str, Any]] = {}
        self.by_commit: dict[str, dict[str, Any]] = {}

    def at(self, commit: str) -> dict[str, Any]:
        if commit not in self.by_commit:
            files = dict(list_tree(self.root, commit, "content", self.prefix))
            oids = [files[n] for n in content_file_order(list(files))]
            blobs = self.reader.read([o for o in oids if o not in self.by_blob])
            self.by_blob.update({oid: parse(data) for oid, data in blobs.items()})
            merged: dict[str, Any] = {}
            for oid in oids:
                for key, value in self.by_blob[oid].items():
                    merged.setdefault(key, value)
            self.by_commit[commit] = merged
        return self.by_commit[commit]


def work_tree_entries(root: Path) -> dict[str, Any]:
    folder = root / "content"
    merged: dict[str, Any] = {}
    for name in content_file_order([p.name for p in folder.glob("*.y*ml")] if folder.is_dir() else []):
        try:
            data = read_regular(folder / name, MAX_YAML_BYTES, root)
        except UnsafeFile:
            continue  # `brief check` reports it
        for key, value in parse(data).items():
            merged.setdefault(key, value)
    return merged


def history(root: Path, entry_id: str) -> tuple[list[dict[str, str]], bool, bool]:
    """(commits that changed ``entry_id``, newest first; whether it was ever found; whether the work tree
    differs from HEAD for it)."""
    prefix = require_repo(root)
    out = git_raw(root, "log", "--no-merges", "-z", "--format=%H%x1f%P%x1f%ct%x1f%s", "--", "content")
    if out is None:
        raise RevisionError("the repository has no commits yet")
    index, commits, seen = ContentIndex(root, prefix), [], False
    for record in out.decode("utf-8", "replace").split("\0"):
        fields = record.strip("\n").split("\x1f")
        if len(fields) != 4:
            continue
        commit, parents, stamp, subject = fields
        now = index.at(commit).get(entry_id)
        before = index.at(parents.split()[0]).get(entry_id) if parents else None
        seen = seen or now is not None or before is not None
        if now != before:
            date = datetime.fromtimestamp(int(stamp), timezone.utc).strftime("%Y-%m-%d")
            commits.append({"commit": commit, "short": commit[:7], "date": date, "subject": subject})
    current = work_tree_entries(root).get(entry_id)
    head = git_raw(root, "rev-parse", "--verify", "-q", "HEAD")
    committed = index.at(head.decode().strip()).get(entry_id) if head else None
    return commits, seen or current is not None, current != committed


def log_command(root: Path, entry_id: str, fmt: str) -> int:
    """``brief log ID``: exit 0, or 1 with a one-line error."""
    try:
        commits, known, dirty = history(root, entry_id)
    except RevisionError as exc:
        print(f"brief: error: {exc}", file=sys.stderr)
        return 1
    if not known:
        print(f"brief: error: no item, part, figure, source or chart {entry_id!r} in content/, now or in any "
              "commit", file=sys.stderr)
        return 1
    if fmt == "json":
        print(json.dumps({"id": entry_id, "uncommitted": dirty, "commits": commits}, indent=2, ensure_ascii=False))
        return 0
    if dirty:
        print(f"{'-------':7}  {'':10}  (uncommitted changes in the working tree)")
    for c in commits:
        print(f"{c['short']}  {c['date']}  {c['subject']}")
    if not commits and not dirty:
        print(f"no commits changed {entry_id!r}")
    return 0
