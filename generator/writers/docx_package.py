"""Package-level work for the DOCX writer: base template, core properties and reproducible zip bytes."""
from __future__ import annotations

import zipfile
from datetime import datetime
from io import BytesIO
from typing import cast

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.phys_pkg import PhysPkgWriter
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn

from generator.model import Meta, created_utc
from generator.writers.docx_xml import R_NS, clean

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CORE_LIMIT = 255  # python-docx refuses longer core-property strings
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
# Relationship types that only exist because body content referenced them.
_BODY_ONLY_RELS = {RT.IMAGE, RT.HYPERLINK, RT.CHART, RT.PACKAGE, RT.OLE_OBJECT, RT.DIAGRAM_DATA,
                   RT.DIAGRAM_LAYOUT, RT.DIAGRAM_QUICK_STYLE, RT.DIAGRAM_COLORS}


def open_base(reference_docx: bytes | None) -> tuple[WordDocument, bool]:
    """The document to build on, emptied, and whether it is the writer's own template."""
    own = reference_docx is None
    document = docx.Document() if reference_docx is None else docx.Document(BytesIO(reference_docx))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _drop_stale_rels(document)
    return document, own


def _drop_stale_rels(document: WordDocument) -> None:
    """Drop relationships left dangling by the removed body, a stale thumbnail and stylesWithEffects.

    stylesWithEffects is Word 2010's copy of styles.xml; left in place it would
    lack the styles this writer adds.
    """
    part = document.part
    used = set(part.element.xpath(f'//@*[namespace-uri()="{R_NS}"]'))
    for r_id, rel in list(part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS or (rel.reltype in _BODY_ONLY_RELS and r_id not in used):
            del part.rels[r_id]
    package_rels = part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[r_id]


def parse_created(created: str) -> datetime:
    """``created`` as the naive UTC datetime python-docx's core properties take."""
    return created_utc(created).replace(tzinfo=None)


def _short(text: str) -> str:
    return clean(text)[:_CORE_LIMIT]


def set_core_properties(document: WordDocument, meta: Meta) -> None:
    """Title, author, subject, keywords, language, version and dates from ``meta`` (never the clock)."""
    props = document.core_properties
    props.title = _short(meta.title)
    props.author = _short(meta.author)
    props.last_modified_by = _short(meta.author)
    props.subject = _short(meta.subject)
    props.keywords = _short(", ".join(meta.keywords))
    props.language = _short(meta.language)
    props.version = _short(meta.version)
    for stale in ("comments", "category", "content_status", "identifier"):
        if getattr(props, stale):
            setattr(props, stale, "")
    when = parse_created(meta.created)
    props.created = props.modified = props.last_printed = when
    props.revision = 1


# python-docx ships a stale app.xml ("Microsoft Macintosh Word", one page); Word recounts pages itself.
APP_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           b"<Application>policy-brief-generator</Application><DocSecurity>0</DocSecurity>"
           b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
           b"<HyperlinksChanged>false</HyperlinksChanged></Properties>")


class _Members:
    """Collects what python-docx's package writer writes (member name -> bytes) instead of zipping it."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self.files[pack_uri.membername] = blob


def _members(document: WordDocument) -> dict[str, bytes]:
    """The package's members as ``document.save`` would zip them (python-docx's own serialisation), unzipped:
    zipping them there only to unzip them here cost a third of the writer's saving time."""
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    members = _Members()
    writer = cast(PhysPkgWriter, members)  # all python-docx asks of it is write(pack_uri, blob)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)
    return members.files


def save_reproducibly(document: WordDocument) -> bytes:
    """The saved package, zipped with a fixed entry order, timestamps and compression."""
    members = _members(document)
    first = ["[Content_Types].xml", "_rels/.rels"]
    names = [n for n in first if n in members]
    names += sorted(n for n in members if n not in first)
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            data = APP_XML if name == "docProps/app.xml" else members[name]
            target.writestr(info, data, compresslevel=6)
    return out.getvalue()
