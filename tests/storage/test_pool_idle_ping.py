"""A pooled PostgreSQL connection is pinged before use only after it sat idle
(``storage.engine.IDLE_PING_SECONDS``): a connection used moments ago costs no extra round trip,
and a dead idle one (its server process gone, as after a server restart) is still replaced
before the operation runs. Within the idle window a dead connection fails its statement once and
the next operation connects anew."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

from storage import engine as engine_module
from storage.engine import create_engine

pytestmark = pytest.mark.postgres


def _pid(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()


def _terminate(url: str, pid: int) -> None:
    other = create_engine(url)
    try:
        with other.connect() as connection:
            assert connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
            for _ in range(200):  # the backend leaves pg_stat_activity once it has exited
                if not connection.execute(sa.text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"),
                                          {"pid": pid}).scalar():
                    break
    finally:
        other.dispose()


@pytest.fixture
def pings(monkeypatch):
    """Counts the pings (the dialect's ``do_ping``) the engines of this test send."""
    sent = []
    original = PGDialect_psycopg.do_ping

    def counted(self, dbapi_connection):
        sent.append(1)
        return original(self, dbapi_connection)
    monkeypatch.setattr(PGDialect_psycopg, "do_ping", counted)
    return sent


def test_a_connection_used_moments_ago_is_not_pinged(pg_url, pings, monkeypatch):
    monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 3600.0)
    engine = create_engine(pg_url)
    try:
        first = _pid(engine)
        assert [_pid(engine) for _ in range(5)] == [first] * 5  # the same pooled connection
        assert pings == []
    finally:
        engine.dispose()


def test_an_idle_dead_connection_is_replaced_before_use(pg_url, pings, monkeypatch):
    monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 0.0)  # every pooled connection counts as idle
    engine = create_engine(pg_url)
    try:
        first = _pid(engine)
        assert len(pings) == 0  # a new connection is not pinged
        assert _pid(engine) == first and len(pings) == 1  # an idle one is, and it is alive
        _terminate(pg_url, first)
        second = _pid(engine)  # the ping found it dead: a new connection, no error
        assert second != first
        assert _pid(engine) == second
    finally:
        engine.dispose()


def test_within_the_idle_window_a_dead_connection_fails_once_then_reconnects(pg_url, pings, monkeypatch):
    monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 3600.0)
    engine = create_engine(pg_url)
    try:
        first = _pid(engine)
        _terminate(pg_url, first)
        with pytest.raises(sa.exc.DBAPIError) as failed:
            _pid(engine)
        assert failed.value.connection_invalidated
        assert _pid(engine) != first  # the pool was emptied: the next operation connects anew
        assert pings == []
    finally:
        engine.dispose()
