"""The shape of generator/: imports flow one way, modules stay small, ARCHITECTURE.md names every module
and points each "where a change goes" recipe at a test that exercises it.

Import rule: imports that run when a module is imported (module level, class bodies, module-level
``if``/``try``) must form no cycle. An import inside a function runs when the function is called and
is how a module defers a heavy or optional dependency (``cli.py`` keeps start-up fast that way);
imports under ``if TYPE_CHECKING:`` never run. Neither counts.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

GENERATOR = REPO / "generator"
MAX_LINES = 400


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_time_nodes(body: list[ast.stmt]):
    """The statements that run at import: everything but function bodies and TYPE_CHECKING blocks."""
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from _import_time_nodes(node.orelse)
            continue
        yield node
        for field in ("body", "orelse", "finalbody", "handlers"):
            children = getattr(node, field, None)
            if isinstance(children, list):
                yield from _import_time_nodes(children)


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the package modules it imports at import time (``from pkg import mod`` counts as mod)."""
    paths = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in _import_time_nodes(ast.parse(path.read_text(encoding="utf-8")).body):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                targets.add(base)
                targets.update(f"{base}.{alias.name}" for alias in node.names)
        graph[name] = {t for t in targets if t in paths and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        while work:
            node, successors = work[-1]
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = len(index)
                    stack.append(succ)
                    work.append((succ, iter(sorted(graph[succ]))))
                    break
                if succ in stack:
                    low[node] = min(low[node], index[succ])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_import_time_imports_have_no_cycle():
    graph = import_graph(GENERATOR)
    assert len(graph) > 30 and "generator.pipeline" in graph["generator.commands.cli"] | graph["generator.publish.build"]
    assert cycles(graph) == []


def test_the_cycle_finder_sees_a_cycle_and_ignores_deferred_imports(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.sub import b\n")
    (package / "sub" / "b.py").write_text("try:\n    from .. import c\nexcept ImportError:\n    pass\n")
    (package / "c.py").write_text("import pkg.a\n")
    (package / "d.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.e\n"
                                  "def later():\n    import pkg.e\n")
    (package / "e.py").write_text("import pkg.d\n")
    assert cycles(import_graph(package)) == [["pkg.a", "pkg.c", "pkg.sub.b"]]


def test_no_module_is_over_400_lines():
    sizes = {str(p.relative_to(REPO)): len(p.read_text(encoding="utf-8").splitlines())
             for p in GENERATOR.rglob("*.py")}
    assert {path: n for path, n in sizes.items() if n > MAX_LINES} == {}


def unnamed_modules(architecture: str, root: Path) -> list[str]:
    """Modules under ``root`` that the text never names as `name`, `name.py` or `folder/name.py`."""
    named = {Path(span).stem for span in re.findall(r"`([\w/.]+?)`", architecture)}
    named |= {Path(span).stem for span in re.findall(r"[\w/]+\.py\b", architecture)}
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                  if not p.name.startswith("__") and p.stem not in named)


def test_architecture_names_every_module():
    assert unnamed_modules((REPO / "ARCHITECTURE.md").read_text(encoding="utf-8"), GENERATOR) == []
    unnamed = {Path(m).name for m in unnamed_modules("`generator/commands/cli.py`, `pipeline`", GENERATOR)}
    assert {"briefs.py", "build.py"} <= unnamed and not {"cli.py", "pipeline.py"} & unnamed  # the check can fail


def recipes() -> dict[str, str]:
    """ARCHITECTURE.md's "Where a change goes" bullets, by their bold name."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("## Where a change goes", 1)[1].split("\n## ", 1)[0]
    bullets = re.split(r"\n- ", "\n" + section.strip())[1:]
    return {b.split("**")[1]: b for b in bullets}


# Recipes whose test arrives with the table they describe (generator/translations/, generator/figures/units.py).
TEXT_ONLY: set[str] = set()  # recipes whose test is still to come


def test_every_recipe_names_a_test_that_exists():
    found = recipes()
    assert {"A new figure operation", "A new check", "A new language", "A new unit", *TEXT_ONLY} <= set(found)
    for name, text in found.items():
        if name in TEXT_ONLY:
            assert "Text only" in text, name
            continue
        refs = re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?`", text)
        assert refs, f"recipe {name!r} names no test"
        for path, function in refs:
            assert (REPO / path).is_file(), f"recipe {name!r}: {path} does not exist"
            if function:
                assert f"def {function}(" in (REPO / path).read_text(encoding="utf-8"), (name, path, function)


def phase_folders(architecture: str) -> dict[str, set[str]]:
    """The phase table's folders (`generator/<name>/`: …) and the modules each row names there."""
    table = architecture.split("| phase | folder |", 1)[1].split("\n\n", 1)[0]
    folders: dict[str, set[str]] = {}
    for row in table.splitlines()[2:]:
        cell = row.split("|")[2]
        for folder, listed in re.findall(r"`generator/(\w+)/`: (.*?)(?=`generator/\w+/`|$)", cell):
            folders[folder] = set(re.findall(r"`(\w+)\.py`", listed))
    return folders


def test_the_phase_table_points_at_folders_holding_exactly_the_modules_it_names():
    folders = phase_folders((REPO / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    assert {"load", "check", "figures", "render", "publish", "editions", "commands"} <= set(folders)
    for folder, named in folders.items():
        present = {p.stem for p in (GENERATOR / folder).glob("*.py") if not p.name.startswith("__")}
        assert (folder, present) == (folder, named)
    top = {p.stem for p in GENERATOR.glob("*.py") if not p.name.startswith("__")}
    assert top == {"model", "diagnostics", "pipeline"}, "a module at the top belongs in a phase folder"
    table = "| phase | folder |\n|-|-|\n| x | `generator/load/`: `safefs.py` |\n"
    assert phase_folders(table) == {"load": {"safefs"}}  # the reader of the table can see a row


def missing_paths(text: str) -> list[str]:
    """``generator/…`` paths a document names that do not exist (a module moved, a folder renamed)."""
    named = {path.rstrip(".,") for path in re.findall(r"generator/[\w/.*-]+", text)}
    return sorted(p for p in named if "*" not in p and not (REPO / p).exists())


def test_every_path_the_docs_name_exists():
    for doc in ("README.md", "ARCHITECTURE.md"):
        assert missing_paths((REPO / doc).read_text(encoding="utf-8")) == [], doc
    assert missing_paths("see `generator/figures.py` and generator/render/compose.py.") == ["generator/figures.py"]
