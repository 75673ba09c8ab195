"""The migrations build exactly the models' schema, go down and up, and keep data."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage import schema, tables
from storage.engine import DatabaseError, create_engine


def _upgrade(engine, target="head"):
    with engine.begin() as connection:
        command.upgrade(schema.alembic_config(connection), target)


def _downgrade(engine, target="base"):
    with engine.begin() as connection:
        command.downgrade(schema.alembic_config(connection), target)


def _differences(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, tables.metadata)


def test_head_schema_equals_the_models(any_db_url):
    engine = create_engine(any_db_url)
    _upgrade(engine)
    assert _differences(engine) == []
    engine.dispose()


def test_downgrade_to_base_and_up_again(any_db_url):
    engine = create_engine(any_db_url)
    _upgrade(engine)
    _downgrade(engine)
    with engine.connect() as connection:
        assert set(sa.inspect(connection).get_table_names()) <= {"alembic_version"}
    _upgrade(engine)
    assert _differences(engine) == []
    engine.dispose()


def _revisions_oldest_first():
    return [rev.revision for rev in reversed(list(schema.script_directory().walk_revisions()))]


def test_every_revision_upgrades_a_database_holding_data(any_db_url):
    """Walk from the first revision to head with rows in the core tables; nothing is lost."""
    engine = create_engine(any_db_url)
    revisions = _revisions_oldest_first()
    _upgrade(engine, revisions[0])
    now = dt.datetime(2025, 1, 1, 9, 0)
    stamp = {"created_at": now, "created_by": "t", "updated_at": now, "updated_by": "t"}
    with engine.begin() as connection:
        schema.ensure_reference_data(connection, now)
        connection.execute(sa.text(
            "INSERT INTO family (id, case_number, stage, head_sort_key, address, phone, notes, created_at, "
            "created_by, updated_at, updated_by, version) VALUES (1, '2025-00001', 'arrived', '', '', '', '', "
            ":created_at, :created_by, :updated_at, :updated_by, 1)"), stamp)
        connection.execute(sa.text(
            "INSERT INTO person (id, family_id, relation, surname, given_name, patronymic, latin_name, iin, "
            "profession, search_key, sort_key, created_at, created_by, updated_at, updated_by, version) VALUES "
            "(1, 1, 'head', 'Қасымов', 'Нұрлан', '', '', '871008401427', '', 'kasymov nurlan', '1', "
            ":created_at, :created_by, :updated_at, :updated_by, 1)"), stamp)
    for revision in revisions[1:]:
        _upgrade(engine, revision)
    _upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT surname, iin FROM person")).one() == ("Қасымов", "871008401427")
        assert connection.execute(sa.text("SELECT case_number FROM family")).scalar() == "2025-00001"
    engine.dispose()


def test_upgrade_seeds_reference_data_once(tmp_path):
    path = tmp_path / "q.sqlite3"
    first = schema.upgrade(str(path))
    assert first.before.kind == "empty"
    second = schema.upgrade(str(path))
    assert second.before.kind == "current"
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM region").fetchone()[0] == 20
        assert connection.execute("SELECT mrp FROM mrp_rate WHERE year = 2026").fetchone()[0] == 4325


def test_newer_database_is_refused_untouched(tmp_path):
    path = tmp_path / "q.sqlite3"
    schema.upgrade(str(path))
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as caught:
        schema.upgrade(str(path))
    assert "newer version" in caught.value.message
    assert path.read_bytes() == before


def test_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(DatabaseError) as caught:
        schema.upgrade(str(path))
    assert "not made by Qandas" in caught.value.message


def test_non_database_file_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("hello")
    with pytest.raises(DatabaseError):
        create_engine(str(path))


def test_older_database_is_backed_up_before_upgrade(tmp_path, monkeypatch):
    path = tmp_path / "q.sqlite3"
    schema.upgrade(str(path))
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO setting (key, value, updated_at, updated_by) "
                           "VALUES ('marker', 'kept', '2025-01-01', 't')")
    # Pretend the file is one revision behind a newer head.
    monkeypatch.setattr(schema, "head_revision", lambda: "future_head")
    known = {*schema.known_revisions(), "future_head"}  # whatever revisions exist today, plus a newer one
    monkeypatch.setattr(schema, "known_revisions", lambda: known)
    monkeypatch.setattr(command, "upgrade", lambda config, target: None)  # alembic.command, as _migrate imports it
    result = schema.upgrade(str(path))
    assert result.before.kind == "older"
    assert result.backup is not None and result.backup.exists()
    with sqlite3.connect(result.backup) as connection:
        assert connection.execute("SELECT value FROM setting WHERE key = 'marker'").fetchone() == ("kept",)


def test_the_revision_files_read_without_alembic_agree_with_alembic():
    directory = schema.script_directory()
    assert schema.head_revision() == directory.get_current_head()
    assert schema.known_revisions() == {rev.revision for rev in directory.walk_revisions()}


def test_opening_a_current_database_does_not_load_alembic(tmp_path):
    import subprocess
    import sys
    from pathlib import Path
    db = tmp_path / "q.sqlite3"
    schema.upgrade(str(db))
    code = ("import sys; from services.database import prepare_database; engine, result = prepare_database(sys.argv[1]); "
            "assert result.before.kind == 'current', result; print('alembic' in sys.modules)")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code, str(db)], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"  # a start that needs no migration never imports it
