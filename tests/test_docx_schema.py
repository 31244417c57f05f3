"""Every XML part of every DOCX validates against the ECMA-376 / ISO/IEC 29500 transitional schemas.

The schemas are vendored unmodified under tests/schemas/ (see its NOTICE.md). The parts include the
embedded chart workbooks, which Excel opens on "Edit Data" and must not need to repair.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import ooxml_schema
from generator.model import WriteOptions
from generator.writers import get_writer
from kitchen_sink import kitchen_sink

BRIEFS = ("analyst", "business", "heilongjiang", "ministry")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def built(bundled_briefs: Path) -> Path:
    return bundled_briefs


def _packages(built: Path) -> dict[str, bytes]:
    packages = {bid: (built / f"{bid}.docx").read_bytes() for bid in BRIEFS}
    packages["kitchen_sink"] = get_writer("docx")(kitchen_sink(), WriteOptions())
    return packages


def test_every_part_of_every_docx_is_schema_valid(built: Path) -> None:
    problems = []
    checked = set()
    for name, package in _packages(built).items():
        for part, data in ooxml_schema.xml_parts(package).items():
            checked.add(re.sub(r"\d*\.xml$", "", part.rsplit("/", 1)[-1]))
            problems += [f"{name}:{part}: {error}" for error in ooxml_schema.errors(data)[:3]]
    assert not problems, "\n".join(problems)
    # The main parts were all among those checked (a renamed part must not drop out of the test).
    for stem in ("document", "styles", "numbering", "settings", "footnotes", "header", "footer", "chart",
                 "core", "app", "sheet", "workbook"):
        assert stem in checked, stem


def test_validator_rejects_what_word_would_not_read() -> None:
    """The check can fail: the faults this project once had are each reported."""
    bad_zoom = (f'<w:settings xmlns:w="{W[1:-1]}"><w:zoom w:val="bestFit"/></w:settings>').encode()
    assert any("percent" in e for e in ooxml_schema.errors(bad_zoom))
    out_of_order = (f'<w:settings xmlns:w="{W[1:-1]}"><w:defaultTabStop w:val="720"/>'
                    '<w:zoom w:percent="100"/></w:settings>').encode()
    assert ooxml_schema.errors(out_of_order)
    unknown = f'<w:document xmlns:w="{W[1:-1]}"><w:body><w:bogus/></w:body></w:document>'.encode()
    assert ooxml_schema.errors(unknown)


def test_ignorable_extensions_are_set_aside_not_failed() -> None:
    """Word 2010+ markup in an mc:Ignorable namespace is what a standard reader skips; it is not an error."""
    doc = (f'<w:document xmlns:w="{W[1:-1]}" xmlns:mc="{ooxml_schema.MC}" '
           'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14">'
           '<w:body><w:p w14:paraId="1A2B3C4D"><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>').encode()
    assert ooxml_schema.errors(doc) == []


def _settings(package: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return etree.fromstring(archive.read("word/settings.xml"))


def test_word_2013_compatibility_mode(built: Path) -> None:
    for package in _packages(built).values():
        settings = _settings(package)
        modes = [s.get(f"{W}val") for s in settings.iter(f"{W}compatSetting") if s.get(f"{W}name") == "compatibilityMode"]
        assert modes == ["15"]
        assert settings.find(f"{W}zoom").get(f"{W}percent") == "100"


def test_settings_of_any_template_are_repaired_in_schema_order() -> None:
    """A reference template's settings without zoom or compat get both, where CT_Settings puts them."""
    from generator.writers.docx_settings import prepare_settings

    settings = etree.fromstring(
        f'<w:settings xmlns:w="{W[1:-1]}"><w:defaultTabStop w:val="720"/>'
        '<w:rsids><w:rsidRoot w:val="00B47730"/></w:rsids></w:settings>')
    prepare_settings(settings)
    assert [etree.QName(c).localname for c in settings] == ["zoom", "defaultTabStop", "compat", "rsids"]
    assert ooxml_schema.errors(etree.tostring(settings)) == []
    old = etree.fromstring(
        f'<w:settings xmlns:w="{W[1:-1]}"><w:zoom w:val="bestFit"/><w:compat><w:compatSetting '
        'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="12"/></w:compat>'
        '</w:settings>')
    prepare_settings(old)
    assert old.find(f"{W}zoom").get(f"{W}percent") == "100"
    assert old.find(f"{W}compat/{W}compatSetting").get(f"{W}val") == "15"
    assert ooxml_schema.errors(etree.tostring(old)) == []
