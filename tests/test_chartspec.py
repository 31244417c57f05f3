"""Charts analysts use, drawn alike in both formats: time axes, projections, gaps, stacked bars.

The specification (generator/render/chartspec.py) is checked directly; the DOCX chart XML and the PDF text
are read back to see that each writer drew what the specification says.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import pdf_text
from generator.render.chartspec import chart_spec, format_code, nice_scale, tick_decimals
from generator.model import Chart, Document, Heading, Meta, Series, Text, WriteOptions
from generator.writers import get_writer

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def chart(kind: str, categories, series, **options) -> Chart:
    return Chart("c", kind, "Demo chart", tuple(categories), tuple(Series(n, tuple(v)) for n, v in series),
                 "USD bn", "Year", "Billion US dollars", (Text("Figure 1."),), (), "alt", "0.0", **options)


def docx_chart(block: Chart) -> etree._Element:
    data = get_writer("docx")(Document(Meta(title="t"), (block,)), WriteOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/charts/chart1.xml"))


def pdf_words(block: Chart) -> list[str]:
    data = get_writer("pdf")(Document(Meta(title="t"), (Heading(1, (Text("Charts"),)), block)), WriteOptions())
    return " ".join(pdf_text(data)).split()


# ---------------------------------------------------------------- the specification
def test_years_on_a_line_chart_are_spaced_by_time() -> None:
    spec = chart_spec(chart("line", ["2020", "2022", "2030"], [("S", [1, 2, 3])]))
    assert spec.x_positions == (2020, 2022, 2030)
    assert spec.time_axis is not None and spec.time_axis.labels == ("2020", "2022", "2024", "2026", "2028", "2030")
    # Bars stay one per category; "category" keeps a line chart's categories evenly spaced.
    assert chart_spec(chart("bar", ["2020", "2022", "2030"], [("S", [1, 2, 3])])).time_axis is None
    evenly = chart_spec(chart("line", ["2020", "2022", "2030"], [("S", [1, 2, 3])], x_scale="category"))
    assert evenly.time_axis is None and evenly.x_positions == (0, 1, 2)
    assert chart_spec(chart("line", ["2015", "2017 Q1"], [("S", [1, 2])])).time_axis is None


def test_projections_gaps_and_labels() -> None:
    spec = chart_spec(chart("line", ["2020", "2021", "2022", "2023"], [("S", [1.04, None, 2.25, -0.05])],
                            projected_from="2022"))
    series = spec.series[0]
    assert series.projected == (False, False, True, True)
    assert series.values[1] is None and series.labels == ("1.0", None, "2.3", "\u22120.1")
    assert spec.first_projected == 2


def test_stacked_scale_covers_the_stacks() -> None:
    spec = chart_spec(chart("bar", ["A", "B"], [("x", [30, 40]), ("y", [25, 35]), ("z", [-5, 2])], stacked=True))
    assert spec.stacked and spec.value_axis.maximum >= 77 and spec.value_axis.minimum <= -5


def test_number_formats_print_what_the_prose_prints() -> None:
    assert format_code(1) == '#,##0.0;"\u2212"#,##0.0' and format_code(0) == '#,##0;"\u2212"#,##0'
    assert tick_decimals(0.25) == 2 and tick_decimals(0.5) == 1 and tick_decimals(5) == 0
    low, high, step = nice_scale([-3.7, -0.2, 0.5, 2.5, 1.5])
    assert (low, step) == (-6, 2) and high >= 4


def test_value_axis_leaves_room_for_labels_beyond_the_longest_bar() -> None:
    low, high, step = nice_scale([-3.7, -0.2, 0.5, 2.5, 1.5])
    assert (low, step) == (-6, 2) and high >= 4
    low, high, step = nice_scale([34.76, 37.3])
    assert low == 0 and high - 37.3 >= 0.4 * step


def test_too_many_points_get_no_labels() -> None:
    spec = chart_spec(chart("bar", [str(i) for i in range(13)], [("S", list(range(13)))]))
    assert all(label is None for label in spec.series[0].labels)


# ---------------------------------------------------------------- what each writer draws
def test_time_axis_in_word_is_a_scatter_chart_over_the_years() -> None:
    block = chart("line", ["2020", "2022", "2030"], [("Actual", [1.5, 2.0, 3.25])], projected_from="2030")
    xml = docx_chart(block)
    plot = xml.find(f".//{C}scatterChart")
    assert plot is not None
    x_values = [float(v.text) for v in plot.iterfind(f".//{C}xVal//{C}v")]
    assert x_values == [2020, 2022, 2030]
    x_axis = xml.findall(f".//{C}valAx")[0]
    assert float(x_axis.find(f"{C}scaling/{C}min").get("val")) == 2020
    assert float(x_axis.find(f"{C}majorUnit").get("val")) == 2
    # The projection: the segment into 2030 is dashed.
    points = plot.findall(f".//{C}dPt")
    assert [p.find(f"{C}idx").get("val") for p in points] == ["2"]
    assert points[0].find(f".//{A}prstDash").get("val") == "dash"
    words = pdf_words(block)
    for label in ("1.5", "2.0", "3.3", "2020", "2022", "2030"):
        assert label in words, label


def test_gaps_are_gaps_in_both_formats() -> None:
    from generator.writers.pdf_charts import _runs

    block = chart("line", ["Q1", "Q2", "Q3", "Q4"], [("S", [1.25, None, 2.75, 3.0])])
    xml = docx_chart(block)
    assert [p.get("idx") for p in xml.iterfind(f".//{C}val//{C}pt")] == ["0", "2", "3"]
    assert xml.find(f".//{C}dispBlanksAs").get("val") == "gap"
    assert _runs(chart_spec(block).series[0].values) == [[0], [2, 3]]  # the PDF draws two pieces
    words = pdf_words(block)
    assert "1.3" in words and "2.8" in words


def test_stacked_bars_in_both_formats() -> None:
    block = chart("bar", ["2015", "2016"], [("Exports", [34.8, 37.3]), ("Imports", [33.3, 32.2])],
                  stacked=True, projected_from="2016")
    xml = docx_chart(block)
    assert xml.find(f".//{C}grouping").get("val") == "stacked"
    assert xml.find(f".//{C}overlap").get("val") == "100"
    projected = [p.find(f"{C}idx").get("val") for p in xml.iterfind(f".//{C}dPt")]
    assert projected == ["1", "1"]  # the 2016 column of each series
    words = pdf_words(block)
    for label in ("34.8", "37.3", "33.3", "32.2"):
        assert label in words


def test_word_and_pdf_share_colours_and_axis_title() -> None:
    block = chart("bar", ["A", "B"], [("One", [1, 2]), ("Two", [3, 4])])
    spec = chart_spec(block)
    xml = docx_chart(block)
    fills = [ser.find(f"{C}spPr/{A}solidFill/{A}srgbClr").get("val") for ser in xml.iter(f"{C}ser")]
    assert fills == [s.colour for s in spec.series]
    titles = ["".join(t.itertext()) for t in xml.iterfind(f".//{C}valAx/{C}title")]
    assert titles == ["Billion US dollars"]
    assert "Billion US dollars" in " ".join(pdf_words(block))


# ---------------------------------------------------------------- content
CHARTS = """charts:
  - id: path
    kind: line
    title: Trade path
    categories: ["2015", "2016", "2030"]
    unit: USD bn
    projected_from: "2030"
    series:
      - name: Trade
        figures: [trade_2015, trade_2016, null]
"""


def _with_chart(mini: Path, charts: str) -> None:
    (mini / "content" / "charts.yaml").write_text(charts, encoding="utf-8")
    brief = mini / "briefs" / "demo.yaml"
    brief.write_text(brief.read_text().replace("  - checks", "  - checks\n  - kind: charts\n    charts: [path]"))


def test_content_declares_projections_and_missing_values(mini: Path, run_cli, tmp_path: Path) -> None:
    _with_chart(mini, CHARTS)
    code, _out, err = run_cli("--root", str(mini), "build", "--out", str(tmp_path / "out"))
    assert code == 0, err
    data = (tmp_path / "out" / "demo.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = etree.fromstring(archive.read("word/charts/chart1.xml"))
        document = archive.read("word/document.xml").decode()
    assert xml.find(f".//{C}scatterChart") is not None  # 2015, 2016, 2030 spaced by time
    assert len(list(xml.iterfind(f".//{C}yVal//{C}pt"))) == 2  # 2030 has no value: a gap
    # Alt text numbers are rounded as the text rounds them.
    alt = re.search(r'descr="([^"]*)"', document).group(1)
    assert "2016 69.5" in alt and "2030 no value" in alt


@pytest.mark.parametrize("field, value, code", [
    ("x_scale", "log", "chart-x-scale"),
    ("projected_from", '"2040"', "chart-projection"),
    ("stacked", "true", "chart-stacked"),
])
def test_chart_options_that_make_no_sense_are_located_errors(mini: Path, run_cli, field, value, code) -> None:
    _with_chart(mini, CHARTS.replace('    projected_from: "2030"\n', f"    {field}: {value}\n"))
    exit_code, _out, err = run_cli("--root", str(mini), "check")
    assert exit_code == 1
    assert f"content/charts.yaml:7:{len(field) + 7}: error[{code}]" in err, err  # at the option, not the chart


def test_alt_text_of_a_missing_value_is_in_the_brief_language(mini: Path, run_cli, tmp_path: Path) -> None:
    # The words for a point without a figure come from the terms file, not English fixed in compose.
    _with_chart(mini, CHARTS)
    brief = mini / "briefs" / "demo.yaml"
    brief.write_text(brief.read_text().replace("audience: ministry", "audience: ministry\nlanguage: fr", 1))
    code, _out, err = run_cli("--root", str(mini), "build", "--out", str(tmp_path / "out"))
    assert code == 0, err
    with zipfile.ZipFile(tmp_path / "out" / "demo.docx") as archive:
        document = archive.read("word/document.xml").decode()
    alt = re.search(r'descr="([^"]*)"', document).group(1)
    assert "2030 aucune valeur" in alt and "no value" not in alt


def test_chart_numbers_are_written_as_the_brief_language_writes_them() -> None:
    # The prose and alt text of a French brief say "1 234,5"; its charts' labels and ticks say the same.
    block = chart("bar", ["2015", "2016"], [("S", [1234.5, 2.5])])
    assert chart_spec(block).series[0].labels == ("1,234.5", "2.5")
    spec = chart_spec(block, "fr")
    assert spec.series[0].labels == ("1\u202f234,5", "2,5")
    assert "1\u202f000" in spec.value_axis.labels
    data = get_writer("pdf")(Document(Meta(title="t", language="fr"), (Heading(1, (Text("Graphiques"),)), block)),
                             WriteOptions())
    words = " ".join(pdf_text(data))
    assert "234,5" in words and "1,234.5" not in words
    html = get_writer("html")(Document(Meta(title="t", language="fr"), (block,)), WriteOptions()).decode()
    assert "234,5" in html and "1,234.5" not in html and "2.5<" not in html
