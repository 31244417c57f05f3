"""The validate phase: cross-references, chart shapes and prose lints, all before anything is written."""
from __future__ import annotations

import re
from typing import Iterator

from generator.load.briefs import Brief, brief_prose_fields
from generator.render.chartspec import years
from generator.load.content import ChartDef, Content, Item
from generator.diagnostics import Diagnostics, Location
from generator.check.anchors import check_anchors
from generator.check.glossary import lint_variants
from generator.check.lints import JINJA, UNSPACED, lint_framing
from generator.figures.operations import ExprError, parse_expr, references
from generator.model import CONTROL_CHARACTERS
from generator.load.labels import label_fields
from generator.load.translation import check_freshness

_URL = re.compile(r"\]\([^)]*\)|https?://\S+")
_NUMBER = re.compile(r"[-+−]?\d[\d,.]*[%％]?")
_LIST_MARKER = re.compile(r"^[ \t]*\d{1,9}[.)](?=[ \t]|$)", re.M)
_FIG_REF = re.compile(r"fig\s*(?:\.\s*([A-Za-z_]\w*)|\[\s*['\"]([^'\"]+)['\"]\s*\])")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
CHART_KINDS = ("bar", "line")
X_SCALES = ("auto", "time", "category")


def _item_prose(item: Item) -> Iterator[tuple[str, dict[str, str], Location]]:
    """(field, {language: text}, where) for every prose field of an item, audience wordings included."""
    for name, langs in item.prose.items():
        yield name, langs, item.locs.get(name, item.loc)
    for audience, fields in item.audiences.items():
        for name, langs in fields.items():
            yield f"audiences.{audience}.{name}", langs, item.locs.get("audiences", item.loc)
    for name in ("actor", "instrument"):
        if getattr(item, name):
            yield name, getattr(item, name), item.locs.get(name, item.loc)


def prose_fields(item: Item) -> Iterator[tuple[str, str, str]]:
    """(field, language, text) for every prose field of an item, audience wordings included."""
    for name, langs, _where in _item_prose(item):
        for lang, text in langs.items():
            yield name, lang, text


def prose_maps(item: Item) -> Iterator[tuple[str, dict[str, str], Location]]:
    """(key path, {language: text}, where) for every prose field of an item, for translation checks."""
    for name, langs, where in _item_prose(item):
        yield f"{item.id}.{name}", langs, where


def _blank(match: re.Match) -> str:
    """A span masked out with spaces, newlines kept, so positions in the text stay where they were."""
    span = match.group(0)
    return re.sub(r"[^\n]", " ", span) if "\n" in span else " " * len(span)  # most spans are one line


def typed_numbers(text: str) -> list[tuple[str, int]]:
    """(number, line index) of numbers written in prose outside Jinja expressions, link targets and
    Markdown list markers ("1." / "1)" at a line's start). A digit beside Chinese text counts
    ("与2024年"), as do full-width digits; a digit inside a word ("G20") does not."""
    bare = _LIST_MARKER.sub(_blank, _URL.sub(_blank, JINJA.sub(_blank, text)))
    found = []
    for match in _NUMBER.finditer(bare):
        before = bare[match.start() - 1] if match.start() else ""
        if before and (before in "._" or before.isalnum() and not UNSPACED.match(before)):
            continue
        if any(ch.isdigit() for ch in match.group(0)):
            found.append((match.group(0), bare.count("\n", 0, match.start())))
    return found


def lint_prose(text: str, where: Location, key_path: str, diags: Diagnostics) -> None:
    """Warn about hand-typed numbers, characters writers remove, and invisible reordering marks."""
    for number, line in typed_numbers(text):
        at = Location(where.path, where.line + line, where.col) if line and where.line else where
        diags.warning(at, "prose-number", f"{number!r} is typed by hand in {key_path}; take it from a figure "
                      "({{ fig.ID }}) or mark a deliberate literal ({{ year(2016) }}, {{ nth(21) }})", key_path)
    if CONTROL_CHARACTERS.search(text):
        found = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(CONTROL_CHARACTERS.findall(text)))
        diags.warning(where, "prose-control", f"control characters or lone surrogates in {key_path} are removed "
                      f"({found})", key_path)
    if _BIDI.search(text):
        found = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(_BIDI.findall(text)))
        diags.warning(where, "prose-bidi", f"invisible bidirectional controls in {key_path} can make text read "
                      f"in another order than it is stored ({found})", key_path)


def validate_briefs(briefs: dict[str, Brief], diags: Diagnostics, content: Content | None = None) -> None:
    """The prose a brief definition writes itself is held to the same rules as content prose, and may
    not add claims its anchored items do not make (generator.check.lints)."""
    if content is not None:
        lint_framing(briefs, content, content.root, diags)
        lint_variants(content, briefs, diags)
    for brief in briefs.values():
        for key_path, texts, where in brief_prose_fields(brief, fixed=True):
            for text in texts.values():
                lint_prose(text, where, key_path, diags)
        check_freshness(brief_prose_fields(brief), diags)


def validate_content(content: Content, diags: Diagnostics) -> None:
    """Check references between items, figures, sources and charts, and lint prose."""
    kinds = {"problem": "finding", "recommendation": "problem"}
    for item in content.items.values():
        wanted = kinds.get(item.kind)
        field = "evidence" if item.kind == "problem" else "answers"
        for ref in item.refs:
            target = content.items.get(ref)
            if target is None or target.kind != wanted:
                what = "no such item" if target is None else f"it is a {target.kind}"
                diags.error(item.locs.get(field, item.loc), "ref-dangling", f"{item.kind} {item.id!r} cites "
                            f"{ref!r} as {field}, but {what} (expected a {wanted})", f"{item.id}.{field}")
        for audience, fields in item.audiences.items():
            if not fields:
                diags.warning(item.locs.get("audiences", item.loc), "audience-empty",
                              f"audience {audience!r} of {item.id!r} replaces no field (title, summary, text)")
        for name, _lang, text in prose_fields(item):
            lint_prose(text, item.locs.get(name.split(".")[0], item.loc), f"{item.id}.{name}", diags)
        check_freshness(prose_maps(item), diags)
    for fig in content.figures.values():
        source = fig.source
        if source and source not in content.sources:
            diags.error(fig.locs["source"], "ref-dangling", f"figure {fig.id!r} names unknown source {source!r}",
                        f"figures.{fig.id}.source")
        elif not source and fig.value is not None:
            diags.warning(fig.loc, "figure-no-source", f"raw figure {fig.id!r} has no source",
                          f"figures.{fig.id}")
    check_freshness(((f"figures.{fig.id}.label", fig.labels, fig.locs.get("label", fig.loc))
                     for fig in content.figures.values()), diags)
    check_freshness(((f"charts.{chart.id}.{key}", value, chart.locs.get(key, chart.loc))
                     for chart in content.charts.values() for key, value in chart.translations.items()), diags)
    check_freshness(label_fields(content), diags)
    for chart in content.charts.values():
        if chart.kind not in CHART_KINDS:
            diags.error(chart.locs.get("kind", chart.loc), "chart-kind", f"chart {chart.id!r} kind must be one of "
                        f"{', '.join(CHART_KINDS)}", f"charts.{chart.id}.kind")
        if not chart.series:
            diags.error(chart.loc, "chart-empty", f"chart {chart.id!r} has no series", f"charts.{chart.id}")
        _check_chart_options(chart, diags)
        for name, fids, where in chart.series:
            if len(fids) != len(chart.categories) or not fids:
                diags.error(where, "chart-shape", f"series {name!r} of chart {chart.id!r} has {len(fids)} figures "
                            f"for {len(chart.categories)} categories", f"charts.{chart.id}.series")
            for fid in fids:
                if fid is not None and fid not in content.figures:
                    diags.error(where, "ref-dangling", f"chart {chart.id!r} names unknown figure {fid!r}",
                                f"charts.{chart.id}.series")
    check_anchors(content, diags)


def _check_chart_options(chart: ChartDef, diags: Diagnostics) -> None:
    """``x_scale``, ``projected_from`` and ``stacked`` must make sense for the chart they are on."""
    def where(key: str) -> Location:
        return chart.locs.get(key, chart.loc)

    if chart.x_scale not in X_SCALES:
        diags.error(where("x_scale"), "chart-x-scale", f"chart {chart.id!r} x_scale must be one of {', '.join(X_SCALES)}",
                    f"charts.{chart.id}.x_scale")
    elif chart.x_scale == "time" and (chart.kind != "line" or years(chart.categories) is None):
        diags.error(where("x_scale"), "chart-x-scale", f"chart {chart.id!r}: a time x axis needs a line chart whose "
                    "categories are increasing years", f"charts.{chart.id}.x_scale")
    if chart.projected_from and chart.projected_from not in chart.categories:
        diags.error(where("projected_from"), "chart-projection", f"chart {chart.id!r} projected_from {chart.projected_from!r} is "
                    f"not one of its categories", f"charts.{chart.id}.projected_from")
    if chart.stacked and chart.kind != "bar":
        diags.error(where("stacked"), "chart-stacked", f"chart {chart.id!r}: only bar charts stack",
                    f"charts.{chart.id}.stacked")


def figure_references(text: str) -> set[str]:
    """Figure IDs a template text names as ``fig.ID`` or ``fig['ID']``."""
    return {a or b for a, b in _FIG_REF.findall(text)}


def figures_used_by_content(content: Content) -> set[str]:
    """Figures that prose, charts or other figures' expressions read."""
    used: set[str] = set()
    for item in content.items.values():
        for _name, _lang, text in prose_fields(item):
            used.update(figure_references(text))
    for chart in content.charts.values():
        for _name, fids, _where in chart.series:
            used.update(f for f in fids if f)
    for fig in content.figures.values():
        for key in ("compute", "check"):
            try:
                used.update(references(parse_expr(getattr(fig, key)))) if getattr(fig, key) else None
            except ExprError:
                pass
    return used


def report_unused(content: Content, used_figures: set[str], used_items: set[str], used_sources: set[str],
                  diags: Diagnostics) -> None:
    """Warn about sources nothing cites, figures nothing shows, and items no brief includes."""
    cited = {fig.source for fig in content.figures.values()} | used_sources
    for source in content.sources.values():
        if source.id not in cited:
            diags.warning(source.loc, "unused-source", f"source {source.id!r} is cited by no figure and listed in no brief",
                          f"sources.{source.id}")
    for fig in content.figures.values():
        if fig.id not in used_figures:
            diags.warning(fig.loc, "unused-figure", f"figure {fig.id!r} is used by no prose, chart, brief "
                          "or other figure", f"figures.{fig.id}")
    for item in content.items.values():
        if item.id not in used_items and item.parent not in used_items:
            diags.warning(item.loc, "unused-item", f"{item.kind} {item.id!r} is included in no brief", item.id)


def check_chart_units(content: Content, figures: dict, diags: Diagnostics) -> None:
    """A chart's unit must be a known unit, and every figure it plots must measure the same thing
    (another scale is converted when the chart is drawn, never plotted raw)."""
    from generator.figures.units import UnitError, parse_unit, try_parse

    for chart in content.charts.values():
        try:
            unit = parse_unit(chart.unit)
        except UnitError as exc:
            diags.error(chart.locs.get("unit", chart.loc), "chart-unit", f"chart {chart.id!r}: {exc}",
                        f"charts.{chart.id}.unit")
            continue
        for name, fids, where in chart.series:
            for fid in fids:
                fig = figures.get(fid)
                have = try_parse(fig.unit) if fig else None
                if fig is not None and have is not None and have.factor_to(unit) is None:
                    diags.error(where, "chart-unit", f"series {name!r} of chart {chart.id!r} plots {fid!r} in "
                                f"{fig.unit!r}, but the chart is in {chart.unit!r}: they measure different "
                                "things", f"charts.{chart.id}.series")
