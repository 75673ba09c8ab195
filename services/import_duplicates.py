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
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Sequence

from domain.duplicate_lookup import days_to_look_up, name_keys, strongest_keyed
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


# How many registered persons the look-up keeps between chunks (about 1 KB each): the persons
# born on the days the last chunks asked for, oldest days dropped first
HELD_PERSONS = 20_000


class PossibleDuplicates:
    """Flags rows, chunk by chunk, against the persons registered before the import began.

    A register's birth dates repeat from chunk to chunk (100 000 rows fall on ≈22 000 days, each
    met on several chunks), so the persons born on a day are read and their scoring facts and
    name keys computed once, then kept while ``HELD_PERSONS`` allows. Only persons with an id up
    to ``last_id`` (the largest before the import) are compared: the rows this import wrote in
    earlier chunks are the in-file duplicate index's business (``domain.register_families``),
    as on a first import into an empty database."""

    def __init__(self, uow: SqlAlchemyUnitOfWork, last_id: int, held: int = HELD_PERSONS) -> None:
        self.uow, self.last_id, self.held = uow, last_id, held
        self._days: OrderedDict[dt.date, list[_Registered]] = OrderedDict()
        self._count = 0

    def mark(self, rows: Sequence[ParsedRow]) -> int:
        """Add a warning to each row (not already a duplicate or refused) whose person scores strong
        against a registered one; returns how many rows were flagged."""
        candidates = [row for row in rows if row.ok and row.values.get("birth_date")]
        if not candidates or not self.last_id:
            return 0
        self._read({day for row in candidates for day in days_to_look_up(row.values["birth_date"])})
        flagged = 0
        for row in candidates:
            others = [person for day in days_to_look_up(row.values["birth_date"]) for person in self._days[day]]
            if not others:
                continue
            found = strongest_keyed(_facts(row.values), ((p[0], p[1], p[2]) for p in others))
            if found is None:
                continue
            person = next(p[3] for p in others if p[0] == found[0])
            name = " ".join(part for part in (person["surname"], person["given_name"], person["patronymic"]) if part)
            row.warnings.append(FieldProblem("surname", POSSIBLE_DUPLICATE, {
                "name": name, "case_number": person["case_number"], "score": found[1].value}))
            flagged += 1
        self._forget()
        return flagged

    def _read(self, days: set[dt.date]) -> None:
        missing = [day for day in days if day not in self._days]
        if missing:
            born = self.uow.imports.persons_born_on(missing, up_to=self.last_id)
            for day in missing:
                people = born.get(day, [])
                self._days[day] = [(p["id"], facts, name_keys(facts), p) for p in people
                                   for facts in (_facts(p),)]
                self._count += len(people)
        for day in days:
            self._days.move_to_end(day)

    def _forget(self) -> None:
        while self._count > self.held and self._days:
            _, people = self._days.popitem(last=False)
            self._count -= len(people)


# (person id, scoring facts, name keys, the columns the warning names)
_Registered = tuple[int, PersonFacts, frozenset[str], dict[str, Any]]
