"""Encrypted backups: AES-256-GCM (``cryptography``) with a key derived by scrypt from a
passphrase the administrator sets (issue #19).

The payload is encrypted in chunks of 1 MiB (memory stays flat for a large register); each chunk's
nonce is a random per-file prefix and the chunk's number, and its associated data are a digest of
the whole manifest, the chunk's number and whether it is the last: an edited manifest, an edited,
reordered, removed or appended chunk all fail authentication. A key check (HMAC of the key) in the
manifest tells a wrong passphrase from an edited file.

The passphrase itself is never stored. The key derived from it (and its salt) is kept for each
database in an owner-only file in this account's data folder, so that automatic and pre-upgrade
backups can be encrypted without asking; a restore derives the key again from the passphrase
typed and the salt in the backup's manifest.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from domain.messages import N_
from storage import private_files
from storage.audit_anchor import data_folder, database_identity
from storage.engine import DatabaseError

CIPHER = "AES-256-GCM"
KDF = "scrypt"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 15, 8, 1  # about 32 MiB and a tenth of a second per derivation
CHUNK = 1 << 20
TAG = 16
FOLDER = "backup-keys"
MIN_PASSPHRASE = 12


class WrongPassphrase(DatabaseError):
    def __init__(self) -> None:
        super().__init__(N_("The passphrase is wrong for this backup. Nothing was restored."))


class EditedBackup(DatabaseError):
    def __init__(self, path: str) -> None:
        super().__init__(N_("The backup file was changed after it was made (it fails its authentication): "
                            "{path}. Nothing was restored."), path=path)


@dataclass(frozen=True)
class BackupKey:
    key: bytes
    salt: str
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    @property
    def check(self) -> str:
        return hmac.new(self.key, b"qandas-backup-key-check", hashlib.sha256).hexdigest()[:32]

    def params(self, nonce_prefix: str) -> dict:
        return {"cipher": CIPHER, "kdf": KDF, "n": self.n, "r": self.r, "p": self.p, "salt": self.salt,
                "nonce_prefix": nonce_prefix, "chunk": CHUNK, "check": self.check}


def derive(passphrase: str, salt: str, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> BackupKey:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
    key = Scrypt(salt=bytes.fromhex(salt), length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return BackupKey(key, salt, n, r, p)


def new_key(passphrase: str) -> BackupKey:
    return derive(passphrase, secrets.token_hex(16))


def key_for_manifest(passphrase: str, encryption: dict) -> BackupKey:
    """The key of an encrypted backup from the passphrase typed; ``WrongPassphrase`` if it is not it."""
    try:
        key = derive(passphrase, str(encryption["salt"]), int(encryption["n"]), int(encryption["r"]),
                     int(encryption["p"]))
    except (KeyError, ValueError, TypeError) as error:
        raise DatabaseError(N_("This file is not a Qandas backup: {path}"), path="manifest") from error
    if not hmac.compare_digest(key.check, str(encryption.get("check", ""))):
        raise WrongPassphrase()
    return key


def required(engine, setting_key: str) -> bool:
    """Whether the database says its backups must be encrypted (an administrator set a passphrase)."""
    import sqlalchemy as sa
    try:
        with engine.connect() as connection:
            value = connection.execute(sa.text("SELECT value FROM setting WHERE key = :k"),
                                       {"k": setting_key}).scalar()
    except sa.exc.DBAPIError:  # a database without settings yet (empty): nothing required
        return False
    return value == "1"


# --- the key kept on this computer ------------------------------------------------------------
def key_path(url: str, folder: Path | None = None) -> Path | None:
    identity = database_identity(url)
    if not identity:
        return None
    name = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:24]
    return (folder or data_folder()) / FOLDER / f"{name}.json"


def save_key(url: str, key: BackupKey, folder: Path | None = None) -> Path:
    path = key_path(url, folder)
    if path is None:
        raise DatabaseError(N_("An in-memory database has no backups."))
    private_files.private_folder(path.parent)
    body = json.dumps({"salt": key.salt, "n": key.n, "r": key.r, "p": key.p, "key": key.key.hex(),
                       "database": database_identity(url)[:400]})
    temporary = path.with_suffix(".part")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, private_files.FILE_MODE)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(body)
    os.replace(temporary, path)
    return path


def load_key(url: str, folder: Path | None = None) -> BackupKey | None:
    path = key_path(url, folder)
    if path is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return BackupKey(bytes.fromhex(data["key"]), data["salt"], int(data["n"]), int(data["r"]), int(data["p"]))
    except (ValueError, KeyError, TypeError) as error:
        raise DatabaseError(N_("The backup key file {path} cannot be read: set the backup passphrase again."),
                            path=str(path)) from error


# --- chunks ------------------------------------------------------------------------------------
def manifest_digest(manifest: dict) -> bytes:
    return hashlib.sha256(json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode("utf-8")).digest()


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


def _aad(digest: bytes, index: int, last: bool) -> bytes:
    return digest + struct.pack(">QB", index, 1 if last else 0)


def encrypt_stream(source: BinaryIO, sink: BinaryIO, key: BackupKey, nonce_prefix: str, digest: bytes) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    aead, prefix = AESGCM(key.key), bytes.fromhex(nonce_prefix)
    index, block = 0, source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        sink.write(aead.encrypt(_nonce(prefix, index), block, _aad(digest, index, last)))
        if last:
            return
        index, block = index + 1, following


def decrypt_stream(source: BinaryIO, sink: BinaryIO, key: BackupKey, nonce_prefix: str, digest: bytes,
                   path: str) -> None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    aead, prefix = AESGCM(key.key), bytes.fromhex(nonce_prefix)
    index, block = 0, source.read(CHUNK + TAG)
    while True:
        following = source.read(CHUNK + TAG)
        last = not following
        try:
            sink.write(aead.decrypt(_nonce(prefix, index), block, _aad(digest, index, last)))
        except InvalidTag as error:
            raise EditedBackup(path) from error
        if last:
            return
        index, block = index + 1, following
