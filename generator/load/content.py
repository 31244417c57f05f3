"""The content model (findings, problems, recommendations, sources, figures, charts) and its loader.

Loading knows YAML and locations but nothing of templates or output formats.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.check.anchors import check_anchor_shape
from generator.check.glossary import Term, load_terms
from generator.diagnostics import Diagnostics, Location, relative
from generator.load.safefs import within_total
from generator.load.schema import LANG_PATTERN, Field, check_mapping, loc_of, pick_language, prose_dict
from generator.load.yamlload import YList, YMap, load_yaml

ITEM_KINDS = ("findings", "problems", "recommendations")
PROSE = ("title", "summary", "text")
ITEM_FIELDS = {
    "id": Field("id", True), "title": Field("prose", True), "summary": Field("prose", True),
    "text": Field("prose"), "tags": Field("ids"), "audiences": Field("map"), "anchor": Field("map"),
}
EXTRA_FIELDS = {
    "findings": {"section": Field("text")},
    "problems": {"evidence": Field("ids", True), "section": Field("text")},
    "recommendations": {"answers": Field("ids", True), "parts": Field("list"), "section": Field("text")},
}
PART_FIELDS = {**ITEM_FIELDS, "actor": Field("prose"), "level": Field("text"), "instrument": Field("prose")}
# Who acts, by when, at what cost (issue 17): on recommendations and parts alike. `added_by` names who
# supplied them when the source does not (shown as that body's addition, not the study's);
# `proposed_by` marks a recommendation or part that is wholly the analysts', not the study's.
# `by` is a date or period (data, written per language: generator.figures.periods) or, for an event, prose.
ACTION_FIELDS = {"lead": Field("prose"), "by": Field("prose"), "cost": Field("prose"), "priority": Field("text"),
                 "added_by": Field("prose"), "proposed_by": Field("prose")}
PART_FIELDS.update(ACTION_FIELDS)
EXTRA_FIELDS["recommendations"].update(ACTION_FIELDS)
PART_LEVELS = ("bilateral", "multilateral", "regional", "national")
SOURCE_FIELDS = {"id": Field("id", True), "title": Field("prose"), "publisher": Field("prose", True),
                 "year": Field("int"), "url": Field("text"), "kind": Field("text"), "note": Field("text"),
                 # what is known and no more (issue 16): who wrote it, what it is when it has no title, the
                 # source that reports it, whether the analyst added it, and where its text is kept
                 "author": Field("text"), "description": Field("prose"), "reported_in": Field("id"),
                 "added": Field("bool"), "text": Field("text"), "short": Field("prose"),
                 # the language of the title as the document gives it (default en); the title's other
                 # languages are translations, printed beside it in brackets
                 "title_language": Field("text")}
SOURCE_PROSE = ("title", "publisher", "description", "short")  # English in Source, all in .translations
FIGURE_FIELDS = {
    "id": Field("id", True), "label": Field("prose", True), "unit": Field("text"), "period": Field("prose"),
    "value": Field("number"), "compute": Field("text"), "source": Field("id"), "stated": Field("number"),
    "check": Field("text"), "tolerance": Field("number"), "decimals": Field("int"), "note": Field("text"),
    "expect_max": Field("number"), "expect_min": Field("number"), "accepted": Field("text"),
    "high": Field("number"), "qualifier": Field("text"),
    "anchor": Field("map"), "added": Field("text"), "period_inferred": Field("text"),
    "display_decimals": Field("int"), "comparator": Field("id"), "comparator_label": Field("prose"),
}
CHART_FIELDS = {
    "id": Field("id", True), "kind": Field("text", True), "title": Field("prose", True),
    "categories": Field("prose_list", True), "series": Field("list", True), "unit": Field("text", True),
    "x_label": Field("prose"), "y_label": Field("prose"), "caption": Field("prose"), "alt_text": Field("prose"),
    "stacked": Field("bool"), "x_scale": Field("text"), "projected_from": Field("text"),
}
CHART_PROSE = ("title", "x_label", "y_label", "caption", "alt_text")  # English in ChartDef, all in .translations
SERIES_FIELDS = {"name": Field("prose", True), "figures": Field("ids_or_null", True)}
TOP_LEVEL = {k: Field("list") for k in (*ITEM_KINDS, "sources", "figures", "charts", "glossary")}


@dataclass
class Item:
    """A finding, problem, recommendation or recommendation part.

    ``refs`` holds the IDs it cites (a problem's evidence, a recommendation's
    answers); ``audiences`` maps an audience to replacement prose fields.
    """

    kind: str
    id: str
    prose: dict[str, dict[str, str]]
    loc: Location
    tags: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    parts: list["Item"] = field(default_factory=list)
    audiences: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    parent: str = ""
    locs: dict[str, Location] = field(default_factory=dict)
    # A part's (and a recommendation's) own fields; prose ones are {language: text}, empty when not given.
    actor: dict[str, str] = field(default_factory=dict)
    instrument: dict[str, str] = field(default_factory=dict)
    level: str = ""
    section: str = ""
    lead: dict[str, str] = field(default_factory=dict)
    by: dict[str, str] = field(default_factory=dict)  # a period as written (generator.figures.periods.when) or prose
    cost: dict[str, str] = field(default_factory=dict)
    priority: str = ""
    added_by: dict[str, str] = field(default_factory=dict)
    proposed_by: dict[str, str] = field(default_factory=dict)
    anchor: YMap | None = None  # {at, quote, source}: where its source says it (generator.check.anchors)


@dataclass
class Source:
    """A publication or statistics series that figures and notes cite."""

    id: str
    title: str
    publisher: str
    loc: Location
    year: int | None = None
    url: str = ""
    note: str = ""
    author: str = ""
    description: str = ""
    reported_in: str = ""
    added: bool = False
    text: str = ""
    kind: str = ""
    locs: dict[str, Location] = field(default_factory=dict)
    short: str = ""  # how prose cites it: "Zhou and Xie (2017)"
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # {field: {language: text}}
    title_language: str = "en"  # the language of the title the document gives itself


@dataclass
class FigureDef:
    """A raw figure (``value`` from ``source``) or a derived one (``compute`` expression), as written.

    Prose fields are {language: text} maps (``label`` is the English one); a key not written is None or
    empty, and ``locs`` holds where each written key is.
    """

    id: str
    label: str
    loc: Location
    locs: dict[str, Location]
    plain: dict[str, str] = field(default_factory=dict)  # numbers as written, to keep their precision
    labels: dict[str, str] = field(default_factory=dict)
    value: float | None = None
    compute: str = ""
    unit: str = ""
    period: dict[str, str] = field(default_factory=dict)  # a period as written (generator.figures.periods) or prose
    source: str = ""
    stated: float | None = None
    check: str = ""
    tolerance: float | None = None
    decimals: int | None = None
    note: str = ""
    expect_max: float | None = None
    expect_min: float | None = None
    accepted: str = ""  # why a disagreement the checks find is known and kept
    high: float | None = None
    qualifier: str = ""
    anchor: YMap | None = None
    added: str = ""
    period_inferred: str = ""
    display_decimals: int | None = None
    comparator: str = ""
    comparator_label: dict[str, str] = field(default_factory=dict)

    def written(self) -> dict[str, Any]:
        """The keys written in content and their values (what ``brief diff`` compares)."""
        names = {"label": self.labels} | {k: getattr(self, k) for k in FIGURE_FIELDS if k not in ("id", "label")}
        # a prose field written as plain text compares as that text, as it was written
        return {k: v["en"] if isinstance(v, dict) and list(v) == ["en"] and type(v["en"]) is str else v
                for k, v in names.items() if k in self.locs}


@dataclass
class ChartDef:
    """A chart declared in content: series of figure IDs (None: no value) over categories."""

    id: str
    kind: str
    title: str
    categories: tuple[str, ...]
    series: list[tuple[str, tuple[str | None, ...], Location]]
    unit: str
    loc: Location
    category_labels: tuple[dict[str, str], ...] = ()  # each category in every language it is written in
    series_names: tuple[dict[str, str], ...] = ()  # each series' name likewise
    x_label: str = ""
    y_label: str = ""
    caption: str = ""
    alt_text: str = ""
    stacked: bool = False
    x_scale: str = "auto"
    projected_from: str = ""
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # {field: {language: text}}
    category_locs: tuple[Location, ...] = ()  # where each category is written
    locs: dict[str, Location] = field(default_factory=dict)  # where each written key's value is


@dataclass
class Content:
    """Everything under ``content/``, in file order."""

    items: dict[str, Item] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    figures: dict[str, FigureDef] = field(default_factory=dict)
    charts: dict[str, ChartDef] = field(default_factory=dict)
    glossary: dict[str, Term] = field(default_factory=dict)  # term id -> its term
    root: Path | None = None  # the project folder: where kept source texts are read from

    def of_kind(self, kind: str) -> list[Item]:
        return [i for i in self.items.values() if i.kind == kind]

    def defined_at(self, id_: str) -> Location | None:
        """Where the item, source, figure or chart ``id_`` is defined (they share one namespace): a lookup
        per table, so registering every entry stays linear in their number."""
        for table in (self.items, self.sources, self.figures, self.charts):
            if id_ in table:
                return table[id_].loc
        return None


def content_file_order(names: list[str]) -> list[str]:
    """The order content files are read in (it decides which of two duplicate IDs is "first"):
    ``*.yaml`` sorted, then ``*.yml`` sorted."""
    return sorted(n for n in names if n.endswith(".yaml")) + sorted(n for n in names if n.endswith(".yml"))


def load_content(content_dir: Path, root: Path, diags: Diagnostics) -> Content:
    """Load every ``*.yaml`` file under ``content_dir`` (sorted, so order is stable)."""
    content = Content(root=root)
    files = [content_dir / name for name in content_file_order([p.name for p in content_dir.glob("*.y*ml")])]
    if not files:
        diags.error(Location(relative(content_dir, root)), "content-missing", "no .yaml files in content folder")
    if not within_total(files, relative(content_dir, root), diags):
        files = []
    for file in files:
        shown = relative(file, root)
        data = load_yaml(file, shown, diags, root)
        if data is None:
            continue
        if not check_mapping(data, TOP_LEVEL, "", diags, Location(shown, 1, 1), "a content file"):
            continue
        for section, entries in data.items():
            if section in TOP_LEVEL and isinstance(entries, YList):
                for index, entry in enumerate(entries):
                    _load_entry(content, section, entry, f"{section}[{index}]", loc_of(entries, index), diags)
    return content


def _register(table: dict, obj: Any, content: Content, diags: Diagnostics, key_path: str) -> None:
    existing = content.defined_at(obj.id)
    if existing is not None:
        diags.error(obj.loc, "duplicate-id", f"ID {obj.id!r} is already used at {existing}", key_path)
        return
    table[obj.id] = obj


def _load_entry(content: Content, section: str, node: Any, key_path: str, where: Location,
                diags: Diagnostics) -> None:
    if section in ITEM_KINDS:
        fields = {**ITEM_FIELDS, **EXTRA_FIELDS[section]}
        if check_mapping(node, fields, key_path, diags, where, f"a {section[:-1]}") and "id" in node:
            _anchor_shape(node, key_path, diags)
            item = _item(section[:-1], node)
            _register(content.items, item, content, diags, key_path)
            for index, part in enumerate(node.get("parts") or []):
                part_path = f"{key_path}.parts[{index}]"
                if check_mapping(part, PART_FIELDS, part_path, diags, loc_of(node["parts"], index), "a part") \
                        and "id" in part:
                    _anchor_shape(part, part_path, diags)
                    child = _item("part", part, parent=item.id)
                    if child.level and child.level not in PART_LEVELS:
                        diags.error(child.locs["level"], "part-level", f"level must be one of "
                                    f"{', '.join(PART_LEVELS)}, not {child.level!r}", f"{part_path}.level")
                    item.parts.append(child)
                    _register(content.items, child, content, diags, part_path)
    elif section == "sources":
        if check_mapping(node, SOURCE_FIELDS, key_path, diags, where, "a source") and "id" in node:
            texts = {k: prose_dict(node.get(k)) for k in SOURCE_PROSE}
            english = {k: pick_language(v, "en") for k, v in texts.items()}
            if node.get("title_language") and not LANG_PATTERN.match(node["title_language"]):
                diags.error(node.value_locs["title_language"], "schema-language", f"{node['title_language']!r} is "
                            "not a language code like 'en'", f"{key_path}.title_language")
                del node["title_language"]
            source = Source(node["id"], english["title"], english["publisher"], node.loc,
                            node.get("year"), node.get("url") or "", node.get("note") or "",
                            node.get("author") or "", english["description"], node.get("reported_in") or "",
                            bool(node.get("added")), node.get("text") or "", node.get("kind") or "",
                            {k: node.value_locs[k] for k in node}, english["short"],
                            {k: v for k, v in texts.items() if v}, node.get("title_language") or "en")
            _register(content.sources, source, content, diags, key_path)
    elif section == "figures":
        written = set(node) if isinstance(node, YMap) else set()
        if check_mapping(node, FIGURE_FIELDS, key_path, diags, where, "a figure") and "id" in node:
            _anchor_shape(node, key_path, diags)
            _register(content.figures, _figure(node, written), content, diags, key_path)
    elif section == "glossary":
        load_terms(content, node, key_path, where, diags)
    elif section == "charts":
        if check_mapping(node, CHART_FIELDS, key_path, diags, where, "a chart") and "id" in node:
            series, names = [], []
            for index, entry in enumerate(node.get("series") or []):
                s_path = f"{key_path}.series[{index}]"
                if check_mapping(entry, SERIES_FIELDS, s_path, diags, loc_of(node["series"], index), "a series"):
                    names.append(prose_dict(entry.get("name")))
                    series.append((pick_language(names[-1], "en"), tuple(entry.get("figures") or ()), entry.loc))
            categories = tuple(prose_dict(c) for c in node.get("categories") or ())
            texts = {k: prose_dict(node.get(k)) for k in CHART_PROSE}
            english = {k: pick_language(v, "en") for k, v in texts.items()}
            chart = ChartDef(node["id"], node.get("kind") or "", english["title"],
                             tuple(pick_language(c, "en") for c in categories), series, node.get("unit") or "",
                             node.loc, categories, tuple(names), english["x_label"], english["y_label"],
                             english["caption"], english["alt_text"], node.get("stacked") is True,
                             node.get("x_scale") or "auto", str(node.get("projected_from") or ""),
                             {k: v for k, v in texts.items() if v},
                             tuple(loc_of(node.get("categories"), i, node.loc) for i in range(len(categories))),
                             {k: node.value_locs[k] for k in node})
            _register(content.charts, chart, content, diags, key_path)


def _figure(node: YMap, written: set[str]) -> FigureDef:
    value = node.get("value")
    if value is None and ({"value", "compute"} & written) and "compute" not in node:
        # Its value had the wrong type (reported): a stand-in keeps figures that use it from
        # repeating the error. Nothing is written in a run with errors.
        value = 1.0
    labels = prose_dict(node.get("label"))
    def number(key: str) -> float | None:
        return None if node.get(key) is None else float(node[key])

    def text(key: str) -> str:
        return str(node.get(key) or "")

    return FigureDef(node["id"], pick_language(labels, "en") or node["id"], node.loc,
                     {k: node.value_locs[k] for k in node}, dict(node.plain), labels,
                     None if value is None else float(value), text("compute"), text("unit"),
                     prose_dict(node.get("period")), text("source"), number("stated"), text("check"),
                     number("tolerance"), node.get("decimals"), text("note"), number("expect_max"),
                     number("expect_min"), text("accepted"), number("high"), text("qualifier"), node.get("anchor"),
                     text("added"), text("period_inferred"), node.get("display_decimals"), text("comparator"),
                     prose_dict(node.get("comparator_label")))


def _anchor_shape(node: YMap, key_path: str, diags: Diagnostics) -> None:
    """An anchor of the wrong shape is reported and dropped, so later checks see only good ones."""
    if "anchor" in node and not check_anchor_shape(node["anchor"], f"{key_path}.anchor", node.value_locs["anchor"],
                                                   diags):
        del node["anchor"]


def _item(kind: str, node: YMap, parent: str = "") -> Item:
    refs = node.get("evidence") or node.get("answers") or ()
    audiences = {}
    for audience, fields in (node.get("audiences") or {}).items():
        if isinstance(fields, dict):
            audiences[audience] = {k: prose_dict(v) for k, v in fields.items() if k in PROSE}
    return Item(
        kind=kind, id=node["id"], loc=node.loc, parent=parent,
        prose={k: prose_dict(node.get(k)) for k in PROSE if node.get(k) is not None},
        tags=tuple(node.get("tags") or ()), refs=tuple(refs), audiences=audiences,
        locs={k: node.value_locs[k] for k in node},
        actor=prose_dict(node.get("actor")), instrument=prose_dict(node.get("instrument")),
        level=str(node.get("level") or ""), section=str(node.get("section") or ""),
        lead=prose_dict(node.get("lead")), by=prose_dict(node.get("by")), cost=prose_dict(node.get("cost")),
        priority=str(node.get("priority") or ""), added_by=prose_dict(node.get("added_by")),
        proposed_by=prose_dict(node.get("proposed_by")), anchor=node.get("anchor"),
    )
