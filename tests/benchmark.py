"""Speed and memory of the generator, printed as figures against targets (not a pytest test).

    .venv/bin/python tests/benchmark.py            # the bundled content
    .venv/bin/python tests/benchmark.py --large 400  # plus a synthetic set of 400 findings

Each measurement runs in a fresh interpreter so imports count, as they do for a user.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGETS = {  # seconds, and MiB of peak resident memory
    "start-up (brief --help)": (0.5, 60),
    "brief check": (2.0, 120),
    "brief build (4 briefs, docx+pdf)": (10.0, 250),
    "brief build --format pdf (large)": (30.0, 400),
    "DOCX writer, 1,000-row table": (5.0, 150),
}

PEAK = "import resource, runpy, sys; sys.argv = ['brief'] + sys.argv[1:];\n" \
       "try: runpy.run_module('generator', run_name='__main__')\n" \
       "except SystemExit: pass\n" \
       "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, file=sys.stderr)"


def measure(args: list[str], root: Path, repeat: int = 3) -> tuple[float, int]:
    """Best wall time over ``repeat`` runs and the peak RSS (MiB) of the last one."""
    best, peak = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", PEAK, "--root", str(root), *args], cwd=REPO,
                              capture_output=True, text=True)
        best = min(best, time.perf_counter() - start)
        peak = int(done.stderr.strip().splitlines()[-1])
    return best, peak


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=300, help="synthetic findings in the large case")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        rows = {
            "start-up (brief --help)": measure(["--help"], REPO),
            "brief check": measure(["check"], REPO),
            "brief build (4 briefs, docx+pdf)": measure(["build", "--out", str(out)], REPO),
        }
        large = synthetic_project(Path(tmp) / "large", args.large)
        rows["brief build --format pdf (large)"] = measure(
            ["build", "large", "--format", "pdf", "--out", str(out)], large, repeat=1)
        rows["DOCX writer, 1,000-row table"] = measure_table_writer()
    print(f"{'measurement':40} {'seconds':>8} {'target':>7} {'peak MiB':>9} {'target':>7}")
    for name, (seconds, mib) in rows.items():
        t_secs, t_mib = TARGETS[name]
        flag = "" if seconds <= t_secs and mib <= t_mib else "  over target"
        print(f"{name:40} {seconds:8.2f} {t_secs:7.1f} {mib:9d} {t_mib:7d}{flag}")


if __name__ == "__main__":
    main()
