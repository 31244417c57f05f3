"""The writer processes forked when a build starts: warm before their first file, results in order, failures
raised in the parent, and no process left behind, whatever happens."""
from __future__ import annotations

import multiprocessing
import os
import sys
import time
from pathlib import Path

import pytest

from generator.publish import parallel
from generator.publish.writer_pool import WriterPool, WriterProcessError


def _slow_echo(value: int, seconds: float) -> int:
    time.sleep(seconds)
    return value


def _fail(message: str) -> None:
    raise ValueError(message)


def _die() -> None:
    os._exit(3)


class _TwoArguments(Exception):
    """An exception that pickles but does not unpickle: its constructor's arguments are not what it keeps."""

    def __init__(self, cell: str, reason: str) -> None:
        super().__init__(f"{cell}: {reason}")


def _fail_unpicklably() -> None:
    raise _TwoArguments("B7", "bad cell")


def _unsendable() -> object:
    return lambda: None


def _state() -> tuple[int, bool, bool, int, bool]:
    """What a worker has loaded: its pid, python-docx, reportlab, the Carlito faces registered, the charts."""
    from generator.writers import fonts

    return (os.getpid(), "docx" in sys.modules, "reportlab.platypus" in sys.modules,
            fonts.register_fonts.cache_info().currsize, "reportlab.graphics.charts.barcharts" in sys.modules)


def test_each_worker_warms_the_format_of_its_first_file_before_it_arrives():
    parent = _state()  # a worker starts with what this process has loaded (other tests may have written PDFs)
    with WriterPool(2, ["docx", "pdf"]) as pool:
        docx_worker, pdf_worker = pool.map(_state, [(), ()])
    assert docx_worker[0] != pdf_worker[0] != os.getpid()
    assert docx_worker[1:] == (True, *parent[2:])  # python-docx, and no more of the PDF side than it had
    assert pdf_worker[2:] == (True, 1, True)  # reportlab, with the fonts read and the chart modules


def test_results_come_back_in_the_order_of_the_tasks():
    tasks = [(i, 0.2 if i == 0 else 0.0) for i in range(6)]  # the first finishes last
    with WriterPool(2, []) as pool:
        assert list(pool.map(_slow_echo, tasks)) == list(range(6))


def test_a_failing_task_raises_its_own_exception_with_the_workers_traceback():
    with pytest.raises(ValueError, match="bad cell") as caught:
        with WriterPool(2, []) as pool:
            list(pool.map(_fail, [("bad cell",)]))
    assert isinstance(caught.value.__cause__, WriterProcessError)
    assert "_fail" in str(caught.value.__cause__)  # where it failed, from the worker
    assert multiprocessing.active_children() == []


def test_an_exception_the_parent_could_not_rebuild_is_raised_by_its_message_and_traceback():
    with pytest.raises(WriterProcessError, match="a writer raised .*_TwoArguments: B7: bad cell") as caught:
        with WriterPool(1, []) as pool:
            list(pool.map(_fail_unpicklably, [()]))
    assert "_fail_unpicklably" in str(caught.value.__cause__)  # where it failed, from the worker
    assert multiprocessing.active_children() == []


def test_a_result_that_cannot_be_sent_back_is_an_error_naming_why():
    with pytest.raises(WriterProcessError, match="could not be sent back: .*local object"):
        with WriterPool(1, []) as pool:
            list(pool.map(_unsendable, [()]))
    assert multiprocessing.active_children() == []


def test_a_worker_gone_before_its_task_is_a_writer_error_not_an_output_error():
    """An OSError would be reported by the build as outputs it could not write (a full disk, say)."""
    pool = WriterPool(2, [])
    try:
        pool._processes[1].kill()
        pool._processes[1].join()
        with pytest.raises(WriterProcessError, match="ended unexpectedly"):
            list(pool.map(_slow_echo, [(1, 0.0), (2, 0.0)]))
    finally:
        pool.close(at_once=True)
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_is_an_error_not_a_hang():
    started = time.monotonic()
    with pytest.raises(WriterProcessError):
        with WriterPool(2, []) as pool:
            list(pool.map(_die, [()]))
    assert time.monotonic() - started < 10
    assert multiprocessing.active_children() == []


def test_an_unused_pool_ends_its_workers_at_once(monkeypatch):
    """A check that fails leaves the writers unused, perhaps still importing: they are ended, not waited for.
    Here their warm-up never ends; waiting would take writer_pool._JOIN_SECONDS per worker, ending them takes
    milliseconds, so the bound is far from both (no timing the machine's load could break)."""
    from generator.publish import writer_pool

    monkeypatch.setattr(writer_pool, "warm_writer", lambda fmt: time.sleep(600))  # the forked workers inherit it
    pool = WriterPool(2, ["pdf", "docx"])
    processes = list(pool._processes)
    started = time.monotonic()
    pool.close()
    assert time.monotonic() - started < writer_pool._JOIN_SECONDS
    assert [p.exitcode for p in processes] == [-15, -15]  # terminated (SIGTERM), not left to finish
    assert multiprocessing.active_children() == []


def test_a_one_brief_build_forks_its_writers_before_the_check(mini: Path, run_cli, monkeypatch):
    from generator.publish import build

    monkeypatch.setattr(parallel, "worker_count", lambda files: 2)  # even on a one-core machine
    events: list[str] = []
    real_init, real_checks = WriterPool.__init__, build.run_checks
    monkeypatch.setattr(WriterPool, "__init__",
                        lambda self, workers, warm: events.append(f"fork {workers} {warm}") or
                        real_init(self, workers, warm))
    monkeypatch.setattr(build, "run_checks", lambda *a, **k: events.append("check") or real_checks(*a, **k))
    code, _out, err = run_cli("--root", str(mini), "build", "demo", "--out", str(mini / "out"))
    assert code == 0, err
    assert events == ["fork 2 ['docx', 'pdf']", "check"]
    assert sorted(p.name for p in (mini / "out").iterdir()) == ["demo.docx", "demo.pdf", "manifest.json"]
    assert multiprocessing.active_children() == []


def test_a_build_whose_check_fails_leaves_no_writer_behind(mini: Path, run_cli, monkeypatch):
    monkeypatch.setattr(parallel, "worker_count", lambda files: 2)
    brief = mini / "briefs" / "demo.yaml"
    brief.write_text(brief.read_text(encoding="utf-8") + "no_such_key: 1\n", encoding="utf-8")
    started = time.monotonic()
    code, _out, err = run_cli("--root", str(mini), "build", "--out", str(mini / "out"))
    assert code == 1 and "no_such_key" in err, err
    assert time.monotonic() - started < 10
    assert multiprocessing.active_children() == []
    assert not (mini / "out").exists()


def test_a_one_file_build_is_written_by_a_writer_forked_before_the_check(mini: Path, run_cli, monkeypatch):
    monkeypatch.setattr(parallel, "worker_count", lambda files: 2)
    sizes: list[int] = []
    real_init = WriterPool.__init__
    monkeypatch.setattr(WriterPool, "__init__",
                        lambda self, workers, warm: sizes.append(workers) or real_init(self, workers, warm))
    code, _out, err = run_cli("--root", str(mini), "build", "demo", "--format", "pdf", "--out", str(mini / "out"))
    assert code == 0, err
    assert sizes == [1]
    assert (mini / "out" / "demo.pdf").read_bytes().startswith(b"%PDF")
