"""``markdown.level_bound`` lets most prose fields skip a Markdown parse in the nesting check: it must never
be below the level the parser finds, or a field nesting too deeply would pass unseen."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from generator.render.markdown import PROSE_NESTING, level_bound, max_level, nesting_problem, prepare

PIECES = ["- ", "* ", "+ ", "1. ", "2) ", "> ", "::: callout T", ":::", "  ", "    ", "\t", "\n", "\r\n", "\r", "text",
          "# ", "```", "---", "\x00", "[a]", "(b)", "-", ">", "1.", "***", "^[", "]", "[^a]", ": ", "|"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_the_bound_is_never_below_the_parsers_level(pieces):
    text = "".join(pieces)
    bound = level_bound(prepare(text))
    assert bound is None or bound >= max_level(text)


def test_deep_nesting_is_still_found_and_plain_prose_is_not_parsed(monkeypatch):
    deep = "".join("  " * i + "- item\n" for i in range(PROSE_NESTING))
    quotes = "> " * PROSE_NESTING + "deep"
    assert nesting_problem(deep) and nesting_problem(quotes) and nesting_problem("\x00" + quotes)
    monkeypatch.setattr("generator.render.markdown.max_level", lambda text: (_ for _ in ()).throw(AssertionError(text)))
    assert nesting_problem("Trade grew 4.5% in 2016 - the fastest (since 2010).\n\nA second paragraph.") is None
    assert nesting_problem("- one\n- two\n  - nested") is None


def test_a_text_ending_in_a_bare_quote_marker_inside_a_container_parses() -> None:
    """Hypothesis found it: mdit-py-plugins' container rule indexed past the end of '> ::: callout T\\n>'
    (IndexError, a traceback from brief check); the parser is now always given a final line break."""
    for text in ("> ::: callout T\n>", "> ::: callout T\n> ", ">>> ::: callout\n>>"):
        assert max_level(text) >= 1
        assert level_bound(prepare(text)) >= max_level(text)
