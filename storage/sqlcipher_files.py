"""An SQLite register encrypted at rest with SQLCipher (issue #19), and plain files alike.

SQLCipher (through the ``sqlcipher3`` wheel, optional extra ``sqlcipher``) encrypts every page
of the file with AES-256 and a key derived from a passphrase (PBKDF2-HMAC-SHA512, 256 000
iterations, SQLCipher 4 defaults); each page carries an HMAC, so a wrong passphrase or an
edited page is refused, never read as garbage. An encrypted file has no ``SQLite format 3``
header: its first 16 bytes are the random salt.

Every raw connection Qandas makes to a register file (the snapshot of a backup, the copy
before an upgrade or a restore, the checks) goes through ``connect`` here: a plain file gets
``sqlite3``, an encrypted one ``sqlcipher3`` with ``PRAGMA key`` as its first statement, and a
copy made from an encrypted file is encrypted with the same key. The passphrase is held in
this process only (``set_passphrase``: the sign-in dialog, ``QANDAS_DB_PASSPHRASE`` or a prompt
on the command line); it is never written anywhere.
"""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

from domain.messages import N_
from storage.engine import DatabaseError

MAGIC = b"SQLite format 3\x00"
PAGE = 512  # every SQLite page size is a multiple of this; an encrypted file's size is one too

_passphrase: str | None = None


class PassphraseNeeded(DatabaseError):
    def __init__(self, path: str) -> None:
        super().__init__(N_("The database {path} is encrypted: give its passphrase to open it."), path=path)


class WrongDatabasePassphrase(DatabaseError):
    def __init__(self, path: str) -> None:
        super().__init__(N_("The passphrase is wrong for the database {path} (or the file is not a Qandas "
                            "database). Nothing was changed."), path=path)


class SqlcipherMissing(DatabaseError):
    def __init__(self) -> None:
        super().__init__(N_("Encryption of the database needs the sqlcipher3 package, which is not installed "
                            "(pip install \"qandas[sqlcipher]\")."))


def set_passphrase(passphrase: str | None) -> None:
    """The passphrase of the encrypted register this process works with (None: forget it)."""
    global _passphrase
    _passphrase = passphrase or None


def passphrase() -> str | None:
    return _passphrase


def module() -> Any:
    """``sqlcipher3.dbapi2``; SqlcipherMissing when the wheel is not installed."""
    try:
        import sqlcipher3.dbapi2 as dbapi
    except ImportError as error:
        raise SqlcipherMissing() from error
    return dbapi


def available() -> bool:
    try:
        module()
    except SqlcipherMissing:
        return False
    return True


def is_encrypted(path: Path) -> bool:
    """A non-empty file whose header is not SQLite's and whose size is whole pages (what an
    SQLCipher file looks like; anything else is refused later as not a Qandas database)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size == 0 or size % PAGE:
            return False
        with open(path, "rb") as handle:
            return handle.read(16) != MAGIC
    except OSError:
        return False


def quoted(text: str) -> str:
    """A string literal for PRAGMA key / ATTACH … KEY, which take no bound parameters."""
    return "'" + text.replace("'", "''") + "'"


def _silence(connection: Any) -> None:
    # SQLCipher would print every failed page HMAC to stderr: a wrong passphrase is our message
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
    except Exception:  # noqa: BLE001 - older SQLCipher without the pragma: only noisier
        pass


# SQLCipher 4's key derivation: what it would compute from the passphrase and the file's salt
KDF_ITERATIONS = 256_000
SALT = 16
_raw_keys: dict[tuple[str, bytes], str] = {}


def _key_pragma(key: str, path: Path) -> str:
    """``PRAGMA key`` for ``path``: for an existing file, the raw key derived ONCE per process from
    the passphrase and the file's salt exactly as SQLCipher derives it (PBKDF2-HMAC-SHA512), so
    each new pooled connection does not spend a second on the derivation again; a new file gets
    the passphrase itself (SQLCipher draws its salt)."""
    try:
        with open(path, "rb") as handle:
            salt = handle.read(SALT)
    except OSError:
        salt = b""
    if len(salt) < SALT or salt == MAGIC:
        return f"PRAGMA key = {quoted(key)}"
    raw = _raw_keys.get((key, salt))
    if raw is None:
        raw = hashlib.pbkdf2_hmac("sha512", key.encode("utf-8"), salt, KDF_ITERATIONS, 32).hex()
        _raw_keys[(key, salt)] = raw
    return f"PRAGMA key = \"x'{raw}'\""


def keyed(connection: Any, key: str, path: Path) -> Any:
    """Give ``connection`` its key (the first statement) and prove it on the first page."""
    _silence(connection)
    connection.execute(_key_pragma(key, path))
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as error:  # noqa: BLE001 - sqlcipher3's DatabaseError: the key does not fit
        connection.close()
        raise WrongDatabasePassphrase(str(path)) from error
    return connection


def connect(path: Path, *, encrypted: bool | None = None, key: str | None = None, read_only: bool = False,
            timeout: float = 30.0) -> Any:
    """A DBAPI connection to the file ``path``: sqlite3 for a plain file, sqlcipher3 with the key
    (``key`` or this process's passphrase) for an encrypted one. ``encrypted`` decides for a
    file that does not exist yet (a copy being made)."""
    path = Path(path)
    encrypted = is_encrypted(path) if encrypted is None else encrypted
    target = f"file:{path}?mode=ro" if read_only else str(path)
    if not encrypted:
        return sqlite3.connect(target, uri=read_only, timeout=timeout)
    key = key or _passphrase
    if key is None:
        raise PassphraseNeeded(str(path))
    return keyed(module().connect(target, uri=read_only, timeout=timeout), key, path)


def driver_errors() -> tuple[type[BaseException], ...]:
    """The error classes of both drivers (sqlcipher3's are not sqlite3's subclasses)."""
    try:
        import sqlcipher3.dbapi2 as dbapi
    except ImportError:
        return (sqlite3.Error,)
    return (sqlite3.Error, dbapi.Error)
