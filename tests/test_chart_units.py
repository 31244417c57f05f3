"""A chart is drawn in a scale its reader has a word for, and a unit's words never lose its scale (issue 12):
a Chinese reader counts in 亿, not 十亿; an English one in billions, not 亿."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, edit
from generator.figures.formatting import describe_unit, display_unit
from test_languages import pdftotext


@pytest.mark.parametrize("unit, locale, words", [
    ("CNY bn", "zh-Hans", "10亿元"),  # Chinese has no word for 10⁹: written with the one below, never "元"
    ("CNY 亿", "zh-Hans", "亿元"),
    ("CNY tn", "zh-Hans", "万亿元"),
    ("CNY 亿", "en", "100 million yuan"),  # English has no word for 10⁸: never plain "yuan"
    ("USD bn", "en", "billion US dollars"),
    ("USD bn", "ru", "млрд долларов США"),
    ("count m", "en", "million"),  # a count has no noun, but its scale is still a word
    ("count 万", "zh-Hans", "万"),
    ("people m", "ru", "млн человек"),
])
def test_a_units_words_keep_its_scale(unit: str, locale: str, words: str) -> None:
    assert describe_unit(unit, locale) == words


@pytest.mark.parametrize("unit, magnitude, locale, shown", [
    ("CNY bn", 27.4, "zh-Hans", "CNY 亿"),  # 274亿元
    ("USD bn", 0.5, "zh-Hans", "USD 亿"),  # 50亿美元
    ("CNY 亿", 274.0, "en", "CNY bn"),  # 27.4 billion yuan
    ("people 万", 1256.0, "en", "people m"),  # 12.56 million people
    ("CNY bn", 27.4, "en", "CNY bn"),  # the author's scale, where the language has it
    ("CNY 亿", 274.0, "zh-Hans", "CNY 亿"),
    ("%", 3.0, "zh-Hans", "%"),
    ("CNY per USD", 6.6, "zh-Hans", "CNY per USD"),
    ("TWh", 84.7, "zh-Hans", "kWh 亿"),  # 847亿千瓦时: a symbol's own scale is not stacked under 亿 ("TWh 亿")
    ("GWh", 5.0, "zh-Hans", "kWh 万"),
    ("USD m", 3.0, "hi", "USD m"),  # Hindi's lakh (10⁵) has no spelling as a unit: the author's scale stays
])
def test_a_chart_unit_is_shown_at_a_scale_the_language_has(unit: str, magnitude: float, locale: str,
                                                          shown: str) -> None:
    assert display_unit(unit, magnitude, locale) == shown


def _chart_lines(pdf: Path, title: str) -> str:
    text = pdftotext(pdf, layout=True)
    start = text.index(title)
    return text[start:start + 1500]


def test_the_chinese_brief_draws_the_yuan_chart_in_yi(bundled_briefs: Path) -> None:
    chart = _chart_lines(bundled_briefs / "heilongjiang-zh.pdf", "2016年满洲里口岸贸易")
    assert re.search(r"\b274\.0\b", chart) and re.search(r"\b152\.2\b", chart), chart
    assert "亿元" in chart and "十亿" not in chart and "27.40" not in chart, chart
    english = _chart_lines(bundled_briefs / "heilongjiang.pdf", "Trade at Manzhouli port, 2016")
    assert "27.40" in english and "Billion yuan" in english, english


def test_an_authors_axis_title_keeps_the_declared_unit(tmp_path: Path, run_cli) -> None:
    """The axis title names a unit the tool cannot read: the chart stays in the unit it names."""
    project = tmp_path / "study"
    for folder in ("content", "briefs"):
        shutil.copytree(REPO / folder, project / folder)
    edit(project / "content" / "charts.yaml", "    unit: CNY bn\n",
         "    unit: CNY bn\n    y_label: {en: Billion yuan, zh-Hans: 十亿元}\n")
    code, _out, err = run_cli("--root", str(project), "build", "heilongjiang-zh", "--format", "pdf")
    assert code == 0, err
    chart = _chart_lines(project / "out" / "heilongjiang-zh.pdf", "2016年满洲里口岸贸易")
    assert "27.40" in chart and "十亿元" in chart and "274.0" not in chart, chart
