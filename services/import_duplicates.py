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

from domain.duplicate_lookup import days_to_look_up, strongest
from domain.duplicate_scoring import PersonFacts
from domain.errors import FieldProblem
from domain.messages import N_

POSSIBLE_DUPLICATE = N_("Possibly the same person as {name} (case {case_number}, score {score} of 100): "
                        "check it on the duplicates screen.")


def _facts(values: dict) -> PersonFacts:
    return PersonFacts(values.get("surname") or "", values.get("given_name") or "", values.get("patronymic") or "",
                       values.get("birth_date"), values.get("iin") or None)


def mark_possible_duplicates(uow, rows) -> int:
    """Add a warning to each row (not already a duplicate or refused) whose person scores strong
    against a registered one; returns how many rows were flagged."""
    candidates = [row for row in rows if row.ok and row.values.get("birth_date")]
    if not candidates:
        return 0
    days = {day for row in candidates for day in days_to_look_up(row.values["birth_date"])}
    born = uow.imports.persons_born_on(days)
    facts = {person["id"]: _facts(person) for people in born.values() for person in people}
    people = {person["id"]: person for group in born.values() for person in group}
    flagged = 0
    for row in candidates:
        others = [(person["id"], facts[person["id"]]) for day in days_to_look_up(row.values["birth_date"])
                  for person in born.get(day, ())]
        found = strongest(_facts(row.values), others)
        if found is None:
            continue
        person = people[found[0]]
        name = " ".join(part for part in (person["surname"], person["given_name"], person["patronymic"]) if part)
        row.warnings.append(FieldProblem("surname", POSSIBLE_DUPLICATE, {
            "name": name, "case_number": person["case_number"], "score": found[1].value}))
        flagged += 1
    return flagged
