"""``brief list``: each brief with its audience, budgets and what its sections contain."""
from __future__ import annotations

from generator.diagnostics import Diagnostics
from generator.pipeline import Project, run_checks


def list_briefs(project: Project, diags: Diagnostics) -> int:
    """Print what each brief holds; errors (not warnings: that is ``brief check``) go to stderr."""
    checked = run_checks(project, diags, pdf=False)
    for bid, brief in checked.briefs.items():
        budget = brief.page_budget
        print(f"{bid}: {brief.text('title')}")
        print(f"  audience: {brief.audience_label or brief.audience}"
              + (f"; page budget {budget}" if budget else ""))
        for section in brief.sections:
            print(f"  - {section.kind}" + (f": {section.options.heading}" if section.options.heading else ""))
        composed = checked.composed.get(bid)
        if composed:
            print(f"  items: {', '.join(composed.items_included) or 'none'}")
            print(f"  figures: {', '.join(composed.figures_used) or 'none'}")
            if composed.charts_used:
                print(f"  charts: {', '.join(composed.charts_used)}")
            print(f"  words: {composed.words}")
    diags.items = diags.errors
    return 1 if diags.errors else 0
