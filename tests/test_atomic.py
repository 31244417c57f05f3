"""A build killed at any moment leaves the last good briefs intact, all or none, and nothing a user could
mistake for a brief; the next build cleans up (issue 5)."""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, TESTS, pdf_text

from generator.publish.output import COMMIT, recover
from generator.publish.testhooks import STEPS

PUBLIC = {"demo.docx", "demo.pdf", "manifest.json"}


def build_in_process(root: Path) -> dict[str, str]:
    from generator.publish.build import build
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Project

    diags = Diagnostics()
    build(Project(root), [], ["docx", "pdf"], root / "out", diags)
    assert not diags.errors, [str(d) for d in diags.errors]
    return hashes(root / "out")


def hashes(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir() if p.is_file()}


def edit(root: Path) -> None:
    findings = root / "content" / "findings.yaml"
    findings.write_text(findings.read_text().replace("Trade keeps growing", "Trade keeps on growing"))


def all_parse(out: Path) -> None:
    import docx

    assert pdf_text((out / "demo.pdf").read_bytes())
    docx.Document(io.BytesIO((out / "demo.docx").read_bytes()))


@pytest.fixture(scope="module")
def expected(tmp_path_factory) -> tuple[dict[str, str], dict[str, str]]:
    """Output hashes of the mini project before and after the edit (builds are reproducible)."""
    old_root = tmp_path_factory.mktemp("old") / "mini"
    shutil.copytree(TESTS / "fixtures" / "mini", old_root)
    new_root = tmp_path_factory.mktemp("new") / "mini"
    shutil.copytree(TESTS / "fixtures" / "mini", new_root)
    edit(new_root)
    old, new = build_in_process(old_root), build_in_process(new_root)
    assert old != new and set(old) == set(new) == PUBLIC
    return old, new


def kill_at(root: Path, step: str, tmp_path: Path) -> None:
    """Run ``brief build`` in a child process, wait until it pauses at ``step``, and SIGKILL it there."""
    marker = tmp_path / f"paused-{step}"
    env = {**os.environ, "PYTHONPATH": str(REPO), "BRIEF_TEST_PAUSE_AT": step, "BRIEF_TEST_PAUSE_MARKER": str(marker)}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "build"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120  # a generous bound for a loaded machine, not a speed target
        while not marker.exists():
            assert proc.poll() is None, f"the build ended without reaching {step!r}: {proc.stderr.read()!r}"
            assert time.monotonic() < deadline, f"the build never reached {step!r}"
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


def transactions(out: Path) -> list[Path]:
    staging = out / ".brief-staging"
    return sorted(staging.iterdir()) if staging.exists() else []


@pytest.mark.parametrize("step", STEPS)
def test_build_killed_at_each_step_leaves_all_old_or_all_new(mini, expected, step, tmp_path):
    old, new = expected
    assert build_in_process(mini) == old
    edit(mini)
    kill_at(mini, step, tmp_path)
    out = mini / "out"
    visible = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert visible == PUBLIC  # nothing a user could take for a brief
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == ([] if step == "publish"
                                                                          else [".brief-staging"])
    txns = transactions(out)
    if step == "publish":  # killed after rendering, before anything was staged
        assert txns == [] and hashes(out) == old
    elif step in ("staged-one", "staged-all"):  # before the commit point: the old briefs, byte for byte
        [txn] = txns
        assert sorted(p.name for p in txn.iterdir()) == (["0000.tmp"] if step == "staged-one"
                                                         else ["0000.tmp", "0001.tmp", "0002.tmp"])
        assert hashes(out) == old
    else:  # after the commit point: committed, so the next build rolls forward before anything else
        [txn] = txns
        first = (txn / COMMIT).read_text().splitlines()[0].split("\t")[1]
        renamed = {first} if step == "renamed-one" else set()
        assert {name for name, digest in hashes(out).items() if digest != old[name]} == renamed
        assert all(hashes(out)[name] == new[name] for name in renamed)
        recover(out)
        assert hashes(out) == new and transactions(out) == []
    all_parse(out)
    # The next build removes whatever the killed one left and publishes the new briefs.
    assert build_in_process(mini) == new
    assert sorted(p.name for p in out.iterdir()) == sorted(PUBLIC)
    all_parse(out)


def test_the_pause_hook_is_inert_without_its_variable(monkeypatch, tmp_path):
    from generator.publish import testhooks

    monkeypatch.delenv("BRIEF_TEST_PAUSE_AT", raising=False)
    monkeypatch.setenv("BRIEF_TEST_PAUSE_MARKER", str(tmp_path / "m"))
    monkeypatch.setattr(testhooks, "_PAUSE_SECONDS", 0.0)
    for step in STEPS:
        testhooks.pause(step)
    assert not (tmp_path / "m").exists()
    monkeypatch.setenv("BRIEF_TEST_PAUSE_AT", "committed")
    testhooks.pause("committed")
    assert (tmp_path / "m").read_text() == "committed"


def test_publish_is_all_or_none_when_a_write_fails(mini, expected, monkeypatch):
    old, _new = expected
    assert build_in_process(mini) == old
    edit(mini)
    from generator.publish import output

    real = output._write_synced
    calls = []

    def failing(path, data, mode):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(path, data, mode)

    monkeypatch.setattr(output, "_write_synced", failing)
    with pytest.raises(AssertionError, match=r"error\[output-write\]: cannot write the outputs: No space left"):
        build_in_process(mini)  # a located error (exit 1), not a traceback
    assert hashes(mini / "out") == old
    assert sorted(p.name for p in (mini / "out").iterdir()) == sorted(PUBLIC)


def test_committed_transaction_is_rolled_forward(tmp_path):
    """A kill between the commit point and the last rename: recover() finishes the renames."""
    from generator.publish.output import COMMIT, STAGING, recover

    out = tmp_path / "out"
    txn = out / STAGING / "999999999-abc"
    txn.mkdir(parents=True)
    (out / "a.pdf").write_bytes(b"old a")
    (out / "b.pdf").write_bytes(b"new b")  # already renamed before the kill
    (txn / "0000.tmp").write_bytes(b"new a")
    (txn / "0002.tmp").write_bytes(b"evil")
    (txn / COMMIT).write_text("0000.tmp\ta.pdf\n0001.tmp\tb.pdf\n0002.tmp\t../escape.pdf\n")
    uncommitted = out / STAGING / "999999998-def"
    uncommitted.mkdir()
    (uncommitted / "0000.tmp").write_bytes(b"half")
    (out / ".notes.tmp").write_bytes(b"a file of the user's, not ours")
    recover(out)
    assert (out / "a.pdf").read_bytes() == b"new a" and (out / "b.pdf").read_bytes() == b"new b"
    assert not (tmp_path / "escape.pdf").exists()
    assert sorted(p.name for p in out.iterdir()) == [".notes.tmp", "a.pdf", "b.pdf"]
