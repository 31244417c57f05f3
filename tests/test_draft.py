"""`brief build --draft`: an over-budget brief still builds, marked DRAFT, with its budget as a warning."""
import json

from conftest import docx_part, edit, pdf_text


def test_over_budget_briefs_build_as_drafts(mini, run_cli, tmp_path):
    edit(mini / "briefs" / "demo.yaml", "page_budget: 3", "page_budget: 1\nword_budget: 20")
    out = tmp_path / "out"
    code, _out, err = run_cli("--root", str(mini), "build", "--out", str(out))
    assert code == 1 and "error[budget-words]" in err and not out.exists()
    code, _out, err = run_cli("--root", str(mini), "build", "--draft", "--out", str(out))
    assert code == 0, err
    assert "warning[budget-words]" in err and "warning[budget-pages]" in err and "(built as a DRAFT)" in err
    pages = pdf_text((out / "demo.pdf").read_bytes())
    assert len(pages) > 1 and all("DRAFT · FOR OFFICIAL USE" in page for page in pages)
    assert "DRAFT · FOR OFFICIAL USE" in docx_part((out / "demo.docx").read_bytes(), "word/header1.xml")
    entry = json.loads((out / "manifest.json").read_text())["briefs"]["demo"]
    assert entry["draft"]["over_budget"][0].startswith("pages: ") and entry["draft"]["over_budget"][1].startswith(
        "words: ")


def test_a_brief_within_budget_is_not_a_draft(mini, run_cli, tmp_path):
    code, _out, err = run_cli("--root", str(mini), "build", "--draft", "--format", "pdf", "--out", str(tmp_path / "o"))
    assert code == 0, err
    assert "DRAFT" not in pdf_text((tmp_path / "o" / "demo.pdf").read_bytes())[0]
    assert "draft" not in json.loads((tmp_path / "o" / "manifest.json").read_text())["briefs"]["demo"]


def test_a_draft_is_marked_in_the_briefs_language(tmp_path, run_cli):
    """A Chinese or Russian reader sees 草稿 / ЧЕРНОВИК on every page and in the header, joined to the brief's own
    marking as the language joins the title block's facts; never the English word."""
    import shutil

    from conftest import TESTS

    langs = tmp_path / "languages"
    shutil.copytree(TESTS / "fixtures" / "languages", langs)
    for brief in ("zh", "ru"):
        edit(langs / "briefs" / f"{brief}.yaml", "page_budget: 3", "page_budget: 3\nword_budget: 5")
    code, _out, err = run_cli("--root", str(langs), "build", "zh", "ru", "--draft", "--out", str(tmp_path / "o"))
    assert code == 0, err
    for brief, marking in (("zh", "草稿\u3000内部资料"), ("ru", "ЧЕРНОВИК · ДЛЯ СЛУЖЕБНОГО ПОЛЬЗОВАНИЯ")):
        pages = pdf_text((tmp_path / "o" / f"{brief}.pdf").read_bytes())
        flat = [" ".join(page.replace("\u3000", " ").split()) for page in pages]
        assert all(" ".join(marking.replace("\u3000", " ").split()) in page for page in flat), (brief, flat[0][:300])
        assert not any("DRAFT" in page for page in pages), brief
        header = docx_part((tmp_path / "o" / f"{brief}.docx").read_bytes(), "word/header1.xml")
        assert marking in header and "DRAFT" not in header, brief
        word = marking[:2] if brief == "zh" else marking.split(" · ")[0]
        assert f'string="{word}"' in header  # the watermark
        assert all(page.count(word) == 3 for page in pages), brief  # the watermark, the header's and footer's marking
