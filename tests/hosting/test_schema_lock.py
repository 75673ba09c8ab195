"""Two seats opening the same fresh hosted register at the same instant: the schema lock
(storage.pg_roles.SCHEMA_LOCK_KEY) makes the second wait and find the work done."""
from __future__ import annotations

import threading

import pytest

pytestmark = pytest.mark.postgres


def _open_and_install(url: str, start: threading.Barrier, errors: list) -> None:
    from services.database import prepare_database
    from storage import pg_roles
    try:
        start.wait()
        engine, _ = prepare_database(url)  # migrate + seed
        try:
            with engine.begin() as connection:
                pg_roles.install(connection)
        finally:
            engine.dispose()
    except BaseException as error:  # reported by the test thread
        errors.append(error)


def test_two_seats_upgrading_a_fresh_register_at_once_both_succeed(pg_url):
    import sqlalchemy as sa

    from storage import pg_roles
    start, errors = threading.Barrier(2), []
    seats = [threading.Thread(target=_open_and_install, args=(pg_url, start, errors)) for _ in range(2)]
    for seat in seats:
        seat.start()
    for seat in seats:
        seat.join(60)
    assert not errors, errors
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1
            assert connection.exec_driver_sql("SELECT count(*) FROM region").scalar() > 0
            groups = connection.execute(sa.text("SELECT rolname FROM pg_roles WHERE rolname LIKE :like"),
                                        {"like": "qandas\\_%"}).scalars().all()
            assert sorted(groups) == sorted(pg_roles.GROUPS.values())
            duplicated = connection.exec_driver_sql(
                "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE starts_with(tgname, 'qandas') "
                "GROUP BY 1, 2 HAVING count(*) > 1").all()
            assert duplicated == []
            assert connection.exec_driver_sql(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'qandas_audit_insert'").scalar() > 0
    finally:
        engine.dispose()
    pg_roles.forget()


def test_the_schema_lock_is_released_after_an_upgrade(pg_url):
    from services.database import prepare_database
    from storage.pg_roles import SCHEMA_LOCK_KEY
    engine, _ = prepare_database(pg_url)
    try:
        with engine.connect() as connection:  # another session could take it at once
            assert connection.exec_driver_sql(f"SELECT pg_try_advisory_lock({SCHEMA_LOCK_KEY})").scalar() is True
            connection.exec_driver_sql(f"SELECT pg_advisory_unlock({SCHEMA_LOCK_KEY})")
    finally:
        engine.dispose()
