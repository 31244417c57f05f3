"""``brief watch``: a change rebuilds what it affects; the preview reloads or shows the errors. Bounded loops."""
from __future__ import annotations

import json
import shutil
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import edit
from generator.pipeline import Project
from generator.commands.watch import Watcher, make_server

WAIT = 30  # seconds a change may take to show, on a loaded machine; the loops end as soon as it does


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def watching(mini: Path):
    """A watcher over the mini project running in a thread; stopped (and joined) at the end."""
    lines: list[str] = []
    watcher = Watcher(Project(mini), [], ["html"], mini / "out", log=lines.append)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    wait_for(lambda: any(line.startswith("watching") for line in lines), "the first build")
    yield watcher, lines
    stop.set()
    thread.join(WAIT)
    assert not thread.is_alive()


def test_a_changed_brief_rebuilds_that_brief(watching, mini: Path):
    watcher, lines = watching
    page = mini / "out" / "demo.html"
    assert "Trade stood" in page.read_text() and watcher.status.built == 1
    edit(mini / "briefs" / "demo.yaml", "text: Trade stood", "text: Trade still stood")
    wait_for(lambda: "Trade still stood" in page.read_text(), "the rebuilt page")
    wait_for(lambda: watcher.status.built == 2, "the status")
    assert "changed: demo.yaml" in lines
    assert any(line.startswith("built demo in ") for line in lines), lines


def test_a_broken_change_reports_errors_and_keeps_the_last_good_brief(watching, mini: Path):
    watcher, lines = watching
    page = mini / "out" / "demo.html"
    before = page.read_bytes()
    edit(mini / "content" / "problems.yaml", "evidence: [trade-growth]", "evidence: [no-such-finding]")
    wait_for(lambda: watcher.status.errors, "the errors")
    assert "error[ref-dangling]" in watcher.status.errors[0] and "content/problems.yaml:" in watcher.status.errors[0]
    assert any(line.startswith("build failed in ") for line in lines)
    assert page.read_bytes() == before and watcher.status.built == 1
    edit(mini / "content" / "problems.yaml", "evidence: [no-such-finding]", "evidence: [trade-growth]")
    wait_for(lambda: watcher.status.built == 2 and not watcher.status.errors, "the repaired build")
    assert any(line.startswith("built all briefs in ") for line in lines)


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], b""


def test_the_preview_serves_pages_with_a_reloader_and_nothing_else(watching, mini: Path):
    watcher, _lines = watching
    server = make_server(watcher, 0)
    host, port = server.server_address[:2]
    assert host == "127.0.0.1"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{port}"
        code, media, body = get(base + "/")
        assert code == 200 and b'<a href="/demo.html">demo</a>' in body
        code, media, body = get(base + "/demo.html")
        assert code == 200 and media.startswith("text/html") and b'fetch("/__status"' in body
        assert b"/__status" not in (mini / "out" / "demo.html").read_bytes()  # the file itself stays clean
        assert json.loads(get(base + "/__status")[2]) == {"built": 1, "errors": [], "warnings": []}
        (mini / "secret.html").write_text("secret")
        for path in ("/../secret.html", "/%2e%2e/secret.html", "/.brief-staging", "/manifest.json",
                     "/..%2fsecret.html", "//etc/passwd"):
            assert get(base + path)[0] == 404, path
        edit(mini / "content" / "problems.yaml", "evidence: [trade-growth]", "evidence: [nope]")
        wait_for(lambda: json.loads(get(base + "/__status")[2])["errors"], "errors in the status")
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(__import__("browser").chromium() is None, reason="chromium not installed; .ci/run installs it")
def test_the_preview_page_shows_build_errors_in_chromium(watching, mini: Path):
    import browser

    watcher, _lines = watching
    server = make_server(watcher, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        edit(mini / "content" / "problems.yaml", "evidence: [trade-growth]", "evidence: [nope]")
        wait_for(lambda: watcher.status.errors, "the errors")
        url = f"http://127.0.0.1:{server.server_address[1]}/demo.html"
        dom = browser.run_chromium("--virtual-time-budget=3000", "--dump-dom", url).stdout
        box = dom[dom.index('id="brief-preview-status"'):]
        box = box[:box.index("</div>")]
        assert "hidden" not in box.split(">")[0]
        assert "The last build failed" in box and "error[ref-dangling]" in box
        assert "<h1>Demo brief</h1>" in dom  # the last good brief stays under the errors
    finally:
        server.shutdown()
        server.server_close()


def test_a_taken_port_is_a_usage_error(mini: Path, run_cli):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _out, err = run_cli("--root", str(mini), "watch", "--serve", "--port", str(port))
    assert code == 2 and f"brief: error: cannot serve on 127.0.0.1:{port}: " in err
    assert not (mini / "out").exists()  # nothing was built


def test_a_change_to_a_brief_this_watch_does_not_build_rebuilds_nothing(mini: Path):
    lines: list[str] = []
    watcher = Watcher(Project(mini), ["demo"], ["md"], mini / "out", log=lines.append)
    assert watcher.build()
    other = mini / "briefs" / "other.yaml"
    other.write_text((mini / "briefs" / "demo.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert watcher.affected({other}) == []
    assert watcher.affected({mini / "briefs" / "demo.yaml", other}) == ["demo"]
    assert watcher.affected({mini / "content" / "findings.yaml"}) is None
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    try:
        wait_for(lambda: any(line.startswith("watching") for line in lines), "the first build")
        page = mini / "out" / "demo.md"
        before = page.stat().st_mtime_ns
        edit(other, "text: Trade stood", "text: Trade still stood")
        wait_for(lambda: any("nothing rebuilt" in line for line in lines), "the change to be seen")
        assert page.stat().st_mtime_ns == before and not (mini / "out" / "other.md").exists()
        assert watcher.status.built == 2  # the first build() and run()'s own; none for other.yaml
    finally:
        stop.set()
        thread.join(WAIT)


def test_unchanged_content_is_reused_and_a_content_edit_is_seen(mini: Path):
    """The watch keeps the loaded content while its files are unchanged (generator.load.warm), with what loading it
    reported: a content file that does not load stays an error on every rebuild until it is fixed."""
    lines: list[str] = []
    watcher = Watcher(Project(mini), [], ["md"], mini / "out", log=lines.append)
    warm = watcher.project.warm
    assert warm is not None
    page = mini / "out" / "demo.md"
    assert watcher.build() and warm.reused == 0
    first = page.read_text(encoding="utf-8")
    edit(mini / "briefs" / "demo.yaml", "text: Trade stood", "text: Trade still stood")
    assert watcher.build(["demo"]) and warm.reused == 1
    assert page.read_text(encoding="utf-8") == first.replace("Trade stood", "Trade still stood")
    edit(mini / "content" / "findings.yaml", "title: Trade keeps growing", "title: Trade keeps rising")
    assert watcher.build(["demo"]) and warm.reused == 1  # a changed file: loaded again
    assert "Trade keeps rising" in page.read_text(encoding="utf-8")
    edit(mini / "content" / "sources.yaml", "sources:", "sources: [")
    assert not watcher.build(["demo"])
    broken = list(watcher.status.errors)
    assert any("content/sources.yaml:2:" in e and "yaml-syntax" in e for e in broken), broken
    edit(mini / "briefs" / "demo.yaml", "text: Trade still stood", "text: Trade stood")
    assert not watcher.build(["demo"]) and warm.reused == 2
    assert watcher.status.errors == broken  # replayed from memory, the same as a cold build reports
    cold = Watcher(Project(mini), [], ["md"], mini / "out", log=lines.append)
    assert not cold.build(["demo"]) and cold.status.errors == broken


def test_a_changed_kept_source_text_is_checked_again(tmp_path: Path):
    """The watch reuses content validation only while the source texts quotes are checked against are unchanged."""
    repo = Path(__file__).resolve().parent.parent
    for folder in ("content", "briefs"):
        shutil.copytree(repo / folder, tmp_path / folder)
    watcher = Watcher(Project(tmp_path), ["ministry"], ["md"], tmp_path / "out", log=lambda line: None)
    assert watcher.build() and watcher.build()
    assert watcher.project.warm is not None and watcher.project.warm.reused == 1
    text = tmp_path / "content" / "sources" / "zhou-xie-2017.md"
    edit(text, "bilateral trade in goods has rapid growth", "bilateral trade in goods has grown")
    assert not watcher.build()
    assert any("error[anchor-quote]" in e for e in watcher.status.errors), watcher.status.errors
    edit(text, "bilateral trade in goods has grown", "bilateral trade in goods has rapid growth")
    assert watcher.build() and not watcher.status.errors
