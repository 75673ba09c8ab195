"""Revision 0021 fills each family's copy of its open tasks' earliest due date
(``family.next_due_date``) from the tasks already there, the value
``storage.family_summary.refresh_next_due`` keeps at run time and a recount from the task rows
gives, on SQLite and on PostgreSQL; a task written after the upgrade moves the copy; the
downgrade removes the column and its index and keeps the tasks."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import command
from sqlalchemy.orm import Session

from storage import family_summary, schema, tables
from storage.engine import create_engine
from storage.task_repository import TaskRepository
from tests.copy_recounts import as_date

BEFORE, REVISION = "0020", "0021"
D = dt.date
DONE = dt.datetime(2026, 11, 1, 12, 0)
# family id → its tasks: (due date, done at, automatic reminder key)
FAMILIES: dict[int, list[tuple]] = {
    # two open and an earlier one done: the earlier open one
    1: [(D(2027, 1, 10), None, None), (D(2026, 12, 1), None, None), (D(2026, 10, 1), DONE, None)],
    2: [(D(2026, 12, 5), DONE, None), (D(2025, 1, 1), DONE, None)],  # every task done: none
    3: [(None, None, None), (None, DONE, None)],  # open but undated: none
    # undated, overdue and later ones open, an earlier one done: the overdue one
    4: [(None, None, None), (D(2026, 12, 20), None, None), (D(2025, 5, 5), None, None), (D(2024, 1, 1), DONE, None)],
    5: [],  # no tasks
    # an open reminder counts as any task
    6: [(D(2027, 3, 1), None, None), (D(2026, 12, 24), None, "status_expiry:1")],
}
LOOSE = [(D(2020, 1, 1), None, None)]  # a task of no family changes no copy


def _alembic(engine, action, target):
    with engine.begin() as connection:
        action(schema.alembic_config(connection), target)


def _fill(engine) -> None:
    """The families and tasks above, written as plain rows at revision 0020."""
    now = dt.datetime(2025, 1, 1, 9, 0)
    stamp = {"created_at": now, "created_by": "t", "updated_at": now, "updated_by": "t"}
    with engine.begin() as connection:
        schema.ensure_reference_data(connection, now)
        for family_id in FAMILIES:
            connection.execute(tables.family.insert().values(
                id=family_id, case_number=f"2025-{family_id:05d}", stage="arrived", **stamp))
        tasks = [(family_id, task) for family_id, rows in FAMILIES.items() for task in rows]
        for number, (family_id, (due, done_at, auto_key)) in enumerate(tasks + [(None, t) for t in LOOSE], 1):
            connection.execute(tables.task.insert().values(
                family_id=family_id, kind="status_expiry" if auto_key else "manual", title=f"Task {number}",
                params={}, due_date=due, done_at=done_at, done_by="t" if done_at else None, auto_key=auto_key,
                version=1, **stamp))


def _recount(engine) -> dict[int, dt.date | None]:
    """family id → the earliest due date of its open tasks, from the task rows (the min taken here)."""
    earliest: dict[int, dt.date | None] = {family_id: None for family_id in FAMILIES}
    with engine.connect() as connection:
        for family_id, due, done_at in connection.execute(sa.text("SELECT family_id, due_date, done_at FROM task")):
            if family_id is not None and done_at is None and due is not None:
                day = as_date(due)
                earliest[family_id] = day if earliest[family_id] is None else min(day, earliest[family_id])
    return earliest


def _copies(engine) -> dict[int, dt.date | None]:
    with engine.connect() as connection:
        return {family_id: as_date(day) for family_id, day in connection.execute(
            sa.text("SELECT id, next_due_date FROM family"))}


def test_upgrade_fills_the_next_due_copy_and_downgrade_removes_it(any_db_url):
    engine = create_engine(any_db_url)
    try:
        _alembic(engine, command.upgrade, BEFORE)
        _fill(engine)
        _alembic(engine, command.upgrade, REVISION)
        expected = _recount(engine)
        assert expected == {1: D(2026, 12, 1), 2: None, 3: None, 4: D(2025, 5, 5), 5: None, 6: D(2026, 12, 24)}
        assert _copies(engine) == expected
        _alembic(engine, command.upgrade, "head")
        with engine.begin() as connection:  # the run-time computation agrees with the migration's SQL
            family_summary.refresh_next_due(connection, FAMILIES)
        assert _copies(engine) == expected

        # a task written after the upgrade moves its family's copy: family 1's earliest open task done
        with Session(engine) as session:
            task_id, version = session.execute(sa.select(tables.task.c.id, tables.task.c.version).where(
                tables.task.c.family_id == 1, tables.task.c.due_date == D(2026, 12, 1))).one()
            assert TaskRepository(session).update(task_id, version, {"done_at": DONE, "done_by": "t"})
            session.commit()
        expected = _recount(engine)
        assert expected[1] == D(2027, 1, 10)
        assert _copies(engine) == expected

        _alembic(engine, command.downgrade, BEFORE)
        inspector = sa.inspect(engine)
        assert "next_due_date" not in {column["name"] for column in inspector.get_columns("family")}
        assert "ix_family_next_due_date" not in {index["name"] for index in inspector.get_indexes("family")}
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM task")).scalar() == (
                sum(map(len, FAMILIES.values())) + len(LOOSE))
            assert connection.execute(sa.text("SELECT count(*) FROM family")).scalar() == len(FAMILIES)
        _alembic(engine, command.upgrade, "head")  # and back up again
        assert _copies(engine) == expected
    finally:
        engine.dispose()
