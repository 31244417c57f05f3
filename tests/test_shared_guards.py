"""Filter guards are made once per process and shared by every environment (generator.render.sandbox._guarded_filter):
each environment must still refuse what the guards refuse, whatever filters it adds of its own."""
from __future__ import annotations

import pytest
from jinja2.sandbox import SecurityError

from generator.render.templating import make_environment


def test_every_environment_keeps_the_guards():
    first, second = make_environment(), make_environment()
    assert first.filters["center"] is second.filters["center"]  # shared, not wrapped again
    second.filters["own"] = lambda text, width=1: str(text) * int(width)  # a filter of one environment only
    for env in (first, second):
        with pytest.raises(SecurityError):
            env.from_string('{{ "x" | center(1000000) }}').render()
        with pytest.raises(SecurityError):
            env.from_string('{{ ["a"] * 10 | join("x" * 300000) }}').render()
    with pytest.raises(SecurityError):
        second.from_string('{{ "x" | own(1000000) }}').render()
    assert "own" not in first.filters
