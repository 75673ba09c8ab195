"""How units of work begin: a writer holds the write lock from its first read; a reader never does."""
from __future__ import annotations

import sqlite3

from storage.engine import BUSY_TIMEOUT_MS


def _other_seat_can_begin_writing(db_path) -> bool:
    other = sqlite3.connect(str(db_path), timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    finally:
        other.close()


def test_a_writing_unit_of_work_holds_the_sqlite_write_lock_from_its_first_read(services, db_path):
    with services.ctx.uow() as uow:
        uow.reference.regions()  # a read, nothing written yet
        assert not _other_seat_can_begin_writing(db_path)
    assert _other_seat_can_begin_writing(db_path)


def test_a_reading_unit_of_work_never_takes_the_sqlite_write_lock(services, db_path):
    with services.ctx.reading() as uow:
        uow.reference.regions()
        assert _other_seat_can_begin_writing(db_path)


def test_a_reader_is_not_held_up_by_an_open_write_transaction(services, db_path):
    writer = sqlite3.connect(str(db_path), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE setting SET value = value")
        assert services.reference.regions()  # a read-only service call answers at once
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_seat_waits_for_another_seats_lock_as_long_on_both_engines(migrated_db_url):
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_db_url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
            else:
                assert connection.exec_driver_sql("SHOW lock_timeout").scalar() == f"{BUSY_TIMEOUT_MS // 1000}s"
    finally:
        engine.dispose()


def test_a_reading_unit_of_work_is_a_real_transaction(services, db_path):
    """Not the driver's autocommit: what a unit of work reads twice does not change under it."""
    with services.ctx.reading() as uow:
        before = uow.reference.setting("status_validity_months")
        other = sqlite3.connect(str(db_path), isolation_level=None)  # another seat writes meanwhile
        other.execute("UPDATE setting SET value = '99' WHERE key = 'status_validity_months'")
        other.close()
        assert uow.reference.setting("status_validity_months") == before == "12"
    with services.ctx.reading() as uow:
        assert uow.reference.setting("status_validity_months") == "99"
