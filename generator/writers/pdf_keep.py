"""Keeping things together without leaving large parts of pages blank.

reportlab's KeepTogether moves a whole group to the next page whenever it does
not fit the space left. For a heading with the table or long paragraph that
follows it, or a key-figures panel, that can leave most of a page empty, so
when the room a heading asks for (:data:`HEADING_ROOM`) is left such a group
starts where it is and its content splits as it would on its own. A group holding a chart cannot
split (the heading would be left above a gap): its chart is drawn smaller, down
to :data:`MIN_CHART_SCALE`, when that makes the group fit.
"""
from __future__ import annotations

from typing import Iterator

from reportlab.platypus import Flowable, KeepTogether

from generator.writers.pdf_tagged import Tagged

# A heading starts a page region only with this much room below it (a CondPageBreak before each run of headings).
HEADING_ROOM = 110  # points: a heading or two plus about four lines of body text
# A group starts on a page with at least this much room left rather than leave it blank: the room a heading
# needs, so a heading and the table or text after it start wherever a heading alone would.
MIN_START_SPACE = HEADING_ROOM
# A chart may shrink to this fraction of its size (its 8.5 pt labels to about 7 pt) to stay on the page.
MIN_CHART_SCALE = 0.8
_FORCE_SPLIT = 0xFFFFFF  # the height KeepTogether.wrap reports


def _figures(flowables: list[Flowable]) -> Iterator[Tagged]:
    """The scalable charts among ``flowables``, also inside nested groups."""
    for flowable in flowables:
        if isinstance(flowable, Tagged) and flowable.scalable:
            yield flowable
        elif isinstance(flowable, KeepTogether):
            yield from _figures(flowable._content)


def _flatten(flowables: list[Flowable]) -> Iterator[Flowable]:
    """``flowables`` with nested groups replaced by their content."""
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            yield from _flatten(flowable._content)
        else:
            yield flowable


class KeepWithNext(KeepTogether):
    """A group kept on one page where that costs little: a keepWithNext heading and what follows, a chart
    with its title and caption, a key-figures panel."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - reportlab's API
        width, forced = super().wrap(aW, aH)
        # A nested group reports a huge height to force a split; count its real one.
        self._H -= sum(_FORCE_SPLIT - kid._H for kid in self._content if isinstance(kid, KeepTogether))
        return width, forced

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 - reportlab's API
        figures = list(_figures(self._content))
        for figure in figures:
            figure.scale = 1.0
        self.wrap(aW, aH)
        if self._H <= aH or aH < MIN_START_SPACE:
            return super().split(aW, aH)
        if not figures:  # start here and let the content split, nested groups too (or a heading is left behind)
            return list(_flatten(self._content))
        natural = sum(f.natural_height for f in figures)
        scale = 1.0 - (self._H - aH + 1.0) / natural
        if scale >= MIN_CHART_SCALE:
            for figure in figures:
                figure.scale = scale
            self.wrap(aW, aH)
            if self._H <= aH:  # it all fits now: nested groups need not (and must not) decide again
                return list(_flatten(self._content))
            for figure in figures:
                figure.scale = 1.0
        self.wrap(aW, aH)
        return super().split(aW, aH)
