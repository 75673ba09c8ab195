"""Names with hidden or hostile content (domain.names.name_problem / strip_invisible), in the
register import and in the registration form's validation alike."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from domain.errors import ValidationError
from domain.families import Relation, validate_person_fields
from domain.names import FORMULA_STARTS, name_problem, strip_invisible
from domain.register_header import find_header
from domain.register_rows import RowReader
from tests.domain.test_register_rows import COUNTRIES, REGIONS, TODAY

HEADER = find_header(iter([(1, ["Фамилия", "Имя", "Отчество"])]))
READER = RowReader(HEADER, TODAY, REGIONS, COUNTRIES)
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad\x07\x1b"


def read(surname):
    return READER.read(2, [surname, "Нұрлан", "Бекұлы"])


@pytest.mark.parametrize("surname, message", [
    ("=HYPERLINK(\"http://x\";\"Омаров\")", "A name cannot start with «{char}» (a spreadsheet would take it for a formula)."),
    ("+Омаров", "A name cannot start with «{char}» (a spreadsheet would take it for a formula)."),
    ("-Омаров", "A name cannot start with «{char}» (a spreadsheet would take it for a formula)."),
    ("@Омаров", "A name cannot start with «{char}» (a spreadsheet would take it for a formula)."),
    ("Омаров2", "A name cannot contain digits («{char}»)."),
    ("Омаров😀", "A name can hold letters, spaces, hyphens and apostrophes, not «{char}»."),
])
def test_hostile_names_are_refused_naming_the_column(surname, message):
    row = read(surname)
    assert [(p.field, p.message) for p in row.errors] == [("surname", message)]


@pytest.mark.parametrize("surname", ["Ом\u202eаров", "\u200bОмаров", "Омар\u200dов\x07", "\ufeffОмаров"])
def test_invisible_characters_are_removed_with_a_warning(surname):
    row = read(surname)
    assert not row.errors and row.values["surname"] == "Омаров"
    assert [p.field for p in row.warnings] == ["surname"]


def test_ordinary_names_pass_untouched():
    for surname in ("Омаров", "Әбілқасымова", "О'Брайен", "Абдулла-заде", "Ng", "Сейітқали Бекұлы"):
        row = read(surname)
        assert not row.errors and not row.warnings and row.values["surname"] == surname


def test_the_registration_form_refuses_the_same_names():
    for surname in ("=1+1", "Омаров2", "Омаров😀", "Ом\u202eаров"):
        with pytest.raises(ValidationError) as raised:
            validate_person_fields(surname=surname, given_name="Нұрлан", birth_date=None, sex=None, iin=None,
                                   relation=Relation.HEAD, today=TODAY)
        assert raised.value.field == "surname"


hostile = st.text(alphabet=st.one_of(
    st.sampled_from("ОмаровӘбілқасым -'" + INVISIBLE + "=+-@0123456789"),
    st.characters(blacklist_categories=("Cs",)),
), max_size=20)


@given(surname=hostile)
@settings(max_examples=200, deadline=None)
def test_any_name_is_refused_with_a_message_or_stored_clean(surname):
    row = read(surname)
    stored = row.values["surname"]
    if any(p.field == "surname" for p in row.errors):
        return  # refused, with a message naming the column
    assert stored == strip_invisible(stored)
    assert name_problem(stored) is None
    assert not stored.startswith(FORMULA_STARTS)
    assert not any(unicodedata.category(c)[0] in "NS" for c in stored)
    if strip_invisible(surname) != surname:
        assert any(p.field == "surname" for p in row.warnings)  # what was removed is said


def test_name_problem_on_empty_text():
    assert name_problem("") is None and strip_invisible("") == ""


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
       | st.lists(st.sampled_from(["Ом", "ров", " ", "-", "'", "’", "Ə", "\u200b", "²", "Ⅻ", "\t", "ǅ", "ʼ"]),
                  max_size=6).map("".join))
@settings(max_examples=300, deadline=None)
def test_the_letters_only_shortcut_judges_like_the_character_loop(text):
    """``strip_invisible`` and ``name_problem`` skip their per-character loop for names made of
    letters, spaces, hyphens and apostrophes: the answer is the loop's own."""
    from domain import names
    looped = "".join(c for c in text if not names._is_invisible(c))
    assert names.strip_invisible(text) == looped
    expected = None
    if text and text[0] in names.FORMULA_STARTS:
        expected = "formula"
    elif text:
        for char in text:
            category = unicodedata.category(char)
            if category[0] == "N" or names._is_invisible(char) or category[0] == "S" or category in ("Co", "Cs", "Cn"):
                expected = "refused"
                break
    got = names.name_problem(text)
    assert (got is None) == (expected is None)
