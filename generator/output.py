"""The write phase's last step: publish files atomically, all of them or none."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def publish(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary sibling, fsync, then rename them all into place.

    A failure before the renames leaves every previous output untouched and no
    temporary files; readers never see a half-written file because rename is atomic.
    """
    staged: list[tuple[str, Path]] = []
    mode = 0o666 & ~_umask()  # mkstemp creates 0600; outputs are ordinary files
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((tmp, target))
            os.chmod(tmp, mode)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        for tmp, _target in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)


def clean_stale_temporaries(out_dir: Path) -> None:
    """Remove temporaries a killed build left behind (``.NAME.*.tmp``)."""
    if out_dir.is_dir():
        for stale in out_dir.glob(".*.tmp"):
            stale.unlink(missing_ok=True)
