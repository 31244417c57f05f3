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
import tempfile
from pathlib import Path

from generator.testhooks import pause

STAGING = ".brief-staging"
COMMIT = "COMMIT"


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
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
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
    staging = out_dir / STAGING
    staging.mkdir(exist_ok=True)
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
    for line in (txn / COMMIT).read_text("utf-8").splitlines():
        staged, _, target = line.partition("\t")
        if not target or "/" in target or "\\" in target or target in (".", ".."):
            continue  # never write outside the output folder, whatever the list says
        source = txn / staged
        if source.is_file():
            os.replace(source, out_dir / target)
            pause("renamed-one")
    _fsync_dir(out_dir)
    shutil.rmtree(txn, ignore_errors=True)


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
    if not out_dir.is_dir():
        return
    staging = out_dir / STAGING
    if not staging.is_dir():
        return
    for txn in sorted(staging.iterdir()):
        pid_text = txn.name.split("-", 1)[0]
        if pid_text.isdigit() and _alive(int(pid_text)):
            continue  # a build running right now
        if not txn.is_dir():
            txn.unlink(missing_ok=True)
        elif (txn / COMMIT).is_file():
            try:
                _roll_forward(txn, out_dir)
            except OSError:
                shutil.rmtree(txn, ignore_errors=True)
        else:
            shutil.rmtree(txn, ignore_errors=True)
    _remove_if_empty(staging)

