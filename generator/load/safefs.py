"""Reading files of an untrusted project: only regular files inside the project, within a size limit.

A project folder may come from anyone (a colleague's branch, a pull request), so a file it
names may be a symlink to ``~/.ssh/id_rsa``, a FIFO that blocks ``open()`` forever, a link
to ``/dev/zero``, a folder called ``zz.yaml`` or a 13 MB YAML file. Every read of project
files goes through :func:`read_regular`, which refuses all of these with a plain message
before reading a byte (``O_NONBLOCK`` so a FIFO cannot block, ``fstat`` on the open file so
the check and the read see the same file).
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.diagnostics import Diagnostics, Location

MAX_YAML_BYTES = 1_000_000  # one content or brief file (validating and rendering cost grows with it)
MAX_PROJECT_YAML_BYTES = 2_000_000  # the YAML files of one folder together (content/, briefs/)
MAX_TEMPLATE_BYTES = 200_000  # one layout template


class UnsafeFile(Exception):
    """A file that is not read; ``code`` is the diagnostic code, the message says why in plain words."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def is_inside(path: Path | str, root: Path | str) -> bool:
    """Whether ``path``, with every symlink and ``..`` resolved, lies inside ``root`` (resolved too)."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def read_regular(path: Path | str, limit: int, root: Path | str | None = None, follow: bool = True) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; :class:`UnsafeFile` otherwise.

    ``root``: the file (after resolving symlinks) must lie inside it. ``follow=False``: a
    symlink is refused outright (files in the output folder are never followed).
    """
    if root is not None and not is_inside(path, root):
        raise UnsafeFile("path-outside", "it is a link to a file outside the project; copy the file into the "
                         "project instead")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not follow and os.path.islink(path):
            raise UnsafeFile("file-kind", "it is a symbolic link, which is never followed here") from None
        raise UnsafeFile("io", f"cannot read it ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile("file-kind", f"it is {kind_of(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise UnsafeFile("file-too-large", f"it is larger than {limit:,} bytes")
        chunks, size = [], 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # the file grew after fstat
                raise UnsafeFile("file-too-large", f"it is larger than {limit:,} bytes")
        return b"".join(chunks)
    except OSError as exc:
        raise UnsafeFile("io", f"cannot read it ({exc.strerror})") from None
    finally:
        os.close(fd)


def total_size(files: list[Path]) -> int:
    """The combined size of the regular files among ``files`` (others count nothing; they are refused
    one by one when read)."""
    total = 0
    for file in files:
        try:
            info = file.stat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            total += info.st_size
    return total


def within_total(files: list[Path], folder: str, diags: Diagnostics) -> bool:
    """Whether ``files`` together stay within MAX_PROJECT_YAML_BYTES; a located error on ``folder`` if not."""
    size = total_size(files)
    if size <= MAX_PROJECT_YAML_BYTES:
        return True
    diags.error(Location(folder, 1, 1), "file-too-large", f"the .yaml files in {folder} hold {size:,} bytes, more "
                f"than the {MAX_PROJECT_YAML_BYTES:,} a folder may hold")
    return False
