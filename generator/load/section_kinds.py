"""Section kinds: the one home of everything a kind of brief section means.

Each kind is a :class:`SectionKind` in :data:`KINDS`: the options a brief may give it (an :class:`Options`
subclass whose attributes are :func:`~generator.load.schema.declared` with their schema types, so the schema and the
typed attributes are one list), what it selects (items, figures, charts), the extra values it hands its
template, its default heading (a key of the terms files in ``generator/translations/``) and the template partial
that draws it (``generator/templates/sections/<kind>.md.j2``). ``briefs``, ``select``, ``compose``, ``pipeline``
and ``editions_report`` ask this registry; none of them names a kind. A new kind is :func:`register` plus its
partial (ARCHITECTURE.md, "A new section kind").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Generic, Mapping, TypeVar

from generator.diagnostics import Diagnostics, Location
from generator.load.schema import Field, Prose, declared, schema_of

if TYPE_CHECKING:
    from typing import TypeAlias

    from generator.load.briefs import Brief, Section
    from generator.load.content import Content, Item
    from generator.render.select import Selection

DETAIL_LEVELS = ("title", "summary", "full")
PART_COLUMNS = ("title", "actor", "level", "instrument", "lead", "by", "cost", "priority")


@dataclass(frozen=True)
class Options:
    """What a section of any kind may give: its kind, its own heading, an introduction. A kind with more
    subclasses it; None is "not given" (templates see only what the brief gives: ``Section.given``)."""

    kind: str | None = declared("id", True)
    heading: str | None = declared("text")
    intro: Prose | None = declared("prose")


COMMON_FIELDS = schema_of(Options)
OptionsT = TypeVar("OptionsT", bound=Options)

if TYPE_CHECKING:
    # What a kind adds to a brief's selection: (section, its index, the selection, content, all figures, diags).
    Selector: TypeAlias = Callable[[Section[OptionsT], int, Selection, Content, dict, Diagnostics], None]
    # Extra checks of a section definition beyond its field types: (section, key path, diags).
    Checker: TypeAlias = Callable[[Section[OptionsT], str, Diagnostics], None]
    # Extra template values: (section, all figures).
    Viewer: TypeAlias = Callable[[Section[OptionsT], dict], dict[str, Any]]


@dataclass(frozen=True)
class SectionKind(Generic[OptionsT]):
    """One kind of brief section."""

    name: str
    options: type[OptionsT]  # its options (Options, or a subclass declaring the kind's own)
    heading: str = ""  # terms key of the default heading ({placeholders} filled from the section's options)
    fixed_heading: str = ""  # a kind registered outside the package may bring its own words instead
    select: Selector[OptionsT] | None = None
    check: Checker[OptionsT] | None = None
    view: Viewer[OptionsT] | None = None
    summarised: bool = False  # its items appear in a ``summary`` section
    lists_sources: bool = False  # a brief with it lists every source (so unused sources are worth a warning)
    lists_glossary: bool = False  # a brief with it defines terms in one list, not at first use
    needs_history: bool = False  # compares with an earlier git revision (generator.editions.report)

    @property
    def fields(self) -> dict[str, Field]:
        """The schema of the kind's own options (besides COMMON_FIELDS)."""
        return {key: spec for key, spec in schema_of(self.options).items() if key not in COMMON_FIELDS}

    @property
    def partial(self) -> str:
        """The template that draws a section of this kind (found in the package's templates, then the
        project's)."""
        return f"sections/{self.name}.md.j2"


KINDS: dict[str, SectionKind[Any]] = {}


def register(kind: SectionKind[OptionsT]) -> SectionKind[OptionsT]:
    """Add ``kind`` to the registry (replacing one of the same name) and return it."""
    KINDS[kind.name] = kind
    return kind


def any_section(briefs: Mapping[str, Brief], flag: str) -> bool:
    """Whether a section of any brief in ``briefs`` is of a kind with ``flag`` set."""
    return any(getattr(KINDS[s.kind], flag) for b in briefs.values() for s in b.sections if s.kind in KINDS)


def prose_keys(kind: str) -> tuple[str, ...]:
    """The options of a section of ``kind`` that are prose (templates, maybe per language): its own, then
    the common ``intro``."""
    fields = {**KINDS[kind].fields, **COMMON_FIELDS}
    return tuple(key for key, spec in fields.items() if spec.kind == "prose")


def default_heading(section: Section[Options], terms: Callable[..., str]) -> str:
    kind = KINDS[section.kind]
    return terms(kind.heading, **section.given()) if kind.heading else kind.fixed_heading


def need_figure(fid: str, content: Content, brief: Brief, where: Location | None, diags: Diagnostics,
                key_path: str = "key_figures") -> None:
    """An error unless ``fid`` is a figure; ``key_path`` names the list it is in (the brief's key figures
    unless a section's)."""
    if fid not in content.figures:
        diags.error(where or brief.loc, "brief-ref", f"{brief.id}: unknown figure {fid!r}", key_path)


# --- findings, problems, recommendations: lists of items chosen by id or tag ---

@dataclass(frozen=True)
class ItemsOptions(Options):
    items: tuple[str, ...] | None = declared("ids")
    tags: tuple[str, ...] | None = declared("ids")
    detail: str | None = declared("text")  # one of DETAIL_LEVELS
    parts: bool | None = declared("bool")
    anchors: bool | None = declared("bool")
    actions: bool | None = declared("bool")


def _check_detail(section: Section[ItemsOptions], key_path: str, diags: Diagnostics) -> None:
    detail = section.options.detail
    if detail is not None and detail not in DETAIL_LEVELS:
        diags.error(section.locs.get("detail", section.loc), "brief-detail",
                    f"detail must be one of {', '.join(DETAIL_LEVELS)}", f"{key_path}.detail")


def _item_selector(kind: str) -> Selector[ItemsOptions]:
    def select_items(section: Section[ItemsOptions], index: int, selection: Selection, content: Content,
                     figures: dict, diags: Diagnostics) -> None:
        selection.items[index] = _items(section, kind, content, selection.brief, diags)
    return select_items


def _items(section: Section[ItemsOptions], kind: str, content: Content, brief: Brief, diags: Diagnostics) -> list[Item]:
    opts, where = section.options, section.loc
    chosen: list[Item] = []
    for iid in opts.items or ():
        item = content.items.get(iid)
        if item is None or not (item.kind == kind or kind == "recommendation" and item.kind == "part"):
            what = "unknown item" if item is None else f"{iid!r} is a {item.kind}, not a {kind}:"
            diags.error(section.locs.get("items", where), "brief-ref", f"{brief.id}: {what} {iid!r}"
                        if item is None else f"{brief.id}: {what} remove it from this {section.kind} section",
                        f"sections.{section.kind}.items")
        else:
            chosen.append(item)
    tags = set(opts.tags or ())
    if tags:
        known = {t for i in content.items.values() for t in i.tags}
        for tag in sorted(tags - known):
            diags.error(section.locs.get("tags", where), "brief-ref", f"{brief.id}: no item has tag {tag!r}",
                        f"sections.{section.kind}.tags")
        named = {i.id for i in chosen}  # by ID: comparing items field by field made this quadratic
        chosen.extend(i for i in content.of_kind(kind) if tags & set(i.tags) and i.id not in named)
    if not opts.items and not tags:
        chosen = content.of_kind(kind)
    return chosen


# --- parts_table: one recommendation's parts as a table ---

@dataclass(frozen=True)
class PartsTableOptions(Options):
    recommendation: str | None = declared("id", True)
    columns: tuple[str, ...] | None = declared("texts")  # the columns' names
    fields: tuple[str, ...] | None = declared("ids")  # the parts' fields shown, from PART_COLUMNS


def _select_parts(section: Section[PartsTableOptions], index: int, selection: Selection, content: Content,
                  figures: dict, diags: Diagnostics) -> None:
    rec = content.items.get(section.options.recommendation or "")
    if rec is None or not rec.parts:
        diags.error(section.locs.get("recommendation", section.loc), "brief-ref", f"{selection.brief.id}: "
                    f"{section.options.recommendation!r} is not a recommendation with parts",
                    f"sections.{section.kind}.recommendation")
    else:
        selection.items[index] = [rec]


def _check_columns(section: Section[PartsTableOptions], key_path: str, diags: Diagnostics) -> None:
    columns, shown, locs, where = section.options.columns, section.options.fields, section.locs, section.loc
    if shown is not None:
        for name in shown:
            if name not in PART_COLUMNS:
                diags.error(locs.get("fields", where), "brief-columns", f"a parts table cannot show {name!r}; "
                            f"choose from {', '.join(PART_COLUMNS)}", f"{key_path}.fields")
        if columns is not None and len(columns) != len(shown):
            diags.error(locs.get("columns", where), "brief-columns", f"give one column name per field: "
                        f"{len(shown)} fields, {len(columns)} names", f"{key_path}.columns")
    elif columns is not None and len(columns) != 4:
        diags.error(locs.get("columns", where), "brief-columns", "a parts table has four columns (part, who acts, "
                    f"level, instrument); give four names, not {len(columns)}", f"{key_path}.columns")


# --- figures: key figures, the table of all figures, charts ---

@dataclass(frozen=True)
class FiguresOptions(Options):
    figures: tuple[str, ...] | None = declared("ids")


@dataclass(frozen=True)
class ChartsOptions(Options):
    charts: tuple[str, ...] | None = declared("ids", True)


def _figure_selector(default_all: bool) -> Selector[FiguresOptions]:
    def select_figures(section: Section[FiguresOptions], index: int, selection: Selection, content: Content,
                       figures: dict, diags: Diagnostics) -> None:
        for fid in _figures_of(section, figures, default_all):
            need_figure(fid, content, selection.brief, section.locs.get("figures", section.loc), diags,
                        f"sections.{section.kind}.figures")
            selection.figures.append(fid)
    return select_figures


def _figures_of(section: Section[FiguresOptions], figures: dict, default_all: bool) -> list[str]:
    """The figures a section names; a figures table without a list shows every figure."""
    return list(section.options.figures or (list(figures) if default_all else []))


def _select_charts(section: Section[ChartsOptions], index: int, selection: Selection, content: Content,
                   figures: dict, diags: Diagnostics) -> None:
    for cid in section.options.charts or ():
        if cid not in content.charts:
            diags.error(section.locs.get("charts", section.loc), "brief-ref",
                        f"{selection.brief.id}: unknown chart {cid!r}", f"sections.{section.kind}.charts")
        else:
            selection.charts.append(cid)
            selection.figures.extend(f for _n, fids, _w in content.charts[cid].series for f in fids if f)


# --- prose, and comparing with an earlier revision ---

@dataclass(frozen=True)
class TextOptions(Options):
    text: Prose | None = declared("prose", True)


@dataclass(frozen=True)
class ChangesOptions(Options):
    since: str | None = declared("text", True)  # a git revision


# --- the kinds, in the order messages list them ---

register(SectionKind("bottom_line", TextOptions, heading="bottom_line"))
register(SectionKind("key_figures", FiguresOptions, heading="key_figures", select=_figure_selector(False)))
for _name, _item_kind in (("findings", "finding"), ("problems", "problem"), ("recommendations", "recommendation")):
    register(SectionKind(_name, ItemsOptions, heading=_name, select=_item_selector(_item_kind),
                         check=_check_detail, summarised=True))
register(SectionKind("parts_table", PartsTableOptions, select=_select_parts, check=_check_columns))
register(SectionKind("charts", ChartsOptions, select=_select_charts))
register(SectionKind("figures_table", FiguresOptions, heading="figures_table", select=_figure_selector(True),
                     view=lambda section, figures: {"figure_ids": _figures_of(section, figures, True)}))
register(SectionKind("checks", Options, heading="checks"))
register(SectionKind("text", TextOptions))
register(SectionKind("sources", Options, heading="sources", lists_sources=True))
register(SectionKind("changes", ChangesOptions, heading="changes", needs_history=True))
register(SectionKind("summary", Options, heading="summary"))
register(SectionKind("glossary", Options, heading="glossary", lists_glossary=True))
