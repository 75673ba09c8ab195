"""The centre's details: the name per language and the rules for a value."""
from __future__ import annotations

import pytest

from domain.centre import MAX_LENGTH, CentreDetails, clean
from domain.errors import ValidationError


def test_the_name_is_the_one_of_the_language_and_falls_back_to_a_name_that_is_set():
    centre = CentreDetails(name_kk="Орталық", name_ru="Центр")
    assert centre.name("kk") == "Орталық" and centre.name("ru") == "Центр"
    assert centre.name("en") == "Орталық"  # no English name: the Kazakh one, never a made-up name
    assert CentreDetails().name("ru") == ""


def test_clean_tidies_spaces_and_refuses_every_bad_field_by_name():
    assert clean({"name_ru": "  Центр   адаптации "}) == {"name_ru": "Центр адаптации"}
    with pytest.raises(ValidationError) as refused:
        clean({"address": "one\ntwo", "phone": "1" * (MAX_LENGTH + 1), "colour": "red", "name_kk": "ok"})
    assert [p.field for p in refused.value.problems] == ["address", "phone", "colour"]
