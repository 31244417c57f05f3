"""A brief's reference .docx (corporate Word styles): read it within bounds and say why it is unusable.

``check`` runs the cheap zip-level checks; ``build`` also opens it with python-docx.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

MAX_REFERENCE_BYTES = 20_000_000  # a reference .docx file
MAX_REFERENCE_UNPACKED = 100_000_000  # all its parts, uncompressed
MAX_REFERENCE_PARTS = 2_000


def file_problem(path: Path) -> str | None:
    """Why the file at ``path`` cannot serve as a reference document (size, zip bounds), or None.
    Opening it with python-docx (:func:`open_problem`) waits for ``build``, to keep that library
    off ``check``'s start-up path."""
    try:
        if path.stat().st_size > MAX_REFERENCE_BYTES:
            return f"it is larger than {MAX_REFERENCE_BYTES // 1_000_000} MB"
        return zip_problem(path.read_bytes())
    except OSError as exc:
        return f"cannot read it ({exc.strerror})"


def zip_problem(data: bytes) -> str | None:
    """Why ``data`` cannot serve as a reference .docx, or None. Bounds what unpacking it may cost
    (declared sizes, then the actual bytes inflated, so a lying zip header cannot get past)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_REFERENCE_PARTS:
                return f"it has more than {MAX_REFERENCE_PARTS} parts"
            if "word/styles.xml" not in archive.namelist() or "[Content_Types].xml" not in archive.namelist():
                return "no word/styles.xml or [Content_Types].xml (is it a .docx?)"
            if sum(i.file_size for i in infos) > MAX_REFERENCE_UNPACKED:
                return f"it unpacks to more than {MAX_REFERENCE_UNPACKED // 1_000_000} MB (a zip bomb?)"
            budget = MAX_REFERENCE_UNPACKED
            for info in infos:
                with archive.open(info) as part:
                    while chunk := part.read(1 << 20):
                        budget -= len(chunk)
                        if budget < 0:
                            return f"it unpacks to more than {MAX_REFERENCE_UNPACKED // 1_000_000} MB (a zip bomb?)"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError,
            RuntimeError) as exc:  # RuntimeError: encrypted parts
        return f"not a valid zip package ({exc})"
    return None


def open_problem(data: bytes) -> str | None:
    """Why python-docx cannot open ``data``, or None."""
    try:
        import docx

        docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        return f"Word cannot open it ({type(exc).__name__}: {str(exc)[:120]})"
    return None
