"""Copies Qandas writes on its own (issue #19): encrypted when the backup passphrase is set,
owner-only, and pruned by the rule (newest 3, none older than 90 days but the newest)."""
from __future__ import annotations

import json
import os
import stat
import time
import zipfile

from alembic import command

from storage import backup_crypto, private_files, schema
from storage.engine import create_engine


def test_prune_keeps_the_newest_and_drops_the_old(tmp_path):
    now = time.time()
    copies = []
    for age_days in (0, 1, 2, 3, 4, 200):
        copy = tmp_path / f"db.{age_days}.before-x.bak.sqlite3"
        copy.write_bytes(b"x")
        os.utime(copy, (now - age_days * 86400, now - age_days * 86400))
        copies.append(copy)
    removed = private_files.prune_copies(copies, keep=3, max_days=90, now=now)
    assert sorted(p.name for p in removed) == sorted(c.name for c in copies[3:])
    assert all(c.exists() for c in copies[:3])
    lone = tmp_path / "lone.before-y.qbak"
    lone.write_bytes(b"y")
    os.utime(lone, (now - 400 * 86400,) * 2)
    assert private_files.prune_copies([lone], now=now) == [] and lone.exists()  # the newest always stays


def test_the_copy_before_an_upgrade_is_encrypted_and_pruned(tmp_path, monkeypatch):
    monkeypatch.setenv("QANDAS_DATA_DIR", str(tmp_path / "data"))
    db = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        command.upgrade(schema.alembic_config(connection), "0010")
    engine.dispose()
    backup_crypto.save_key(f"sqlite:///{db}", backup_crypto.new_key("a long enough passphrase"))
    for number in range(4):  # older copies of earlier upgrades
        stale = tmp_path / f"old.2020010{number}-000000.before-000{number}.bak.sqlite3"
        stale.write_bytes(b"SQLite format 3\x00")
        os.utime(stale, (time.time() - (10 + number) * 86400,) * 2)
    result = schema.upgrade(str(db))
    copy = result.backup
    assert copy.suffix == ".qbak"
    with zipfile.ZipFile(copy) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        assert b"SQLite format" not in bundle.read(manifest["payload"])
    assert manifest["encryption"]["cipher"] == "AES-256-GCM" and manifest["schema_revision"] == "0010"
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600
    left = sorted(p.name for p in tmp_path.glob("old.*.before-*"))
    assert len(left) == 3 and copy.name in left
