"""Backup and restore through the real services on real files: exactly the same data comes back."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from domain.errors import DomainError
from services import backup
from storage import tables
from storage.backup import write_backup


def snapshot(url_or_engine) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    engine = url_or_engine if isinstance(url_or_engine, sa.Engine) else sa.create_engine(url_or_engine)
    try:
        with engine.connect() as connection:
            return {name: [tuple(row) for row in connection.execute(
                sa.select(table).order_by(*table.primary_key.columns))]
                for name, table in tables.metadata.tables.items()}
    finally:
        if not isinstance(url_or_engine, sa.Engine):
            engine.dispose()


def as_admin(services):
    """The services as a signed-in administrator "boss" (created if missing): only they restore."""
    from domain.permissions import Actor, Role
    if not any(u.login == "boss" for u in services.users.list_users()):
        services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    return services.for_actor(Actor(None, "boss", Role.ADMINISTRATOR, "Boss"))


def test_restore_gives_back_exactly_the_same_rows(services, engine, db_path, tmp_path):
    services.demo(families=30, seed=5)
    services = as_admin(services)
    out = tmp_path / "b.qbak"
    result = services.backup.create(out)
    with engine.connect() as connection:  # the backup's own audit entry is written after the snapshot
        last_id = connection.scalar(sa.text("SELECT max(id) FROM audit_log"))
    expected = snapshot(engine)
    expected["audit_log"] = [r for r in expected["audit_log"] if r[0] < last_id]
    expected["setting"] = None
    assert result.schema_revision and len(result.sha256) == 64
    services.demo(families=10, seed=6)  # changes after the backup, to be undone
    services.users.create("later", "read_only", "later-password")
    restored = services.backup.restore(out)
    assert restored.kept_as and Path(restored.kept_as).exists()
    after = snapshot(f"sqlite:///{db_path}")
    audit_after = after.pop("audit_log")
    assert [r for r in audit_after if r[0] < last_id] == expected.pop("audit_log")
    assert audit_after[-1][3] == "restore"
    expected.pop("setting"), after.pop("setting")
    assert after == expected
    assert services.audit.verify().ok


def test_backup_file_carries_a_manifest(services, tmp_path):
    out = tmp_path / "m.qbak"
    services.backup.create(out)
    with zipfile.ZipFile(out) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
    assert manifest["format"] == "qandas-backup" and manifest["dialect"] == "sqlite"
    assert {"app_version", "schema_revision", "created_at", "sha256", "size"} <= manifest.keys()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_restore_refuses_foreign_newer_and_damaged_files(services, engine, db_path, tmp_path):
    services = as_admin(services)
    before = snapshot(engine)
    foreign = tmp_path / "notes.qbak"
    foreign.write_text("hello")
    with pytest.raises(DomainError, match="not a Qandas backup"):
        services.backup.restore(foreign)
    good = tmp_path / "good.qbak"
    services.backup.create(good)
    before = snapshot(engine)

    def rewrite(name: str, change) -> Path:
        target = tmp_path / name
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(target, "w") as sink:
            for item in source.namelist():
                data = source.read(item)
                sink.writestr(item, change(item, data))
        return target

    def newer(item, data):
        if item != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["schema_revision"] = "9999_future"
        return json.dumps(manifest)

    with pytest.raises(DomainError, match="newer version"):
        services.backup.restore(rewrite("newer.qbak", newer))
    damaged = rewrite("damaged.qbak", lambda item, data: data if item == "manifest.json" else data[:-10] + b"x" * 10)
    with pytest.raises(DomainError, match="damaged"):
        services.backup.restore(damaged)
    assert snapshot(f"sqlite:///{db_path}") == before
    assert not (db_path.parent / (db_path.name + ".before-restore")).exists()


def test_daily_backup_once_a_day_keeping_the_newest(services, clock, db_path):
    with services.engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO setting VALUES ('backup.keep', '3', :t, 'test')"), {"t": clock.now})
    made = []
    for day in range(5):
        first = services.backup.auto_backup_if_due()
        assert first is not None
        assert services.backup.auto_backup_if_due() is None  # second start the same day
        made.append(Path(first.path).name)
        clock.now += dt.timedelta(days=1)
    folder = db_path.parent / "backups"
    assert sorted(p.name for p in folder.iterdir()) == sorted(made[-3:])


def test_backup_while_another_seat_is_writing_takes_the_committed_snapshot(services, db_path, tmp_path):
    writer = sqlite3.connect(db_path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO setting VALUES ('uncommitted', 'x', '2026-01-01', 'other seat')")
    out = tmp_path / "live.qbak"
    try:
        # the snapshot neither waits for nor includes the other seat's open transaction
        write_backup(f"sqlite:///{db_path}", out, "test", "0001", dt.datetime(2026, 1, 1))
    finally:
        writer.rollback()
        writer.close()
    manifest = backup.inspect_backup(out)
    with zipfile.ZipFile(out) as bundle:
        (tmp_path / "x.sqlite3").write_bytes(bundle.read(manifest.payload))
    with sqlite3.connect(tmp_path / "x.sqlite3") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM setting WHERE key = 'uncommitted'").fetchone()[0] == 0
