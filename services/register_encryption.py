"""Encrypting the SQLite register at rest with SQLCipher, and back (issue #19, point 5).

What it protects against: someone who gets the FILE — a stolen laptop or disk, a copy taken from
a shared PC's folder, a discarded drive — reads nothing without the passphrase. It does not
protect against a signed-in user or anyone who knows the passphrase (they see what the window
shows), nor against malware running as the user while the register is open (the key is in
memory). Backups of an encrypted register hold the encrypted file (docs/personal-data.md).

Only an administrator converts (the restore's right: the file is replaced). The conversion
writes a copy in the private temporary area, checks it (every table's row count, the audit
chain), keeps an encrypted copy of the register as it was (``<name>.<stamp>.before-encrypt``/
``before-decrypt``, 0600, pruned by the rule of the copies made before an upgrade) and swaps the
copy in with one rename. Any failure leaves the register as it was.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from domain.errors import ValidationError
from domain.messages import N_
from domain.permissions import Action, Actor
from services.context import ServiceContext
from services.progress import NullProgress, Progress
from storage import private_files, register_cipher, schema, sqlcipher_files
from storage.backup_crypto import MIN_PASSPHRASE
from storage.engine import DatabaseError, create_engine, normalize_url, sqlite_path
from storage.unit_of_work import UnitOfWorkFactory

PassphraseNeeded = sqlcipher_files.PassphraseNeeded
WrongDatabasePassphrase = sqlcipher_files.WrongDatabasePassphrase
set_passphrase = sqlcipher_files.set_passphrase
current_passphrase = sqlcipher_files.passphrase
STEPS = 5


@dataclass(frozen=True)
class ConversionResult:
    database: str
    encrypted: bool
    tables: int
    rows: int
    kept_copy: str


def is_encrypted(url: str) -> bool:
    """Whether the register at ``url`` is an SQLCipher file (False for a server database)."""
    path = sqlite_path(normalize_url(url))
    return path is not None and sqlcipher_files.is_encrypted(path)


def available() -> bool:
    return sqlcipher_files.available()


def encrypt(url: str, actor: Actor, passphrase: str, progress: Progress | None = None,
            now: dt.datetime | None = None) -> ConversionResult:
    """Encrypt the plain register at ``url`` with ``passphrase``."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError("passphrase", N_("The passphrase must be at least {count} characters long."),
                              count=MIN_PASSPHRASE)
    return _convert(url, actor, None, passphrase, progress, now)


def decrypt(url: str, actor: Actor, passphrase: str, progress: Progress | None = None,
            now: dt.datetime | None = None) -> ConversionResult:
    """Turn the encrypted register at ``url`` (whose passphrase is ``passphrase``) back into a plain file."""
    return _convert(url, actor, passphrase, None, progress, now)


def _convert(url: str, actor: Actor, old_key: str | None, new_key: str | None, progress: Progress | None,
             now: dt.datetime | None) -> ConversionResult:
    actor.require(Action.RESTORE)  # the file is replaced: the restore's right, administrators only
    progress = progress or NullProgress()
    url = normalize_url(url)
    database = sqlite_path(url)
    if database is None or not database.is_file():
        raise DatabaseError(N_("Only a database file on this computer (SQLite) can be encrypted."))
    encrypting = new_key is not None
    if sqlcipher_files.is_encrypted(database) == encrypting:
        raise DatabaseError(N_("The database {path} is already encrypted.") if encrypting
                            else N_("The database {path} is not encrypted."), path=str(database))
    sqlcipher_files.module()  # SqlcipherMissing before anything is done
    progress.step(0, STEPS, N_("Checking the database…"))
    register_cipher.table_counts(database, old_key)  # a wrong passphrase stops here
    register_cipher.settle_or_refuse(database, old_key)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    label = "before-encrypt" if encrypting else "before-decrypt"
    keep = database.with_name(f"{database.stem}.{stamp}.{label}{database.suffix or '.sqlite3'}")
    part = private_files.temporary_file(database.parent, ".cipher-part")
    try:
        progress.step(1, STEPS, N_("Converting the database…"))
        register_cipher.export(database, part, source_key=old_key, target_key=new_key)
        progress.step(2, STEPS, N_("Comparing the converted copy…"))
        before = register_cipher.table_counts(database, old_key)
        after = register_cipher.table_counts(part, new_key)
        if before != after:
            raise DatabaseError(N_("The converted copy does not hold the same rows as the database (it changed "
                                   "meanwhile?). Nothing was changed; try again."))
        broken = register_cipher.audit_chain_break(part, new_key)
        if broken is not None:
            raise DatabaseError(N_("The audit log of the converted copy does not verify ({detail}). Nothing "
                                   "was changed."), detail=broken)
        progress.step(3, STEPS, N_("Replacing the database…"))
        register_cipher.keep_copy(part if encrypting else database, keep)
        register_cipher.settle_or_refuse(database, old_key)
        register_cipher.swap(database, part)
    finally:
        part.unlink(missing_ok=True)
        private_files.drop_empty_area(database.parent)
    private_files.prune_copies(sorted(database.parent.glob(f"{schema.glob_escape(database.stem)}.*.before-*")))
    sqlcipher_files.set_passphrase(new_key)
    progress.step(4, STEPS, N_("Recording the change in the audit log…"))
    _audit(url, actor, "encrypt_database" if encrypting else "decrypt_database", new_key,
           {"file": database.name, "kept_copy": keep.name})
    return ConversionResult(str(database), encrypting, len(after), sum(after.values()), str(keep))


def _audit(url: str, actor: Actor, action: str, key: str | None, details: dict[str, str]) -> None:
    engine = create_engine(url, passphrase=key)
    try:
        with UnitOfWorkFactory(engine)(actor) as uow:
            uow.audit(action, "database", None, None, details)
            uow.commit()
    finally:
        engine.dispose()


def keep_copies(url: str) -> list[Path]:
    """The copies kept before a conversion (or an upgrade) beside the register."""
    database = sqlite_path(normalize_url(url))
    if database is None:
        return []
    return sorted(database.parent.glob(f"{schema.glob_escape(database.stem)}.*.before-*"))


def unlock(url: str, passphrase: str) -> None:
    """Check ``passphrase`` against the encrypted register at ``url`` and keep it for this process
    (sign-in); WrongDatabasePassphrase changes nothing."""
    path = sqlite_path(normalize_url(url))
    if path is None:
        return
    sqlcipher_files.connect(path, key=passphrase, read_only=True).close()
    sqlcipher_files.set_passphrase(passphrase)


class RegisterEncryptionService:
    """The window's way in: the register this session works on, converted by its signed-in
    administrator. The session's connections are closed first (the file is replaced)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _url(self) -> str:
        return str(self.ctx.uow_factory.engine.url.render_as_string(hide_password=False))

    def state(self) -> tuple[bool, bool, bool]:
        """(a file on this computer, encrypted, SQLCipher installed)."""
        url = self._url()
        return sqlite_path(url) is not None, is_encrypted(url), available()

    def encrypt(self, passphrase: str, progress: Progress | None = None) -> ConversionResult:
        self.ctx.actor.require(Action.RESTORE)
        self.ctx.uow_factory.engine.dispose()
        return encrypt(self._url(), self.ctx.actor, passphrase, progress)

    def decrypt(self, passphrase: str, progress: Progress | None = None) -> ConversionResult:
        self.ctx.actor.require(Action.RESTORE)
        self.ctx.uow_factory.engine.dispose()
        return decrypt(self._url(), self.ctx.actor, passphrase, progress)
