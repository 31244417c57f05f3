"""Every rejected input: exit code 1, no traceback, located `path:line:col: error[code]` messages, and
sources and previous outputs byte-identical afterwards (issue 5).

Each case is a fixture file from tests/fixtures/bad/ or a small mutation of the `mini` project; the
build runs against a project whose out/ already holds a good build.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from conftest import TESTS, replace, write

BAD = TESTS / "fixtures" / "bad"
CVE_MARKER = Path("/tmp/brief-pwned-yaml")


# ------------------------------------------------------------------ mutations
def add_file(name: str, target: str = "content/bad.yaml"):
    def mutate(root: Path) -> None:
        shutil.copyfile(BAD / name, root / target)
    return mutate


def append(target: str, text: str):
    def mutate(root: Path) -> None:
        path = root / target
        path.write_text(path.read_text() + text)
    return mutate


def both(*mutations):
    def mutate(root: Path) -> None:
        for m in mutations:
            m(root)
    return mutate


def symlink(target: str, points_to: str):
    def mutate(root: Path) -> None:
        path = root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(points_to, path)
    return mutate


def brief_key(line: str):
    """Add ``line`` to briefs/demo.yaml just before its author (line 7)."""
    return replace("briefs/demo.yaml", "author:", line + "\nauthor:")


def layout(body: str, extra: dict[str, str] | None = None):
    """Give the demo brief its own layout template templates/x.md.j2."""
    files = {"templates/x.md.j2": body, **(extra or {})}
    return both(*(write(k, v) for k, v in files.items()), brief_key("template: templates/x.md.j2"))


def finding_title(text: str):
    """Replace the title of finding trade-growth (content/findings.yaml:3:12)."""
    return replace("content/findings.yaml", "title: Trade keeps growing", f"title: {text}")


FIGURE = "  - id: {id}\n    label: L\n    {key}: {value}\n    unit: USD bn\n    source: customs\n"

# (id, mutation, expected lines (substrings of one stderr line each))
CASES = [
    # -------------------------------------------------------------- YAML
    ("yaml-syntax", add_file("syntax.yaml"),
     ["content/bad.yaml:4:1: error[yaml-syntax]: expected ',' or ']', but got '<stream end>'"]),
    ("yaml-tab", add_file("tab.yaml"),
     ["content/bad.yaml:2:1: error[yaml-syntax]: tab character: YAML indentation must use spaces"]),
    ("yaml-duplicate-key", add_file("duplicate_key.yaml"),
     ["content/bad.yaml:4:5: error[yaml-duplicate-key]: duplicate key 'title' (first defined at line 3)"]),
    ("yaml-empty", add_file("empty.yaml"), ["content/bad.yaml:1:1: error[yaml-empty]: file is empty"]),
    ("yaml-latin1", add_file("latin1.yaml"),
     ["content/bad.yaml:3:15: error[encoding]: byte 0xe9 is not valid UTF-8; save the file as UTF-8"]),
    ("yaml-utf16", add_file("utf16.yaml"), ["content/bad.yaml:1:1: error[encoding]: file is UTF-16; save it as UTF-8"]),
    ("yaml11-no", add_file("yaml11_no.yaml"),
     ["content/bad.yaml:3:12: error[yaml-ambiguous]: unquoted 'no' is read as a boolean by YAML 1.1 tools; "
      "write it in quotes ('no') if you meant text (at sources[0].title)"]),
    ("yaml11-version", add_file("yaml11_version.yaml"),
     ["content/bad.yaml:5:11: error[schema-type]: expected text, got number 1.10; write it in quotes ('1.10') "
      "if you meant text (at sources[0].note)"]),
    ("yaml11-date", add_file("yaml11_date.yaml"),
     ["content/bad.yaml:5:11: error[yaml-ambiguous]: unquoted '2017-01-01' is read as a date by YAML 1.1 tools"]),
    ("yaml-alias-bomb", add_file("alias_bomb.yaml"),
     ["content/bad.yaml:1:32: error[yaml-too-large]: document expands to more than 200,000 nodes (an alias bomb?)"]),
    ("yaml-deep-nesting", add_file("deep_nesting.yaml"),
     ["content/bad.yaml:1:74: error[yaml-syntax]: nesting deeper than 64 levels"]),
    ("yaml-python-tag", add_file("python_tag.yaml"),
     ["content/bad.yaml:2:5: error[yaml-tag]: tag !!python/object/apply:os.system is not allowed; content is "
      "plain data (nothing is ever constructed or run)"]),
    # -------------------------------------------------------------- model
    ("missing-id", write("content/bad.yaml", "sources:\n  - title: T\n    publisher: P\n"),
     ["content/bad.yaml:2:5: error[schema-missing-key]: a source is missing required key 'id' (at sources[0].id)"]),
    ("duplicate-id-across-files", write("content/bad.yaml", "sources:\n  - id: customs\n    title: T\n    publisher: P\n"),
     ["content/sources.yaml:2:5: error[duplicate-id]: ID 'customs' is already used at content/bad.yaml:2:5 "
      "(at sources[0])"]),
    ("dangling-evidence", replace("content/problems.yaml", "evidence: [trade-growth]", "evidence: [trade-grwoth]"),
     ["content/problems.yaml:5:15: error[ref-dangling]: problem 'small-scale' cites 'trade-grwoth' as evidence, "
      "but no such item (expected a finding) (at small-scale.evidence)"]),
    ("dangling-source", write("content/bad.yaml", "figures:\n" + FIGURE.format(id="orphan", key="value", value=1)
                              .replace("customs", "nowhere")),
     ["content/bad.yaml:6:13: error[ref-dangling]: figure 'orphan' names unknown source 'nowhere' "
      "(at figures.orphan.source)"]),
    ("wrong-type", replace("content/sources.yaml", "year: 2017", "year: soon"),
     ["content/sources.yaml:5:11: error[schema-type]: expected a whole number, got text soon (at sources[0].year)"]),
    ("wrong-type-figure-value", append("content/figures.yaml", FIGURE.format(id="oops", key="value", value="lots")),
     ["content/figures.yaml:37:12: error[schema-type]: expected a number, got text lots (at figures[6].value)"]),
    ("unknown-key", replace("content/sources.yaml", "year: 2017", "yeer: 2017"),
     ["content/sources.yaml:5:5: error[schema-unknown-key]: unknown key 'yeer' in a source; did you mean "
      "'year'? (at sources[0].yeer)"]),
    ("unknown-top-level-key", write("content/bad.yaml", "fidnings: []\n"),
     ["content/bad.yaml:1:1: error[schema-unknown-key]: unknown key 'fidnings' in a content file; did you mean "
      "'findings'? (at fidnings)"]),
    ("divide-by-zero", append("content/figures.yaml", FIGURE.format(id="zero", key="value", value=0)
                              + "  - id: share\n    label: S\n    compute: ratio(trade_2016, zero)\n    unit: '%'\n"),
     ["content/figures.yaml:42:14: error[figure-math]: ratio() in 'share' gives nan (division by zero or overflow) "
      "(at figures.share.compute)"]),
    ("nan-value", append("content/figures.yaml", FIGURE.format(id="notanumber", key="value", value=".nan")),
     ["content/figures.yaml:37:12: error[schema-type]: expected a number, got text .nan"]),
    ("infinite-value", append("content/figures.yaml", FIGURE.format(id="huge", key="value", value="1e999")),
     ["content/figures.yaml:37:12: error[schema-number]: '1e999' is not a usable number"]),
    ("overflow", append("content/figures.yaml", FIGURE.format(id="big", key="value", value="1e15")
                        + "".join(f"  - id: big{i}\n    label: B\n    compute: product(big{i - 1}, big{i - 1})\n"
                                  "    unit: USD bn\n" for i in range(1, 6)).replace("big0", "big")),
     ["content/figures.yaml:58:14: error[figure-math]: product() in 'big5' gives inf"]),
    ("empty-series", write("content/bad.yaml", "charts:\n  - id: empty\n    kind: bar\n    title: T\n"
                           "    categories: []\n    unit: USD bn\n    series: []\n"),
     ["content/bad.yaml:2:5: error[chart-empty]: chart 'empty' has no series (at charts.empty)"]),
    ("brief-unknown-section", replace("briefs/demo.yaml", "  - checks", "  - chekcs"),
     ["briefs/demo.yaml:21:5: error[brief-section]: unknown section kind 'chekcs'; did you mean 'checks'? "
      "(at sections[7].kind)"]),
    ("brief-unknown-item", replace("briefs/demo.yaml", "    detail: full", "    detail: full\n    items: [nope]"),
     ["briefs/demo.yaml:16:12: error[brief-ref]: demo: unknown item 'nope'"]),
    ("brief-unknown-figure", replace("briefs/demo.yaml", "key_figures: [trade_2016,", "key_figures: [nofig,"),
     ["briefs/demo.yaml:9:14: error[brief-ref]: demo: unknown figure 'nofig' (at key_figures)"]),
    ("brief-unknown-chart", replace("briefs/demo.yaml", "  - checks", "  - kind: charts\n    charts: [nochart]"),
     ["briefs/demo.yaml:22:13: error[brief-ref]: demo: unknown chart 'nochart'"]),
    ("brief-section-unknown-figure", replace("briefs/demo.yaml", "  - figures_table",
                                             "  - kind: figures_table\n    figures: [nofig]"),
     ["briefs/demo.yaml:21:14: error[brief-ref]: demo: unknown figure 'nofig' (at sections.figures_table.figures)"]),
    ("brief-unknown-template", brief_key("template: templates/none.md.j2"),
     ["briefs/demo.yaml:7:11: error[path-missing]: template 'templates/none.md.j2' does not exist (at template)"]),
    ("brief-id-unsafe", write("briefs/Bad Name.yaml", "title: x\n"),
     ["briefs/Bad Name.yaml:1:1: error[brief-id]: brief file name 'Bad Name' is not a safe brief ID"]),
    ("brief-id-dots", write("briefs/..hidden.yaml", "title: x\n"),
     ["briefs/..hidden.yaml:1:1: error[brief-id]: brief file name '..hidden' is not a safe brief ID"]),
    # ------------------------------------------------- templates in prose fields (content file lines)
    ("prose-undefined", finding_title("Trade {{ nothing }}"),
     ["content/findings.yaml:3:12: error[template-render]: 'nothing' is undefined (at trade-growth.title)"]),
    ("prose-unknown-figure-line-2", replace("content/findings.yaml", "China exported {{ fig.exports_2016 }}",
                                            "China exported {{ fig.nope }}"),
     ["content/findings.yaml:7:1: error[prose-ref]: trade-growth.text names unknown figure 'nope' "
      "(at trade-growth.text)"]),
    ("prose-syntax", finding_title("Trade {{ fig. }}"),
     ["content/findings.yaml:3:12: error[template-syntax]: expected name or number (at trade-growth.title)"]),
    ("prose-sandbox-mro", finding_title("T {{ ''.__class__.__mro__ }}"),
     ["content/findings.yaml:3:12: error[template-render]: access to attribute '__class__' of 'str' object is "
      "unsafe."]),
    ("prose-sandbox-globals", finding_title("T {{ fig.__init__.__globals__ }}"),
     ["content/findings.yaml:3:12: error[template-render]: access to attribute '__init__'"]),
    ("prose-range", finding_title("T {% for i in range(10**9) %}x{% endfor %}"),
     ["content/findings.yaml:3:12: error[template-render]: Range too big."]),
    ("prose-repeat", finding_title("T {{ 'x' * 10**9 }}"),
     ["content/findings.yaml:3:12: error[template-render]: repetition result too large"]),
    ("prose-output", finding_title("T {% for i in range(99999) %}{{ 'x' * 99 }}{% endfor %}"),
     ["content/findings.yaml:3:12: error[template-render]: template output exceeds 100,000 characters"]),
    # ------------------------------------------------- a brief's own layout template (template file lines)
    ("layout-undefined", layout("# {{ brief.title }}\n\nline 3\n{{ nothing }}\n"),
     ["templates/x.md.j2:4:1: error[template-render]: 'nothing' is undefined"]),
    ("layout-syntax", layout("# title\n\n{% if %}\n"),
     ["templates/x.md.j2:3:1: error[template-syntax]: Expected an expression, got 'end of statement block'"]),
    ("layout-sandbox", layout("# title\n\n{{ ''.__class__.__mro__ }}\n"),
     ["templates/x.md.j2:3:1: error[template-render]: access to attribute '__class__' of 'str' object is unsafe."]),
    ("layout-range", layout("# title\n\n{% for i in range(10**9) %}x{% endfor %}\n"),
     ["templates/x.md.j2:3:1: error[template-render]: Range too big."]),
    ("layout-repeat", layout("# title\n\n{{ 'x' * 10**9 }}\n"),
     ["templates/x.md.j2:3:1: error[template-render]: repetition result too large"]),
    ("layout-include-parent", layout("# title\n\n{% include '../../../../etc/passwd' %}\n"),
     ["templates/x.md.j2:3:1: error[template-missing]: template '../../../../etc/passwd' not found inside the project"]),
    ("layout-include-symlink-out", both(layout("# t\n\n{% include 'templates/l.j2' %}\n"),
                                        symlink("templates/l.j2", "/etc/passwd")),
     ["templates/x.md.j2:3:1: error[template-missing]: template 'templates/l.j2' not found inside the project"]),
    ("layout-included-error", layout("# t\n\n{% include 'templates/inc.j2' %}\n", {"templates/inc.j2": "a\nb\n{{ x }}\n"}),
     ["templates/inc.j2:3:1: error[template-render]: 'x' is undefined"]),
    # ------------------------------------------------- assets and paths
    ("template-parent", brief_key("template: ../../etc/passwd"),
     ["briefs/demo.yaml:7:11: error[path-outside]: template '../../etc/passwd' is outside the project"]),
    ("template-absolute", brief_key("template: /etc/passwd"),
     ["briefs/demo.yaml:7:11: error[path-outside]: template '/etc/passwd' is outside the project"]),
    ("template-symlink-out", both(symlink("templates/x.md.j2", "/etc/passwd"), brief_key("template: templates/x.md.j2")),
     ["briefs/demo.yaml:7:11: error[path-outside]: template 'templates/x.md.j2' is outside the project"]),
    ("reference-parent", brief_key("reference_docx: ../../etc/passwd"),
     ["briefs/demo.yaml:7:17: error[path-outside]: reference_docx '../../etc/passwd' is outside the project"]),
    ("reference-absolute", brief_key("reference_docx: /etc/passwd"),
     ["briefs/demo.yaml:7:17: error[path-outside]: reference_docx '/etc/passwd' is outside the project"]),
    ("reference-symlink-out", both(symlink("ref.docx", "/etc/passwd"), brief_key("reference_docx: ref.docx")),
     ["briefs/demo.yaml:7:17: error[path-outside]: reference_docx 'ref.docx' is outside the project"]),
    # A link to itself: Path.resolve raised RuntimeError on it (an internal error, exit 3).
    ("template-symlink-loop", both(symlink("templates/x.md.j2", "x.md.j2"), brief_key("template: templates/x.md.j2")),
     ["briefs/demo.yaml:7:11: error[path-missing]: template 'templates/x.md.j2' is not a regular file"]),
    ("reference-symlink-loop", both(symlink("ref.docx", "ref.docx"), brief_key("reference_docx: ref.docx")),
     ["briefs/demo.yaml:7:17: error[path-missing]: reference_docx 'ref.docx' is not a regular file"]),
    ("source-text-symlink-loop", symlink("content/sources/customs.md", "customs.md"),
     ["content/sources.yaml:2:5: error[source-text]: text 'content/sources/customs.md' of source 'customs' is not a "
      "file inside the project"]),
    ("reference-missing", brief_key("reference_docx: ref.docx"),
     ["briefs/demo.yaml:7:17: error[path-missing]: reference_docx 'ref.docx' does not exist (at reference_docx)"]),
    ("reference-corrupt", both(add_file("corrupt.docx", "ref.docx"), brief_key("reference_docx: ref.docx")),
     ["briefs/demo.yaml:7:17: error[reference-docx]: reference_docx 'ref.docx' is not a usable Word document: "
      "not a valid zip package"]),
    ("reference-not-word", both(write("ref.docx", ""), lambda r: _zip(r / "ref.docx", {"a.txt": b"x"}),
                                brief_key("reference_docx: ref.docx")),
     ["briefs/demo.yaml:7:17: error[reference-docx]: reference_docx 'ref.docx' is not a usable Word document: no "
      "word/styles.xml"]),
    ("reference-zip-bomb", both(add_file("bomb.docx", "ref.docx"), brief_key("reference_docx: ref.docx")),
     ["briefs/demo.yaml:7:17: error[reference-docx]: reference_docx 'ref.docx' is not a usable Word document: it "
      "unpacks to more than 100 MB (a zip bomb?)"]),
    ("reference-broken-xml", both(lambda r: _zip(r / "ref.docx", {"[Content_Types].xml": b"<oops",
                                                                  "word/styles.xml": b"<oops"}),
                                  brief_key("reference_docx: ref.docx")),
     ["briefs/demo.yaml:7:17: error[reference-docx]: reference_docx 'ref.docx' is not a usable Word document: "
      "Word cannot open it"]),
    # ------------------------------------------------- glyphs the PDF font cannot draw
    ("glyph-hebrew", finding_title('"עברית"'),
     ["content/findings.yaml:3:12: error[font-glyph]: no bundled font (Carlito, AR PL SungtiL GB, WenQuanYi Micro Hei) can draw "
      "'עברית' (U+05E2) in trade-growth.title"]),
    ("glyph-arabic", finding_title('"التجارة"'),
     ["content/findings.yaml:3:12: error[font-glyph]: no bundled font (Carlito, AR PL SungtiL GB, WenQuanYi Micro Hei) can draw"]),
    ("glyph-emoji-escape", finding_title('"Trade \\ud83d\\udcc8"'),
     ["content/findings.yaml:3:12: error[font-glyph]: no bundled font (Carlito, AR PL SungtiL GB, WenQuanYi Micro Hei) can draw '📈' (U+1F4C8) in "
      "trade-growth.title"]),
]


def _zip(path: Path, parts: dict[str, bytes]) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def tree_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root`` (symlinks by target), so any change shows."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            out[rel] = "dir"
    return out


@pytest.fixture(scope="session")
def good_outputs(tmp_path_factory) -> dict[str, bytes]:
    """A good build of mini (DOCX, PDF and manifest), built once per session."""
    from generator.publish.build import build
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Project

    root = tmp_path_factory.mktemp("good") / "mini"
    shutil.copytree(TESTS / "fixtures" / "mini", root)
    diags = Diagnostics()
    build(Project(root), [], ["docx", "pdf"], root / "out", diags)
    assert not diags.errors, [str(d) for d in diags.errors]
    return {p.name: p.read_bytes() for p in (root / "out").iterdir() if p.is_file()}


@pytest.fixture
def built_mini(mini: Path, good_outputs) -> Path:
    out = mini / "out"
    out.mkdir()
    for name, data in good_outputs.items():
        (out / name).write_bytes(data)
    return mini


@pytest.mark.parametrize("name,mutate,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_located_and_changes_nothing(name, mutate, expected, built_mini, run_cli):
    mutate(built_mini)
    before = tree_hashes(built_mini)
    for command in (["check"], ["build"]):
        code, out, err = run_cli("--root", str(built_mini), *command)
        if command == ["check"] and name.startswith(("reference-corrupt", "reference-not", "reference-zip",
                                                      "reference-broken", "glyph-")):
            continue  # found only when writing: reference documents are opened, and fonts used, by the build
        assert code == 1, (command, err)
        assert "Traceback" not in err and "internal error" not in err, err
        errors = [line for line in err.splitlines() if ": error[" in line]
        for want in expected:
            assert any(want in line for line in errors), f"{want!r} not in:\n" + "\n".join(errors)
        for line in errors:  # every error is located: path:line:col
            where = line.split(": error[")[0]
            assert where.rsplit(":", 2)[-1].isdigit() and where.rsplit(":", 2)[-2].isdigit(), line
        assert "wrote " not in out
    assert tree_hashes(built_mini) == before  # sources and the previous good outputs, byte for byte
    assert not CVE_MARKER.exists()


def test_all_errors_of_a_run_are_reported_at_once(built_mini, run_cli):
    for mutate in (add_file("syntax.yaml", "content/bad1.yaml"), add_file("yaml11_no.yaml", "content/bad2.yaml"),
                   replace("content/problems.yaml", "evidence: [trade-growth]", "evidence: [nope]"),
                   brief_key("template: /etc/passwd")):
        mutate(built_mini)
    code, _out, err = run_cli("--root", str(built_mini), "build")
    assert code == 1
    codes = {line.split("error[")[1].split("]")[0] for line in err.splitlines() if "error[" in line}
    assert {"yaml-syntax", "yaml-ambiguous", "ref-dangling", "path-outside"} <= codes, err


def test_output_folder_inside_sources_is_refused(built_mini, run_cli):
    before = tree_hashes(built_mini)
    code, _out, err = run_cli("--root", str(built_mini), "build", "--out", str(built_mini / "content"))
    assert code == 1
    assert "content:1:1: error[output-dir]" in err
    assert tree_hashes(built_mini) == before
