"""Brief definitions (``briefs/*.yaml``): audience, sections, selection, budgets and markings."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Generic, Iterator

from generator.diagnostics import Diagnostics, Location, relative
from generator.model import GBT9704, HOUSE_STYLES
from generator.load.safefs import within_total
from generator.load.schema import Prose, check_mapping, declared, loc_of, pick_language, prose_dict, schema_of, typed_value
from generator.load.section_kinds import COMMON_FIELDS, KINDS, Options, OptionsT, prose_keys
from generator.load.yamlload import YMap, load_yaml

SAFE_BRIEF_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}\Z")
ASK_ACTIONS = ("decide", "note")
REQUIRABLE = ("lead", "by", "cost", "priority")
GLOSSARY_MODES = ("notes", "off")


@dataclass
class Section(Generic[OptionsT]):
    """One section of a brief, in the order the definition gives; ``options`` is its kind's options class."""

    kind: str
    options: OptionsT
    loc: Location
    locs: dict[str, Location] = field(default_factory=dict)

    def given(self) -> dict[str, Any]:
        """The options the definition gives, in its order: what the section's template sees, and diffs compare."""
        schema = schema_of(type(self.options))
        return {key: value for key in self.locs if key in schema and (value := getattr(self.options, key)) is not None}


@dataclass(frozen=True)
class Ask:
    """What the reader is asked to do: decide (by when) or note."""

    action: str = declared("text", True)  # one of ASK_ACTIONS
    by: str = declared("text", default="")
    decision: Prose = declared("prose", True, default={})


@dataclass
class Brief:
    """A brief definition: its ID, file and locations, then one typed attribute per key of ``briefs/*.yaml``
    (the attributes are the schema: :data:`BRIEF_FIELDS`). A key the brief does not give is None (``title``,
    ``audience`` and ``sections`` are required; ``language`` is en unless given)."""

    id: str
    path: str
    loc: Location
    locs: dict[str, Location] = field(default_factory=dict)
    title: Prose = declared("prose", True, default={})
    subtitle: Prose | None = declared("prose")
    audience: str = declared("id", True, default="")
    audience_label: str | None = declared("text")
    purpose: Prose | None = declared("prose")
    date: str | None = declared("text")
    edition: str | None = declared("text")
    language: str = declared("text", default="en")
    marking: str | None = declared("text")
    watermark: str | None = declared("text")
    author: str | None = declared("text")
    contact: str | None = declared("text")
    template: str | None = declared("text")  # a layout in the project's templates/
    reference_docx: str | None = declared("text")
    page_budget: int | None = declared("int")
    word_budget: int | None = declared("int")
    key_figures: tuple[str, ...] | None = declared("ids")
    sections: list[Section[Options]] = declared("list", True, default=[])
    keywords: tuple[str, ...] | None = declared("texts")
    # what the reader is asked to do, what recommendations must say for this audience, how old the
    # evidence may be before the brief must say so, and how glossary terms are defined (issue 17)
    ask: Ask | None = declared("map")
    require: tuple[str, ...] | None = declared("texts")  # from REQUIRABLE
    evidence_age_limit: int | None = declared("int")
    evidence_caveat: Prose | None = declared("prose")
    glossary: str | None = declared("text")  # one of GLOSSARY_MODES
    # a house style and the issuing authority it prints (issue 12: GB/T 9704 for Chinese official documents)
    style: str | None = declared("text")  # one of HOUSE_STYLES
    issuer: str | None = declared("text")

    def text(self, key: str) -> str:
        """A field as text: prose in the brief's language."""
        value = getattr(self, key)
        if isinstance(value, dict):
            return pick_language(value, self.language)
        return "" if value is None else str(value)

    def given(self) -> dict[str, Any]:
        """The fields the definition gives (but its sections), in its order, as plain values (the ask a
        mapping): what templates see as ``brief.<key>``, and what diffs compare."""
        return {key: asdict(value) if isinstance(value, Ask) else value for key in self.locs
                if key in BRIEF_FIELDS and key != "sections" and (value := getattr(self, key)) is not None}


BRIEF_FIELDS = schema_of(Brief)
ASK_FIELDS = schema_of(Ask)
# The brief fields its schema calls prose (title, subtitle, purpose, evidence_caveat): one list, not a copy
PROSE_FIELDS = tuple(key for key, spec in BRIEF_FIELDS.items() if spec.kind == "prose")


def brief_prose_fields(brief: Brief, fixed: bool = False) -> Iterator[tuple[str, dict[str, str], Location]]:
    """(key path, {language: text}, location) of every prose field a brief definition writes. ``fixed``
    adds the words no lint of claims reads but every template check does: the marking and section headings."""
    for key in (*PROSE_FIELDS, "marking") if fixed else PROSE_FIELDS:
        if value := getattr(brief, key):
            yield f"{brief.id}.{key}", prose_dict(value), brief.locs.get(key, brief.loc)
    if brief.ask:
        yield f"{brief.id}.ask.decision", brief.ask.decision, brief.locs.get("ask.decision", brief.loc)
    for index, section in enumerate(brief.sections):
        for key in (*prose_keys(section.kind), "heading") if fixed else prose_keys(section.kind):
            if value := getattr(section.options, key):
                yield f"{brief.id}.sections[{index}].{key}", prose_dict(value), section.locs.get(key, section.loc)


def load_briefs(briefs_dir: Path, root: Path, diags: Diagnostics) -> dict[str, Brief]:
    """Load every ``briefs/*.yaml``; the file name (without extension) is the brief ID."""
    briefs: dict[str, Brief] = {}
    files = sorted(briefs_dir.glob("*.yaml"))
    for file in files if within_total(files, relative(briefs_dir, root), diags) else []:
        shown = relative(file, root)
        brief_id = file.stem
        if not SAFE_BRIEF_ID.match(brief_id):
            diags.error(Location(shown, 1, 1), "brief-id", f"brief file name {brief_id!r} is not a safe brief ID "
                        "(lowercase letters, digits, '-' and '_', at most 64)")
            continue
        data = load_yaml(file, shown, diags, root)
        if data is None or not check_mapping(data, BRIEF_FIELDS, "", diags, Location(shown, 1, 1), "a brief"):
            continue
        sections = []
        for index, node in enumerate(data.get("sections") or []):
            section = _section(node, f"sections[{index}]", loc_of(data["sections"], index), diags)
            if section:
                sections.append(section)
        fields = {k: typed_value(BRIEF_FIELDS[k].kind, v) for k, v in data.items()
                  if k in BRIEF_FIELDS and k != "sections"}
        if isinstance(language := fields.get("language"), str) and not known_locale(language):
            diags.error(data.value_locs["language"], "brief-language", f"language {fields['language']!r} is not "
                        "a locale numbers can be formatted for (e.g. 'en', 'en-GB', 'ru', 'zh-Hans')", "language")
            fields.pop("language")
        _check_brief_options(data, fields, diags)
        for key in ("page_budget", "word_budget"):
            budget = fields.get(key)
            if isinstance(budget, int) and budget < 1:
                diags.error(data.value_locs[key], "brief-budget", f"{key} must be at least 1, not {budget}", key)
                fields.pop(key)
        briefs[brief_id] = Brief(brief_id, shown, data.loc, dict(data.value_locs), sections=sections, **fields)
    return briefs


def _check_brief_options(data: YMap, fields: dict[str, Any], diags: Diagnostics) -> None:
    """The ask's shape and action, required action fields and the glossary mode; bad values are dropped."""
    ask = data.get("ask")
    if ask is not None:
        if not check_mapping(ask, ASK_FIELDS, "ask", diags, data.value_locs["ask"], "an ask"):
            fields.pop("ask", None)
        elif ask.get("action") not in ASK_ACTIONS:
            diags.error(ask.value_locs.get("action", ask.loc), "brief-ask", f"ask.action must be one of "
                        f"{', '.join(ASK_ACTIONS)}", "ask.action")
            fields.pop("ask", None)
        else:
            if ask["action"] == "decide" and not ask.get("by"):
                diags.warning(ask.loc, "brief-ask", "a decision asked for has no deadline: add ask.by", "ask.by")
            fields["ask"] = Ask(ask["action"], ask.get("by") or "", prose_dict(ask.get("decision")))
            data.value_locs["ask.decision"] = ask.value_locs.get("decision", ask.loc)
    for name in fields.get("require") or []:
        if name not in REQUIRABLE:
            diags.error(data.value_locs["require"], "brief-require", f"require can name {', '.join(REQUIRABLE)}, "
                        f"not {name!r}", "require")
    if fields.get("glossary") is not None and fields["glossary"] not in GLOSSARY_MODES:
        diags.error(data.value_locs["glossary"], "brief-glossary", f"glossary must be one of "
                    f"{', '.join(GLOSSARY_MODES)}", "glossary")
        fields.pop("glossary")
    if fields.get("style") is not None and fields["style"] not in HOUSE_STYLES:
        diags.error(data.value_locs["style"], "brief-style", f"style must be one of {', '.join(HOUSE_STYLES)}, "
                    f"not {fields['style']!r}", "style")
        fields.pop("style")
    if fields.get("issuer") and fields.get("style") != GBT9704:  # never silently dropped text
        diags.warning(data.value_locs["issuer"], "brief-issuer", "issuer is printed only in style gbt9704; add "
                      "`style: gbt9704` or remove it", "issuer")


def known_locale(language: str) -> bool:
    """Whether babel has number formats for ``language`` ('en', 'en-GB', 'zh_Hans')."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def _section(node: Any, key_path: str, where: Location, diags: Diagnostics) -> Section[Options] | None:
    if isinstance(node, str):  # a bare kind, e.g. "- sources"
        node_kind, options, locs = node, dict[str, Any](), dict[str, Location]()
    elif isinstance(node, YMap) and isinstance(node.get("kind"), str):
        node_kind, options, locs = node["kind"], node, dict(node.value_locs)
    else:
        diags.error(where, "brief-section", "a section is a kind name or a mapping with 'kind'", key_path)
        return None
    if node_kind not in KINDS:
        import difflib
        hint = difflib.get_close_matches(node_kind, list(KINDS), n=1)
        diags.error(locs.get("kind", where), "brief-section", f"unknown section kind {node_kind!r}"
                    + (f"; did you mean {hint[0]!r}?" if hint else f"; known: {', '.join(KINDS)}"),
                    f"{key_path}.kind")
        return None
    kind = KINDS[node_kind]
    schema = {**COMMON_FIELDS, **kind.fields}
    if options and not check_mapping(options, schema, key_path, diags, where, f"a {node_kind} section"):
        return None
    values = {k: typed_value(spec.kind, options[k]) for k, spec in schema.items() if k in options}
    section = Section[Options](node_kind, kind.options(**{**values, "kind": node_kind}), where, locs)
    if kind.check:
        kind.check(section, key_path, diags)
    return section
