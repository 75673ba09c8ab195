"""Bulk actions of the registry (hand families over, close their tasks) from several seats at once.

Two supervisors hand the same families to two different workers while a case worker closes
their tasks, each a real process released by one barrier (``tests/services/seat_pool.py``), on a
real SQLite file and a real PostgreSQL database. Each bulk action is all or nothing, so whatever
the order the database lets them in: every family ends with one of the two workers and all of
them with the same one, no open task is left with somebody who no longer has its family, a task
once done keeps who it was done by, and the audit log holds one entry per family actually moved.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from domain.permissions import Role
from services.records_dto import TaskInput
from tests.services.seat_pool import SeatPool
from tests.services.test_workload import as_user, register

SURNAMES = ("Қасымов", "Әлиев", "Бекова", "Омаров", "Серікова", "Жұмабаев", "Нұрланов", "Төлегенова")
ROUNDS = 3


@pytest.fixture(scope="module")
def seats():
    pool = SeatPool(3)
    yield pool
    pool.stop()


@pytest.fixture
def office(migrated_db_url, clock, seats):
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_db_url)
    services = AppServices(engine, clock=clock)
    people = {}
    for login, role in (("aigerim", Role.CASE_WORKER), ("bolat", Role.CASE_WORKER), ("dana", Role.CASE_WORKER),
                        ("sara", Role.SUPERVISOR), ("marat", Role.SUPERVISOR)):
        scoped, user_id = as_user(services, login, role)
        people[login] = (scoped, (user_id, login, role, login.title()))
    yield migrated_db_url, services, engine, people
    seats.release(migrated_db_url)
    engine.dispose()


def _state(engine, family_ids):
    with engine.connect() as connection:
        workers = dict(connection.execute(sa.text(
            "SELECT id, responsible_user_id FROM family WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)), {"ids": family_ids}).all())
        tasks = connection.execute(sa.text(
            "SELECT family_id, assignee_id, done_at, done_by FROM task WHERE family_id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)), {"ids": family_ids}).all()
    return workers, tasks


def _moves_audited(engine, family_ids) -> int:
    """Audit entries that record a family's responsible worker changing."""
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT entity_id, after FROM audit_log WHERE entity = 'family' AND action = 'update'")).all()
    count = 0
    for entity_id, values in rows:
        values = json.loads(values) if isinstance(values, str) else (values or {})
        if int(entity_id) in family_ids and "responsible_user_id" in values:
            count += 1
    return count


def _done_tasks_moved(engine) -> list[str]:
    """Tasks handed to another worker after they were done (in the audit log's order)."""
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT id, entity_id, after FROM audit_log WHERE entity = 'task' ORDER BY id")).all()
    done, moved = set(), []
    for _, task_id, values in rows:
        values = json.loads(values) if isinstance(values, str) else (values or {})
        if values.get("done_at"):
            done.add(task_id)
        elif "assignee_id" in values and task_id in done:
            moved.append(task_id)
    return moved


def test_two_supervisors_and_a_worker_acting_on_the_same_families_at_once(office, seats):
    url, services, engine, people = office
    worker, worker_actor = people["aigerim"]
    family_ids = [register(worker, surname) for surname in SURNAMES]
    for family_id in family_ids:
        worker.tasks.add_task(TaskInput(family_id=family_id, title="Call", due_date=dt.date(2026, 11, 30)))
    before = _moves_audited(engine, family_ids)
    targets = [people["bolat"][1][0], people["dana"][1][0]]
    moved = 0
    for round_number in range(ROUNDS):
        if round_number:  # a fresh open task each round, for the closing seat to race with
            for family_id in family_ids:
                worker.tasks.add_task(TaskInput(family_id=family_id, title=f"Visit {round_number}",
                                                due_date=dt.date(2026, 12, 1)))
        first, second = (targets if round_number % 2 == 0 else targets[::-1])
        outcomes = seats.round(url, ["reassign", "reassign", "close_tasks"], [
            (people["sara"][1], family_ids, first), (people["marat"][1], family_ids, second),
            (worker_actor, family_ids)])
        assert not [o for o in outcomes if o.kind == "raw"], outcomes
        refused = [o for o in outcomes if o.kind == "refused"]
        assert all(o.error == "ConflictError" for o in refused), refused
        assert any(o.kind == "ok" for o in outcomes[:2]), "both hand-overs refused: nothing can move"

        workers, tasks = _state(engine, family_ids)
        assert len(set(workers.values())) == 1, f"families split between workers: {workers}"
        assert set(workers.values()) <= set(targets)
        owner = next(iter(workers.values()))
        for family_id, assignee, done_at, done_by in tasks:
            if done_at is None:
                assert assignee == workers[family_id], "an open task stayed with a worker who lost the family"
        moved += sum(o.value for o in outcomes[:2] if o.kind == "ok")
        assert _moves_audited(engine, family_ids) - before == moved
        assert owner in targets
        assert not _done_tasks_moved(engine), "a task done by one seat was handed over by another"
    verification = services.audit.verify()
    assert verification.ok, verification
