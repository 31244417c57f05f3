"""Writer processes forked when a build starts, before the check: each imports its writer's library and reads
its fonts while the parent checks and composes, so a file is written as soon as its document exists.

A cold PDF writer spends about 0.12 s importing reportlab and reading Carlito before 0.06 s of writing;
forked only once the documents exist (as a process pool would be), that import is the last step of a
one-brief build. Here it overlaps the check on the other core.

The processes are forked from a single-threaded parent with no pool machinery (no threads, so the check may
still fork its own workers), and each takes one file at a time over its own pipe: a task is sent only to a
process waiting for one, so neither side can block on a full pipe. A process leaves when told, when its
parent is gone, or when its pipe closes.

multiprocessing is imported when a pool is made, as for generator.render.processes: a build written in-process
(``BRIEF_WORKERS=1``, one core) never loads it.
"""
from __future__ import annotations

import os
import pickle
import signal
import traceback
from collections import deque
from importlib import import_module
from typing import TYPE_CHECKING, Any, Callable, Iterator, cast

from generator.writers import WRITERS

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

_PARENT_CHECK_SECONDS = 1.0  # how often an idle process looks whether its parent is still there
_JOIN_SECONDS = 5.0


class WriterProcessError(RuntimeError):
    """A writer process died, or raised something that could not be sent back."""


def warm_writer(fmt: str) -> None:
    """Import format ``fmt``'s writer and let it prepare what every document needs (its ``warm()``)."""
    warm = getattr(import_module(WRITERS[fmt].module), "warm", None)
    if warm is not None:
        warm()


def _serve(conn: Connection, warm: list[str], parent: int, inherited: list[Connection]) -> None:
    """A worker's life: warm up, then run ``(function, args)`` tasks until told to stop (``None``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends the workers
    for other in inherited:  # the parent's ends of earlier workers' pipes: theirs to close, not ours to hold
        other.close()
    for fmt in warm:
        try:
            warm_writer(fmt)
        except Exception:  # noqa: BLE001 - only a head start: the file's own task meets and reports the problem
            pass
    while True:
        while not conn.poll(_PARENT_CHECK_SECONDS):
            if os.getppid() != parent:
                return
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        function, args = task
        try:
            reply: tuple[bool, Any, str] = (True, function(*args), "")
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent, which raises it
            reply = (False, exc, "".join(traceback.format_exception(exc)))
        try:
            conn.send_bytes(_pickled(reply))
        except OSError:  # the parent has gone (or stopped listening after another task failed)
            return


def _pickled(reply: tuple[bool, Any, str]) -> bytes:
    """``reply`` as the parent will read it; a result or exception that would not pickle, or not unpickle (an
    exception whose constructor takes other arguments than it passes on), becomes a WriterProcessError that
    carries the worker's traceback."""
    ok, value, remote = reply
    try:
        data = pickle.dumps(reply)
        if not ok:
            pickle.loads(data)  # the parent must be able to raise it, not fail on its arguments
        return data
    except Exception as exc:  # noqa: BLE001 - what pickling can raise is open-ended (PicklingError, TypeError, ...)
        if ok:
            return pickle.dumps((False, WriterProcessError(f"a writer's result could not be sent back: {exc}"), ""))
        summary = "".join(traceback.format_exception_only(value)).strip()
        return pickle.dumps((False, WriterProcessError(f"a writer raised {summary}"), remote))


class WriterPool:
    """``workers`` forked processes; worker ``i`` warms up ``warm[i % len(warm)]`` (the format of its first file,
    when files go out in brief order, formats inner)."""

    def __init__(self, workers: int, warm: list[str]) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._conns: list[Connection] = []
        self._processes: list[Any] = []
        self._used = False
        for index in range(workers):
            ours, theirs = context.Pipe()
            fmts = [warm[index % len(warm)]] if warm else []
            process = context.Process(target=_serve, args=(theirs, fmts, os.getpid(), list(self._conns)),
                                      daemon=True, name=f"brief-writer-{index}")
            process.start()
            theirs.close()
            self._conns.append(ours)
            self._processes.append(process)

    @property
    def size(self) -> int:
        return len(self._conns)

    def map(self, function: Callable[..., Any], tasks: list[tuple]) -> Iterator[Any]:
        """``function(*task)`` for each task, over the workers, results in the tasks' order (a task's exception
        is raised here). The first tasks go to the workers in order, so each meets the format it warmed."""
        from multiprocessing.connection import wait

        self._used = True
        pending = deque(enumerate(tasks))
        running: dict[Connection, int] = {}
        done: dict[int, Any] = {}

        def give(conn: Connection) -> None:
            if pending:
                index, task = pending.popleft()
                try:
                    conn.send((function, task))
                except OSError:  # not an output the build could not write: a worker gone before its task
                    raise WriterProcessError("a writer process ended unexpectedly") from None
                running[conn] = index

        for conn in self._conns:
            give(conn)
        for wanted in range(len(tasks)):
            while wanted not in done:
                for ready in wait(list(running)):
                    conn = cast("Connection", ready)  # wait() returns the connections it was given
                    try:
                        ok, value, remote = conn.recv()
                    except (EOFError, OSError):
                        raise WriterProcessError("a writer process ended unexpectedly") from None
                    index = running.pop(conn)
                    if not ok:
                        raise value from (WriterProcessError(remote) if remote else None)
                    done[index] = value
                    give(conn)
            yield done.pop(wanted)

    def close(self, at_once: bool = False) -> None:
        """Tell every worker to leave, and end any that does not (``at_once``: without waiting, as after a
        failure, when a worker may still be writing a file no one will read, or when the check failed and
        the workers, perhaps still importing, were never used)."""
        at_once = at_once or not self._used
        for conn in self._conns:
            try:
                conn.send(None)
            except OSError:
                pass
            conn.close()
        for process in self._processes:
            process.join(0 if at_once else _JOIN_SECONDS)
            if process.is_alive():
                process.terminate()
                process.join()
        self._conns, self._processes = [], []

    def __enter__(self) -> "WriterPool":
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.close(at_once=exc_type is not None)
