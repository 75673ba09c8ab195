"""Every message in the code is translated into Kazakh and Russian, with the same placeholders."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from i18n import Translator
from i18n.catalog import TRANSLATED_LANGUAGES, extract, problems


def test_messages_are_extracted_from_every_layer():
    locations = {source.location.split("/")[0] for source in extract().values()}
    assert {"domain", "services", "cli", "gui"} <= locations


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_message_is_translated_with_matching_placeholders(language):
    found = problems(language)
    assert found == [], "\n".join(found[:40])


def test_plural_forms_follow_each_language():
    kk, ru, en = Translator("kk"), Translator("ru"), Translator("en")
    forms_ru = {ru.ngettext("{count} family", "{count} families", n) for n in (1, 3, 5)}
    assert len(forms_ru) == 3
    assert len({kk.ngettext("{count} family", "{count} families", n) for n in (1, 5)}) <= 2
    assert en.ngettext("{count} family", "{count} families", 1) == "{count} family"
    assert en.ngettext("{count} family", "{count} families", 2) == "{count} families"


def test_money_and_dates_in_each_locale():
    assert Translator("ru").format_money(Decimal("302750")) == "302\u00a0750,00\u00a0₸"
    assert Translator("kk").format_month(dt.date(2026, 3, 1)).lower().startswith("наурыз")
    assert Translator("en").format_date(dt.date(2026, 3, 8)) == "08.03.2026"  # DD.MM.YYYY in English too
