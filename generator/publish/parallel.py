"""Writing the briefs: each brief's files in turn, or in worker processes over the machine's cores
when there are many. Writers are pure functions of (document, options), so the bytes are the same
either way; results come back in brief order, so diagnostics and progress read the same too.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Iterator

from generator.model import Document, WriteOptions, WriterWarning
from generator.writers import WRITERS, get_writer

MIN_PARALLEL = 8  # fewer briefs than this are written in-process: starting workers would cost more


@dataclass
class Written:
    """One brief's files (name -> bytes), what its writers warned about, its page count if paged."""

    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[tuple[str, WriterWarning]] = field(default_factory=list)
    pages: int | None = None
    seconds: float = 0.0


def write_brief(bid: str, document: Document, options: WriteOptions, formats: list[str]) -> Written:
    """Every format of one brief; pages are counted on the first paged format."""
    started, written = time.perf_counter(), Written()
    for fmt in formats:
        spec = WRITERS[fmt]
        own = replace(options, warnings=[])
        data = written.files[bid + spec.extension] = get_writer(fmt)(document, own)
        written.warnings += [(fmt, w) for w in own.warnings]
        if spec.count_pages is not None and written.pages is None:
            written.pages = spec.count_pages(data)
    written.seconds = time.perf_counter() - started
    return written


def worker_count(briefs: int) -> int:
    """Processes to write ``briefs`` briefs with: 1 (in-process) unless there are many briefs and cores.
    Forking is only safe from a single-threaded process (``brief watch --serve`` runs a server thread)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if briefs < MIN_PARALLEL or cores < 2 or threading.active_count() > 1 or os.environ.get("BRIEF_WORKERS") == "1":
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(cores, briefs)


def write_all(jobs: dict[str, tuple[Document, WriteOptions]], formats: list[str]) -> Iterator[tuple[str, Written]]:
    """(brief ID, its files) for every job, in the jobs' order."""
    workers = worker_count(len(jobs))
    if workers == 1:
        for bid, (document, options) in jobs.items():
            yield bid, write_brief(bid, document, options, formats)
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {bid: pool.submit(write_brief, bid, document, options, formats)
                   for bid, (document, options) in jobs.items()}
        for bid, future in futures.items():
            yield bid, future.result()
