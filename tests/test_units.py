"""Units as data: parsing, did-you-mean, words per language, dimension checks and chart scaling."""
import pytest

from conftest import edit
from generator import model
from generator.diagnostics import Diagnostics
from generator.figures.formatting import change, describe_unit, with_unit
from generator.pipeline import Project, run_checks
from generator.figures.units import UnitError, combine, convert, parse_unit
from test_figures import figures


@pytest.mark.parametrize("text, kind, dimension, scale", [
    ("USD bn", "currency", "USD", 9), ("EUR", "currency", "EUR", 0), ("CNY 亿", "currency", "CNY", 8),
    ("CNY 万亿", "currency", "CNY", 12), ("people 万", "people", "people", 4), ("people m", "people", "people", 6),
    ("TWh", "measure", "energy-kilowatt-hour", 9), ("tonne m", "measure", "mass-tonne", 6),
    ("°C", "measure", "temperature-celsius", 0), ("gigawatt", "measure", "power-watt", 0),
    ("kilometer", "measure", "length-meter", 0), ("%", "percent", "%", 0), ("pp", "points", "pp", 0),
    ("ratio", "ratio", "ratio", 0), ("CNY per USD", "rate", "CNY per USD", 0), ("year", "year", "year", 0),
])
def test_units_parse_into_dimension_and_scale(text, kind, dimension, scale):
    unit = parse_unit(text)
    assert (unit.kind, unit.dimension, unit.scale) == (kind, dimension, scale)


@pytest.mark.parametrize("text, hint", [("USD bm", "did you mean 'bn'?"), ("percent", "did you mean '%'?"),
                                        ("times", "did you mean 'ratio'?"), ("usd bn", "did you mean 'USD'?"),
                                        ("tonnes", "did you mean 'tonne'?"), ("% bn", "takes no scale")])
def test_unknown_units_say_what_was_meant(text, hint):
    with pytest.raises(UnitError, match=hint.replace("?", r"\?").replace("(", r"\(")):
        parse_unit(text)


def test_scales_of_one_dimension_convert_and_others_do_not():
    assert convert(2.2, "USD tn", "USD bn") == pytest.approx(2200)
    assert convert(3000, "CNY 亿", "CNY tn") == pytest.approx(0.3)
    with pytest.raises(UnitError, match="measure different things"):
        convert(1, "USD bn", "EUR bn")


@pytest.mark.parametrize("value, unit, decimals, locale, expected", [
    (69.5, "USD bn", 1, "zh-Hans", "695亿美元"),
    (12_560_000, "people", 0, "zh-Hans", "1256万人"),
    (0.3, "CNY tn", 1, "en", "0.3 trillion yuan"),
    (3000, "CNY 亿", 0, "zh-Hans", "3000亿元"),
    (3000, "CNY 亿", 0, "en", "300 billion yuan"),
    (2016, "year", 0, "zh-Hans", "2016年"),
    (1.5, "pp", 1, "zh-Hans", "1.5个百分点"),
    (1.5, "pp", 1, "en", "1.5 percentage points"),
    (1_600_000, "people", 0, "en", "1.6 million people"),
    (1.6, "people m", 1, "ru", "1,6\u00a0млн человек"),
    (69.5, "USD bn", 1, "ru", "69,5\u00a0млрд долларов США"),
    (5.3, "RUB tn", 1, "en", "5.3 trillion Russian rubles"),
    (11, "EUR bn", 0, "en", "11 billion euros"),
    (2.5, "ratio", 1, "en", "2.5 times"),
    (84.7, "TWh", 1, "en", "84.7 billion kilowatt-hours"),
    (84.7, "TWh", 1, "zh-Hans", "847亿千瓦时"),
    (50, "tonne m", 0, "ru", "50\u00a0млн тонн"),
    (1.5, "°C", 1, "en", "1.5 degrees Celsius"),
    (1.3, "jin 万亿", 1, "zh-Hans", "1.3万亿斤"),
    (3.5, "kW 亿", 1, "zh-Hans", "3.5亿千瓦"),
    (3.5, "kW 亿", 1, "en", "350 million kilowatts"),
])
def test_words_per_language(value, unit, decimals, locale, expected):
    assert with_unit(value, unit, decimals, locale) == expected


def test_change_words_and_short_forms_per_language():
    assert change(2.2, 1, "zh-Hans") == "增长2.2%"
    assert change(2.2, 1, "ru") == "рост на 2,2\u00a0%"
    assert change(-2.7, 1, "zh-Hans") == "下降2.7%"
    assert with_unit(11.86, "CNY tn", 2, "en", short=True) == "¥11.86 tn"
    assert describe_unit("USD bn") == "billion US dollars" and describe_unit("%") == "per cent"


@pytest.mark.parametrize("value, unit, decimals, long, short", [
    (6.6423, "CNY per USD", 4, "6.6423 yuan per US dollar", "6.6423 ¥/$"),
    (1500, "USD per tonne", 0, "1,500 US dollars per metric ton", "1,500 $/t"),  # the numerator's own symbol
    (320, "people per km²", 0, "320 people per square kilometer", "320 people/km²"),
    (12, "USD m per km", 0, "12 million US dollars per kilometer", "$12 m/km"),  # the scale is kept
])
def test_a_rate_names_its_numerator_and_its_denominator_once(value, unit, decimals, long, short):
    assert with_unit(value, unit, decimals) == long and with_unit(value, unit, decimals, short=True) == short


@pytest.mark.parametrize("expr, unit, value", [("sum(a_bn, b_tn)", "USD bn", 1100.0),
                                               ("share(a_bn, b_tn)", "%", 10.0),
                                               ("difference(b_tn, a_bn)", "USD tn", 0.9)])
def test_scales_of_one_currency_are_converted_in_computations(expr, unit, value):
    content = figures({"id": "a_bn", "value": 100.0, "unit": "USD bn", "source": "s"},
                      {"id": "b_tn", "value": 1.0, "unit": "USD tn", "source": "s"},
                      {"id": "d", "compute": expr})
    from generator.figures.compute import compute_figures

    diags = Diagnostics()
    values, _ = compute_figures(content, diags)
    assert not diags.errors, [str(d) for d in diags.items]
    assert (values["d"].unit, values["d"].value) == (unit, pytest.approx(value))


@pytest.mark.parametrize("expr, unit, message", [
    ("sum(usd, eur)", None, "combines 'EUR bn' and 'USD bn', which measure different things; convert() them"),
    ("share(usd, people)", None, "which measure different things"),
    ("growth(usd, eur)", None, "which measure different things"),
    ("ratio(usd, eur)", "%", "its computation gives 'USD per EUR', which is not what unit '%' measures"),
    ("prior(usd, usd)", None, "takes a percentage as its second input, not 'USD bn'"),
    ("divide(usd, rate)", None, "applies rate 'CNY per USD' to 'USD bn'; it divides a value in CNY"),
    ("sum(usd, usd)", "people", "its computation gives 'USD bn', which is not what unit 'people' measures"),
    ("sum(usd, usd)", "USD bm", "unknown scale 'bm' in unit 'USD bm'; did you mean 'bn'?"),
])
def test_combining_different_dimensions_is_a_located_error(expr, unit, message):
    from generator.figures.compute import compute_figures

    derived = {"id": "d", "compute": expr, **({"unit": unit} if unit else {})}
    content = figures({"id": "usd", "value": 1.0, "unit": "USD bn", "source": "s"},
                      {"id": "eur", "value": 1.0, "unit": "EUR bn", "source": "s"},
                      {"id": "people", "value": 5.0, "unit": "people m", "source": "s"},
                      {"id": "rate", "value": 7.0, "unit": "CNY per USD", "source": "s"}, derived)
    diags = Diagnostics()
    compute_figures(content, diags)
    assert [d.code for d in diags.errors] == ["figure-unit"]
    assert message in diags.errors[0].message
    assert diags.errors[0].location.path == "content/figures.yaml" and diags.errors[0].location.line > 40


def test_a_ratio_of_two_currencies_is_a_rate():
    assert combine("ratio", ["CNY bn", "USD m"]).unit == "CNY per USD"
    assert combine("ratio", ["CNY bn", "USD m"]).factors == (1e9, 1e6)


def test_a_rate_converts_between_currencies():
    assert combine("divide", ["CNY tn", "CNY per USD"]).unit == "USD tn"
    assert combine("convert", ["USD bn", "CNY per USD"]).unit == "CNY bn"


def test_a_check_naming_its_own_figure_is_refused():
    from generator.figures.compute import compute_figures

    diags = Diagnostics()
    compute_figures(figures({"id": "t", "value": 2.0, "unit": "USD bn", "source": "s", "check": "sum(t, 0)"}), diags)
    assert [d.code for d in diags.errors] == ["figure-check-self"]


CHART = """charts:
  - id: trade-chart
    kind: bar
    title: Trade
    unit: {unit}
    categories: ["2016", "2017"]
    series:
      - name: Trade
        figures: [trade_2016, {second}]
"""


def _with_chart(mini, unit: str, second: str, extra: str = "") -> Diagnostics:
    (mini / "content" / "charts.yaml").write_text(CHART.format(unit=unit, second=second), encoding="utf-8")
    figures_file = mini / "content" / "figures.yaml"
    figures_file.write_text(figures_file.read_text(encoding="utf-8") + extra, encoding="utf-8")
    edit(mini / "briefs" / "demo.yaml", "  - figures_table", "  - {kind: charts, charts: [trade-chart]}\n"
         "  - figures_table")
    diags = Diagnostics()
    checked = run_checks(Project(mini), diags, pdf=False)
    diags.checked = checked  # type: ignore[attr-defined]
    return diags


def test_a_figure_in_another_scale_is_converted_in_its_chart(mini):
    extra = ("  - id: trade_2017_tn\n    label: Trade\n    value: 0.084\n    unit: USD tn\n"
             "    period: \"2017\"\n    source: customs\n")
    diags = _with_chart(mini, "USD bn", "trade_2017_tn", extra)
    assert not diags.errors, [str(d) for d in diags.items]
    doc = diags.checked.composed["demo"].document
    chart = next(b for b in doc.blocks if isinstance(b, model.Chart))
    assert chart.series[0].values == (69.5, pytest.approx(84.0))
    assert chart.y_label == "Billion US dollars"


def test_a_figure_in_another_dimension_is_refused_by_its_chart(mini):
    diags = _with_chart(mini, "USD bn", "trade_growth_2016")
    assert [d.code for d in diags.errors] == ["chart-unit"]
    assert "plots 'trade_growth_2016' in '%', but the chart is in 'USD bn'" in diags.errors[0].message
    assert str(diags.errors[0].location).startswith("content/charts.yaml:8:")


def test_an_unknown_chart_unit_is_located(mini):
    diags = _with_chart(mini, "USD bm", "trade_2016")
    assert [d.code for d in diags.errors] == ["chart-unit"]
    assert "did you mean 'bn'?" in diags.errors[0].message


def test_metric_prefixes_of_one_cldr_unit_convert():
    assert convert(22.5, "GW", "kW m") == pytest.approx(22.5)
    assert convert(2309, "meter", "km") == pytest.approx(2.309)


def test_an_unknown_unit_is_one_located_error(mini, run_cli):
    figures_file = mini / "content" / "figures.yaml"
    text = figures_file.read_text(encoding="utf-8")
    figures_file.write_text(text.replace("unit: USD bn", "unit: USD bm", 1), encoding="utf-8")
    code, _out, err = run_cli("--root", str(mini), "check")
    errors = [line for line in err.splitlines() if ": error[" in line]
    assert code == 1 and errors == ["content/figures.yaml:5:11: error[figure-unit]: trade_2016: unknown scale 'bm' "
                                    "in unit 'USD bm'; did you mean 'bn'? (at figures.trade_2016.unit)"], err


def test_a_check_in_another_scale_is_compared_in_the_figures_unit():
    from generator.figures.compute import compute_figures

    diags = Diagnostics()
    _values, checks = compute_figures(figures(
        {"id": "total", "value": 1.1, "unit": "USD tn", "source": "s", "check": "sum(a, b)"},
        {"id": "a", "value": 600.0, "unit": "USD bn", "source": "s"},
        {"id": "b", "value": 500.0, "unit": "USD bn", "source": "s"},
        {"id": "eur", "value": 1.0, "unit": "EUR tn", "source": "s", "check": "sum(a, b)"}), diags)
    assert checks[0].ok and checks[0].computed == pytest.approx(1.1)
    assert [d.code for d in diags.errors] == ["figure-unit"]
    assert "check of 'eur': its computation gives 'USD bn'" in diags.errors[0].message


def _chart_of(mini, chart_unit: str, figure_unit: str, values: tuple[float, float]) -> model.Chart:
    """The composed chart of two figures in ``figure_unit`` (0 decimals) drawn in ``chart_unit``."""
    extra = "".join(f"  - id: {fid}\n    label: Capacity\n    value: {value}\n    decimals: 0\n    unit: {figure_unit}\n"
                    f"    period: \"2017\"\n    source: customs\n" for fid, value in zip(("fig_a", "fig_b"), values))
    _with_chart(mini, chart_unit, "fig_b", extra)
    (mini / "content" / "charts.yaml").write_text(CHART.format(unit=chart_unit, second="fig_b").replace(
        "trade_2016", "fig_a"), encoding="utf-8")
    diags = Diagnostics()
    checked = run_checks(Project(mini), diags, pdf=False)
    assert not diags.errors, [str(d) for d in diags.items]
    return next(b for b in checked.composed["demo"].document.blocks if isinstance(b, model.Chart))


def test_a_prefixed_unit_in_a_larger_chart_unit_keeps_its_digits(mini):
    """500 MW (0 decimals) in a chart in gigawatts is 0.500 GW, as 500 USD m is 0.500 USD bn: the prefix is a
    scale, so the value gains decimals rather than rounding to 1."""
    chart = _chart_of(mini, "gigawatt", "MW", (500, 1500))
    assert chart.series[0].values == (pytest.approx(0.5), pytest.approx(1.5))
    assert "2016 0.500, 2017 1.500" in chart.alt_text and chart.number_format == "0.00", chart.alt_text


@pytest.mark.parametrize("unit, alt_text", [("count", "Trade. Trade: 2016 12, 2017 15."),  # no empty "()"
                                            ("count m", "Trade (million). Trade: 2016 12, 2017 15.")])
def test_a_chart_of_a_count_says_its_scale_and_nothing_else(mini, unit, alt_text):
    assert _chart_of(mini, unit, unit, (12, 15)).alt_text == alt_text
