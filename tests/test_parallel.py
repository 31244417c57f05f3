"""Many briefs are written over the cores: same bytes, same order, same diagnostics as in-process."""
from __future__ import annotations

import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from generator.publish import parallel
from generator.publish.writer_pool import WriterPool


def copies(mini: Path, count: int) -> None:
    for i in range(1, count):
        shutil.copyfile(mini / "briefs" / "demo.yaml", mini / "briefs" / f"demo{i:02d}.yaml")


BRIEFS = 3


def test_workers_write_the_same_bytes_in_brief_order(mini: Path, run_cli, monkeypatch):
    copies(mini, BRIEFS)
    monkeypatch.setenv("BRIEF_WORKERS", "1")
    assert parallel.worker_count(parallel.MIN_PARALLEL) == 1
    code, _out, err_seq = run_cli("--root", str(mini), "build", "--out", str(mini / "seq"))
    assert code == 0, err_seq
    monkeypatch.delenv("BRIEF_WORKERS")
    monkeypatch.setattr(parallel, "worker_count", lambda briefs: 2)  # even on a one-core machine
    started = []
    real_map = WriterPool.map
    monkeypatch.setattr(WriterPool, "map",
                        lambda self, fn, tasks: started.extend((t[0], t[3]) for t in tasks) or real_map(self, fn, tasks))
    code, _out, err_par = run_cli("--root", str(mini), "build", "--out", str(mini / "par"))
    assert code == 0, err_par
    ids = ["demo", *(f"demo{i:02d}" for i in range(1, BRIEFS))]
    assert started == [(bid, fmt) for bid in ids for fmt in ("docx", "pdf")]  # the pool wrote each file
    names = sorted(p.name for p in (mini / "seq").iterdir())
    assert names == sorted(p.name for p in (mini / "par").iterdir()) and len(names) == len(started) + 1
    for name in names:
        assert (mini / "seq" / name).read_bytes() == (mini / "par" / name).read_bytes(), name
    made = [line.split()[1] for line in err_par.splitlines() if line.startswith("made ")]
    assert made == ids


def test_few_briefs_or_threads_write_in_process(monkeypatch):
    import threading

    assert parallel.worker_count(1) == 1  # one file: in-process
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel.worker_count(1000) == 1  # never fork beside another thread (the preview server)
    finally:
        stop.set()
        thread.join()


def _briefs_with_a_slip(mini: Path, count: int) -> None:
    """``count`` briefs; every third one over a word budget it cannot hold (known only once composed)."""
    text = (mini / "briefs" / "demo.yaml").read_text(encoding="utf-8")
    for i in range(1, count):
        slip = text.replace("page_budget: 3\n", "page_budget: 3\nword_budget: 10\n") if i % 3 == 0 else text
        (mini / "briefs" / f"demo{i:02d}.yaml").write_text(slip, encoding="utf-8")


def test_many_briefs_compose_in_workers_with_the_same_results(mini: Path, run_cli, monkeypatch):
    """Composed over the cores (each brief a task), a check reports exactly what composing in turn does, and
    a build writes the same bytes."""
    from generator.render import compose_many

    _briefs_with_a_slip(mini, compose_many.MIN_BRIEFS + 1)
    monkeypatch.setenv("BRIEF_WORKERS", "1")
    serial = run_cli("--root", str(mini), "check")
    monkeypatch.delenv("BRIEF_WORKERS")
    monkeypatch.setattr(compose_many, "worker_count", lambda tasks, minimum: 2)  # even on a one-core machine
    composed_in_workers: list[str] = []
    real_submit = ProcessPoolExecutor.submit
    monkeypatch.setattr(ProcessPoolExecutor, "submit",
                        lambda self, fn, *a: composed_in_workers.append(a[0]) or real_submit(self, fn, *a))
    parallel_run = run_cli("--root", str(mini), "check")
    assert len(composed_in_workers) == compose_many.MIN_BRIEFS  # all but the first brief
    assert parallel_run == serial and serial[0] == 1
    assert re.findall(r"briefs/(demo\d\d).yaml:\S+ error\[(\S+)\]", serial[2]) == [
        ("demo03", "budget-words"), ("demo06", "budget-words")], serial[2]


def test_the_template_budget_is_one_budget_across_workers(mini: Path, run_cli, monkeypatch):
    """The run's template CPU budget spent before composing: every brief, in the parent or a worker, is
    refused with the same error."""
    from generator.render import compose, compose_many

    _briefs_with_a_slip(mini, compose_many.MIN_BRIEFS + 1)
    monkeypatch.setattr(compose_many, "worker_count", lambda tasks, minimum: 2)
    monkeypatch.setattr(compose, "RUN_SECONDS", -1.0)
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1
    assert err.count("error[template-time]") == compose_many.MIN_BRIEFS + 1, err


def test_a_warm_watch_rewrites_one_brief_in_process(mini: Path, monkeypatch):
    """brief watch: its first build and a rebuild of every brief use the cores; a rebuild of one brief is
    written where the writers' caches are already warm, and its files are the same."""
    from generator.commands.watch import Watcher
    from generator.pipeline import Project

    copies(mini, BRIEFS)
    monkeypatch.setattr(parallel, "worker_count", lambda files: 2)  # even on a one-core machine
    submitted: list[str] = []
    real_map = WriterPool.map
    monkeypatch.setattr(WriterPool, "map",
                        lambda self, fn, tasks: submitted.extend(t[0] for t in tasks) or real_map(self, fn, tasks))
    watcher = Watcher(Project(mini), [], ["docx", "pdf"], mini / "out", log=lambda line: None)
    assert watcher.build() and len(submitted) == 2 * BRIEFS
    first = {p.name: p.read_bytes() for p in (mini / "out").glob("demo.*")}
    submitted.clear()
    assert watcher.build(["demo"]) and submitted == []
    assert {p.name: p.read_bytes() for p in (mini / "out").glob("demo.*")} == first and len(first) == 2
    assert watcher.build() and len(submitted) == 2 * BRIEFS
