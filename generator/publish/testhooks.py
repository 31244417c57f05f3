"""A test-only pause at a named step of a build, so a test can kill the build at a known moment.

With ``BRIEF_TEST_PAUSE_AT=<step>`` in the environment, :func:`pause` at that step
writes the step's name to the file ``BRIEF_TEST_PAUSE_MARKER`` names (when set) and
sleeps, bounded, for the test to send its signal. Without it, a call costs one
dictionary lookup. Steps (in build order, see ``output.publish``): ``publish``,
``staged-one``, ``staged-all``, ``committed``, ``renamed-one``.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

STEPS = ("publish", "staged-one", "staged-all", "committed", "renamed-one")
_PAUSE_SECONDS = 30.0  # long enough for a loaded machine; a forgotten variable only delays, never hangs


def pause(step: str) -> None:
    """Pause here when the environment asks for ``step``; otherwise return at once."""
    if os.environ.get("BRIEF_TEST_PAUSE_AT") != step:
        return
    marker = os.environ.get("BRIEF_TEST_PAUSE_MARKER")
    if marker:
        Path(marker).write_text(step, encoding="utf-8")
    time.sleep(_PAUSE_SECONDS)
