"""A PostgreSQL database at an older revision is dumped before its schema is upgraded."""
from __future__ import annotations

import pytest
from alembic import command

from services.backup import inspect_backup
from services.database import prepare_database
from storage import schema
from storage.engine import create_engine

pytestmark = pytest.mark.postgres


def test_older_server_database_is_backed_up_before_the_upgrade(pg_url, tmp_path, monkeypatch):
    monkeypatch.setenv("QANDAS_DATA_DIR", str(tmp_path / "data"))
    revisions = [rev.revision for rev in reversed(list(schema.script_directory().walk_revisions()))]
    if len(revisions) < 2:
        pytest.skip("only one schema revision: nothing is older yet")
    engine = create_engine(pg_url)
    with engine.begin() as connection:
        command.upgrade(schema.alembic_config(connection), revisions[-2])
    engine.dispose()
    engine, result = prepare_database(pg_url)
    engine.dispose()
    assert result.before.kind == "older"
    assert result.backup is not None and result.backup.exists()
    assert result.backup.parent == tmp_path / "data" / "backups"
    assert inspect_backup(result.backup).schema_revision == revisions[-2]
