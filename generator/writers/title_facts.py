"""What the PDF, DOCX and HTML title blocks print alike: the separator between the facts under the title, and
which facts those are."""
from __future__ import annotations

import os
import re

from generator.model import Meta

_WORD = re.compile(r"\w+")
_ENDING = 2  # letters a declined word may change at its end (Министерство → Министерства, развитие → развития)
# Longer audiences are descriptions, which no subtitle repeats; the bound keeps the search linear in the subtitle
# (a hostile brief's audience and subtitle of 100,000 words each took minutes).
_NAME_WORDS = 32


def title_separator(meta: Meta) -> str:
    """What stands between the facts under the title: the language's (an ideographic space in Chinese)."""
    return meta.term("title_separator", " \u00b7 ")


def _same_word(a: str, b: str) -> bool:
    """Whether two lower-cased words are one word. Words of a script with case (Latin, Cyrillic) may differ in
    their last letters (a declension), when at least four letters are shared; a word of a script without spaces
    between words (Chinese) may stand inside a longer run of the other (呈商务部 holds 商务部)."""
    if a == b:
        return True
    if a.isdigit():
        return False  # "Group of 7" is not "Group of 77"
    if a == a.upper():  # no case: Chinese, whose runs of characters are phrases, not words
        return a in b
    common = len(os.path.commonprefix([a, b]))
    return common >= max(4, len(a) - _ENDING, len(b) - _ENDING)


def names_audience(subtitle: str, audience: str) -> bool:
    """Whether ``subtitle`` already names ``audience`` ("呈商务部" names 商务部; "Справка для Министерства
    экономического развития" names Министерство экономического развития): the audience's words in a row, each
    perhaps in another case. The words scattered ("Commerce: the Ministry of Finance's view" holds every word of
    "Ministry of Commerce") name another audience."""
    words, others = _WORD.findall(audience.casefold()), _WORD.findall(subtitle.casefold())
    return 0 < len(words) <= _NAME_WORDS and any(all(map(_same_word, words, others[start:start + len(words)]))
                               for start in range(len(others) - len(words) + 1))


def audience_shown(meta: Meta) -> str:
    """The audience as the title block prints it: not again when the subtitle already names it."""
    return "" if names_audience(meta.subtitle, meta.audience) else meta.audience


def title_facts(meta: Meta) -> tuple[str, ...]:
    """The audience, date and edition printed on one line under the title, the blank ones left out."""
    return tuple(part for part in (audience_shown(meta), meta.date, meta.edition) if part.strip())
