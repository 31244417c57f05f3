"""The glossary lint (generator.check.glossary) searches a prose field for a term's variants only when one of their
first words is in it; that shortcut must never hide a variant the full search finds."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["big data", "Big  Data", "data", "lake", "data-lake", "ſmart", "smart city",
                                 "{{ x }}", " ", "\n", "-", "bigdata", "BIG", "city"]), max_size=12))
def test_the_glossary_prefilter_never_hides_a_variant(pieces):
    """generator.check.glossary skips a field none of whose words starts a variant; it must find what a full search finds."""
    from generator.diagnostics import Location as Loc
    from generator.check.glossary import Term, _pattern, variants_in
    from generator.check.lints import JINJA

    text = "".join(pieces)
    for term in (Term("t1", "data lake", "d", ("big data", "lake"), Loc("x")),
                 Term("t2", "smart city", "d", ("smart town", "city"), Loc("x"))):
        bare = _pattern(term.term).sub(lambda m: " " * len(m.group(0)), JINJA.sub(" ", text))
        assert variants_in(text, term) == [v for v in term.variants if _pattern(v).search(bare)]


def test_the_ascii_lookalikes_are_every_character_that_ignoring_case_makes_an_ascii_letter():
    """The quick test for a variant's first word compares lower case when neither side holds a character that
    re.I (or lower()) turns into an ASCII letter; a Python whose Unicode data adds one must fail here."""
    import sys
    from generator.check.glossary import ASCII_LOOKALIKES

    letter = re.compile("[a-z]", re.I)
    found = {chr(cp) for cp in range(128, sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF
             and (letter.fullmatch(chr(cp)) or any(c.isascii() for c in chr(cp).lower()))}
    assert found == set(ASCII_LOOKALIKES)


@pytest.mark.parametrize("text", ["Free trade", "ſmart city", "the \u212aelvin lake", "İstanbul lake", "data–lake"])
def test_the_quick_test_agrees_with_the_case_blind_search(text):
    from generator.check.glossary import _first_words, _holds_any

    for variants in (("free zone",), ("smart town",), ("kelvin",), ("istanbul",), ("lake",), ("ſmart",)):
        pattern, ascii_words = _first_words(variants)
        assert _holds_any(text, pattern, ascii_words) == bool(pattern.search(text)), (text, variants)
