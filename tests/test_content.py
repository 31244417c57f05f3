"""The bundled content holds the whole study: its structure, every number, every check it fails."""
import re

import pytest

from conftest import REPO
from generator.compute import compute_figures
from generator.content import load_content
from generator.diagnostics import Diagnostics
from generator.pipeline import Project, run_checks

# The study, kept beside the tests so they run anywhere; the shared seed, when present, must match it.
STUDY = REPO / "tests" / "fixtures" / "study" / "sino-russian-trade-cooperation.md"
SEED = REPO.parent / "shared" / "seed" / "sino-russian-trade-cooperation.md"
NOT_DATA = {"21": "the ordinal in '21st century', not a statistic"}


@pytest.fixture(scope="module")
def content():
    diags = Diagnostics()
    loaded = load_content(REPO / "content", REPO, diags)
    assert not diags.errors, [str(d) for d in diags.errors]
    return loaded


@pytest.fixture(scope="module")
def study_body() -> str:
    text = STUDY.read_text(encoding="utf-8")
    body = text.split("## I. INTRODUCTION")[1].split("## REFERENCES")[0]
    return re.sub(r"Fund Project:.*?\n", "", body)


def test_the_kept_copy_is_the_shared_study():
    if not SEED.exists():
        pytest.skip("no shared seed beside this checkout to compare with")
    assert STUDY.read_bytes() == SEED.read_bytes()


def test_structure_matches_the_study(content, study_body):
    sections = re.split(r"^#+ .*?\b(II|III|IV|V)\. ", study_body, flags=re.M)
    headings = {name: len(re.findall(r"^#{3,6} \W*([A-D])\.", part, flags=re.M))
                for name, part in zip(sections[1::2], sections[2::2])}
    assert len(content.of_kind("finding")) == headings["II"] == 4
    assert len(content.of_kind("problem")) == headings["III"] == 3
    study_recommendations = [r for r in content.of_kind("recommendation") if not r.attrs.get("proposed_by")]
    assert len(study_recommendations) == headings["IV"] == 3
    steps = re.findall(r"^(First|Second|Third), ", study_body.split("B. *To Promote Effective Docking")[1], re.M)
    mechanisms = re.findall(r"\b(First|Second|Third|Fourth|Fifth|Sixth), ",
                            study_body.split("We could adopt the following tactics.")[1].split("## V.")[0])
    by_id = content.items
    assert len(by_id["fta-docking"].parts) == len(steps) == 3
    assert len(by_id["cooperation-mechanism"].parts) == len(mechanisms) == 6
    for part in by_id["cooperation-mechanism"].parts + by_id["fta-docking"].parts:
        assert {"actor", "level", "instrument"} <= set(part.attrs), part.id
        assert part.prose["summary"]["en"] and part.prose["text"]["en"]


def test_every_number_of_the_study_is_a_figure(content, study_body):
    prose = re.sub(r"^#+ .*$", "", study_body, flags=re.M)
    numbers = set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?", prose)) - set(NOT_DATA)
    held: set[float] = set()
    for fig in content.figures.values():
        held.update(abs(float(fig.raw[k])) for k in ("value", "stated") if k in fig.raw)
        held.update(float(x) for x in re.findall(r"\d+(?:\.\d+)?", str(fig.raw.get("period", ""))))
    missing = sorted((n for n in numbers if float(n) not in held), key=float)
    assert missing == []
    assert len(numbers) > 35


def test_every_item_has_summary_and_full_text_and_citations_resolve(content):
    for item in content.items.values():
        assert item.prose["summary"]["en"].strip(), item.id
        assert item.prose.get("text", {}).get("en", "").strip(), item.id
    for problem in content.of_kind("problem"):
        assert problem.refs and all(content.items[r].kind == "finding" for r in problem.refs)
    for rec in content.of_kind("recommendation"):
        assert rec.refs and all(content.items[r].kind == "problem" for r in rec.refs)


def test_derived_figures_follow_from_the_raw_ones(content):
    figures, _checks = compute_figures(content, Diagnostics())
    assert figures["trade_total_2015"].value == pytest.approx(37.297 / 1.073 + 32.228 / 0.969)
    assert figures["trade_balance_2016"].value == pytest.approx(37.297 - 32.228)
    assert figures["manzhouli_port_total_2016"].value == pytest.approx(15.29 / 0.558)
    assert figures["exports_2015"].value == pytest.approx(37.297 / 1.073)


def test_check_reports_the_studys_own_inconsistencies():
    diags = Diagnostics()
    run_checks(Project(REPO), diags)
    assert diags.errors == []
    assert sorted((d.code, d.key_path) for d in diags.warnings) == [
        ("figure-implausible", "figures.russia_share_of_bri_odi_2016"),
        ("figure-mismatch", "figures.manzhouli_petty_share_computed"),
        ("figure-mismatch", "figures.russia_gdp_gap_guangdong_2015"),
    ]
    assert all(d.location.path == "content/figures.yaml" and d.location.line > 0 for d in diags.warnings)
