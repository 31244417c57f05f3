"""Evidence anchors: each claim names where in its source it comes from, with a verbatim quote.

``anchor: {at: II.C, quote: "…"}`` on an item, part or figure. The source's text is kept in the
project (``content/sources/<id>.md``, or the path a source's ``text`` names); `brief check` finds
every quote in it and every number a figure states in its quote. A quote may skip words with
"…": each piece must occur, in order.
"""
from __future__ import annotations

import math
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from generator.check.lints import UNSPACED, UNSPACED_SCRIPT
from generator.diagnostics import Diagnostics, Location
from generator.load.safefs import UnsafeFile, is_inside, read_regular
from generator.load.schema import Field, check_mapping
from generator.load.yamlload import YMap
from generator.figures.unit_words import ORDINALS  # the English ordinals the study's quotes are read with
from generator.figures.units import SCALES, try_parse

if TYPE_CHECKING:
    from generator.load.content import Content, Source

ANCHOR_FIELDS = {"at": Field("text", True), "quote": Field("text"), "source": Field("id")}
MAX_TEXT_BYTES = 5_000_000  # a kept source text is a study, not a data dump
MIN_QUOTE_WORDS = 3  # "the", "2016" or "" occur anywhere: a quote must say something
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″"} | {c: "'" for c in "‘’‚‛′`"})
_GAP = re.compile(r"\s*(?:…|\.\.\.)\s*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Numbers a source may write as words ("four expositions", "the fourth largest", "top ten").
_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen twenty").split()
NUMBER_WORDS = {w: i for i, w in enumerate(_WORDS)} | {w: i for i, w in enumerate(ORDINALS["en"]) if i}
NUMBER_WORDS |= {"largest": 1, "biggest": 1}  # "the largest trading partner": first
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.I)  # one search finds them all


_UNSPACED_BREAK = re.compile(f"(?<=[{UNSPACED_SCRIPT}]) (?=[{UNSPACED_SCRIPT}])")


def normalise(text: str) -> str:
    """Text as quotes are compared: quote marks made plain, runs of whitespace one space, and none between two
    Chinese characters (Chinese has no spaces: a line break there is only where a source's line was wrapped)."""
    return _UNSPACED_BREAK.sub("", re.sub(r"\s+", " ", text.translate(_QUOTES)).strip())


def quote_words(quote: str) -> int:
    """How many words a quote holds, for :data:`MIN_QUOTE_WORDS`: words between spaces, and in Chinese (written
    without spaces) one word for every two characters, about the length of a Chinese word; punctuation
    alone ("，", "。", "—", a quotation mark) is no word."""
    unspaced = sum(1 for char in UNSPACED.findall(quote) if char.isalnum())
    spaced = [word for word in UNSPACED.sub(" ", quote).split() if any(char.isalnum() for char in word)]
    return len(spaced) + unspaced // 2


def source_text_path(source: "Source", content: "Content") -> Path | None:
    """Where a source's text is kept, if it is a regular file inside the project (else None)."""
    root = content.root
    if root is None:
        return None
    candidate = root / source.text if source.text else root / "content" / "sources" / f"{source.id}.md"
    if source.text and Path(source.text).is_absolute():
        return None
    try:  # realpath, not Path.resolve: a link to itself is no file, not a RuntimeError (a crash, exit 3)
        resolved = Path(os.path.realpath(candidate))
        return resolved if is_inside(resolved, root) and resolved.is_file() else None
    except (OSError, ValueError):  # a name too long, or with a NUL in it
        return None


def kept_texts(content: "Content", diags: Diagnostics) -> dict[str, str]:
    """Normalised text of every source whose text the project keeps; a named but unusable path is an error."""
    texts: dict[str, str] = {}
    for source in content.sources.values():
        path = source_text_path(source, content)
        where = source.locs.get("text", source.loc)
        if path is None:
            default = f"content/sources/{source.id}.md"  # named by being there, even as a link out of the project
            named = source.text or (default if content.root and os.path.lexists(content.root / default) else "")
            if named:
                diags.error(where, "source-text", f"text {named!r} of source {source.id!r} is not a file "
                            "inside the project", f"sources.{source.id}.text")
            continue
        try:  # the one safe read: no FIFO, device or swapped-in link, and never more than the limit
            texts[source.id] = normalise(read_regular(path, MAX_TEXT_BYTES, content.root).decode("utf-8"))
        except UnsafeFile as exc:
            diags.error(where, "source-text", f"the kept text of source {source.id!r} is not read: {exc}",
                        f"sources.{source.id}.text")
        except UnicodeDecodeError:
            diags.error(where, "source-text", f"the kept text of source {source.id!r} is not UTF-8; save it as "
                        "UTF-8", f"sources.{source.id}.text")
    return texts


def reporting_chain(source_id: str, content: "Content") -> Iterator["Source"]:
    """The source ``source_id``, then the one that reports it (``reported_in``), and so on while they are
    known sources (a loop ends the chain)."""
    seen: set[str] = set()
    while source_id in content.sources and source_id not in seen:
        seen.add(source_id)
        yield content.sources[source_id]
        source_id = content.sources[source_id].reported_in


def reporting_loops(content: "Content") -> list[list[str]]:
    """Each loop of ``reported_in`` (a source reported, in the end, in itself), once, from the source that comes
    first in the content. Every source is walked once: linear however long the chains."""
    loops: list[list[str]] = []
    done: set[str] = set()
    order = {sid: index for index, sid in enumerate(content.sources)}
    for start in content.sources:
        path: dict[str, int] = {}  # this walk's sources, in order
        source_id = start
        while source_id in content.sources and source_id not in done and source_id not in path:
            path[source_id] = len(path)
            source_id = content.sources[source_id].reported_in
        if source_id in path:
            loop = list(path)[path[source_id]:]
            first = min(loop, key=order.__getitem__)
            loops.append(loop[loop.index(first):] + loop[:loop.index(first)])
        done.update(path)
    return loops


def text_source(source_id: str, content: "Content", texts: dict[str, str]) -> str:
    """The source whose kept text a figure of ``source_id`` is quoted from: the first in its reporting
    chain whose text is kept."""
    return next((source.id for source in reporting_chain(source_id, content) if source.id in texts), "")


def is_added(source_id: str, content: "Content") -> bool:
    """Whether a source was added by the analyst (not cited by the study)."""
    source = content.sources.get(source_id)
    return bool(source and source.added)


def check_anchor_shape(node: Any, key_path: str, where: Location, diags: Diagnostics) -> bool:
    return check_mapping(node, ANCHOR_FIELDS, key_path, diags, where, "an anchor")


def check_anchors(content: "Content", diags: Diagnostics) -> None:
    """Every quote is found in its source's kept text; every number a figure states is in its quote."""
    texts = kept_texts(content, diags)
    for source in content.sources.values():
        if source.reported_in and source.reported_in not in content.sources:
            diags.error(source.locs.get("reported_in", source.loc), "ref-dangling", f"source {source.id!r} is "
                        f"reported in unknown source {source.reported_in!r}", f"sources.{source.id}.reported_in")
    for loop in reporting_loops(content):
        source = content.sources[loop[0]]
        shown = loop if len(loop) <= 8 else [*loop[:4], f"… {len(loop)} sources …", loop[-1]]
        chain = " → ".join([*shown, loop[0]])
        diags.error(source.locs.get("reported_in", source.loc), "source-loop",
                    f"source {source.id!r} is reported in itself ({chain}): reported_in names the source that "
                    "reports this one, which must in the end be a source reported in no other",
                    f"sources.{source.id}.reported_in")
    kept = list(texts)
    for item in content.items.values():
        anchor = item.anchor
        if isinstance(anchor, YMap):
            default = kept[0] if len(kept) == 1 else ""
            _check(anchor, default, item.id, (), content, texts, diags)
    for fig in content.figures.values():
        anchor = fig.anchor
        numbers = [fig.plain.get("value") or str(fig.value)] if fig.value is not None else []
        source_id = fig.source
        if isinstance(anchor, YMap):
            default = text_source(source_id, content, texts) or (kept[0] if len(kept) == 1 else "")
            unit = try_parse(fig.unit) if fig.unit else None
            _check(anchor, default, f"figures.{fig.id}", numbers, content, texts, diags, unit.scale if unit else 0)
        elif fig.value is not None and texts and not fig.added and not is_added(source_id, content):
            diags.warning(fig.loc, "anchor-missing", f"raw figure {fig.id!r} has no anchor (where its source "
                          "states it, with a quote) and is not marked as added by the analyst", f"figures.{fig.id}")


def _check(anchor: YMap, default: str, key_path: str, numbers, content: "Content", texts: dict[str, str],
           diags: Diagnostics, unit_scale: int = 0) -> None:
    source_id = anchor.get("source") or default
    quote = anchor.get("quote")
    where = anchor.value_locs.get("quote", anchor.loc)
    if anchor.get("source") and anchor["source"] not in content.sources:
        diags.error(anchor.value_locs["source"], "ref-dangling", f"anchor of {key_path} names unknown source "
                    f"{anchor['source']!r}", f"{key_path}.anchor.source")
        return
    if quote is None:
        return  # a location without a quote: nothing to verify
    if quote_words(normalise(_GAP.sub(" ", quote))) < MIN_QUOTE_WORDS:
        diags.error(where, "anchor-quote", f"the quote of {key_path} is too short to locate anything: give at least "
                    f"{MIN_QUOTE_WORDS} words of the source", f"{key_path}.anchor.quote")
        return
    if source_id not in texts:
        diags.error(where, "anchor-no-text", f"anchor of {key_path} quotes source {source_id or '(none named)'!r}, "
                    "whose text is not kept in the project (content/sources/ID.md or the source's 'text')",
                    f"{key_path}.anchor.quote")
        return
    missing = quote_problem(quote, texts[source_id])
    if missing:
        diags.error(where, "anchor-quote", f"the quote of {key_path} is not in the text of {source_id!r}: "
                    f"{missing!r} is not found there", f"{key_path}.anchor.quote")
        return
    for written in numbers:
        if not number_in(written, quote, unit_scale):
            diags.error(where, "anchor-number", f"{key_path} states {written} but its quote does not contain "
                        "that number", f"{key_path}.anchor.quote")


def quote_problem(quote: str, text: str) -> str:
    """'' if every piece of ``quote`` (split at "…") occurs in ``text`` in order, else the first piece
    that does not, shortened to the words that stop matching."""
    pos = 0
    for piece in (p for p in _GAP.split(normalise(quote)) if p):
        found = text.find(piece, pos)
        if found < 0:
            return _first_unmatched(piece, text[pos:])
        pos = found + len(piece)
    return ""


def _first_unmatched(piece: str, text: str) -> str:
    """The shortest leading run of words of ``piece`` that ``text`` does not contain, shown by its last four
    words. Found by halving (a run's longer runs are not in the text either): a quote of thousands of words
    costs a few searches, not one per word."""
    words = piece.split(" ")
    found, missing = 0, len(words)  # the longest run known to be in the text; the shortest known not to be
    if " ".join(words) in text:
        return piece
    while missing - found > 1:
        middle = (found + missing) // 2
        if " ".join(words[:middle]) in text:
            found = middle
        else:
            missing = middle
    return " ".join(words[max(0, missing - 4):missing])


def number_in(written: str, quote: str, unit_scale: int = 0) -> bool:
    """Whether a figure's number (as written: '37.297', '-3.1', '2.0') occurs in a quote, in digits or words,
    or, in a unit of scale 10^``unit_scale``, as another number with a scale word: 69.5 (USD bn) is quoted
    as "695亿美元", "69,5 млрд долларов" or "69,500 million"."""
    try:
        wanted = abs(float(str(written).replace(",", "")))
    except ValueError:
        return False
    found = set()
    for number in _NUMBER.findall(quote):
        try:
            found.add(abs(float(number.replace(",", ""))))
        except ValueError:  # "1.2.3" (a section, a version) is no number a figure states
            continue
    found |= {float(_word_value(word)) for word in _NUMBER_WORD.findall(quote)}
    return wanted in found or _scaled_in(wanted * 10.0 ** unit_scale, quote)


_SCALED = re.compile(r"(\d+(?:[.,]\d+)*)\s?([^\W\d_]+)")  # a number and the word after it: "695亿", "69,5 млрд"


def _scaled_in(wanted: float, quote: str) -> bool:
    """Whether a number followed by a scale word of any language the tool speaks is ``wanted`` in the quote.
    A comma may be a decimal comma ("69,5 млрд") or a group separator ("69,500 million"): both are tried."""
    table = scale_word_table()
    for digits, word in _SCALED.findall(quote):
        exponent = next((table[w] for w in _prefixes(word.lower(), longest_scale_word()) if w in table), None)
        if exponent is None:
            continue
        readings = {digits.replace(",", ""), digits.replace(",", ".")} if digits.count(",") == 1 else {digits.replace(",", "")}
        for reading in readings:
            try:
                value = float(reading) * 10.0 ** exponent
            except ValueError:
                continue
            if math.isclose(value, wanted, rel_tol=1e-9):
                return True
    return False


def _prefixes(word: str, longest: int) -> Iterator[str]:
    """``word``, and in Chinese (no spaces) its leading parts of at most ``longest`` characters, longest first:
    "亿美元" is 亿 before a unit, "万亿元" is 万亿; a spaced word is a scale word only whole ("km" is no "k").
    The bound keeps a number before a run of thousands of Chinese characters from costing their square."""
    if not UNSPACED.match(word):
        return iter((word,))
    return (word[:n] for n in range(min(len(word), longest), 0, -1))


@lru_cache(maxsize=1)
def longest_scale_word() -> int:
    """Characters of the longest word of :func:`scale_word_table`."""
    return max(map(len, scale_word_table()))


@lru_cache(maxsize=1)
def scale_word_table() -> dict[str, int]:
    """Scale words as quotes write them (lower case) → power of ten: the units' own (bn, billion, 亿, 万) and
    CLDR's compact words, long and short, in every language with a terms file (млрд, миллиарда, milliards)."""
    from generator.figures.formatting import scale_words  # babel, only for a quote not matched digit for digit
    from generator.render.terms import PACKAGE_TERMS

    table = {word.lower(): exponent for word, exponent in SCALES.items()}
    for language in sorted(path.stem for path in PACKAGE_TERMS.glob("*.yaml")):
        for length in ("long", "short"):
            for exponent, forms in scale_words(language, length).items():
                for pattern in forms.values():
                    word = pattern.replace("{0}", "").strip().rstrip(".").lower()
                    if word and " " not in word:
                        table.setdefault(word, exponent)
    return table


def _word_value(word: str) -> int:
    """The number a word of :data:`NUMBER_WORDS` found ignoring case stands for."""
    value = NUMBER_WORDS.get(word.lower())
    if value is None:  # found through a letter re.I takes for another ('ſ' for 's', 'ı' for 'i')
        value = next(v for w, v in NUMBER_WORDS.items() if re.fullmatch(w, word, re.I))
    return value
