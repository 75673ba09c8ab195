"""The translator's own plural rules and count grouping (written out in i18n.translator so a
start does not load Babel's locale data) give what Babel gives for every whole count."""
from __future__ import annotations

import pytest
from babel import Locale

from i18n.translator import _LOCALES, Translator, _plural_tag


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_written_out_rules_are_babels(language):
    rule = Locale.parse(_LOCALES[language]).plural_form
    counts = list(range(0, 1200)) + [-1, -2, -5, -11, -21, 10_001, 100_011, 1_000_022, 1_000_005]
    assert [_plural_tag(language, n) for n in counts] == [rule(n) for n in counts]


def test_russian_plural_forms_pick_the_right_catalogue_form():
    ru = Translator("ru")
    forms = [ru.ngettext("{count} family", "{count} families", n) for n in (1, 2, 5, 11, 21, 22, 25, 111)]
    assert forms == ["{count} семья", "{count} семьи", "{count} семей", "{count} семей", "{count} семья",
                     "{count} семьи", "{count} семей", "{count} семей"]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_whole_counts_are_grouped_as_babel_groups_them(language):
    from babel.numbers import format_decimal
    translator = Translator(language)
    for value in (0, 7, 999, 1000, 12_345, -1234, 266_242, 1_000_000, -98_765_432):
        assert translator.format_number(value) == format_decimal(value, "#,##0", locale=_LOCALES[language])


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_money_is_written_as_babel_writes_it(language):
    from decimal import Decimal

    from babel.numbers import format_decimal
    translator = Translator(language)
    for value in (Decimal("0"), Decimal("3.5"), Decimal("1234.565"), Decimal("1234.575"), Decimal("-0.005"),
                  Decimal("98765432.10"), Decimal("1E+3"), 0, 1_500_000, -42):
        for digits in (0, 2):
            expected = format_decimal(value, "#,##0." + "0" * digits if digits else "#,##0", locale=_LOCALES[language])
            assert translator.format_number(value, digits if digits else None) == expected, (value, digits)
