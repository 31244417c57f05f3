"""The title block names the audience once: not in the facts line when the subtitle already names it."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pytest

from generator.writers import title_facts
from generator.writers.title_facts import names_audience


@pytest.mark.parametrize("subtitle, audience, named", [
    ("呈商务部、国家发展和改革委员会", "商务部、国家发展和改革委员会", True),
    ("Справка для Министерства экономического развития", "Министерство экономического развития", True),
    ("Briefing for the Ministry of Finance", "Ministry of Finance", True),
    ("Briefing for the Ministry of Commerce and the National Development and Reform Commission",
     "National officials (commerce and development ministries)", False),
    ("Справка для Министерства финансов", "Министерство экономического развития", False),
    ("贸易概览", "商务部", False),
    ("For the ministry", "  ", False),
    ("Briefing for the board", "Board members", False),  # "board" and "members": not every word is there
    ("Справка Министерству экономического развития", "Министерство экономического развития", True),
    ("呈中国人民银行", "中国人民银行", True),
    # every word of the audience is there, but not in a row: the subtitle names another body
    ("Commerce briefing for the Ministry of Finance", "Ministry of Commerce", False),
    ("Справка для Министерства иностранных дел о вопросах экономического развития",
     "Министерство экономического развития", False),
    # near words are not one word: another ending on a short word, another character, a longer number
    ("Notes on the Mint", "Mine", False),
    ("Banking sector outlook", "Bank", False),
    ("中国人民大学", "中国人民银行", False),
    ("Briefing for the Group of 77", "Group of 7", False),
])
def test_names_audience(subtitle: str, audience: str, named: bool) -> None:
    assert names_audience(subtitle, audience) is named


def test_names_audience_stays_linear_in_hostile_text(monkeypatch) -> None:
    """Words compared grow with the subtitle only, whatever the audience (a quadratic search hung on a brief
    whose audience and subtitle each held tens of thousands of words)."""
    compared = []

    def same_word(a: str, b: str) -> bool:
        compared.append(a)
        return a == b

    monkeypatch.setattr(title_facts, "_same_word", same_word)
    subtitle = "mini " * 20_000
    for audience in ("mini " * 10_000 + "x", "mini " * 31 + "x", "x " + "mini " * 5_000):
        assert not names_audience(subtitle, audience)
        assert len(compared) <= 32 * 20_000, len(compared)
        compared.clear()
    assert names_audience("Briefing for the " + "Ministry of Finance " * 5_000, "Ministry of Finance")


def title_lines_pdf(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-l", "1", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[:6]


def title_lines_docx(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs[:5]]


@pytest.mark.parametrize("brief, audience, date_line", [
    ("ministry-zh", "商务部、国家发展和改革委员会", r"^\d{4}年\d{1,2}月\d{1,2}日[\u3000 ]第一版$"),
    ("heilongjiang-zh", "黑龙江省人民政府", r"^\d{4}年\d{1,2}月\d{1,2}日[\u3000 ]第一版$"),
    ("ministry-ru", "экономического развития", r"^\d{1,2} \w+ \d{4} г\. · Выпуск 1$"),
])
def test_the_audience_is_printed_once(bundled_briefs: Path, brief: str, audience: str, date_line: str) -> None:
    for lines in (title_lines_pdf(bundled_briefs / f"{brief}.pdf"), title_lines_docx(bundled_briefs / f"{brief}.docx")):
        joined = " ".join(lines)
        assert joined.count(audience) == 1, lines  # in the subtitle only
        assert any(re.match(date_line, line) for line in lines), lines
    html = (bundled_briefs / f"{brief}.html").read_text(encoding="utf-8")
    header = html[html.index('<header class="title-block">'):html.index("</header>")]
    assert header.count(audience) == 1 and 'class="audience"' not in header


def test_an_audience_the_subtitle_does_not_name_stays(bundled_briefs: Path) -> None:
    lines = title_lines_pdf(bundled_briefs / "ministry.pdf")
    assert any(line.startswith("National officials (commerce and development ministries) · ") for line in lines)
    assert any(p.startswith("National officials (commerce and development ministries) · ")
               for p in title_lines_docx(bundled_briefs / "ministry.docx"))
