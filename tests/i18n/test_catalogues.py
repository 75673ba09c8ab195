"""One catalogue per language: complete, consistent with the code, and the check catches each fault."""
from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from pathlib import Path

import pytest


from i18n import Translator
from i18n.catalog import (
    POT, TRANSLATED_LANGUAGES, FoldConflict, _read, catalogue_path, extract, fold, main, template_problems,
    translation_problems,
)

# the package exports a function named ``translator``, which hides the module of that name
translator_module = importlib.import_module("i18n.translator")

HEADER = '''msgid ""
msgstr ""
"Language: {language}\\n"
"Plural-Forms: {plural}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"

'''
PLURALS = {"kk": "nplurals=2; plural=(n != 1);",
           "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
                 "n%100>=20) ? 1 : 2);"}
TEMPLATE = '''#, python-brace-format
msgid "{count} family"
msgid_plural "{count} families"
msgstr[0] ""
msgstr[1] ""

#, python-brace-format
msgid "Saved by {name}."
msgstr ""

msgctxt "task state"
msgid "Open"
msgstr ""

msgid "Open"
msgstr ""
'''
GOOD_RU = '''msgid "{count} family"
msgid_plural "{count} families"
msgstr[0] "{count} семья"
msgstr[1] "{count} семьи"
msgstr[2] "{count} семей"

msgid "Saved by {name}."
msgstr "Сохранил {name}."

msgctxt "task state"
msgid "Open"
msgstr "Открыта"

msgid "Open"
msgstr "Открыть"
'''


def _po(folder: Path, name: str, language: str, body: str) -> Path:
    path = folder / name
    path.write_text(HEADER.format(language=language, plural=PLURALS[language]) + body, encoding="utf-8")
    return path


@pytest.fixture
def pot(tmp_path):
    return _read(_po(tmp_path, "messages.pot", "kk", TEMPLATE))


# --- the real catalogues ------------------------------------------------------------------------
def test_the_check_passes_on_the_committed_catalogues(capsys):
    """python -m i18n.catalog check: extract is up to date and both languages are complete."""
    assert main(["check"]) == 0, capsys.readouterr().out[:4000]


def test_one_catalogue_per_language_with_messages_from_every_layer():
    for language in TRANSLATED_LANGUAGES:
        folder = catalogue_path(language).parent
        assert sorted(p.name for p in folder.glob("*.po")) == ["messages.po"]
    files = {location.split("/")[0] for message in _read(POT) for location, _line in message.locations}
    assert {"domain", "services", "cli", "gui", "reports"} <= files


def test_a_word_with_two_meanings_has_two_translations():
    ru = Translator("ru")
    assert ru.pgettext("task state", "Open") != ru.gettext("Open")
    assert ru.pgettext("report figure", "Job placements") != ru.gettext("Job placements")


def test_a_stored_count_message_takes_the_plural_of_its_count():
    ru, en = Translator("ru"), Translator("en")
    msgid = "Family registered with {count} member."
    forms = {ru.message(msgid, {"count": n}).format(count=n) for n in (1, 3, 5)}
    assert len(forms) == 3
    assert en.message(msgid, {"count": 2}).format(count=2) == "Family registered with 2 members."
    assert en.message(msgid, {"count": 1}).format(count=1) == "Family registered with 1 member."


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


# --- each fault the check must catch, on a small crafted catalogue ----------------------------------
def test_a_complete_crafted_catalogue_passes(tmp_path, pot):
    assert translation_problems(pot, "ru", [_po(tmp_path, "messages.po", "ru", GOOD_RU)]) == []


def test_an_untranslated_message_fails(tmp_path, pot):
    body = GOOD_RU.replace('msgstr "Сохранил {name}."', 'msgstr ""')
    found = translation_problems(pot, "ru", [_po(tmp_path, "messages.po", "ru", body)])
    assert found == ["untranslated [ru] 'Saved by {name}.'"]


def test_a_fuzzy_translation_counts_as_untranslated(tmp_path, pot):
    body = GOOD_RU.replace('msgid "Saved by {name}."', '#, fuzzy\nmsgid "Saved by {name}."')
    found = translation_problems(pot, "ru", [_po(tmp_path, "messages.po", "ru", body)])
    assert found == ["untranslated [ru] 'Saved by {name}.'"]


def test_a_conflicting_duplicate_fails(tmp_path, pot):
    main_po = _po(tmp_path, "messages.po", "ru", GOOD_RU)
    area = _po(tmp_path, "area.po", "ru", 'msgid "Saved by {name}."\nmsgstr "Сохранено: {name}."\n')
    found = translation_problems(pot, "ru", [main_po, area])
    assert len(found) == 1 and found[0].startswith("conflict [ru] 'Saved by {name}.'")


def test_a_duplicate_inside_one_file_fails(tmp_path, pot):
    body = GOOD_RU + '\nmsgid "Open"\nmsgstr "Открыто"\n'
    found = translation_problems(pot, "ru", [_po(tmp_path, "messages.po", "ru", body)])
    assert len(found) == 1 and found[0].startswith("conflict [ru] 'Open'")


def test_a_missing_plural_form_fails(tmp_path, pot):
    body = GOOD_RU.replace('msgstr[2] "{count} семей"\n', 'msgstr[2] ""\n')
    found = translation_problems(pot, "ru", [_po(tmp_path, "messages.po", "ru", body)])
    assert found == ["plural forms [ru] '{count} family': 2 of 3 filled"]


def test_two_plural_forms_are_enough_for_kazakh(tmp_path, pot):
    body = '''msgid "{count} family"
msgid_plural "{count} families"
msgstr[0] "{count} отбасы"
msgstr[1] "{count} отбасы"

msgid "Saved by {name}."
msgstr "{name} сақтады."

msgctxt "task state"
msgid "Open"
msgstr "Ашық"

msgid "Open"
msgstr "Ашу"
'''
    assert translation_problems(pot, "kk", [_po(tmp_path, "messages.po", "kk", body)]) == []


def test_a_placeholder_that_differs_from_the_source_fails(tmp_path, pot):
    body = GOOD_RU.replace('msgstr "Сохранил {name}."', 'msgstr "Сохранил {user}."')
    found = translation_problems(pot, "ru", [_po(tmp_path, "messages.po", "ru", body)])
    assert found == ["placeholder [ru] 'Saved by {name}.': 'Сохранил {user}.'"]
    body = GOOD_RU.replace('msgstr "Сохранил {name}."', 'msgstr "Сохранено."')
    assert translation_problems(pot, "ru", [_po(tmp_path, "messages.po", "ru", body)]) == [
        "placeholder [ru] 'Saved by {name}.': 'Сохранено.'"]


def test_a_placeholder_missing_from_a_plural_form_fails(tmp_path, pot):
    body = GOOD_RU.replace('msgstr[2] "{count} семей"', 'msgstr[2] "много семей"')
    found = translation_problems(pot, "ru", [_po(tmp_path, "messages.po", "ru", body)])
    assert found == ["placeholder [ru] '{count} family': 'много семей' (form 2)"]


def test_a_message_in_the_code_missing_from_the_template_fails(tmp_path, pot):
    (tmp_path / "gui").mkdir()
    (tmp_path / "gui" / "screen.py").write_text(
        'from domain.messages import NC_, Nn_\n'
        'LABEL = NC_("task state", "Open")\n'
        'def show(tr, n):\n'
        '    return tr.ngettext("{count} family", "{count} families", n), tr._("Open"), tr._("Saved by {name}.")\n'
        'NEW = Nn_("{count} member", "{count} members")\n', encoding="utf-8")
    extract(tmp_path / "code.pot", root=tmp_path)
    found = template_problems(pot, _read(tmp_path / "code.pot"))
    assert found == ["not in messages.pot '{count} member' (run python -m i18n.catalog build)"]


# --- folding an area catalogue, as a merge brings them ------------------------------------------------
@pytest.fixture
def locale_dir(tmp_path):
    folder = tmp_path / "locale" / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    _po(folder, "messages.po", "ru", GOOD_RU)
    return tmp_path / "locale"


def test_fold_adds_an_area_file_and_removes_it(locale_dir):
    area = _po(locale_dir / "ru" / "LC_MESSAGES", "formkit.po", "ru", '''msgid "Saved by {name}."
msgstr "Сохранил {name}."

msgid "{count} row"
msgid_plural "{count} rows"
msgstr[0] "{count} строка"
msgstr[1] "{count} строки"
msgstr[2] "{count} строк"
''')
    assert fold([area], locale_dir) == {"ru": 2}
    assert not area.exists()
    merged = _read(catalogue_path("ru", locale_dir))
    assert merged.get("{count} row").string == ("{count} строка", "{count} строки", "{count} строк")
    assert merged.get("Open", context="task state").string == "Открыта"


def test_fold_refuses_a_conflicting_translation_and_writes_nothing(locale_dir):
    before = catalogue_path("ru", locale_dir).read_bytes()
    area = _po(locale_dir / "ru" / "LC_MESSAGES", "search.po", "ru",
               'msgid "New one"\nmsgstr "Новое"\n\nmsgid "Open"\nmsgstr "Открыто"\n')
    with pytest.raises(FoldConflict, match="'Open'"):
        fold([area], locale_dir)
    assert area.exists()
    assert catalogue_path("ru", locale_dir).read_bytes() == before


def test_the_translator_reads_an_area_file_until_it_is_folded(tmp_path, monkeypatch):
    folder = tmp_path / "locale" / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    _po(folder, "messages.po", "ru", GOOD_RU)
    _po(folder, "formkit.po", "ru", 'msgid "Only in an area"\nmsgstr "Только в области"\n\n'
                                   'msgid "Open"\nmsgstr "Не так"\n')
    monkeypatch.setattr(translator_module, "_HERE", tmp_path)
    translator_module._catalogue.cache_clear()
    try:
        ru = Translator("ru")
        assert ru.gettext("Only in an area") == "Только в области"
        assert ru.gettext("Open") == "Открыть"  # messages.po wins
    finally:
        translator_module._catalogue.cache_clear()
