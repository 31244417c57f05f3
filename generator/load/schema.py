"""A small declarative schema for YAML mappings: types, required keys, unknown-key hints.

Each check reports located diagnostics and continues, so one run shows every problem.
"""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, TypeAlias

from generator.diagnostics import Diagnostics, Location
from generator.load.translation import Translated, text_in
from generator.load.yamlload import YAML11_SURPRISES, YList, YMap, Rejected

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.-]*\Z")
LANG_PATTERN = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?\Z")
MAX_NUMBER = 1e15  # larger figures are typing mistakes, and overflow formatting


@dataclass(frozen=True)
class Field:
    """One key of a mapping. ``kind``: id, text, prose, number, int, bool, ids, ids_or_null, texts, map, list,
    prose_list (a list of prose: each text or a map of language to text)."""

    kind: str
    required: bool = False


# Prose as loaded: {language: text}; a translation's text is a Translated that remembers its source's hash.
Prose: TypeAlias = dict[str, str]
SCHEMA = "schema"  # the dataclass field metadata key that holds a typed attribute's Field


def declared(kind: str, required: bool = False, default: Any = None) -> Any:
    """A dataclass attribute that is also a schema key: ``title: Prose = declared("prose", True)``. The class's
    attributes are then its schema (:func:`schema_of`), so the two cannot drift apart."""
    if isinstance(default, (dict, list)):
        return field(default_factory=type(default), metadata={SCHEMA: Field(kind, required)})
    return field(default=default, metadata={SCHEMA: Field(kind, required)})


def schema_of(cls: type) -> dict[str, Field]:
    """The schema a dataclass declares with :func:`declared`, in attribute order."""
    assert is_dataclass(cls)
    return {f.name: f.metadata[SCHEMA] for f in fields(cls) if SCHEMA in f.metadata}


def typed_value(kind: str, value: Any) -> Any:
    """A checked YAML value as its typed attribute holds it: prose as {language: text}, lists as tuples."""
    if value is None:
        return None
    if kind == "prose":
        return prose_dict(value)
    if kind in ("ids", "texts", "ids_or_null"):
        return tuple(value)
    return value


# "from" is a hex hash: read as written (an all-digit hash would otherwise be a number).
TRANSLATION_FIELDS = {"text": Field("text", True), "from": Field("hash")}


def loc_of(node: Any, key: str | int | None = None, fallback: Location | None = None) -> Location:
    """Where ``node[key]`` (or ``node`` itself) was written."""
    if isinstance(node, YMap) and key is not None and key in node.value_locs:
        return node.value_locs[key]
    if isinstance(node, YList) and isinstance(key, int) and key < len(node.item_locs):
        return node.item_locs[key]
    return getattr(node, "loc", None) or fallback or Location("?")


def key_loc(node: YMap, key: str) -> Location:
    """Where the key itself was written (for unknown-key errors)."""
    return node.key_locs.get(key, node.loc)


def check_mapping(node: Any, fields: dict[str, Field], key_path: str, diags: Diagnostics,
                  where: Location, what: str) -> bool:
    """Check ``node`` is a mapping whose keys and value types fit ``fields``. False if not a mapping.

    A value of the wrong type is reported and then removed from ``node``, so that later
    phases only ever see values of the declared types (or no value at all).
    """
    if isinstance(node, Rejected):
        return False  # a refused tag, already reported
    if not isinstance(node, YMap):
        diags.error(loc_of(node, fallback=where), "schema-type", f"{what} must be a mapping of keys to values",
                    key_path)
        return False
    for key in node:
        if key not in fields:
            hint = difflib.get_close_matches(key, list(fields), n=1)
            suffix = f"; did you mean {hint[0]!r}?" if hint else f"; allowed: {', '.join(sorted(fields))}"
            diags.error(key_loc(node, key), "schema-unknown-key", f"unknown key {key!r} in {what}{suffix}",
                        f"{key_path}.{key}" if key_path else key)
    invalid = []
    for key, spec in fields.items():
        if key not in node or node[key] is None:
            if spec.required:
                diags.error(node.loc, "schema-missing-key", f"{what} is missing required key {key!r}",
                            f"{key_path}.{key}")
            continue
        if not check_value(node, key, spec.kind, f"{key_path}.{key}" if key_path else key, diags):
            invalid.append(key)
    for key in invalid:
        del node[key]
    return True


def _ambiguity(plain: str) -> str:
    """What a YAML 1.1 reader makes of an unquoted scalar (see YAML11_SURPRISES)."""
    if plain.lower() in ("y", "n", "yes", "no", "on", "off", "true", "false"):
        return "a boolean"
    if "-" in plain:
        return "a date"
    if ":" in plain:
        return "a base-60 number"
    return "an octal number"


def check_value(parent: Any, key: str | int, kind: str, key_path: str, diags: Diagnostics) -> bool:
    """Check one value's type (False: wrong type, reported); text fields also refuse YAML 1.1 look-alikes."""
    value, where = parent[key], loc_of(parent, key)
    plain = parent.plain.get(key) if isinstance(parent, (YMap, YList)) else None
    if isinstance(value, Rejected):
        return False  # a refused tag, already reported

    def bad(expected: str) -> bool:
        shown = plain if plain is not None else _shown(value)
        hint = f"; write it in quotes ('{plain}') if you meant text" if plain is not None and kind in (
            "text", "prose", "id") else ""
        diags.error(where, "schema-type", f"expected {expected}, got {type_name(value)} {shown}{hint}", key_path)
        return False

    if kind in ("text", "id"):
        if not isinstance(value, str):
            return bad("text" if kind == "text" else "an ID")
        if plain is not None and YAML11_SURPRISES.match(plain):
            diags.error(where, "yaml-ambiguous", f"unquoted {plain!r} is read as {_ambiguity(plain)} by YAML 1.1 "
                        f"tools; write it in quotes ('{plain}') if you meant text", key_path)
        if kind == "id" and not ID_PATTERN.match(value):
            diags.error(where, "schema-id", f"ID {value!r} must be lowercase letters, digits, '-', '_' or '.'",
                        key_path)
    elif kind == "prose":
        return check_prose(parent, key, key_path, diags)
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return bad("a number")
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            diags.error(where, "schema-number", f"{plain or value!r} is not a usable number (at most "
                        f"{MAX_NUMBER:g} in size)", key_path)
            return False
    elif kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return bad("a whole number")
        if abs(value) > MAX_NUMBER:
            diags.error(where, "schema-number", f"{value} is too large (at most {MAX_NUMBER:g})", key_path)
            return False
    elif kind == "bool":
        if not isinstance(value, bool):
            return bad("true or false")
    elif kind in ("ids", "texts", "ids_or_null"):
        if not isinstance(value, YList):
            return bad("a list")
        ok = True
        for i in range(len(value)):
            if kind == "ids_or_null" and value[i] is None:  # a chart's missing value
                continue
            ok = check_value(value, i, "text" if kind == "texts" else "id", f"{key_path}[{i}]", diags) and ok
        return ok
    elif kind == "prose_list":
        if not isinstance(value, YList):
            return bad("a list")
        return all([check_prose(value, i, f"{key_path}[{i}]", diags) for i in range(len(value))])
    elif kind == "map" and not isinstance(value, YMap):
        return bad("a mapping")
    elif kind == "list" and not isinstance(value, YList):
        return bad("a list")
    return True


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_prose(parent: Any, key: str | int, key_path: str, diags: Diagnostics) -> bool:
    """Prose is text, or a mapping of language code to text."""
    value = parent[key]
    if isinstance(value, YMap):
        ok = True
        for lang in value:
            if not LANG_PATTERN.match(lang):
                diags.error(key_loc(value, lang), "schema-language", f"{lang!r} is not a language code like 'en'",
                            f"{key_path}.{lang}")
            if isinstance(value[lang], YMap):  # a translation with the hash of its source: {text, from}
                ok = check_mapping(value[lang], TRANSLATION_FIELDS, f"{key_path}.{lang}", diags,
                                   loc_of(value, lang), "a translation") and "text" in value[lang] and ok
            else:
                ok = check_value(value, lang, "text", f"{key_path}.{lang}", diags) and ok
        if not value:
            diags.error(loc_of(parent, key), "schema-type", "prose mapping has no languages", key_path)
            return False
        return ok
    return check_value(parent, key, "text", key_path, diags)


def type_name(value: Any) -> str:
    """A reader's name for a YAML value's type."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return "text"


def pick_language(value: dict[str, str] | None, lang: str) -> str:
    """The text of a prose value in ``lang``, else English, else whatever language it has."""
    if not value:
        return ""
    return text_in(value, lang) or value.get("en") or next(iter(value.values()))


def prose_dict(value: Any) -> Prose:
    """Normalise a prose value to {language: text} (plain text is English); a translation written as
    {text, from} becomes a :class:`~generator.load.translation.Translated` text that remembers its source's hash."""
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for k, v in value.items():
            if isinstance(v, str):
                out[str(k)] = v  # kept as is: normalising a normalised value keeps its Translated texts
            elif isinstance(v, YMap) and isinstance(v.get("text"), str):
                made_from = v.plain.get("from") or ("" if v.get("from") is None else str(v.get("from")))
                out[str(k)] = Translated(v["text"], made_from, v.value_locs.get("from"))
        return out
    if isinstance(value, str):
        return {"en": value}
    return {}
