"""Headless Chromium for the HTML tests: screenshots and axe-core's accessibility rules.

Chromium is Debian's ``chromium``; axe-core comes from npm into ``tests/.node`` (``.ci/run`` installs
both). No test talks to the network: pages are local files and the browser's background traffic is off.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from html import unescape
from pathlib import Path

AXE = Path(__file__).parent / ".node" / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         "--hide-scrollbars", "--mute-audio"]
RESULT_ID = "axe-result-for-tests"


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(*args: str, timeout: float = 90) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([chromium() or "chromium", *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=timeout)


def screenshot(page: Path, png: Path, width: int = 900, height: int = 2400) -> None:
    run_chromium(f"--window-size={width},{height}", f"--screenshot={png}", page.as_uri())


def dump_dom(page: Path) -> str:
    """The page's DOM after its scripts ran (virtual time lets promises settle)."""
    return run_chromium("--virtual-time-budget=20000", "--dump-dom", page.as_uri()).stdout


def axe_violations(page: Path, workdir: Path) -> list[dict]:
    """axe-core's violations for ``page``: a copy of it with axe injected runs in Chromium and writes
    its results into the DOM, which Chromium prints."""
    runner = (f"<script>{AXE.read_text(encoding='utf-8')}</script>\n<script>axe.run(document, "
              "{resultTypes: ['violations']}).then(r => { const pre = document.createElement('pre'); "
              f"pre.id = '{RESULT_ID}'; pre.hidden = true; pre.textContent = JSON.stringify(r.violations.map("
              "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.html)}))); "
              "document.body.appendChild(pre); });</script>")
    copy = workdir / ("axe-" + page.name)
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", runner + "\n</body>"), encoding="utf-8")
    dom = dump_dom(copy)
    start = dom.find(f'<pre id="{RESULT_ID}"')
    if start < 0:
        raise AssertionError("axe did not report: " + dom[-500:])
    body = dom[dom.index(">", start) + 1:dom.index("</pre>", start)]
    return json.loads(unescape(body))


def print_to_pdf(page: Path, pdf: Path) -> None:
    """The page as Chromium prints it (the print stylesheet applies), without the browser's own header."""
    run_chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
