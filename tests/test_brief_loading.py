"""Loading ``briefs/*.yaml`` into typed definitions, directly (not through the CLI): each brief key is a typed
attribute of ``Brief`` and each section's options an instance of its kind's ``Options`` class; a value of the
wrong type is a located error and the attribute is left unset (None), never a value of another type."""
from __future__ import annotations

import types
import typing
from dataclasses import fields
from pathlib import Path

import pytest

from generator.load.briefs import BRIEF_FIELDS, PROSE_FIELDS, Ask, Brief, Section, load_briefs
from generator.diagnostics import Diagnostics
from generator.load.schema import SCHEMA
from generator.load.section_kinds import COMMON_FIELDS, KINDS, ItemsOptions, Options, PartsTableOptions, TextOptions
from generator.load.translation import Translated

GOOD = """\
title:
  en: Trade at a glance
  ru: {text: Торговля, from: 3f2a1b9c}
audience: ministry
language: ru
page_budget: 3
key_figures: [trade_2016, trade_growth_2016]
keywords: [trade, Russia]
ask: {action: decide, by: 1 March 2027, decision: Whether to act}
require: [lead, by]
sections:
  - kind: text
    heading: Methods
    text: Every number is kept.
  - key_figures
  - kind: findings
    detail: full
    anchors: true
    tags: [trade]
  - kind: parts_table
    fields: [title, lead]
    recommendation: innovate
    columns: [Measure, Lead]
"""


def load(tmp_path: Path, text: str, name: str = "demo") -> tuple[dict[str, Brief], Diagnostics]:
    (tmp_path / "briefs").mkdir(exist_ok=True)
    (tmp_path / "briefs" / f"{name}.yaml").write_text(text, encoding="utf-8")
    diags = Diagnostics()
    return load_briefs(tmp_path / "briefs", tmp_path, diags), diags


def shown(diags: Diagnostics) -> list[str]:
    return [str(d) for d in diags.sorted()]


def test_a_brief_loads_into_typed_attributes(tmp_path):
    briefs, diags = load(tmp_path, GOOD)
    assert shown(diags) == []
    brief = briefs["demo"]
    assert brief.title == {"en": "Trade at a glance", "ru": "Торговля"}
    assert isinstance(brief.title["ru"], Translated) and brief.title["ru"].made_from == "3f2a1b9c"
    assert (brief.audience, brief.language, brief.page_budget, brief.word_budget) == ("ministry", "ru", 3, None)
    assert brief.key_figures == ("trade_2016", "trade_growth_2016") and brief.keywords == ("trade", "Russia")
    assert brief.ask == Ask("decide", "1 March 2027", {"en": "Whether to act"})
    assert brief.require == ("lead", "by") and brief.subtitle is None and brief.template is None
    assert brief.text("title") == "Торговля"  # prose in the brief's language
    assert str(brief.locs["page_budget"]) == "briefs/demo.yaml:6:14"

    text, key_figures, findings, parts = brief.sections
    assert type(text.options) is TextOptions and text.options.text == {"en": "Every number is kept."}
    assert text.options.heading == "Methods" and text.options.intro is None
    assert type(key_figures.options) is KINDS["key_figures"].options and key_figures.given() == {}
    assert type(findings.options) is ItemsOptions
    assert (findings.options.detail, findings.options.anchors, findings.options.tags) == ("full", True, ("trade",))
    assert findings.options.items is None and findings.options.parts is None
    assert type(parts.options) is PartsTableOptions and parts.options.columns == ("Measure", "Lead")
    # What templates see and diffs compare: the keys written, in the order written.
    assert list(parts.given()) == ["kind", "fields", "recommendation", "columns"]
    assert list(brief.given()) == ["title", "audience", "language", "page_budget", "key_figures", "keywords",
                                   "ask", "require"]
    assert brief.given()["ask"] == {"action": "decide", "by": "1 March 2027", "decision": {"en": "Whether to act"}}


def test_values_of_the_wrong_type_are_located_errors_all_at_once(tmp_path):
    text = GOOD.replace("page_budget: 3", "page_budget: three").replace("anchors: true", "anchors: [yes]") \
        .replace("keywords: [trade, Russia]", "keywords: trade").replace("    columns: [Measure, Lead]\n",
                                                                         "    columns: [Measure, 2]\n")
    briefs, diags = load(tmp_path, text)
    assert shown(diags) == [
        "briefs/demo.yaml:6:14: error[schema-type]: expected a whole number, got text three (at page_budget)",
        "briefs/demo.yaml:8:11: error[schema-type]: expected a list, got text trade (at keywords)",
        "briefs/demo.yaml:18:14: error[schema-type]: expected true or false, got list ['yes'] (at "
        "sections[2].anchors)",
        "briefs/demo.yaml:23:24: error[schema-type]: expected text, got number 2; write it in quotes ('2') if you "
        "meant text (at sections[3].columns[1])",
    ]
    brief = briefs["demo"]  # the brief still loads, so later phases report their problems too
    assert brief.page_budget is None and brief.keywords is None  # unset, not a value of another type
    findings, parts = brief.sections[2], brief.sections[3]
    assert findings.options.anchors is None and "anchors" not in findings.given()
    assert parts.options.columns is None and "columns" not in parts.given()


def test_values_the_schema_accepts_but_the_brief_cannot_use_are_dropped(tmp_path):
    text = GOOD.replace("language: ru", "language: xx-nowhere").replace("page_budget: 3", "page_budget: 0") \
        .replace("action: decide", "action: ponder").replace("detail: full", "detail: most")
    briefs, diags = load(tmp_path, text)
    assert [(d.location.line, d.code) for d in diags.sorted()] == [
        (5, "brief-language"), (6, "brief-budget"), (9, "brief-ask"), (17, "brief-detail")]
    brief = briefs["demo"]
    assert (brief.language, brief.page_budget, brief.ask) == ("en", None, None)


def test_sections_of_unknown_kinds_and_unknown_keys(tmp_path):
    text = GOOD.replace("  - key_figures\n", "  - key_figure\n").replace("    detail: full\n",
                                                                        "    detail: full\n    colour: red\n")
    briefs, diags = load(tmp_path, text)
    assert shown(diags) == [
        "briefs/demo.yaml:15:5: error[brief-section]: unknown section kind 'key_figure'; did you mean "
        "'key_figures'? (at sections[1].kind)",
        "briefs/demo.yaml:18:5: error[schema-unknown-key]: unknown key 'colour' in a findings section; allowed: "
        "actions, anchors, detail, heading, intro, items, kind, parts, tags (at sections[2].colour)",
    ]
    assert [s.kind for s in briefs["demo"].sections] == ["text", "findings", "parts_table"]


def _expected_type(kind: str) -> object:
    return {"prose": dict[str, str], "text": str, "id": str, "int": int, "bool": bool, "ids": tuple[str, ...],
            "texts": tuple[str, ...], "map": Ask, "list": list[Section[Options]]}[kind]


def _without_none(annotation: object) -> object:
    if isinstance(annotation, types.UnionType):
        rest = [a for a in typing.get_args(annotation) if a is not type(None)]
        return rest[0] if len(rest) == 1 else annotation
    return annotation


@pytest.mark.parametrize("cls", [Brief, Ask, *dict.fromkeys(k.options for k in KINDS.values())],
                         ids=lambda cls: cls.__name__)
def test_each_typed_attribute_has_the_type_its_schema_checks(cls):
    """The schema is read from the attributes (schema.declared), so the two cannot list different keys; this
    proves they cannot disagree on a type either: an attribute declared "int" is annotated int, and so on."""
    hints = typing.get_type_hints(cls)
    declared = [f for f in fields(cls) if SCHEMA in f.metadata]
    assert declared
    for f in declared:
        spec = f.metadata[SCHEMA]
        assert _without_none(hints[f.name]) == _expected_type(spec.kind), (cls.__name__, f.name)
        if not spec.required and f.default is not None:  # "not given" is None, but for these two
            assert (cls, f.name) in ((Brief, "language"), (Ask, "by"))


def test_the_schemas_are_the_attributes():
    assert list(BRIEF_FIELDS) == [f.name for f in fields(Brief) if SCHEMA in f.metadata]
    assert PROSE_FIELDS == ("title", "subtitle", "purpose", "evidence_caveat")
    assert list(COMMON_FIELDS) == ["kind", "heading", "intro"]
    assert KINDS["findings"].fields == {f.name: f.metadata[SCHEMA] for f in fields(ItemsOptions)
                                        if f.name not in COMMON_FIELDS}
