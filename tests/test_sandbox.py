"""Templates are untrusted: no operator, concatenation or filter may build a value that exhausts memory."""
import pytest
from jinja2.sandbox import SecurityError

from generator.render.templating import make_environment, render_bounded

HUGE = [
    '{% set ns = namespace(s="x" * 1000) %}{% for i in range(12) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
    '{{ "x" | center(400000000) }}',
    '{{ ("x" * 100000) | replace("x", "y" * 1000) }}',
    '{{ "%0999999999d" | format(1) }}',
    '{{ "%*d" | format(999999999, 1) }}',
    '{{ ("x" * 100000) | wordwrap(999999999) }}',
    '{{ (["y" * 100000] * 100000) | join }}',
    '{{ ("a\n" * 50000) | indent("x" * 100000) }}',
    "{{ ''.__class__.__mro__ }}",
    "{{ 'x' * 10**9 }}",
    "{{ 10 ** 1000 }}",
]


@pytest.mark.parametrize("source", HUGE)
def test_huge_values_are_refused_before_they_are_built(source):
    with pytest.raises(SecurityError):
        render_bounded(make_environment().from_string(source), {})


@pytest.mark.parametrize("source, expected", [
    ('{{ "a" ~ "b" ~ 1 }}', "ab1"),
    ('{{ "abc" | replace("b", "x") }}', "axc"),
    ('{{ "a\nb" | indent(2) }}', "a\n  b"),
    ('{{ ["a", "b"] | join(", ") }}', "a, b"),
    ('{{ 1000000 | string }}', "1000000"),
    ('{{ "%g" | format(2.5) }}', "2.5"),
])
def test_ordinary_use_is_unaffected(source, expected):
    assert render_bounded(make_environment().from_string(source), {}) == expected


def test_abs_keeps_its_jinja_meaning_for_plain_numbers():
    assert render_bounded(make_environment().from_string("{{ -3 | abs }}"), {}) == "3"
