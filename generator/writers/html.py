"""The HTML writer: a Document as one self-contained, accessible HTML5 page.

Everything is in the file: the stylesheet (screen and print), charts as inline SVG with
a title and description and their data as a table, notes with links back to where they
are cited. The brief's title is the page's only ``h1``; model headings start at ``h2``.
All text is escaped and only the model's safe URLs become links. Same document, same bytes.
The page's own IDs contain "_", which heading anchors (``markdown.slug``) never do, so they cannot clash.
"""
from __future__ import annotations

from html import escape

from generator import model
from generator.model import Document, WriteOptions
from generator.writers.html_style import STYLESHEET, page_marking
from generator.render.chartspec import format_decimals
from generator.figures.formatting import number as format_number
from generator.writers.html_svg import chart_svg
from generator.writers.title_facts import audience_shown, title_separator
from generator.writers.visitor import Visitor


def text(value: str) -> str:
    """Model text as HTML character data (attribute-safe too)."""
    return escape(model.strip_controls(value), quote=True)


class HtmlWriter(Visitor):
    """Blocks and inlines to HTML strings."""

    def __init__(self, doc: Document, options: WriteOptions):
        super().__init__(options)
        self.numbers = model.note_numbers(doc)
        self.meta = doc.meta  # its terms: the page's fixed words in the brief's language
        self.defined = {note.note_id for note in doc.notes}
        self.cited: dict[str, int] = {}  # note ID -> references so far, for unique back-link targets
        self.charts = 0

    # ------------------------------------------------------------------ blocks
    def block_heading(self, node: model.Heading) -> str:
        level = min(max(node.level, 1), 3) + 1
        anchor = f' id="{text(node.anchor)}"' if node.anchor else ""
        return f"<h{level}{anchor}>{self.text(node.children)}</h{level}>"

    def block_paragraph(self, node: model.Paragraph) -> str:
        css = f' class="{text(node.style)}"' if node.style else ""
        return f"<p{css}>{self.text(node.children)}</p>"

    def block_bullet_list(self, node: model.BulletList) -> str:
        return "<ul>\n" + "\n".join(self.list_item(item) for item in node.items) + "\n</ul>"

    def block_numbered_list(self, node: model.NumberedList) -> str:
        start = f' start="{node.start}"' if node.start != 1 else ""
        return f"<ol{start}>\n" + "\n".join(self.list_item(item) for item in node.items) + "\n</ol>"

    def list_item(self, item: model.ListItem) -> str:
        if len(item.blocks) == 1 and isinstance(item.blocks[0], model.Paragraph) and not item.blocks[0].style:
            return f"<li>{self.text(item.blocks[0].children)}</li>"
        return "<li>" + "\n".join(self.blocks(item.blocks)) + "</li>"

    def block_table(self, node: model.Table) -> str:
        columns = max([len(node.header), *(len(r) for r in node.rows)], default=0)
        align = [node.align[i] if i < len(node.align) else "left" for i in range(columns)]
        css = ' class="keyfigures"' if node.style == "keyfigures" else ""
        out = [f"<table{css}>"]
        if node.caption:
            out.append(f"<caption>{self.text(node.caption)}</caption>")
        if node.widths and len(node.widths) == columns:
            total = sum(node.widths)
            out.append("<colgroup>" + "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in node.widths)
                       + "</colgroup>")
        if node.header:
            out.append("<thead><tr>" + "".join(self.cell("th", c, align[i], ' scope="col"')
                                               for i, c in enumerate(node.header)) + "</tr></thead>")
        out.append("<tbody>")
        for row in node.rows:
            cells = [self.cell("th" if i == 0 else "td", c, align[i], ' scope="row"' if i == 0 else "")
                     for i, c in enumerate(row)]
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table>")
        return "\n".join(out)

    def cell(self, tag: str, cell: model.TableCell, align: str, scope: str) -> str:
        css = ' class="num"' if align == "right" else ""
        return f"<{tag}{scope}{css}>{self.text(cell.children)}</{tag}>"

    def block_chart(self, node: model.Chart) -> str:
        self.charts += 1
        element_id = f"chart_{self.charts}"
        caption = self.text(node.caption)
        source = self.text(node.source)
        decimals = format_decimals(node.number_format)
        unit = f" ({text(node.unit)})" if node.unit else ""
        head = "".join(f'<th scope="col" class="num">{text(s.name)}{unit}</th>' for s in node.series)

        def cell(series: model.Series, index: int) -> str:
            value = series.values[index] if index < len(series.values) else None  # a short series: a gap
            shown = "—" if value is None else format_number(value, decimals, self.meta.language)
            return f'<td class="num">{shown}</td>'

        rows = "".join(f'<tr><th scope="row">{text(c)}</th>' + "".join(cell(s, i) for s in node.series) + "</tr>"
                       for i, c in enumerate(node.categories))
        data = (f"<details><summary>{text(self.meta.term('web.chart_data', 'Data for this chart'))}</summary>"
                f"<table><thead><tr>"
                f'<th scope="col">{text(node.x_label) or text(self.meta.term("web.category", "Category"))}</th>'
                f'{head}</tr></thead>'
                f"<tbody>{rows}</tbody></table></details>")
        figcaption = (f'<span class="caption">{caption}</span>' if caption else "") + \
                     (f'<br><span class="source">{source}</span>' if source else "")
        return (f'<figure class="chart">\n{chart_svg(node, element_id, self.meta.language)}\n'
                f"<figcaption>{figcaption}</figcaption>\n</figure>\n{data}")

    def block_callout(self, node: model.Callout) -> str:
        title = f'<p class="callout-title">{text(node.title)}</p>\n' if node.title else ""
        return (f'<div class="callout {text(node.kind)}">\n{title}' + "\n".join(self.blocks(node.blocks))
                + "\n</div>")

    def block_page_break(self, node: model.PageBreak) -> str:
        return '<div class="page-break" aria-hidden="true"></div>'

    # ------------------------------------------------------------------ inlines
    def text(self, inlines: tuple[model.Inline, ...]) -> str:
        return "".join(self.inlines(inlines))

    def inline_text(self, node: model.Text) -> str:
        return text(node.text)

    def inline_strong(self, node: model.Strong) -> str:
        return f"<strong>{self.text(node.children)}</strong>"

    def inline_emphasis(self, node: model.Emphasis) -> str:
        return f"<em>{self.text(node.children)}</em>"

    def inline_link(self, node: model.Link) -> str:
        url = model.safe_url(node.url)
        inner = self.text(node.children)
        return f'<a href="{text(url)}">{inner}</a>' if url else inner

    def inline_line_break(self, node: model.LineBreak) -> str:
        return "<br>"

    def inline_note_ref(self, node: model.NoteRef) -> str:
        number = self.numbers.get(node.note_id)
        if number is None:  # only the notes' own text can cite a note the body never cites
            return ""
        if node.note_id not in self.defined:
            self.check_note(node.note_id, self.defined, f"shown as [{number}]")
            return f"<sup>[{number}]</sup>"
        count = self.cited[node.note_id] = self.cited.get(node.note_id, 0) + 1
        return (f'<sup><a class="noteref" id="ref_{number}_{count}" href="#note_{number}" '
                f'aria-label="{text(self.meta.term("web.note_ref", "Note {number}").format(number=number))}">'
                f'[{number}]</a></sup>')

    # ------------------------------------------------------------------ notes
    def notes(self, doc: Document) -> str:
        by_id = {note.note_id: note for note in doc.notes}
        items = []
        for note_id, number in self.numbers.items():
            if note_id not in by_id:
                continue
            cited = self.cited.get(note_id, 0)
            back_words = text(self.meta.term("web.back", "back to citation"))
            back = " ".join(f'<a class="backref" href="#ref_{number}_{k}">\u21a9<span class="hidden"> '
                            f'{back_words}</span>{"" if cited == 1 else f"<sup>{k}</sup>"}</a>'
                            for k in range(1, cited + 1))
            notes_text = "".join(self.inline(i) for i in by_id[note_id].children if not isinstance(i, model.NoteRef))
            items.append(f'<li id="note_{number}">{notes_text} {back}</li>')
        if not items:
            return ""
        heading = text(self.meta.term("notes", "Notes"))
        return (f'<section class="notes" aria-labelledby="notes_heading">\n<h2 id="notes_heading">{heading}</h2>\n'
                "<ol>\n" + "\n".join(items) + "\n</ol>\n</section>")


def head(meta: model.Meta) -> str:
    tags = ['<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{text(meta.title)}</title>"]
    for name, value in (("description", meta.subject), ("author", meta.author),
                        ("keywords", ", ".join(meta.keywords)), ("dcterms.created", meta.created)):
        if value:
            tags.append(f'<meta name="{name}" content="{text(value)}">')
    tags.append('<meta name="generator" content="brief">')
    return "\n".join(tags) + f"\n<style>{STYLESHEET}{page_marking(model.strip_controls(meta.marking))}</style>"


def title_block(meta: model.Meta) -> str:
    out = ['<header class="title-block">']
    if meta.marking:
        out.append(f'<p class="marking">{text(meta.marking)}</p>')
    if meta.watermark:
        out.append(f'<p class="watermark">{text(meta.watermark)}</p>')
    if audience_shown(meta):  # not again when the subtitle names it
        audience = meta.term("web.for", "For: {audience}").format(audience=meta.audience)
        out.append(f'<p class="audience">{text(audience)}</p>')
    out.append(f"<h1>{text(meta.title)}</h1>")
    if meta.subtitle:
        out.append(f'<p class="subtitle">{text(meta.subtitle)}</p>')
    separator = text(title_separator(meta))
    published = separator.join(text(v) for v in (meta.date, meta.edition, meta.author) if v)
    if published:
        out.append(f'<p class="published">{published}</p>')
    out.append("</header>")
    return "\n".join(out)


def footer(meta: model.Meta) -> str:
    out = ["<footer>"]
    if meta.version:
        out.append(f'<p class="version">{text(meta.version)}</p>')
    if meta.contact:
        contact = model.contact_inline(meta.contact)  # an e-mail or web address is a live link, as in Word and the PDF
        shown = (f'<a href="{text(contact.url)}">{text(meta.contact.strip())}</a>' if isinstance(contact, model.Link)
                 else text(meta.contact))
        label = text(meta.term("web.contact", "Contact: {contact}")).replace("{contact}", shown)
        out.append(f'<p class="small">{label}</p>')
    if meta.marking:
        out.append(f'<p class="marking">{text(meta.marking)}</p>')
    out.append("</footer>")
    return "\n".join(out)


def write(doc: Document, options: WriteOptions) -> bytes:
    """Render ``doc`` as one UTF-8 HTML5 page."""
    writer = HtmlWriter(doc, options)
    body = "\n".join(writer.blocks(doc.blocks))
    notes = writer.notes(doc)
    lang = text(doc.meta.language or "en")
    page = (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n{head(doc.meta)}\n</head>\n<body>\n'
            f'<a class="skip" href="#brief_content">{text(doc.meta.term("web.skip", "Skip to the brief"))}</a>\n'
            f'{title_block(doc.meta)}\n'
            f'<main id="brief_content">\n{body}\n{notes}\n</main>\n{footer(doc.meta)}\n</body>\n</html>\n')
    return page.encode("utf-8")
