"""Every prose field is a template, and every one is checked, whether or not a brief shows it.

A brief renders only the fields its sections use (a summary overridden for every audience is
never rendered), so a typo such as ``{{ fig.total_202 }}`` there would pass unseen. Here each
prose field of the content, the brief definitions and the charts is parsed with the same
sandboxed Jinja2 environment the render phase uses, and the figures it names are looked up.
"""
from __future__ import annotations

import difflib
from typing import Iterator

from jinja2 import TemplateSyntaxError, nodes

from generator.load.briefs import Brief, brief_prose_fields
from generator.load.content import CHART_PROSE, Content
from generator.diagnostics import Diagnostics, Location
from generator.render.simple_prose import figure_names, simple_form
from generator.render.templating import RENDER_ERRORS, make_environment

# The brief fields compose renders as templates into the title page (the caveat and ask it renders apart)
BRIEF_PROSE = ("title", "subtitle", "purpose", "marking")


def prose_templates(content: Content, briefs: dict[str, Brief]) -> Iterator[tuple[str, str, Location]]:
    """(key path, text, location) of every prose field that is rendered as a template."""
    from generator.check.validate import prose_fields

    for item in content.items.values():
        for name, lang, text in prose_fields(item):
            yield f"{item.id}.{name}" + (f"[{lang}]" if lang != "en" else ""), text, \
                item.locs.get(name.split(".")[0], item.loc)
    for chart in content.charts.values():
        for name in CHART_PROSE:
            # every language as written (the English attribute falls back to another language: no copy)
            for lang, text in chart.translations.get(name, {}).items():
                if text:
                    yield f"charts.{chart.id}.{name}" + (f"[{lang}]" if lang != "en" else ""), text, \
                        chart.locs.get(name, chart.loc)
    for brief in briefs.values():
        for key_path, texts, where in brief_prose_fields(brief, fixed=True):
            for lang, text in texts.items():
                yield key_path + (f"[{lang}]" if lang != "en" else ""), text, where


def named_figures(tree: nodes.Template) -> list[tuple[str, int]]:
    """(figure ID, line) for each ``fig.ID`` and ``fig['ID']`` in a parsed template."""
    found = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):  # one walk of the tree
        if not (isinstance(node.node, nodes.Name) and node.node.name == "fig"):  # type: ignore[attr-defined]
            continue
        if isinstance(node, nodes.Getattr):
            found.append((node.attr, node.lineno))
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            found.append((node.arg.value, node.lineno))
    return found


def check_prose_templates(content: Content, briefs: dict[str, Brief], diags: Diagnostics) -> None:
    """Template syntax and figure references of every prose field, as located errors."""
    env = make_environment()
    known = list(content.figures)
    for key_path, text, where in prose_templates(content, briefs):
        if "{" not in text:
            continue
        form = simple_form(text)  # most fields: parsed by a pattern, no need for Jinja's parser
        try:
            found = figure_names(form) if form is not None else named_figures(env.parse(text))
        except TemplateSyntaxError as exc:
            diags.error(_at(where, exc.lineno), "template-syntax", exc.message or str(exc), key_path)
            continue
        except RENDER_ERRORS as exc:  # hostile input: parentheses past the stack, a literal of 5,000 digits
            problem = "it nests too deeply" if isinstance(exc, RecursionError) else str(exc) or type(exc).__name__
            diags.error(_at(where, 1), "template-syntax", f"the template cannot be parsed: {problem}", key_path)
            continue
        for fid, line in found:
            if fid not in content.figures and not fid.startswith("_"):  # the sandbox refuses "_" names
                hint = difflib.get_close_matches(fid, known, n=1)
                diags.error(_at(where, line), "prose-ref", f"{key_path} names unknown figure {fid!r}"
                            + (f"; did you mean {hint[0]!r}?" if hint else ""), key_path)


def _at(where: Location, lineno: int | None) -> Location:
    line = where.line + max((lineno or 1) - 1, 0) if where.line else 0
    return Location(where.path, line, where.col if line == where.line else 1)
