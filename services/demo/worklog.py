"""A demo family's working history: its responsible worker, when it was registered, and the
tasks its worker set and finished, each at its own date rather than the minute the demo ran.

Tasks are drawn from a generator seeded by the case number, so adding them leaves the other
demo steps' random sequence (and so their data for a given ``--seed``) as it was.
"""
from __future__ import annotations

import datetime as dt
import random

from domain.messages import N_, Nn_
from domain.stages import Stage
from domain.tasks import TaskKind
from services.demo.staff import Staff

from typing import Any, TYPE_CHECKING

if TYPE_CHECKING:
    from domain.families import Family
    from storage.unit_of_work import SqlAlchemyUnitOfWork

TASK_TITLES = (
    "Қоңырау шалып, құжаттардың көшірмесін сұрау", "Отбасына үйіне барып, тұрмыс жағдайын көру",
    "Қазақ тілі курсына жазу", "Жұмыспен қамту орталығына жолдама беру", "Балаларды мектепке орналастыру",
    "Медициналық мекемеге тіркеуге көмектесу", "Тұрғын үй жалдау шартын тексеру",
    "Банк шотын ашуға көмектесу", "Заң кеңесіне жазу", "Құжаттардың аудармасын нотариатқа апару",
)
CLOSED_STAGES = (Stage.CLOSED, Stage.CITIZENSHIP)


def _at(day: dt.date, minutes: int) -> dt.datetime:
    """A time in office hours (09:00–17:00) on ``day``."""
    return dt.datetime.combine(day, dt.time(9, 0)) + dt.timedelta(minutes=minutes % 480)


def assign_and_date(family: Family, staff: Staff | None, index: int) -> None:
    """Give the family a responsible worker (in turn) and date its records to the day it arrived."""
    worker = staff.workers[index % len(staff.workers)] if staff else None
    if worker is not None:
        family.responsible_user_id = worker.user_id
    assert family.arrival_date is not None  # every demo family has arrived
    at = _at(family.arrival_date, 17 * index)
    who = worker.login if worker is not None else family.created_by
    records = [family] + list(family.members) + [d for p in family.members for d in p.documents]
    for record in records:
        record.created_at, record.created_by = at, who
        record.updated_at, record.updated_by = at, who


class Worklog:
    """Task and event rows of a batch of families, written in one statement each."""

    def __init__(self) -> None:
        self.tasks: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []

    def registered(self, family: Family) -> None:
        self.event(family, "registered", Nn_("Family registered with {count} member.",
                                             "Family registered with {count} members."),
                   {"count": len(family.members)}, family.created_by, family.created_at)

    def event(self, family: Family, kind: str, message: str, params: dict[str, Any], login: str,
              at: dt.datetime) -> None:
        self.events.append({"family_id": family.id, "occurred_at": at, "actor_login": login, "kind": kind,
                            "message": message, "params": params})

    def add_tasks(self, family: Family, today: dt.date) -> None:
        """Tasks done in the family's past and, for an open case, one due around today."""
        rng = random.Random(f"tasks:{family.case_number}")
        login = family.created_by
        arrival = family.arrival_date
        assert arrival is not None  # every demo family has arrived
        start = arrival + dt.timedelta(days=3)
        done_until = min(today - dt.timedelta(days=7), family.last_contact_date or today)
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            if done_until <= start:
                break
            due = start + dt.timedelta(days=rng.randrange((done_until - start).days + 1))
            created = _at(max(arrival, due - dt.timedelta(days=rng.randrange(3, 15))),
                          rng.randrange(480))
            done = max(created, _at(due - dt.timedelta(days=rng.randrange(0, 3)), rng.randrange(480)))
            self._task(family, rng.choice(TASK_TITLES), due, created, login, done)
        if family.stage not in CLOSED_STAGES and rng.random() < 0.6:
            due = today + dt.timedelta(days=rng.randrange(-4, 31))
            created = _at(max(arrival, today - dt.timedelta(days=rng.randrange(1, 15))),
                          rng.randrange(480))
            self._task(family, rng.choice(TASK_TITLES), due, min(created, _at(today, 0)), login, None)

    def _task(self, family: Family, title: str, due: dt.date, created: dt.datetime, login: str,
              done: dt.datetime | None) -> None:
        self.tasks.append({"family_id": family.id, "assignee_id": family.responsible_user_id,
                           "kind": TaskKind.MANUAL, "title": title, "params": {}, "due_date": due, "done_at": done,
                           "done_by": login if done else None, "created_at": created, "created_by": login,
                           "updated_at": done or created, "updated_by": login, "version": 2 if done else 1})
        self.event(family, "task", N_("Task added: {title}"), {"title": title}, login, created)
        if done is not None:
            self.event(family, "task", N_("Task done: {title}"), {"title": title, "title_params": {}}, login, done)

    def write(self, uow: SqlAlchemyUnitOfWork) -> None:
        uow.tasks.insert_many(self.tasks)
        uow.families.add_events(self.events)
        self.tasks, self.events = [], []
