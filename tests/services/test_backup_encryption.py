"""Encrypted backups (issue #19): restored with the passphrase; a wrong passphrase, a missing one
and an edited file are refused with a clear message and change nothing. Both engines."""
from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from domain.errors import DomainError, RuleViolation, ValidationError
from domain.permissions import Role
from storage import backup_crypto

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def encrypted(db_services, tmp_path, monkeypatch):
    monkeypatch.setenv("QANDAS_DATA_DIR", str(tmp_path / "data"))
    services = db_services
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password-1")
    admin = services.for_actor(services.users.authenticate("boss", "boss-password-1"))
    admin.demo(families=3, seed=4, families_only=True)
    with pytest.raises(ValidationError):
        admin.backup.set_passphrase("short")
    admin.backup.set_passphrase(PASSPHRASE)
    result = admin.backup.create(tmp_path / "enc.qbak")
    return admin, Path(result.path), tmp_path


def _families(services) -> int:
    return len(services.cases.search(""))


def test_an_encrypted_backup_is_restored_with_its_passphrase(encrypted):
    services, path, tmp_path = encrypted
    assert services.backup.is_encrypted(path)
    with zipfile.ZipFile(path) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        payload = bundle.read(manifest["payload"])
    assert manifest["encryption"]["cipher"] == "AES-256-GCM" and manifest["format_version"] == 2
    surname = services.cases.details(services.cases.search("")[0]).members[0].surname
    assert surname.encode() not in payload and b"SQLite format" not in payload and b"PGDMP" not in payload
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    key_file = backup_crypto.key_path(services.uow_factory.engine.url.render_as_string(hide_password=False))
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600 and PASSPHRASE not in key_file.read_text()
    count = _families(services)
    services.demo(families=2, seed=9, families_only=True)
    assert _families(services) == count + 2
    result = services.backup.restore(path, passphrase=PASSPHRASE)
    assert _families(services) == count
    assert services.audit.verify().ok
    if result.kept_as is not None:  # SQLite: the replaced database kept beside it, sealed too
        kept = Path(result.kept_as)
        assert kept.suffix == ".qbak" and services.backup.is_encrypted(kept)
        assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600


def test_a_wrong_or_missing_passphrase_is_refused(encrypted):
    services, path, _tmp = encrypted
    count = _families(services)
    services.demo(families=1, seed=8, families_only=True)
    with pytest.raises(backup_crypto.WrongPassphrase):
        services.backup.restore(path, passphrase="not the passphrase at all")
    with pytest.raises(RuleViolation):
        services.backup.restore(path)
    assert _families(services) == count + 1  # nothing changed


@pytest.mark.parametrize("where", ["payload", "manifest"])
def test_an_edited_backup_is_refused(encrypted, where):
    services, path, tmp_path = encrypted
    edited = tmp_path / f"edited-{where}.qbak"
    with zipfile.ZipFile(path) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        payload = bytearray(bundle.read(manifest["payload"]))
    if where == "payload":
        payload[len(payload) // 2] ^= 0x01
    else:
        manifest["created_at"] = "2020-01-01T00:00:00"
    with zipfile.ZipFile(edited, "w") as bundle:
        bundle.writestr("manifest.json", json.dumps(manifest))
        bundle.writestr(manifest["payload"], bytes(payload))
    count = _families(services)
    with pytest.raises(backup_crypto.EditedBackup) as error:
        services.backup.restore(edited, passphrase=PASSPHRASE)
    assert "changed after it was made" in error.value.render()
    assert _families(services) == count


def test_without_its_key_here_a_database_is_never_backed_up_in_clear(encrypted):
    services, _path, tmp_path = encrypted
    url = services.uow_factory.engine.url.render_as_string(hide_password=False)
    backup_crypto.key_path(url).unlink()
    with pytest.raises(DomainError) as error:
        services.backup.create(tmp_path / "clear.qbak")
    assert "passphrase" in error.value.render()
    assert not (tmp_path / "clear.qbak").exists()
    with sa.create_engine(url).connect() as connection:  # the database still says so
        assert connection.execute(sa.text("SELECT value FROM setting WHERE key = 'backup.encrypted'")).scalar() == "1"
