"""The render phase's fast paths give exactly what the plain, character-by-character rules give.

Each reference below is the rule as first written (a loop over every character); the module's version skips
what cannot change (text without wide characters, the characters between brackets) and must agree with it
on any input, Chinese, Korean, punctuation, escapes and brackets included.
"""
from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import model as m
from generator.render import markdown
from generator.render.templating import MD_SPECIAL, md_escape

CHARACTERS = st.sampled_from(list("ab1 \n\\[]()*_。，、！中文한글") + ["\u3000", "\u1100", "\u00e9"])
TEXT = st.text(CHARACTERS, max_size=24)


def reference_soft_breaks(inlines: list[m.Inline]) -> list[m.Inline]:
    out = list(inlines)
    for index, node in enumerate(out):
        if not (isinstance(node, m.Text) and ("\n" in node.text or " " in node.text)):
            continue
        before = m.plain_text((out[index - 1],))[-1:] if index else ""
        after = m.plain_text((out[index + 1],))[:1] if index + 1 < len(out) else ""
        text, pieces = node.text, []
        for pos, char in enumerate(text):
            if char not in ("\n", " "):
                pieces.append(char)
                continue
            left = text[pos - 1] if pos else before
            right = text[pos + 1] if pos + 1 < len(text) else after
            both = markdown._wide(left) and markdown._wide(right)
            if char == " ":
                pieces.append("" if both and unicodedata.category(left)[0] == "P" else " ")
            else:
                pieces.append("" if both else " ")
        out[index] = m.Text("".join(pieces))
    return [node for node in out if not (isinstance(node, m.Text) and not node.text)]


def reference_bound_brackets(chunk: str) -> str:
    escaped: list[int] = []
    stack: list[int] = []
    i = 0
    while i < len(chunk):
        char = chunk[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            if len(stack) >= markdown.MAX_OPEN_BRACKETS:
                escaped.append(i)
            else:
                stack.append(i)
        elif char == "]" and stack:
            stack.pop()
        i += 1
    pieces, start = [], 0
    for position in sorted(escaped + stack):
        pieces.append(chunk[start:position] + "\\")
        start = position
    return "".join(pieces) + chunk[start:]


NODE = st.one_of(TEXT.map(m.Text), TEXT.map(lambda t: m.Strong((m.Text(t),))), st.just(m.LineBreak()),
                 st.just(m.NoteRef("n")))


@settings(max_examples=400, deadline=None)
@given(st.lists(NODE, max_size=6))
def test_soft_breaks_agree_with_the_character_rule(nodes):
    assert markdown._soft_breaks(nodes) == reference_soft_breaks(nodes)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_bracket_bounding_agrees_with_the_character_rule(text):
    chunk = text.replace("\n", " ") * 2 + "[[[[["  # one paragraph with more '[' than may stay open
    assert markdown.bound_brackets(chunk) == reference_bound_brackets(chunk)


def test_the_references_can_disagree():
    """The references see what they are meant to: a break between Chinese characters vanishes, and the
    fifth open bracket is escaped, so the tests above compare something."""
    assert reference_soft_breaks([m.Text("中\n文 a\nb")]) == [m.Text("中文 a b")]
    assert reference_bound_brackets("[[[[[a") == "\\[\\[\\[\\[\\[a"
    assert markdown._soft_breaks([m.Text("。"), m.Text(" "), m.Text("中")]) == [m.Text("。"), m.Text("中")]


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(sorted(MD_SPECIAL) + list("a \n中\ud800")), max_size=30))
def test_md_escape_escapes_each_special_character(text):
    expected = "".join("\\" + ch if ch in MD_SPECIAL else ch for ch in text).replace("\n", " ")
    assert md_escape(text) == expected


def test_a_lazy_view_keeps_its_keys_in_the_order_given():
    """A template that loops over ``obtained`` or ``periods`` sees the figures in the content's order, whichever
    it read first (the values are worded only when read)."""
    from generator.render.compose import LazyView

    worded: list[str] = []
    view = LazyView({"id": 1}, {k: (lambda k=k: worded.append(k) or k.upper()) for k in ("a", "b", "c")})
    assert view["c"] == "C" and worded == ["c"]
    assert list(view) == ["id", "a", "b", "c"] and len(view) == 4
    assert dict(view.items()) == {"id": 1, "a": "A", "b": "B", "c": "C"} and worded == ["c", "a", "b"]


def test_a_lazy_views_length_counts_each_key_once():
    """len() agrees with iteration (Mapping's contract), also for a key given both a value and a thunk."""
    from generator.render.compose import LazyView

    view = LazyView({"a": 1}, {"a": lambda: 2, "b": lambda: 3})
    assert len(view) == len(list(view)) == 2 and view["a"] == 1
