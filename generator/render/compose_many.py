"""Composing many briefs over the cores: each brief a task for a forked worker, its document and
diagnostics coming back in brief order, as composing them in turn gives them.

The workers read their inputs from :data:`_JOBS`, set before they are forked, so the content and
figures are not pickled for every brief. The run's template CPU budget stays one budget: the workers
add what each brief used to a shared counter, and a brief starts only with what is left (a brief
already running in another worker can overrun it by at most its own budget).
"""
from __future__ import annotations

import time
from dataclasses import replace
from typing import Any, Iterator

from generator.diagnostics import Diagnostic, Diagnostics
from generator.render.compose import Composed, RenderInputs, compose
from generator.render.processes import fork_pool, worker_count
from generator.render.select import Selection

MIN_BRIEFS = 8  # fewer are composed in-process: measured, seven briefs gain nothing from the workers

_JOBS: dict[str, tuple[Selection, RenderInputs]] = {}
_RUN: dict[str, Any] = {}  # the parent's CPU clock at the fork and the shared counter of CPU time used


def compose_all(jobs: dict[str, tuple[Selection, RenderInputs]],
                diags: Diagnostics) -> Iterator[tuple[str, Composed | None]]:
    """(brief ID, its document or None) for every job, in the jobs' order; diagnostics go to ``diags``."""
    workers = worker_count(len(jobs), MIN_BRIEFS)
    if workers == 1:
        for bid, (selection, ctx) in jobs.items():
            yield bid, compose(selection, ctx, diags)
        return
    import multiprocessing  # loaded only here: fewer briefs are composed without it (generator.render.processes)

    first, *rest = jobs
    selection, ctx = jobs[first]
    yield first, compose(selection, ctx, diags)  # here: the workers inherit the layout it compiled
    jobs = {bid: jobs[bid] for bid in rest}
    _JOBS.update(jobs)
    _RUN.update(forked_at=time.process_time(), used=multiprocessing.get_context("fork").Value("d", 0.0))
    try:
        with fork_pool(workers) as pool:
            futures = {bid: pool.submit(_compose_one, bid) for bid in jobs}
            for bid, future in futures.items():
                composed, found = future.result()
                diags.items.extend(found)
                yield bid, composed
    finally:
        _JOBS.clear()
        _RUN.clear()


def _compose_one(bid: str) -> tuple[Composed | None, list[Diagnostic]]:
    """In a worker: one brief, with the run's deadline moved onto this process's CPU clock, less what the
    other briefs used."""
    selection, ctx = _JOBS[bid]
    used = _RUN["used"]
    started = time.process_time()
    left = ctx.deadline - _RUN["forked_at"] - used.value
    found = Diagnostics()
    composed = compose(selection, replace(ctx, deadline=started + left), found)
    with used.get_lock():
        used.value += time.process_time() - started
    return composed, found.items
