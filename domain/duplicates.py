"""Possible duplicate persons: why a pair was flagged, and the rules of merging two records.

Merging keeps one person and removes the other; what the removed record knew and the kept
one did not (IIN, birth date, Latin name …) is carried over. A merge is about one person: the
removed record's own documents, statuses and records move to the kept one, and the rest of the
removed record's household stays a household of its own (with a new head where needed) unless
the reviewer explicitly moves it too; a case left with nobody in it was that one person's case,
so its history moves with them. Two different IINs are two
different people by law, so such a pair is never merged: it is marked distinct or one IIN
is corrected first.
"""
from __future__ import annotations

from collections.abc import Sequence

from domain.errors import RuleViolation, ValidationError
from domain.families import Person
from domain.messages import N_


class DuplicateReason:
    SAME_IIN = "same_iin"
    SAME_NAME_AND_BIRTH_DATE = "same_name_and_birth_date"
    SCORED = "scored"  # found by the whole-register scan (domain.duplicate_scan)
    ALL = (SAME_IIN, SAME_NAME_AND_BIRTH_DATE, SCORED)
    LABELS = {SAME_IIN: N_("Same IIN"), SAME_NAME_AND_BIRTH_DATE: N_("Same name and birth date"),
              SCORED: N_("Similar records (duplicate scan)")}


class DuplicateStatus:
    OPEN = "open"
    MERGED = "merged"
    DISTINCT = "distinct"
    ALL = (OPEN, MERGED, DISTINCT)


# Fields the kept person takes from the removed one when its own value is empty.
FILLABLE_FIELDS = ("patronymic", "latin_name", "birth_date", "sex", "iin", "citizenship_code",
                   "education_level", "profession")


def check_merge(kept: Person, other: Person) -> None:
    """Refuse a merge that would lose or mix up identities."""
    if kept is other or getattr(kept, "id", None) == getattr(other, "id", object()):
        raise ValidationError("keep_person_id", N_("Choose which of the two persons to keep."))
    if kept.iin and other.iin and kept.iin != other.iin:
        raise RuleViolation("different_iins", N_(
            "The two persons have different IINs ({iin_a} and {iin_b}): they are different people. "
            "Correct the wrong IIN first or mark the pair as distinct."), iin_a=kept.iin, iin_b=other.iin)


def missing_fields(kept: Person, other: Person) -> list[str]:
    """The fields whose value the kept person lacks and the other one has, in a fixed order."""
    taken = []
    for name in FILLABLE_FIELDS:
        if not getattr(kept, name) and getattr(other, name):
            taken.append(name)
    return taken


def successor_head(members: Sequence[Person]) -> Person | None:
    """Who heads a household whose head was merged away: the spouse, else the eldest member
    (members without a birth date last); None for an empty household."""
    if not members:
        return None
    return min(members, key=lambda m: (m.relation != "spouse", m.birth_date is None,
                                       m.birth_date.toordinal() if m.birth_date else 0))
