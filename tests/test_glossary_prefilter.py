"""The glossary lint (generator.check.glossary) searches a prose field for a term's variants only when one of their
first words is in it; that shortcut must never hide a variant the full search finds."""
from __future__ import annotations

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
