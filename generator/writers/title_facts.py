"""What the PDF, DOCX and HTML title blocks print alike: the separator between the facts under the title, and
which facts those are."""
from __future__ import annotations

import os
import re

from generator.model import Meta

_WORD = re.compile(r"\w+")
_ENDING = 2  # letters a declined word may change at its end (Министерство → Министерства, развитие → развития)


def title_separator(meta: Meta) -> str:
    """What stands between the facts under the title: the language's (an ideographic space in Chinese)."""
    return meta.term("title_separator", " \u00b7 ")


def _same_word(a: str, b: str) -> bool:
    """Whether two lower-cased words are one word, allowing another ending to words of four letters or more."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    common = len(os.path.commonprefix([a, b]))
    return common >= max(len(a), len(b)) - _ENDING


def names_audience(subtitle: str, audience: str) -> bool:
    """Whether ``subtitle`` already names ``audience`` ("呈商务部" names 商务部; "Справка для Министерства
    экономического развития" names Министерство экономического развития): its whole text, or every word of it
    in another case."""
    wanted, within = audience.strip().casefold(), subtitle.casefold()
    if not wanted:
        return False
    if wanted in within:
        return True
    words, others = _WORD.findall(wanted), _WORD.findall(within)
    return bool(words) and all(any(_same_word(word, other) for other in others) for word in words)


def audience_shown(meta: Meta) -> str:
    """The audience as the title block prints it: not again when the subtitle already names it."""
    return "" if names_audience(meta.subtitle, meta.audience) else meta.audience


def title_facts(meta: Meta) -> tuple[str, ...]:
    """The audience, date and edition printed on one line under the title, the blank ones left out."""
    return tuple(part for part in (audience_shown(meta), meta.date, meta.edition) if part.strip())
