import datetime as dt

import pytest

from domain.errors import ValidationError
from domain.families import Relation, check_family_members, validate_person_fields

TODAY = dt.date(2026, 11, 25)


def _validate(**overrides):
    fields = dict(surname="Қасымов", given_name="Нұрлан", birth_date=dt.date(1987, 10, 8), sex="F",
                  iin="871008401427", relation=Relation.HEAD, today=TODAY)
    fields.update(overrides)
    return validate_person_fields(**fields)


def test_valid_member_gives_clean_iin_and_no_warning():
    assert _validate() == ("871008401427", [])


def test_every_bad_field_is_named_at_once():
    with pytest.raises(ValidationError) as caught:
        _validate(surname=" ", iin="821214240092", birth_date=dt.date(2027, 1, 1), prefix="members.0.")
    fields = {p.field for p in caught.value.problems}
    assert fields == {"members.0.surname", "members.0.iin", "members.0.birth_date"}


def test_iin_mismatch_is_only_a_warning():
    iin, warnings = _validate(birth_date=dt.date(1987, 10, 9), sex="M")
    assert iin == "871008401427"
    assert len(warnings) == 2


def test_family_needs_exactly_one_head_and_distinct_iins():
    assert check_family_members([], []) != []
    assert check_family_members([Relation.CHILD], [None])[0].field == "members"
    problems = check_family_members([Relation.HEAD, Relation.CHILD], ["871008401427", "871008401427"])
    assert problems[0].field == "members.1.iin"
    assert check_family_members([Relation.HEAD, Relation.SPOUSE], ["871008401427", None]) == []
