"""What the file declares about itself: the XMP metadata packet (the Info dictionary's title, author,
dates and producer again, PDF/UA-1 and PDF/A-2b identification) and the sRGB output intent PDF/A needs
for device colours."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (
    PDFArray, PDFCatalog, PDFDictionary, PDFName, PDFStream, PDFString, PDFZCompress,
)

from generator.model import created_utc

ICC_PROFILE = Path(__file__).resolve().parent.parent / "assets" / "icc" / "sRGB.icc"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"

# PDF/A admits XMP properties outside its predefined schemas only when the packet describes them.
_PDFUA_SCHEMA = (
    '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
    'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
    'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">\n'
    '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">'
    "<pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>Indicates which part of ISO 14289 the file conforms to</pdfaProperty:description>"
    "</rdf:li></rdf:Seq></pdfaSchema:property>"
    "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n</rdf:Description>\n"
)


def _alt(tag: str, text: str) -> str:
    return f'<{tag}><rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt></{tag}>' if text else ""


def xmp_packet(info: Any, created: str, lang: str) -> str:
    """The packet for a document whose Info dictionary is ``info`` (reportlab's PDFInfo)."""
    when = created_utc(created).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    author = f"<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>" \
        if info.author else ""
    language = f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>" if lang else ""
    keywords = f"<pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>" if info.keywords else ""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
        'xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
        f'<dc:format>application/pdf</dc:format>{_alt("dc:title", info.title)}{author}'
        f'{_alt("dc:description", info.subject)}{language}\n'
        f"<xmp:CreateDate>{when}</xmp:CreateDate><xmp:ModifyDate>{when}</xmp:ModifyDate>"
        f"<xmp:CreatorTool>{escape(info.creator)}</xmp:CreatorTool>\n"
        f"<pdf:Producer>{escape(info.producer)}</pdf:Producer>{keywords}\n"
        "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>"
        "<pdfuaid:part>1</pdfuaid:part>\n"
        f"</rdf:Description>\n{_PDFUA_SCHEMA}</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )


@lru_cache(maxsize=1)
def _icc() -> bytes:
    return ICC_PROFILE.read_bytes()


def declare(canv: Any, created: str, lang: str) -> None:
    """Put the XMP packet (uncompressed, as PDF/A requires) and the sRGB output intent in the catalog."""
    doc = canv._doc
    catalog = doc.Catalog
    stream = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                       xmp_packet(doc.info, created, lang).encode("utf-8"))  # no filters: reportlab's default
    catalog.Metadata = doc.Reference(stream, "XMPMetadata")
    profile = doc.Reference(PDFStream(PDFDictionary({"N": 3}), _icc(), filters=[PDFZCompress]), "OutputProfile")
    intent = PDFDictionary({"Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFA1"),
                            "OutputConditionIdentifier": PDFString(OUTPUT_CONDITION),
                            "Info": PDFString(OUTPUT_CONDITION), "DestOutputProfile": profile})
    catalog.__NoDefault__ = [*PDFCatalog.__NoDefault__, "OutputIntents"]  # reportlab writes only keys it knows
    catalog.OutputIntents = PDFArray([intent])
