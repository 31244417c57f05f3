"""A source reported, in the end, in itself (a ``reported_in`` loop) is a located error, every loop at once."""
from __future__ import annotations

import time
from pathlib import Path

SOURCES = """sources:
  - id: customs
    title: China Customs statistics
    publisher: General Administration of Customs
    year: 2017
    url: http://english.customs.gov.cn/
    reported_in: ministry
  - id: ministry
    title: Ministry digest
    publisher: A publisher
    reported_in: digest
  - id: digest
    title: Trade digest
    publisher: A publisher
    reported_in: customs
  - id: mirror
    title: A source that cites itself
    publisher: A publisher
    reported_in: mirror
  - id: reader
    title: A source reported in a loop, not part of it
    publisher: A publisher
    reported_in: ministry
  - id: plain
    title: A source reported in another, as it should be
    publisher: A publisher
    reported_in: reader
"""


def line_of(path: Path, text: str, after: str) -> int:
    lines = path.read_text().splitlines()
    start = next(n for n, line in enumerate(lines) if after in line)
    return next(n for n, line in enumerate(lines[start:], start) if text in line) + 1


def test_every_loop_is_one_located_error(mini: Path, run_cli) -> None:
    sources = mini / "content" / "sources.yaml"
    sources.write_text(SOURCES)
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1
    loops = [line for line in err.splitlines() if "error[source-loop]" in line]
    assert len(loops) == 2 and "2 error(s)" in err, err
    customs = line_of(sources, "reported_in: ministry", "id: customs")
    mirror = line_of(sources, "reported_in: mirror", "id: mirror")
    assert loops[0].startswith(f"content/sources.yaml:{customs}:18: error[source-loop]: source 'customs' is "
                               "reported in itself (customs → ministry → digest → customs)"), loops
    assert loops[1].startswith(f"content/sources.yaml:{mirror}:18: error[source-loop]: source 'mirror' is "
                               "reported in itself (mirror → mirror)"), loops
    assert "Traceback" not in err


def test_a_long_chain_ending_in_a_loop_is_checked_in_linear_time(mini: Path, run_cli) -> None:
    count = 3000
    entries = [f"  - id: s{n}\n    title: Source {n}\n    publisher: P\n    reported_in: s{n + 1}\n" for n in range(count)]
    entries.append(f"  - id: s{count}\n    title: Last\n    publisher: P\n    reported_in: s{count // 2}\n")
    (mini / "content" / "sources.yaml").write_text("sources:\n" + "".join(entries))
    started = time.process_time()
    code, _out, err = run_cli("--root", str(mini), "check")
    elapsed = time.process_time() - started
    assert code == 1
    loops = [line for line in err.splitlines() if "error[source-loop]" in line]
    assert len(loops) == 1 and f"source 's{count // 2}' is reported in itself (s1500 → s1501 → s1502 → s1503 → … 1501 sources … → s3000 → s1500)" in loops[0], loops
    print(f"{count + 1} sources with a loop checked in {elapsed:.2f} s CPU")


def test_each_source_is_looked_up_a_bounded_number_of_times() -> None:
    """What makes the check linear (the test above only prints its time, so it cannot fail on a walk that
    restarts the chain from every source, which is quadratic): counted look-ups, not seconds."""
    from types import SimpleNamespace

    from generator.check.anchors import reporting_loops

    class Counting(dict):
        lookups = 0

        def __getitem__(self, key):
            Counting.lookups += 1
            return super().__getitem__(key)

        def __contains__(self, key):
            Counting.lookups += 1
            return super().__contains__(key)

    count = 3000
    sources = Counting({f"s{n}": SimpleNamespace(reported_in=f"s{n + 1}") for n in range(count)})
    sources[f"s{count}"] = SimpleNamespace(reported_in=f"s{count // 2}")
    Counting.lookups = 0
    loops = reporting_loops(SimpleNamespace(sources=sources))
    assert [len(loop) for loop in loops] == [count // 2 + 1] and loops[0][0] == f"s{count // 2}"
    assert Counting.lookups <= 4 * (count + 1), Counting.lookups
