"""The strongest registered candidate for one new person, scored as the duplicates screen scores.

An import compares each row with the persons born on the same day (or with day and month
swapped); most of them share no name at all, so a pair is scored only when the two share the
variant key of a surname or given-name word (``name_variants``): a pair without one loses at least
40 + 15 points on names and cannot reach ``STRONG`` on a birth date alone.
"""
from __future__ import annotations

import datetime as dt
import functools
from typing import Hashable, Iterable

from domain.duplicate_scoring import Match, PersonFacts, score
from domain.name_variants import variant_keys


def days_to_look_up(born: dt.date) -> list[dt.date]:
    """The birth date and, when it can be read the other way round, the day and month swapped."""
    days = [born]
    if born.day <= 12 and born.day != born.month:
        days.append(dt.date(born.year, born.day, born.month))
    return days


def name_keys(facts: PersonFacts) -> frozenset[str]:
    return names_keys(facts.surname, facts.given_name)


@functools.lru_cache(maxsize=16384)  # an import meets the same surnames and given names on many rows
def word_keys(name: str | None) -> tuple[str, ...]:
    """The variant keys of one name's words (a tuple the callers share: kept, not copied)."""
    return tuple(variant_keys(name))


def names_keys(surname: str | None, given_name: str | None) -> frozenset[str]:
    """The variant keys of a surname's and a given name's words (``name_keys`` of plain names)."""
    return frozenset(word_keys(surname) + word_keys(given_name))


def may_match(keys: frozenset[str], iin: str | None, other_iin: str | None, *other_keys: Iterable[str]) -> bool:
    """Whether a pair is worth scoring: a shared name key (``other_keys``: the other person's keys,
    in one or more groups), or the same IIN (see the module's note)."""
    return bool(iin and iin == other_iin) or any(not keys.isdisjoint(group) for group in other_keys)


def strongest(facts: PersonFacts, others: Iterable[tuple[Hashable, PersonFacts]]) -> tuple[Hashable, Match] | None:
    """The other person with the highest score of at least ``STRONG`` (None when there is none)."""
    return strongest_keyed(facts, ((key, other, name_keys(other)) for key, other in others))


def strongest_keyed(facts: PersonFacts, others: Iterable[tuple[Hashable, PersonFacts, frozenset[str]]]
                    ) -> tuple[Hashable, Match] | None:
    """``strongest`` with each other person's ``name_keys`` given (an import meets the same
    registered persons on many rows and computes their keys once)."""
    keys = name_keys(facts)
    best: tuple[Hashable, Match] | None = None
    for key, other, other_keys in others:
        if not may_match(keys, facts.iin, other.iin, other_keys):
            continue
        match = score(facts, other)
        if match.strong and (best is None or match.value > best[1].value):
            best = (key, match)
    return best
