"""The render phase: selection + figures → layout template (Markdown) → document model.

The layout template decides order and wording; this module only prepares what
it may read and turns its Markdown into a :class:`~generator.model.Document`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping
from typing import Any, Callable

from jinja2 import TemplateNotFound, TemplateSyntaxError

from generator import formatting, model
from generator.briefs import BRIEF_FIELDS
from generator.compute import CheckResult
from generator.content import Content, Item
from generator.diagnostics import Diagnostics, Location, relative
from generator.figures import Figure
from generator.markdown import TooDeep, to_blocks
from generator.prose import ProseRenderer
from generator.schema import pick_language
from generator.select import Selection
from generator.templating import (RENDER_ERRORS, layout_environment, md_escape, render_bounded,
                                  template_frame)

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
DEFAULT_TEMPLATE = "brief.md.j2"


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
class Context:
    """Everything a brief's rendering reads."""

    content: Content
    figures: dict[str, Figure]
    checks: list[CheckResult]
    version: dict[str, str]
    root: Path
    extra: dict[str, Any] = field(default_factory=dict)


class LazyView(Mapping):
    """An item as templates see it: each prose field renders on first read, so only the
    fields a template shows count as shown (their figures, their source notes)."""

    def __init__(self, values: dict[str, Any], thunks: dict[str, Callable[[], Any]]):
        self._values, self._thunks = values, thunks

    def __getitem__(self, key: str) -> Any:
        if key not in self._values and key in self._thunks:
            self._values[key] = self._thunks.pop(key)()
        return self._values[key]

    def __iter__(self):
        return iter([*self._values, *self._thunks])

    def __len__(self) -> int:
        return len(self._values) + len(self._thunks)


def item_view(item: Item, audience: str, lang: str, prose: ProseRenderer, content: Content) -> LazyView:
    """An item with its prose rendered (lazily) for one audience and language."""
    fields = {**item.prose, **item.audiences.get(audience, {})}
    values: dict[str, Any] = {"id": item.id, "kind": item.kind, "tags": item.tags,
                              "level": item.attrs.get("level", "")}

    def field(name: str) -> Callable[[], str]:
        raw = item.attrs.get(name) if name in ("actor", "instrument") else fields.get(name)
        text = pick_language(raw, lang) if isinstance(raw, dict) else raw
        where, cite = item.locs.get(name, item.loc), name in ("summary", "text")
        return lambda: prose.render(text, where, f"{item.id}.{name}", cite=cite) if text else ""

    thunks = {name: field(name) for name in ("title", "summary", "text", "actor", "instrument")}
    values["refs"] = [{"id": r, "title": pick_language(content.items[r].prose.get("title"), lang)}
                      for r in item.refs if r in content.items]
    values["parts"] = [item_view(p, audience, lang, prose, content) for p in item.parts]
    return LazyView(values, thunks)


def compose(selection: Selection, ctx: Context, diags: Diagnostics) -> Composed | None:
    """Render one brief to a Document; None (with diagnostics) if its template or prose fails."""
    brief = selection.brief
    lang = brief.language
    prose = ProseRenderer(ctx.figures, lang, diags)
    before = len(diags.errors)
    sections = []
    for index, section in enumerate(brief.sections):
        view = {"kind": section.kind, **section.options}
        for key in ("text", "intro"):
            if key in section.options:
                view[key] = prose.render(pick_language(section.options[key], lang), section.locs.get(key, section.loc),
                                         f"{brief.id}.sections[{index}].{key}")
        if section.kind == "figures_table":
            view["figure_ids"] = section.options.get("figures") or list(ctx.figures)
        view["items"] = [item_view(i, str(brief.fields["audience"]), lang, prose, ctx.content)
                         for i in selection.items.get(index, [])]
        sections.append(view)
    figure_views = {fid: prose.fig[fid] for fid in selection.figures if fid in ctx.figures}
    context = {
        "brief": {**dict.fromkeys(BRIEF_FIELDS, ""), "key_figures": [], "id": brief.id,
                  **{k: (pick_language(v, lang) if isinstance(v, dict) else v) for k, v in brief.fields.items()}},
        "sections": sections, "fig": prose.fig, "figures": figure_views,
        "checks": ctx.checks, "all_figures": ctx.figures,
        "sources": ctx.content.sources, "version": ctx.version, **ctx.extra,
    }
    markdown = _render_layout(brief, context, ctx.root, diags)
    prose.used.extend(prose.fig.take_used())
    if markdown is None or len(diags.errors) > before:
        return None
    charts_used: list[str] = []
    unknown_charts: list[str] = []
    markdown += _note_definitions(markdown, ctx)
    try:
        blocks, notes = to_blocks(markdown, lambda cid: _chart(cid, ctx, charts_used, unknown_charts))
    except TooDeep as exc:  # only a layout template can nest this deep: prose fields are checked
        diags.error(Location(brief.fields.get("template") or f"generator/templates/{DEFAULT_TEMPLATE}", 1, 1),
                    "template-nesting", str(exc))
        return None
    if unknown_charts:  # only a brief's own layout can name a chart that select() did not check
        diags.error(Location(brief.fields.get("template") or f"generator/templates/{DEFAULT_TEMPLATE}", 1, 1),
                    "template-chart", f"the layout names unknown chart(s) {', '.join(map(repr, unknown_charts))}")
        return None
    meta = _meta(brief, ctx)
    document = model.Document(meta, tuple(b for b in blocks if b is not None), tuple(notes))
    words = len(model.document_text(document).split())
    return Composed(document, list(dict.fromkeys(prose.used + selection.figures)), charts_used,
                    selection.item_ids(), words, markdown)


def _render_layout(brief, context: dict[str, Any], root: Path, diags: Diagnostics) -> str | None:
    name = brief.fields.get("template") or DEFAULT_TEMPLATE
    search = [root, PACKAGE_TEMPLATES] if brief.fields.get("template") else [PACKAGE_TEMPLATES]
    env, loader = layout_environment(tuple(search))
    shown = name if brief.fields.get("template") else f"generator/templates/{name}"
    try:
        return render_bounded(env.get_template(name), context)
    except TemplateSyntaxError as exc:  # maybe in an included template: exc.filename says which
        where = _shown_template(exc.filename, root) if exc.filename else shown
        diags.error(Location(where, exc.lineno or 1, 1), "template-syntax", exc.message or str(exc))
    except TemplateNotFound as exc:
        file, line = template_frame(exc, loader.loaded.__contains__)
        diags.error(Location(_shown_template(file, root) if file else shown, line or 1, 1), "template-missing", f"template {exc.name!r} not found "
                    "inside the project (include and import paths are relative to the project folder)")
    except RENDER_ERRORS as exc:
        file, line = template_frame(exc, loader.loaded.__contains__)
        diags.error(Location(_shown_template(file, root) if file else shown, line or 1, 1), "template-render",
                    str(exc) or type(exc).__name__)
    return None


def _shown_template(filename: str, root: Path) -> str:
    """A template file as messages show it: relative to the project, or generator/templates/NAME."""
    path = Path(filename)
    if path.is_relative_to(PACKAGE_TEMPLATES):
        return f"generator/templates/{path.relative_to(PACKAGE_TEMPLATES).as_posix()}"
    return relative(path, root)


def _note_definitions(markdown: str, ctx: Context) -> str:
    lines = []
    for source in ctx.content.sources.values():
        if f"[^{source.id}]" in markdown:
            year = f" ({source.year})" if source.year else ""
            link = f" [{md_escape(source.url)}]({source.url})" if model.safe_url(source.url) else ""
            lines.append(f"[^{source.id}]: {md_escape(source.publisher)}, *{md_escape(source.title)}*{year}.{link}")
    return "\n\n" + "\n\n".join(lines) + "\n" if lines else ""


def _chart(cid: str, ctx: Context, used: list[str], unknown: list[str]) -> model.Block | None:
    chart = ctx.content.charts.get(cid)
    if chart is None:
        unknown.append(cid)
        return None
    used.append(cid)
    series = tuple(model.Series(name, tuple(ctx.figures[f].value if f in ctx.figures else 0.0 for f in fids))
                   for name, fids, _w in chart.series)
    sources = dict.fromkeys(s for _n, fids, _w in chart.series for f in fids if f in ctx.figures
                            for s in ctx.figures[f].sources)
    names = "; ".join(ctx.content.sources[s].publisher for s in sources if s in ctx.content.sources)
    caption = f"Figure {len(used)}. {chart.caption or chart.title}"
    decimals = max((ctx.figures[f].decimals for _n, fids, _w in chart.series for f in fids if f in ctx.figures),
                   default=1)
    return model.Chart(cid, chart.kind, chart.title, chart.categories, series, chart.unit, chart.x_label,
                       chart.y_label or formatting.describe_unit(chart.unit).capitalize(),
                       (model.Text(caption),), (model.Text(f"Source: {names}." if names else ""),),
                       chart.alt_text or _alt_text(chart.title, chart.categories, series, chart.unit),
                       "0" if decimals == 0 else "0." + "0" * min(decimals, 2))


def _alt_text(title: str, categories, series, unit: str) -> str:
    parts = [f"{s.name}: " + ", ".join(f"{c} {v:g}" for c, v in zip(categories, s.values)) for s in series]
    return f"{title} ({unit}). " + "; ".join(parts) + "."


def _meta(brief, ctx: Context) -> model.Meta:
    lang = brief.language
    version = ctx.version
    return model.Meta(
        title=brief.text("title"), subtitle=brief.text("subtitle"),
        audience=str(brief.fields.get("audience_label") or brief.fields.get("audience") or ""),
        date=str(brief.fields.get("date") or version.get("date_text", "")),
        edition=str(brief.fields.get("edition") or ""), author=str(brief.fields.get("author") or ""),
        contact=str(brief.fields.get("contact") or ""), marking=str(brief.fields.get("marking") or ""),
        watermark=str(brief.fields.get("watermark") or ""), version=version.get("stamp", ""),
        subject=brief.text("purpose"), keywords=tuple(brief.fields.get("keywords") or ()), language=lang,
        created=version.get("created", model.FALLBACK_CREATED),
    )
