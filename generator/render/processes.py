"""Worker processes over the machine's cores, forked from the running tool (so they start with what it has
loaded) and used only where results come back in a fixed order: composing many briefs, writing files.

multiprocessing and concurrent.futures (with socket, pickle and logging: 7 ms) are imported only when a pool
is made, so ``brief check`` and a build written in-process (``BRIEF_WORKERS=1``, one core) never load them."""
from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def worker_count(tasks: int, minimum: int = 2) -> int:
    """Processes for ``tasks`` tasks: 1 (in-process) below ``minimum`` tasks, on one core, with
    ``BRIEF_WORKERS=1``, or beside another thread (forking is only safe from a single-threaded
    process, and ``brief watch --serve`` runs a server thread)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if tasks < minimum or cores < 2 or threading.active_count() > 1 or os.environ.get("BRIEF_WORKERS") == "1":
        return 1
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(cores, tasks)


def fork_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` forked processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
