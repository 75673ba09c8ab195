"""The database-written audit of a hosted register, for statements that change many rows.

storage.pg_roles audits with statement-level triggers (transition tables) and moves the head at
commit. These tests write with plain psycopg as a user's own login role, as a client working
around Qandas would, and check: one entry per row in row order, a chain that ``audit verify``
accepts, the head counting them (also when the application appends in the same transaction),
two real processes bulk-inserting at once, and a register installed with the row triggers of
before getting the statement triggers at its next install (what every host start runs).
"""
from __future__ import annotations

import datetime as dt
import multiprocessing

import psycopg
import pytest
import sqlalchemy as sa

from services.database import prepare_database
from storage import pg_roles
from tests.hosting.hosted_register import dsn, with_users

pytestmark = pytest.mark.postgres

FAMILY_COLUMNS = ("case_number, stage, address, phone, notes, head_sort_key, head_name, member_count, "
                  "created_at, created_by, updated_at, updated_by, version")


def _families_sql(prefix: str, count: int) -> str:
    return (f"INSERT INTO family ({FAMILY_COLUMNS}) SELECT '{prefix}-' || n, 'registered', 'Астана ' || n, '', "
            f"'', 'k' || n, 'Әбдірахманов ' || n, 0, localtimestamp(0), 'x', localtimestamp(0), 'x', 1 "
            f"FROM generate_series(1, {count}) AS n")


def _entries(url: str, action: str, after_id: int = 0) -> list[tuple]:
    with psycopg.connect(dsn(url, "boss")) as connection:
        return connection.execute("SELECT id, actor_login, entity_id, before, after FROM audit_log "
                                  "WHERE entity = 'family' AND action = %s AND id > %s ORDER BY id",
                                  (action, after_id)).fetchall()


def _head(url: str) -> tuple[int, str]:
    with psycopg.connect(dsn(url, "boss")) as connection:
        values = dict(connection.execute("SELECT key, value FROM setting WHERE key LIKE 'audit.%'").fetchall())
        count = connection.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        newest = connection.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert (int(values["audit.count"]), values["audit.head_hash"]) == (count, newest)
    return count, newest


def test_insert_update_delete_of_many_rows_give_one_entry_per_row_and_a_valid_chain(hosted):
    _engine, url, admin = hosted
    with psycopg.connect(dsn(url, "anna")) as connection:
        connection.execute(_families_sql("M", 250))
        ids = [row[0] for row in connection.execute("SELECT id FROM family WHERE case_number LIKE 'M-%' ORDER BY id")]
    inserted = _entries(url, "insert")
    assert [entry[2] for entry in inserted] == [str(i) for i in ids]  # one each, in the order written
    assert {entry[1] for entry in inserted} == {"anna"}
    assert inserted[0][3] is None and inserted[0][4]["case_number"] == "M-1" and inserted[0][4]["member_count"] == "0"
    _head(url)
    last = inserted[-1][0]
    with psycopg.connect(dsn(url, "anna")) as connection:
        assert connection.execute("UPDATE family SET notes = 'көшті', version = version + 1 "
                                  "WHERE case_number LIKE 'M-%' AND id % 2 = 0").rowcount == 125
        # bookkeeping only: no entry
        connection.execute("UPDATE family SET version = version + 1 WHERE case_number LIKE 'M-%'")
    updated = _entries(url, "update", last)
    assert sorted(int(entry[2]) for entry in updated) == [i for i in ids if i % 2 == 0]
    assert all(entry[3] == {"notes": "", "version": "1"} and entry[4] == {"notes": "көшті", "version": "2"}
               for entry in updated)
    with psycopg.connect(dsn(url, "sam")) as connection:
        assert connection.execute("DELETE FROM family WHERE case_number LIKE 'M-%'").rowcount == 250
    deleted = _entries(url, "delete", last)
    assert sorted(int(entry[2]) for entry in deleted) == ids
    assert all(entry[4] is None and entry[3]["case_number"].startswith("M-") for entry in deleted)
    count, _ = _head(url)
    verification = admin.audit.verify()
    assert verification.ok and verification.checked == count, verification


def test_a_statement_that_changes_nothing_writes_nothing_and_takes_no_lock(hosted):
    _engine, url, _admin = hosted
    before = _head(url)
    with psycopg.connect(dsn(url, "anna")) as connection:
        assert connection.execute("UPDATE family SET notes = 'x' WHERE id < 0").rowcount == 0
        locks = connection.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                                   "AND pid = pg_backend_pid()").fetchone()[0]
    assert locks == 0
    assert _head(url) == before


def test_the_application_appending_in_the_same_transaction_keeps_the_head_right(hosted):
    """storage.audit.append_entries counts the entries the triggers appended before it (pending)."""
    from sqlalchemy.orm import Session

    from storage import audit
    engine, url, admin = hosted
    with Session(engine) as session, session.begin():
        session.execute(sa.text(_families_sql("A", 40)))
        count, head = audit.append_entries(session, [audit.AuditEntry("export", "family", None, None,
                                                                      {"rows": "40"})],
                                           "boss", dt.datetime(2026, 12, 3, 12, 0))
        # what the anchor outside the database records: the entry's true place in the chain
        assert (count, head) == tuple(session.execute(sa.text(
            "SELECT (SELECT count(*) FROM audit_log), (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1)")).one())
        session.execute(sa.text(_families_sql("B", 30)))  # and more after it: moved at commit
    _head(url)
    assert admin.audit.verify().ok


def _bulk_insert_seat(url: str, login: str, prefix: str, rounds: int, barrier) -> None:
    barrier.wait(timeout=60)
    with psycopg.connect(dsn(url, login)) as connection:
        for round_ in range(rounds):
            connection.execute(_families_sql(f"{prefix}{round_}", 60))
            connection.execute(f"UPDATE family SET notes = '{login}' WHERE case_number LIKE '{prefix}{round_}-%'")
            connection.commit()


def test_two_processes_bulk_inserting_at_once_keep_a_valid_chain(hosted):
    _engine, url, admin = hosted
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    seats = [context.Process(target=_bulk_insert_seat, args=(url, login, prefix, 5, barrier))
             for login, prefix in (("anna", "P"), ("sam", "Q"))]
    for seat in seats:
        seat.start()
    for seat in seats:
        seat.join(timeout=240)
        assert seat.exitcode == 0
    assert len(_entries(url, "insert")) == 2 * 5 * 60
    assert len(_entries(url, "update")) == 2 * 5 * 60
    count, _ = _head(url)
    verification = admin.audit.verify()
    assert verification.ok and verification.checked == count, verification


def test_a_register_installed_with_row_triggers_gets_the_statement_audit_at_its_next_install(migrated_pg_url,
                                                                                            clock):
    """A hosted register made before: its next host start (services.hosting.host.start_host runs
    pg_roles.install) replaces the row triggers; the chain they wrote continues and verifies."""
    from tests.hosting import pg_roles_row_audit as before
    engine, _ = prepare_database(migrated_pg_url)
    try:
        with engine.begin() as connection:
            before.install(connection)
        pg_roles.forget()
        admin = with_users(engine, clock)
        with psycopg.connect(dsn(migrated_pg_url, "anna")) as connection:
            connection.execute(_families_sql("OLD", 20))
        assert len(_entries(migrated_pg_url, "insert")) == 20
        with engine.begin() as connection:  # what start_host does after an upgrade
            pg_roles.install(connection)
            triggers = {name for (name,) in connection.exec_driver_sql(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'family'::regclass AND NOT tgisinternal")}
            leftovers = connection.exec_driver_sql(
                "SELECT count(*) FROM pg_proc WHERE proname IN ('qandas_audit_row', 'qandas_audit_append')").scalar()
        assert triggers >= {"qandas_audit_insert", "qandas_audit_update", "qandas_audit_delete"}
        assert "qandas_audit" not in triggers and leftovers == 0
        with psycopg.connect(dsn(migrated_pg_url, "anna")) as connection:
            connection.execute(_families_sql("NEW", 30))
        assert len(_entries(migrated_pg_url, "insert")) == 50  # once each, not twice
        count, _ = _head(migrated_pg_url)
        verification = admin.audit.verify()
        assert verification.ok and verification.checked == count, verification
    finally:
        engine.dispose()
