"""Database failures reach the user as one translated sentence, never as SQL text.

Real failures on real databases: a SQLite file write-locked by a second connection, a SQLite
file that cannot grow (SQLITE_FULL), a PostgreSQL server stopped in the middle of a session and
started again. The classifier is also checked against each PostgreSQL SQLSTATE it knows.
"""
from __future__ import annotations

import sqlite3

import psycopg
import pytest
import sqlalchemy as sa

from i18n import Translator
from services import AppServices
from services.database import prepare_database
from services.records_dto import TaskInput
from storage import db_errors
from storage.db_errors import MESSAGES, ConcurrentChangeError, DatabaseFailureError
from storage.engine import create_engine
from tests.pg_server import running_server

IIN = "871008312347"


def _sentence(error, language: str) -> str:
    return Translator(language).error(error)


def test_sql_parameters_never_appear_in_an_error(any_db_url):
    """``hide_parameters``: the statement may show, the IIN bound to it never does."""
    engine = create_engine(any_db_url)
    try:
        with pytest.raises(sa.exc.DBAPIError) as failed, engine.connect() as connection:
            connection.execute(sa.text("SELECT * FROM no_such_table WHERE iin = :iin"), {"iin": IIN})
        assert "no_such_table" in str(failed.value) and IIN not in str(failed.value)
        assert "hidden" in str(failed.value)
    finally:
        engine.dispose()


def test_a_write_locked_sqlite_database_says_the_register_is_busy(tmp_path, clock, monkeypatch):
    path = tmp_path / "qandas.sqlite3"
    prepare_database(str(path))[0].dispose()
    monkeypatch.setattr("storage.engine.BUSY_TIMEOUT_MS", 200)  # wait 0.2 s, not 10 s, for the lock
    engine = create_engine(str(path))
    services = AppServices(engine, clock=clock)
    holder = sqlite3.connect(str(path), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another window (or process) in the middle of a write
        with pytest.raises(DatabaseFailureError) as busy:
            services.tasks.add_task(TaskInput("Call the family back"))
        assert busy.value.kind == db_errors.BUSY and busy.value.message == MESSAGES[db_errors.BUSY]
        russian = _sentence(busy.value, "ru")
        assert russian != MESSAGES[db_errors.BUSY] and "SQL" not in russian and "locked" not in russian
        holder.execute("ROLLBACK")
        assert services.tasks.add_task(TaskInput("Call the family back")).id  # the next try works
    finally:
        holder.close()
        engine.dispose()


def test_a_full_sqlite_disk_says_so_and_saves_nothing(tmp_path, clock):
    path = tmp_path / "qandas.sqlite3"
    prepare_database(str(path))[0].dispose()
    engine = create_engine(str(path))

    @sa.event.listens_for(engine, "connect")
    def _no_room_to_grow(dbapi_connection, _record) -> None:  # the file may not get one page bigger
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    services = AppServices(engine, clock=clock)
    try:
        with pytest.raises(DatabaseFailureError) as full:
            for number in range(2000):
                services.tasks.add_task(TaskInput(f"Task {number} " + "x" * 150))
        assert full.value.kind == db_errors.DISK_FULL
        assert _sentence(full.value, "kk") not in ("", MESSAGES[db_errors.DISK_FULL])
    finally:
        engine.dispose()


def _uow_setting_insert(url: str, key: str) -> None:
    from domain.permissions import SYSTEM_ACTOR
    from storage import tables
    from storage.unit_of_work import UnitOfWorkFactory
    engine = create_engine(url)
    try:
        with UnitOfWorkFactory(engine)(SYSTEM_ACTOR) as uow:
            uow.session.execute(tables.setting.insert().values(key=key, value=IIN, updated_at=sa.func.now(),
                                                               updated_by="test"))
            uow.commit()
    finally:
        engine.dispose()


def test_a_unique_clash_is_a_conflict_to_try_again_without_sql(migrated_db_url):
    prepare_database(migrated_db_url)[0].dispose()
    _uow_setting_insert(migrated_db_url, "test.key")
    with pytest.raises(ConcurrentChangeError) as clash:
        _uow_setting_insert(migrated_db_url, "test.key")
    assert clash.value.rule == "integrity" and clash.value.message == MESSAGES[db_errors.CONFLICT]
    assert clash.value.__cause__ is None and clash.value.__suppress_context__  # no driver text chained


@pytest.mark.parametrize(("error", "kind"), [
    (psycopg.errors.SerializationFailure(), db_errors.CONFLICT),
    (psycopg.errors.DeadlockDetected(), db_errors.CONFLICT),
    (psycopg.errors.UniqueViolation(), db_errors.CONFLICT),
    (psycopg.errors.DiskFull(), db_errors.DISK_FULL),
    (psycopg.errors.LockNotAvailable(), db_errors.BUSY),
    (psycopg.errors.QueryCanceled("canceling statement due to lock timeout"), db_errors.BUSY),
    (psycopg.errors.ReadOnlySqlTransaction(), db_errors.READ_ONLY),
    (psycopg.errors.InsufficientPrivilege(), db_errors.PERMISSION),
    (psycopg.errors.AdminShutdown(), db_errors.CONNECTION_LOST),
    (psycopg.OperationalError("consuming input failed: server closed the connection unexpectedly"),
     db_errors.CONNECTION_LOST),
    (psycopg.OperationalError('connection failed: connection to server at "127.0.0.1", port 5 failed: '
                              "Connection refused"), db_errors.CONNECTION_LOST),
    (psycopg.errors.UndefinedTable(), db_errors.OTHER),
    (sqlite3.OperationalError("database is locked"), db_errors.BUSY),
    (ValueError("not a database error"), None),
])
def test_each_driver_error_has_its_kind(error, kind):
    wrapped = sa.exc.OperationalError("SELECT 1", None, error) if kind is not None else error
    assert db_errors.classify(wrapped) == kind
    assert db_errors.classify(error) == kind


@pytest.fixture
def own_postgres_server():
    yield from running_server()


@pytest.mark.postgres
def test_a_lost_postgresql_connection_says_so_and_the_next_call_works_when_the_server_is_back(
        own_postgres_server, clock):
    server = own_postgres_server
    name = server.create_database()
    # the test server defers commits (synchronous_commit=off); an immediate stop would lose them
    server._admin(f'ALTER DATABASE "{name}" SET synchronous_commit = on')
    engine, _ = prepare_database(server.url(name))
    services = AppServices(engine, clock=clock)
    try:
        first = services.tasks.add_task(TaskInput("Before the outage")).id  # the pool holds a live connection
        with pytest.raises(DatabaseFailureError) as mid_way, services.ctx.uow() as uow:
            uow.session.execute(sa.text("SELECT 1"))  # a transaction is open on the server
            server.halt()
            uow.session.execute(sa.text("SELECT 1"))
        assert mid_way.value.kind == db_errors.CONNECTION_LOST
        for _ in range(2):  # the pool's other connection, then a refused new one: the same sentence
            with pytest.raises(DatabaseFailureError) as lost:
                services.tasks.add_task(TaskInput("During the outage"))
            assert lost.value.kind == db_errors.CONNECTION_LOST
            assert _sentence(lost.value, "ru") != MESSAGES[db_errors.CONNECTION_LOST]
        server.resume()
        second = services.tasks.add_task(TaskInput("After the outage")).id  # no restart of the program
        titles = {row.title for row in services.tasks.rows([first, second])}
        assert titles == {"Before the outage", "After the outage"}
    finally:
        engine.dispose()
