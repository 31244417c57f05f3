"""PDF/A-2b in the same file as PDF/UA-1, checked with pikepdf's PDF/A validator (an allowlist built from
the veraPDF rules: it approves only what it knows conforms).

That validator does not read PDF/A extension schemas, so it cannot approve the PDF/UA identification
(``pdfuaid:part``) that PDF/UA requires and that PDF/A admits through an extension schema. The tests
therefore check that those declarations are all it objects to, and that the same file written without
them passes outright.
"""
from __future__ import annotations

import io
import re

import pytest

from generator.model import WriteOptions
from pdf_reading import bundled

pdfa = pytest.importorskip("pikepdf.pdfa", reason="pikepdf[pdfa] (jsonschema) not installed")

NAMES = tuple(bundled())
EXTENSION_SCHEMA = re.compile(r"pdfaExtension|pdfaSchema|pdfaProperty|pdfuaid")


def findings(data: bytes) -> list[str]:
    return [str(f) for f in pdfa.validate_written(io.BytesIO(data), "2b").findings]


def written_without_pdfua_identification(doc) -> bytes:
    from generator.writers import pdf_conformance
    from generator.writers.pdf import write

    schema, packet = pdf_conformance._PDFUA_SCHEMA, pdf_conformance.xmp_packet
    pdf_conformance._PDFUA_SCHEMA = ""
    pdf_conformance.xmp_packet = lambda *args: packet(*args).replace("<pdfuaid:part>1</pdfuaid:part>", "")
    try:
        return write(doc, WriteOptions())
    finally:
        pdf_conformance._PDFUA_SCHEMA, pdf_conformance.xmp_packet = schema, packet


@pytest.mark.parametrize("name", NAMES)
def test_pdfa_2b_validator_objects_only_to_the_pdfua_extension_schema(name: str) -> None:
    objections = findings(bundled()[name][1])
    assert objections and all(EXTENSION_SCHEMA.search(f) for f in objections), objections


@pytest.mark.parametrize("name", NAMES)
def test_pdfa_2b_passes_without_the_pdfua_identification(name: str) -> None:
    assert findings(written_without_pdfua_identification(bundled()[name][0])) == []


def test_pdfa_validator_fails_a_file_without_output_intent() -> None:
    import pikepdf

    with pikepdf.open(io.BytesIO(written_without_pdfua_identification(bundled()["kitchen-sink"][0]))) as pdf:
        del pdf.Root.OutputIntents
        out = io.BytesIO()
        pdf.save(out)
    assert any("output" in f.lower() or "OutputIntent" in f for f in findings(out.getvalue()))


def test_declared_conformance_and_output_intent() -> None:
    import pikepdf

    with pikepdf.open(io.BytesIO(bundled()["kitchen-sink"][1])) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert "/Filter" not in pdf.Root.Metadata.stream_dict
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1" and str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
        assert int(intent.DestOutputProfile.N) == 3
        with pdf.open_metadata() as meta:
            assert meta.pdfa_status == "2B"
            assert meta["pdf:Producer"] == str(pdf.docinfo.Producer)
            assert meta["xmp:CreatorTool"] == str(pdf.docinfo.Creator)
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
