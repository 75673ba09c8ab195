"""Backups and restore, by hand (command line, Administration screen) and automatically.

A backup is a zip with a manifest (format, app version, schema revision, time, SHA-256) and
a consistent copy of the database. Restore checks all of that first, unpacks to a temporary
file and swaps it in with one rename (SQLite) or restores in one transaction (PostgreSQL);
the replaced SQLite file stays beside it as ``.before-restore``.
"""
from __future__ import annotations

import datetime as dt
import logging
import tempfile
from importlib import metadata
from pathlib import Path

from domain.messages import N_
from domain.permissions import SYSTEM_ACTOR, Action, Actor
from services.context import ServiceContext
from services.dto_admin import BackupResult, RestoreResult
from services.progress import NullProgress, Progress
from storage import backup as files
from storage import schema
from storage.engine import DatabaseError, create_engine, normalize_url, sqlite_path
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)

KEEP_KEY = "backup.keep"
FOLDER_KEY = "backup.folder"
DEFAULT_KEEP = 14


def app_version() -> str:
    try:
        return metadata.version("qandas")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def default_folder(url: str) -> Path:
    path = sqlite_path(url)
    if path is not None:
        return path.parent / "backups"
    from services.database import default_data_dir
    return default_data_dir() / "backups"


def _stepper(progress: Progress, message: str):
    def step(done: int, total: int) -> None:
        progress.step(done, total, message)
    return step


def _audit(url: str, actor: Actor, action: str, after: dict, clock=None) -> None:
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
    finally:
        engine.dispose()
    created = now or dt.datetime.now()
    manifest = files.write_backup(url, Path(out), app_version(), revision, created,
                                  _stepper(progress, N_("Backing up the database…")))
    _audit(url, actor, "backup", {"file": Path(out).name, "sha256": manifest.sha256, "size": manifest.size})
    log.info("backup written to %s", out)
    return BackupResult(str(out), manifest.dialect, revision, manifest.created_at, manifest.sha256, manifest.size)


def inspect_backup(path: Path) -> files.Manifest:
    """The manifest, refusing a file that is not ours or comes from a newer schema."""
    manifest = files.read_manifest(Path(path))
    if manifest.schema_revision not in schema.known_revisions():
        raise DatabaseError(N_("This backup comes from a newer version of Qandas (schema {revision}); "
                               "install that version to restore it."), revision=manifest.schema_revision)
    return manifest


def restore(url: str, path: Path, actor: Actor, progress: Progress | None = None) -> RestoreResult:
    """Replace the database at ``url`` with the backup in ``path`` — all of it or none of it."""
    actor.require(Action.BACKUP)
    progress = progress or NullProgress()
    url = normalize_url(url)
    path = Path(path)
    manifest = inspect_backup(path)
    dialect = "sqlite" if sqlite_path(url) is not None else url.split(":", 1)[0].split("+", 1)[0]
    if manifest.dialect != dialect:
        raise DatabaseError(N_("This backup is of a {kind} database and cannot be restored into this one."),
                            kind=manifest.dialect)
    progress.step(0, 3, N_("Checking the backup…"))
    kept_as = None
    if dialect == "sqlite":
        database = sqlite_path(url)
        if not database.parent.exists():
            raise DatabaseError(N_("The folder does not exist: {path}"), path=str(database.parent))
        part = Path(tempfile.mkstemp(prefix=f".{database.name}.", suffix=".restore-part",
                                     dir=database.parent)[1])
        try:
            files.extract_payload(path, manifest, part)
            revision, problems = files.sqlite_file_revision(part)
            if problems or revision != manifest.schema_revision:
                raise DatabaseError(N_("The backup file is damaged (its checksum does not match): {path}"),
                                    path=str(path))
            progress.step(1, 3, N_("Restoring the database…"))
            keep = database.with_name(database.name + ".before-restore")
            files.replace_sqlite(database, part, keep)
            kept_as = str(keep) if keep.exists() else None
        finally:
            part.unlink(missing_ok=True)
    else:
        with tempfile.TemporaryDirectory() as folder:
            dump = Path(folder) / manifest.payload
            files.extract_payload(path, manifest, dump)
            progress.step(1, 3, N_("Restoring the database…"))
            files.restore_postgres(dump, url)
    progress.step(2, 3, N_("Restoring the database…"))
    schema.upgrade(url)  # a backup from an older revision is brought to the current schema
    _audit(url, actor, "restore", {"file": path.name, "sha256": manifest.sha256,
                                   "backup_created_at": manifest.created_at})
    progress.step(3, 3, "")
    return RestoreResult(str(path), manifest.schema_revision, manifest.created_at, kept_as)


class BackupService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @property
    def url(self) -> str:
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
        return (Path(folder) if folder else default_folder(self.url)), count

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
        return write(self.url, Path(out), self.ctx.actor, progress, self.ctx.now())

    def restore(self, path: str | Path, progress: Progress | None = None) -> RestoreResult:
        """Restore over the open database: its connections are closed first."""
        self.ctx.actor.require(Action.BACKUP)
        inspect_backup(Path(path))
        self.ctx.uow_factory.engine.dispose()
        return restore(self.url, Path(path), self.ctx.actor, progress)

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
            result = write(self.url, folder / self.suggested_name(), SYSTEM_ACTOR, progress, self.ctx.now())
        except DatabaseError as error:  # e.g. pg_dump missing: say so, do not stop the start
            log.warning("automatic backup skipped: %s", error)
            return None
        files.prune(folder, keep)
        return result
