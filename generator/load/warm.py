"""What a long-running process (``brief watch``) keeps between builds of one project.

A brief edit should not parse and check every content file again: the loaded content is kept with the
bytes of the files it came from, and reused only while every content file still has exactly those
bytes; what checking it reported is kept with the bytes of the source texts its quotes were checked
against. The state lives in memory for the life of the process and is never written anywhere.
"""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostic, Diagnostics
from generator.load.safefs import MAX_YAML_BYTES, UnsafeFile, read_regular

if TYPE_CHECKING:
    from generator.load.content import Content


def folder_fingerprint(folder: Path, root: Path) -> tuple[tuple[str, str], ...] | None:
    """(name, SHA-256) of every YAML file in ``folder``, or None when anything there is not a plain
    readable file (a symlink, a FIFO, an oversized file): then nothing is reused and the loader reports it."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return None
    found = []
    for entry in entries:
        if not entry.name.endswith((".yaml", ".yml")):
            continue
        try:
            if not stat.S_ISREG(entry.stat(follow_symlinks=False).st_mode):
                return None
            data = read_regular(entry.path, MAX_YAML_BYTES, root, follow=False)
        except (OSError, UnsafeFile):
            return None
        found.append((entry.name, hashlib.sha256(data).hexdigest()))
    return tuple(found)


class WarmContent:
    """The last loaded content of a project, with the diagnostics its loading reported."""

    def __init__(self) -> None:
        self.key: tuple[tuple[str, str], ...] | None = None
        self.content: Content | None = None
        self.diagnostics: list[Diagnostic] = []
        self.reused = 0  # how many loads were answered from memory (for tests)
        self.checked_key: tuple[tuple[str, str], ...] | None = None  # the kept source texts it was checked with
        self.checked: list[Diagnostic] | None = None  # what validate_content reported on self.content

    def load(self, content_dir: Path, root: Path, diags: Diagnostics) -> "Content":
        """``load_content(content_dir, root, diags)``, or its last result while the files are unchanged.
        Later phases only read the content, so sharing it between builds is safe."""
        from generator.load.content import load_content

        key = folder_fingerprint(content_dir, root)
        if key is not None and key == self.key and self.content is not None:
            self.reused += 1
            diags.items.extend(self.diagnostics)
            return self.content
        fresh = Diagnostics()
        content = load_content(content_dir, root, fresh)
        diags.items.extend(fresh.items)
        self.key, self.content, self.diagnostics = key, content, list(fresh.items)
        self.checked_key, self.checked = None, None  # checked a content that is gone
        return content

    def validate(self, content: "Content", diags: Diagnostics) -> None:
        """``validate_content(content, diags)``, or what it reported last time on this very content while the
        kept source texts it compares quotes with are unchanged."""
        from generator.check.validate import validate_content

        key = kept_texts_key(content)
        if key is not None and content is self.content and key == self.checked_key and self.checked is not None:
            diags.items.extend(self.checked)
            return
        fresh = Diagnostics()
        validate_content(content, fresh)
        diags.items.extend(fresh.items)
        if content is self.content:
            self.checked_key, self.checked = key, list(fresh.items)


def kept_texts_key(content: "Content") -> tuple[tuple[str, str], ...] | None:
    """(source ID, SHA-256 of its kept text, or "") for every source, or None when a text cannot be read
    plainly (validation then runs and reports it)."""
    from generator.check.anchors import MAX_TEXT_BYTES, source_text_path

    key = []
    for source in content.sources.values():
        path = source_text_path(source, content)
        if path is None:
            key.append((source.id, ""))
            continue
        try:
            data = read_regular(path, MAX_TEXT_BYTES, content.root, follow=False)
        except (OSError, UnsafeFile):
            return None
        key.append((source.id, hashlib.sha256(data).hexdigest()))
    return tuple(key)
