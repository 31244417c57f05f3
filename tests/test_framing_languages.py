"""The framing lint reads every brief language: overclaiming words from the terms files (``framing.claims``),
located at the word, silenced the same way, supported by an anchored quote that says the same."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit
from generator.diagnostics import Diagnostics
from generator.render.terms import PACKAGE_TERMS, load_terms
from test_languages import langs  # noqa: F401  (a fixture)


def column(path: Path, needle: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


@pytest.mark.parametrize("language", sorted(path.stem for path in PACKAGE_TERMS.glob("*.yaml")))
def test_every_language_lists_overclaiming_words(language: str) -> None:
    terms = load_terms(language, None, Diagnostics())
    assert "framing.claims" not in terms.missing
    assert len([word for word in terms("framing.claims").split("|") if word.strip()]) >= 8


def test_chinese_and_russian_overclaims_warn_where_they_stand(langs: Path, run_cli) -> None:  # noqa: F811
    zh, ru = langs / "briefs" / "zh.yaml", langs / "briefs" / "ru.yaml"
    edit(zh, "zh-Hans: 贸易额达到{{ fig.trade_2016 }}。", "zh-Hans: 贸易额达到{{ fig.trade_2016 }}，合作必将彻底解决问题。")
    edit(ru, "ru: Торговля достигла {{ fig.trade_2016 }}.",
         "ru: Торговля достигла {{ fig.trade_2016 }} и, несомненно, Гарантирует рост.")
    code, _out, err = run_cli("--root", str(langs), "check")
    assert code == 0, err
    for path, word, key in ((zh, "必将", "zh.sections[0].text"), (zh, "彻底解决", "zh.sections[0].text"),
                            (ru, "несомненно", "ru.sections[0].text"), (ru, "Гарантирует", "ru.sections[0].text")):
        line, col = column(path, word)
        assert (f"briefs/{path.name}:{line}:{col}: warning[framing-claim]: '{word}' in {key} makes a claim of "
                "certainty or completeness that no anchored item of this brief supports") in err, err
    assert err.count("warning[framing-claim]") == 4
    code, _out, err = run_cli("--root", str(langs), "check", "--strict")
    assert code != 0 and "framing-claim" in err

    # Silenced with a reason, as an English line is.
    edit(zh, "zh-Hans: 贸易额达到{{ fig.trade_2016 }}，合作必将彻底解决问题。",
         "zh-Hans: '贸易额达到{{ fig.trade_2016 }}，合作必将彻底解决问题。{# allow[framing-claim]: the ministry says so #}'")
    _code, _out, err = run_cli("--root", str(langs), "check")
    assert "briefs/zh.yaml" not in err and err.count("warning[framing-claim]") == 2


def test_an_anchored_quote_that_says_it_supports_the_word(langs: Path, run_cli) -> None:  # noqa: F811
    (langs / "content" / "sources").mkdir()
    (langs / "content" / "sources" / "customs.md").write_text("Торговля, несомненно, будет расти.\n", encoding="utf-8")
    edit(langs / "content" / "findings.yaml", "    tags: [trade]\n",
         '    tags: [trade]\n    anchor: {at: "p. 1", quote: "Торговля, несомненно, будет расти"}\n')
    ru = langs / "briefs" / "ru.yaml"
    edit(ru, "ru: Торговля достигла {{ fig.trade_2016 }}.", "ru: Торговля достигла {{ fig.trade_2016 }}, несомненно.")
    code, _out, err = run_cli("--root", str(langs), "check")
    assert code == 0, err
    assert "'несомненно'" not in err  # without the anchor it warns (above)


def test_a_project_sets_its_own_words(langs: Path, run_cli) -> None:  # noqa: F811
    """One home per language: the project's terms file replaces the package's list for its language."""
    (langs / "translations").mkdir()
    package = (PACKAGE_TERMS / "zh-Hans.yaml").read_text(encoding="utf-8")
    (langs / "translations" / "zh-Hans.yaml").write_text(
        package.replace('framing.claims: "', 'framing.claims: "达到 | '), encoding="utf-8")
    code, _out, err = run_cli("--root", str(langs), "check")
    assert code == 0, err
    line, col = column(langs / "briefs" / "zh.yaml", "达到")
    assert f"briefs/zh.yaml:{line}:{col}: warning[framing-claim]: '达到' in zh.sections[0].text" in err


@pytest.mark.parametrize("language", sorted(path.stem for path in PACKAGE_TERMS.glob("*.yaml")))
def test_every_listed_word_can_be_found(language: str) -> None:
    """Each entry of ``framing.claims`` is one the lint can match: a "*" only ends an entry (inside one it
    would be a literal asterisk, and the entry dead), and the entry as written, in a sentence, is found."""
    from generator.check.lints import claim_words

    patterns = [pattern for pattern, _stem in claim_words(language, None)]
    entries = [word.strip() for word in load_terms(language, None, Diagnostics())("framing.claims").split("|")]
    for entry in filter(None, entries):
        assert "*" not in entry.rstrip("*"), entry
        assert any(pattern.search(f"It is {entry.rstrip('*')} so.") for pattern in patterns), entry
