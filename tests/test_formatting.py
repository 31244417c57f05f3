"""How numbers read in briefs: units in words, signed changes, half-up rounding."""
import pytest

from generator.figures.formatting import change, number, ordinal, signed, with_unit


@pytest.mark.parametrize("value, unit, decimals, expected", [
    (69.5, "USD bn", 1, "69.5 billion US dollars"),
    (37.297, "USD bn", 3, "37.297 billion US dollars"),
    (15.22, "CNY bn", 2, "15.22 billion yuan"),
    (1.31, "USD tn", 2, "1.31 trillion US dollars"),
    (52.9, "%", 1, "52.9%"),
    (3658.18, "USD bn", 0, "3,658 billion US dollars"),
    (4, "rank", 0, "fourth"),
    (2016, "year", 0, "2016"),
    (56, "count", 0, "56"),
    (6.6423, "CNY per USD", 4, "6.6423 yuan per US dollar"),
])
def test_with_unit(value, unit, decimals, expected):
    assert with_unit(value, unit, decimals) == expected


@pytest.mark.parametrize("value, expected", [(2.2, "up 2.2%"), (-3.1, "down 3.1%"), (0.04, "unchanged"),
                                             (12.7, "up 12.7%")])
def test_change_words(value, expected):
    assert change(value, 1) == expected


def test_signed_uses_true_minus_and_plus():
    assert signed(-3.7, 1) == "\u22123.7%" and signed(2.5, 1) == "+2.5%"


@pytest.mark.parametrize("value, decimals, expected", [(0.25, 1, "0.3"), (0.35, 1, "0.4"), (2.675, 2, "2.68"),
                                                       (-0.04, 1, "0.0"), (1234567.891, 2, "1,234,567.89")])
def test_rounding_is_half_up_and_grouped(value, decimals, expected):
    assert number(value, decimals) == expected


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 4, 11, 21, 22, 103)] == [
        "first", "second", "fourth", "11th", "21st", "22nd", "103rd"]


def test_plain_numbers_never_use_exponents():
    from generator.figures.formatting import plain_number

    assert [plain_number(v) for v in (1.3e7, 69.5, 0.25, -0.0)] == ["13000000", "69.5", "0.25", "0"]


@pytest.mark.parametrize("value, unit, decimals, expected", [
    (1.0, "pp", 1, "1.0 percentage points"), (1, "pp", 0, "1 percentage point"), (1, "people", 0, "1 person"),
    (640, "USD m", 0, "640 million US dollars"), (22.5, "GW", 1, "22.5 gigawatts"),
])
def test_nouns_agree_with_the_number_as_shown(value, unit, decimals, expected):
    assert with_unit(value, unit, decimals) == expected


def test_an_unknown_unit_is_shown_as_written():
    assert with_unit(55, "USD bm", 0) == "55 USD bm"  # and reported as figure-unit by brief check
