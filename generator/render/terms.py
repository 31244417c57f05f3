"""The terms layer: every word the tool prints itself, per language (as pandoc's ``translations/*.yaml``).

A terms file maps a key (``key_figures``, ``page_of``, ``column.value`` …) to the words of one language.
The package ships ``generator/translations/<language>.yaml``; a project may add or override a language with
its own ``translations/<language>.yaml``. Adding a language is one file. A brief's ``language`` (BCP 47) picks
the file: ``zh-Hans-CN`` tries ``zh-Hans-CN``, then ``zh-Hans``, then ``zh``. No file for a brief's language
and keys a file lacks are located warnings (the English words print instead), never silent.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostics, Location, relative

PACKAGE_TERMS = Path(__file__).resolve().parent.parent / "translations"
PROJECT_TERMS = "translations"  # a folder of the project, beside content/ and briefs/
BASE = "en"
# Tags that name the same written language as a file under another name.
ALIASES = {"zh": "zh-Hans", "zh-CN": "zh-Hans", "zh-SG": "zh-Hans", "zh-TW": "zh-Hant", "zh-HK": "zh-Hant"}
# Terms written by the writers themselves (the rest are used by the layout and compose): carried in Meta.
WRITER_KEYS = ("notes", "page_of", "web.note_ref", "web.back", "web.chart_data", "web.category", "web.skip", "web.for", "web.contact",
               "pdf.to_note", "pdf.to_section", "pdf.email", "pdf.link", "pdf.chart", "pdf.cell_truncated",
               "pdf.untitled", "note_missing", "title_separator", "draft")


@dataclass
class Terms:
    """The words of one language, with English underneath for keys the language's file lacks."""

    language: str
    words: dict[str, str]
    file: str = ""  # where ``words`` came from, as messages show it ("" when no file: English throughout)
    missing: list[str] = field(default_factory=list)  # keys of en.yaml this language's file lacks

    def __call__(self, key: str, **values: Any) -> str:
        """The words for ``key`` with ``{placeholders}`` filled in; an unknown key is an error in the layout."""
        if key not in self.words:
            raise LookupError(f"no term {key!r}; terms are the keys of generator/translations/{BASE}.yaml")
        text = self.words[key]
        return text.format(**values) if values else text

    def sentence(self, text: Any) -> str:
        """``text`` ending with a sentence mark of the language (adds ``sentence_end`` if it has none)."""
        text = str(text)
        return text if text.rstrip().endswith(tuple(self.words["sentence_marks"])) else text + self.words[
            "sentence_end"]

    def date(self, moment: datetime) -> str:
        """``moment`` as the language writes a date (CLDR pattern ``date_format``, through babel)."""
        from babel.dates import format_date

        return format_date(moment.date(), format=self.words["date_format"], locale=babel_locale(self.language))

    def version_stamp(self, version: dict[str, str]) -> str:
        """The "Content version …" line of ``version`` (generator.editions.gitinfo.content_version) in this language,
        by its ``state``: untracked (no repository), uncommitted (no commit yet) or committed."""
        state = version.get("state") or ("committed" if version.get("commit") else "uncommitted")
        if state == "untracked":
            return self("version_untracked")
        if state == "uncommitted" or not version.get("commit"):
            return self("version_uncommitted")
        tags = version.get("tag", "")
        tag = self("version_tags" if "," in tags else "version_tag", tags=tags) if tags else ""
        dirty = self("version_dirty") if version.get("dirty") else ""
        return self("version", commit=version.get("short", ""), tags=tag, date=version.get("date", ""), dirty=dirty)

    def meta_terms(self) -> tuple[tuple[str, str], ...]:
        """The terms writers print, for :attr:`generator.model.Meta.terms`."""
        return tuple((key, self.words[key]) for key in WRITER_KEYS)


_CHINESE_DIGITS = "〇一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (up to 99; larger numbers as digits)."""
    if not 0 < n < 100:
        return str(n)
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CHINESE_DIGITS[tens] + "十")
    return head + (_CHINESE_DIGITS[units] if units else "")


# Heading numbers by level, per numbering style: Chinese documents number 一、 （一） 1. （1）.
HEADING_NUMBERS = {
    "chinese": (lambda n: f"{chinese_numeral(n)}、", lambda n: f"（{chinese_numeral(n)}）", lambda n: f"{n}.",
                lambda n: f"（{n}）"),
}


def number_headings(blocks: tuple[Any, ...], style: str) -> tuple[Any, ...]:
    """``blocks`` with each heading numbered in ``style`` (a key of HEADING_NUMBERS; "" for none), counters
    restarting under each higher heading."""
    from dataclasses import replace

    from generator.model import Heading, Text

    formats = HEADING_NUMBERS.get(style)
    if not formats:
        return blocks
    counters = [0] * len(formats)
    out = []
    for block in blocks:
        if isinstance(block, Heading) and block.level <= len(formats):
            level = block.level - 1
            counters[level] += 1
            counters[level + 1:] = [0] * (len(formats) - level - 1)
            block = replace(block, children=(Text(formats[level](counters[level])), *block.children))
        out.append(block)
    return tuple(out)


def babel_locale(language: str) -> str:
    """A BCP 47 tag as babel names the locale ('zh-Hans' → 'zh_Hans')."""
    return language.replace("-", "_")


def candidates(language: str) -> list[str]:
    """File names to try for ``language``, most specific first: zh-Hans-CN, zh-Hans, zh (and aliases)."""
    parts = language.replace("_", "-").split("-")
    tags = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    out: list[str] = []
    for tag in tags:
        out += [tag] + ([ALIASES[tag]] if tag in ALIASES else [])
    return list(dict.fromkeys(out))


_READ_CACHE: dict[tuple[str, str, int, int], tuple[dict[str, str] | None, list[Any]]] = {}


def _read(file: Path, shown: str, diags: Diagnostics) -> dict[str, str] | None:
    """A terms file's mapping of key to words; problems are located errors. Each file is parsed once
    per version (every brief of a build reads the same few files)."""
    try:
        stat = file.stat()
    except OSError:
        stat = None
    key = (str(file), shown, stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)
    if key not in _READ_CACHE:
        found = Diagnostics()
        _READ_CACHE[key] = (_parse(file, shown, found), found.items)
    words, problems = _READ_CACHE[key]
    diags.items.extend(problems)
    return dict(words) if words is not None else None


def _parse(file: Path, shown: str, diags: Diagnostics) -> dict[str, str] | None:
    from generator.load.yamlload import YMap, load_yaml

    data = load_yaml(file, shown, diags)
    if data is None:
        return None
    if not isinstance(data, YMap):
        diags.error(Location(shown, 1, 1), "terms-file", "a terms file maps each key to its words")
        return None
    words = {}
    for key, value in data.items():
        if not isinstance(value, str):
            diags.error(data.value_locs.get(key, Location(shown, 1, 1)), "terms-file",
                        f"term {key!r} must be text", str(key))
        else:
            words[str(key)] = value
    return words


def _locate(language: str, root: Path | None) -> tuple[Path, str] | None:
    """The terms file for ``language`` (the project's first, then the package's) and its shown name."""
    for tag in candidates(language):
        if root is not None and (root / PROJECT_TERMS / f"{tag}.yaml").is_file():
            path = root / PROJECT_TERMS / f"{tag}.yaml"
            return path, relative(path, root)
        if (PACKAGE_TERMS / f"{tag}.yaml").is_file():
            return PACKAGE_TERMS / f"{tag}.yaml", f"generator/translations/{tag}.yaml"
    return None


def load_terms(language: str, root: Path | None, diags: Diagnostics) -> Terms:
    """The terms for ``language``; a missing file or missing keys are for :func:`check_terms` to report."""
    base = _read(PACKAGE_TERMS / f"{BASE}.yaml", f"generator/translations/{BASE}.yaml", diags) or {}
    found = _locate(language, root)
    if found is None:
        return Terms(language, dict(base))
    path, shown = found
    own = _read(path, shown, diags) or {}
    missing = [key for key in base if key not in own]
    return Terms(language, {**base, **own}, shown, missing)


def english() -> Terms:
    """The package's English terms (the words of messages and records that are not a brief's)."""
    return load_terms(BASE, None, Diagnostics())


def check_terms(briefs: dict[str, Any], root: Path, diags: Diagnostics) -> None:
    """Warn about a brief language with no terms file, and once per file about keys it lacks."""
    reported: set[str] = set()
    loaded: set[str] = set()
    for brief in briefs.values():
        language = brief.language
        found = Diagnostics()
        terms = load_terms(language, root, found)
        if terms.file and terms.file not in loaded:  # a broken terms file: its errors, once
            loaded.add(terms.file)
            diags.items.extend(found.items)
        if not terms.file:
            if language.split("-")[0] != BASE:
                diags.warning(brief.locs.get("language", brief.loc), "language-terms", f"no terms file for "
                              f"language {language!r}: headings, table columns and page numbers print in English; "
                              f"add translations/{language}.yaml (the keys of generator/translations/{BASE}.yaml)",
                              "language")
        elif terms.missing and terms.file not in reported:
            reported.add(terms.file)
            diags.warning(Location(terms.file, 1, 1), "terms-missing", f"terms file for {language!r} lacks "
                          f"{', '.join(terms.missing)}: the English words print instead")
