"""Content labels in the brief's language (issue 12): periods, comparators, chart categories and series, By
dates and sources — read back from the bundled Chinese and Russian briefs, and the diagnostics of a missing
translation."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import docx_text, edit
from generator.figures.periods import Period, parse_period, period_text
from generator.load.translation import source_hash
from test_bundled_languages import pdf

ZH_RU = ("ministry-zh", "heilongjiang-zh", "ministry-ru")

# Latin text a Chinese or Russian brief may print: names as their documents give them, and the address.
NAMES = (
    "Yanling Zhou and Hui Xie",  # the study's authors, as the study names them
    "Sino-Russian Economic and Trade Cooperation under “the Belt and Road Initiative”",  # its own title
    "Manchuria Customs",  # quoted: the study's translation calls Manzhouli Customs so
    "policy-unit@example.org",
)


@pytest.mark.parametrize("written, en, zh, ru", [
    ("2016", "2016", "2016年", "2016"),
    ("2014–2016", "2014–2016", "2014–2016年", "2014–2016"),
    ("2017 H1", "2017 H1", "2017年上半年", "1-е полугодие 2017\u00a0г."),
    ("2017-H2", "2017 H2", "2017年下半年", "2-е полугодие 2017\u00a0г."),
    ("2017 Q1", "2017 Q1", "2017年第1季度", "1-й квартал 2017\u00a0г."),
    ("2027-06", "June 2027", "2027年6月", "июнь 2027\u00a0г."),
    ("2027-01-31", "January 31, 2027", "2027年1月31日", "31 января 2027\u00a0г."),
])
def test_a_period_is_data_each_language_writes(written: str, en: str, zh: str, ru: str) -> None:
    period = parse_period(written)
    assert period is not None
    assert [period_text(period, lang) for lang in ("en", "zh-Hans", "ru")] == [en, zh, ru]


def test_a_half_year_without_words_is_a_cldr_month_span() -> None:
    assert period_text(Period(2017, half=1), "fr") == "janv.–juin 2017"


@pytest.mark.parametrize("text", ["end of 2004", "Mid-2027", "2027-13", "2027-02-30", "2016-2014", "2017 Q5", ""])
def test_text_that_is_no_period_is_prose(text: str) -> None:
    assert parse_period(text) is None


def test_the_bundled_chinese_and_russian_briefs_print_their_labels_in_their_language(bundled_briefs: Path) -> None:
    ministry_zh, heilongjiang_zh, ministry_ru = (pdf(bundled_briefs, brief) for brief in ZH_RU)
    # key figures: the period written per locale, the comparator translated
    assert "俄罗斯实际GDP同比增速（2017年上半年）" in ministry_zh
    assert "1.9%2（美国：14%）" in ministry_zh
    assert "12.7%1（中俄贸易总体：2.2%）" in heilongjiang_zh
    assert "(1-е полугодие 2017 г.)" in ministry_ru.replace("\u00a0", " ")
    assert "1,9 %2 (США: 14 %)" in ministry_ru.replace("\u00a0", " ")
    # the parts tables' By column: a period per locale, an event translated
    assert "步骤牵头单位时限所需投入" in ministry_zh  # (no space beside Chinese text: pdf() joins the lines)
    assert "建立对接机制国家发展和改革委员会，会同商务部† 2027年上半年†" in ministry_zh
    assert "上海合作组织下一次峰会†" in ministry_zh and "由政策分析室提出" in ministry_zh
    assert "Шаг Ответственный Срок Затраты" in ministry_ru
    assert "1-е полугодие 2027 г.†" in ministry_ru.replace("\u00a0", " ")
    assert "Следующий саммит ШОС†" in ministry_ru and "Предложено: Группа анализа политики" in ministry_ru
    # the chart's categories and series in Chinese
    for category in ("边民互市贸易", "边境贸易", "口岸贸易总额（推算）"):
        assert category in heilongjiang_zh, category
    # notes: publisher, description and short name translated
    assert "中国海关：统计数据，转引自周、谢（2017）。" in ministry_zh
    assert "Росстат: опубликованные данные о ВВП, по данным Чжоу и Се (2017)." in ministry_ru


def test_a_source_title_keeps_its_own_language_with_the_translation_in_brackets(bundled_briefs: Path) -> None:
    title = "Sino-Russian Economic and Trade Cooperation under “the Belt and Road Initiative”"
    assert f"{title} [“一带一路”倡议下的中俄经贸合作]，黑河学院（2017）。" in pdf(bundled_briefs, "ministry-zh")
    assert f"{title} [Российско-китайское торгово-экономическое сотрудничество в рамках «Пояса и пути»]" \
        in pdf(bundled_briefs, "ministry-ru")
    english = pdf(bundled_briefs, "ministry")
    assert f"{title}, Heihe University (2017)." in english and "[" not in english.split(title)[1][:3]


@pytest.mark.parametrize("brief", ZH_RU)
def test_no_english_leaks_into_the_chinese_and_russian_briefs(bundled_briefs: Path, brief: str) -> None:
    for text in (pdf(bundled_briefs, brief), docx_text((bundled_briefs / f"{brief}.docx").read_bytes())):
        text = re.sub(r"\s+", " ", text)
        for name in NAMES:
            text = text.replace(name, " ")
        text = re.sub(r"\b[0-9a-f]{7}\b", " ", text)  # the content version's commit
        words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
        assert [w for w in words if not w.isupper()] == []  # acronyms (GDP, US$) are fine


def test_a_comparator_label_without_the_briefs_language_is_translation_missing(study: Path, run_cli) -> None:
    edit(study / "content" / "figures.yaml", "      ru: {text: \"США\", from: 49dca65f}\n", "")
    code, _out, err = run_cli("--root", str(study), "check")
    lines = [line for line in err.splitlines() if "translation-missing" in line]
    line = _line(study, "figures.yaml", 'en: "United States"')
    assert code == 0 and lines == [
        f"content/figures.yaml:{line}:7: "
        "warning[translation-missing]: figures.russia_share_china_trade_2016.comparator_label has no 'ru' text, so "
        f"the brief prints its 'en' text; add ru: {{text: …, from: {source_hash('United States')}}} "
        "(at figures.russia_share_china_trade_2016.comparator_label)"]
    assert run_cli("--root", str(study), "check", "--strict")[0] == 1


def test_a_by_date_is_data_and_an_untranslated_event_is_missing(study: Path, run_cli) -> None:
    recommendations = study / "content" / "recommendations.yaml"
    edit(recommendations, '        by: "2027"  # by the end of 2027', '        by: "2027-Q4"  # by the end of 2027')
    edit(recommendations, '          zh-Hans: {text: "持续进行", from: a9062009}\n', "")
    code, out, err = run_cli("--root", str(study), "build", "ministry-zh", "--format", "md", "--out",
                             str(study / "out"))
    assert code == 0, err
    line = _line(study, "recommendations.yaml", 'en: "Ongoing"')
    assert [line for line in err.splitlines() if "translation-missing" in line] == [
        f"content/recommendations.yaml:{line}:11: "
        "warning[translation-missing]: mechanism-people-to-people.by has no 'zh-Hans' text, so the brief prints "
        f"its 'en' text; add zh-Hans: {{text: …, from: {source_hash('Ongoing')}}} "
        "(at mechanism-people-to-people.by)"]
    markdown = (study / "out" / "ministry-zh.md").read_text(encoding="utf-8")
    assert "| 商务部† | 2027年第4季度† |" in markdown and "| Ongoing† |" in markdown


def _line(root: Path, name: str, text: str) -> int:
    """The line of ``content/<name>`` holding ``text`` (1-based)."""
    lines = (root / "content" / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_a_label_whose_english_changed_has_stale_translations(study: Path, run_cli) -> None:
    edit(study / "content" / "figures.yaml", '      en: "United States"\n', '      en: "the United States"\n')
    code, _out, err = run_cli("--root", str(study), "check")
    line = _line(study, "figures.yaml", 'zh-Hans: {text: "美国"')
    now = source_hash("the United States")
    assert code == 0 and [e for e in err.splitlines() if "translation-stale" in e] == [
        f"content/figures.yaml:{line + i}:{col}: warning[translation-stale]: the '{lang}' text of "
        f"figures.russia_share_china_trade_2016.comparator_label was made from 'en' text 49dca65f, which has changed "
        f"since (now {now}): check the translation, then set from: {now} "
        "(at figures.russia_share_china_trade_2016.comparator_label)" for i, lang, col in ((0, "zh-Hans", 35),
                                                                                            (1, "ru", 31))]


def test_a_title_is_cited_in_its_own_language_with_a_translation_after_it() -> None:
    from generator.render.citations import full
    from generator.load.content import Source
    from generator.diagnostics import Diagnostics, Location
    from generator.render.terms import load_terms

    source = Source("s", "Trade under the Belt and Road", "Heihe University", Location("content/sources.yaml", 1, 3),
                    year=2017, translations={"title": {"en": "Trade under the Belt and Road",
                                                       "zh-Hans": "一带一路下的贸易"},
                                             "publisher": {"en": "Heihe University", "zh-Hans": "黑河学院"}},
                    title_language="zh-Hans")
    cited = {lang: full(source, {"s": source}, load_terms(lang, None, Diagnostics())) for lang in ("en", "zh-Hans", "ru")}
    assert cited == {"en": "Heihe University, *一带一路下的贸易* \\[Trade under the Belt and Road\\] (2017).",
                     "zh-Hans": "黑河学院，*一带一路下的贸易*（2017）。",
                     "ru": "Heihe University, *一带一路下的贸易* (2017)."}  # the document's own: no warning


def test_a_title_language_must_be_a_language_code(study: Path, run_cli) -> None:
    edit(study / "content" / "sources.yaml", "    year: 2017\n    short:", "    year: 2017\n    title_language: chinese\n    short:")
    code, _out, err = run_cli("--root", str(study), "check")
    line = _line(study, "sources.yaml", "title_language: chinese")
    assert code == 1 and f"content/sources.yaml:{line}:21: error[schema-language]: 'chinese' is not a language code " \
        "like 'en' (at sources[0].title_language)" in err
