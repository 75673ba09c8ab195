"""``db encrypt``/``db decrypt``: the SQLite register encrypted at rest with SQLCipher (issue #19).

Real files throughout: the encrypted register is reopened with the right and the wrong
passphrase, its raw bytes (and those of its kept copy and of a backup's payload) are searched
for an IIN, and every outcome is a CLI exit code."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import zipfile

import pytest

from storage import sqlcipher_files
from tests.cli.test_admin_cli import run

pytest.importorskip("sqlcipher3")

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_process_passphrase(monkeypatch, tmp_path):
    """The CLI runs in this process: the passphrase it keeps must not leak between tests."""
    monkeypatch.setenv("QANDAS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("QANDAS_DB_PASSPHRASE", raising=False)
    sqlcipher_files.set_passphrase(None)
    yield
    sqlcipher_files.set_passphrase(None)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _some_iins(db) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        return [row[0] for row in connection.execute("SELECT iin FROM person WHERE iin IS NOT NULL LIMIT 5")]
    finally:
        connection.close()


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _families(db, monkeypatch, passphrase: str | None) -> object:
    if passphrase is None:
        monkeypatch.delenv("QANDAS_DB_PASSPHRASE", raising=False)
    else:
        monkeypatch.setenv("QANDAS_DB_PASSPHRASE", passphrase)
    sqlcipher_files.set_passphrase(None)
    return run("--db", str(db), "info", "--json")


def test_encrypted_register_opens_only_with_its_passphrase(tmp_path, monkeypatch):
    db = tmp_path / "r.sqlite3"
    assert run("--db", str(db), "demo", "--families", "4").returncode == 0
    iins = _some_iins(db)
    assert iins and iins[0].encode() in db.read_bytes()  # the check below can fail: the plain file shows them

    done = run("db", "encrypt", "--db", str(db), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert done.returncode == 0, done.stderr
    assert db.read_bytes()[:16] != sqlcipher_files.MAGIC
    kept = sorted(tmp_path.glob("r.*.before-encrypt.sqlite3"))
    assert len(kept) == 1
    for each in (db, kept[0]):
        raw = each.read_bytes()
        assert not any(iin.encode() in raw for iin in iins), each
        assert raw[:16] != sqlcipher_files.MAGIC
        if os.name == "posix":
            assert _mode(each) == 0o600, each
    assert not list((tmp_path / ".qandas-tmp").glob("*")) if (tmp_path / ".qandas-tmp").exists() else True

    before = _digest(db)
    missing = _families(db, monkeypatch, None)
    assert missing.returncode == 1 and "encrypted" in missing.stderr
    wrong = _families(db, monkeypatch, "not the passphrase")
    assert wrong.returncode == 1 and "passphrase is wrong" in wrong.stderr
    assert _digest(db) == before  # a refused open changes nothing
    right = _families(db, monkeypatch, PASSPHRASE)
    assert right.returncode == 0, right.stderr
    assert json.loads(right.stdout)["counts"]["families"] == 4
    verified = run("--db", str(db), "audit", "verify", "--json")
    assert verified.returncode == 0, verified.stdout
    assert "encrypt_database" in run("--db", str(db), "audit", "list", "--json").stdout


def test_backup_of_an_encrypted_register_stays_encrypted(tmp_path, monkeypatch):
    db = tmp_path / "r.sqlite3"
    assert run("--db", str(db), "demo", "--families", "3").returncode == 0
    assert run("--db", str(db), "user", "add", "boss", "--role", "administrator", stdin="boss-password\n").returncode == 0
    iins = _some_iins(db)
    assert run("db", "encrypt", "--db", str(db), "--passphrase-stdin", stdin=PASSPHRASE + "\n").returncode == 0
    monkeypatch.setenv("QANDAS_DB_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "b.qbak"
    made = run("--db", str(db), "backup", "--out", str(out))
    assert made.returncode == 0, made.stderr
    with zipfile.ZipFile(out) as bundle:
        payload = bundle.read("database.sqlite3")
    assert payload[:16] != sqlcipher_files.MAGIC
    assert not any(iin.encode() in payload for iin in iins)
    copy = tmp_path / "payload.sqlite3"
    copy.write_bytes(payload)
    with pytest.raises(sqlcipher_files.WrongDatabasePassphrase):
        sqlcipher_files.connect(copy, key="another passphrase!")
    connection = sqlcipher_files.connect(copy, key=PASSPHRASE)
    try:
        assert connection.execute("SELECT count(*) FROM family").fetchone()[0] == 3
    finally:
        connection.close()
    # restored over the register: it stays encrypted, and so does the copy of what it replaced
    assert run("--db", str(db), "demo", "--families", "2").returncode == 0
    restored = run("--db", str(db), "restore", str(out), "--login", "boss", stdin="boss-password\n")
    assert restored.returncode == 0, restored.stderr
    for each in (db, tmp_path / "r.sqlite3.before-restore"):
        assert each.read_bytes()[:16] != sqlcipher_files.MAGIC, each
        assert not any(iin.encode() in each.read_bytes() for iin in iins), each
    assert json.loads(_families(db, monkeypatch, PASSPHRASE).stdout)["counts"]["families"] == 3


def test_a_plain_backup_restored_over_an_encrypted_register_is_encrypted_too(tmp_path, monkeypatch):
    db = tmp_path / "r.sqlite3"
    assert run("--db", str(db), "demo", "--families", "3").returncode == 0
    assert run("--db", str(db), "user", "add", "boss", "--role", "administrator", stdin="boss-password\n").returncode == 0
    iins = _some_iins(db)
    plain = tmp_path / "before-encryption.qbak"
    assert run("--db", str(db), "backup", "--out", str(plain)).returncode == 0
    with zipfile.ZipFile(plain) as bundle:  # the check below can fail: this backup is plain
        assert bundle.read("database.sqlite3")[:16] == sqlcipher_files.MAGIC
    assert run("db", "encrypt", "--db", str(db), "--passphrase-stdin", stdin=PASSPHRASE + "\n").returncode == 0
    monkeypatch.setenv("QANDAS_DB_PASSPHRASE", PASSPHRASE)
    assert run("--db", str(db), "demo", "--families", "2").returncode == 0

    restored = run("--db", str(db), "restore", str(plain), "--login", "boss", stdin="boss-password\n")
    assert restored.returncode == 0, restored.stderr
    raw = db.read_bytes()
    assert raw[:16] != sqlcipher_files.MAGIC and not any(iin.encode() in raw for iin in iins)
    assert json.loads(_families(db, monkeypatch, PASSPHRASE).stdout)["counts"]["families"] == 3
    assert _families(db, monkeypatch, None).returncode == 1  # still needs its passphrase
    monkeypatch.setenv("QANDAS_DB_PASSPHRASE", PASSPHRASE)
    verified = run("--db", str(db), "audit", "verify", "--json")
    assert verified.returncode == 0, verified.stdout
    if os.name == "posix":
        assert _mode(db) == 0o600
    leftovers = tmp_path / ".qandas-tmp"
    assert not (leftovers.exists() and list(leftovers.glob("*")))


def test_decrypt_gives_the_plain_register_back(tmp_path, monkeypatch):
    db = tmp_path / "r.sqlite3"
    assert run("--db", str(db), "demo", "--families", "3").returncode == 0
    iins = _some_iins(db)
    assert run("db", "encrypt", "--db", str(db), "--passphrase-stdin", stdin=PASSPHRASE + "\n").returncode == 0
    before = _digest(db)
    wrong = run("db", "decrypt", "--db", str(db), "--passphrase-stdin", stdin="not the passphrase\n")
    assert wrong.returncode == 1 and "passphrase is wrong" in wrong.stderr
    assert _digest(db) == before
    again = run("db", "encrypt", "--db", str(db), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert again.returncode == 1 and "already encrypted" in again.stderr
    done = run("db", "decrypt", "--db", str(db), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert done.returncode == 0, done.stderr
    assert db.read_bytes()[:16] == sqlcipher_files.MAGIC
    assert _some_iins(db) == iins
    kept = sorted(tmp_path.glob("r.*.before-decrypt.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes()[:16] != sqlcipher_files.MAGIC  # the kept copy stays encrypted
    plain = _families(db, monkeypatch, None)
    assert plain.returncode == 0 and json.loads(plain.stdout)["counts"]["families"] == 3
    assert run("--db", str(db), "audit", "verify").returncode == 0


def test_encryption_refusals_change_nothing(tmp_path):
    db = tmp_path / "r.sqlite3"
    assert run("--db", str(db), "demo", "--families", "2").returncode == 0
    before = _digest(db)
    short = run("db", "encrypt", "--db", str(db), "--passphrase-stdin", stdin="short\n")
    assert short.returncode == 1 and "at least" in short.stderr
    empty = run("db", "encrypt", "--db", str(db), "--passphrase-stdin", stdin="\n")
    assert empty.returncode == 1
    not_encrypted = run("db", "decrypt", "--db", str(db), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert not_encrypted.returncode == 1 and "not encrypted" in not_encrypted.stderr
    assert _digest(db) == before
    assert not list(tmp_path.glob("r.*.before-*"))


def test_upgrading_an_encrypted_register_keeps_its_pre_upgrade_copy_encrypted(tmp_path, monkeypatch):
    """The copy made before an upgrade holds the whole register: of an encrypted register it is
    encrypted with the same key, owner-only, and opens as the older revision."""
    from alembic import command

    from storage import schema
    from storage.engine import create_engine
    db = tmp_path / "r.sqlite3"
    assert run("--db", str(db), "demo", "--families", "4").returncode == 0
    iins = _some_iins(db)
    assert run("db", "encrypt", "--db", str(db), "--passphrase-stdin", stdin=PASSPHRASE + "\n").returncode == 0
    for kept in tmp_path.glob("r.*.before-*"):
        kept.unlink()  # only the upgrade's copy below
    sqlcipher_files.set_passphrase(PASSPHRASE)
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as connection:  # the register as an older Qandas left it
        command.downgrade(schema.alembic_config(connection), "0014")
    engine.dispose()
    sqlcipher_files.set_passphrase(None)

    opened = _families(db, monkeypatch, PASSPHRASE)  # this Qandas upgrades it, copy first
    assert opened.returncode == 0, opened.stderr
    copies = sorted(tmp_path.glob("r.*.before-*"))
    assert len(copies) == 1, copies
    raw = copies[0].read_bytes()
    assert raw[:16] != sqlcipher_files.MAGIC and not any(iin.encode() in raw for iin in iins)
    if os.name == "posix":
        assert _mode(copies[0]) == 0o600
    copy = sqlcipher_files.connect(copies[0], key=PASSPHRASE, read_only=True)
    try:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0014"
    finally:
        copy.close()
