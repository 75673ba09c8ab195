"""Two seats on PostgreSQL add a task to the same family at the same instant, each with its own
due date: both commit and the family's copy (``family.next_due_date``) is the earlier date.

Each seat is a thread with its own engine going through ``TaskService.add_task``. Both tasks are
inserted (each insert takes a KEY SHARE lock on the family row, for the foreign key) before either
seat refreshes the copy (``storage.family_summary.refresh_next_due``, wrapped here only to hold
each seat at that point). The first seat refreshes and then holds its transaction open until the
second is seen waiting for a lock on the family (pg_stat_activity); then it commits, and the
second computes the copy after the wait, seeing the first's task. With a family lock that
conflicts with KEY SHARE (FOR UPDATE) the two seats would deadlock here. Run in both orders: the
seat with the earlier date first, and the later first."""
from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
import sqlalchemy as sa

from services import AppServices
from services.database import prepare_database
from services.dto import FamilyInput, PersonInput
from services.records_dto import TaskInput
from storage import family_summary

pytestmark = pytest.mark.postgres
NOW = dt.datetime(2026, 11, 25, 10, 0)
EARLIER, LATER = dt.date(2026, 12, 1), dt.date(2027, 1, 15)
WAIT = 5.0  # seconds any step may wait for another before the test gives up


def _seat(url):
    engine, _ = prepare_database(url)
    return engine, AppServices(engine, clock=lambda: NOW)


def _waiting_for_a_lock(engine, pid: int) -> bool:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = :p"),
                                  {"p": pid}).scalar() is True


@pytest.mark.parametrize("first_date", [EARLIER, LATER], ids=["earlier_first", "later_first"])
def test_two_seats_adding_tasks_to_one_family_at_once_both_commit_and_the_copy_is_the_earlier(
        migrated_pg_url, monkeypatch, first_date):
    seats = {"first": _seat(migrated_pg_url), "second": _seat(migrated_pg_url)}
    dates = {"first": first_date, "second": LATER if first_date == EARLIER else EARLIER}
    try:
        family_id = seats["first"][1].registration.register_family(FamilyInput(
            members=(PersonInput("Қасымов", "Нұрлан", relation="head", birth_date=dt.date(1987, 10, 8), sex="M"),),
            arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI"),
            confirm_duplicates=True).id

        both_inserted = threading.Barrier(2, timeout=WAIT)
        first_refreshed, release_first = threading.Event(), threading.Event()
        roles: dict[int, str] = {}
        second_pid: list[int] = []
        errors: dict[str, BaseException] = {}
        real_refresh = family_summary.refresh_next_due

        def refresh(connection, family_ids):
            role = roles[threading.get_ident()]
            both_inserted.wait()  # both tasks are in (uncommitted) before either seat refreshes
            if role == "second":
                second_pid.append(connection.execute(sa.text("SELECT pg_backend_pid()")).scalar())
                first_refreshed.wait(WAIT)
            real_refresh(connection, family_ids)
            if role == "first":
                first_refreshed.set()
                release_first.wait(WAIT)  # its transaction stays open until the second waits for it

        monkeypatch.setattr(family_summary, "refresh_next_due", refresh)

        def add(role):
            roles[threading.get_ident()] = role
            try:
                seats[role][1].tasks.add_task(TaskInput(f"Task of the {role} seat", family_id=family_id,
                                                        due_date=dates[role]))
            except BaseException as error:  # noqa: BLE001 - reported by the main thread
                errors[role] = error

        threads = {role: threading.Thread(target=add, args=(role,)) for role in seats}
        for thread in threads.values():
            thread.start()
        waited = False
        try:
            refreshed = first_refreshed.wait(WAIT + 1)  # False: the first seat is stuck in its refresh
            deadline = time.monotonic() + WAIT
            while refreshed and not waited and time.monotonic() < deadline:
                waited = bool(second_pid) and _waiting_for_a_lock(seats["first"][0], second_pid[0])
                time.sleep(0.02)
        finally:
            release_first.set()
            for thread in threads.values():
                thread.join(30)
        assert not any(thread.is_alive() for thread in threads.values())
        assert errors == {}  # no deadlock, no other error: both seats committed
        assert refreshed, "the first seat waited in its refresh of the copy for the second seat"
        assert waited  # the second seat really waited for the first's lock on the family

        with seats["first"][0].connect() as connection:
            tasks = connection.execute(sa.text("SELECT due_date FROM task WHERE family_id = :f AND done_at IS NULL"),
                                       {"f": family_id}).scalars().all()
            stored = connection.execute(sa.text("SELECT next_due_date FROM family WHERE id = :f"),
                                        {"f": family_id}).scalar()
        assert sorted(tasks) == [EARLIER, LATER]
        assert stored == EARLIER
        assert seats["second"][1].cases.rows([family_id])[0].next_due_date == EARLIER
    finally:
        for engine, _services in seats.values():
            engine.dispose()
