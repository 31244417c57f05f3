"""Figures as analysts write them: qualifiers, ranges, fractions, other scales, accepted discrepancies."""
import pytest

from conftest import docx_text, edit, pdf_text
from generator.render.prose import FigureView
from generator.render.templating import make_environment


def view(value, unit, decimals, locale="en", high=None, qualifier=""):
    return FigureView("f", "F", value, unit, "2016", decimals, locale, (), "", high, qualifier)


@pytest.mark.parametrize("fig, template, expected", [
    (view(81.67, "%", 0, qualifier="nearly"), "{{ f }}", "nearly 82%"),
    (view(81.67, "%", 0, "zh-Hans", qualifier="nearly"), "{{ f }}", "近82%"),
    (view(85.7, "%", 0, "ru", qualifier="over"), "{{ f }}", "более 86\u00a0%"),
    (view(1.5, "°C", 1, high=2.0), "{{ f }}", "1.5–2 degrees Celsius"),
    (view(1.5, "°C", 1, high=2.0), "{{ f | short }}", "1.5–2°C"),
    (view(3, "duration-year", 0, high=5), "{{ f }}", "3–5 years"),
    (view(1.13, "people m", 2, high=1.4), "{{ f }}", "1.13–1.40 million people"),
    (view(66.4, "%", 1, qualifier="about"), "{{ f | fraction }}", "about two-thirds"),
    (view(48.9, "%", 1, "zh-Hans"), "{{ f | fraction }}", "一半"),
    (view(3658.18, "USD bn", 0), "{{ f | to('USD tn', 2) }}", "3.66 trillion US dollars"),
    (view(3000, "CNY 亿", 0), "{{ f | to('CNY tn') }}", "0.3 trillion yuan"),
])
def test_qualifiers_ranges_fractions_and_scales(fig, template, expected):
    assert make_environment().from_string(template).render(f=fig) == expected


def test_fraction_needs_a_percentage_near_a_common_fraction():
    with pytest.raises(ValueError, match="not near a common fraction"):
        make_environment().from_string("{{ f | fraction }}").render(f=view(58, "%", 0))
    with pytest.raises(ValueError, match="fraction needs a percentage"):
        make_environment().from_string("{{ f | fraction }}").render(f=view(50, "USD bn", 0))


def test_converting_to_another_dimension_is_an_error():
    from jinja2 import UndefinedError

    with pytest.raises(UndefinedError, match="measure different things"):
        make_environment().from_string("{{ f | to('EUR bn') }}").render(f=view(1, "USD bn", 1))


def test_an_accepted_discrepancy_passes_strict_and_shows_its_reason(mini, run_cli, tmp_path):
    figures = mini / "content" / "figures.yaml"
    edit(figures, "    value: 69.5\n", "    value: 70.5\n    accepted: the customs total includes re-exports\n")
    code, _out, err = run_cli("--root", str(mini), "build", "--strict", "--out", str(tmp_path / "out"))
    assert code == 0, err
    pdf = "\n".join(pdf_text((tmp_path / "out" / "demo.pdf").read_bytes()))
    assert "accepted: the customs total includes re-exports" in " ".join(pdf.split())
    assert "accepted: the customs total includes re-exports" in docx_text((tmp_path / "out" / "demo.docx").read_bytes())
    edit(figures, "    accepted: the customs total includes re-exports\n", "")
    code, _out, err = run_cli("--root", str(mini), "check", "--strict")
    assert code == 1 and "error[figure-mismatch]: trade_2016: value 70.5 USD bn but sum(exports_2016, " \
        "imports_2016) gives 69.53" in err


def test_a_qualifier_must_be_known_and_a_range_ordered(mini, run_cli):
    figures = mini / "content" / "figures.yaml"
    edit(figures, "    value: 69.5\n", "    value: 69.5\n    qualifier: roughly\n    high: 60\n")
    code, _out, err = run_cli("--root", str(mini), "check")
    assert code == 1
    assert "error[figure-qualifier]: trade_2016: qualifier must be one of about, nearly, over" in err
    assert "error[figure-range]: trade_2016: high 60 is below the value 69.5" in err


@pytest.mark.parametrize("locale, expected", [("en", "2016 fourth"), ("zh-Hans", "2016年 第4"), ("ru", "2016 4-й")])
def test_literals_follow_the_briefs_language(locale, expected):
    from generator.diagnostics import Diagnostics, Location
    from generator.render.prose import ProseRenderer

    renderer = ProseRenderer({}, locale, Diagnostics())
    assert renderer.render("{{ year(2016) }} {{ nth(4) }}", Location("x", 1, 1), "k") == expected


def test_an_accepted_discrepancy_says_so_in_the_brief_language(mini, run_cli, tmp_path):
    # "accepted:" comes from the terms files (check_accepted), not English fixed in the checks template.
    edit(mini / "content" / "figures.yaml", "    value: 69.5\n",
         "    value: 70.5\n    accepted: the customs total includes re-exports\n")
    edit(mini / "briefs" / "demo.yaml", "audience: ministry", "audience: ministry\nlanguage: fr")
    code, _out, err = run_cli("--root", str(mini), "build", "--out", str(tmp_path / "out"))
    assert code == 0, err
    text = docx_text((tmp_path / "out" / "demo.docx").read_bytes())
    assert "acceptée : the customs total includes re-exports" in text and "accepted:" not in text
