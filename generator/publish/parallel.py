"""Writing the briefs: each file in turn, or each file (a brief in one format) a task for worker
processes over the machine's cores. Writers are pure functions of (document, options), so the bytes
are the same either way; results come back in brief order, so diagnostics and progress read the same
too. Even one brief in two formats is worth two processes: a forked worker costs a few milliseconds,
and its PDF is laid out while the DOCX is written.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Iterator

from generator.model import Document, WriteOptions, WriterWarning
from generator.render import processes
from generator.writers import WRITERS, get_writer

MIN_PARALLEL = 2  # files: a single file is written in-process


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
              warm: bool = False) -> Iterator[tuple[str, Written]]:
    """(brief ID, its files) for every job, in the jobs' order. ``warm``: this process has written briefs
    before (brief watch), so one brief is written in-process: its writers' caches (fonts, styles) are
    filled here, while forked workers would fill them again and die with them (a warm one-brief rebuild
    in DOCX + PDF took 270 ms over two workers, 150 ms in-process)."""
    workers = 1 if warm and len(jobs) == 1 else worker_count(len(jobs) * len(formats))
    if workers == 1:
        for bid, (document, options) in jobs.items():
            yield bid, write_brief(bid, document, options, formats)
        return
    with processes.fork_pool(workers) as pool:
        futures = {bid: [pool.submit(write_file, bid, document, options, fmt) for fmt in formats]
                   for bid, (document, options) in jobs.items()}
        for bid, parts in futures.items():
            yield bid, _gather([future.result() for future in parts])
