"""``brief watch``: rebuild what a change affects, print the diagnostics, and optionally serve a live preview.

A change to ``briefs/ID.yaml`` rebuilds that brief (nothing, if this watch does not build it); a change
to content, templates or assets rebuilds them all. Builds run in this process, so imports, compiled
templates, the Markdown parser and the loaded content of unchanged files (generator.load.warm) are warm.
With ``--serve`` the HTML briefs are served from the output folder on 127.0.0.1 only; each page
served gets a small script that polls ``/__status`` and reloads after a successful rebuild, or
shows the errors of a failed one over the last good page. The files on disk never carry it.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from generator.diagnostics import Diagnostics
from generator.pipeline import Project
from generator.load.warm import WarmContent

WATCHED_SUFFIXES = (".yaml", ".yml", ".j2", ".docx", ".md")
SERVED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(html|pdf|docx|md)$")
MEDIA_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf", "md": "text/markdown; charset=utf-8",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass
class Status:
    """What the preview pages poll: successful builds so far and the last build's diagnostics."""

    built: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"built": self.built, "errors": self.errors, "warnings": self.warnings}).encode()


class Watcher:
    """Builds a project's briefs and rebuilds them as its files change."""

    def __init__(self, project: Project, brief_ids: list[str], formats: list[str], out_dir: Path,
                 log=print):
        # the loaded content stays in memory while its files are unchanged (generator.load.warm)
        self.project = project if project.warm is not None else replace(project, warm=WarmContent())
        self.brief_ids, self.formats, self.out_dir = brief_ids, formats, out_dir
        self.status = Status()
        self.log = log

    def folders(self) -> list[Path]:
        root = self.project.root
        candidates = [self.project.content_dir, self.project.briefs_dir, root / "templates", root / "assets"]
        return [f for f in candidates if f.is_dir()]

    def affected(self, changed: set[Path]) -> list[str] | None:
        """Brief IDs to rebuild for ``changed`` files; None means every brief (or those asked for), an empty
        list none (only briefs this watch does not build changed)."""
        briefs_dir = self.project.briefs_dir.resolve()
        ids = []
        for path in changed:
            if path.resolve().parent != briefs_dir or not path.is_file():
                return None  # content, templates, or a brief deleted (the manifest changes): all
            ids.append(path.stem)
        if self.brief_ids:
            ids = [i for i in ids if i in self.brief_ids]
        return sorted(set(ids))

    def build(self, only: list[str] | None = None) -> bool:
        """One build; prints diagnostics and a summary line; True when it wrote the briefs."""
        from generator.publish.build import build

        diags, started = Diagnostics(), time.perf_counter()
        ids = only if only is not None else self.brief_ids
        written = build(self.project, ids, self.formats, self.out_dir, diags,
                        progress=lambda bid, s: self.log(f"  made {bid} in {s:.2f} s"), warm=self.status.built > 0)
        for d in diags.sorted():
            self.log(str(d))
        elapsed = time.perf_counter() - started
        with self.status.lock:
            self.status.errors = [str(d) for d in diags.sorted() if d.severity == "error"]
            self.status.warnings = [str(d) for d in diags.sorted() if d.severity == "warning"]
            if written:
                self.status.built += 1
        if written:
            self.log(f"built {', '.join(ids) if ids else 'all briefs'} in {elapsed:.2f} s "
                     f"({len(diags.warnings)} warning(s))")
        else:
            self.log(f"build failed in {elapsed:.2f} s: {len(diags.errors)} error(s); outputs left as they were")
        return bool(written)

    def run(self, stop: threading.Event | None = None) -> None:
        """Build once, then rebuild on every change until ``stop`` is set (or Ctrl-C)."""
        from watchfiles import watch

        self.build()
        folders = self.folders()
        self.log(f"watching {', '.join(str(f.relative_to(self.project.root)) for f in folders)} (Ctrl-C stops)")

        def relevant(_change, path: str) -> bool:
            return path.endswith(WATCHED_SUFFIXES) and not Path(path).name.startswith(".")

        for changes in watch(*folders, watch_filter=relevant, stop_event=stop, debounce=50, step=10,
                             raise_interrupt=False):
            changed = {Path(p) for _c, p in changes}
            names = ", ".join(sorted(p.name for p in changed))
            only = self.affected(changed)
            self.log(f"changed: {names}")
            if only == []:
                self.log("no brief this watch builds is affected; nothing rebuilt")
                continue
            self.build(only)


PREVIEW_SCRIPT = """
<div id="brief-preview-status" role="status" aria-live="polite" hidden
 style="position:fixed;left:0;right:0;bottom:0;max-height:50%;overflow:auto;margin:0;padding:1rem;
 background:#fff3f3;color:#7a0000;border-top:4px solid #a00;font:14px/1.4 monospace;white-space:pre-wrap"></div>
<script>
(function () {
  var seen = null, box = document.getElementById("brief-preview-status");
  function poll() {
    fetch("/__status", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.built !== seen) { location.reload(); return; }
      seen = s.built;
      box.hidden = s.errors.length === 0;
      box.textContent = s.errors.length ? "The last build failed; this is the last good brief.\\n\\n"
        + s.errors.join("\\n") : "";
    }).catch(function () {}).then(function () { setTimeout(poll, 400); });
  }
  poll();
})();
</script>
"""


def make_server(watcher: Watcher, port: int) -> ThreadingHTTPServer:
    """A preview server on 127.0.0.1:``port`` (0: any free port) serving the output folder's briefs."""
    out_dir = watcher.out_dir

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            path = self.path.split("?", 1)[0].lstrip("/")
            if path == "__status":
                return self.send(200, "application/json", watcher.status.as_json())
            if path == "":
                return self.send(200, MEDIA_TYPES["html"], index_page(out_dir, watcher.status))
            match = SERVED.match(path)
            target = out_dir / path
            if not match or not target.is_file():
                return self.send(404, "text/plain; charset=utf-8", b"not found\n")
            data = target.read_bytes()
            if match.group(1) == "html":
                data = data.replace(b"</body>", PREVIEW_SCRIPT.encode() + b"</body>", 1)
            return self.send(200, MEDIA_TYPES[match.group(1)], data)

        def send(self, code: int, media_type: str, body: bytes) -> None:
            self.send_response(code)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet: the build log is what matters
            pass

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)


def index_page(out_dir: Path, status: Status) -> bytes:
    pages = sorted(p.name for p in out_dir.glob("*.html")) if out_dir.is_dir() else []
    links = "".join(f'<li><a href="/{escape(name)}">{escape(name[:-5])}</a></li>' for name in pages)
    body = f"<ul>{links}</ul>" if links else "<p>No HTML briefs yet: build with --format html.</p>"
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Brief preview</title></head>'
            f"<body><main><h1>Brief preview</h1>{body}</main>{PREVIEW_SCRIPT}</body></html>\n").encode()


def watch_command(project: Project, args: argparse.Namespace) -> int:
    formats = list(dict.fromkeys(args.formats or ["html"]))
    if args.serve and "html" not in formats:
        formats.append("html")
    out_dir = (args.out or project.root / "out").resolve()
    watcher = Watcher(project, list(args.briefs), formats, out_dir,
                      log=lambda line: print(line, file=sys.stderr, flush=True))
    server = None
    if args.serve:
        try:
            server = make_server(watcher, args.port)
        except OSError as exc:
            print(f"brief: error: cannot serve on 127.0.0.1:{args.port}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"preview at http://127.0.0.1:{server.server_address[1]}/", file=sys.stderr, flush=True)
    try:
        watcher.run()
    finally:
        if server is not None:
            server.shutdown()
    return 0
