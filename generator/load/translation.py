"""Translated prose: picking a brief's language, and knowing when a translation went stale.

A prose field is text (English) or a map of language to text. A translation may record which source text
it was made from, as a short hash of the English text::

    title:
      en: China–Russia trade is growing again
      zh-Hans: {text: 中俄贸易重新增长, from: 3f2a1b9c}

``brief check`` warns ``translation-stale`` when the English text no longer has that hash, and
``translation-missing`` when a brief in language X shows a field with no X text (it prints the English
text, never silently). Both messages give the English text's current hash to copy into ``from:``.
"""
from __future__ import annotations

import hashlib
import re
from typing import Any, Iterator

from generator.diagnostics import Diagnostics, Location

SOURCE = "en"  # the language translations are made from
HASH_LENGTH = 8


class Translated(str):
    """The text of one translation, with the hash of the source text it was made from ("" if not recorded)
    and where that hash is written."""

    made_from: str
    where: Location | None

    def __new__(cls, text: str, made_from: str = "", where: Location | None = None) -> "Translated":
        self = super().__new__(cls, text)
        self.made_from, self.where = made_from, where
        return self


def source_hash(text: str) -> str:
    """The short hash of a source text a translation records; re-wrapping the text does not change it."""
    normal = re.sub(r"\s+", " ", str(text)).strip()
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LENGTH]


def language_tags(language: str) -> list[str]:
    """Keys that hold text for ``language``, most specific first: zh-Hans-CN, zh-Hans, zh."""
    parts = language.replace("_", "-").split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def text_in(value: dict[str, str] | None, language: str) -> str | None:
    """The text of a prose map in ``language`` (or a more general tag of it), or None."""
    for tag in language_tags(language):
        if value and tag in value:
            return value[tag]
    return None


class Picker:
    """Picks each prose field's text in one brief's language; a field without it is a warning (once)."""

    def __init__(self, language: str, diags: Diagnostics):
        self.language, self.diags = language, diags
        self._warned: set[tuple[str, str]] = set()

    def __call__(self, value: Any, where: Location, key_path: str) -> str:
        """The text of prose ``value`` ({language: text} or text) for the brief."""
        if not isinstance(value, dict):
            return "" if value is None else str(value)
        value = {str(k): (v.get("text", "") if isinstance(v, dict) else v) for k, v in value.items()}
        if not value:
            return ""
        found = text_in(value, self.language)
        if found is not None:
            return found
        shown = SOURCE if SOURCE in value else next(iter(value))
        if (str(where), key_path) not in self._warned:
            self._warned.add((str(where), key_path))
            hint = f", from: {source_hash(value[SOURCE])}" if SOURCE in value else ""
            self.diags.warning(where, "translation-missing", f"{key_path} has no {self.language!r} text, so "
                               f"the brief prints its {shown!r} text; add {self.language}: {{text: …{hint}}}",
                               key_path)
        return value[shown]


def stale_translations(value: dict[str, str]) -> Iterator[tuple[str, Translated, str]]:
    """(language, translation, current source hash) for each translation of ``value`` whose recorded
    source hash no longer matches its source text."""
    if SOURCE not in value or not any(isinstance(t, Translated) and t.made_from for t in value.values()):
        return
    current = source_hash(value[SOURCE])
    for lang, text in value.items():
        if isinstance(text, Translated) and text.made_from and text.made_from != current:
            yield lang, text, current


def check_freshness(fields: Iterator[tuple[str, dict[str, str], Location]], diags: Diagnostics) -> None:
    """``translation-stale`` for every translation made from a source text that has changed since."""
    for key_path, value, where in fields:
        for lang, text, current in stale_translations(value):
            diags.warning(text.where or where, "translation-stale", f"the {lang!r} text of {key_path} was made "
                          f"from {SOURCE!r} text {text.made_from}, which has changed since (now {current}): "
                          f"check the translation, then set from: {current}", key_path)


def went_stale(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """Languages whose translation in ``new`` was made from the source text of ``old`` and is stale in ``new``:
    the translations an edit of the source text between two revisions left behind."""
    if SOURCE not in old:
        return []
    before = source_hash(old[SOURCE])
    return [lang for lang, text, _now in stale_translations(new) if text.made_from == before]


if __name__ == "__main__":  # python -m generator.load.translation "source text": the hash to record in from:
    import sys

    print(source_hash(" ".join(sys.argv[1:]) if len(sys.argv) > 1 else sys.stdin.read()))
