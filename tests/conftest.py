"""Fixtures shared by every layer: offscreen Qt, real SQLite files, a real PostgreSQL server."""
from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import
# one data folder per xdist worker (PYTEST_XDIST_WORKER is set before this file is imported)
os.environ.setdefault("QANDAS_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", ".pytest-data",
                                                      os.environ.get("PYTEST_XDIST_WORKER", "main")))

import datetime as dt  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from tests.db_templates import FilledTemplates, build_sqlite_template, copy_of_template  # noqa: E402
from tests.pg_server import running_server  # noqa: E402

FIXED_NOW = dt.datetime(2026, 11, 25, 10, 0, 0)


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """Once a test made the QApplication, cycles are collected on the GUI thread only
    (gui/main_thread_gc.py), by a timer that runs only inside an event loop: collect what is
    due after each test, so a later test without one does not grow."""
    collector = sys.modules.get("gui.main_thread_gc")
    if collector is not None:
        collector.collect_due()


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashes():
    """argon2 at its cheapest in every test (tests/cheap_hashes.py); yields the application's own
    hasher for the one test that checks its strength."""
    from tests.cheap_hashes import cheap_password_hashes as cheap
    with cheap() as real:
        yield real


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


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """One SQLite file brought to head and seeded by prepare_database itself, once per session
    (per xdist worker); tests start from copies of it instead of running every migration again."""
    return build_sqlite_template(tmp_path_factory.mktemp("template") / "template.sqlite3")


@pytest.fixture(scope="session")
def filled_templates(tmp_path_factory, sqlite_template) -> FilledTemplates:
    """Filled databases built once per session, copied into a test's own database."""
    return FilledTemplates(tmp_path_factory.mktemp("filled"), sqlite_template)


@pytest.fixture
def engine(db_path, sqlite_template):
    """The application's engine on a migrated, seeded file. An absent file starts as a copy of the
    template; prepare_database then finds it current (no migration) as it would any later start.
    A file a test wrote beforehand (an older revision, say) is opened and upgraded as before."""
    from services.database import prepare_database
    if not db_path.exists():
        copy_of_template(sqlite_template, db_path)
    engine, _ = prepare_database(str(db_path))
    yield engine
    engine.dispose()


@pytest.fixture
def services(engine, clock):
    from services import AppServices
    return AppServices(engine, clock=clock)


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    yield from running_server()


@pytest.fixture
def pg_url(postgres_server, request):
    """A fresh, empty database on the test server for one test (for tests of the migrations)."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db_url(request, tmp_path):
    """An empty database on SQLite and on PostgreSQL (skipped where its binaries are missing)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'qandas.sqlite3'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="session")
def pg_template(postgres_server) -> str:
    """One database on the test server brought to head and seeded by prepare_database, once per
    session; ``CREATE DATABASE … TEMPLATE`` copies it for each test (nobody stays connected to it,
    which the copy requires)."""
    from services.database import prepare_database
    name = postgres_server.create_database()
    engine, _ = prepare_database(postgres_server.url(name))
    engine.dispose()
    return name


@pytest.fixture
def migrated_pg_url(postgres_server, pg_template):
    """A fresh database at the current revision with the reference data, copied from the template."""
    name = postgres_server.create_database(template=pg_template)
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def migrated_db_url(request, tmp_path, sqlite_template):
    """A fresh database at the current revision on SQLite and on PostgreSQL, copied from the
    session's template; opening it with prepare_database migrates nothing."""
    if request.param == "sqlite":
        return f"sqlite:///{copy_of_template(sqlite_template, tmp_path / 'qandas.sqlite3')}"
    return request.getfixturevalue("migrated_pg_url")
