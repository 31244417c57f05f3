"""A second real study (tests/fixtures/three-gorges: resettlement, power and cost of the Three Gorges
Project, from news reports quoted in its SOURCES.md) builds cleanly, and its numbers read back from
the PDF and the DOCX are exactly its figures' values in their units' words."""
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import TESTS, docx_text, pdf_text

STUDY = TESTS / "fixtures" / "three-gorges"
BRIEFS = ("cost", "power", "resettlement", "resettlement-ru")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from generator.commands.cli import main

    root = tmp_path_factory.mktemp("study") / "three-gorges"
    shutil.copytree(STUDY, root)
    out = root / "out"
    assert main(["--root", str(root), "build", "--strict", "--out", str(out)]) == 0
    texts = {}
    for bid in BRIEFS:
        texts[bid] = {"pdf": _flat(" ".join(pdf_text((out / f"{bid}.pdf").read_bytes()))),
                      "docx": _flat(docx_text((out / f"{bid}.docx").read_bytes()))}
    return root, out, texts


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


READ_BACK = {
    "resettlement": ["over 1.4 million people", "over 1.2 million people", "nearly 82%", "100,000 people",
                     "3–5 years", "1.13 million people", "about 300,000 people", "over 980,000 people",
                     "1.2 million people", "nearly 85%", "160,000 people", "175 meters", "over 85%",
                     "Resettlement in 2004 and 2006",
                     "Resettlement: over 1.4 million people are now expected to move",
                     "accepted: 1.2 of 1.4 million is 85.7%; the article writes \"over 85 per cent\""],
    "power": ["22.5 GW", "84.7 billion kWh", "50 million t", "18.2 million kilowatts", "22.5 gigawatts",
              "up 23.6%", "50 million metric tons", "100 billion kilowatt-hours", "12.4%",
              "89 billion kilowatt-hours", "2,309 m", "185 m", "18.2 million kW"],
    "cost": ["¥180 bn", "$22.5 bn", "over $50 bn", "8.00 ¥/$", "180 billion yuan", "22.5 billion US dollars",
             "8.00 yuan per US dollar", "8.28 yuan per US dollar", "640 million US dollars", "5.3 billion yuan",
             "over 50 billion US dollars", "$640 m", "¥5.3 bn"],
    "resettlement-ru": ["более 1,4 млн человек", "1,13 млн человек", "более 1,2 млн человек",
                        "180 млрд китайских юаней", "22,5 млрд долларов США", "22,5 гигаватта",
                        "100 млрд киловатт-часов", "рост на 12,4 %"],
}


@pytest.mark.parametrize("bid", BRIEFS)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_numbers_read_back_in_their_units_words(built, bid, fmt):
    _root, _out, texts = built
    missing = [words for words in READ_BACK[bid] if words not in texts[bid][fmt]]
    assert not missing, texts[bid][fmt]
    assert "{{" not in texts[bid][fmt]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_key_figures_are_the_figures_values(built, fmt):
    """Each key figure reads as the tool formats that figure's value and unit (not a hand-typed copy)."""
    from generator.figures.compute import compute_figures
    from generator.load.content import load_content
    from generator.diagnostics import Diagnostics
    from generator.figures.formatting import figure_text
    from generator.render.prose import FigureView

    root, _out, texts = built
    figures, _ = compute_figures(load_content(root / "content", root, Diagnostics()), Diagnostics())
    import yaml

    for bid in ("cost", "power", "resettlement"):
        for fid in yaml.safe_load((root / "briefs" / f"{bid}.yaml").read_text())["key_figures"]:
            f = figures[fid]
            view = FigureView(f.id, f.label, f.value, f.unit, f.period, f.decimals, "en", f.sources, f.note, f.high,
                              f.qualifier)
            assert _flat(figure_text(view, short=True)) in texts[bid][fmt], (bid, fid)


def test_the_study_builds_cleanly_within_budgets(built):
    root, out, _texts = built
    manifest = json.loads((out / "manifest.json").read_text())["briefs"]
    assert sorted(manifest) == sorted(BRIEFS)
    import yaml

    for bid in BRIEFS:
        budget = yaml.safe_load((root / "briefs" / f"{bid}.yaml").read_text())["page_budget"]
        assert manifest[bid]["pages"] <= budget


def test_every_number_in_the_figures_is_quoted_in_the_sources():
    """No invented numbers: each raw value appears, as written, in the quoted source text."""
    import yaml

    quoted = (STUDY / "SOURCES.md").read_text(encoding="utf-8")
    plain = quoted.replace(",", "")
    for fig in yaml.safe_load((STUDY / "content" / "figures.yaml").read_text())["figures"]:
        if "value" in fig:
            written = f"{fig['value']:g}" if isinstance(fig["value"], float) else str(fig["value"])
            assert written in plain, fig["id"]


def test_study_check_is_clean(run_cli, tmp_path):
    root = tmp_path / "three-gorges"
    shutil.copytree(STUDY, root)
    code, out, err = run_cli("--root", str(root), "check", "--strict")
    assert code == 0 and "check passed" in out and "warning" not in err, err


ZH_BRIEF = """title:
  zh-Hans: 三峡工程移民
audience: ministry
language: zh-Hans
sections:
  - kind: text
    heading: 要点
    text:
      zh-Hans: >-
        移民规划由{{ fig.resettle_plan_original }}增至{{ fig.resettle_plan_expected }}；到{{ year(2006) }}，
        已安置{{ fig.resettled_2006 }}。估算投资{{ fig.investment_cny }}（{{ fig.investment_usd }}）；
        装机容量达到{{ fig.capacity_2012 }}，年发电量可达{{ fig.generation_may_reach }}，比预定目标
        {{ fig.generation_above_target | pct_change }}。
"""


def test_chinese_number_words_read_back_from_the_docx(run_cli, tmp_path):
    """万 and 亿 chosen for a Chinese brief from figures declared in millions and billions (the PDF
    of a Chinese brief needs a CJK font, which is another change's)."""
    root = tmp_path / "three-gorges"
    shutil.copytree(STUDY, root)
    (root / "briefs" / "zh.yaml").write_text(ZH_BRIEF, encoding="utf-8")
    code, _out, err = run_cli("--root", str(root), "build", "zh", "--format", "docx", "--out", str(root / "out"))
    assert code == 0, err
    text = _flat(docx_text((root / "out" / "zh.docx").read_bytes()))
    for words in ("113万人", "超过140万人", "2006年", "超过120万人", "1800亿元", "225亿美元", "22.5吉瓦",
                  "1000亿千瓦时", "增长12.4%"):
        assert words in text, (words, text)
