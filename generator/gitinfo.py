"""Which content version a brief is built from, read from git without touching the work tree.

Only read-only git commands run here (``GIT_OPTIONAL_LOCKS=0`` keeps even
``git status`` from refreshing the index). The project root may be a subfolder
of the repository; pathspecs are then relative to it.
"""
from __future__ import annotations

import os
import subprocess
from datetime import datetime, timezone
from fnmatch import fnmatch
from pathlib import Path

from generator.model import FALLBACK_CREATED, created_utc

TRACKED = ("content", "briefs", "templates", "assets", "translations")  # translations: a project's terms files
# Ignored files the build still reads: they make a build differ from its commit.
READ_PATTERNS = ("content/*.yaml", "content/*.yml", "briefs/*.yaml", "templates/*", "assets/*",
                 "translations/*.yaml")
FALLBACK = created_utc(FALLBACK_CREATED)
_ENV_DROP = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX")


def git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _ENV_DROP}
    return {**env, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}


def git_raw(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """Raw stdout of a read-only git command in ``root``, or None if git or the repository is missing."""
    try:
        result = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, timeout=60,
                                env=git_env())
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def git(root: Path, *args: str) -> str | None:
    """Output of a read-only git command in ``root`` (stripped text), or None on failure."""
    out = git_raw(root, *args)
    return None if out is None else out.decode("utf-8", "replace").strip()


def repo_prefix(root: Path) -> str | None:
    """``root`` relative to its repository's top ("" or "sub/dir/"), or None outside a repository."""
    if not root.is_dir():
        return None
    inside = git(root, "rev-parse", "--is-inside-work-tree")
    if inside != "true":
        return None
    return git(root, "rev-parse", "--show-prefix") or ""


def human_date(moment: datetime) -> str:
    """29 November 2026."""
    return f"{moment.day} {moment.strftime('%B %Y')}"


def epoch_moment() -> datetime | None:
    """SOURCE_DATE_EPOCH as a UTC datetime, or None when unset or not a plausible timestamp."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    try:
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def uncommitted(root: Path, prefix: str) -> list[str]:
    """Paths (relative to ``root``) under the tracked folders that differ from HEAD: modified, staged,
    deleted, untracked, or ignored-but-read (an ignored ``content/*.yaml`` still changes the build)."""
    out = git_raw(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=matching",
                  "--no-renames", "--", *TRACKED)
    if out is None:
        return []
    changed = []
    for entry in out.decode("utf-8", "replace").split("\0"):
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        path = path[len(prefix):] if prefix and path.startswith(prefix) else path
        if code == "!!" and not any(fnmatch(path, pattern) for pattern in READ_PATTERNS):
            continue
        changed.append(path)
    return changed


def content_version(root: Path) -> dict[str, str]:
    """The stamp, commit, tag and the timestamp documents carry.

    ``created`` and ``date_text`` come from SOURCE_DATE_EPOCH when set, else from
    the commit; the stamp's date is always the commit's own date. Outside a
    repository ``created`` is a fixed date and ``date_text`` empty: never the clock.
    """
    prefix = repo_prefix(root)
    commit = git(root, "rev-parse", "--verify", "-q", "HEAD^{commit}") if prefix is not None else None
    info: dict[str, str] = {"commit": commit or "", "short": (commit or "")[:7], "tag": "", "dirty": "",
                            "date": ""}
    moment = None
    if commit:
        stamp = git(root, "log", "-1", "--format=%ct", commit) or ""
        moment = datetime.fromtimestamp(int(stamp), timezone.utc) if stamp.isdigit() else FALLBACK
        info["date"] = f"{moment:%Y-%m-%d}"
        tags = sorted((git(root, "tag", "--points-at", commit) or "").split())
        info["tag"] = ", ".join(tags)
    if prefix is not None:
        info["dirty"] = "yes" if (uncommitted(root, prefix) or not commit) else ""
    created = epoch_moment() or moment
    info["created"] = (created or FALLBACK).strftime("%Y-%m-%dT%H:%M:%SZ")
    info["date_text"] = human_date(created) if created else ""
    if prefix is None:
        info["stamp"] = "Content not under version control"
    elif not commit:
        info["stamp"] = "Content not yet committed (uncommitted changes)"
    else:
        tag = f", tag{'s' if ',' in info['tag'] else ''} {info['tag']}" if info["tag"] else ""
        dirty = " + uncommitted changes" if info["dirty"] else ""
        info["stamp"] = f"Content version {info['short']}{tag} ({info['date']}){dirty}"
    return info
