"""Import rows that may be a person already registered under another spelling: flagged per row.

``services.imports`` already treats a row with a registered IIN, or the same name and birth date,
as that person ("existing"). A row whose person is registered under another country's spelling,
with the patronymic in its Russian form or missing, or with day and month swapped, would be added
as a new family without a word; here it gets a warning in the import verdict naming the registered
person, their case and the score, with the scorer the duplicates screen uses
(``domain.duplicate_scoring`` through ``domain.duplicate_lookup``). The row is still imported (a
warning, not a refusal): the duplicates screen is where two records are merged.
"""
from __future__ import annotations

import datetime as dt
from array import array
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from domain.duplicate_lookup import days_to_look_up, may_match, names_keys, strongest_keyed, word_keys
from domain.duplicate_scoring import PersonFacts
from domain.errors import FieldProblem
from domain.messages import N_
from domain.register_families import iin_key
from domain.register_rows import ParsedRow

if TYPE_CHECKING:
    from storage.unit_of_work import SqlAlchemyUnitOfWork

POSSIBLE_DUPLICATE = N_("Possibly the same person as {name} (case {case_number}, score {score} of 100): "
                        "check it on the duplicates screen.")


def _facts(values: dict[str, Any]) -> PersonFacts:
    return PersonFacts(values.get("surname") or "", values.get("given_name") or "", values.get("patronymic") or "",
                       values.get("birth_date"), values.get("iin") or None)


# How many registered persons the look-up keeps between chunks. Every person born on a day a chunk
# asked for is held until then, so each day is read once: a register's birth dates repeat from
# chunk to chunk, and at a million persons a 100 000-row register meets nearly every day on every
# chunk (held as tuples under a cap of 60 000, its days were read again chunk after chunk: about
# 5 million persons for one import). Each is held in flat arrays, ≈24 bytes beside its distinct
# names (``_Held``): 1.5 million persons stay near 40 MB; past that everything held is dropped and
# the days are read again as chunks ask for them.
HELD_PERSONS = 1_500_000
_NO_IIN, _ODD_IIN = -1, -2


class PossibleDuplicates:
    """Flags rows, chunk by chunk, against the persons registered before the import began.

    The persons born on a day are read and their name keys computed once, then kept while
    ``HELD_PERSONS`` allows. A pair is scored (``domain.duplicate_scoring``) only when
    ``may_match`` says it can be strong; the flagged person's case number is read for the warning
    only. Only persons with an id up to ``last_id`` (the largest before the import) are compared:
    the rows this import wrote in earlier chunks are the in-file duplicate index's business
    (``domain.register_families``), as on a first import into an empty database."""

    def __init__(self, uow: SqlAlchemyUnitOfWork, last_id: int, held: int | None = None) -> None:
        self.uow, self.last_id = uow, last_id
        self.held = HELD_PERSONS if held is None else held
        self._persons = _Held()

    def mark(self, rows: Sequence[ParsedRow]) -> int:
        """Add a warning to each row (not already a duplicate or refused) whose person scores strong
        against a registered one; returns how many rows were flagged."""
        candidates = [row for row in rows if row.ok and row.values.get("birth_date")]
        if not candidates or not self.last_id:
            return 0
        self._read({day for row in candidates for day in days_to_look_up(row.values["birth_date"])})
        held = self._persons
        name_keys, names, spans = held.name_keys, held.names, held.days
        found: list[tuple[ParsedRow, _Registered, int]] = []
        for row in candidates:
            values = row.values
            keys, iin = names_keys(values.get("surname"), values.get("given_name")), values.get("iin") or None
            others = [(position, day) for day in days_to_look_up(values["birth_date"])
                      for position in range(*spans[day])
                      if may_match(keys, iin, held.iin(position) if iin else None,
                                   name_keys[names[3 * position]], name_keys[names[3 * position + 1]])]
            if not others:
                continue
            people = [(held.person(position), day) for position, day in others]
            best = strongest_keyed(_facts(values), (
                (index, PersonFacts(person[3], person[4], person[5], day, person[6]), frozenset(person[1] + person[2]))
                for index, (person, day) in enumerate(people)))
            if best is not None:
                found.append((row, people[int(best[0])][0], best[1].value))  # type: ignore[call-overload]
        cases = self.uow.imports.case_numbers(person[0] for _, person, _ in found) if found else {}
        for row, person, value in found:
            name = " ".join(part for part in (person[3], person[4], person[5]) if part)
            row.warnings.append(FieldProblem("surname", POSSIBLE_DUPLICATE, {
                "name": name, "case_number": cases.get(person[0], "?"), "score": value}))
        if len(self._persons) > self.held:
            self._persons = _Held()
        return len(found)

    def _read(self, days: set[dt.date]) -> None:
        missing = [day for day in days if day not in self._persons.days]
        if missing:
            born = self.uow.imports.persons_born_on(missing, up_to=self.last_id)
            for day in missing:
                self._persons.add_day(day, born.get(day, ()))


class _Held:
    """Registered persons by birth date, in flat arrays: a day's persons are the positions
    ``days[day]`` (a range), each with its id, IIN (a number; -1 none) and three name numbers
    (surname, given name, patronymic) into the distinct names, whose keys are computed once."""

    def __init__(self) -> None:
        self.days: dict[dt.date, tuple[int, int]] = {}
        self.ids = array("i")
        self.iins = array("q")
        self.names = array("i")
        self.name_text: list[str] = []
        self.name_keys: list[tuple[str, ...]] = []
        self._name_numbers: dict[str, int] = {}
        self._odd_iins: dict[int, str] = {}  # position → an IIN that is not 12 ASCII digits

    def __len__(self) -> int:
        return len(self.ids)

    def add_day(self, day: dt.date, people: Iterable[tuple[int, str, str, str, str | None]]) -> None:
        start = len(self.ids)
        for person_id, surname, given_name, patronymic, iin in people:
            position = len(self.ids)
            self.ids.append(person_id)
            key = iin_key(iin) if iin else None
            if key is None:
                self.iins.append(_NO_IIN)
            elif isinstance(key, int):
                self.iins.append(key)
            else:
                self.iins.append(_ODD_IIN)
                self._odd_iins[position] = key
            self.names.extend((self._name(surname), self._name(given_name), self._name(patronymic)))
        self.days[day] = (start, len(self.ids))

    def _name(self, text: str | None) -> int:
        text = text or ""
        number = self._name_numbers.get(text)
        if number is None:
            number = self._name_numbers[text] = len(self.name_text)
            self.name_text.append(text)
            self.name_keys.append(word_keys(text))
        return number

    def iin(self, position: int) -> str | None:
        value = self.iins[position]
        if value == _NO_IIN:
            return None
        return self._odd_iins[position] if value == _ODD_IIN else f"{value:012d}"

    def person(self, position: int) -> "_Registered":
        surname, given_name, patronymic = self.names[3 * position:3 * position + 3]
        return (self.ids[position], self.name_keys[surname], self.name_keys[given_name], self.name_text[surname],
                self.name_text[given_name], self.name_text[patronymic], self.iin(position))


# (person id, surname's and given name's variant keys, surname, given name, patronymic, IIN)
_Registered = tuple[int, tuple[str, ...], tuple[str, ...], str, str, str, str | None]
