"""Validate OOXML package parts against the ECMA-376 transitional schemas vendored in tests/schemas/.

One compiled schema holds every namespace a DOCX (and its embedded chart workbooks) uses; a part
validates against the declaration of its root element. Markup-compatibility extensions (``mc:Ignorable``
namespaces such as Word 2010's ``w14``, and ``mc:AlternateContent``) are processed first, as ISO/IEC
29500-3 tells a consumer that does not know them to, so only the standard markup is judged.
"""
from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "schemas"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# The documents' namespaces and the schema declaring each one (relative to SCHEMAS).
_IMPORTS = {
    "http://www.w3.org/XML/1998/namespace": "xml.xsd",
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "transitional/wml.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "transitional/dml-chart.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "transitional/dml-main.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing":
        "transitional/dml-wordprocessingDrawing.xsd",
    "urn:schemas-microsoft-com:vml": "transitional/vml-main.xsd",
    "urn:schemas-microsoft-com:office:office": "transitional/vml-officeDrawing.xsd",
    "urn:schemas-microsoft-com:office:word": "transitional/vml-wordprocessingDrawing.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":
        "transitional/shared-documentPropertiesExtended.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/customXml":
        "transitional/shared-customXmlDataProperties.xsd",
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main": "transitional/sml.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/bibliography": "transitional/shared-bibliography.xsd",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties": "opc/opc-coreProperties.xsd",
    "http://schemas.openxmlformats.org/package/2006/relationships": "opc/opc-relationships.xsd",
    "http://schemas.openxmlformats.org/package/2006/content-types": "opc/opc-contentTypes.xsd",
}
# opc-coreProperties.xsd names the Dublin Core schemas by URL; the tests never go on line.
_LOCAL = {
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dc.xsd": SCHEMAS / "dc.xsd",
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dcterms.xsd": SCHEMAS / "dcterms.xsd",
}


class _Offline(etree.Resolver):
    def resolve(self, url, pubid, context):  # noqa: D102 - lxml's resolver hook
        if url in _LOCAL:
            return self.resolve_filename(str(_LOCAL[url]), context)
        if url and url.startswith(("http://", "https://")):
            raise OSError(f"schema {url} is not vendored under tests/schemas/")
        return None


@functools.lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    """The one schema for every part (compiled once: it takes a second or two)."""
    imports = "".join(f'<xsd:import namespace="{ns}" schemaLocation="{(SCHEMAS / path).as_uri()}"/>'
                      for ns, path in _IMPORTS.items())
    driver = (f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
              f'targetNamespace="urn:x-tests:driver">{imports}</xsd:schema>')
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Offline())
    return etree.XMLSchema(etree.fromstring(driver.encode(), parser, base_url=(SCHEMAS / "driver.xsd").as_uri()))


def process_markup_compatibility(root: etree._Element) -> etree._Element:
    """``root`` as a consumer that knows only the standard sees it: ignorable namespaces dropped."""
    ignorable: set[str] = set()
    for node in root.iter():
        prefixes = node.get(f"{{{MC}}}Ignorable")
        if prefixes:
            ignorable.update(node.nsmap.get(p, "") for p in prefixes.split())
    for alt in list(root.iter(f"{{{MC}}}AlternateContent")):
        fallback = alt.find(f"{{{MC}}}Fallback")
        parent = alt.getparent()
        index = parent.index(alt)
        parent.remove(alt)
        for offset, child in enumerate(list(fallback) if fallback is not None else []):
            parent.insert(index + offset, child)
    for node in list(root.iter()):
        if not isinstance(node.tag, str):
            continue
        if etree.QName(node).namespace in ignorable and node.getparent() is not None:
            node.getparent().remove(node)
            continue
        for name in list(node.attrib):
            if etree.QName(name).namespace in ignorable | {MC}:
                del node.attrib[name]
    return root


def xml_parts(package: bytes, prefix: str = "") -> dict[str, bytes]:
    """Every XML part of a package, embedded packages (chart workbooks) included, by name."""
    out: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith((".xml", ".rels")):
                out[prefix + name] = data
            elif name.endswith(".xlsx"):
                out.update(xml_parts(data, f"{prefix}{name}!/"))
    return out


def errors(data: bytes) -> list[str]:
    """Schema errors of one part ("line N: message"), empty when it is valid."""
    root = process_markup_compatibility(etree.fromstring(data))
    validator = schema()
    if validator.validate(etree.ElementTree(root)):
        return []
    return [f"line {e.line}: {e.message}" for e in validator.error_log]
