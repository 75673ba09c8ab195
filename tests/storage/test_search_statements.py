"""A keystroke in the search box sends few statements, and on PostgreSQL opens no transaction.

Every statement is a round trip to a hosted server (docs/search-speed.md: at 100k persons a
round trip costs as much as the raw indexed lookup itself), so the count per keystroke is held
here: what SQLAlchemy sends (``before_cursor_execute``, BEGIN on SQLite included) and what is
written by hand on the driver's cursor (``storage.raw_sql``, which SQLAlchemy's events do not see).
"""
from __future__ import annotations

import datetime as dt
import statistics

from sqlalchemy import event

from domain.search import FamilyFilter
from storage import raw_sql

# What the search figures type (bench/probe_registry.py), one keystroke at a time.
ONE_WORD = ("Нұрлан", "нурлан", "Қасымов", "omarov", "8710", "9511083", "2021-001", "Абдрахманов", "Nursultan")
TWO_WORDS = ("Жұмабаева Айгүл", "Kasymov Nurlan", "Сейиткалиев Темир", "Жумабаева Айгуль")
# Bounds measured on this demo when they were set (issue 20; SQLite's BEGIN included, PostgreSQL
# sends one less): a plan that starts to send more statements per keystroke fails here before it
# shows in the bench. Raise them only with a reason. On 60 families no group fills a page, so
# every group (exact, prefix, variant, near) runs: the most a keystroke sends. Before issue 20's
# work the same keystrokes sent at most 15 and 18, median 12.
MOST_ONE_WORD, MOST_TWO_WORDS, MEDIAN_MOST = 11, 14, 10


def _keystrokes(texts: tuple[str, ...]) -> list[str]:
    return [text[:n] for text in texts for n in range(1, len(text) + 1) if text[:n].strip()]


class _Counter:
    """Statements sent while counting; on PostgreSQL also those sent inside a transaction."""

    def __init__(self, services, monkeypatch) -> None:
        self.statements = 0
        self.in_transaction = 0
        event.listen(services.engine, "before_cursor_execute", self._on_orm)
        self._engine = services.engine
        original = raw_sql.Cursor.execute
        counter = self

        def counting(cursor, sql, params=()):
            counter.statements += 1
            connection = getattr(cursor._cursor, "connection", None)
            info = getattr(connection, "info", None)
            if info is not None and info.transaction_status != 0:  # psycopg: 0 is IDLE (no transaction)
                counter.in_transaction += 1
            return original(cursor, sql, params)
        monkeypatch.setattr(raw_sql.Cursor, "execute", counting)

    def _on_orm(self, *_args) -> None:
        self.statements += 1

    def close(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._on_orm)


def _counts(services, monkeypatch, texts) -> tuple[list[int], int]:
    counter = _Counter(services, monkeypatch)
    counts = []
    try:
        for text in _keystrokes(texts):
            counter.statements = 0
            page = services.cases.ranked_page(FamilyFilter(text=text), "name", False, limit=200)
            assert len(page.rows) == len(page.kinds)
            counts.append(counter.statements)
    finally:
        counter.close()
    return counts, counter.in_transaction


def test_a_keystroke_sends_few_statements_and_no_transaction_on_postgresql(demo_services, monkeypatch):
    one, one_in_transaction = _counts(demo_services, monkeypatch, ONE_WORD)
    two, two_in_transaction = _counts(demo_services, monkeypatch, TWO_WORDS)
    assert max(one) <= MOST_ONE_WORD, one
    assert max(two) <= MOST_TWO_WORDS, two
    assert statistics.median(one + two) <= MEDIAN_MOST, one + two
    # PostgreSQL: the keystroke's reads run without BEGIN/ROLLBACK (two round trips fewer).
    assert one_in_transaction == two_in_transaction == 0


def test_the_counter_sees_the_statements_it_bounds(demo_services, monkeypatch):
    """The count can fail: a page of rows is one statement, a first page at least two."""
    counter = _Counter(demo_services, monkeypatch)
    try:
        ids = demo_services.cases.search(FamilyFilter(), limit=5)
        counter.statements = 0
        demo_services.cases.rows(ids)
        rows_statements = counter.statements
        counter.statements = 0
        demo_services.cases.ranked_page(FamilyFilter(text="Нұрлан"), "name", False, limit=200)
        page_statements = counter.statements
    finally:
        counter.close()
    sqlite_begin = 1 if demo_services.engine.dialect.name == "sqlite" else 0
    assert rows_statements == 1 + sqlite_begin
    assert page_statements >= 2 + sqlite_begin


def test_the_page_rows_dates_are_those_of_the_family_records(demo_services):
    """The one-statement page (``FamilyRepository.rows``) gives each family the earliest end of its
    members' current statuses (latest granted, unended) and its earliest open task, as computed
    here from the records themselves, for every family of the demo (extended, ended and expired
    statuses, done and open tasks), on both engines."""
    import sqlalchemy as sa
    from storage import tables
    ids = demo_services.cases.search(FamilyFilter())
    with demo_services.engine.connect() as connection:
        members = connection.execute(sa.select(tables.person.c.id, tables.person.c.family_id)).all()
        statuses = connection.execute(sa.select(
            tables.kandas_status.c.person_id, tables.kandas_status.c.decision, tables.kandas_status.c.ended_on,
            tables.kandas_status.c.valid_until)).all()
        tasks = connection.execute(sa.select(tables.task.c.family_id, tables.task.c.done_at,
                                             tables.task.c.due_date)).all()
    current: dict[int, dt.date] = {}
    for person_id, decision, ended_on, valid_until in statuses:
        if decision == "granted" and ended_on is None and valid_until is not None:
            current[person_id] = max(valid_until, current.get(person_id, valid_until))
    status_end: dict[int, dt.date] = {}
    for person_id, family_id in members:
        if person_id in current:
            status_end[family_id] = min(current[person_id], status_end.get(family_id, current[person_id]))
    due: dict[int, dt.date] = {}
    for family_id, done_at, due_date in tasks:
        if family_id is not None and done_at is None and due_date is not None:
            due[family_id] = min(due_date, due.get(family_id, due_date))
    rows = demo_services.cases.rows(ids)
    assert [row.family_id for row in rows] == ids
    assert {row.family_id: row.status_valid_until for row in rows} == {i: status_end.get(i) for i in ids}
    assert {row.family_id: row.next_due_date for row in rows} == {i: due.get(i) for i in ids}
    assert len(status_end) > 10 and len(due) > 5  # the demo has both, or the comparison proves little
    ended = sum(1 for _p, decision, ended_on, _v in statuses if decision == "granted" and ended_on is not None)
    assert ended > 0  # extended or ended statuses are there to be skipped
