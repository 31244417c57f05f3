"""Briefs in other languages: the terms layer, translations, Chinese and Cyrillic text in both formats."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import TESTS, docx_part, docx_text, edit, soffice_convert

PDFTOTEXT = shutil.which("pdftotext")
NO_START = "，。、；：！？）》」』】”’"
NO_END = "（《「『【“‘"


@pytest.fixture
def langs(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/languages: one study with Chinese, Russian and French briefs."""
    target = tmp_path / "languages"
    shutil.copytree(TESTS / "fixtures" / "languages", target)
    return target


def pdftotext(path: Path, layout: bool = False) -> str:
    if PDFTOTEXT is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext is required in CI")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    args = [PDFTOTEXT, *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def flat(text: str) -> str:
    """Text with line breaks removed (Chinese) and other whitespace runs as one space."""
    text = re.sub(r"(?<=[\u2e80-\uffef])\n(?=[\u2e80-\uffef])", "", text)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def built(langs: Path, run_cli, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764417600")  # 29 November 2025: dates print in each language
    code, _out, err = run_cli("--root", str(langs), "build")
    assert code == 0, err
    assert "warning" not in err, err
    return langs / "out"


# ---------------------------------------------------------------- text in Chinese and Cyrillic
def test_chinese_pdf_text_is_the_content_text(built: Path) -> None:
    text = flat(pdftotext(built / "zh.pdf"))
    for expected in (
        "中俄经贸合作简报", "贸易概览", "内部资料", "政策研究室", "2025年11月29日",
        "黑河、绥芬河、满洲里等沿边口岸城市积极参与跨境合作，涉及物流、金融、电子商务和农业等领域，"
        "推动BRI框架下的产业对接；《中俄睦邻友好合作条约》为两国关系提供了坚实的法律基础。",
        "需要两国政府共同努力加以解决（例如简化手续、提高透明度、统一标准）。",
        "贸易规模偏小。中方顺差为",  # the summary list: "。", and no gap after it
        "两国政府", "门户网站", "双边",  # the parts table, its level through the terms
        "出口", "进口", "二〇一六年", "中俄贸易构成",  # chart labels
        "要点", "关键数据", "主要发现", "存在问题", "对策建议", "数据与来源", "资料来源", "注释", "第1页，共",
        "一、关键数据", "二、主要发现", "（一）中俄贸易持续增长", "三、存在问题",  # Chinese heading numbers
        "中俄货物贸易额（2016年）", "贸易增速", "图1 中俄贸易构成",  # figure labels, periods and chart titles translated
    ):
        assert expected in text, expected


def test_russian_pdf_and_docx_text_is_the_content_text(built: Path) -> None:
    expected = ("Приграничные города — Хэйхэ, Суйфэньхэ и Маньчжурия — участвуют в трансграничном "
                "сотрудничестве.")
    assert expected in flat(pdftotext(built / "ru.pdf"))
    assert expected in flat(docx_text((built / "ru.docx").read_bytes()))
    pdf = flat(pdftotext(built / "ru.pdf"))
    for term in ("Главное", "Ключевые показатели", "Выводы", "Страница 1 из", "ноября", "Правительства обеих стран",
                 "двусторонний", "ДЛЯ СЛУЖЕБНОГО ПОЛЬЗОВАНИЯ"):
        assert term in pdf, term


def test_no_chinese_line_starts_with_closing_or_ends_with_opening_punctuation(built: Path) -> None:
    lines = [line.strip() for line in pdftotext(built / "zh.pdf").splitlines() if line.strip()]
    assert len(lines) > 30
    assert [line for line in lines if line[0] in NO_START] == []
    assert [line for line in lines if line[-1] in NO_END] == []
    text = "\n".join(lines)
    assert "BRI框架" in text and "\nRI" not in text and "B\n" not in text


@pytest.mark.parametrize("width", range(60, 420, 9))
def test_chinese_line_breaking_rules_at_every_width(width: int) -> None:
    """Laid out at many widths, a paragraph mixing Chinese, punctuation and Latin runs keeps every rule."""
    from reportlab.platypus import Paragraph

    from generator.writers.pdf_linebreak import NO_END as NE, NO_START as NS, _wordlike
    from generator.writers.pdf_markup import escape
    from generator.writers.pdf_styles import layout, styles

    text = ("在“一带一路”倡议框架下，双边贸易额达到69.5亿美元（同比增长2.2%），BRI框架下的产业对接；"
            "《中俄睦邻友好合作条约》为两国关系提供了坚实的法律基础！Russia和China在2016年：合作、共赢。")
    with layout("zh-Hans"):
        para = Paragraph(escape(text), styles()["body"])
        para.wrap(width, 10_000)
    lines = ["".join(frag.text for frag in line.words) for line in para.blPara.lines]
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost
    assert len(lines) > 1
    for before, after in zip(lines, lines[1:]):
        assert after[0] not in NS, (before, after)
        assert before.rstrip()[-1] not in NE, (before, after)
        assert not (_wordlike(before.rstrip()[-1]) and _wordlike(after[0])), (before, after)


def test_docx_names_the_east_asian_language_and_font(built: Path) -> None:
    styles = docx_part((built / "zh.docx").read_bytes(), "word/styles.xml")
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S).group(0)
    assert 'w:eastAsia="zh-CN"' in defaults
    assert re.search(r'<w:rFonts [^>]*w:eastAsia="AR PL SungtiL GB"', defaults)
    assert "eastAsiaTheme" not in defaults  # a theme font would override the named one
    assert "中俄贸易持续增长" in docx_text((built / "zh.docx").read_bytes())
    body = docx_part((built / "zh.docx").read_bytes(), "word/document.xml")
    assert re.search(r'<w:pStyle w:val="Title"/><w:jc w:val="center"/></w:pPr><w:r><w:t[^>]*>中俄经贸合作简报', body)
    ru = docx_part((built / "ru.docx").read_bytes(), "word/styles.xml")
    assert re.search(r'<w:lang [^>]*w:val="ru"', ru)


def test_libreoffice_renders_the_chinese_docx(built: Path, tmp_path: Path) -> None:
    soffice_convert([built / "zh.docx"], "pdf", tmp_path)
    text = flat(pdftotext(tmp_path / "zh.pdf"))
    assert "中俄经贸合作简报" in text and "黑河、绥芬河、满洲里" in text
    fonts = subprocess.run(["pdffonts", str(tmp_path / "zh.pdf")], capture_output=True, text=True).stdout
    assert re.search(r"WenQuanYi|Noto.*CJK|Droid|AR PL", fonts), fonts  # a real Chinese font, not boxes


# ---------------------------------------------------------------- the terms layer
ENGLISH_FIXED = ("Bottom line", "Key figures", "Findings", "Problems", "Recommendations", "Figures and sources",
                 "Stated versus computed", "Page 1 of", "Content version", "How obtained", "Who acts",
                 "stated by source", "agrees", "Source:", "Measure", "Level", "Value", "Period", "November",
                 "What changed")


def test_french_brief_has_no_english_fixed_text(built: Path) -> None:
    pdf = flat(pdftotext(built / "fr.pdf"))
    docx = flat(docx_text((built / "fr.docx").read_bytes()) + docx_part((built / "fr.docx").read_bytes(),
                                                                         "word/footer1.xml"))
    for text in (pdf, docx):
        assert [word for word in ENGLISH_FIXED if word in text] == []
    for word in ("L'essentiel", "Chiffres clés", "Constats", "Page 1 sur", "novembre", "bilatéral", "Qui agit"):
        assert word in pdf, word
    assert "Page " in docx and " sur " in docx


def test_a_language_without_terms_warns_and_strict_fails(mini: Path, run_cli) -> None:
    edit(mini / "briefs" / "demo.yaml", "audience: ministry", "audience: ministry\nlanguage: de")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 0
    assert ("briefs/demo.yaml:4:11: warning[language-terms]: no terms file for language 'de': headings, table "
            "columns and page numbers print in English") in err
    code, _out, err = run_cli("--root", str(mini), "check", "--strict")
    assert code == 1 and "error[language-terms]" in err


def test_an_invalid_language_is_a_located_error(mini: Path, run_cli) -> None:
    edit(mini / "briefs" / "demo.yaml", "audience: ministry", "audience: ministry\nlanguage: xx")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1
    assert "briefs/demo.yaml:4:11: error[brief-language]: language 'xx'" in err


def test_adding_a_language_is_one_terms_file(mini: Path, run_cli) -> None:
    from generator.render.terms import PACKAGE_TERMS

    german = {"page_of": "Seite {page} von {total}", "key_figures": "Eckdaten", "findings": "Befunde",
              "date_format": "d. MMMM y"}
    lines = [line for line in (PACKAGE_TERMS / "en.yaml").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    out = []
    for line in lines:
        key = line.split(":", 1)[0]
        out.append(f'{key}: "{german[key]}"' if key in german else line)
    (mini / "translations").mkdir()
    (mini / "translations" / "de.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    edit(mini / "briefs" / "demo.yaml", "audience: ministry", "audience: ministry\nlanguage: de")
    code, _out, err = run_cli("--root", str(mini), "build")
    assert code == 0, err
    assert "warning[language-terms]" not in err and "terms-missing" not in err
    text = flat(pdftotext(mini / "out" / "demo.pdf"))
    assert "Eckdaten" in text and "Befunde" in text and "Seite 1 von" in text and "Key figures" not in text
    # A key the file lacks prints the English words, with a located warning.
    edit(mini / "translations" / "de.yaml", 'findings: "Befunde"\n', "")
    code, _out, err = run_cli("--root", str(mini), "build")
    assert code == 0
    assert "translations/de.yaml:1:1: warning[terms-missing]: terms file for 'de' lacks findings" in err
    assert "Findings" in flat(pdftotext(mini / "out" / "demo.pdf"))


# ---------------------------------------------------------------- translations
def test_a_missing_translation_is_a_warning_not_a_silent_fallback(langs: Path, run_cli) -> None:
    from generator.load.translation import source_hash

    edit(langs / "content" / "problems.yaml", "      zh-Hans: {text: 贸易规模偏小, from: 5dd8b430}\n", "")
    code, _out, err = run_cli("--root", str(langs), "check")
    assert code == 0
    assert [line for line in err.splitlines() if "translation-missing" in line] == [
        "content/problems.yaml:4:7: warning[translation-missing]: small-scale.title has no 'zh-Hans' text, so the "
        f"brief prints its 'en' text; add zh-Hans: {{text: …, from: {source_hash('Trade is small')}}} "
        "(at small-scale.title)"]


def test_a_map_without_english_warns_in_an_english_brief(mini: Path, run_cli) -> None:
    edit(mini / "content" / "problems.yaml", "title: Trade is small", "title: {ru: Объём торговли невелик}")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert "warning[translation-missing]: small-scale.title has no 'en' text, so the brief prints its 'ru' text" \
        in err


def test_a_translation_of_changed_english_text_is_stale(langs: Path, run_cli) -> None:
    from generator.load.translation import source_hash

    edit(langs / "content" / "findings.yaml", "en: Trade keeps growing", "en: Trade keeps growing fast")
    code, _out, err = run_cli("--root", str(langs), "check")
    assert code == 0
    now = source_hash("Trade keeps growing fast")
    stale = [line for line in err.splitlines() if "translation-stale" in line]
    assert stale == [
        f"content/findings.yaml:{line}:{col}: warning[translation-stale]: the '{lang}' text of trade-growth.title was "
        f"made from 'en' text e440f89d, which has changed since (now {now}): check the translation, then set "
        f"from: {now} (at trade-growth.title)"
        for lang, line, col in (("zh-Hans", 5, 39), ("ru", 6, 51), ("fr", 7, 57))]
    # Re-wrapping the English text does not make translations stale.
    edit(langs / "content" / "findings.yaml", "en: Trade keeps growing fast", "en: 'Trade  keeps growing'")
    code, _out, err = run_cli("--root", str(langs), "check")
    assert "translation-stale" not in err


# ---------------------------------------------------------------- CJK anywhere in a brief
def test_a_chinese_title_is_in_the_pdf_text(mini: Path, run_cli) -> None:
    """The title, marking and subtitle are checked and drawn like the body (issue 9: once silently dropped)."""
    edit(mini / "briefs" / "demo.yaml", "title: Demo brief", "title: Demo brief 中俄贸易")
    edit(mini / "briefs" / "demo.yaml", "marking: FOR OFFICIAL USE", "marking: 内部资料")
    code, _out, err = run_cli("--root", str(mini), "build")
    assert code == 0, err
    text = pdftotext(mini / "out" / "demo.pdf")
    assert "Demo brief 中俄贸易" in text and text.count("内部资料") >= 3  # title block, header, footer


def test_a_character_no_font_has_in_the_marking_is_a_located_error(mini: Path, run_cli) -> None:
    edit(mini / "briefs" / "demo.yaml", "marking: FOR OFFICIAL USE", "marking: סודי")
    code, _out, err = run_cli("--root", str(mini), "build")
    assert code == 1
    assert ("briefs/demo.yaml:1:1: error[font-glyph]: no bundled font (Carlito, AR PL SungtiL GB, WenQuanYi Micro Hei) can draw 'ס' "
            "(U+05E1) in brief 'demo'") in err


def test_a_chart_label_in_chinese_is_drawn(langs: Path, run_cli) -> None:
    code, _out, err = run_cli("--root", str(langs), "build", "zh", "--format", "pdf")
    assert code == 0, err
    text = pdftotext(langs / "out" / "zh.pdf")
    assert "出口" in text and "进口" in text and "二〇一六年" in text and "十亿美元" in text


# ---------------------------------------------------------------- CJK text handling
def test_prose_number_lint_sees_digits_beside_chinese_and_full_width_digits() -> None:
    from generator.check.validate import typed_numbers

    assert [n for n, _ in typed_numbers("与2024年相比，增长１５％，G20 峰会")] == ["2024", "１５％"]
    assert typed_numbers("{{ year(2016) }}年达到{{ fig.x }}") == []


def test_soft_line_breaks_join_chinese_without_a_space() -> None:
    from generator import model
    from generator.render.markdown import to_blocks

    blocks, _ = to_blocks("中俄贸易\n重新增长，trade\ngrows **粗\n体**\n中文", lambda cid: None)
    assert model.plain_text(blocks[0].children) == "中俄贸易重新增长，trade grows 粗体中文"


def test_word_budget_counts_chinese_characters() -> None:
    from generator.render.wordcount import word_count

    assert word_count("中俄贸易，重新增长。") == 8
    assert word_count("Trade grows – again in 2016") == 6
    assert word_count("贸易增长2.2%，BRI") == 6


def test_checks_table_never_prints_exponents(mini: Path, run_cli) -> None:
    edit(mini / "content" / "figures.yaml", "compute: prior(trade_2016, trade_growth_2016)\n",
         "compute: prior(trade_2016, trade_growth_2016)\n    stated: 12560000\n")
    code, _out, err = run_cli("--root", str(mini), "build", "--format", "docx")
    text = docx_text((mini / "out" / "demo.docx").read_bytes())
    assert "12560000" in text and "e+07" not in text


def test_brief_diff_names_translations_an_edit_left_stale(langs: Path, run_cli, monkeypatch) -> None:
    from conftest import git

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    git(langs, "init", "-q")
    git(langs, "add", "-A")
    git(langs, "commit", "-q", "-m", "First edition")
    git(langs, "tag", "v1")
    edit(langs / "content" / "findings.yaml", "en: Trade keeps growing", "en: Trade keeps growing fast")
    code, out, err = run_cli("--root", str(langs), "diff", "v1")
    assert code == 0, err
    assert "Translations left stale (their source text changed)\n  ! trade-growth.title: zh-Hans, ru, fr\n" in out
    assert "summary" not in out.split("Translations left stale")[1]
    # The brief's own "What changed" section speaks its language.
    edit(langs / "briefs" / "fr.yaml", "  - sources\n", "  - sources\n  - {kind: changes, since: v1}\n")
    code, _out, err = run_cli("--root", str(langs), "build", "fr", "--format", "docx")
    assert code == 0, err
    text = flat(docx_text((langs / "out" / "fr.docx").read_bytes()))
    assert "Ce qui a changé depuis v1" in text and "Révisé (constat) : Le commerce continue de croître" in text
    assert "Revised" not in text and "What changed" not in text


def test_a_figure_label_without_the_brief_language_warns(langs: Path, run_cli) -> None:
    edit(langs / "content" / "figures.yaml", "      zh-Hans: {text: 贸易增速, from: ", "      de: {text: Handelswachstum, from: ")
    code, _out, err = run_cli("--root", str(langs), "check")
    assert code == 0
    assert "warning[translation-missing]: figures.trade_growth_2016.label has no 'zh-Hans' text" in err


def test_chinese_in_a_note_and_the_checks_table_is_in_the_pdf_text(built: Path) -> None:
    text = flat(pdftotext(built / "zh.pdf"))
    assert "中俄货物贸易额 (sum(exports_2016, imports_2016))" in text.replace("\n", "")  # the checks table


def test_chinese_in_a_source_note_is_drawn(mini: Path, run_cli) -> None:
    edit(mini / "content" / "sources.yaml", "publisher: General Administration of Customs",
         "publisher: 中华人民共和国海关总署")
    code, _out, err = run_cli("--root", str(mini), "build", "--format", "pdf")
    assert code == 0, err
    assert "中华人民共和国海关总署" in flat(pdftotext(mini / "out" / "demo.pdf"))


def test_a_layout_asking_for_an_unknown_term_is_a_located_error(mini: Path, run_cli) -> None:
    (mini / "templates").mkdir()
    (mini / "templates" / "own.md.j2").write_text("# {{ term('key_figures') }}\n\n# {{ term('no_such_term') }}\n")
    edit(mini / "briefs" / "demo.yaml", "page_budget: 3", "page_budget: 3\ntemplate: templates/own.md.j2")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1
    assert "templates/own.md.j2:3:1: error[template-render]: no term 'no_such_term'; terms are the keys of " \
           "generator/translations/en.yaml" in err


@pytest.mark.parametrize("width", range(80, 200, 3))
def test_a_note_marker_never_starts_a_chinese_line(width: int) -> None:
    from reportlab.platypus import Paragraph

    from generator.writers.pdf_styles import layout, styles

    with layout("zh-Hans"):
        para = Paragraph("双边贸易额持续增长。<super>1</super>中俄两国经贸合作不断深化。<super>2</super>合作潜力巨大",
                         styles()["body"])
        para.wrap(width, 10_000)
    for line in para.blPara.lines[1:]:
        assert not getattr(line.words[0], "rise", 0), [w.text for w in line.words]


def test_an_edited_project_terms_file_marks_the_content_version_dirty(mini: Path) -> None:
    from conftest import git
    from generator.editions.gitinfo import content_version

    (mini / "translations").mkdir()
    (mini / "translations" / "de.yaml").write_text("key_figures: Eckdaten\n", encoding="utf-8")
    git(mini, "init", "-q")
    git(mini, "add", "-A")
    git(mini, "commit", "-q", "-m", "First")
    assert not content_version(mini)["dirty"]
    edit(mini / "translations" / "de.yaml", "Eckdaten", "Kennzahlen")
    assert content_version(mini)["dirty"] == "yes"


def test_a_terms_file_that_is_not_a_map_of_words_is_a_located_error(mini: Path, run_cli) -> None:
    (mini / "translations").mkdir()
    (mini / "translations" / "de.yaml").write_text('page_of: "Seite {page} von {total}"\nfindings: [Befunde]\n',
                                                    encoding="utf-8")
    edit(mini / "briefs" / "demo.yaml", "audience: ministry", "audience: ministry\nlanguage: de")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1
    assert "translations/de.yaml:2:11: error[terms-file]: term 'findings' must be text" in err


def test_a_stale_translation_of_the_caveat_or_the_ask_warns(mini: Path, run_cli) -> None:
    """The caveat and the ask are brief prose like the title: their translations are checked for freshness."""
    from generator.load.translation import source_hash

    edit(mini / "briefs" / "demo.yaml", "author: Policy Unit\n",
         "author: Policy Unit\nevidence_caveat:\n  en: Old data.\n  fr: {text: Vieux., from: abc12345}\n"
         "ask:\n  action: note\n  decision:\n    en: The trend.\n    fr: {text: La tendance., from: abc12345}\n")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 0, err
    stale = [line for line in err.splitlines() if "translation-stale" in line]
    assert [line.split(": warning")[0] for line in stale] == ["briefs/demo.yaml:10:28", "briefs/demo.yaml:15:36"]
    assert f"demo.evidence_caveat was made from 'en' text abc12345, which has changed since (now " \
           f"{source_hash('Old data.')})" in stale[0]
    assert f"demo.ask.decision was made from 'en' text abc12345, which has changed since (now " \
           f"{source_hash('The trend.')})" in stale[1]
