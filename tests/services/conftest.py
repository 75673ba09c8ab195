"""Fixtures of the service tests that run on SQLite and on PostgreSQL."""
from __future__ import annotations

import pytest


@pytest.fixture
def db_services(migrated_db_url, clock):
    """The application's services on a fresh, migrated database of each engine (``migrated_db_url``)."""
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_db_url)
    yield AppServices(engine, clock=clock)
    engine.dispose()


@pytest.fixture
def memory_services(clock):
    """The accounts and settings services on an in-memory unit of work (tests/memory_uow.py): for
    tests of their rules only; what SQL must prove stays on ``services``/``db_services``."""
    from tests.memory_uow import MemoryDatabase, MemoryServices
    return MemoryServices(MemoryDatabase(clock))
