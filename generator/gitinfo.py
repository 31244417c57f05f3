"""Which content version a brief is built from, read from git without touching the work tree."""
from __future__ import annotations

import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path

TRACKED = ("content", "briefs", "templates", "assets")


def git(root: Path, *args: str) -> str | None:
    """Output of a read-only git command in ``root``, or None if git or the repository is missing."""
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30,
                                env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def human_date(moment: datetime) -> str:
    """29 November 2026."""
    return f"{moment.day} {moment.strftime('%B %Y')}"


def content_version(root: Path) -> dict[str, str]:
    """The stamp, commit, tag and the timestamp documents carry (commit time or SOURCE_DATE_EPOCH)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    commit = git(root, "rev-parse", "--verify", "-q", "HEAD") if (root / ".git").exists() or git(
        root, "rev-parse", "--git-dir") else None
    info: dict[str, str] = {"commit": commit or "", "short": (commit or "")[:7], "tag": "", "dirty": ""}
    moment = datetime(2000, 1, 1, tzinfo=timezone.utc)
    if commit:
        moment = datetime.fromtimestamp(int(git(root, "log", "-1", "--format=%ct", commit) or 0), timezone.utc)
        info["tag"] = git(root, "describe", "--tags", "--exact-match", commit) or ""
        paths = [p for p in TRACKED if (root / p).exists()]
        status = git(root, "status", "--porcelain", "--untracked-files=all", "--", *paths) if paths else ""
        info["dirty"] = "yes" if status else ""
    if epoch.isdigit():
        moment = datetime.fromtimestamp(int(epoch), timezone.utc)
    info["created"] = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    info["date_text"] = human_date(moment)
    if not commit:
        info["stamp"] = "Content not under version control"
    else:
        tag = f", tag {info['tag']}" if info["tag"] else ""
        dirty = " + uncommitted changes" if info["dirty"] else ""
        info["stamp"] = f"Content version {info['short']}{tag} ({moment:%Y-%m-%d}){dirty}"
    return info
