"""The tool's own templates are compiled once and kept on disk like Python's bytecode; a project's never are."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jinja2.bccache import Bucket

from conftest import REPO
from generator.render import template_cache, templating
from generator.render.compose import PACKAGE_TEMPLATES
from generator.render.sandbox import BoundedSandbox
from generator.render.templating import ProjectLoader, SharedLayoutCode, make_environment

TAG = sys.implementation.cache_tag

# Runs `brief check` in a fresh interpreter and prints the tool templates it compiled and what it rendered.
CHECK = """
import hashlib, json, sys
from pathlib import Path
from generator.render.compose import PACKAGE_TEMPLATES
from generator.render.sandbox import BoundedSandbox
compiled = []
original = BoundedSandbox.compile
def counting(self, source, name=None, filename=None, *args, **kwargs):
    if filename and Path(filename).is_relative_to(PACKAGE_TEMPLATES):
        compiled.append(name)
    return original(self, source, name, filename, *args, **kwargs)
BoundedSandbox.compile = counting
from generator.diagnostics import Diagnostics
from generator.pipeline import Project, run_checks
diags = Diagnostics()
checked = run_checks(Project(Path(sys.argv[1])), diags)
assert not diags.errors, diags.errors
print(json.dumps({"compiled": compiled, "markdown": {b: hashlib.sha1(c.markdown.encode()).hexdigest()
                                                     for b, c in checked.composed.items()}}))
"""


def check_in_fresh_process(project: Path, env: dict[str, str]) -> dict:
    done = subprocess.run([sys.executable, "-c", CHECK, str(project)], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def python_env(**changes: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    env.update({k: v for k, v in changes.items() if v is not None})
    return env


def test_a_second_process_compiles_none_of_the_tools_templates(mini, tmp_path):
    prefix = tmp_path / "pycache"
    env = python_env(PYTHONPYCACHEPREFIX=str(prefix))
    project = files_under(mini)
    first = check_in_fresh_process(mini, env)
    assert "brief.md.j2" in first["compiled"] and "sections/findings.md.j2" in first["compiled"]
    kept = prefix / Path(os.path.realpath(PACKAGE_TEMPLATES)).relative_to("/")
    assert (kept / f"brief.md.j2.{TAG}.jinja").is_file()
    assert (kept / "sections" / f"findings.md.j2.{TAG}.jinja").is_file()
    second = check_in_fresh_process(mini, env)
    assert second["compiled"] == []  # every tool template's code came from the cache
    assert second["markdown"] == first["markdown"]  # and renders the same Markdown
    assert files_under(mini) == project  # nothing written inside the project


def test_dont_write_bytecode_writes_no_cache(mini, tmp_path):
    prefix = tmp_path / "pycache"
    check_in_fresh_process(mini, python_env(PYTHONPYCACHEPREFIX=str(prefix), PYTHONDONTWRITEBYTECODE="1"))
    assert not [p for p in prefix.rglob("*") if p.is_file()]  # (nor does Python write its modules' bytecode)


# In-process: a temporary folder stands for the tool's templates (the loader's ``fixed`` folders).

@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The names of the templates compiled from now on."""
    names: list[str] = []
    original = BoundedSandbox.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        if name is not None:
            names.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(BoundedSandbox, "compile", counting)
    monkeypatch.setattr(sys, "pycache_prefix", None)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(templating, "_TOOL_TEMPLATES", {})
    return names


@pytest.fixture
def tool(tmp_path) -> Path:
    folder = tmp_path / "tool" / "templates"
    (folder / "sections").mkdir(parents=True)
    (folder / "t.md.j2").write_text('{% include "sections/part.md.j2" %} and {{ x }}', encoding="utf-8")
    (folder / "sections" / "part.md.j2").write_text("part {{ x * 2 }}", encoding="utf-8")
    return folder


def render(folder: Path, cache: SharedLayoutCode, tool: bool = True, **settings) -> str:
    """A layout rendered as the next process would: a fresh environment and an empty in-memory cache."""
    env = make_environment(ProjectLoader([folder], [folder], fixed=[folder] if tool else []))
    for key, value in settings.items():
        setattr(env, key, value)
    env.bytecode_cache = cache
    return env.get_template("t.md.j2").render(x=2)


def test_an_edited_tool_template_is_compiled_again(tool, compiled):
    assert render(tool, SharedLayoutCode()) == "part 4 and 2"
    assert sorted(compiled) == ["sections/part.md.j2", "t.md.j2"]
    assert (tool / "__pycache__" / f"t.md.j2.{TAG}.jinja").is_file()
    assert (tool / "sections" / "__pycache__" / f"part.md.j2.{TAG}.jinja").is_file()
    compiled.clear()
    assert render(tool, SharedLayoutCode()) == "part 4 and 2" and compiled == []  # read from disk
    (tool / "sections" / "part.md.j2").write_text("piece {{ x * 3 }}", encoding="utf-8")
    templating._TOOL_TEMPLATES.clear()  # a new process reads the tool's templates anew
    assert render(tool, SharedLayoutCode()) == "piece 6 and 2" and compiled == ["sections/part.md.j2"]


def test_other_code_generation_settings_compile_again(tool, compiled):
    (tool / "t.md.j2").write_text("{% if x %}\nyes{% endif %}", encoding="utf-8")
    assert render(tool, SharedLayoutCode()) == "yes"  # trim_blocks drops the newline after a tag
    compiled.clear()
    assert render(tool, SharedLayoutCode(), trim_blocks=False) == "\nyes" and compiled == ["t.md.j2"]
    fingerprints = {template_cache.code_fingerprint(make_environment()),
                    template_cache.code_fingerprint(make_environment(locale="zh-Hans"))}
    assert len(fingerprints) == 1  # every brief's environment makes the same code: one cache serves them all


def test_dont_write_bytecode_still_reads_the_cache(tool, compiled, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    render(tool, SharedLayoutCode())
    assert not (tool / "__pycache__").exists() and len(compiled) == 2
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    render(tool, SharedLayoutCode())
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    compiled.clear()
    assert render(tool, SharedLayoutCode()) == "part 4 and 2" and compiled == []


def test_a_pycache_prefix_mirrors_the_templates_path(tool, compiled, monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "prefix"))
    render(tool, SharedLayoutCode())
    assert not (tool / "__pycache__").exists()
    mirrored = tmp_path / "prefix" / Path(os.path.realpath(tool)).relative_to("/")
    assert (mirrored / f"t.md.j2.{TAG}.jinja").is_file()
    assert (mirrored / "sections" / f"part.md.j2.{TAG}.jinja").is_file()


@pytest.mark.parametrize("damage", [
    lambda data: data[:len(data) // 2],  # truncated code
    lambda data: data[:5],  # truncated checksum
    lambda data: b"",
    lambda data: b"\x00garbage" * 10,
    lambda data: data[:len(template_cache_magic())] + b"\x80\x02garbage",  # Jinja's magic, then no pickle
])
def test_a_damaged_cache_file_is_compiled_again(tool, compiled, damage):
    render(tool, SharedLayoutCode())
    kept = tool / "__pycache__" / f"t.md.j2.{TAG}.jinja"
    good = kept.read_bytes()
    kept.write_bytes(damage(good))
    compiled.clear()
    assert render(tool, SharedLayoutCode()) == "part 4 and 2" and compiled == ["t.md.j2"]
    assert kept.read_bytes() == good  # and written anew


def template_cache_magic() -> bytes:
    from jinja2.bccache import bc_magic

    return bc_magic


def test_an_unwritable_cache_folder_is_skipped(tool, compiled):
    (tool / "__pycache__").write_text("a file where the folder would be", encoding="utf-8")
    assert render(tool, SharedLayoutCode()) == "part 4 and 2"
    compiled.clear()
    assert render(tool, SharedLayoutCode()) == "part 4 and 2" and compiled == ["t.md.j2"]  # only the partial kept


def test_a_project_template_is_never_read_from_or_written_to_disk(tool, compiled, monkeypatch, tmp_path):
    render(tool, SharedLayoutCode(), tool=False)
    assert not [p for p in tool.rglob("*") if "__pycache__" in p.parts]
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "prefix"))
    render(tool, SharedLayoutCode(), tool=False)
    assert not (tmp_path / "prefix").exists()
    # A cache file planted beside a project's template, valid for its very source, is never read: marshal
    # data is code. (Were the folder the tool's, it would be: the test can fail.)
    monkeypatch.setattr(sys, "pycache_prefix", None)
    env = make_environment(ProjectLoader([tool], [tool]))
    filename = str(tool / "t.md.j2")
    source = (tool / "t.md.j2").read_text(encoding="utf-8")
    bucket = Bucket(env, "", template_cache.checksum(env, "t.md.j2", filename, source))
    bucket.code = env.compile("planted {{ x }}", "t.md.j2", filename)
    template_cache.store(bucket, os.path.realpath(filename))
    assert (tool / "__pycache__" / f"t.md.j2.{TAG}.jinja").is_file()
    assert render(tool, SharedLayoutCode(), tool=True) == "planted 2"
    compiled.clear()
    assert render(tool, SharedLayoutCode(), tool=False) == "part 4 and 2"
    assert sorted(compiled) == ["sections/part.md.j2", "t.md.j2"]


def test_a_brief_with_its_own_layout_keeps_only_the_tools_code(mini, tmp_path, monkeypatch, compiled):
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Project, run_checks

    from generator.render import compose

    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "prefix"))
    monkeypatch.setattr(compose, "LAYOUT_CODE", SharedLayoutCode())  # as in a new process: nothing compiled yet
    (mini / "templates").mkdir()
    (mini / "templates" / "mine.md.j2").write_text('{% extends "brief.md.j2" %}\n', encoding="utf-8")
    text = (mini / "briefs" / "demo.yaml").read_text(encoding="utf-8")
    (mini / "briefs" / "demo.yaml").write_text(text.replace("title: Demo brief\n",
                                                            "title: Demo brief\ntemplate: templates/mine.md.j2\n"))
    project = files_under(mini)
    diags = Diagnostics()
    run_checks(Project(mini), diags)
    assert not diags.errors and "templates/mine.md.j2" in compiled
    kept = list((tmp_path / "prefix").rglob("*.jinja"))  # (Python keeps its lazily imported modules there too)
    tools = Path(os.path.realpath(PACKAGE_TEMPLATES)).relative_to("/")
    assert kept and all(p.relative_to(tmp_path / "prefix").is_relative_to(tools) for p in kept)
    assert not [p for p in kept if p.name.startswith("mine")]
    assert files_under(mini) == project


def test_a_module_without_a_file_digests_to_no_file(tmp_path, monkeypatch):
    """A code generator defined where there is no source file (built in, made at run time) is digested as
    such, never by reading whatever file the working folder holds under the name 'None'."""
    import types

    monkeypatch.chdir(tmp_path)
    (tmp_path / "None").write_text("anything", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "made_at_run_time", types.ModuleType("made_at_run_time"))
    template_cache._module_digest.cache_clear()
    assert template_cache._module_digest("made_at_run_time") == "?"
    assert template_cache._module_digest("no.such.module") == "?"


def test_a_project_link_to_a_tool_template_leaves_the_tools_cache_alone(mini, tmp_path, monkeypatch, compiled):
    """A project's template that is a symlink to one of the tool's is the project's by name: its code (which
    names the project's file) is kept in memory only, never written over the tool's cache file."""
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Project, run_checks

    from generator.render import compose

    prefix = tmp_path / "prefix"
    monkeypatch.setattr(sys, "pycache_prefix", str(prefix))
    monkeypatch.setattr(compose, "LAYOUT_CODE", SharedLayoutCode())
    run_checks(Project(mini), Diagnostics())  # the tool's templates compiled and kept
    kept = {p: p.read_bytes() for p in prefix.rglob("*.jinja")}
    assert any(p.name.startswith("brief.md.j2.") for p in kept)
    (mini / "templates").mkdir()
    (mini / "templates" / "link.md.j2").symlink_to(PACKAGE_TEMPLATES / "brief.md.j2")
    (mini / "templates" / "mine.md.j2").write_text('{% extends "templates/link.md.j2" %}\n', encoding="utf-8")
    text = (mini / "briefs" / "demo.yaml").read_text(encoding="utf-8")
    (mini / "briefs" / "demo.yaml").write_text(text.replace("title: Demo brief\n",
                                                            "title: Demo brief\ntemplate: templates/mine.md.j2\n"))
    monkeypatch.setattr(compose, "LAYOUT_CODE", SharedLayoutCode())
    compiled.clear()
    diags = Diagnostics()
    run_checks(Project(mini), diags)
    assert not diags.errors  # the partials came from the cache:
    assert sorted(compiled) == ["templates/link.md.j2", "templates/mine.md.j2"]
    assert {p: p.read_bytes() for p in prefix.rglob("*.jinja")} == kept
