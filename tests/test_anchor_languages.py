"""Anchors quote sources in the source's own language: a Chinese study is quoted in Chinese (no spaces, lines
wrapped anywhere, 亿 and 万), a Russian one with decimal commas and млрд. The checks must read them as they
read English: a quote is long enough by its characters, found across a wrapped line, and its number found at
the scale the source writes it."""
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, edit
from generator.check.anchors import number_in, quote_words

CHINESE_TEXT = """# “一带一路”倡议下的中俄经贸合作

据中国海关统计，2016年中俄进出口贸易额为695亿美元，比上年同
期增长2.2%。
"""
ENGLISH_QUOTE = ('quote: "the import and export volume between China and Russia in 2016 was 69.5 billion dollars, '
                 'up 2.2% over the same period of last year"')


@pytest.fixture
def chinese_study(tmp_path) -> Path:
    """The bundled project, its study's kept text replaced by a Chinese one quoted by the 2016 trade figure."""
    for folder in ("content", "briefs"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    (tmp_path / "content" / "sources" / "zhou-xie-2017.md").write_text(CHINESE_TEXT, encoding="utf-8")
    return tmp_path


def _errors_of(err: str, figure: str) -> list[str]:
    return [line for line in err.splitlines() if f"figures.{figure} " in line or f"of figures.{figure} " in line]


def test_a_chinese_quote_across_a_wrapped_line_with_its_number_in_yi_passes(chinese_study, run_cli):
    figures = chinese_study / "content" / "figures.yaml"
    edit(figures, ENGLISH_QUOTE, 'quote: "贸易额为695亿美元，比上年同期增长"')
    _code, _out, err = run_cli("--root", str(chinese_study), "check")
    assert _errors_of(err, "trade_total_2016") == []


def test_a_chinese_quote_with_another_number_or_too_short_is_a_located_error(chinese_study, run_cli):
    figures = chinese_study / "content" / "figures.yaml"
    edit(figures, ENGLISH_QUOTE, 'quote: "贸易额为695亿美元，比上年同期增长"')
    edit(figures, "    value: 69.5\n", "    value: 69.6\n")
    code, _out, err = run_cli("--root", str(chinese_study), "check")
    assert code == 1
    assert re.search(r"content/figures.yaml:\d+:\d+: error\[anchor-number\]: figures.trade_total_2016 states 69.6 "
                     r"but its quote does not contain that number", err)
    edit(figures, 'quote: "贸易额为695亿美元，比上年同期增长"', 'quote: "贸易额"')
    _code, _out, err = run_cli("--root", str(chinese_study), "check")
    assert "error[anchor-quote]: the quote of figures.trade_total_2016 is too short to locate anything" in err


@pytest.mark.parametrize("quote, words", [("贸易额", 1), ("中俄贸易额", 2), ("贸易额为695亿美元", 4),
                                          ("the two countries", 3), ("中俄 trade", 2),
                                          ("额，，，，，", 0), ("“贸易”。", 1)])
def test_chinese_counts_a_word_for_every_two_characters(quote, words):
    assert quote_words(quote) == words


@pytest.mark.parametrize("written, quote, scale", [
    ("69.5", "2016年中俄进出口贸易额为695亿美元", 9),
    ("69.5", "товарооборот составил 69,5 млрд долларов", 9),
    ("69.5", "товарооборот составил 69,5\u00a0миллиарда долларов", 9),
    ("69.5", "trade reached 69,500 million dollars", 9),
    ("1256", "人口1256万人", 4),
    ("12.56", "人口1256万人", 6),
    ("1.2", "1.2万亿元", 12),
])
def test_a_number_is_found_at_the_scale_the_source_writes_it(written, quote, scale):
    assert number_in(written, quote, scale)


@pytest.mark.parametrize("written, quote, scale", [
    ("69.5", "trade reached 695 million dollars", 9),
    ("120000", "a road of 120 km", 0),  # a spaced word is a scale word only whole: km is no k
    ("69.5", "2016年中俄进出口贸易额为695亿美元", 0),  # no scale in the unit: 695亿 is not 69.5
])
def test_a_number_at_another_scale_is_not_found(written, quote, scale):
    assert not number_in(written, quote, scale)


def test_the_checks_share_one_idea_of_a_script_written_without_spaces():
    """Anchors, the framing lint and the hand-typed-number check read the same characters as unspaced: Japanese
    kana and the ideographs beyond the first plane (𠀀, in Chinese names) too, which anchors and the number check
    each read differently before."""
    from generator.check.anchors import normalise
    from generator.check.validate import typed_numbers

    assert quote_words("ひらがなです") == 3 and normalise("ひらがな\nです") == "ひらがなです"
    assert normalise("𠀀𠀁\n𠀂") == "𠀀𠀁𠀂"
    assert typed_numbers("𠀀2024年") == [("2024", 0)]
