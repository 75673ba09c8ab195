"""Fixtures of the storage tests."""
from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def demo_services(request, tmp_path_factory, sqlite_template):
    """One 60-family demo per engine for the whole module: its tests only read it."""
    from services import AppServices
    from services.database import prepare_database
    server = name = None
    if request.param == "sqlite":
        from tests.db_templates import copy_of_template
        url = f"sqlite:///{copy_of_template(sqlite_template, tmp_path_factory.mktemp('keystrokes') / 'q.sqlite3')}"
    else:
        server = request.getfixturevalue("postgres_server")
        name = server.create_database(template=request.getfixturevalue("pg_template"))
        url = server.url(name)
    engine, _ = prepare_database(url)
    services = AppServices(engine, clock=lambda: dt.datetime(2026, 11, 25, 10, 0))
    services.demo(families=60, seed=5)
    yield services
    engine.dispose()
    if server is not None:
        server.drop_database(name)
