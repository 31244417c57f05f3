"""The small spreadsheet embedded behind each Word chart, so Word's "Edit Data" opens its numbers.

Layout matches the chart's formulas: categories in column A from row 2, one
series per column from B, series names in row 1.
"""
from __future__ import annotations

import io
import math
import zipfile
from xml.sax.saxutils import escape

from generator.model import Chart
from generator.writers.docx_xml import clean

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Target="xl/workbook.xml" '
        f'Type="{_REL}/officeDocument"/></Relationships>'),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        f'Type="{_REL}/worksheet"/><Relationship Id="rId2" Target="styles.xml" Type="{_REL}/styles"/>'
        '</Relationships>'),
}
_NUMBER_STYLE = 1  # cellXfs index of the chart's number format


def _styles(number_format: str) -> str:
    """The stylesheet Excel expects in every workbook (without it "Edit Data" repairs the file):
    one font, the two fills Excel reserves, one border, the default style and the chart's number format."""
    fmt = escape(clean(number_format) or "General", {'"': "&quot;"})
    return (f'<styleSheet xmlns="{_MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="{fmt}"/></numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '<dxfs count="0"/><tableStyles count="0"/></styleSheet>')


def column(index: int) -> str:
    """Spreadsheet column letters of 0-based ``index`` (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _text_cell(ref: str, text: str) -> str:
    text = clean(text)
    # SpreadsheetML's schema has no xml:space on <t>; Excel keeps edge spaces only with it, so it goes
    # only where it is needed.
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def _sheet(chart: Chart, x_values: tuple[float, ...] | None) -> str:
    header = _text_cell("A1", chart.unit) + "".join(
        _text_cell(f"{column(i + 1)}1", s.name) for i, s in enumerate(chart.series))
    rows = [f'<row r="1">{header}</row>']
    for r, category in enumerate(chart.categories, start=2):
        # A time axis plots x values, so its categories (years) are numbers.
        cells = [_text_cell(f"A{r}", category) if x_values is None else f'<c r="A{r}"><v>{x_values[r - 2]!r}</v></c>']
        for i, series in enumerate(chart.series):
            value = series.values[r - 2] if r - 2 < len(series.values) else None
            if isinstance(value, (int, float)) and math.isfinite(value):  # a missing value is an empty cell
                cells.append(f'<c r="{column(i + 1)}{r}" s="{_NUMBER_STYLE}"><v>{float(value)!r}</v></c>')
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    return f'<worksheet xmlns="{_MAIN}"><sheetData>{"".join(rows)}</sheetData></worksheet>'


def chart_workbook(chart: Chart, x_values: tuple[float, ...] | None = None) -> bytes:
    """An .xlsx holding the chart's data (``x_values`` in column A for a time axis), byte-identical
    for the same chart."""
    parts = {**_PARTS, "xl/styles.xml": _styles(chart.number_format),
             "xl/worksheets/sheet1.xml": _sheet(chart, x_values)}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    return out.getvalue()
