"""A project from someone else is safe to build (issue 10): hostile inputs of every class, each in a copy of
tests/fixtures/mini inside a parent folder whose every file is hashed before and after (nothing outside
the project's out/ may change), run as a subprocess within 10 s of CPU time and 500 MB (and killed as hanging after 60 s).

Each case gives the exit code README's table promises (0, 1 or 2, never 3) and, for errors, its located
diagnostic. ARCHITECTURE.md's threat model lists what these cases enforce.
"""
from __future__ import annotations

import hashlib
import os
import resource
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, TESTS, git, replace, write

TIME_LIMIT = 10.0  # CPU seconds (user + system) a case may use: a loaded CI machine stretches wall time
HANG_LIMIT = 60.0  # wall seconds after which a case counts as hanging (a FIFO read uses no CPU)
MEMORY_LIMIT = 500 * 2**20
VICTIM = {"id_rsa": "-----BEGIN PRIVATE KEY-----\nsecret\n", "notes.yaml": "findings: []\n"}


# ----------------------------------------------------------------------------- running one case
def snapshot(parent: Path, project: Path) -> dict[str, str]:
    """Every path under ``parent`` (symlinks and FIFOs not followed nor opened) with what it holds,
    except the project's out/ folder, which the build may change."""
    seen, out = {}, project / "out"
    for folder, dirs, files in os.walk(parent):
        for name in dirs + files:
            path = Path(folder) / name
            if path == out or out in path.parents:
                continue
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode):
                seen[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest() + oct(info.st_mode)
            elif stat.S_ISLNK(info.st_mode):
                seen[str(path)] = "link:" + os.readlink(path)
            else:
                seen[str(path)] = "kind:" + oct(stat.S_IFMT(info.st_mode))
    return seen


def _limits(fsize: int | None):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * MEMORY_LIMIT, 2 * MEMORY_LIMIT))  # a safety net
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    return apply


def run_brief(project: Path, *args: str, env: dict[str, str] | None = None, fsize: int | None = None,
              root: str | None = None) -> tuple[int, str, str]:
    """``brief --root PROJECT ARGS`` in a subprocess; fails past TIME_LIMIT CPU seconds, HANG_LIMIT wall
    seconds or MEMORY_LIMIT bytes."""
    environ = {k: v for k, v in os.environ.items() if k not in ("BRIEF_DEBUG", "SOURCE_DATE_EPOCH")}
    environ.update({"PYTHONPATH": str(REPO), "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
                    **(env or {})})
    logs = project.parent / "logs"
    logs.mkdir(exist_ok=True)
    with open(logs / "stdout", "w+b") as stdout, open(logs / "stderr", "w+b") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", root or str(project), *args],
                                cwd=project.parent, env=environ, stdout=stdout, stderr=stderr,
                                stdin=subprocess.DEVNULL, preexec_fn=_limits(fsize))
        start = time.monotonic()
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > HANG_LIMIT:
                proc.kill()
                os.wait4(proc.pid, 0)
                pytest.fail(f"brief {' '.join(args)} hung for {HANG_LIMIT} s")
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
        assert cpu < TIME_LIMIT, f"brief {' '.join(args)} used {cpu:.1f} s of CPU time"
        assert usage.ru_maxrss * 1024 < MEMORY_LIMIT, f"peak memory {usage.ru_maxrss // 1024} MiB"
        stdout.seek(0)
        stderr.seek(0)
        return proc.returncode, stdout.read().decode("utf-8", "replace"), stderr.read().decode("utf-8", "replace")


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, Path]:
    """(parent folder, project inside it): a copy of the mini project next to a victim folder."""
    parent = tmp_path / "parent"
    project = parent / "project"
    shutil.copytree(TESTS / "fixtures" / "mini", project)
    victim = parent / "victim"
    victim.mkdir()
    for name, text in VICTIM.items():
        (victim / name).write_text(text)
    return parent, project


def check_case(world, setup, args, codes, expected, env=None, fsize=None, root=None) -> tuple[str, str]:
    parent, project = world
    setup(project)
    before = snapshot(parent, project)
    code, out, err = run_brief(project, *args, env=env, fsize=fsize, root=root)
    assert code in codes, f"exit {code}, expected {codes}\n{err}"
    assert "Traceback" not in err and "internal error" not in err, err
    for want in expected:
        assert want in err, f"{want!r} not in:\n{err}"
        if ": error[" in want or ": warning[" in want:  # a location: shown relative to the project
            assert any(line.startswith(want) for line in err.splitlines()), f"no line starts {want!r}:\n{err}"
    shutil.rmtree(parent / "logs", ignore_errors=True)
    assert snapshot(parent, project) == before, "files outside out/ changed"
    return out, err


# ----------------------------------------------------------------------------- mutations
def link(target: str, points_to: str):
    """A symlink; a relative ``points_to`` starting with ``@`` is taken from the parent folder."""
    def mutate(root: Path) -> None:
        path = root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            path.unlink()
        os.symlink(str(root.parent / points_to[1:]) if points_to.startswith("@") else points_to, path)
    return mutate


def fifo(target: str):
    def mutate(root: Path) -> None:
        path = root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()
        os.mkfifo(path)
    return mutate


def folder(target: str):
    def mutate(root: Path) -> None:
        (root / target).mkdir(parents=True)
    return mutate


def both(*mutations):
    def mutate(root: Path) -> None:
        for m in mutations:
            m(root)
    return mutate


def title(text: str):
    """The title of finding trade-growth (content/findings.yaml:3:12) as a YAML double-quoted string."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return replace("content/findings.yaml", "title: Trade keeps growing", f'title: "{quoted}"')


def brief_key(line: str):
    return replace("briefs/demo.yaml", "author:", line + "\nauthor:")


def layout(body: str, extra: dict[str, str] | None = None):
    files = {"templates/x.md.j2": body, **(extra or {})}
    return both(*(write(k, v) for k, v in files.items()), brief_key("template: templates/x.md.j2"))


NOTHING = both()
F = "content/findings.yaml:3:12: error[template-render]"  # a prose field that fails to render
L = "templates/x.md.j2:"  # the layout template


# ----------------------------------------------------------------------------- files the project names
FILES = [
    ("content-link-outside", link("content/zz.yaml", "@victim/notes.yaml"), ["error[path-outside]", "content/zz.yaml"]),
    ("content-link-id-rsa", link("content/a.yaml", "@victim/id_rsa"), ["content/a.yaml:1:1: error[path-outside]"]),
    ("content-link-relative-dotdot", link("content/zz.yaml", "../../victim/notes.yaml"), ["error[path-outside]"]),
    ("content-fifo", fifo("content/zz.yaml"), ["content/zz.yaml:1:1: error[file-kind]", "named pipe"]),
    ("content-dev-zero", link("content/zz.yaml", "/dev/zero"), ["content/zz.yaml:1:1: error[path-outside]"]),
    ("content-folder-named-yaml", folder("content/zz.yaml"), ["content/zz.yaml:1:1: error[file-kind]", "a folder"]),
    ("content-13mb", write("content/zz.yaml", "findings: []\n" + "# padding\n" * 1_300_000),
     ["content:1:1: error[file-too-large]"]),
    ("content-total-too-large", both(*(write(f"content/z{i}.yaml", "findings: []\n" + "#\n" * 450_000)
                                       for i in range(4))), ["content:1:1: error[file-too-large]"]),
    ("content-folder-link-outside", both(lambda r: shutil.rmtree(r / "content"), link("content", "@victim")),
     ["error[path-outside]"]),
    ("briefs-fifo", fifo("briefs/zz.yaml"), ["briefs/zz.yaml:1:1: error[file-kind]"]),
    ("briefs-link-outside", link("briefs/zz.yaml", "@victim/notes.yaml"), ["briefs/zz.yaml:1:1: error[path-outside]"]),
    ("briefs-folder-link-outside", both(lambda r: shutil.rmtree(r / "briefs"), link("briefs", "@victim")),
     ["error[path-outside]"]),
    ("template-link-outside", both(link("templates/x.md.j2", "@victim/id_rsa"), brief_key("template: templates/x.md.j2")),
     ["briefs/demo.yaml:7:11: error[path-outside]"]),
    ("template-fifo", both(fifo("templates/x.md.j2"), brief_key("template: templates/x.md.j2")),
     ["briefs/demo.yaml:7:11: error[path-missing]", "not a regular file"]),
    ("template-outside-templates", both(write("content/x.md.j2", "# x\n"), brief_key("template: content/x.md.j2")),
     ["briefs/demo.yaml:7:11: error[path-outside]"]),
    ("template-dotdot", brief_key("template: templates/../../victim/id_rsa"), ["error[path-outside]"]),
    ("template-too-large", layout("# t\n" + "x" * 300_000 + "\n"), [L, "larger than 200,000 bytes"]),
    ("include-git-config", layout("# t\n\n{% include '.git/config' %}\n", {".git/config": "[core]\n"}),
     ["templates/x.md.j2:3:1: error[template-missing]"]),
    ("include-content", layout("# t\n\n{% include 'content/findings.yaml' %}\n"), [L, "error[template-missing]"]),
    ("include-link-outside", both(layout("# t\n\n{% include 'templates/l.j2' %}\n"),
                                  link("templates/l.j2", "@victim/id_rsa")), [L, "error[template-missing]"]),
    ("include-fifo", both(layout("# t\n\n{% include 'templates/f.j2' %}\n"), fifo("templates/f.j2")),
     [L, "error[template-render]", "named pipe"]),
    ("include-too-large", layout("# t\n\n{% include 'templates/big.j2' %}\n", {"templates/big.j2": "x" * 300_000}),
     [L, "larger than 200,000 bytes"]),
    ("import-dotdot", layout("{% import '../../victim/id_rsa' as x %}# t\n"), [L, "error[template-missing]"]),
    ("extends-absolute", layout("{% extends '/etc/passwd' %}"), [L, "error[template-missing]"]),
    ("include-package-ok-but-outside-name", layout("# t\n\n{% include 'generator/templates/brief.md.j2' %}\n"),
     [L, "error[template-missing]"]),
    ("reference-fifo", both(fifo("ref.docx"), brief_key("reference_docx: ref.docx")),
     ["briefs/demo.yaml:7:17: error[path-missing]"]),
    ("reference-dev-zero", both(link("ref.docx", "/dev/zero"), brief_key("reference_docx: ref.docx")),
     ["briefs/demo.yaml:7:17: error[path-outside]"]),
    ("reference-folder", both(folder("ref.docx"), brief_key("reference_docx: ref.docx")),
     ["briefs/demo.yaml:7:17: error[path-missing]"]),
]


@pytest.mark.parametrize("name, setup, expected", FILES, ids=[c[0] for c in FILES])
def test_files_outside_the_project_or_not_regular_are_refused(world, name, setup, expected):
    check_case(world, setup, ["check"], {1}, expected)


# ----------------------------------------------------------------------------- YAML that broke the loader
def _nested_expression(depth: int) -> str:
    return "sum(" * depth + "trade_2016, trade_2016" + ")" * depth


YAML = [
    ("nul-byte", replace("content/findings.yaml", "keeps growing", "keeps\x00growing"),
     ["content/findings.yaml:3:23: error[yaml-character]", "U+0000"]),
    ("del-byte", replace("content/findings.yaml", "keeps growing", "keeps\x7fgrowing"), ["error[yaml-character]"]),
    ("esc-byte", replace("content/findings.yaml", "keeps growing", "keeps\x1b[31mgrowing"),
     ["error[yaml-character]", "U+001B"]),
    ("brief-nul-byte", replace("briefs/demo.yaml", "Demo brief", "Demo\x00brief"), ["briefs/demo.yaml:1:12"]),
    ("integer-5000-digits", replace("content/figures.yaml", "value: 69.5", "value: " + "9" * 5000),
     ["content/figures.yaml:4:12: error[yaml-number]"]),
    ("integer-5000-digits-budget", replace("briefs/demo.yaml", "page_budget: 3", "page_budget: " + "1" * 5000),
     ["briefs/demo.yaml:8:14: error[yaml-number]"]),
    ("float-5000-digits", replace("content/figures.yaml", "value: 69.5", "value: " + "9" * 5000 + ".5"),
     ["content/figures.yaml:4:12: error[schema-number]"]),
    ("expression-deeper-than-recursion", replace("content/figures.yaml", "check: sum(exports_2016, imports_2016)",
                                                 "check: " + _nested_expression(5000)),
     ["content/figures.yaml:8:12: error[figure-expr]", "nest more than 50"]),
    ("huge-derived-figure", write("content/zz.yaml", "figures:\n  - id: huge\n    label: H\n    value: 1e300\n"
                                  "    unit: USD bn\n    period: '2016'\n    source: customs\n"
                                  "  - id: huger\n    label: H2\n    compute: product(huge, huge)\n    period: '2016'\n"),
     ["content/zz.yaml:"]),
    ("yaml-nesting", write("content/zz.yaml", "findings: " + "[" * 5000 + "]" * 5000 + "\n"), ["error[yaml-syntax]"]),
    ("alias-bomb", write("content/zz.yaml", "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))),
     ["error[yaml-too-large]"]),
    ("utf16", write("content/zz.yaml", "findings: []\n".encode("utf-16")), ["content/zz.yaml:1:1: error[encoding]"]),
    # within the size limits, many small entries: registering each ID must not rescan all the others
    ("fifteen-thousand-figures", write("content/zz.yaml", "figures:\n" + "".join(
        f"- {{id: f{i}, label: x, value: 1}}\n" for i in range(15_000))),
     ["content/zz.yaml:2:3: error[figure-unit]: raw figure 'f0' needs a 'unit'"]),
    ("page-budget-zero", replace("briefs/demo.yaml", "page_budget: 3", "page_budget: 0"),
     ["briefs/demo.yaml:8:14: error[brief-budget]"]),
    ("word-budget-negative", brief_key("word_budget: -5"), ["briefs/demo.yaml:7:14: error[brief-budget]"]),
]


@pytest.mark.parametrize("name, setup, expected", YAML, ids=[c[0] for c in YAML])
def test_yaml_that_broke_the_loader_is_a_located_error(world, name, setup, expected):
    check_case(world, setup, ["check"], {1}, expected)


# ----------------------------------------------------------------------------- templates: CPU time and memory
PROSE = [
    ("nested-for", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "CPU-time"),
    ("nested-for-list", "{% set l = range(100000)|list %}{% for a in l %}{% for b in l %}{% endfor %}{% endfor %}",
     "CPU-time"),
    ("macro-fan-out", "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(40) }}", ""),
    ("macro-recursion", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", ""),
    ("recursive-loop", "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", ""),
    ("lipsum", "{{ lipsum(n=1000000) }}", "lipsum"),
    ("power-chain", "{{ 2 ** (100 ** 100) }}", "too large"),
    ("power-tower", "{{ ((((2 ** 100) ** 100) ** 100) ** 100) ** 100 }}", "too large"),
    ("int-squaring", "{% set ns = namespace(x=2**100) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}"
                     "{% endfor %}{{ ns.x > 0 }}", "too large"),
    ("repeat-huge", "{{ 'x' * 10 ** 9 }}", "too large"),
    ("repeat-nested", "{{ (('x' * 1000) * 1000) * 1000 }}", "too large"),
    ("repeat-list", "{{ ([1] * 99999) * 99999 }}", "too large"),
    ("percent-width", "{{ '%999999999s' % 1 }}", "too large"),
    ("percent-star", "{{ '%*s' % (999999999, 1) }}", "too large"),
    ("percent-precision", "{{ '%.999999999f' % 1 }}", "too large"),
    ("percent-nested-list", "{% set ns = namespace(l=[1]) %}{% for i in range(40) %}{% set ns.l = [ns.l, ns.l] %}"
                            "{% endfor %}{{ '%s' % [ns.l] }}", "too large"),
    ("print-nested-list", "{% set ns = namespace(l=[1]) %}{% for i in range(40) %}{% set ns.l = [ns.l, ns.l] %}"
                          "{% endfor %}{{ ns.l }}", "too large"),
    ("concat-nested-list", "{% set ns = namespace(l=[1]) %}{% for i in range(40) %}{% set ns.l = [ns.l, ns.l] %}"
                           "{% endfor %}{{ 'a' ~ ns.l }}", "too large"),
    ("tojson-nested-list", "{% set ns = namespace(l=[1]) %}{% for i in range(40) %}{% set ns.l = [ns.l, ns.l] %}"
                           "{% endfor %}{{ ns.l | tojson }}", "too large"),
    ("string-filter-nested", "{% set ns = namespace(l=[1]) %}{% for i in range(40) %}{% set ns.l = [ns.l, ns.l] %}"
                             "{% endfor %}{{ ns.l | string | length }}", "too large"),
    ("concat-doubling", "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
                        "{% endfor %}", "too large"),
    ("plus-doubling", "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
                      "{% endfor %}", "too large"),
    ("list-doubling", "{% set ns = namespace(l=[1]) %}{% for i in range(40) %}{% set ns.l = ns.l + ns.l %}"
                      "{% endfor %}", "too large"),
    ("list-append", "{% set l = [] %}{% for i in range(100000) %}{{ l.append('x' * 99999) }}{% endfor %}", "unsafe"),
    ("dict-update", "{% set d = {} %}{% for i in range(100000) %}{{ d.update({i: 'x' * 99999}) }}{% endfor %}",
     "unsafe"),
    ("join-range-loop", "{% for i in range(100000) %}{{ range(100000) | join }}{% endfor %}", ""),
    ("join-map-center", "{{ range(100000) | map('center', 99999) | join }}", "too large"),
    ("list-map-center", "{{ range(100000) | map('center', 99999) | list | length }}", "too large"),
    ("center-filter", "{{ 'x' | center(999999999) }}", "too large"),
    ("center-method", "{{ 'x'.center(999999999) }}", "too large"),
    ("ljust-method", "{{ 'x'.ljust(999999999) }}", "too large"),
    ("zfill-method", "{{ '1'.zfill(999999999) }}", "too large"),
    ("expandtabs", "{{ ('\\t' * 99999).expandtabs(99999) }}", "not available"),
    ("translate", "{{ ('x' * 99999).translate({120: 'y' * 99999}) }}", "not available"),
    ("replace-method", "{{ ('x' * 99999).replace('x', 'y' * 99999) }}", "too large"),
    ("replace-filter", "{{ ('x' * 99999) | replace('x', 'y' * 99999) }}", "too large"),
    ("join-method", "{{ ('x' * 99999).join(range(99999) | map('string')) }}", "too large"),
    ("format-width", "{{ '{:>999999999}'.format(1) }}", "too large"),
    ("format-nested-width", "{{ '{:{w}}'.format(1, w=999999999) }}", "too large"),
    ("format-filter", "{{ '%0999999999d' | format(1) }}", "too large"),
    ("wordwrap", "{{ ('x' * 99999) | wordwrap(999999999) }}", "too large"),
    ("indent", "{{ ('a\\n' * 50000) | indent('x' * 99999) }}", "too large"),
    ("set-block", "{% set s %}{% for i in range(100000) %}{{ 'x' * 99999 }}{% endfor %}{% endset %}", ""),
    ("output-flood", "{% for i in range(100000) %}{{ 'x' * 99 }}{% endfor %}", "exceeds 100,000 characters"),
    ("take-used", "{{ fig.take_used() }}", "unknown figure 'take_used'"),  # caught by the reference check first
    ("mro-escape", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "unsafe"),
    ("globals-escape", "{{ cycler.__init__.__globals__ }}", "unsafe"),
    ("self-context", "{{ self._TemplateReference__context }}", "unsafe"),
    ("deep-parentheses", "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}", ""),
    ("huge-literal", "{{ " + "9" * 5000 + " }}", ""),
    ("quote-nesting", "> " * 5000 + "x", ""),
]


@pytest.mark.parametrize("name, text, message", PROSE, ids=[c[0] for c in PROSE])
def test_prose_fields_are_bounded_in_time_and_memory(world, name, text, message):
    code = {"quote-nesting": "prose-nesting", "take-used": "prose-ref"}.get(name, "")
    expected = [f"content/findings.yaml:3:12: error[{code}"] if code else ["content/findings.yaml:3:", "error[template-"]
    check_case(world, title(text), ["check"], {1}, expected + [message])


LAYOUTS = [
    ("layout-nested-for", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "CPU-time"),
    ("layout-macro-fan-out", "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(40) }}",
     ""),
    ("layout-output-flood", "{% for i in range(100000) %}{{ 'x' * 99 }}\n{% endfor %}", "exceeds 500,000"),
    ("layout-mutates-all-figures", "{{ all_figures.update({'exports_2016': all_figures['imports_2016']}) }}",
     "unsafe"),
    ("layout-mutates-figures", "{{ figures.pop('trade_2016') }}", "unsafe"),
    ("layout-mutates-sources", "{{ sources.clear() }}", "unsafe"),
    ("layout-mutates-checks", "{{ checks.append(1) }}", "unsafe"),
    ("layout-mutates-version", "{{ version.update({'commit': 'x'}) }}", "unsafe"),
    ("layout-mutates-sections", "{{ sections.clear() }}", "unsafe"),
    ("layout-figure-setattr", "{% set f = all_figures['trade_2016'] %}{{ f.__setattr__('value', 1) }}", "unsafe"),
    ("layout-set-block", "{% set s %}{% for i in range(100000) %}{{ 'x' * 99999 }}{% endfor %}{% endset %}", ""),
]


@pytest.mark.parametrize("name, body, message", LAYOUTS, ids=[c[0] for c in LAYOUTS])
def test_layouts_are_bounded_and_cannot_change_shared_values(world, name, body, message):
    check_case(world, layout("# t\n\n" + body + "\n"), ["check"], {1}, [L, "error[template-", message])


MARKDOWN = [
    ("bracket-flood", "[" * 99_000),
    ("bracket-text-flood", "[a" * 49_000),
    ("footnote-flood", "[^" * 49_000),
    ("image-flood", "![" * 49_000),
    ("reference-flood", "[a][" * 24_000),
    ("nested-brackets", "[" * 40_000 + "]" * 40_000),
    ("emphasis-flood", "*a" * 49_000),
    ("underscore-flood", "_a " * 30_000),
    ("backtick-flood", "`" * 99_000),
    ("angle-flood", "<" * 99_000),
]


@pytest.mark.parametrize("name, text", MARKDOWN, ids=[c[0] for c in MARKDOWN])
def test_markdown_floods_parse_in_linear_time(world, name, text):
    """Prose that is only punctuation renders literally (exit 0), quickly."""
    out, _err = check_case(world, title("{{ " + repr(text) + " }}"), ["check"], {0}, [])
    assert "check passed" in out, out


def test_layout_markdown_flood_parses_in_linear_time(world):
    check_case(world, layout("# t\n\n{% for i in range(4) %}{{ '[a' * 50000 }}{% endfor %}\n"), ["check"], {0}, [])


# ----------------------------------------------------------------------------- out/ and writing
def _staging_txn(target_link: str):
    def mutate(root: Path) -> None:
        txn = root / "out" / ".brief-staging" / "999999999-x"
        txn.mkdir(parents=True)
        os.symlink(str(root.parent / target_link), txn / "0000.tmp")
        (txn / "COMMIT").write_text("0000.tmp\tstolen.txt\n")
    return mutate


OUT = [
    ("staging-link-to-victim", link("out/.brief-staging", "@victim"), {1}, ["out:1:1: error[output-write]"]),
    ("staging-is-a-file", write("out/.brief-staging", "x"), {1}, ["error[output-write]"]),
    ("staging-txn-links-to-id-rsa", _staging_txn("victim/id_rsa"), {0}, []),
    ("staging-txn-is-link", link("out/.brief-staging/999999999-x", "@victim"), {0}, []),
    ("staging-live-pid-txn", both(folder("out/.brief-staging/1-x"), link("out/.brief-staging/1-x/a", "@victim/id_rsa")),
     {0}, []),
    ("out-is-link", link("out", "@victim"), {1}, ["out:1:1: error[output-dir]"]),
    ("out-is-file", write("out", "x"), {1}, ["error[output-dir]"]),
    ("output-name-is-folder", folder("out/demo.docx"), {1}, ["error[output-write]", "demo.docx is a folder"]),
    ("output-name-is-link", link("out/demo.pdf", "@victim/id_rsa"), {0}, []),
    ("manifest-is-fifo", fifo("out/manifest.json"), {0}, []),
    ("output-is-fifo", fifo("out/demo.docx"), {0}, []),
    ("manifest-is-dev-zero", link("out/manifest.json", "/dev/zero"), {0}, []),
    ("manifest-names-outside", write("out/manifest.json", '{"briefs": {"x": {"files": {"../victim/id_rsa": "0"}}}}'),
     {0}, []),
    ("manifest-deep-json", write("out/manifest.json", "[" * 100_000), {0}, []),
]


@pytest.mark.parametrize("name, setup, codes, expected", OUT, ids=[c[0] for c in OUT])
def test_out_folder_planted_by_a_repository_is_never_followed(world, name, setup, codes, expected):
    check_case(world, setup, ["build", "--format", "docx"], codes, expected)
    out = world[1] / "out"
    if codes == {0}:
        for name_ in ("demo.docx", "manifest.json"):
            assert stat.S_ISREG(os.lstat(out / name_).st_mode), f"{name_} is not a regular file"
        assert not (out / "stolen.txt").exists()


def test_write_error_is_exit_1_and_keeps_the_last_good_outputs(world):
    parent, project = world
    code, _out, err = run_brief(project, "build", "--format", "docx")
    assert code == 0, err
    shutil.rmtree(parent / "logs")
    good = {p.name: p.read_bytes() for p in (project / "out").iterdir()}
    replace("content/findings.yaml", "Trade keeps growing", "Trade keeps on growing")(project)
    out, err = check_case(world, NOTHING, ["build", "--format", "docx"], {1}, ["error[output-write]", "too large"],
                          fsize=4096)
    assert {p.name: p.read_bytes() for p in (project / "out").iterdir()} == good


# ----------------------------------------------------------------------------- usage and environment
USAGE = [
    ("epoch-too-large", ["check"], {"SOURCE_DATE_EPOCH": "99999999999999"}, None, "SOURCE_DATE_EPOCH"),
    ("epoch-not-a-number", ["check"], {"SOURCE_DATE_EPOCH": "yesterday"}, None, "SOURCE_DATE_EPOCH"),
    ("epoch-before-zip", ["build"], {"SOURCE_DATE_EPOCH": "0"}, None, "SOURCE_DATE_EPOCH"),
    ("root-missing", ["check"], None, "/nonexistent/project", "does not exist"),
    ("root-is-a-file", ["check"], None, "@project/briefs/demo.yaml", "not a folder"),
]


@pytest.mark.parametrize("name, args, env, root, message", USAGE, ids=[c[0] for c in USAGE])
def test_usage_errors_exit_2_with_a_message(world, name, args, env, root, message):
    if root and root.startswith("@"):
        root = str(world[0] / root[1:])
    check_case(world, NOTHING, args, {2}, ["brief: error:", message], env=env, root=root)


def test_ascii_only_output_never_crashes(world):
    setup = both(replace("briefs/demo.yaml", "Demo brief", "Demo brief \u2192 \u4e2d\u6587"),
                 replace("content/findings.yaml", "Trade keeps growing", "Trade keeps growing \u2192"))
    out, _err = check_case(world, setup, ["list"], {0}, [], env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C"})
    assert "\\u2192" in out


# ----------------------------------------------------------------------------- git
MARKER = "victim/pwned"


def _repo(config: dict[str, str], after=None, attributes: str = ""):
    """Commit the project, then set hostile repository configuration (as a shared folder could hold)."""
    def mutate(root: Path) -> None:
        if attributes:
            (root / ".gitattributes").write_text(attributes)
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "one")
        git(root, "tag", "v1")
        if after:
            after(root)
            git(root, "add", "-A")
            git(root, "commit", "-qm", "two")
        for key, value in config.items():
            git(root, "config", key, value.replace("@", str(root.parent) + "/"))
        os.utime(root / "content" / "findings.yaml")  # stat-dirty: git status would re-read (and filter) it
    return mutate


_RUN = "touch @" + MARKER + "; true"
GIT = [
    ("fsmonitor", {"core.fsmonitor": _RUN}, "", ["check"], {0}),
    ("fsmonitor-build", {"core.fsmonitor": _RUN}, "", ["build", "--format", "docx"], {0}),
    ("filter-clean", {"filter.evil.clean": _RUN, "filter.evil.process": _RUN}, "* filter=evil\n", ["check"], {0}),
    ("hooks-path", {"core.hooksPath": "@victim"}, "", ["check"], {0}),
    ("pager", {"core.pager": _RUN, "pager.log": _RUN}, "", ["log", "trade-growth"], {0}),
    ("show-signature", {"log.showSignature": "true", "gpg.program": "@" + MARKER}, "", ["log", "trade-growth"], {0}),
    ("diff-external", {"diff.external": "@" + MARKER, "diff.x.textconv": _RUN}, "* diff=x\n", ["diff", "v1"], {0}),
    ("revision-option", {}, "", ["diff", "--output=@victim/x"], {1, 2}),
    ("revision-option-inside", {}, "", ["diff", "HEAD --output=x"], {1}),
    ("revision-newline", {}, "", ["diff", "HEAD\n--output=x"], {1}),
]


@pytest.mark.parametrize("name, config, attributes, args, codes", GIT, ids=[c[0] for c in GIT])
def test_git_never_runs_what_repository_config_names(world, name, config, attributes, args, codes):
    check_case(world, _repo(config, attributes=attributes), args, codes, [])
    assert not (world[0] / MARKER).exists()


def test_git_diff_and_log_read_old_commits_with_hostile_numbers(world):
    huge = replace("content/figures.yaml", "value: 69.5", "value: " + "9" * 5000)
    for args in (["diff", "v1"], ["diff", "HEAD", "v1"], ["log", "trade-growth"]):
        check_case(world, _repo({}, after=huge) if args == ["diff", "v1"] else NOTHING, args, {0, 1}, [])


def test_git_diff_of_an_oversized_blob_is_refused(world):
    big = write("content/zz.yaml", "findings: []\n" + "#\n" * 600_000)
    check_case(world, _repo({}, after=big), ["diff", "v1", "HEAD"], {1}, ["larger than"])


def test_git_diff_prints_to_an_ascii_terminal(world):
    change = replace("content/findings.yaml", "Trade keeps growing", "Trade keeps on growing \u2014 fast")
    out, _err = check_case(world, _repo({}, after=change), ["diff", "v1"], {0}, [], env={"PYTHONIOENCODING": "ascii"})
    assert "title: Trade keeps {+on+} growing {+\\u2014 fast+}" in out, out  # shown as an escape, not a crash


# ----------------------------------------------------------------------------- reference .docx
def _reference_with_external(root: Path) -> None:
    import docx

    path = root / "ref.docx"
    docx.Document().save(str(path))
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rIdEvil" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="https://evil.example/'
            'track.dotm" TargetMode="External"/></Relationships>')
    parts["word/_rels/settings.xml.rels"] = rels.encode()
    settings = parts["word/settings.xml"].decode()
    head, _, tail = settings.partition("<w:zoom")
    parts["word/settings.xml"] = (head + '<w:attachedTemplate r:id="rIdEvil"/><w:zoom' + tail).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    brief_key("reference_docx: ref.docx")(root)


def test_reference_docx_external_relationships_are_stripped_with_a_warning(world):
    check_case(world, _reference_with_external, ["build", "--format", "docx"], {0},
               ["warning[reference-docx-external]", "evil.example"])
    with zipfile.ZipFile(world[1] / "out" / "demo.docx") as archive:
        for name in archive.namelist():
            data = archive.read(name)
            assert b"evil.example" not in data, name


# ----------------------------------------------------------------------------- concurrent builds
def test_concurrent_builds_into_one_folder_leave_a_true_manifest(world):
    import json

    parent, project = world
    shutil.copyfile(project / "briefs" / "demo.yaml", project / "briefs" / "other.yaml")
    environ = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project), "build", bid, "--format",
                               "docx"], env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for bid in ("demo", "other")]
    for proc in procs:
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    out = project / "out"
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["briefs"]) == {"demo", "other"}
    for entry in manifest["briefs"].values():
        for name, digest in entry["files"].items():
            assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
