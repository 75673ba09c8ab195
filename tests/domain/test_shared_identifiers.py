"""Which strong identifiers two records share: the duplicate review points each one out."""
from domain.duplicate_scoring import PersonFacts, SharedIdentifier, shared_identifiers


def test_iin_passport_and_phone_compare_as_the_score_compares_them():
    a = PersonFacts(iin="871008312347", passports=("N 123-4567", "X1"), phones=("+7 701 111 22 33",))
    b = PersonFacts(iin="871008312347", passports=("n1234567",), phones=("8 701 111 22 33",))
    assert shared_identifiers(a, b) == (SharedIdentifier("iin", "871008312347"),
                                        SharedIdentifier("passport", "N 123-4567"),
                                        SharedIdentifier("phone", "+7 701 111 22 33"))


def test_missing_or_different_identifiers_are_not_shared():
    a = PersonFacts(iin="871008312347", passports=("",), phones=("12",))
    b = PersonFacts(iin="871008312348", passports=("",), phones=("12",))
    assert shared_identifiers(a, b) == ()
    assert shared_identifiers(PersonFacts(), PersonFacts()) == ()
