"""Fixtures shared by every layer: offscreen Qt, real SQLite files, a real PostgreSQL server."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import
os.environ.setdefault("QANDAS_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", ".pytest-data"))

import datetime as dt  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from tests.pg_server import PostgresServer, find_postgres_binaries  # noqa: E402

FIXED_NOW = dt.datetime(2026, 11, 25, 10, 0, 0)


@pytest.fixture
def clock():
    """A clock tests can move: ``clock.now`` is what services see as 'now'."""

    class Clock:
        now = FIXED_NOW

        def __call__(self) -> dt.datetime:
            return self.now

    return Clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "qandas.sqlite3"


@pytest.fixture
def engine(db_path):
    from services.database import prepare_database
    engine, _ = prepare_database(str(db_path))
    yield engine
    engine.dispose()


@pytest.fixture
def services(engine, clock):
    from services import AppServices
    return AppServices(engine, clock=clock)


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    binaries = find_postgres_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    server = PostgresServer(binaries)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres_server, request):
    """A fresh, empty database on the test server for one test."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db_url(request, tmp_path):
    """Run a test on SQLite and on PostgreSQL (skipped where its binaries are missing)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'qandas.sqlite3'}"
    return request.getfixturevalue("pg_url")
