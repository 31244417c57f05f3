"""The XMP metadata packet: the same title, author, dates and producer as the Info dictionary, and the
PDF/UA identification (``pdfuaid:part 1``) that declares the file a tagged PDF for assistive technology."""
from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream

from generator.model import created_utc


def _alt(tag: str, text: str, lang: str) -> str:
    return (f"<{tag}><rdf:Alt><rdf:li xml:lang=\"x-default\">{escape(text)}</rdf:li>"
            f"</rdf:Alt></{tag}>") if text else ""


def xmp_packet(info: Any, created: str, lang: str) -> str:
    """The packet for a document whose Info dictionary is ``info`` (reportlab's PDFInfo)."""
    when = created_utc(created).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    author = f"<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>" \
        if info.author else ""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
        '<dc:format>application/pdf</dc:format>\n'
        f'{_alt("dc:title", info.title, lang)}{author}{_alt("dc:description", info.subject, lang)}\n'
        + (f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>\n" if lang else "")
        + f"<xmp:CreateDate>{when}</xmp:CreateDate><xmp:ModifyDate>{when}</xmp:ModifyDate>\n"
        f"<xmp:CreatorTool>{escape(info.creator)}</xmp:CreatorTool>\n"
        f"<pdf:Producer>{escape(info.producer)}</pdf:Producer>\n"
        + (f"<pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>\n" if info.keywords else "")
        + "<pdfuaid:part>1</pdfuaid:part>\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )


def attach_xmp(canv: Any, created: str, lang: str) -> None:
    """Put the packet, uncompressed so that any tool can find it, in the catalog's /Metadata."""
    doc = canv._doc
    stream = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                       xmp_packet(doc.info, created, lang).encode("utf-8"), filters=[])
    doc.Catalog.Metadata = doc.Reference(stream, "XMPMetadata")
