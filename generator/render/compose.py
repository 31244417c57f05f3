"""The render phase: selection + figures → layout template (Markdown) → document model.

The layout template decides order and wording; this module only prepares what
it may read and turns its Markdown into a :class:`~generator.model.Document`.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from collections.abc import Mapping
from typing import Any, Callable

from jinja2 import TemplateNotFound, TemplateSyntaxError

from generator.check import actionable, glossary
from generator.render import citations, provenance
from generator.figures import formatting
from generator.load import labels
from generator import model
from generator.load.briefs import BRIEF_FIELDS
from generator.render.citation_order import sort_citation_groups
from generator.figures.compute import CheckResult
from generator.load.content import CHART_PROSE, Content, Item
from generator.diagnostics import Diagnostics, Location, relative
from generator.figures.operations import Figure, in_unit
from generator.render.layout_blocks import check_blocks
from generator.render.markdown import MAX_MARKDOWN, TooDeep, to_blocks
from generator.render.prose import ProseRenderer
from generator.check.prose_refs import BRIEF_PROSE
from generator.render.sandbox import Budget
from generator.load.schema import pick_language
from generator.load.section_kinds import KINDS, default_heading, prose_keys
from generator.render.select import Selection
from generator.render.terms import Terms, load_terms, number_headings
from generator.load.translation import Picker, text_in
from generator.render.wordcount import word_count
from generator.render.templating import (BRIEF_SECONDS, LAYOUT_CODE, RENDER_ERRORS, RUN_SECONDS, ProjectLoader,
                                  make_environment, render_bounded, render_problem, template_frame)

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_TEMPLATE = "brief.md.j2"
TEMPLATES_FOLDER = "templates"  # a project's layouts and everything they include, import or extend


@dataclass
class Composed:
    """A brief ready to write, with what the manifest reports about it."""

    document: model.Document
    figures_used: list[str]
    charts_used: list[str]
    items_included: list[str]
    words: int = 0
    markdown: str = ""  # what the layout rendered (with note definitions), before parsing


@dataclass
class RenderInputs:
    """Everything a brief's rendering reads."""

    content: Content
    figures: dict[str, Figure]
    checks: list[CheckResult]
    version: dict[str, str]
    root: Path
    extra: dict[str, Any] = field(default_factory=dict)
    deadline: float = field(default_factory=lambda: time.process_time() + RUN_SECONDS)  # CPU time, all briefs


class LazyView(Mapping):
    """An item as templates see it: each prose field renders on first read, so only the
    fields a template shows count as shown (their figures, their source notes)."""

    def __init__(self, values: dict[str, Any], thunks: dict[str, Callable[[], Any]]):
        self._values, self._thunks = values, thunks
        self._keys = list(dict.fromkeys([*values, *thunks]))  # in the order given, whatever was read first

    def __getitem__(self, key: str) -> Any:
        if key not in self._values and key in self._thunks:
            self._values[key] = self._thunks.pop(key)()
        return self._values[key]

    def __iter__(self):
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def item_view(item: Item, audience: str, pick: Picker, prose: ProseRenderer, content: Content,
              terms: Terms) -> LazyView:
    """An item with its prose rendered (lazily) for one audience and the language ``pick`` picks."""
    lang = pick.language
    fields = {**item.prose, **item.audiences.get(audience, {})}
    values: dict[str, Any] = {"id": item.id, "kind": item.kind, "tags": item.tags, "level": item.level,
                              "priority": item.priority}

    def field(name: str) -> Callable[[], str]:
        raw = getattr(item, name) if name in ("actor", "instrument", "lead", "cost") else fields.get(name)
        where, cite = item.locs.get(name, item.loc), name in ("summary", "text")

        def render() -> str:  # picked when shown, so only a field the brief prints can miss a translation
            text = pick(raw, where, f"{item.id}.{name}")
            return prose.render(text, where, f"{item.id}.{name}", cite=cite) if text else ""
        return render

    thunks = {name: field(name) for name in ("title", "summary", "text", "actor", "instrument", "lead", "cost")}

    def label(name: str) -> Callable[[], str]:  # shown as written (a date per locale), in the brief's language
        return lambda: labels.shown(getattr(item, name), pick, item.locs.get(name, item.loc), f"{item.id}.{name}",
                                    terms("date_format"))

    thunks.update({name: label(name) for name in ("by", "added_by", "proposed_by")})
    values["refs"] = [{"id": r, "title": pick_language(content.items[r].prose.get("title"), lang)}
                      for r in item.refs if r in content.items]
    values["parts"] = [item_view(p, audience, pick, prose, content, terms) for p in item.parts]
    values["anchor"] = provenance.anchor_view(item.anchor, content, terms)
    return LazyView(values, thunks)


def compose(selection: Selection, ctx: RenderInputs, diags: Diagnostics) -> Composed | None:
    """Render one brief to a Document; None (with diagnostics) if its template or prose fails."""
    brief = selection.brief
    lang = brief.language
    if time.process_time() > ctx.deadline:
        diags.error(brief.loc, "template-time", f"brief {brief.id!r} was not rendered: the briefs before it used "
                    f"the run's {RUN_SECONDS:g} s of template CPU time")
        return None
    prose = ProseRenderer(ctx.figures, lang, diags, Budget(min(ctx.deadline, time.process_time() + BRIEF_SECONDS)))
    terms = load_terms(lang, ctx.root, Diagnostics())  # its problems are check_terms' to report
    pick = Picker(lang, diags)
    before = len(diags.errors)
    rendered = {}  # brief fields are templates too, in the brief's language
    for key in BRIEF_PROSE:
        where, key_path = brief.locs.get(key, brief.loc), f"{brief.id}.{key}"
        # A marking is the house's fixed words: no translation warning for it.
        text = brief.text(key) if key == "marking" else pick(getattr(brief, key), where, key_path)
        if text:
            rendered[key] = prose.render(text, where, key_path, cite=False)
    sections = []
    for index, section in enumerate(brief.sections):
        given = section.given()
        view: dict[str, Any] = {"kind": section.kind, **given}
        if isinstance(given.get("heading"), str):
            view["heading"] = prose.render(given["heading"], section.locs.get("heading", section.loc),
                                           f"{brief.id}.sections[{index}].heading", cite=False)
        for key in prose_keys(section.kind):
            if key in given:
                where, key_path = section.locs.get(key, section.loc), f"{brief.id}.sections[{index}].{key}"
                view[key] = prose.render(pick(given[key], where, key_path), where, key_path)
        kind = KINDS[section.kind]
        view["partial"], view["default_heading"] = kind.partial, default_heading(section, terms)
        if kind.view:
            view.update(kind.view(section, ctx.figures))
        view["items"] = [item_view(i, brief.audience, pick, prose, ctx.content, terms)
                         for i in selection.items.get(index, [])]
        sections.append(view)
    figure_views = {fid: prose.fig[fid] for fid in selection.figures if fid in ctx.figures}
    prose.used.extend(prose.fig.take_used())  # so the ask and caveat cite only their own figures
    span = actionable.evidence(selection, ctx.content, ctx.figures)
    actionable.check_evidence_age(brief, span, str(brief.date or ctx.version.get("date_text", "")),
                                  diags)
    actionable.check_required(brief, selection, ctx.content, diags)
    caveat = brief.evidence_caveat
    summary_items = [view for s in sections if KINDS[s["kind"]].summarised for view in s["items"]]

    def label_of(fig: Figure) -> str:  # a figure's label in the brief's language
        return text_in(fig.labels, lang) or fig.label

    context = {
        "brief": {**dict.fromkeys(BRIEF_FIELDS, ""), "key_figures": [], "id": brief.id,
                  **{k: (pick_language(v, lang) if isinstance(v, dict) else v) for k, v in brief.given().items()},
                  **rendered},
        "sections": sections, "fig": prose.fig, "figures": figure_views,
        "checks": ctx.checks, "all_figures": ctx.figures,
        "sources": ctx.content.sources, "version": ctx.version, "term": terms,
        "label_of": label_of,
        **ctx.extra,
        "citations": LazyView({}, {sid: _later(citations.full, s, ctx.content.sources, terms)
                                   for sid, s in ctx.content.sources.items()}),
        "obtained": LazyView({}, {fid: _later(provenance.how_obtained, fid, ctx.figures, ctx.content, terms)
                                  for fid in ctx.figures}),  # only the rows a brief shows are worded
        # a figure's period in the brief's language (data written per locale, else its translation): read
        # lazily, so only the periods a brief prints can warn that a translation is missing
        "periods": LazyView({}, {fid: _later(provenance.period_shown, fid, ctx.figures, ctx.content, terms, pick)
                                 for fid in ctx.figures}),
        "period_of": LazyView({}, {fid: _later(provenance.period_shown, fid, ctx.figures, ctx.content, terms, pick,
                                               False) for fid in ctx.figures}),
        "check_rows": [provenance.check_row(c, ctx.figures, ctx.content, terms, label_of(ctx.figures[c.figure_id]))
                       for c in ctx.checks],
        "ask": actionable.ask_view(brief, prose.render), "evidence": span,
        "evidence_caveat": prose.render(pick_language(caveat, lang), brief.locs.get("evidence_caveat", brief.loc),
                                        f"{brief.id}.evidence_caveat") if caveat else "",
        "display": actionable.key_figure_display(selection.figures, ctx.content, ctx.figures, pick, label_of),
        "summary_items": summary_items,
        "glossary_terms": glossary.used_terms(actionable.brief_raw_text(selection, ctx.content), ctx.content.glossary),
    }
    chart_text = {cid: _chart_text(ctx.content.charts[cid], prose, pick)
                  for cid in selection.charts if cid in ctx.content.charts}
    markdown = _render_layout(brief, context, ctx.root, diags, prose.env.budget)
    prose.used.extend(prose.fig.take_used())
    if markdown is None or len(diags.errors) > before:
        return None
    charts_used: list[str] = []
    unknown_charts: list[str] = []
    if ctx.content.glossary and brief.glossary != "off" and not any(
            KINDS[s.kind].lists_glossary for s in brief.sections):
        markdown, term_notes = glossary.define_first_uses(markdown, ctx.content.glossary)
        markdown += "\n\n" + "\n\n".join(term_notes) + "\n" if term_notes else ""
    markdown += _note_definitions(markdown, ctx, terms)
    _check_source_languages(markdown, brief, ctx, pick)
    try:
        blocks, notes = to_blocks(markdown, lambda cid: _chart(cid, ctx, charts_used, unknown_charts,
                                                               chart_text.get(cid, {}), terms, lang))
    except TooDeep as exc:  # only a layout template can nest this deep: prose fields are checked
        diags.error(Location(brief.template or f"generator/templates/{DEFAULT_TEMPLATE}", 1, 1),
                    "template-nesting", str(exc))
        return None
    if unknown_charts:  # only a brief's own layout can name a chart that select() did not check
        diags.error(Location(brief.template or f"generator/templates/{DEFAULT_TEMPLATE}", 1, 1),
                    "template-chart", f"the layout names unknown chart(s) {', '.join(map(repr, unknown_charts))}")
        return None
    meta = _meta(brief, ctx, rendered, terms)
    document = after_parsing(model.Document(meta, tuple(b for b in blocks if b is not None), tuple(notes)),
                             terms("heading_numbers"))
    words = word_count(model.document_text(document))
    return Composed(document, list(dict.fromkeys(prose.used + selection.figures)), charts_used,
                    selection.item_ids(), words, markdown)


def after_parsing(document: model.Document, heading_numbers: str) -> model.Document:
    """What the parsed Markdown becomes before writers see it: headings numbered as the brief's language
    numbers them, citation groups in ascending order (``--format md`` is the text before both)."""
    numbered = replace(document, blocks=number_headings(document.blocks, heading_numbers))
    return sort_citation_groups(numbered)


def _render_layout(brief, context: dict[str, Any], root: Path, diags: Diagnostics, budget: Budget) -> str | None:
    name = brief.template or DEFAULT_TEMPLATE
    # The project's templates/ folder comes after the package: a kind registered outside generator/ keeps its
    # partial there (templates/sections/<kind>.md.j2); it cannot replace a bundled one.
    own = root / TEMPLATES_FOLDER
    search = [root, PACKAGE_TEMPLATES, own] if brief.template else [PACKAGE_TEMPLATES, own]
    loader = ProjectLoader(search, [root / TEMPLATES_FOLDER, PACKAGE_TEMPLATES], fixed=[PACKAGE_TEMPLATES])
    env = make_environment(loader, budget, brief.language)
    env.bytecode_cache = LAYOUT_CODE
    env.filters["sentence"] = context["term"].sentence  # sentences end as the brief's language ends them
    shown = name if brief.template else f"generator/templates/{name}"
    try:
        template = env.get_template(name)
        if brief.template and not check_blocks(env, name, shown, diags):
            return None
        return render_bounded(template, context, seconds=BRIEF_SECONDS, limit=MAX_MARKDOWN)
    except TemplateSyntaxError as exc:  # maybe in an included template: exc.filename says which
        where = _shown_template(exc.filename, root) if exc.filename else shown
        diags.error(Location(where, exc.lineno or 1, 1), "template-syntax", exc.message or str(exc))
    except TemplateNotFound as exc:
        file, line = template_frame(exc, loader.loaded.__contains__)
        diags.error(Location(_shown_template(file, root) if file else shown, line or 1, 1), "template-missing", f"template {exc.name!r} not found "
                    f"inside the project's {TEMPLATES_FOLDER}/ folder (include and import paths are relative to the "
                    "project folder)")
    except RENDER_ERRORS as exc:
        file, line = template_frame(exc, loader.loaded.__contains__)
        diags.error(Location(_shown_template(file, root) if file else shown, line or 1, 1), "template-render",
                    render_problem(exc))
    return None


def _shown_template(filename: str, root: Path) -> str:
    """A template file as messages show it: relative to the project, or generator/templates/NAME."""
    path = Path(filename)
    if path.is_relative_to(PACKAGE_TEMPLATES):
        return f"generator/templates/{path.relative_to(PACKAGE_TEMPLATES).as_posix()}"
    return relative(path, root)


def _later(fn: Callable[..., str], *args: Any) -> Callable[[], str]:
    """``fn(*args)``, called when a template first reads it (a LazyView thunk)."""
    return lambda: fn(*args)


def _check_source_languages(markdown: str, brief, ctx: RenderInputs, pick: Picker) -> None:
    """``translation-missing`` for the sources a brief prints (in notes, chart source lines or a list of
    sources) and the sources that report them, whose description or short name lack its language."""
    listed = any(KINDS[s.kind].lists_sources for s in brief.sections)
    charted = {s for cid in ctx.content.charts for _n, fids, _w in ctx.content.charts[cid].series for f in fids
               if f in ctx.figures and f"::: chart {cid}" in markdown for s in ctx.figures[f].sources}
    sources = ctx.content.sources
    shown = [s.id for s in sources.values() if listed or f"[^{s.id}]" in markdown or s.id in charted]
    for sid in dict.fromkeys([*shown, *(sources[s].reported_in for s in shown if sources[s].reported_in in sources)]):
        labels.check_source(sources[sid], pick)


def _note_definitions(markdown: str, ctx: RenderInputs, terms: Terms) -> str:
    lines = []
    for source in ctx.content.sources.values():
        if f"[^{source.id}]" in markdown:
            lines.append(f"[^{source.id}]: {citations.full(source, ctx.content.sources, terms)}")
    return "\n\n" + "\n\n".join(lines) + "\n" if lines else ""


def _chart(cid: str, ctx: RenderInputs, used: list[str], unknown: list[str], text: dict[str, Any],
           terms: Terms, lang: str) -> model.Chart | None:
    chart = ctx.content.charts.get(cid)
    if chart is None:
        unknown.append(cid)
        return None
    chart = replace(chart, **text)  # its prose in the brief's language, rendered as templates
    used.append(cid)
    if not chart.y_label:  # drawn at a scale the language has a word for (an author's axis title names the unit)
        shown = [abs(in_unit(ctx.figures[f], chart.unit)[0]) for _n, fids, _w in chart.series for f in fids
                 if f in ctx.figures]
        chart = replace(chart, unit=formatting.display_unit(chart.unit, max(shown, default=0.0), lang))
    series = tuple(model.Series(name, tuple(in_unit(ctx.figures[f], chart.unit)[0] if f in ctx.figures else None
                                            for f in fids)) for name, fids, _w in chart.series)
    sources = dict.fromkeys(s for _n, fids, _w in chart.series for f in fids if f in ctx.figures
                            for s in ctx.figures[f].sources)
    names = terms("list_separator").join(citations.chain(ctx.content.sources[s], ctx.content.sources, terms)
                                         for s in sources if s in ctx.content.sources)
    caption = terms("figure_caption", number=len(used), caption=chart.caption or chart.title)
    decimals = max((in_unit(ctx.figures[f], chart.unit)[1] for _n, fids, _w in chart.series for f in fids
                    if f in ctx.figures), default=1)
    return model.Chart(cid, chart.kind, chart.title, chart.categories, series, chart.unit, chart.x_label,
                       chart.y_label or _sentence_case(formatting.describe_unit(chart.unit, lang)),
                       (model.Text(caption),), (model.Text(terms("source_line", sources=names) if names else ""),),
                       chart.alt_text or _alt_text(chart, ctx.figures, terms, lang),
                       "0" if decimals == 0 else "0." + "0" * min(decimals, 2),
                       chart.stacked, chart.x_scale, chart.projected_from)


def _alt_text(chart, figures: Mapping[str, Figure], terms: Terms, lang: str) -> str:
    """The chart's numbers in words, in the chart's unit and each rounded as the prose prints its figure
    ("1.5", not "1.50052"); a missing value and the punctuation in the brief's language."""
    def value(fid: str | None) -> str:
        fig = figures.get(fid) if fid else None
        return terms("chart_no_value") if fig is None else formatting.number(*in_unit(fig, chart.unit), lang)
    parts = [terms("alt.series", name=name, values=terms("alt.point_separator").join(
        terms("alt.point", category=c, value=value(f)) for c, f in zip(chart.categories, fids)))
        for name, fids, _w in chart.series]
    unit = formatting.describe_unit(chart.unit, lang)  # "" for a plain count or years: no empty brackets
    return terms.sentence(terms("alt.title", title=chart.title, unit=unit) if unit else chart.title) + terms("alt.after_title") + terms(
        "list_separator").join(parts) + terms("sentence_end")


def _chart_text(chart, prose: ProseRenderer, pick: Picker) -> dict[str, Any]:
    """A chart's title, axis titles, caption and alt text in the brief's language, rendered as templates, and
    its categories and series names."""
    out: dict[str, Any] = {}
    for key in CHART_PROSE:
        key_path = f"charts.{chart.id}.{key}"
        text = pick(chart.translations[key], chart.loc, key_path) if key in chart.translations else getattr(chart, key)
        if text:
            out[key] = prose.render(text, chart.loc, key_path, cite=False)
    # categories and series names as written in the brief's language (a period per locale)
    categories = tuple(labels.category(texts, pick, chart.category_locs[i], f"charts.{chart.id}.categories[{i}]")
                       for i, texts in enumerate(chart.category_labels))
    if chart.projected_from in chart.categories:
        out["projected_from"] = categories[chart.categories.index(chart.projected_from)]
    out["categories"] = categories
    out["series"] = [(labels.shown(texts, pick, where, f"charts.{chart.id}.series[{i}].name"), fids, where)
                     for i, (texts, (_name, fids, where)) in enumerate(zip(chart.series_names, chart.series))]
    return out


def _sentence_case(text: str) -> str:
    """First letter up, the rest as written ("Billion US dollars", not "Billion us dollars")."""
    return text[:1].upper() + text[1:]


def _meta(brief, ctx: RenderInputs, rendered: dict[str, str], terms: Terms) -> model.Meta:
    lang = brief.language
    version = ctx.version
    dated = terms.date(model.created_utc(version["created"])) if version.get("date_text") else ""
    return model.Meta(
        title=rendered.get("title", ""), subtitle=rendered.get("subtitle", ""),
        audience=brief.audience_label or brief.audience,
        date=brief.date or dated,
        edition=brief.edition or "", author=brief.author or "",
        contact=brief.contact or "", marking=rendered.get("marking", ""),
        watermark=brief.watermark or "",
        version=terms.version_stamp(version) if version.get("stamp") else "",
        subject=rendered.get("purpose", ""), keywords=brief.keywords or (), language=lang,
        created=version.get("created", model.FALLBACK_CREATED), terms=terms.meta_terms(),
        style="" if brief.style in (None, "default") else str(brief.style),
        issuer=brief.issuer or "",
    )
