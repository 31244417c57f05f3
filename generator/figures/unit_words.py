"""The few words for numbers that CLDR does not hold, per language (en, zh, ru; others use English).

Everything else a figure's words need (currency names and symbols, measurement units, scale
words such as "billion" / "млрд" / "亿", percent signs, plural rules) comes from babel.
A table value is a pattern with "{0}" for the number, or plural forms (CLDR's one/few/many/other)
of such patterns. Adding a language: a row in each table.
"""
from __future__ import annotations

from typing import Any

ORDINALS = {"en": ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                   "ninth", "tenth")}
ORDINAL_PATTERN = {"en": "{0}th", "zh": "第{0}", "ru": "{0}-й"}
YEAR = {"en": "{0}", "zh": "{0}年", "ru": "{0}"}
POINTS = {"en": {"other": "{0} percentage points", "one": "{0} percentage point", "short": "{0} pp"},
          "zh": "{0}个百分点",
          "ru": {"other": "{0} п. п."}}
RATIO = {"en": {"other": "{0} times", "short": "{0}×"}, "zh": "{0}倍",
         "ru": {"one": "{0} раз", "few": "{0} раза", "many": "{0} раз", "other": "{0} раза", "short": "{0}×"}}
PEOPLE = {"en": {"one": "{0} person", "other": "{0} people"}, "zh": "{0}人",
          "ru": {"one": "{0} человек", "few": "{0} человека", "many": "{0} человек", "other": "{0} человека"}}
CHANGE = {"en": {"up": "up {0}", "down": "down {0}", "same": "unchanged"},
          "zh": {"up": "增长{0}", "down": "下降{0}", "same": "持平"},
          "ru": {"up": "рост на {0}", "down": "снижение на {0}", "same": "без изменений"}}
DESCRIBE = {"en": {"percent": "per cent", "points": "percentage points", "ratio": "times", "rank": "rank"},
            "zh": {"percent": "百分比", "points": "百分点", "ratio": "倍", "rank": "排名"},
            "ru": {"percent": "проценты", "points": "процентные пункты", "ratio": "раз", "rank": "место"}}
# Qualifiers an analyst puts before a number ("nearly half", "over 80%").
QUALIFIERS = {"en": {"about": "about {0}", "nearly": "nearly {0}", "over": "over {0}", "under": "under {0}",
                     "at least": "at least {0}", "at most": "at most {0}"},
              "zh": {"about": "约{0}", "nearly": "近{0}", "over": "超过{0}", "under": "不到{0}",
                     "at least": "至少{0}", "at most": "至多{0}"},
              "ru": {"about": "около {0}", "nearly": "почти {0}", "over": "более {0}", "under": "менее {0}",
                     "at least": "не менее {0}", "at most": "не более {0}"}}
FRACTIONS = {"en": {25: "a quarter", 100 / 3: "a third", 50: "half", 200 / 3: "two-thirds", 75: "three-quarters"},
             "zh": {25: "四分之一", 100 / 3: "三分之一", 50: "一半", 200 / 3: "三分之二", 75: "四分之三"},
             "ru": {25: "четверть", 100 / 3: "треть", 50: "половина", 200 / 3: "две трети", 75: "три четверти"}}
RANGE = {"en": "{0}–{1}", "zh": "{0}–{1}", "ru": "{0}–{1}"}
# Units CLDR lacks (see generator.figures.units.EXTRA_MEASURES), long forms; short forms are the same.
EXTRA_UNITS: dict[str, dict[str, Any]] = {"mass-jin": {"en": "{0} jin", "zh": "{0}斤",
                            "ru": {"one": "{0} цзинь", "few": "{0} цзиня", "many": "{0} цзиней", "other": "{0} цзиня"}},
               "area-mu": {"en": "{0} mu", "zh": "{0}亩", "ru": "{0} му"}}
# House style where CLDR's choice reads oddly in a brief: "billion yuan", "¥11.86 tn", "$69.5 bn", 亿元.
CURRENCY_NAMES = {"en": {"CNY": "yuan"}, "zh": {"CNY": "元"}}
CURRENCY_SYMBOLS = {"en": {"CNY": "¥"}}
SHORT_SCALES = {"en": {3: "k", 6: "m", 9: "bn", 12: "tn"}}
UNGROUPED_BEFORE_SCALE = ("zh",)  # 1256万人, 3000亿元: no group separator before 万 and 亿
SHORT_SCALE_IN_PROSE = ("ru",)  # Russian prose writes "69,5 млрд долларов США", not "миллиарда"


def pick(table: dict[str, Any], lang: str) -> Any:
    """A language's row, or English's."""
    return table.get(lang, table["en"])
