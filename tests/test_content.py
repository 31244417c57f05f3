"""The bundled content holds the whole study: its structure, every number, every check it fails."""
import re

import pytest

from conftest import REPO
from generator.figures.compute import compute_figures
from generator.load.content import load_content
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
    study_recommendations = [r for r in content.of_kind("recommendation") if not r.proposed_by]
    assert len(study_recommendations) == headings["IV"] == 3
    steps = re.findall(r"^(First|Second|Third), ", study_body.split("B. *To Promote Effective Docking")[1], re.M)
    mechanisms = re.findall(r"\b(First|Second|Third|Fourth|Fifth|Sixth), ",
                            study_body.split("We could adopt the following tactics.")[1].split("## V.")[0])
    by_id = content.items
    assert len(by_id["fta-docking"].parts) == len(steps) == 3
    assert len(by_id["cooperation-mechanism"].parts) == len(mechanisms) == 6
    for part in by_id["cooperation-mechanism"].parts + by_id["fta-docking"].parts:
        assert part.actor and part.level and part.instrument, part.id
        assert part.prose["summary"]["en"] and part.prose["text"]["en"]


def test_every_number_of_the_study_is_a_figure(content, study_body):
    prose = re.sub(r"^#+ .*$", "", study_body, flags=re.M)
    numbers = set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?", prose)) - set(NOT_DATA)
    held: set[float] = set()
    for fig in content.figures.values():
        held.update(abs(v) for v in (fig.value, fig.stated) if v is not None)
        held.update(float(x) for x in re.findall(r"\d+(?:\.\d+)?", fig.period.get("en", "")))
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
    assert diags.warnings == []  # the study's three discrepancies are accepted, each with its reason


def test_the_studys_accepted_discrepancies_show_with_their_reasons(tmp_path):
    # `accepted:` silences the warning (so `brief check --strict` passes) but the analyst brief's checks table
    # still prints each failed check, with the reason
    from generator.commands.cli import main

    assert main(["--root", str(REPO), "check", "--strict"]) == 0
    assert main(["--root", str(REPO), "build", "analyst", "--format", "md", "--out", str(tmp_path)]) == 0
    rows = [line for line in (tmp_path / "analyst.md").read_text(encoding="utf-8").splitlines()
            if "accepted:" in line]
    assert [row.split("`")[1] for row in rows] == [
        "share(manzhouli_petty_trade_2016, manzhouli_border_trade_2016)",
        "share(russia_odi_2016, bri_odi_2016)", "difference(russia_gdp_2015, guangdong_gdp_2015_usd)"]
    assert "the study's own numbers disagree (15.22 of 15.29 is 99.5%)" in rows[0]


def test_without_its_reason_a_discrepancy_warns_and_fails_strict(tmp_path, run_cli):
    import shutil

    for folder in ("content", "briefs"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    figures = tmp_path / "content" / "figures.yaml"
    figures.write_text(re.sub(r"(?m)^    accepted: .*\n", "", figures.read_text(encoding="utf-8")), encoding="utf-8")
    code, _out, err = run_cli("--root", str(tmp_path), "check", "--strict")
    found = sorted(re.findall(r"error\[(figure-\w+)\]: (\w+)", err))
    assert code == 1 and found == [("figure-implausible", "russia_share_of_bri_odi_2016"),
                                   ("figure-mismatch", "manzhouli_petty_share_computed"),
                                   ("figure-mismatch", "russia_gdp_gap_guangdong_2015")]
