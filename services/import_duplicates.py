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
import sys
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Sequence

from domain.duplicate_lookup import days_to_look_up, may_match, names_keys, strongest_keyed, word_keys
from domain.duplicate_scoring import PersonFacts
from domain.errors import FieldProblem
from domain.messages import N_
from domain.register_rows import ParsedRow

if TYPE_CHECKING:
    from storage.unit_of_work import SqlAlchemyUnitOfWork

POSSIBLE_DUPLICATE = N_("Possibly the same person as {name} (case {case_number}, score {score} of 100): "
                        "check it on the duplicates screen.")


def _facts(values: dict[str, Any]) -> PersonFacts:
    return PersonFacts(values.get("surname") or "", values.get("given_name") or "", values.get("patronymic") or "",
                       values.get("birth_date"), values.get("iin") or None)


# How many registered persons the look-up keeps between chunks: the persons born on the days the
# last chunks asked for, oldest days dropped first. Each is a tuple of about 200 bytes (names are
# interned, each name's keys one tuple shared through ``word_keys``'s cache), so the look-up stays
# near 12 MB whatever the register or database. At 100 000 persons it holds most of them, so a day
# is seldom read twice (20 000 dicts of ≈1 KB before: the days were read again on nearly every
# chunk, 560 000 persons for a 100 000-row import).
HELD_PERSONS = 60_000


class PossibleDuplicates:
    """Flags rows, chunk by chunk, against the persons registered before the import began.

    A register's birth dates repeat from chunk to chunk (100 000 rows fall on ≈22 000 days, each
    met on several chunks), so the persons born on a day are read and their name keys computed
    once, then kept while ``HELD_PERSONS`` allows. A pair is scored (``domain.duplicate_scoring``)
    only when ``may_match`` says it can be strong; the flagged person's case number is read for
    the warning only. Only persons with an id up to ``last_id`` (the largest before the import)
    are compared: the rows this import wrote in earlier chunks are the in-file duplicate index's
    business (``domain.register_families``), as on a first import into an empty database."""

    def __init__(self, uow: SqlAlchemyUnitOfWork, last_id: int, held: int | None = None) -> None:
        self.uow, self.last_id = uow, last_id
        self.held = HELD_PERSONS if held is None else held
        self._days: OrderedDict[dt.date, list[_Registered]] = OrderedDict()
        self._count = 0

    def mark(self, rows: Sequence[ParsedRow]) -> int:
        """Add a warning to each row (not already a duplicate or refused) whose person scores strong
        against a registered one; returns how many rows were flagged."""
        candidates = [row for row in rows if row.ok and row.values.get("birth_date")]
        if not candidates or not self.last_id:
            return 0
        self._read({day for row in candidates for day in days_to_look_up(row.values["birth_date"])})
        found: list[tuple[ParsedRow, _Registered, int]] = []
        for row in candidates:
            values = row.values
            keys, iin = names_keys(values.get("surname"), values.get("given_name")), values.get("iin") or None
            others = [(person, day) for day in days_to_look_up(values["birth_date"]) for person in self._days[day]
                      if may_match(keys, iin, person[6], person[1], person[2])]
            if not others:
                continue
            best = strongest_keyed(_facts(values), (
                (index, PersonFacts(person[3], person[4], person[5], day, person[6]), frozenset(person[1] + person[2]))
                for index, (person, day) in enumerate(others)))
            if best is not None:
                found.append((row, others[int(best[0])][0], best[1].value))  # type: ignore[call-overload]
        cases = self.uow.imports.case_numbers(person[0] for _, person, _ in found) if found else {}
        for row, person, value in found:
            name = " ".join(part for part in (person[3], person[4], person[5]) if part)
            row.warnings.append(FieldProblem("surname", POSSIBLE_DUPLICATE, {
                "name": name, "case_number": cases.get(person[0], "?"), "score": value}))
        self._forget()
        return len(found)

    def _read(self, days: set[dt.date]) -> None:
        missing = [day for day in days if day not in self._days]
        if missing:
            born = self.uow.imports.persons_born_on(missing, up_to=self.last_id)
            intern = sys.intern
            for day in missing:
                people = born.get(day, [])
                self._days[day] = [(person_id, word_keys(surname), word_keys(given_name), intern(surname or ""),
                                    intern(given_name or ""), intern(patronymic or ""), iin or None)
                                   for person_id, surname, given_name, patronymic, iin in people]
                self._count += len(people)
        for day in days:
            self._days.move_to_end(day)

    def _forget(self) -> None:
        while self._count > self.held and self._days:
            _, people = self._days.popitem(last=False)
            self._count -= len(people)


# (person id, surname's and given name's variant keys, surname, given name, patronymic, IIN)
_Registered = tuple[int, tuple[str, ...], tuple[str, ...], str, str, str, str | None]
