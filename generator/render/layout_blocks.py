"""A brief's own layout that extends another may only override blocks the other defines: Jinja silently
drops a child's block the parent chain never draws, and with it whatever the author wrote there."""
from __future__ import annotations

from typing import Any

from jinja2 import nodes

from generator.diagnostics import Diagnostics, Location

MAX_CHAIN = 20  # extends chains longer than this are not followed (a loop is reported by Jinja itself)


def _parse(env: Any, name: str) -> nodes.Template:
    source, filename, _uptodate = env.loader.get_source(env, name)
    return env.parse(source, name, filename)


def _parent(tree: nodes.Template) -> str | None:
    extends = tree.find(nodes.Extends)
    return extends.template.value if extends and isinstance(extends.template, nodes.Const) else None


def _outer_blocks(node: nodes.Node) -> list[nodes.Block]:
    """Blocks of ``node`` not inside another block (a block nested in an override is drawn with it)."""
    found: list[nodes.Block] = []
    for child in node.iter_child_nodes():
        found.extend([child] if isinstance(child, nodes.Block) else _outer_blocks(child))
    return found


def undrawn_blocks(env: Any, name: str) -> tuple[str, list[tuple[str, int]], list[str]]:
    """For template ``name`` of ``env``: (its parent, [(block, line)] that no ancestor defines, the blocks
    the ancestors define); no parent (it extends nothing, or a computed name) means nothing to report."""
    tree = _parse(env, name)
    parent = _parent(tree)
    if parent is None:
        return "", [], []
    known: set[str] = set()
    ancestor: str | None = parent
    for _ in range(MAX_CHAIN):
        if ancestor is None:
            break
        upper = _parse(env, ancestor)
        known.update(block.name for block in upper.find_all(nodes.Block))
        ancestor = _parent(upper)
    else:
        return parent, [], sorted(known)  # too deep to judge: say nothing rather than guess
    return parent, [(b.name, b.lineno) for b in _outer_blocks(tree) if b.name not in known], sorted(known)


def check_blocks(env: Any, name: str, shown: str, diags: Diagnostics) -> bool:
    """Report each block of layout ``name`` (shown as ``shown``) that its parent chain never draws, as a
    located ``template-block`` error; True if there is none."""
    parent, undrawn, known = undrawn_blocks(env, name)
    for block, line in undrawn:
        diags.error(Location(shown, line, 1), "template-block", f"block {block!r} is not a block of {parent!r}, "
                    f"so nothing in it would be drawn; its blocks are: {', '.join(known) or 'none'}")
    return not undrawn
