"""The translator's own plural rules (i18n.translator._plural_tag, written out so a start does
not load Babel's locale data) give Babel's CLDR category for every whole count."""
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
