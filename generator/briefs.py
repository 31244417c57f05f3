"""Brief definitions (``briefs/*.yaml``): audience, sections, selection, budgets and markings."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostics, Location, relative
from generator.safefs import within_total
from generator.schema import Field, check_mapping, loc_of, pick_language, prose_dict
from generator.yamlload import YList, load_yaml

SAFE_BRIEF_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}\Z")
BRIEF_FIELDS = {
    "title": Field("prose", True), "subtitle": Field("prose"), "audience": Field("id", True),
    "audience_label": Field("text"), "purpose": Field("prose"), "date": Field("text"), "edition": Field("text"),
    "language": Field("text"), "marking": Field("text"), "watermark": Field("text"), "author": Field("text"),
    "contact": Field("text"), "template": Field("text"), "reference_docx": Field("text"),
    "page_budget": Field("int"), "word_budget": Field("int"), "key_figures": Field("ids"),
    "sections": Field("list", True), "keywords": Field("texts"),
}
_COMMON = {"kind": Field("id", True), "heading": Field("text"), "intro": Field("prose")}
_SELECT = {"items": Field("ids"), "tags": Field("ids"), "detail": Field("text"), "parts": Field("bool")}
SECTION_FIELDS: dict[str, dict[str, Field]] = {
    "bottom_line": {"text": Field("prose", True)},
    "key_figures": {"figures": Field("ids")},
    "findings": _SELECT, "problems": _SELECT, "recommendations": _SELECT,
    "parts_table": {"recommendation": Field("id", True), "columns": Field("texts")},
    "charts": {"charts": Field("ids", True)},
    "figures_table": {"figures": Field("ids")},
    "checks": {},
    "text": {"text": Field("prose", True)},
    "sources": {},
    "changes": {"since": Field("text", True)},
}
DETAIL_LEVELS = ("title", "summary", "full")


@dataclass
class Section:
    """One section of a brief, in the order the definition gives."""

    kind: str
    options: dict[str, Any]
    loc: Location
    locs: dict[str, Location] = field(default_factory=dict)


@dataclass
class Brief:
    """A brief definition. ``fields`` keeps the raw values (prose as {lang: text})."""

    id: str
    path: str
    fields: dict[str, Any]
    sections: list[Section]
    loc: Location
    locs: dict[str, Location] = field(default_factory=dict)

    def text(self, key: str) -> str:
        value = self.fields.get(key)
        if isinstance(value, dict):
            return pick_language(value, self.language)
        return "" if value is None else str(value)

    @property
    def language(self) -> str:
        return str(self.fields.get("language") or "en")


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
        fields = {k: (prose_dict(v) if BRIEF_FIELDS[k].kind == "prose" else v) for k, v in data.items()
                  if k in BRIEF_FIELDS}
        if isinstance(fields.get("language"), str) and not known_locale(fields["language"]):
            diags.error(data.value_locs["language"], "brief-language", f"language {fields['language']!r} is not "
                        "a locale numbers can be formatted for (e.g. 'en', 'en-GB', 'ru', 'zh-Hans')", "language")
            fields.pop("language")
        for key in ("page_budget", "word_budget"):
            budget = fields.get(key)
            if isinstance(budget, int) and budget < 1:
                diags.error(data.value_locs[key], "brief-budget", f"{key} must be at least 1, not {budget}", key)
                fields.pop(key)
        briefs[brief_id] = Brief(brief_id, shown, fields, sections, data.loc, dict(data.value_locs))
    return briefs


def known_locale(language: str) -> bool:
    """Whether babel has number formats for ``language`` ('en', 'en-GB', 'zh_Hans')."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def _section(node: Any, key_path: str, where: Location, diags: Diagnostics) -> Section | None:
    if isinstance(node, str):  # a bare kind, e.g. "- sources"
        node_kind, options, locs = node, {}, {}
    elif isinstance(node, dict) and isinstance(node.get("kind"), str):
        node_kind, options, locs = node["kind"], node, dict(node.value_locs)
    else:
        diags.error(where, "brief-section", "a section is a kind name or a mapping with 'kind'", key_path)
        return None
    if node_kind not in SECTION_FIELDS:
        import difflib
        hint = difflib.get_close_matches(node_kind, list(SECTION_FIELDS), n=1)
        diags.error(locs.get("kind", where), "brief-section", f"unknown section kind {node_kind!r}"
                    + (f"; did you mean {hint[0]!r}?" if hint else f"; known: {', '.join(SECTION_FIELDS)}"),
                    f"{key_path}.kind")
        return None
    if options and not check_mapping(options, {**_COMMON, **SECTION_FIELDS[node_kind]}, key_path, diags, where,
                                     f"a {node_kind} section"):
        return None
    columns = options.get("columns")
    if node_kind == "parts_table" and isinstance(columns, list) and len(columns) != 4:
        diags.error(locs.get("columns", where), "brief-columns", "a parts table has four columns (part, who acts, "
                    f"level, instrument); give four names, not {len(columns)}", f"{key_path}.columns")
    detail = options.get("detail")
    if detail is not None and detail not in DETAIL_LEVELS:
        diags.error(locs.get("detail", where), "brief-detail", f"detail must be one of {', '.join(DETAIL_LEVELS)}",
                    f"{key_path}.detail")
    values = {k: (prose_dict(v) if k in ("text", "intro") else list(v) if isinstance(v, YList) else v)
              for k, v in options.items()}
    return Section(node_kind, values, where, locs)
