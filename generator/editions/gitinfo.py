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
_ENV_DROP = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_EXTERNAL_DIFF", "GIT_CONFIG",
             "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_EXEC_PATH", "GIT_ASKPASS", "GIT_SSH_COMMAND")
# A repository's own .git/config may come from anyone (a shared folder, an unpacked archive): every
# setting that makes a read-only command run a program is overridden, with the command line's precedence.
NEUTRAL_CONFIG = {
    "core.fsmonitor": "false", "core.hooksPath": os.devnull, "core.pager": "cat", "core.editor": "true",
    "core.sshCommand": "false", "core.askPass": "", "core.untrackedCache": "false", "core.splitIndex": "false",
    "log.showSignature": "false", "status.submoduleSummary": "false", "submodule.recurse": "false",
    "diff.external": "", "protocol.allow": "never", "credential.helper": "", "gpg.program": "false",
}
_FILTER_KEYS = ("clean", "smudge", "process")  # filter drivers git status may run on changed files


def git_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every git call: no system or user configuration, no pager, no prompts, and
    NEUTRAL_CONFIG (plus ``extra``) given as command-line configuration."""
    env = {k: v for k, v in os.environ.items() if k not in _ENV_DROP and not k.startswith("GIT_CONFIG_")}
    config = {**NEUTRAL_CONFIG, **(extra or {})}
    env.update({"GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_CONFIG_GLOBAL": os.devnull, "GIT_PAGER": "cat", "PAGER": "cat", "GIT_ATTR_NOSYSTEM": "1",
                "GIT_CONFIG_COUNT": str(len(config))})
    for index, (key, value) in enumerate(config.items()):
        env[f"GIT_CONFIG_KEY_{index}"], env[f"GIT_CONFIG_VALUE_{index}"] = key, value
    return env


_filter_overrides: dict[str, dict[str, str]] = {}


def filter_overrides(root: Path) -> dict[str, str]:
    """Empty commands for every filter driver the repository's configuration names (``filter.X.clean``):
    ``git status`` would otherwise run them on files whose timestamps changed."""
    key = str(root)
    if key not in _filter_overrides:
        try:
            out = subprocess.run(["git", "--no-pager", "-C", key, "config", "--null", "--name-only", "--get-regexp",
                                  r"^filter\."], capture_output=True, timeout=30, env=git_env()).stdout
        except (OSError, subprocess.SubprocessError):
            out = b""
        drivers = {name.rpartition(".")[0] for name in out.decode("utf-8", "replace").split("\0") if name}
        _filter_overrides[key] = {f"{driver}.{k}": "" for driver in sorted(drivers) for k in _FILTER_KEYS}
    return _filter_overrides[key]


def git_raw(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """Raw stdout of a read-only git command in ``root``, or None if git or the repository is missing."""
    try:
        result = subprocess.run(["git", "--no-pager", "-C", str(root), *args], input=stdin, capture_output=True,
                                timeout=60, env=git_env(filter_overrides(root)))
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
    out = git_raw(root, "rev-parse", "--is-inside-work-tree", "--show-prefix")  # one process for both answers
    lines = [] if out is None else out.decode("utf-8", "replace").split("\n")
    if not lines or lines[0].strip() != "true":
        return None
    return lines[1].strip() if len(lines) > 1 else ""


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


EPOCH_RANGE = (315532800, 4102444799)  # 1980-01-01 (the earliest date a ZIP, so a DOCX, can hold) to 2099


def epoch_problem() -> str | None:
    """Why SOURCE_DATE_EPOCH cannot date the briefs, or None (unset or usable)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or not epoch.strip():
        return None
    if not epoch.strip().isdigit() or not EPOCH_RANGE[0] <= int(epoch.strip()[:12]) <= EPOCH_RANGE[1]:
        return (f"SOURCE_DATE_EPOCH={epoch[:30]!r} is not a time between 1980 and 2099 in seconds since 1970 "
                "(e.g. 1700000000); unset it to use the commit's date")
    return None


def uncommitted(root: Path, prefix: str) -> list[str]:
    """Paths (relative to ``root``) under the tracked folders that differ from HEAD: modified, staged,
    deleted, untracked, or ignored-but-read (an ignored ``content/*.yaml`` still changes the build)."""
    out = git_raw(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=matching",
                  "--no-renames", "--ignore-submodules=all", "--", *TRACKED)
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


def commit_facts(root: Path, rev: str) -> tuple[str, str, list[str]] | None:
    """Commit ``rev``'s hash, its commit time (Unix seconds, as text) and the tags pointing at it, sorted; None
    when there is no such commit. One git process: the tags are the commit's decorations limited to tags (an
    explicit ``--decorate-refs`` overrides the repository's ``log.excludeDecoration``; ref names hold no
    spaces, so ", " separates them)."""
    out = git(root, "log", "-1", "--format=%H %ct%x00%D", "--decorate-refs=refs/tags/", "--end-of-options", rev)
    if not out:
        return None
    head, _, decorations = out.partition("\0")
    commit, _, stamp = head.partition(" ")
    tags = sorted(name.removeprefix("tag: ") for name in decorations.split(", ") if name.startswith("tag: "))
    return commit, stamp, tags


def content_version(root: Path, at: str | None = None) -> dict[str, str]:
    """The stamp, commit, tag and the timestamp documents carry (of commit ``at``, clean, when given).

    ``created`` and ``date_text`` come from SOURCE_DATE_EPOCH when set, else from
    the commit; the stamp's date is always the commit's own date. Outside a
    repository ``created`` is a fixed date and ``date_text`` empty: never the clock.
    """
    prefix = repo_prefix(root)
    found = commit_facts(root, at or "HEAD") if at or prefix is not None else None
    commit = at or (found[0] if found else None)
    info: dict[str, str] = {"commit": commit or "", "short": (commit or "")[:7], "tag": "", "dirty": "",
                            "date": ""}
    moment = None
    if commit:
        stamp = found[1] if found else ""
        moment = datetime.fromtimestamp(int(stamp), timezone.utc) if stamp.isdigit() else FALLBACK
        info["date"] = f"{moment:%Y-%m-%d}"
        info["tag"] = ", ".join(found[2] if found else [])
    if prefix is not None and not at:
        info["dirty"] = "yes" if (uncommitted(root, prefix) or not commit) else ""
    created = epoch_moment() or moment
    info["created"] = (created or FALLBACK).strftime("%Y-%m-%dT%H:%M:%SZ")
    info["date_text"] = human_date(created) if created else ""
    info["state"] = "untracked" if prefix is None else "committed" if commit else "uncommitted"
    from generator.render.terms import english  # the stamp's words live in the terms files, as in every brief

    info["stamp"] = english().version_stamp(info)
    return info
