"""Worker processes over the machine's cores, forked from the running tool (so they start with what it has
loaded) and used only where results come back in a fixed order: composing many briefs, writing files."""
from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor


def worker_count(tasks: int, minimum: int = 2) -> int:
    """Processes for ``tasks`` tasks: 1 (in-process) below ``minimum`` tasks, on one core, with
    ``BRIEF_WORKERS=1``, or beside another thread (forking is only safe from a single-threaded
    process, and ``brief watch --serve`` runs a server thread)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if tasks < minimum or cores < 2 or threading.active_count() > 1 or os.environ.get("BRIEF_WORKERS") == "1":
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(cores, tasks)


def fork_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` forked processes."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
