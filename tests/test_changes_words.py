"""The "What changed since …" section names changed fields in the brief's language, never by schema keys."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import docx_text, edit, git
from generator.editions.compare import REF_NAMES
from generator.load.content import ACTION_FIELDS, EXTRA_FIELDS, PART_FIELDS
from generator.render.terms import PACKAGE_TERMS, load_terms
from generator.diagnostics import Diagnostics
from test_languages import flat, langs, pdftotext  # noqa: F401  (langs is a fixture)

# Every name an item's changed field can have (generator.editions.compare.item_fields), as the schema spells it.
SCHEMA_NAMES = sorted(({*PART_FIELDS, *ACTION_FIELDS, *(k for extra in EXTRA_FIELDS.values() for k in extra),
                        *REF_NAMES.values(), "refs", "parts"}) - {"id", "audiences"})
LANGUAGES = sorted(path.stem for path in PACKAGE_TERMS.glob("*.yaml"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_field_name_has_words_in_every_language(language: str) -> None:
    terms = load_terms(language, None, Diagnostics())
    own = [key for key in terms.words if key.startswith("field.")]
    assert not [key for key in terms.missing if key.startswith("field.") or key.startswith("changes.")]
    assert sorted(key.removeprefix("field.") for key in own) == SCHEMA_NAMES
    if language.startswith(("zh", "ru")):  # in the reader's script, not the English key copied
        assert not [key for key in own if re.search("[A-Za-z]", terms(key))]


def changes_section(text: str, heading: str, end: str | None = None) -> str:
    start = text.index(heading)
    return text[start:text.index(end, start)] if end else text[start:]


def test_changed_fields_read_in_chinese_and_russian(langs: Path, run_cli, monkeypatch) -> None:  # noqa: F811
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    git(langs, "init", "-q")
    git(langs, "add", "-A")
    git(langs, "commit", "-q", "-m", "First edition")
    git(langs, "tag", "v1")
    findings = langs / "content" / "findings.yaml"
    edit(findings, "年双边贸易额达到{{", "年双边贸易额增至{{")
    edit(findings, "году товарооборот достиг {{", "году товарооборот составил {{")
    recommendations = langs / "content" / "recommendations.yaml"
    edit(recommendations, "level: bilateral", "level: regional")
    edit(recommendations, "en: A web portal", "en: A shared web portal")
    for brief in ("zh", "ru"):
        path = langs / "briefs" / f"{brief}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "  - {kind: changes, since: v1}\n", encoding="utf-8")
    code, _out, err = run_cli("--root", str(langs), "build", "zh", "ru", "--format", "docx", "--format", "pdf")
    assert code == 0, err
    out = langs / "out"
    zh_docx = flat(docx_text((out / "zh.docx").read_bytes()))
    zh_pdf = flat(pdftotext(out / "zh.pdf"))
    ru_docx = flat(docx_text((out / "ru.docx").read_bytes()))
    ru_pdf = flat(pdftotext(out / "ru.pdf"))
    for text, heading, expected in (
            (zh_docx, "自v1以来的变化", ["修订发现：中俄贸易持续增长（摘要）", "修订建议措施：信息平台（手段、层级）"]),
            (zh_pdf, "自v1以来的变化", ["修订发现：中俄贸易持续增长（摘要）", "修订建议措施：信息平台（手段、层级）"]),
            (ru_docx, "Что изменилось", ["Изменено (вывод): Торговля продолжает расти (краткое содержание)",
                                         "Изменено (часть рекомендации): Информационная платформа (инструмент, уровень)"]),
            (ru_pdf, "Что изменилось", ["Изменено (вывод): Торговля продолжает расти (краткое содержание)",
                                        "Изменено (часть рекомендации): Информационная платформа (инструмент, уровень)"])):
        section = changes_section(text, heading)
        for line in expected:
            assert line in section, (line, section)
        shown_keys = {word for word in re.findall(r"[A-Za-z_]+", section) if word in SCHEMA_NAMES}
        assert not shown_keys, section
