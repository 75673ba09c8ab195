"""Backups and restore, by hand (command line, Administration screen) and automatically.

A backup is a zip with a manifest (format, app version, schema revision, time, SHA-256) and
a consistent copy of the database. Restore checks all of that first, unpacks to a temporary
file and swaps it in with one rename (SQLite) or restores in one transaction (PostgreSQL);
the replaced SQLite file stays beside it as ``.before-restore``. Only an administrator restores,
and a backup that would promote anyone is refused before anything changes
(``services.restore_guard``; docs/admin.md, "Who can restore").
"""
from __future__ import annotations

from typing import Any, Callable, Generator, Iterator

import datetime as dt
import logging
from importlib import metadata
from pathlib import Path

from domain.errors import DomainError, RuleViolation, ValidationError
from domain.messages import N_
from domain.permissions import SYSTEM_ACTOR, Action, Actor, Role
from services import restore_guard
from services.context import ServiceContext
from services.dto_admin import BackupResult, RestoreResult
from services.progress import NullProgress, Progress
from services.users import UserService
from storage import audit as audit_store
from storage import backup as files
from storage import backup_contents, backup_crypto, private_files, register_cipher, schema, sqlcipher_files
from storage.audit_anchor import AnchorKeeper
from storage.engine import DatabaseError, Engine, create_engine, masked, normalize_url, sqlite_path
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)

KEEP_KEY = "backup.keep"
ENCRYPTED_KEY = "backup.encrypted"  # "1": an administrator set a passphrase; backups are never written in clear
FOLDER_KEY = "backup.folder"
DEFAULT_KEEP = 14


def app_version() -> str:
    try:
        return metadata.version("qandas")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def default_folder(url: str) -> Path:
    from services.database import default_backup_folder
    return default_backup_folder(url)


def _stepper(progress: Progress, message: str) -> Callable[[int, int], None]:
    def step(done: int, total: int) -> None:
        progress.step(done, total, message)
    return step


def _audit(url: str, actor: Actor, action: str, after: dict[str, Any],
           clock: Callable[[], dt.datetime] | None = None) -> None:
    engine = create_engine(url)
    try:
        with UnitOfWorkFactory(engine, clock)(actor) as uow:
            uow.audit(action, "database", None, None, after)
            uow.commit()
    finally:
        engine.dispose()


def write(url: str, out: Path, actor: Actor, progress: Progress | None = None,
          now: dt.datetime | None = None) -> BackupResult:
    """Back up the database at ``url`` to ``out`` and record it in the audit log."""
    actor.require(Action.BACKUP)
    progress = progress or NullProgress()
    url = normalize_url(url)
    engine = create_engine(url)
    try:
        revision = schema.database_state(engine).revision
        key = _backup_key(url, engine)
    finally:
        engine.dispose()
    created = now or dt.datetime.now()
    manifest = files.write_backup(url, Path(out), app_version(), revision, created,
                                  _stepper(progress, N_("Backing up the database…")), key)
    _audit(url, actor, "backup", {"file": Path(out).name, "sha256": manifest.sha256, "size": manifest.size,
                                  "encrypted": key is not None})
    log.info("backup written to %s", out)
    return BackupResult(str(out), manifest.dialect, revision, manifest.created_at, manifest.sha256, manifest.size)


def _backup_key(url: str, engine: Engine) -> backup_crypto.BackupKey | None:
    """The key backups of this database are encrypted with (None: plain backups). A database whose
    administrator set a passphrase is never backed up in clear: without its key on this computer,
    the backup is refused with what to do."""
    key = backup_crypto.load_key(url)
    if key is not None:
        return key
    if backup_crypto.required(engine, ENCRYPTED_KEY):
        raise DatabaseError(N_("Backups of this database are encrypted, but its backup passphrase was not set on "
                               "this computer: set it (Administration, or “qandas backup passphrase”) and try "
                               "again."))
    return None


def inspect_backup(path: Path) -> files.Manifest:
    """The manifest, refusing a file that is not ours or comes from a newer schema."""
    manifest = files.read_manifest(Path(path))
    if manifest.schema_revision not in schema.known_revisions():
        raise DatabaseError(N_("This backup comes from a newer version of Qandas (schema {revision}); "
                               "install that version to restore it."), revision=manifest.schema_revision)
    return manifest


def restore(url: str, path: Path, actor: Actor, progress: Progress | None = None,
            password: str | None = None, via: str = "", passphrase: str | None = None) -> RestoreResult:
    """Replace the database at ``url`` with the backup in ``path`` — all of it or none of it.

    Only an administrator restores, and only one who stays an active administrator with the same
    login and password in the restored data (``services.restore_guard``). ``actor`` is who
    restores: a signed-in administrator of this database, or — from the command line — the login
    named with ``password``, checked here against this database (or against the backup when this
    database has no accounts yet: a new database). ``via`` names the channel in the audit entry
    (``cli:<os user>``). The restore's audit entry is written into the restored database in the
    same all-or-nothing step.
    """
    actor.require(Action.RESTORE)
    progress = progress or NullProgress()
    url = normalize_url(url)
    path = Path(path)
    manifest = inspect_backup(path)
    dialect = "sqlite" if sqlite_path(url) is not None else url.split(":", 1)[0].split("+", 1)[0]
    if manifest.dialect != dialect:
        raise DatabaseError(N_("This backup is of a {kind} database and cannot be restored into this one."),
                            kind=manifest.dialect)
    progress.step(0, 3, N_("Checking the backup…"))
    key = backup_key_for(manifest, passphrase)
    live = _LiveDatabase(url)
    try:
        restorer = live.restorer(actor.login, password)
        if dialect == "sqlite":
            return _restore_sqlite(url, path, manifest, actor, restorer, live, progress, via, key)
        return _restore_postgres(url, path, manifest, actor, restorer, live, progress, via, key)
    finally:
        live.close()


def backup_key_for(manifest: files.Manifest, passphrase: str | None) -> backup_crypto.BackupKey | None:
    """The key of an encrypted backup from its passphrase (None for a plain backup)."""
    if manifest.encryption is None:
        return None
    if not passphrase:
        raise RuleViolation("backup_passphrase_needed", N_(
            "This backup is encrypted: give its passphrase to restore it. Nothing was restored."))
    return backup_crypto.key_for_manifest(passphrase, manifest.encryption)


class _LiveDatabase:
    """The database being replaced: who may restore it, and its audit chain for the history check."""

    def __init__(self, url: str) -> None:
        path = sqlite_path(url)
        self.engine: Engine | None = None if path is not None and not path.exists() else create_engine(url)
        self.accounts = 0
        self.head: tuple[int, str] = (0, "")
        self._chain: Generator[tuple[str, str], None, None] | None = None

    def close(self) -> None:
        if self._chain is not None:  # its open read connection would keep the SQLite file busy
            self._chain.close()
            self._chain = None
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None

    def restorer(self, login: str, password: str | None) -> dict[str, Any]:
        """{"login", "hash" (None: to be checked against the backup), "password"}."""
        login = (login or "").strip().lower()
        user, stored = None, None
        if self.engine is not None and schema.database_state(self.engine).kind == "empty":
            self.close()  # an empty database (new SQLite file, empty PostgreSQL database): no accounts
        if self.engine is not None:
            try:
                with UnitOfWorkFactory(self.engine, anchored=False)(SYSTEM_ACTOR) as uow:
                    self.accounts = uow.users.count()
                    user = uow.users.by_login(login)
                    stored = uow.users.password_hash(user["id"]) if user else None
                    head_hash, head_count = uow.audit_log.head()
                    self.head = (head_count or 0, head_hash or "")
            except DomainError:
                raise
            except Exception as error:  # noqa: BLE001 - an unreadable database: say what to do instead
                raise DatabaseError(N_("The current database cannot be read, so nobody can prove they administer "
                                       "it. Restore into a new database instead (another file or an empty "
                                       "database) and switch to it.")) from error
        if not self.accounts:
            if password is None:
                raise RuleViolation("restorer_unknown", N_(
                    "This database has no accounts yet: name an administrator of the backup and give their "
                    "password to restore it."))
            return {"login": login, "hash": None, "password": password}
        if user is None or user["role"] != Role.ADMINISTRATOR or not user["active"]:
            raise RuleViolation("restorer_not_admin_here", N_(
                "Only an active administrator of this database may restore it; {login} is not one."),
                login=login or "?")
        if password is not None and not UserService._matches(stored, password):
            raise RuleViolation("restorer_password", N_("Wrong login or password."))
        return {"login": login, "hash": stored, "password": None}

    def chain(self) -> Iterator[tuple[str, str]]:
        chain = backup_contents.live_chain(self.engine if self.accounts else None)
        self._chain = chain
        return chain


def _settle_restorer(contents: backup_contents.BackupContents, restorer: dict[str, Any]) -> str | None:
    """The restorer's hash; for a database without accounts, checked against the backup's own."""
    if restorer["hash"] is not None:
        known: str = restorer["hash"]
        return known
    user = contents.user(restorer["login"])
    stored = user["password_hash"] if user else None
    if not UserService._matches(stored, restorer["password"]):
        raise RuleViolation("restorer_password", N_("Wrong login or password."))
    return stored


def _checked(contents: backup_contents.BackupContents, manifest: files.Manifest,
             restorer: dict[str, Any]) -> dict[str, Any]:
    restore_guard.check_chain(contents)
    if manifest.audit_head is not None and (manifest.audit_count, manifest.audit_head) != \
            (contents.checked, contents.last_hash or None):
        raise RuleViolation("backup_anchor", N_(
            "The audit log inside this backup does not end where its manifest says (entries: {count}): the "
            "backup was changed after it was made. Nothing was restored."), count=manifest.audit_count)
    restorer_hash = _settle_restorer(contents, restorer)
    return restore_guard.check_backup(contents, restorer["login"], restorer_hash,
                                      check_history=restorer["hash"] is not None)


def _restore_entry(path: Path, manifest: files.Manifest, facts: dict[str, Any], live: _LiveDatabase,
                   via: str) -> audit_store.AuditEntry:
    details = {"file": path.name, "sha256": manifest.sha256, "backup_created_at": manifest.created_at,
               "replaced_head": {"count": live.head[0], "hash": live.head[1]}, **facts}
    if via:
        details["via"] = via
    return audit_store.AuditEntry("restore", "database", None, None, details)


def _restore_sqlite(url: str, path: Path, manifest: files.Manifest, actor: Actor, restorer: dict[str, Any],
                    live: _LiveDatabase, progress: Progress, via: str,
                    key: backup_crypto.BackupKey | None = None) -> RestoreResult:
    database = sqlite_path(url)
    if database is None:  # restore() sends only SQLite addresses here
        raise ValueError(f"not an SQLite database: {masked(url)}")
    if not database.parent.exists():
        raise DatabaseError(N_("The folder does not exist: {path}"), path=str(database.parent))
    # unpacked in the private temporary folder beside the database (same disk: one rename)
    part = private_files.temporary_file(database.parent, ".restore-part")
    try:
        files.extract_payload(path, manifest, part, key)
        revision, problems = files.sqlite_file_revision(part)
        if problems or revision != manifest.schema_revision:
            raise DatabaseError(N_("The backup file is damaged (its checksum does not match): {path}"),
                                path=str(path))
        part_url = f"sqlite:///{part}"
        engine = create_engine(part_url)
        try:
            contents = backup_contents.from_database(engine, live.chain())
            facts = _checked(contents, manifest, restorer)
            progress.step(1, 3, N_("Restoring the database…"))
            # an older backup is brought to the current schema first (no copy beside it: the backup is one)
            schema.upgrade(part_url, engine=engine, backup=False)
            with UnitOfWorkFactory(engine, anchored=False)(actor) as uow:
                uow.audit(**vars(_restore_entry(path, manifest, facts, live, via)))
                uow.commit()
                head_hash, head_count = uow.audit_log.head()
            if head_hash is None or head_count is None:  # the entry just written always moves the head
                raise RuntimeError("the restored audit log has no head after the restore entry")
        finally:
            engine.dispose()
        files.settle_sqlite(part)  # everything in the one file that is renamed into place
        sealed = _encrypted_like(database, part)
        if sealed is not None:
            part.unlink()
            part = sealed
        live.close()
        keep = database.with_name(database.name + ".before-restore")
        keeper = AnchorKeeper(url)
        previous = keeper.move(head_count, head_hash, dt.datetime.now())
        try:
            files.replace_sqlite(database, part, keep)
        except BaseException:
            keeper.put_back(previous)
            raise
        kept_as = _seal_kept_copy(url, keep) if keep.exists() else None
    finally:
        for leftover in (part, Path(f"{part}-wal"), Path(f"{part}-shm")):
            leftover.unlink(missing_ok=True)
        private_files.drop_empty_area(database.parent)
    progress.step(3, 3, "")
    return RestoreResult(str(path), manifest.schema_revision, manifest.created_at, kept_as)


def _encrypted_like(database: Path, part: Path) -> Path | None:
    """A plain backup restored over a register encrypted at rest (SQLCipher) is encrypted with the
    register's passphrase first, so the register stays encrypted: encryption at rest belongs to the
    installation, not to the backup that happens to be restored. None when nothing is to be done."""
    if not database.exists() or not sqlcipher_files.is_encrypted(database) or sqlcipher_files.is_encrypted(part):
        return None
    key = sqlcipher_files.passphrase()
    if not key:  # the live register was opened, so its passphrase is known; never leave it plain silently
        raise DatabaseError(N_("The database is encrypted but its passphrase is not known here; nothing was "
                               "restored."))
    sealed = private_files.temporary_file(database.parent, ".restore-sealed")
    try:
        register_cipher.export(part, sealed, source_key=None, target_key=key)
        if register_cipher.table_counts(part, None) != register_cipher.table_counts(sealed, key):
            raise DatabaseError(N_("The restored database could not be encrypted like the register; nothing "
                                   "was restored."))
    except BaseException:
        sealed.unlink(missing_ok=True)
        raise
    return sealed


def _seal_kept_copy(url: str, keep: Path) -> str:
    """The replaced database kept beside the restored one holds the register: encrypted into a
    backup file when this database's backups are encrypted (its key is on this computer)."""
    key = backup_crypto.load_key(url)
    if key is None:
        return str(keep)
    sealed = keep.with_name(keep.name + files.SUFFIX)
    files.write_backup(f"sqlite:///{keep}", sealed, app_version(), schema.sqlite_revision(keep),
                       dt.datetime.now(), key=key)
    keep.unlink()
    return str(sealed)


def _restore_postgres(url: str, path: Path, manifest: files.Manifest, actor: Actor, restorer: dict[str, Any],
                      live: _LiveDatabase, progress: Progress, via: str,
                      key: backup_crypto.BackupKey | None = None) -> RestoreResult:
    from services.database import default_data_dir
    # the plaintext dump and its SQL stay in the private folder of the data folder (removed at the next
    # start if this process is killed)
    with private_files.work_folder(default_data_dir(), "restore") as folder:
        dump = folder / manifest.payload
        files.extract_payload(path, manifest, dump, key)
        script = folder / "restore.sql"
        files.postgres_script(dump, script)
        contents = backup_contents.from_postgres_script(script, live.chain())
        facts = _checked(contents, manifest, restorer)
        live.close()
        progress.step(1, 3, N_("Restoring the database…"))
        now = dt.datetime.now().replace(microsecond=0)
        row = audit_store.chain_row(contents.last_hash or audit_store.GENESIS_HASH,
                                    _restore_entry(path, manifest, facts, live, via), actor.login, now,
                                    legacy=not contents.values_format)
        keeper = AnchorKeeper(url)
        previous = keeper.move(contents.checked + 1, row["hash"], now)
        try:
            files.restore_postgres_script(script, url, files.audit_entry_sql(row, contents.checked + 1))
        except BaseException:
            keeper.put_back(previous)
            raise
    progress.step(2, 3, N_("Restoring the database…"))
    schema.upgrade(url)  # a backup from an older revision is brought to the current schema
    progress.step(3, 3, "")
    return RestoreResult(str(path), manifest.schema_revision, manifest.created_at, None)


class BackupService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @property
    def url(self) -> str:
        """The database's address for people to read: the password is masked."""
        return masked(self._url)

    @property
    def _url(self) -> str:
        # with the password: only for the backup tools, never shown or logged
        return self.ctx.uow_factory.engine.url.render_as_string(hide_password=False)

    def settings(self) -> tuple[Path, int]:
        """(folder of automatic backups, how many to keep)."""
        with self.ctx.reading() as uow:
            folder = uow.reference.setting(FOLDER_KEY)
            keep = uow.reference.setting(KEEP_KEY, str(DEFAULT_KEEP))
        try:
            count = max(1, int(keep))
        except ValueError:
            count = DEFAULT_KEEP
        return (Path(folder) if folder else default_folder(self._url)), count

    def set_keep(self, keep: int) -> None:
        self.ctx.actor.require(Action.BACKUP)
        with self.ctx.uow() as uow:
            uow.reference.set_setting(KEEP_KEY, str(max(1, int(keep))), self.ctx.actor.login, self.ctx.now())
            uow.audit("update", "setting", KEEP_KEY, None, {"value": str(keep)})
            uow.commit()

    def suggested_name(self) -> str:
        return f"qandas-{self.ctx.now():%Y%m%d-%H%M%S}{files.SUFFIX}"

    def create(self, out: str | Path | None = None, progress: Progress | None = None) -> BackupResult:
        self.ctx.actor.require(Action.BACKUP)
        if out is None:
            folder, _keep = self.settings()
            folder.mkdir(parents=True, exist_ok=True)
            out = folder / self.suggested_name()
        return write(self._url, Path(out), self.ctx.actor, progress, self.ctx.now())

    def restore(self, path: str | Path, progress: Progress | None = None,
                passphrase: str | None = None) -> RestoreResult:
        """Restore over the open database as the signed-in administrator: its connections are closed first."""
        self.ctx.actor.require(Action.RESTORE)
        manifest = inspect_backup(Path(path))
        backup_key_for(manifest, passphrase)  # a missing or wrong passphrase changes nothing, not even connections
        self.ctx.uow_factory.engine.dispose()
        return restore(self._url, Path(path), self.ctx.actor, progress, passphrase=passphrase)

    def is_encrypted(self, path: str | Path) -> bool:
        """Whether a backup file needs a passphrase to be restored."""
        return inspect_backup(Path(path)).encryption is not None

    def encryption(self) -> tuple[bool, bool]:
        """(backups of this database are encrypted, this computer holds their key)."""
        with self.ctx.reading() as uow:
            required = uow.reference.setting(ENCRYPTED_KEY) == "1"
        return required, backup_crypto.load_key(self._url) is not None

    def set_passphrase(self, passphrase: str) -> None:
        """Encrypt every backup of this database from now on with a key derived from ``passphrase``
        (administrators only). The key is kept on this computer, owner-only; the passphrase itself
        is never stored. Older backups keep the passphrase they were made with."""
        self.ctx.actor.require(Action.RESTORE)
        if len(passphrase or "") < backup_crypto.MIN_PASSPHRASE or not passphrase.strip():
            raise ValidationError("passphrase", N_("The passphrase must be at least {count} characters long."),
                                  count=backup_crypto.MIN_PASSPHRASE)
        key = backup_crypto.new_key(passphrase)
        with self.ctx.uow() as uow:
            uow.reference.set_setting(ENCRYPTED_KEY, "1", self.ctx.actor.login, self.ctx.now())
            uow.audit("update", "setting", ENCRYPTED_KEY, None, {"encrypted": True, "key_check": key.check[:8]})
            backup_crypto.save_key(self._url, key)
            uow.commit()

    def backups(self) -> list[Path]:
        folder, _keep = self.settings()
        return sorted(folder.glob("qandas-*" + files.SUFFIX), reverse=True) if folder.exists() else []

    def auto_backup_if_due(self, progress: Progress | None = None) -> BackupResult | None:
        """Once a day, on the first start: a backup in the folder, keeping the newest N.

        Runs as the system account whoever signs in: protecting the data is not a privilege.
        """
        folder, keep = self.settings()
        today = f"qandas-{self.ctx.today():%Y%m%d}-"
        if folder.exists() and any(p.name.startswith(today) for p in folder.glob("qandas-*" + files.SUFFIX)):
            return None
        folder.mkdir(parents=True, exist_ok=True)
        try:
            result = write(self._url, folder / self.suggested_name(), SYSTEM_ACTOR, progress, self.ctx.now())
        except DatabaseError as error:  # e.g. pg_dump missing: say so, do not stop the start
            log.warning("automatic backup skipped: %s", error)
            return None
        files.prune(folder, keep)
        return result
