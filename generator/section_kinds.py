"""Section kinds: the one home of everything a kind of brief section means.

Each kind is a :class:`SectionKind` in :data:`KINDS`: the fields a brief may give it (and their types),
what it selects (items, figures, charts), the extra values it hands its template, its default heading (a
key of the terms files in ``generator/translations/``) and the template partial that draws it
(``generator/templates/sections/<kind>.md.j2``). ``briefs``, ``select``, ``compose``, ``pipeline`` and
``editions_report`` ask this registry; none of them names a kind. A new kind is :func:`register` plus its
partial (ARCHITECTURE.md, "A new section kind").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from generator.diagnostics import Diagnostics, Location
from generator.schema import Field

if TYPE_CHECKING:
    from generator.briefs import Brief, Section
    from generator.content import Content, Item
    from generator.select import Selection

COMMON_FIELDS = {"kind": Field("id", True), "heading": Field("text"), "intro": Field("prose")}
DETAIL_LEVELS = ("title", "summary", "full")
PART_COLUMNS = ("title", "actor", "level", "instrument", "lead", "by", "cost", "priority")

# What a kind adds to a brief's selection: (section, its index, the selection, content, all figures, diags).
Selector = Callable[["Section", int, "Selection", "Content", dict, Diagnostics], None]
# Extra checks of a section definition beyond its field types: (section, key path, diags).
Checker = Callable[["Section", str, Diagnostics], None]


@dataclass(frozen=True)
class SectionKind:
    """One kind of brief section."""

    name: str
    fields: dict[str, Field] = field(default_factory=dict)  # besides COMMON_FIELDS
    heading: str = ""  # terms key of the default heading ({placeholders} filled from the section's options)
    fixed_heading: str = ""  # a kind registered outside the package may bring its own words instead
    select: Selector | None = None
    check: Checker | None = None
    view: Callable[[Section, dict], dict[str, Any]] | None = None  # extra template values: (section, figures)
    summarised: bool = False  # its items appear in a ``summary`` section
    lists_sources: bool = False  # a brief with it lists every source (so unused sources are worth a warning)
    lists_glossary: bool = False  # a brief with it defines terms in one list, not at first use
    needs_history: bool = False  # compares with an earlier git revision (generator.editions_report)

    @property
    def partial(self) -> str:
        """The template that draws a section of this kind (found in the package's templates, then the
        project's)."""
        return f"sections/{self.name}.md.j2"


KINDS: dict[str, SectionKind] = {}


def register(kind: SectionKind) -> SectionKind:
    """Add ``kind`` to the registry (replacing one of the same name) and return it."""
    KINDS[kind.name] = kind
    return kind


def any_section(briefs: Any, flag: str) -> bool:
    """Whether a section of any brief in ``briefs`` (a Brief mapping) is of a kind with ``flag`` set."""
    return any(getattr(KINDS[s.kind], flag) for b in briefs.values() for s in b.sections if s.kind in KINDS)


def prose_keys(kind: str) -> tuple[str, ...]:
    """The options of a section of ``kind`` that are prose (templates, maybe per language): its own, then
    the common ``intro``."""
    fields = {**KINDS[kind].fields, **COMMON_FIELDS}
    return tuple(key for key, spec in fields.items() if spec.kind == "prose")


def default_heading(section: Section, terms: Callable[..., str]) -> str:
    kind = KINDS[section.kind]
    return terms(kind.heading, **section.options) if kind.heading else kind.fixed_heading


def need_figure(fid: str, content: Content, brief: Brief, where: Location | None, diags: Diagnostics) -> None:
    if fid not in content.figures:
        diags.error(where or brief.loc, "brief-ref", f"{brief.id}: unknown figure {fid!r}", "key_figures")


# --- findings, problems, recommendations: lists of items chosen by id or tag ---

_SELECT = {"items": Field("ids"), "tags": Field("ids"), "detail": Field("text"), "parts": Field("bool"),
           "anchors": Field("bool"), "actions": Field("bool")}


def _check_detail(section: Section, key_path: str, diags: Diagnostics) -> None:
    detail = section.options.get("detail")
    if detail is not None and detail not in DETAIL_LEVELS:
        diags.error(section.locs.get("detail", section.loc), "brief-detail",
                    f"detail must be one of {', '.join(DETAIL_LEVELS)}", f"{key_path}.detail")


def _item_selector(kind: str) -> Selector:
    def select_items(section, index, selection, content, figures, diags) -> None:
        selection.items[index] = _items(section, kind, content, selection.brief, diags)
    return select_items


def _items(section: Section, kind: str, content: Content, brief: Brief, diags: Diagnostics) -> list[Item]:
    opts, where = section.options, section.loc
    chosen: list[Item] = []
    for iid in opts.get("items") or []:
        item = content.items.get(iid)
        if item is None or not (item.kind == kind or kind == "recommendation" and item.kind == "part"):
            what = "unknown item" if item is None else f"{iid!r} is a {item.kind}, not a {kind}:"
            diags.error(section.locs.get("items", where), "brief-ref", f"{brief.id}: {what} {iid!r}"
                        if item is None else f"{brief.id}: {what} remove it from this {section.kind} section",
                        f"sections.{section.kind}.items")
        else:
            chosen.append(item)
    tags = set(opts.get("tags") or [])
    if tags:
        known = {t for i in content.items.values() for t in i.tags}
        for tag in sorted(tags - known):
            diags.error(section.locs.get("tags", where), "brief-ref", f"{brief.id}: no item has tag {tag!r}",
                        f"sections.{section.kind}.tags")
        chosen.extend(i for i in content.of_kind(kind) if tags & set(i.tags) and i not in chosen)
    if not opts.get("items") and not tags:
        chosen = content.of_kind(kind)
    return chosen




# --- parts_table: one recommendation's parts as a table ---

def _select_parts(section, index, selection, content, figures, diags) -> None:
    rec = content.items.get(section.options.get("recommendation", ""))
    if rec is None or not rec.parts:
        diags.error(section.locs.get("recommendation", section.loc), "brief-ref", f"{selection.brief.id}: "
                    f"{section.options.get('recommendation')!r} is not a recommendation with parts",
                    f"sections.{section.kind}.recommendation")
    else:
        selection.items[index] = [rec]


def _check_columns(section: Section, key_path: str, diags: Diagnostics) -> None:
    columns, shown, locs, where = section.options.get("columns"), section.options.get("fields"), section.locs, \
        section.loc
    if isinstance(shown, list):
        for name in shown:
            if name not in PART_COLUMNS:
                diags.error(locs.get("fields", where), "brief-columns", f"a parts table cannot show {name!r}; "
                            f"choose from {', '.join(PART_COLUMNS)}", f"{key_path}.fields")
        if isinstance(columns, list) and len(columns) != len(shown):
            diags.error(locs.get("columns", where), "brief-columns", f"give one column name per field: "
                        f"{len(shown)} fields, {len(columns)} names", f"{key_path}.columns")
    elif isinstance(columns, list) and len(columns) != 4:
        diags.error(locs.get("columns", where), "brief-columns", "a parts table has four columns (part, who acts, "
                    f"level, instrument); give four names, not {len(columns)}", f"{key_path}.columns")


# --- figures: key figures, the table of all figures, charts ---

def _figure_selector(default_all: bool) -> Selector:
    def select_figures(section, index, selection, content, figures, diags) -> None:
        for fid in _figures_of(section, figures, default_all):
            need_figure(fid, content, selection.brief, section.locs.get("figures", section.loc), diags)
            selection.figures.append(fid)
    return select_figures


def _figures_of(section: Section, figures: dict, default_all: bool) -> list[str]:
    """The figures a section names; a figures table without a list shows every figure."""
    return list(section.options.get("figures") or (list(figures) if default_all else []))


def _select_charts(section, index, selection, content, figures, diags) -> None:
    for cid in section.options.get("charts") or []:
        if cid not in content.charts:
            diags.error(section.locs.get("charts", section.loc), "brief-ref",
                        f"{selection.brief.id}: unknown chart {cid!r}", f"sections.{section.kind}.charts")
        else:
            selection.charts.append(cid)
            selection.figures.extend(f for _n, fids, _w in content.charts[cid].series for f in fids if f)


# --- the kinds, in the order messages list them ---

register(SectionKind("bottom_line", {"text": Field("prose", True)}, heading="bottom_line"))
register(SectionKind("key_figures", {"figures": Field("ids")}, heading="key_figures",
                     select=_figure_selector(False)))
for _name, _item_kind in (("findings", "finding"), ("problems", "problem"), ("recommendations", "recommendation")):
    register(SectionKind(_name, _SELECT, heading=_name, select=_item_selector(_item_kind), check=_check_detail,
                         summarised=True))
register(SectionKind("parts_table", {"recommendation": Field("id", True), "columns": Field("texts"),
                                     "fields": Field("ids")}, select=_select_parts, check=_check_columns))
register(SectionKind("charts", {"charts": Field("ids", True)}, select=_select_charts))
register(SectionKind("figures_table", {"figures": Field("ids")}, heading="figures_table",
                     select=_figure_selector(True),
                     view=lambda section, figures: {"figure_ids": _figures_of(section, figures, True)}))
register(SectionKind("checks", heading="checks"))
register(SectionKind("text", {"text": Field("prose", True)}))
register(SectionKind("sources", heading="sources", lists_sources=True))
register(SectionKind("changes", {"since": Field("text", True)}, heading="changes", needs_history=True))
register(SectionKind("summary", heading="summary"))
register(SectionKind("glossary", heading="glossary", lists_glossary=True))
