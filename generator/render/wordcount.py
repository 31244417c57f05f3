"""Words as page budgets count them: over the text of :func:`generator.model.document_text`."""
from __future__ import annotations

import re

# A word is a run of characters between spaces, except that each Chinese character counts as a word
# (Chinese is written without spaces and counted in characters) and Chinese punctuation counts as none.
_CJK_IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_PUNCTUATION = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_WORDS = re.compile(f"[{_CJK_IDEOGRAPH}]|[^\\s{_CJK_IDEOGRAPH}{_CJK_PUNCTUATION}]+")


def word_count(text: str) -> int:
    """Words of ``text`` for budgets: space-separated words, plus one per Chinese character."""
    return len(_WORDS.findall(text))
