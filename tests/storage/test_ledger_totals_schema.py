"""The ledger totals' triggers have one definition (``storage.ledger_totals``): a schema built from
the models gets the same triggers as the migrated one, on SQLite and PostgreSQL."""
from __future__ import annotations

import sqlalchemy as sa

from storage import ledger_totals, tables
from storage.engine import create_engine


def _triggers(engine) -> set[str]:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        else:
            rows = connection.execute(sa.text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
        return {row[0] for row in rows}


def test_models_built_schema_has_the_triggers(any_db_url):
    built = create_engine(any_db_url)
    try:
        assert not _triggers(built) & {name for _table, name in ledger_totals.TRIGGERS}
        tables.metadata.create_all(built)
        assert _triggers(built) >= {name for _table, name in ledger_totals.TRIGGERS}
    finally:
        built.dispose()


def test_migration_creates_the_same_statements(migrated_db_url):
    """Revision 0005 ran ``ledger_totals.create_statements``: the stored trigger SQL is that text."""
    engine = create_engine(migrated_db_url)
    try:
        if engine.dialect.name != "sqlite":
            assert _triggers(engine) >= {name for _table, name in ledger_totals.TRIGGERS}
            return
        with engine.connect() as connection:
            stored = set(connection.execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger'")).scalars())
        assert set(ledger_totals.create_statements("sqlite")) <= stored
    finally:
        engine.dispose()
