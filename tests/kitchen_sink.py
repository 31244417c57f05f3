"""The kitchen-sink document: every block and inline type, rendered by every writer in golden tests."""
from generator.model import (
    BulletList, Callout, Chart, Document, Emphasis, Heading, LineBreak, Link, ListItem, Meta, Note,
    NoteRef, NumberedList, PageBreak, Paragraph, Series, Strong, Table, TableCell, Text,
)


def para(*children, style=""):
    return Paragraph(tuple(children), style)


def cell(text):
    return TableCell((Text(text),))


def kitchen_sink() -> Document:
    meta = Meta(
        title="Kitchen sink brief",
        subtitle="Every block and inline the model has",
        audience="Writers under test",
        date="1 March 2017",
        edition="Edition 3",
        author="Policy Unit",
        contact="policy@example.org",
        marking="FOR OFFICIAL USE",
        watermark="DRAFT",
        version="Content version 1a2b3c4 (2017-03-01)",
        subject="Golden test",
        keywords=("golden", "test"),
        created="2017-03-01T12:00:00Z",
    )
    blocks = (
        Heading(1, (Text("Bottom line"),), "bottom-line"),
        Callout("Bottom line", (
            para(Text("Trade reached "), Strong((Text("69.5 billion US dollars"),)), Text(" in 2016."),
                 NoteRef("src-customs")),
        ), "bottom-line"),
        para(Text("A lead paragraph in the "), Emphasis((Text("lead"),)), Text(" style."), style="lead"),
        Heading(2, (Text("Inlines & escaping"),), "inlines"),
        para(
            Text("Plain, "), Strong((Text("strong"),)), Text(", "), Emphasis((Text("emphasis"),)), Text(", "),
            Strong((Emphasis((Text("both"),)),)), Text(", a "),
            Link("https://example.org/report?a=1&b=2", (Text("link"),)),
            Text(", a note"), NoteRef("note-caveat"), Text(", markup-like text <b>not bold</b> & "
                                                        "<font color=\"red\">not red</font>,"),
            LineBreak(), Text("after a line break: Кириллица, ümlaut, em—dash."),
        ),
        Heading(3, (Text("Lists"),), "lists"),
        BulletList((
            ListItem((para(Text("First bullet")),)),
            ListItem((para(Text("Second bullet with nested list")),
                      BulletList((ListItem((para(Text("Nested bullet")),)),)))),
        )),
        NumberedList((
            ListItem((para(Strong((Text("Recommendation one."),)), Text(" Do this.")),)),
            ListItem((para(Text("Recommendation two.")),)),
        ), start=1),
        Heading(2, (Text("Tables"),), "tables"),
        Table(
            header=(cell("Figure"), cell("2016"), cell("Change")),
            rows=tuple((cell(f"Row {i}"), cell(f"{i * 1.5:.1f}"), cell(f"up {i}%")) for i in range(1, 6)),
            caption=(Text("Table 1. Sample data"), NoteRef("src-customs")),
            align=("left", "right", "right"),
            widths=(3, 1, 1),
        ),
        Table(
            header=(cell("Key figure"), cell("Value")),
            rows=((cell("Trade 2016"), cell("69.5 billion US dollars")),
                  (cell("Growth"), cell("up 2.2%"))),
            style="keyfigures",
        ),
        Chart(
            chart_id="trade-by-direction",
            kind="bar",
            title="China–Russia trade by direction",
            categories=("2015", "2016"),
            series=(Series("Exports", (34.8, 37.3)), Series("Imports", (33.3, 32.2))),
            unit="USD bn",
            x_label="Year",
            y_label="Billion US dollars",
            caption=(Text("Figure 1. Trade by direction"),),
            source=(Text("Source: China Customs"),),
            alt_text="Bar chart: exports rose from 34.8 to 37.3, imports fell from 33.3 to 32.2.",
        ),
        Chart(
            chart_id="gdp-path",
            kind="line",
            title="Russia GDP growth",
            categories=("2015", "2016", "2017 H1"),
            series=(Series("Real GDP growth", (-3.7, -0.2, 1.5)),),
            unit="%",
            x_label="Period",
            y_label="Per cent",
            caption=(Text("Figure 2. GDP growth path"),),
            source=(Text("Source: Rosstat"),),
            alt_text="Line chart of GDP growth: -3.7, -0.2, 1.5.",
        ),
        PageBreak(),
        Heading(1, (Text("After the page break"),), "after-break"),
        para(Text("The end."), NoteRef("src-customs")),
    )
    notes = (
        Note("src-customs", (Text("China Customs, trade statistics 2016. "),
                             Link("https://example.org/customs", (Text("example.org/customs"),)))),
        Note("note-caveat", (Text("A caveat with "), Emphasis((Text("emphasis"),)), Text("."))),
    )
    return Document(meta, blocks, notes)
