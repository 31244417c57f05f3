"""The write phase's last step: publish files atomically, all of them or none.

Files are staged in a hidden transaction folder, ``OUT/.brief-staging/PID-RANDOM/``,
where no one mistakes them for briefs. Once every file is written and synced, a
``COMMIT`` list is written (atomically, by rename) and then each file is renamed
over its target. A build killed before ``COMMIT`` leaves the previous outputs
untouched; one killed during the renames is rolled forward by :func:`recover`,
which every build runs first, so a set of briefs is published all or none.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from generator.load.safefs import UnsafeFile, kind_of, read_regular

from generator.publish.testhooks import pause

STAGING = ".brief-staging"
COMMIT = "COMMIT"
MAX_COMMIT_BYTES = 1_000_000


class OutputError(OSError):
    """The output folder holds something in the way (a symlink or a folder where a file goes)."""


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold the output folder's lock (created if missing): concurrent builds into one folder take turns,
    so each reads the manifest the previous one wrote. The lock is on the folder itself (``flock``), so
    no lock file is left behind; a folder this build created and left empty is removed again."""
    created = _lstat(out_dir) is None
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
        flock = fcntl.flock
    except ImportError:  # Windows: no flock; builds are not serialised there
        flock = None
    fd = os.open(out_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if flock else None
    try:
        if flock and fd is not None:
            flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        if fd is not None:
            os.close(fd)  # releases the lock
        if created:
            _remove_if_empty(out_dir)


def check_targets(files: dict[Path, bytes]) -> None:
    """No target name may be taken by a folder (an OutputError before anything is staged). Anything else
    there (a file, a symlink, a FIFO a repository committed) is replaced by the rename, never followed."""
    for target in files:
        info = _lstat(target)
        if info and stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{target} is {kind_of(info.st_mode)}; move it away so the file can be written")


def _staging_folder(out_dir: Path) -> Path:
    """``OUT/.brief-staging``, created if missing; a symlink or non-folder by that name is refused."""
    staging = out_dir / STAGING
    try:
        os.mkdir(staging, 0o700)
    except FileExistsError:
        info = _lstat(staging)
        if info is None or not stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{staging} is {kind_of(info.st_mode) if info else 'missing'}, not a folder: brief "
                              "never follows links in the output folder; remove it") from None
    return staging


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # e.g. Windows cannot open folders; rename is still atomic there
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_synced(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def publish(files: dict[Path, bytes]) -> None:
    """Write every file into a staging folder, sync, commit, then rename them all into place.

    All targets must share one folder (the output folder). A failure before the
    commit leaves every previous output untouched and removes the staging folder.
    """
    if not files:
        return
    pause("publish")
    folders = {target.parent for target in files}
    if len(folders) != 1:
        raise ValueError("publish() takes files of one output folder")
    out_dir = folders.pop()
    out_dir.mkdir(parents=True, exist_ok=True)
    check_targets(files)
    staging = _staging_folder(out_dir)
    txn = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=staging))
    mode = 0o666 & ~_umask()
    names: list[str] = []
    try:
        for index, (target, data) in enumerate(files.items()):
            name = f"{index:04d}.tmp"
            _write_synced(txn / name, data, mode)
            names.append(f"{name}\t{target.name}")
            pause("staged-one")
        _fsync_dir(txn)
        pause("staged-all")
        _write_synced(txn / (COMMIT + ".part"), ("\n".join(names) + "\n").encode("utf-8"), 0o600)
        os.replace(txn / (COMMIT + ".part"), txn / COMMIT)  # the commit point
        _fsync_dir(txn)
        pause("committed")
    except BaseException:
        shutil.rmtree(txn, ignore_errors=True)
        _remove_if_empty(staging)
        raise
    _roll_forward(txn, out_dir)
    _remove_if_empty(staging)


def _roll_forward(txn: Path, out_dir: Path) -> None:
    """Rename a committed transaction's files over their targets, then remove the transaction."""
    try:
        listing = read_regular(txn / COMMIT, MAX_COMMIT_BYTES, follow=False).decode("utf-8", "replace")
    except UnsafeFile:
        listing = ""
    for line in listing.splitlines():
        staged, _, target = line.partition("\t")
        if not _safe_name(target) or not _safe_name(staged):
            continue  # never write outside the output folder, whatever the list says
        source, info = txn / staged, _lstat(txn / staged)
        # Only a plain file of ours: never a symlink (it could point anywhere) nor a hard link.
        if info and stat.S_ISREG(info.st_mode) and info.st_nlink == 1:
            existing = _lstat(out_dir / target)
            if existing is None or not stat.S_ISDIR(existing.st_mode):
                os.replace(source, out_dir / target)
                pause("renamed-one")
    _fsync_dir(out_dir)
    shutil.rmtree(txn, ignore_errors=True)


def _safe_name(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and "\0" not in name and name not in (".", "..")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def recover(out_dir: Path) -> None:
    """Finish or discard what a killed build left in ``out_dir``.

    A committed transaction is rolled forward (its build had finished writing); an
    uncommitted one of a process that no longer runs is deleted. Nothing outside the
    staging folder is touched.
    """
    out_info, staging = _lstat(out_dir), out_dir / STAGING
    info = _lstat(staging)
    if not out_info or not stat.S_ISDIR(out_info.st_mode) or not info or not stat.S_ISDIR(info.st_mode):
        return  # a symlink named like the staging folder is never followed (publish refuses it)
    for txn in sorted(staging.iterdir()):
        pid_text = txn.name.split("-", 1)[0]
        if pid_text.isdigit() and _alive(int(pid_text)):
            continue  # a build running right now
        txn_info = _lstat(txn)
        if txn_info is None:
            continue
        if not stat.S_ISDIR(txn_info.st_mode):
            txn.unlink(missing_ok=True)  # removes a symlink itself, never its target
        elif _lstat(txn / COMMIT):
            try:
                _roll_forward(txn, out_dir)
            except OSError:
                shutil.rmtree(txn, ignore_errors=True)
        else:
            shutil.rmtree(txn, ignore_errors=True)
    _remove_if_empty(staging)

