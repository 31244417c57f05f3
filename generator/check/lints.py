"""Lints of the prose a brief definition writes itself (titles, purposes, bottom lines, text sections).

Framing may use figures and point at items, but may not add claims: a comparative or trend word
("growing", "recovered", "booming", "lead") is a warning unless an anchored item the brief includes
says the same in its quote. So is a word that claims certainty or completeness ("undoubtedly", 必将,
несомненно), in English and the brief's language: ``framing.claims`` in the terms files. A line can be silenced with a Jinja comment that gives the reason:
``{# allow[framing-claim]: the study says "developed rapidly" #}`` (it never reaches the reader), and a
whole field with a YAML comment on the line above it: ``# allow[framing-claim]: reason``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from generator.load.briefs import brief_prose_fields
from generator.diagnostics import Diagnostics, Location
from generator.load.safefs import MAX_YAML_BYTES, UnsafeFile, read_regular

if TYPE_CHECKING:
    from generator.load.briefs import Brief
    from generator.load.content import Content

# Each family: a pattern for the words, and the stems that count as the source saying the same.
TREND_FAMILIES: dict[str, tuple[str, ...]] = {
    r"grow\w*|grew|growth": ("grow", "grew"),
    r"recover\w*|rebound\w*": ("recover", "rebound"),
    r"boom\w*|soar\w*|surg\w*": ("boom", "soar", "surg"),
    r"lead|leads|leading|led": ("lead", " led "),
    r"ris(?:e|es|ing)|rose": ("rise", "rising", "rose"),
    r"declin\w*|fall|falls|falling|fell|drop\w*": ("declin", "fall", "fell", "drop"),
    r"increas\w*|decreas\w*": ("increas", "decreas"),
    r"expand\w*|expansion|shrink\w*|shrank|contract(?:ed|ing|ion)": ("expan", "shrink", "shrank", "contract"),
    r"accelerat\w*|slow(?:ed|ing|down)?": ("accelerat", "slow"),
    r"improv\w*|worsen\w*": ("improv", "worsen", "better"),
    r"rapid\w*|fast(?:er|est)?|quick\w*": ("rapid", "fast", "quick"),
    r"larg(?:er|est)|small(?:er|est)|bigg(?:er|est)": ("larger", "largest", "smaller", "smallest", "bigg"),
}
_TREND = re.compile(r"\b(" + "|".join(f"(?:{p})" for p in TREND_FAMILIES) + r")\b", re.I)
_FAMILY = [(re.compile(rf"\A(?:{p})\Z", re.I), stems) for p, stems in TREND_FAMILIES.items()]
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)  # an expression, statement or comment
# Scripts written without spaces between words (Chinese, Japanese kana, their punctuation and full-width forms,
# ideographs beyond the first plane): no word boundaries there. The checks' one definition.
UNSPACED_SCRIPT = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f"
UNSPACED = re.compile(f"[{UNSPACED_SCRIPT}]")
_ALLOW = re.compile(r"\{#\s*allow\[([a-z-]+)\]\s*:?\s*(.*?)\s*#\}")


def stems_of(word: str) -> tuple[str, ...]:
    for pattern, stems in _FAMILY:
        if pattern.match(word):
            return stems
    return (word.lower(),)


def value_lines(lines: list[str], where: Location) -> Iterator[tuple[int, int, str]]:
    """(line number, column offset, text) of a YAML scalar starting at ``where``: its first line from the
    value's column, then the lines indented deeper than the key's line (block and folded scalars)."""
    if not where.line or where.line > len(lines):
        return
    first = lines[where.line - 1]
    start = max(where.col - 1, 0)
    if first[:start].strip():  # a value on its key's line: continued by lines deeper than the key
        deeper = len(first) - len(first.lstrip(" -")) + 1
    else:  # the first line of a block scalar: continued by lines as deep as it
        deeper = start
    yield where.line, start, first[start:]
    for number in range(where.line + 1, len(lines) + 1):
        line = lines[number - 1]
        if line.strip() and len(line) - len(line.lstrip(" ")) < deeper:
            return
        yield number, 0, line


def masked(line: str) -> str:
    """A line with Jinja expressions, statements and comments blanked out, columns kept."""
    return JINJA.sub(lambda m: " " * len(m.group(0)), line)


def allowed(line: str, code: str) -> bool:
    """Whether a line carries ``{# allow[code]: reason #}`` with a reason."""
    return any(c == code and reason for c, reason in _ALLOW.findall(line))


def supported_quotes(brief: "Brief", content: "Content") -> str:
    """The anchor quotes of the items a brief includes, lower-cased, as one text."""
    from generator.render.select import select

    selection = select(brief, content, {}, Diagnostics())
    quotes = []
    for iid in selection.item_ids():
        anchor = content.items[iid].anchor if iid in content.items else None
        if isinstance(anchor, dict) and anchor.get("quote"):
            quotes.append(str(anchor["quote"]))
    return " " + " ".join(quotes).lower() + " "


def claim_words(language: str, root: Path | None) -> list[tuple[re.Pattern[str], str]]:
    """(pattern, stem) of each overclaiming word or phrase ("undoubtedly", 必将, несомненно …) of English and
    ``language``: the terms files' ``framing.claims`` (words separated by "|"; a trailing "*" takes any ending;
    words of a script without spaces match inside a run of text, others as whole words)."""
    from generator.render.terms import load_terms

    entries = {word.strip() for lang in dict.fromkeys(("en", language))
               for word in load_terms(lang, root, Diagnostics()).words.get("framing.claims", "").split("|")}
    out = []
    for entry in sorted(word for word in entries if word.strip("*")):
        stem = entry.rstrip("*")
        body = r"\s+".join(map(re.escape, stem.split())) + (r"\w*" if entry.endswith("*") else "")
        spaced = not UNSPACED.search(stem)
        out.append((re.compile(rf"(?<!\w){body}(?!\w)" if spaced else body, re.I), stem.lower()))
    return out


def _claims(line: str, words: list[tuple[re.Pattern[str], str]], support: str) -> Iterator[tuple[int, str, str]]:
    """(offset, text, kind) of each trend, comparative or overclaiming word of ``line`` that ``support`` (the
    brief's anchored quotes) does not say itself."""
    for match in _TREND.finditer(line):
        if not any(stem in support for stem in stems_of(match.group(1))):
            yield match.start(), match.group(1), "makes a trend or comparative claim"
    for pattern, stem in words:
        for match in pattern.finditer(line):
            if stem not in support:
                yield match.start(), match.group(0), "makes a claim of certainty or completeness"


def lint_framing(briefs: dict[str, "Brief"], content: "Content", root: Path | None, diags: Diagnostics) -> None:
    """Warn about trend, comparative and overclaiming words in brief-level prose that no included anchor
    supports (overclaiming words in English and the brief's language)."""
    if root is None:
        return
    words: dict[str, list[tuple[re.Pattern[str], str]]] = {}
    for brief in briefs.values():
        lines = read_lines(root / brief.path, root)
        support = supported_quotes(brief, content)
        if brief.language not in words:
            words[brief.language] = claim_words(brief.language, root)
        for key_path, _texts, where in brief_prose_fields(brief):
            above = [lines[n - 1].strip() for n in (where.line - 1, where.line - 2) if 1 <= n <= len(lines)]
            if any(a.startswith("#") and allowed("{" + a + " #}", "framing-claim") for a in above):
                continue  # a YAML comment above the field silences all of it (for text that is not a template)
            for number, offset, line in value_lines(lines, where):
                if allowed(line, "framing-claim"):
                    continue
                for start, word, claim in sorted(_claims(masked(line), words[brief.language], support)):
                    diags.warning(Location(brief.path, number, offset + start + 1), "framing-claim",
                                  f"{word!r} in {key_path} {claim} that no anchored "
                                  "item of this brief supports: show it with a figure or an item, or silence the "
                                  "line with {# allow[framing-claim]: reason #}", key_path)


def read_lines(path: Path, root: Path) -> list[str]:
    """The lines of a brief file already loaded, read again the one safe way (it may have changed since)."""
    try:
        return read_regular(path, MAX_YAML_BYTES, root).decode("utf-8").splitlines()
    except (UnsafeFile, UnicodeDecodeError):
        return []
