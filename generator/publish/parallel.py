"""Writing the briefs: each file in turn, or each file (a brief in one format) a task for worker
processes over the machine's cores. Writers are pure functions of (document, options), so the bytes
are the same either way; results come back in brief order, so diagnostics and progress read the same
too. Even one brief in two formats is worth two processes: a forked worker costs a few milliseconds,
and its PDF is laid out while the DOCX is written.
"""
from __future__ import annotations

import time
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from typing import ContextManager, Iterator

from generator.model import Document, WriteOptions, WriterWarning
from generator.publish.writer_pool import WriterPool
from generator.render import processes
from generator.writers import WRITERS, get_writer

MIN_PARALLEL = 2  # files: a single file is written in-process, unless a writer was forked before the check


@dataclass
class Written:
    """One brief's files (name -> bytes), what its writers warned about, its page count if paged."""

    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[tuple[str, WriterWarning]] = field(default_factory=list)
    pages: int | None = None
    seconds: float = 0.0


def write_file(bid: str, document: Document, options: WriteOptions, fmt: str) -> Written:
    """One brief in one format, with its page count if the format is paged."""
    started, written, spec = time.perf_counter(), Written(), WRITERS[fmt]
    own = replace(options, warnings=[])
    data = written.files[bid + spec.extension] = get_writer(fmt)(document, own)
    written.warnings = [(fmt, w) for w in own.warnings]
    written.pages = spec.count_pages(data) if spec.count_pages is not None else None
    written.seconds = time.perf_counter() - started
    return written


def _gather(parts: list[Written]) -> Written:
    """A brief's files from its formats' results, in the formats' order; pages from the first paged one."""
    whole = Written()
    for part in parts:
        whole.files.update(part.files)
        whole.warnings += part.warnings
        whole.pages = part.pages if whole.pages is None else whole.pages
        whole.seconds += part.seconds
    return whole


def write_brief(bid: str, document: Document, options: WriteOptions, formats: list[str]) -> Written:
    """Every format of one brief, in-process."""
    return _gather([write_file(bid, document, options, fmt) for fmt in formats])


def worker_count(files: int) -> int:
    """Processes to write ``files`` files with (see :func:`generator.render.processes.worker_count`)."""
    return processes.worker_count(files, MIN_PARALLEL)


def write_all(jobs: dict[str, tuple[Document, WriteOptions]], formats: list[str],
              warm: bool = False, pool: WriterPool | None = None) -> Iterator[tuple[str, Written]]:
    """(brief ID, its files) for every job, in the jobs' order. ``warm``: this process has written briefs
    before (brief watch), so one brief is written in-process: its writers' caches (fonts, styles) are
    filled here, while forked workers would fill them again and die with them (a warm one-brief rebuild
    in DOCX + PDF took 270 ms over two workers, 150 ms in-process). ``pool``: writer processes started
    before the check (:func:`early_pool`), used for every file."""
    if pool is not None:
        yield from _over(pool, jobs, formats)
        return
    workers = 1 if warm and len(jobs) == 1 else worker_count(len(jobs) * len(formats))
    if workers == 1:
        for bid, (document, options) in jobs.items():
            yield bid, write_brief(bid, document, options, formats)
        return
    with WriterPool(workers, formats) as own:
        yield from _over(own, jobs, formats)


def _over(pool: WriterPool, jobs: dict[str, tuple[Document, WriteOptions]],
          formats: list[str]) -> Iterator[tuple[str, Written]]:
    """Each file a task for ``pool``, in brief order, formats inner; each brief's files gathered again."""
    results = pool.map(write_file, [(bid, document, options, fmt)
                                    for bid, (document, options) in jobs.items() for fmt in formats])
    for bid in jobs:
        yield bid, _gather([next(results) for _ in formats])


def early_pool(briefs: int, formats: list[str], warm: bool = False) -> ContextManager[WriterPool | None]:
    """Writer processes for about ``briefs`` briefs in ``formats``, forked now so they import their libraries
    while the briefs are checked; one even for a single file, whose import then overlaps the check too
    (None on one core, beside threads, or in a warm ``brief watch``)."""
    files = briefs * len(formats)
    workers = worker_count(max(files, MIN_PARALLEL))  # more than 1 where forking helps at all
    if warm or files == 0 or workers == 1:
        return nullcontext(None)
    return WriterPool(min(workers, files), formats)
