"""The ``brief`` command line: build, check, list, diff, log, new, watch.

Exit codes: 0 ok, 1 content, template or output errors, 2 usage errors, 3 a bug, 130 interrupted."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.diagnostics import Diagnostics
from generator.writers import DEFAULT_FORMATS, WRITERS


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="brief", description="Build policy briefs from structured evidence.")
    p.add_argument("--root", type=Path, default=None, help="project folder (default: the current folder)")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build briefs into out/")
    b.add_argument("briefs", nargs="*", metavar="BRIEF_ID", help="briefs to build (default: all)")
    b.add_argument("--format", action="append", choices=list(WRITERS), dest="formats",
                   help="output format (repeatable; default: " + " and ".join(DEFAULT_FORMATS) + ")")
    b.add_argument("--out", type=Path, default=None, help="output folder (default: out/)")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("--redline", metavar="REV", default=None,
                   help="also write ID.redline.docx: Word tracked changes since git revision REV")
    b.add_argument("--draft", action="store_true", help="build briefs over their page or word budget, marked DRAFT")
    c = sub.add_parser("check", help="validate content and briefs without writing anything")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")
    sub.add_parser("list", help="show each brief with its audience and sections")
    n = sub.add_parser("new", help="start a new project with an example study that builds at once")
    n.add_argument("folder", type=Path, metavar="FOLDER", help="the folder to create (must not exist or be empty)")
    w = sub.add_parser("watch", help="rebuild when content, briefs or templates change")
    w.add_argument("briefs", nargs="*", metavar="BRIEF_ID", help="briefs to build (default: all)")
    w.add_argument("--format", action="append", choices=list(WRITERS), dest="formats",
                   help="output format (repeatable; default: html, or html and pdf)")
    w.add_argument("--out", type=Path, default=None, help="output folder (default: out/)")
    w.add_argument("--serve", action="store_true", help="preview the HTML briefs at http://127.0.0.1:PORT/")
    w.add_argument("--port", type=int, default=8000, help="preview port on 127.0.0.1 (default: 8000)")
    d = sub.add_parser("diff", help="compare content and briefs at two git revisions")
    d.add_argument("rev_a", metavar="REV_A", help="the earlier revision (commit, tag, branch)")
    d.add_argument("rev_b", metavar="REV_B", nargs="?", default=None, help="the later one (default: the working tree)")
    d.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    g = sub.add_parser("log", help="list the commits that changed an item, part, figure, source or chart")
    g.add_argument("entry_id", metavar="ITEM_ID")
    g.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    return p


def print_diagnostics(diags: Diagnostics) -> None:
    for d in diags.sorted():
        print(d, file=sys.stderr)
    if diags.items:
        print(f"{len(diags.errors)} error(s), {len(diags.warnings)} warning(s)", file=sys.stderr)


def safe_streams() -> None:
    """Output never fails on encoding: characters an ASCII-only terminal cannot show become escapes."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass  # replaced by a test harness or already closed


def print_progress(brief_id: str, seconds: float) -> None:
    """One line per brief as its files are made (before any is published)."""
    print(f"made {brief_id} in {seconds:.2f} s", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    safe_streams()
    args = parser().parse_args(argv)
    root = (args.root or Path.cwd()).resolve()
    problem = usage_problem(args, root)
    if problem:
        print(f"brief: error: {problem}", file=sys.stderr)
        return 2
    try:
        return run(args, root)
    except BrokenPipeError:  # `brief list | head`: the reader left; not an error worth a message
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted; outputs left as they were", file=sys.stderr)
        return 130
    except Exception as exc:  # a traceback is a bug: say so in one line; BRIEF_DEBUG=1 shows it
        if os.environ.get("BRIEF_DEBUG"):
            raise
        print(f"brief: internal error: {type(exc).__name__}: {exc} (set BRIEF_DEBUG=1 for details; please "
              "report it)", file=sys.stderr)
        return 3


def usage_problem(args: argparse.Namespace, root: Path) -> str | None:
    """What makes the command impossible before any file is read (exit 2), or None."""
    from generator.editions.gitinfo import epoch_problem

    if not root.is_dir():
        return f"project folder {str(args.root or root)!r} does not exist or is not a folder (--root)"
    return epoch_problem()


def run(args: argparse.Namespace, root: Path) -> int:
    from generator.pipeline import Project

    project = Project(root)
    diags = Diagnostics()
    if args.command == "build":
        from generator.publish.build import build

        formats = list(dict.fromkeys(args.formats or DEFAULT_FORMATS))
        out_dir = args.out.resolve() if args.out else root / "out"  # a link named out/ is refused, not followed
        if args.redline is not None:  # an unknown revision is a usage error, before any work
            from generator.editions.revisions import RevisionError, resolve

            try:
                resolve(root, args.redline)
            except RevisionError as exc:
                print(f"brief: error: --redline: {exc}", file=sys.stderr)
                return 2
        written = build(project, args.briefs, formats, out_dir, diags, strict=args.strict, redline=args.redline,
                        draft=args.draft, progress=print_progress)
        print_diagnostics(diags)
        for path in written:
            print(f"wrote {os.path.relpath(path)}")
        return 1 if diags.errors else 0
    if args.command == "check":
        from generator.pipeline import run_checks

        run_checks(project, diags)
        if args.strict:
            diags.promote_warnings()
        print_diagnostics(diags)
        if not diags.errors:
            print("check passed" + (f" with {len(diags.warnings)} warning(s)" if diags.warnings else ""))
        return 1 if diags.errors else 0
    if args.command == "new":
        from generator.commands.scaffold import new_command

        return new_command(args.folder.resolve())
    if args.command == "watch":
        from generator.commands.watch import watch_command

        return watch_command(project, args)
    if args.command == "diff":
        from generator.editions.report import diff_command

        return diff_command(root, args.rev_a, args.rev_b, args.format)
    if args.command == "log":
        from generator.editions.history import log_command

        return log_command(root, args.entry_id, args.format)
    from generator.commands.listing import list_briefs

    code = list_briefs(project, diags)
    print_diagnostics(diags)
    return code
