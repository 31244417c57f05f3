"""Safe YAML loading that keeps line and column of every key and value.

Only YAML's node graph is composed (no object construction), so a ``!!python``
tag can run nothing; scalars are resolved by YAML 1.2 core rules (``no`` stays a
string), and nesting depth and alias expansion are bounded. libyaml (when PyYAML has it)
scans, parses and, where it bounds nesting itself, composes; PyYAML's own Python loader re-reads
a file libyaml finds a problem in (or one nested too deeply), so messages are the same either way.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from generator.diagnostics import Diagnostics, Location
from generator.load.safefs import MAX_YAML_BYTES, UnsafeFile, read_regular

MAX_DEPTH = 64
MAX_NODES = 200_000
# Nesting as written is MAX_DEPTH; an alias counts where it stands, so what it expands to may nest deeper, up
# to this (converting takes two Python frames a level: far below Python's recursion limit of 1,000).
MAX_EXPANDED_DEPTH = 4 * MAX_DEPTH
MAX_DIGITS = 300  # a float holds about 1e308; Python refuses int() of over 4300 digits
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+)\Z")
# Plain scalars that YAML 1.1 tools (PyYAML, Ruby, many editors) read as something else.
YAML11_SURPRISES = re.compile(
    r"(?i:y|n|yes|no|on|off|true|false)\Z|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\b|[-+]?0[0-7]+\Z|[0-9]+(:[0-5]?[0-9])+\Z")
_IMPLICIT = "?implicit"
_ALLOWED_TAGS = {_IMPLICIT, "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class YMap(dict):
    """A mapping that remembers where it, its keys and its values were written."""

    loc: Location
    key_locs: dict
    value_locs: dict
    plain: dict  # key -> raw text of a plain (unquoted) scalar value


class YList(list):
    """A sequence that remembers where it and each item were written."""

    loc: Location
    item_locs: list
    plain: dict  # index -> raw text of a plain scalar item


# The mixin's super() is a PyYAML loader; say so to the type checker only.
if TYPE_CHECKING:
    _LoaderBase = yaml.SafeLoader
else:
    _LoaderBase = object


class _ImplicitScalars(_LoaderBase):
    """Tags every untagged scalar as ours; _resolve_plain applies YAML 1.2 core rules later."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            return _IMPLICIT
        return super().resolve(kind, value, implicit)


class _DepthLimit(_ImplicitScalars):
    """Composes nodes only, refusing nesting deeper than MAX_DEPTH (no RecursionError)."""

    depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise yaml.MarkedYAMLError(None, None, f"nesting deeper than {MAX_DEPTH} levels", mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _DepthLimitedLoader(_DepthLimit, yaml.SafeLoader):
    """PyYAML's own loader: slower than libyaml, with the messages users see."""


try:  # libyaml scans, parses and, where it bounds nesting itself, composes
    from yaml._yaml import CParser as _CParser

    class _FastLoader(_DepthLimit, yaml.composer.Composer, _CParser, yaml.resolver.Resolver):
        """libyaml events (ten times faster than PyYAML's own scanner), composed as _DepthLimitedLoader does."""

        def __init__(self, stream: str):
            _CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)
    class _CComposer(_ImplicitScalars, _CParser, yaml.resolver.Resolver):
        """libyaml's own composer: the node graph built in C, twice as fast as composing its events in Python.
        It recurses in C with no bound of ours, so it is used only where libyaml refuses deep nesting itself
        (:func:`c_bounds_nesting`); MAX_DEPTH is checked on the graph (:func:`_deeper_than`)."""

        def __init__(self, stream: str):
            _CParser.__init__(self, stream)
            yaml.resolver.Resolver.__init__(self)
except ImportError:  # PyYAML built without libyaml
    _FastLoader = _CComposer = None  # type: ignore[assignment,misc]


def _refuses(text: str) -> bool:
    """Whether libyaml's parser (events only: it does not recurse) stops at ``text``."""
    parser = _CParser(text)
    try:
        while not parser.check_event(yaml.StreamEndEvent):
            parser.get_event()
    except yaml.YAMLError:
        return True
    finally:
        parser.dispose()
    return False


@lru_cache(maxsize=1)
def c_bounds_nesting() -> bool:
    """Whether libyaml stops at 1,000 levels, flow and block (since 0.2.6); an older one would let the C
    composer recurse as deep as the text goes. Asked once, when the first file is read (1.3 ms)."""
    return _CComposer is not None and _refuses("[" * 1001) and _refuses("- " * 1001 + "x")


def _compose_fast(text: str) -> yaml.Node | None:
    """The node graph of ``text`` through libyaml, or None when that is missing or finds any problem
    (PyYAML's own loader then reports it, with its messages)."""
    if _FastLoader is None:
        return None
    loader = None
    try:
        in_c = c_bounds_nesting()
        loader = _CComposer(text) if in_c else _FastLoader(text)
        node = loader.get_single_node()
    except (yaml.YAMLError, ValueError, TypeError):
        return None
    finally:
        if loader is not None:
            loader.dispose()
    return None if in_c and node is not None and _deeper_than(node, MAX_DEPTH) else node


def _deeper_than(node: yaml.Node, limit: int, depth: int = 1, seen: set[int] | None = None) -> bool:
    """Whether ``node`` (at ``depth``) nests deeper than ``limit`` as written, as _DepthLimit counts: an
    alias counts where it stands, its anchor's children where the anchor is (visited once, in document
    order, so an alias bomb costs nothing)."""
    if depth > limit:
        return True
    seen = set() if seen is None else seen
    if isinstance(node, yaml.ScalarNode) or id(node) in seen:
        return False
    seen.add(id(node))
    children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else node.value
    for child in children:  # a loop, not any() over a generator: this visits every node of every file
        if depth + 1 > limit:
            return True
        if not isinstance(child, yaml.ScalarNode) and _deeper_than(child, limit, depth + 1, seen):
            return True
    return False


def _loc(path: str, node: yaml.Node) -> Location:
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)


def _value_loc(path: str, node: yaml.Node, lines: list[str]) -> Location:
    """Where a value's text starts: for a block scalar (``|`` or ``>``) its first line, not the indicator,
    so that line N of the text is reported at file line (first line + N - 1)."""
    mark = node.start_mark
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">") and mark.line + 1 < len(lines):
        first = lines[mark.line + 1]
        if first.strip():
            return Location(path, mark.line + 2, len(first) - len(first.lstrip(" ")) + 1)
    return _loc(path, node)


def _resolve_plain(text: str) -> Any:
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if _INT.match(text):
        if len(text.lstrip("+-")) > MAX_DIGITS:
            raise _BadNumber(f"number has more than {MAX_DIGITS} digits")
        return int(text)
    if _FLOAT.match(text):
        return float(text)  # inf and nan: the schema says where a number is not usable
    return text


class _BadNumber(ValueError):
    """A plain scalar that is an integer of thousands of digits, which Python refuses to convert."""


class _Converter:
    """Turns a composed node graph into YMap/YList/scalars, reporting what it refuses."""

    def __init__(self, path: str, diags: Diagnostics, text: str):
        self.path, self.diags, self.count = path, diags, 0
        self.lines = text.split("\n")
        self.open: set[int] = set()  # the collections being converted, outermost first
        self.endless: set[int] = set()  # collections reported as holding an alias to themselves

    def convert(self, node: yaml.Node) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(node)
        if node.tag not in _ALLOWED_TAGS:
            self.diags.error(_loc(self.path, node), "yaml-tag", f"tag {short_tag(node.tag)} is not allowed; "
                             "content is plain data (nothing is ever constructed or run)")
            return REJECTED
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if id(node) in self.open:  # "&a [*a]": an alias inside the collection it names would never end
            if id(node) not in self.endless:
                self.endless.add(id(node))
                self.diags.error(_loc(self.path, node), "yaml-recursive", "this collection holds an alias to "
                                 "itself, which would never end; content is plain data, without cycles")
            return REJECTED
        if len(self.open) >= MAX_EXPANDED_DEPTH:  # a chain of aliases, each anchor within MAX_DEPTH
            raise _TooBig(node, f"document nests deeper than {MAX_EXPANDED_DEPTH} levels through its aliases")
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node)
            assert isinstance(node, yaml.SequenceNode)  # the composer makes only these three kinds
            return self._sequence(node)
        finally:
            self.open.discard(id(node))

    def _sequence(self, node: yaml.SequenceNode) -> YList:
        out = YList()
        out.loc, out.item_locs, out.plain = _loc(self.path, node), [], {}
        for i, item in enumerate(node.value):
            out.append(self.convert(item))
            out.item_locs.append(_loc(self.path, item))
            if _is_plain(item):
                out.plain[i] = item.value
        return out

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if not node.style and node.tag == _IMPLICIT:
            try:
                return _resolve_plain(node.value)
            except _BadNumber as exc:
                self.diags.error(_loc(self.path, node), "yaml-number", f"{exc}; quote it if it is text")
                return REJECTED
        return join_surrogates(node.value)

    def _mapping(self, node: yaml.MappingNode) -> YMap:
        out = YMap()
        out.loc, out.key_locs, out.value_locs, out.plain = _loc(self.path, node), {}, {}, {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.diags.error(_loc(self.path, key_node), "yaml-merge", "merge keys ('<<') are not supported")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.diags.error(_loc(self.path, key_node), "yaml-key", "mapping keys must be plain text")
                continue
            key = str(key_node.value)
            if key in out:
                first = out.key_locs[key]
                self.diags.error(_loc(self.path, key_node), "yaml-duplicate-key",
                                 f"duplicate key {key!r} (first defined at line {first.line})")
                continue
            out[key] = self.convert(value_node)
            out.key_locs[key] = _loc(self.path, key_node)
            out.value_locs[key] = _value_loc(self.path, value_node, self.lines)
            if _is_plain(value_node):
                out.plain[key] = value_node.value
        return out


class Rejected:
    """Stands in for a value whose tag was refused (already reported); schema checks skip it."""

    def __repr__(self) -> str:
        return "<rejected>"


REJECTED = Rejected()
_SURROGATE = re.compile("[\ud800-\udfff]")


def short_tag(tag: str) -> str:
    """A tag as it was written: ``!!python/object/apply:os.system`` rather than the long URI."""
    if tag.startswith("tag:yaml.org,2002:"):
        return "!!" + tag[len("tag:yaml.org,2002:"):]
    return tag if tag.startswith("!") else f"!<{tag}>"


def join_surrogates(text: str) -> str:
    """Combine the surrogate pairs that escapes like ``"\\ud83d\\udcc8"`` produce into one character.

    Lone surrogates stay; later phases strip them with a warning.
    """
    if not _SURROGATE.search(text):
        return text
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if "\ud800" <= ch <= "\udbff" and i + 1 < len(text) and "\udc00" <= text[i + 1] <= "\udfff":
            out.append(chr(0x10000 + ((ord(ch) - 0xD800) << 10) + (ord(text[i + 1]) - 0xDC00)))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


class _TooBig(Exception):
    def __init__(self, node: yaml.Node, message: str = f"document expands to more than {MAX_NODES:,} nodes "
                 "(an alias bomb?)"):
        self.node, self.message = node, message


def _is_plain(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style  # libyaml: "", PyYAML: None


def decode(data: bytes, path: str, diags: Diagnostics) -> str | None:
    """UTF-8 text of ``data``, or None with a located error for other encodings."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and (data[0] == 0 or data[1] == 0)):
        diags.error(Location(path, 1, 1), "encoding", "file is UTF-16; save it as UTF-8")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        diags.error(Location(path, line, col), "encoding",
                    f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8")
        return None
    return text.removeprefix("\ufeff")


def load_yaml(file: Path, display_path: str, diags: Diagnostics, root: Path | None = None) -> Any:
    """Load one YAML file; on any problem, report it located and return None.
    Only a regular file (inside ``root`` when given) of at most MAX_YAML_BYTES is read."""
    try:
        data = read_regular(file, MAX_YAML_BYTES, root)
    except UnsafeFile as exc:
        diags.error(Location(display_path, 1, 1), exc.code, f"cannot read {display_path}: {exc}")
        return None
    text = decode(data, display_path, diags)
    if text is None:
        return None
    return parse_yaml(text, display_path, diags)


def parse_yaml(text: str, display_path: str, diags: Diagnostics) -> Any:
    """Parse YAML text (see :func:`load_yaml`)."""
    if not text.strip() or all(l.lstrip().startswith("#") or not l.strip() for l in text.splitlines()):
        diags.error(Location(display_path, 1, 1), "yaml-empty", "file is empty")
        return None
    node, loader = _compose_fast(text), None
    try:
        if node is None:
            loader = _DepthLimitedLoader(text)  # checks for unprintable characters (NUL, DEL, ESC) first
            node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        diags.error(Location(display_path, line, col), "yaml-character", f"control character U+{exc.character:04X} "
                    "is not allowed in YAML; remove it (write it as an escape such as \"\\t\" if it is meant)")
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if "\t" in message or "'\\t'" in message:
            message = "tab character: YAML indentation must use spaces"
        elif exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context})"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        diags.error(Location(display_path, line, col), "yaml-syntax", message)
        return None
    except yaml.YAMLError as exc:
        diags.error(Location(display_path, 1, 1), "yaml-syntax", str(exc).splitlines()[0])
        return None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:  # a stream with no document in it
        diags.error(Location(display_path, 1, 1), "yaml-empty", "file is empty")
        return None
    converter = _Converter(display_path, diags, text)
    try:
        return converter.convert(node)
    except _TooBig as exc:
        diags.error(_loc(display_path, exc.node), "yaml-too-large", exc.message)
        return None
