"""The conversion service: administrators only, refused while the register is open elsewhere."""
from __future__ import annotations

import hashlib

import pytest

from domain.errors import PermissionDenied
from domain.permissions import Actor, Role
from services import register_encryption
from storage import sqlcipher_files
from storage.engine import DatabaseError, create_engine
from tests.db_templates import copy_of_template

pytest.importorskip("sqlcipher3")
PASSPHRASE = "a passphrase long enough"


@pytest.fixture(autouse=True)
def _no_process_passphrase():
    sqlcipher_files.set_passphrase(None)
    yield
    sqlcipher_files.set_passphrase(None)


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.CASE_WORKER, Role.READ_ONLY])
def test_only_an_administrator_converts(tmp_path, sqlite_template, role):
    db = copy_of_template(sqlite_template, tmp_path / "r.sqlite3")
    with pytest.raises(PermissionDenied):
        register_encryption.encrypt(str(db), Actor(None, "dana", role, "Dana"), PASSPHRASE)
    assert db.read_bytes()[:16] == sqlcipher_files.MAGIC


def test_refused_while_another_program_has_it_open(tmp_path, sqlite_template):
    db = copy_of_template(sqlite_template, tmp_path / "r.sqlite3")
    engine = create_engine(str(db))
    try:
        with engine.connect() as connection:  # a second seat holding the file open
            connection.exec_driver_sql("SELECT count(*) FROM family").fetchone()
            before = hashlib.sha256(db.read_bytes()).hexdigest()
            with pytest.raises(DatabaseError):
                register_encryption.encrypt(str(db), Actor(None, "boss", Role.ADMINISTRATOR, "Boss"), PASSPHRASE)
            assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    finally:
        engine.dispose()
    assert not register_encryption.is_encrypted(str(db))
    assert not list(tmp_path.glob("r.*.before-*"))
