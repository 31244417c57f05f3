"""The bundled Chinese and Russian briefs (issue 12): read back from what they write, in their own language."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO, docx_part, docx_text, edit
from test_languages import NO_END, NO_START, flat, pdftotext

CHINESE = ("ministry-zh", "heilongjiang-zh")
ALL = (*CHINESE, "ministry-ru")
BUDGETS = {"ministry-zh": 2, "ministry-ru": 2, "heilongjiang-zh": 4}


def pdf(out: Path, brief: str) -> str:
    """The PDF's text in one line: a line break beside a Chinese character joins without a space
    (a line may break between "2015" and "年")."""
    text = re.sub(r"(?<=[\u2e80-\uffef])\s*\n\s*|\s*\n\s*(?=[\u2e80-\uffef])", "", pdftotext(out / f"{brief}.pdf"))
    return flat(text)


def english_terms() -> list[str]:
    """Every stretch of fixed English the tool prints: the en terms file's texts cut at their placeholders,
    kept when it has two or more words (single words such as "study" also occur in source titles)."""
    def texts(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from texts(value)
        elif isinstance(node, list):
            for value in node:
                yield from texts(value)
        elif isinstance(node, str):
            yield node

    terms = yaml.safe_load((REPO / "generator" / "translations" / "en.yaml").read_text(encoding="utf-8"))
    stretches = set()
    for text in texts(terms):
        for part in re.split(r"\{[^}]*\}", text):
            part = part.strip(" ,.;:()·–-")
            if len(re.findall(r"[A-Za-z]{2,}", part)) >= 2:
                stretches.add(part)
    return sorted(stretches)


def test_the_english_terms_give_phrases_to_look_for() -> None:
    found = english_terms()
    assert "Content version" in found and "Page" not in found and len(found) > 20


@pytest.mark.parametrize("brief", ALL)
def test_no_english_fixed_text(bundled_briefs: Path, brief: str) -> None:
    data = (bundled_briefs / f"{brief}.docx").read_bytes()
    for text in (pdf(bundled_briefs, brief), flat(docx_text(data) + docx_part(data, "word/footer1.xml"))):
        english = [t for t in english_terms() if re.search(rf"(?<![A-Za-z]){re.escape(t)}(?![A-Za-z])", text)]
        assert english == []
        for word in ("Key figures", "Bottom line", "Notes", "Page 1", "Figure 1", "Source:", "billion", "up 2.2%"):
            assert word not in text, word


def test_notes_cite_in_the_brief_language(bundled_briefs: Path) -> None:
    assert "as reported in" not in pdf(bundled_briefs, "ministry-zh")


def test_the_parts_table_note_is_in_the_brief_language(bundled_briefs: Path) -> None:
    assert "Proposed by" not in pdf(bundled_briefs, "ministry-zh")


def test_the_chinese_ministry_brief_reads_in_chinese(bundled_briefs: Path) -> None:
    text = pdf(bundled_briefs, "ministry-zh")
    for expected in (
        "“一带一路”下的中俄贸易：结论与决策", "呈商务部、国家发展和改革委员会", "内部资料", "第一版",
        "请决定", "2027年1月31日",
        "2016年中俄贸易额达到695亿美元（增长2.2%），但仅占中国对外贸易的1.9%，且依赖俄罗斯的原材料。",
        "一、关键数据", "二、三个问题", "三、分三步以自由贸易区推动对接：责任分工",
        "中俄贸易规模偏小，贸易结构层次较低。俄罗斯仅占中国对外贸易的1.9%（美国为14%）",
        "欧亚经济联盟（5个成员国，2015年起运行）",
        "商谈建立中俄自由贸易区", "商务部", "谈判团队；关税收入损失未作估算", "国家发展和改革委员会，会同东北各省",
        "注释", "第1页，共2页",
    ):
        assert expected in text, expected
    body = text.split("注释")[0]  # the notes keep the study's authors and title as the study gives them
    assert len(re.findall(r"[\u4e00-\u9fff]", body)) > 4 * len(re.findall(r"[A-Za-z]", body))


def test_the_heilongjiang_brief_reads_in_chinese(bundled_briefs: Path) -> None:
    text = pdf(bundled_briefs, "heilongjiang-zh")
    for expected in (
        "呈黑龙江省人民政府", "研究没有黑龙江本省口岸的数据。在内蒙古满洲里，2016年边境贸易额达到152.9亿元，增长12.7%",
        "（一）边境贸易发展迅速，是中俄贸易的重要组成部分——以满洲里为例",
        "中国对俄出口372.97亿美元，增长7.3%；", "中国自俄进口322.28亿美元，下降3.1%。",
        "图1 边境贸易几乎全部为边民互市贸易", "2016年满洲里口岸贸易", "亿元", "274.0",
        "四、研究提出的与本省相关的措施", "依托口岸和自由贸易区开展区域合作。",
        "2013年十月中俄总理定期会晤期间", "第1页，共4页",
    ):
        assert expected in text, expected
    assert "**" not in text and "*注" not in text  # emphasis beside Chinese punctuation is closed, not printed


def test_the_russian_brief_reads_in_russian(bundled_briefs: Path) -> None:
    text = pdf(bundled_briefs, "ministry-ru")
    for expected in (
        "Торговля России и Китая в рамках «Пояса и пути»: выводы и решение",
        "Справка для Министерства экономического развития", "ДЛЯ СЛУЖЕБНОГО ПОЛЬЗОВАНИЯ", "Выпуск 1",
        "до 31 января 2027 г.",
        "В 2016 году товарооборот с Россией достиг 69,5 млрд долларов США (рост на 2,2 %), но составил лишь 1,9 %",
        "Евразийский экономический союз (5 членов, действует с 2015 года)",
        "Ключевые показатели", "Три проблемы", "Провести переговоры о зоне свободной торговли России и Китая",
        "Минкоммерции КНР", "Примечания", "Страница 1 из 2",
    ):
        assert expected in text, expected
    body = text.split("Примечания")[0]  # the notes keep the study's authors and title as the study gives them
    assert len(re.findall(r"[\u0400-\u04ff]", body)) > 5 * len(re.findall(r"[A-Za-z]", body))
    assert "69,5 млрд долларов США" in flat(docx_text((bundled_briefs / "ministry-ru.docx").read_bytes()))


@pytest.mark.parametrize("brief", CHINESE)
def test_no_chinese_line_starts_with_closing_or_ends_with_opening_punctuation(bundled_briefs: Path,
                                                                             brief: str) -> None:
    lines = [line.strip() for line in pdftotext(bundled_briefs / f"{brief}.pdf").splitlines() if line.strip()]
    assert len(lines) > 40
    assert [line for line in lines if line[0] in NO_START] == []
    assert [line for line in lines if line[-1] in NO_END] == []


@pytest.mark.parametrize("brief", ALL)
def test_the_docx_says_its_language(bundled_briefs: Path, brief: str) -> None:
    data = (bundled_briefs / f"{brief}.docx").read_bytes()
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", docx_part(data, "word/styles.xml"), re.S).group(0)
    if brief in CHINESE:
        assert 'w:eastAsia="zh-CN"' in defaults
        assert re.search(r'<w:rFonts [^>]*w:eastAsia="', defaults)
        assert "中俄" in docx_text(data)
    else:
        assert re.search(r'<w:lang [^>]*w:val="ru"', defaults)


@pytest.mark.parametrize("brief", ALL)
def test_page_budget_holds(bundled_briefs: Path, brief: str) -> None:
    from pypdf import PdfReader

    assert len(PdfReader(bundled_briefs / f"{brief}.pdf").pages) <= BUDGETS[brief]
    assert f"page_budget: {BUDGETS[brief]}" in (REPO / "briefs" / f"{brief}.yaml").read_text(encoding="utf-8")


def test_check_has_no_warning_about_the_new_briefs(run_cli) -> None:
    code, _out, err = run_cli("--root", str(REPO), "check")
    assert code == 0
    warnings = [line for line in err.splitlines() if "warning[" in line]
    assert [w for w in warnings if "translation-" in w or "-zh" in w or "-ru" in w] == []


def test_editing_an_english_sentence_makes_its_translations_stale(study: Path, run_cli) -> None:
    from generator.load.translation import source_hash

    sentence = "Docking the Silk Road Economic Belt with the Eurasian Economic Union will be long and difficult"
    edit(study / "content" / "problems.yaml", f'en: "{sentence}"', f'en: "{sentence.replace("long and difficult", "slow")}"')
    code, _out, err = run_cli("--root", str(study), "check")
    assert code == 0
    stale = [line for line in err.splitlines() if "translation-stale" in line]
    now = source_hash("Docking the Silk Road Economic Belt with the Eurasian Economic Union will be slow")
    assert len(stale) == 2 and {("'zh-Hans'" in s, "'ru'" in s) for s in stale} == {(True, False), (False, True)}
    assert all("sreb-eaeu-docking-difficulty.title" in s and f"now {now}" in s for s in stale)
    assert all(s.startswith("content/problems.yaml:") for s in stale)
