"""Speed and memory of the generator, printed as figures against targets (not a pytest test).

    .venv/bin/python tests/benchmark.py                 # everything below
    .venv/bin/python tests/benchmark.py --scale 200     # the generated project's size (briefs)

Each measurement runs in a fresh interpreter so imports count, as they do for a user. When pandoc
and Typst are installed (``pip install pypandoc-binary typst``), the same Markdown (``--format md``)
also goes the pandoc route — pandoc to DOCX, pandoc to Typst, Typst to PDF, each a process — and
the ratios are printed: below 1.0 this tool is faster. Times are medians of alternating runs; the CPU
seconds (user + system) of the same runs are printed too, as they vary less on a shared machine.
The tool runs as an installed one does, with its modules' bytecode compiled (in a temporary
``PYTHONPYCACHEPREFIX``, even when ``PYTHONDONTWRITEBYTECODE`` is set): without it every run
compiles the generator's sources again, which no installed copy does.

    .venv/bin/python tests/benchmark.py --quick         # start-up, check, one brief, all briefs, watch
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
TARGETS = {  # seconds, and MiB of peak resident memory
    "start-up (brief --help)": (0.5, 60),
    "brief check": (0.2, 120),
    "one brief (heilongjiang, docx+pdf)": (10.0, 250),
    "brief build (all bundled briefs, docx+pdf)": (10.0, 250),
    "brief build --format pdf (large)": (30.0, 400),
    "DOCX writer, 1,000-row table": (5.0, 150),
}
RATIO_TARGETS = {"one brief (heilongjiang, docx+pdf)": 1.5, "brief build (all bundled briefs, docx+pdf)": 0.8}
SCALE_TARGETS = {"ratio": 0.3, "peak MiB": 300}
WATCH_TARGET = 0.150

PEAK = "import resource, runpy, sys; sys.argv = ['brief'] + sys.argv[1:];\n" \
       "try: runpy.run_module('generator', run_name='__main__')\n" \
       "except SystemExit: pass\n" \
       "peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n" \
       "print(peak // 1024, file=sys.stderr)  # the largest process: the build or one of its writer workers"
TYPST = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])"


ENV = dict(os.environ)  # main() points PYTHONPYCACHEPREFIX at a temporary folder
CPU: list[float] = []  # CPU seconds of each run_brief, in order


def installed_env(pycache: Path) -> dict[str, str]:
    """The environment of the measured processes: bytecode compiled once and kept, as an installed tool has it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_brief(args: list[str], root: Path) -> tuple[float, int]:
    """Wall time and peak RSS (MiB) of one ``brief`` process (its CPU seconds are appended to CPU)."""
    start, cpu = time.perf_counter(), child_cpu()
    done = subprocess.run([sys.executable, "-c", PEAK, "--root", str(root), *args], cwd=REPO,
                          capture_output=True, text=True, env=ENV)
    elapsed = time.perf_counter() - start
    CPU.append(child_cpu() - cpu)
    if done.returncode != 0:
        raise SystemExit(f"brief {' '.join(args)} failed:\n{done.stderr}")
    return elapsed, int(done.stderr.strip().splitlines()[-1])


def pandoc() -> str | None:
    try:
        import pypandoc
        import typst  # noqa: F401 - only its presence is asked

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return shutil.which("pandoc") if shutil.which("pandoc") and _has_typst() else None


def _has_typst() -> bool:
    return subprocess.run([sys.executable, "-c", "import typst"], capture_output=True).returncode == 0


def pandoc_route(pandoc_path: str, markdowns: list[Path], work: Path) -> float:
    """Seconds for the pandoc route over ``markdowns``: DOCX, then Typst source and PDF, per file."""
    start = time.perf_counter()
    for md in markdowns:
        stem = work / md.stem
        subprocess.run([pandoc_path, str(md), "-o", f"{stem}.docx"], check=True, capture_output=True)
        subprocess.run([pandoc_path, str(md), "-s", "-t", "typst", "-o", f"{stem}.typ"], check=True,
                       capture_output=True)
        subprocess.run([sys.executable, "-c", TYPST, f"{stem}.typ", f"{stem}.pdf"], check=True,
                       capture_output=True)
    return time.perf_counter() - start


def compare(ours, theirs, repeat: int) -> tuple[float, int, float | None, float]:
    """Median seconds of ``ours()`` (with the last peak MiB) and of ``theirs()``, runs alternating; and the
    median CPU seconds of ``ours()``."""
    mine, others, cpus, peak = [], [], [], 0
    for _ in range(repeat):
        seconds, peak = ours()
        mine.append(seconds)
        cpus.append(CPU[-1])
        if theirs is not None:
            others.append(theirs())
    return statistics.median(mine), peak, statistics.median(others) if others else None, statistics.median(cpus)


TABLE = """
import sys, time
from generator.model import Document, Meta, Table, TableCell, Text, WriteOptions
from generator.writers.docx import write
rows = tuple((TableCell((Text(f"Row {i}"),)), TableCell((Text(f"{i}.0"),))) for i in range(1000))
doc = Document(Meta(title="Big"), (Table((TableCell((Text("A"),)), TableCell((Text("B"),))), rows),))
start = time.perf_counter()
write(doc, WriteOptions())
print(time.perf_counter() - start)
import resource
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, file=sys.stderr)
"""


def measure_table_writer() -> tuple[float, int]:
    """The DOCX writer alone on one 1,000-row table (a quadratic table API once made this slow)."""
    done = subprocess.run([sys.executable, "-c", TABLE], cwd=REPO, capture_output=True, text=True, check=True)
    return float(done.stdout.strip()), int(done.stderr.strip().splitlines()[-1])


def synthetic_project(target: Path, findings: int) -> Path:
    """The bundled project plus ``findings`` generated findings and a brief showing them all in full."""
    for folder in ("content", "briefs"):
        shutil.copytree(REPO / folder, target / folder)
    lines = ["findings:"]
    for i in range(findings):
        lines += [f"  - id: synthetic-{i}", f"    title: Synthetic finding number {{{{ nth({i + 1}) }}}}",
                  "    summary: Trade reached {{ fig.trade_total_2016 }}, {{ fig.trade_growth_2016 | pct_change }}.",
                  "    text: |", "      " + "Exports were {{ fig.exports_2016 }} and imports {{ fig.imports_2016 }}. " * 6]
    (target / "content" / "synthetic.yaml").write_text("\n".join(lines) + "\n")
    (target / "briefs" / "large.yaml").write_text(
        "title: Large\naudience: analyst\nsections:\n  - {kind: findings, detail: full}\n  - figures_table\n")
    return target


def many_briefs(target: Path, count: int) -> Path:
    """The bundled content with ``count`` briefs: copies of the bundled ones (IDs b000, b001 …)."""
    shutil.copytree(REPO / "content", target / "content")
    (target / "briefs").mkdir()
    originals = sorted((REPO / "briefs").glob("*.yaml"))
    for i in range(count):
        shutil.copyfile(originals[i % len(originals)], target / "briefs" / f"b{i:03d}.yaml")
    return target


def watch_latency(work: Path, repeat: int = 5) -> float:
    """Median seconds from saving a brief with one changed prose field to its PDF being rewritten."""
    from generator.pipeline import Project
    from generator.commands.watch import Watcher

    root = work / "watched"
    for folder in ("content", "briefs"):
        shutil.copytree(REPO / folder, root / folder)
    lines: list[str] = []
    watcher = Watcher(Project(root), [], ["pdf"], root / "out", log=lines.append)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    while not any(line.startswith("watching") for line in lines):
        time.sleep(0.01)
    time.sleep(0.3)
    brief, pdf = root / "briefs" / "ministry.yaml", root / "out" / "ministry.pdf"
    original = brief.read_text(encoding="utf-8")
    field = "This note asks for one decision."
    assert field in original, "ministry.yaml's purpose changed; pick another prose field"
    times = []
    for i in range(repeat):
        before = pdf.stat().st_mtime_ns
        brief.write_text(original.replace(field, ("This note asks for a decision.", field)[i % 2], 1),
                         encoding="utf-8")
        start = time.perf_counter()
        while pdf.stat().st_mtime_ns == before and time.perf_counter() - start < 30:
            time.sleep(0.002)
        times.append(time.perf_counter() - start)
        time.sleep(0.3)
    stop.set()
    thread.join(30)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=300, help="synthetic findings in the large case")
    parser.add_argument("--scale", type=int, default=200, help="briefs in the generated project")
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement (median)")
    parser.add_argument("--quick", action="store_true", help="leave out the large, table and generated-project runs")
    args = parser.parse_args()
    route = pandoc()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform(terse=True)}; pandoc route: {'yes' if route else 'not installed'}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        out, md = tmp / "out", tmp / "md"
        ENV.clear()
        ENV.update(installed_env(tmp / "pycache"))
        run_brief(["build", "--out", str(out)], REPO)  # compiles the bytecode, as installing would
        subprocess.run([sys.executable, "-m", "generator", "--root", str(REPO), "build", "--format", "md", "--out",
                        str(md)], cwd=REPO, check=True, capture_output=True)
        markdowns = sorted(md.glob("*.md"))
        (tmp / "pandoc").mkdir()
        theirs_one = (lambda: pandoc_route(route, [md / "heilongjiang.md"], tmp / "pandoc")) if route else None
        theirs_all = (lambda: pandoc_route(route, markdowns, tmp / "pandoc")) if route else None
        rows = {
            "start-up (brief --help)": compare(lambda: run_brief(["--help"], REPO), None, args.repeat),
            "brief check": compare(lambda: run_brief(["check"], REPO), None, args.repeat),
            "one brief (heilongjiang, docx+pdf)": compare(
                lambda: run_brief(["build", "heilongjiang", "--out", str(out)], REPO), theirs_one, args.repeat),
            "brief build (all bundled briefs, docx+pdf)": compare(
                lambda: run_brief(["build", "--out", str(out)], REPO), theirs_all, args.repeat),
        }
        if not args.quick:
            large = synthetic_project(tmp / "large", args.large)
            rows["brief build --format pdf (large)"] = compare(
                lambda: run_brief(["build", "large", "--format", "pdf", "--out", str(out)], large), None, 1)
            rows["DOCX writer, 1,000-row table"] = (*measure_table_writer(), None, 0.0)
        print(f"\n{'measurement':44} {'seconds':>8} {'cpu s':>6} {'target':>7} {'peak MiB':>9} {'target':>7} "
              f"{'pandoc+typst':>13} {'ratio':>6} {'target':>7}")
        for name, (seconds, mib, other, cpu) in rows.items():
            t_secs, t_mib = TARGETS[name]
            over = seconds > t_secs or mib > t_mib
            ratio = f"{seconds / other:6.2f}" if other else f"{'-':>6}"
            ratio_target = RATIO_TARGETS.get(name)
            over = over or bool(other and ratio_target and seconds / other > ratio_target)
            print(f"{name:44} {seconds:8.2f} {(f'{cpu:.2f}' if cpu else '-'):>6} {t_secs:7.1f} {mib:9d} {t_mib:7d} "
                  f"{(f'{other:.2f}' if other else '-'):>13} {ratio} "
                  f"{(f'{ratio_target:.1f}' if ratio_target else '-'):>7}{'  over target' if over else ''}")
        if not args.quick:
            scale(tmp, route, args.scale)
        latency = watch_latency(tmp)
        print(f"\nbrief watch: one changed prose field -> that brief's PDF rewritten in {latency * 1000:.0f} ms "
              f"(median of 5; target {WATCH_TARGET * 1000:.0f} ms){'  over target' if latency > WATCH_TARGET else ''}")


def scale(tmp: Path, route: str | None, count: int) -> None:
    """A generated project of ``count`` briefs (and a quarter of it, to see growth): time, memory, ratio."""
    print(f"\ngenerated project{'':24} {'briefs':>7} {'seconds':>8} {'per brief':>10} {'peak MiB':>9} "
          f"{'pandoc+typst':>13} {'ratio':>6}")
    for n in (max(count // 4, 1), count):
        project = many_briefs(tmp / f"scale{n}", n)
        seconds, peak = run_brief(["build", "--out", str(tmp / f"scale{n}-out")], project)
        other = None
        if route:
            md = tmp / f"scale{n}-md"
            run_brief(["build", "--format", "md", "--out", str(md)], project)
            (tmp / f"scale{n}-pandoc").mkdir()
            other = pandoc_route(route, sorted(md.glob("*.md")), tmp / f"scale{n}-pandoc")
        ratio = seconds / other if other else None
        over = (ratio is not None and ratio > SCALE_TARGETS["ratio"]) or peak > SCALE_TARGETS["peak MiB"]
        print(f"{'brief build (docx+pdf)':40} {n:7d} {seconds:8.2f} {seconds / n:10.3f} {peak:9d} "
              f"{(f'{other:.2f}' if other else '-'):>13} {(f'{ratio:.2f}' if ratio else '-'):>6}"
              f"{'  over target' if over else ''}")
    print(f"targets: ratio <= {SCALE_TARGETS['ratio']}, peak <= {SCALE_TARGETS['peak MiB']} MiB, "
          "per-brief time about the same at both sizes (linear growth)")


if __name__ == "__main__":
    main()
