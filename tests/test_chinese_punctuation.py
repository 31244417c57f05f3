"""Punctuation and literals in the brief's language (issue 12): every separator the tool prints comes from the
terms files; the layout's year() and nth(); the version stamp's words."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import TESTS, flat
from test_languages import pdftotext


def _one_line(text: str) -> str:
    """Text with line breaks beside Chinese characters joined (a line may break anywhere in Chinese)."""
    return flat(re.sub(r"(?<=[\u2e80-\uffef])\s*\n\s*|\s*\n\s*(?=[\u2e80-\uffef])", "", text))


def test_the_chinese_ask_line_has_a_full_width_colon_and_no_spaces(bundled_briefs: Path) -> None:
    text = _one_line(pdftotext(bundled_briefs / "ministry-zh.pdf"))
    assert "请决定（2027年1月31日前）：是否按照研究建议" in text, text[:400]
    assert "供参阅：研究关于边境贸易的证据" in _one_line(pdftotext(bundled_briefs / "heilongjiang-zh.pdf"))
    english = flat(pdftotext(bundled_briefs / "ministry.pdf"))
    assert re.search(r"For decision by \S+ \S+ \S+: Whether", english), english[:400]


def test_a_chinese_chart_alt_text_is_punctuated_in_chinese(tmp_path: Path, run_cli) -> None:
    project = tmp_path / "languages"
    shutil.copytree(TESTS / "fixtures" / "languages", project)
    code, _out, err = run_cli("--root", str(project), "build", "zh", "--format", "html")
    assert code == 0, err
    page = (project / "out" / "zh.html").read_text(encoding="utf-8")
    assert "中俄贸易构成（10亿美元）。二〇一六年：出口 37.297，进口 32.228。" in page


def test_an_anchor_and_the_layouts_literals_read_in_chinese(study: Path, run_cli) -> None:
    project = study
    (project / "templates").mkdir()
    (project / "templates" / "literal.md.j2").write_text(
        '{% extends "brief.md.j2" %}{% block lead %}文献{{ year(2016) }}，排名{{ nth(4) }}。\n\n{% endblock %}',
        encoding="utf-8")
    (project / "briefs" / "anchored-zh.yaml").write_text(
        "language: zh-Hans\ntitle: 引文\naudience: heilongjiang\ntemplate: templates/literal.md.j2\n"
        "sections:\n  - {kind: findings, items: [trade-growth-partners], detail: full, anchors: true}\n",
        encoding="utf-8")
    code, _out, err = run_cli("--root", str(project), "build", "anchored-zh", "--format", "md")
    assert code == 0, err
    markdown = (project / "out" / "anchored-zh.md").read_text(encoding="utf-8")
    assert "文献2016年，排名第4。" in markdown
    line = next(line for line in markdown.splitlines() if "资料来源：" in line)
    assert re.search(r"资料来源：[^，:]+，[^，:]+：“", line), line  # source，place：“quote”
    assert ", " not in line.split("“")[0], line


def test_the_version_stamp_reads_in_the_briefs_language_outside_git(study: Path, run_cli) -> None:
    from generator.editions.gitinfo import content_version

    project = study  # a folder outside any repository
    version = content_version(project)
    assert version["state"] == "untracked" and version["stamp"] == "Content not under version control"
    code, _out, err = run_cli("--root", str(project), "build", "ministry-zh", "--format", "pdf")
    assert code == 0, err
    assert "内容不在版本控制之下" in pdftotext(project / "out" / "ministry-zh.pdf")


def test_the_title_block_separates_its_facts_as_the_language_does(bundled_briefs: Path) -> None:
    """Audience, date and edition under the title: an ideographic space between them in Chinese (terms
    ``title_separator``), a middle dot in English, in the PDF, the DOCX and the web page alike."""
    from docx import Document as WordDocument

    # The audience is in the subtitle (呈…), so the facts line starts at the date (tests/test_title_block.py).
    chinese = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日\u3000第一版")
    drawn = pdftotext(bundled_briefs / "ministry-zh.pdf")  # pdftotext prints the wide space as a space
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日[\u3000 ]第一版", drawn), drawn[:300]
    assert "· 第一版" not in drawn
    word = "\n".join(p.text for p in WordDocument(str(bundled_briefs / "ministry-zh.docx")).paragraphs[:8])
    assert chinese.search(word), word
    assert "\u3000" in (bundled_briefs / "ministry-zh.html").read_text(encoding="utf-8").split('class="published">')[1][:60]
    assert re.search(r"\d{4} · Edition 1", pdftotext(bundled_briefs / "ministry.pdf"))
