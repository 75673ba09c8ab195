"""The strongest registered candidate for one new person, scored as the duplicates screen scores.

An import compares each row with the persons born on the same day (or with day and month
swapped); most of them share no name at all, so a pair is scored only when the two share the
variant key of a surname or given-name word (``name_variants``): a pair without one loses at least
40 + 15 points on names and cannot reach ``STRONG`` on a birth date alone.
"""
from __future__ import annotations

import datetime as dt
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
    return frozenset(variant_keys(facts.surname) + variant_keys(facts.given_name))


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
        if not (keys & other_keys) and not (facts.iin and facts.iin == other.iin):
            continue
        match = score(facts, other)
        if match.strong and (best is None or match.value > best[1].value):
            best = (key, match)
    return best
