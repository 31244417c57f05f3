"""``brief list``: each brief with its audience, budgets and what its sections contain."""
from __future__ import annotations

from generator.cli import print_diagnostics
from generator.diagnostics import Diagnostics
from generator.pipeline import Project, run_checks


def list_briefs(project: Project, diags: Diagnostics) -> int:
    checked = run_checks(project, Diagnostics())
    from generator.briefs import load_briefs

    briefs = checked.briefs or load_briefs(project.briefs_dir, project.root, diags)
    for bid, brief in briefs.items():
        budget = brief.fields.get("page_budget")
        print(f"{bid}: {brief.text('title')}")
        print(f"  audience: {brief.fields.get('audience_label') or brief.fields.get('audience')}"
              + (f"; page budget {budget}" if budget else ""))
        composed = checked.composed.get(bid)
        for section in brief.sections:
            print(f"  - {section.kind}" + (f": {section.options['heading']}" if section.options.get("heading") else ""))
        if composed:
            print(f"  items: {', '.join(composed.items_included) or 'none'}")
            print(f"  figures: {', '.join(composed.figures_used) or 'none'}")
            if composed.charts_used:
                print(f"  charts: {', '.join(composed.charts_used)}")
            print(f"  words: {composed.words}")
    print_diagnostics(diags)
    return 1 if diags.errors else 0
