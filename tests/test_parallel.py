"""Many briefs are written over the cores: same bytes, same order, same diagnostics as in-process."""
from __future__ import annotations

import shutil
from pathlib import Path

from generator.publish import parallel


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
    real_submit = parallel.ProcessPoolExecutor.submit
    monkeypatch.setattr(parallel.ProcessPoolExecutor, "submit",
                        lambda self, fn, *a: started.append((a[0], a[3])) or real_submit(self, fn, *a))
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
