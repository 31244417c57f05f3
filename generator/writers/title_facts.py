"""What the PDF, DOCX and HTML title blocks print alike: the separator between the facts under the title, and
which facts those are."""
from __future__ import annotations

from generator.model import Meta


def title_separator(meta: Meta) -> str:
    """What stands between the facts under the title: the language's (an ideographic space in Chinese)."""
    return meta.term("title_separator", " \u00b7 ")


def title_facts(meta: Meta) -> tuple[str, ...]:
    """The audience, date and edition printed on one line under the title, the blank ones left out."""
    return tuple(part for part in (meta.audience, meta.date, meta.edition) if part.strip())
