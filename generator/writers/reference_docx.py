"""A brief's reference .docx (corporate Word styles): read it within bounds and say why it is unusable.

``check`` runs the cheap zip-level checks; ``build`` also opens it with python-docx.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from generator.load.safefs import UnsafeFile, read_regular

MAX_REFERENCE_BYTES = 20_000_000  # a reference .docx file
MAX_REFERENCE_UNPACKED = 100_000_000  # all its parts, uncompressed
MAX_REFERENCE_PARTS = 2_000


def file_problem(path: Path) -> str | None:
    """Why the file at ``path`` cannot serve as a reference document (size, zip bounds), or None.
    Opening it with python-docx (:func:`open_problem`) waits for ``build``, to keep that library
    off ``check``'s start-up path."""
    try:
        return zip_problem(read_regular(path, MAX_REFERENCE_BYTES))
    except UnsafeFile as exc:
        return str(exc)


def external_targets(path: Path) -> list[str]:
    """The outside targets (URLs, paths) a usable reference .docx points at; the build strips them."""
    try:
        return strip_external(read_regular(path, MAX_REFERENCE_BYTES))[1]
    except UnsafeFile:
        return []


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


_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _xml_parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _source_part(rels_name: str) -> str:
    """``word/_rels/settings.xml.rels`` → ``word/settings.xml`` (``_rels/.rels`` → "": the package)."""
    folder, _, name = rels_name.rpartition("_rels/")
    return folder + name[: -len(".rels")] if name.endswith(".rels") and name != ".rels" else ""


def strip_external(data: bytes) -> tuple[bytes, list[str]]:
    """``data`` without relationships to anything outside the package (an attached template on a web
    server, a linked image, a remote stylesheet): Word would fetch them when the brief is opened, and
    they could publish or track readers. Returns the cleaned package and the targets removed; the bytes
    are unchanged when there were none."""
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError,
            RuntimeError):
        return data, []  # zip_problem reports it
    removed: dict[str, list[str]] = {}
    targets: list[str] = []
    for name in [n for n in parts if n.endswith(".rels")]:
        try:
            root = etree.fromstring(parts[name], _xml_parser())
        except etree.XMLSyntaxError:
            continue
        for rel in list(root):
            if (rel.get("TargetMode") or "").lower() == "external":
                removed.setdefault(_source_part(name), []).append(rel.get("Id") or "")
                targets.append(rel.get("Target") or "")
                root.remove(rel)
        if removed.get(_source_part(name)):
            parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if not targets:
        return data, []
    for source, ids in removed.items():
        if source not in parts:
            continue
        try:
            root = etree.fromstring(parts[source], _xml_parser())
        except etree.XMLSyntaxError:
            continue
        for element in list(root.iter()):
            if any(k.startswith(f"{{{_R_NS}}}") and v in ids for k, v in element.attrib.items()):
                if element.getparent() is not None:
                    element.getparent().remove(element)
        parts[source] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as clean:
        for info in archive.infolist():
            clean.writestr(info, parts[info.filename])
    return out.getvalue(), targets
