"""Is this the same person? A score from the evidence a centre worker would weigh.

Two records of one person differ the way documents and typists differ: the name in another
country's spelling (``name_variants``), the patronymic in its Russian form or missing, the birth
date with day and month swapped or one digit off. Strong identifiers decide on their own: one IIN
(or one passport number) is one person, two different IINs are two people by law. A phone is
shared by a household, so it only adds weight. Every point of the score is named in the evidence
so that the reviewer sees why a pair was put in front of them.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from domain.messages import N_
from domain.name_variants import Closeness, closeness

STRONG = 60  # a candidate the new-family form warns about and the scan lists
MAXIMUM = 100


@dataclass(frozen=True)
class PersonFacts:
    surname: str = ""
    given_name: str = ""
    patronymic: str = ""
    birth_date: dt.date | None = None
    iin: str | None = None
    passports: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    points: int
    message: str  # marked with N_(); the presenting layer translates it
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    value: int  # 0..100
    evidence: tuple[Evidence, ...]

    @property
    def strong(self) -> bool:
        return self.value >= STRONG


# Points per kind of evidence; a difference in a field that both records have counts against.
_NAME_POINTS = {
    "surname": {Closeness.EXACT: 20, Closeness.VARIANT: 16, Closeness.NEAR: 10, Closeness.NONE: -15},
    "given_name": {Closeness.EXACT: 25, Closeness.VARIANT: 20, Closeness.NEAR: 12, Closeness.NONE: -40},
    "patronymic": {Closeness.EXACT: 10, Closeness.VARIANT: 10, Closeness.NEAR: 6, Closeness.NONE: -20},
}
# "{field}: …" rather than a phrase around the field keeps Kazakh and Russian grammatical.
_NAME_LABELS = {"surname": N_("Surname"), "given_name": N_("Given name"), "patronymic": N_("Patronymic")}
_HOW = {Closeness.EXACT: N_("{field}: the same"), Closeness.VARIANT: N_("{field}: the same in another spelling"),
        Closeness.NEAR: N_("{field}: one letter apart"), Closeness.NONE: N_("{field}: different")}


@functools.lru_cache(maxsize=65536)  # a scan compares each person's phone and passports many times
def _phone(text: str) -> str:
    digits = re.sub(r"\D", "", text or "")
    return digits[-10:] if len(digits) >= 7 else ""


@functools.lru_cache(maxsize=65536)
def passport_key(text: str) -> str:
    """A passport number as two records of it compare: no spaces, dashes or № signs, upper case."""
    return re.sub(r"[\s\-№#]", "", (text or "").upper())


@functools.lru_cache(maxsize=65536)
def _date_digits(day: dt.date) -> str:
    return day.strftime("%d%m%Y")


def _name_closeness(a: str, b: str) -> int:
    """Words of a field compared in order; a missing word (one record has two given names) is no
    evidence either way, the weakest pair of words decides."""
    words_a, words_b = a.split(), b.split()
    if not words_a or not words_b:
        return Closeness.NONE
    worst = Closeness.EXACT
    for word_a, word_b in zip(words_a, words_b):
        worst = max(worst, closeness(word_a, word_b))
    if worst == Closeness.NONE and len(words_a) == len(words_b) == 1:
        return Closeness.NONE
    return worst


def birth_date_closeness(a: dt.date, b: dt.date) -> str | None:
    """'equal', 'swapped' (day and month), 'digit' (one digit of DDMMYYYY off) or None."""
    if a == b:
        return "equal"
    if a.day == b.month and a.month == b.day and a.year == b.year:
        return "swapped"
    text_a, text_b = _date_digits(a), _date_digits(b)
    if sum(x != y for x, y in zip(text_a, text_b)) == 1:
        return "digit"
    return None


_BIRTH_POINTS = {"equal": 30, "swapped": 20, "digit": 18, None: -35}
_BIRTH_TEXT = {"equal": N_("Birth date: the same"), "swapped": N_("Birth date: day and month swapped"),
               "digit": N_("Birth date: one digit apart"), None: N_("Birth date: different")}


@dataclass(frozen=True)
class SharedIdentifier:
    kind: str  # "iin", "passport" or "phone"
    value: str  # as the first record writes it


def shared_identifiers(a: PersonFacts, b: PersonFacts) -> tuple[SharedIdentifier, ...]:
    """The strong identifiers two records have in common, compared as ``score`` compares them.

    The reviewer must see these named: an identical IIN or passport number is the best reason to
    merge, and is easily missed in a wall of equal-looking names."""
    shared: list[SharedIdentifier] = []
    if a.iin and b.iin and a.iin == b.iin:
        shared.append(SharedIdentifier("iin", a.iin))
    passports_b = {passport_key(p) for p in b.passports} - {""}
    for number in a.passports:
        if passport_key(number) in passports_b:
            shared.append(SharedIdentifier("passport", number))
    phones_b = {_phone(p) for p in b.phones} - {""}
    for phone in a.phones:
        if _phone(phone) in phones_b:
            shared.append(SharedIdentifier("phone", phone))
    return tuple(shared)


def score(a: PersonFacts, b: PersonFacts) -> Match:
    evidence: list[Evidence] = []
    if a.iin and b.iin:
        if a.iin == b.iin:
            evidence.append(Evidence(MAXIMUM, N_("The same IIN {iin}"), {"iin": a.iin}))
        else:
            evidence.append(Evidence(-MAXIMUM, N_("Different IINs: two people by law")))
    shared_passports = ({passport_key(p) for p in a.passports} & {passport_key(p) for p in b.passports}) - {""}
    if shared_passports:
        evidence.append(Evidence(70, N_("The same passport number {number}"),
                                 {"number": sorted(shared_passports)[0]}))
    shared_phones = ({_phone(p) for p in a.phones} & {_phone(p) for p in b.phones}) - {""}
    if shared_phones:
        evidence.append(Evidence(8, N_("The same phone number")))
    for name in ("surname", "given_name", "patronymic"):
        left, right = getattr(a, name), getattr(b, name)
        if not left.strip() or not right.strip():
            continue  # a missing patronymic is no evidence
        how = _name_closeness(left, right)
        evidence.append(Evidence(_NAME_POINTS[name][how], _HOW[how], {"field": _NAME_LABELS[name]}))
    if a.birth_date and b.birth_date:
        birth = birth_date_closeness(a.birth_date, b.birth_date)
        evidence.append(Evidence(_BIRTH_POINTS[birth], _BIRTH_TEXT[birth]))
    total = sum(item.points for item in evidence)
    if shared_passports:
        # one passport is one person's: whatever else differs, a reviewer must see the pair
        total = max(total, STRONG)
    return Match(max(0, min(MAXIMUM, total)), tuple(sorted(evidence, key=lambda e: -abs(e.points))))
