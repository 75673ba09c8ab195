"""PostgreSQL: a backup from an older revision restores into a database at head, and nothing that a
newer revision added (tables, trigger functions) is left behind to break the upgrade after it."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command

from domain.permissions import SYSTEM_ACTOR, Actor, Role
from services import backup
from storage import schema
from storage.engine import create_engine

pytestmark = pytest.mark.postgres


def test_a_backup_of_revision_0004_restores_into_head_with_the_totals_and_triggers(pg_url, tmp_path):
    schema.upgrade(pg_url)
    engine = create_engine(pg_url)
    from services import AppServices
    AppServices(engine).users.create("boss", Role.ADMINISTRATOR, "boss-password")  # who may restore
    try:
        with engine.begin() as connection:
            command.downgrade(schema.alembic_config(connection), "0004")
            connection.execute(sa.text("INSERT INTO setting (key, value, updated_at, updated_by) VALUES ('restore.marker', '\"old\"', now(), 'test')"))
        older = tmp_path / "older.qbak"
        backup.write(pg_url, older, SYSTEM_ACTOR)
        assert backup.inspect_backup(older).schema_revision == "0004"
        schema.upgrade(pg_url)  # the new version opens the database: the totals and triggers appear
        with engine.begin() as connection:
            connection.execute(sa.text("UPDATE setting SET value = '\"new\"' WHERE key = 'restore.marker'"))
        engine.dispose()

        backup.restore(pg_url, older, Actor(None, "boss", Role.ADMINISTRATOR))

        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == \
                schema.head_revision()
            assert connection.execute(sa.text(
                "SELECT value FROM setting WHERE key = 'restore.marker'")).scalar() in ("old", '"old"')
            triggers = connection.execute(sa.text(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'payment'::regclass AND NOT tgisinternal")).scalar()
            assert triggers > 0
        schema.upgrade(pg_url)  # opening it again is a no-op, not an error
    finally:
        engine.dispose()
