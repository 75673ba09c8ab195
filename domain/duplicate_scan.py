"""Finding the candidate pairs of a whole register without comparing every person with every other.

Comparing 100 000 persons pairwise is five billion scores. Instead each person is put into a few
*blocks* — records that share an identifier or a name-and-date key two records of one person
would share even when spelt differently — and only persons in the same block are scored:

- the IIN, and each passport number;
- surname and given name (variant keys) with the birth year (day/month slips stay in the year);
- given name and the exact birth date (a surname spelt beyond recognition, or changed at marriage);
- surname and the exact birth date (a given name written in another form);
- surname and given name with the birth day and month (a year typed wrong).

A block larger than ``MAX_BLOCK`` (a very common name) is not compared as a whole: its pairs
are still met through the narrower blocks that include the birth date or year.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator

from domain.duplicate_scoring import STRONG, Match, PersonFacts, passport_key, score
from domain.name_variants import word_variant_key

MAX_BLOCK = 60


@dataclass(frozen=True)
class ScannedPerson:
    id: int
    family_id: int
    facts: PersonFacts


@dataclass(frozen=True)
class CandidatePair:
    a: ScannedPerson
    b: ScannedPerson
    match: Match


def _first_key(text: str) -> str:
    words = text.split()
    return word_variant_key(words[0]) if words else ""


def block_keys(person: PersonFacts) -> Iterator[tuple[object, ...]]:
    if person.iin:
        yield ("iin", person.iin)
    for number in person.passports:
        cleaned = passport_key(number)
        if len(cleaned) >= 5:
            yield ("passport", cleaned)
    surname, given = _first_key(person.surname), _first_key(person.given_name)
    born = person.birth_date
    if surname and given and born:
        yield ("names-year", surname, given, born.year)
        yield ("names-day", surname, given, born.month, born.day)
    if born and given:
        yield ("given-born", given, born)
    if born and surname:
        yield ("surname-born", surname, born)


def candidate_pairs(persons: Iterable[ScannedPerson], threshold: int = STRONG,
                    skip: frozenset[tuple[int, int]] = frozenset()) -> list[CandidatePair]:
    """Pairs scoring at least ``threshold``, strongest first; ``skip`` holds (low id, high id)
    pairs a reviewer already decided on."""
    blocks: dict[tuple[object, ...], list[ScannedPerson]] = defaultdict(list)
    for person in persons:
        for key in block_keys(person.facts):
            blocks[key].append(person)
    seen: set[tuple[int, int]] = set(skip)
    found: list[CandidatePair] = []
    for members in blocks.values():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        for index, first in enumerate(members):
            for second in members[index + 1:]:
                pair = (first.id, second.id) if first.id < second.id else (second.id, first.id)
                if pair in seen:
                    continue
                seen.add(pair)
                match = score(first.facts, second.facts)
                if match.value >= threshold:
                    low, high = (first, second) if first.id < second.id else (second, first)
                    found.append(CandidatePair(low, high, match))
    found.sort(key=lambda p: (-p.match.value, p.a.id, p.b.id))
    return found
