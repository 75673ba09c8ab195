"""The per-test databases copied from the session's template are what prepare_database makes on an
empty database (same revision, same schema, same reference data), and opening a copy migrates nothing."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from services.database import prepare_database
from storage import schema, tables
from tests.db_templates import copy_of_template

TIMESTAMPS = {"created_at", "updated_at"}  # set to "now" when the reference data is seeded


def _contents(engine) -> dict[str, list[tuple]]:
    contents = {}
    with engine.connect() as connection:
        for table in tables.metadata.sorted_tables:
            columns = [c for c in table.columns if c.name not in TIMESTAMPS]
            contents[table.name] = sorted(map(tuple, connection.execute(sa.select(*columns))), key=repr)
        contents["alembic_version"] = list(connection.exec_driver_sql("SELECT version_num FROM alembic_version"))
    return contents


def _schema(engine) -> dict[str, list[tuple]]:
    inspector = sa.inspect(engine)
    return {name: sorted((c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(name))
            for name in inspector.get_table_names()}


def test_a_copy_is_current_and_opening_it_migrates_nothing(migrated_db_url, monkeypatch):
    def no_migration(*_args, **_kwargs):
        raise AssertionError("prepare_database ran the migrations on a copy of the template")

    monkeypatch.setattr(schema, "_migrate", no_migration)
    engine, result = prepare_database(migrated_db_url)
    try:
        assert result.before.kind == "current" and result.revision == schema.head_revision()
        assert result.backup is None
        with engine.begin() as connection:
            from storage.seed import ensure_reference_data
            assert ensure_reference_data(connection) == 0  # every shipped row is already there
    finally:
        engine.dispose()


def test_a_copy_equals_a_freshly_migrated_database(migrated_db_url, request, tmp_path):
    if request.node.callspec.params["migrated_db_url"] == "sqlite":
        fresh_url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    else:
        fresh_url = request.getfixturevalue("pg_url")
    fresh, _ = prepare_database(fresh_url)
    copy = sa.create_engine(migrated_db_url)
    try:
        assert _schema(copy) == _schema(fresh)
        copied, made = _contents(copy), _contents(fresh)
        assert copied == made
        assert copied["region"] and copied["country"] and copied["alembic_version"] == [(schema.head_revision(),)]
    finally:
        copy.dispose()
        fresh.dispose()


@pytest.mark.parametrize("kind", ["trigger", "index"])
def test_a_sqlite_copy_has_every_trigger_and_index_of_a_fresh_file(sqlite_template, tmp_path, kind):
    fresh, _ = prepare_database(str(tmp_path / "fresh.sqlite3"))
    copy = sa.create_engine(f"sqlite:///{copy_of_template(sqlite_template, tmp_path / 'copy.sqlite3')}")
    try:
        query = f"SELECT name, sql FROM sqlite_master WHERE type = '{kind}' ORDER BY name"
        with copy.connect() as a, fresh.connect() as b:
            assert list(a.exec_driver_sql(query)) == list(b.exec_driver_sql(query))
    finally:
        copy.dispose()
        fresh.dispose()
