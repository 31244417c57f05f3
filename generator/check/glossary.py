"""One term per thing: a glossary in content (term, definition, variants to avoid).

A brief defines each glossary term at its first use (a note, ``glossary: notes``, the default) or in
a box (a ``glossary`` section); a variant written in prose is a warning naming the preferred term.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator

from generator.diagnostics import Diagnostics, Location
from generator.check.lints import JINJA
from generator.load.schema import Field, check_mapping, loc_of
from generator.render.templating import md_escape

if TYPE_CHECKING:
    from generator.load.briefs import Brief
    from generator.load.content import Content

GLOSSARY_FIELDS = {"id": Field("id", True), "term": Field("text", True), "definition": Field("text", True),
                   "variants": Field("texts")}
_SKIP_LINE = re.compile(r"\s*(#|:::|\||\[\^|- \*\*(Finding|Problem|Recommendation):)")


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    variants: tuple[str, ...]
    loc: Location


def load_terms(content: "Content", node: Any, key_path: str, where: Location, diags: Diagnostics) -> None:
    """One ``glossary:`` entry into ``content.glossary``."""
    if not check_mapping(node, GLOSSARY_FIELDS, key_path, diags, where, "a glossary term") or "id" not in node:
        return
    blank = [k for k in ("term", "definition") if not str(node.get(k) or "").strip()]
    blank += [f"variants[{i}]" for i, v in enumerate(node.get("variants") or ()) if not str(v).strip()]
    if blank:
        diags.error(node.loc, "glossary-blank", f"glossary term {node['id']!r} has an empty {', '.join(blank)}",
                    key_path)
        return
    if node["id"] in content.glossary:
        diags.error(node.loc, "duplicate-id", f"glossary term {node['id']!r} is already defined at "
                    f"{content.glossary[node['id']].loc}", key_path)
        return
    content.glossary[node["id"]] = Term(node["id"], node.get("term") or "", node.get("definition") or "",
                                        tuple(node.get("variants") or ()), loc_of(node, fallback=where))


@lru_cache(maxsize=1024)  # every prose field is searched for every term and variant
def _pattern(text: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(text).replace(r"\ ", r"\s+") + r"(?![\w-])", re.I)


def variants_in(text: str, term: Term) -> list[str]:
    """Variants of ``term`` written in ``text`` (outside Jinja, and not as part of the term itself)."""
    return list(_variants_in(text, term.term, term.variants))


# Keyed by the term's words, not the Term: hashing a frozen dataclass (its Location too) on every call of
# every prose field and term cost more than the searches.
@lru_cache(maxsize=16384)  # brief watch lints the same unchanged fields on every rebuild
def _variants_in(text: str, term: str, variants: tuple[str, ...]) -> tuple[str, ...]:
    first = _first_words(variants)
    if first is not None and not _holds_any(text, *first):
        return ()  # a variant found below has its first word, unchanged, in the text itself
    bare = _pattern(term).sub(lambda m: " " * len(m.group(0)), JINJA.sub(" ", text))
    return tuple(v for v in variants if _pattern(v).search(bare))


@lru_cache(maxsize=1024)
def _first_words(variants: tuple[str, ...]) -> tuple[re.Pattern, tuple[str, ...] | None] | None:
    """Any variant's first word, matched as :func:`_pattern` matches it (no boundaries): most prose fields
    have none, and need no further search. None when a variant has no word (then every field is searched).
    Also the words in lower case when all are ASCII (else None), for :func:`_holds_any`'s quicker test."""
    words = [variant.split()[0] if variant.split() else "" for variant in variants]
    if not words or not all(words):
        return None
    ascii_words = tuple(word.lower() for word in words) if all(word.isascii() for word in words) else None
    return re.compile("|".join(re.escape(word) for word in words), re.I), ascii_words


# The only characters other than ASCII that re.I matches to an ASCII letter, or whose lower case holds one.
ASCII_LOOKALIKES = "\u0130\u0131\u017f\u212a"  # İ ı ſ K (Kelvin)


def _holds_any(text: str, pattern: re.Pattern, ascii_words: tuple[str, ...] | None) -> bool:
    """Whether ``pattern`` (words, ignoring case) is found in ``text``. For ASCII words, and a text without
    :data:`ASCII_LOOKALIKES`, ignoring case is comparing lower case, and substring tests are many times
    quicker than a case-blind alternation."""
    if ascii_words is not None and (text.isascii() or not any(char in text for char in ASCII_LOOKALIKES)):
        lower = text.lower()
        return any(word in lower for word in ascii_words)
    return pattern.search(text) is not None


def lint_variants(content: "Content", briefs: dict[str, "Brief"], diags: Diagnostics) -> None:
    """Warn where prose uses a variant a glossary term says to avoid."""
    from generator.load.briefs import brief_prose_fields
    from generator.check.validate import prose_fields

    def report(text: str, where: Location, key_path: str) -> None:
        for term in content.glossary.values():
            for variant in variants_in(text, term):
                diags.warning(where, "term-variant", f"{variant!r} in {key_path}: the glossary's term is "
                              f"{term.term!r}", key_path)

    for item in content.items.values():
        for name, _lang, text in prose_fields(item):
            report(text, item.locs.get(name.split(".")[0], item.loc), f"{item.id}.{name}")
    for brief in briefs.values():
        for key_path, texts, where in brief_prose_fields(brief):
            for text in texts.values():
                report(text, where, key_path)


def define_first_uses(markdown: str, terms: dict[str, Term]) -> tuple[str, list[str]]:
    """``markdown`` with a note reference after the first use of each term in body text, and the
    note definitions to append. Headings, tables, containers and notes are left alone."""
    lines = markdown.split("\n")
    notes: list[str] = []
    for term in terms.values():
        pattern = _pattern(term.term)
        for index, line in enumerate(lines):
            if _SKIP_LINE.match(line):
                continue
            match = next((m for m in pattern.finditer(line) if not _inside_markup(line, m.start(), m.end())), None)
            if match:
                lines[index] = f"{line[:match.end()]}[^term-{term.id}]{line[match.end():]}"
                notes.append(f"[^term-{term.id}]: **{md_escape(term.term)}**: {md_escape(term.definition)}")
                break
    return "\n".join(lines), notes


def used_terms(markdown: str, terms: dict[str, Term]) -> list[Term]:
    """Glossary terms a brief's text uses, in glossary order (for a glossary box)."""
    return [t for t in terms.values() if _pattern(t.term).search(markdown)]


def _inside_markup(line: str, start: int, end: int) -> bool:
    """Whether a match is inside a link's text or target, a bare URL, code, or a note reference, where a
    note reference would break the markup."""
    opened = line.rfind("[", 0, end)
    if opened != -1 and line.find("]", opened) >= end:
        return True
    word_start = max(line.rfind(" ", 0, start), line.rfind("(", 0, start)) + 1
    word_end = min((i for i in (line.find(" ", end), line.find(")", end)) if i != -1), default=len(line))
    token = line[word_start:word_end]
    if "://" in token or "@" in token:
        return True
    target = line.rfind("](", 0, start)
    if target != -1 and line.find(")", target) >= end:
        return True
    return line.count("`", 0, start) % 2 == 1
