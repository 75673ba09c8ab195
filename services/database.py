"""Opening a database: where it is, bringing it to the current schema, checking it."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from storage import db_errors, private_files, schema
from domain.errors import DomainError
from storage.engine import DatabaseError, Engine, create_engine, masked, normalize_url, sqlite_path

__all__ = ["DatabaseError", "default_database_url", "prepare_database", "check_database", "CheckReport",
           "masked", "normalize_url", "private_folder", "private_file", "restrict_process_umask", "as_domain_error"]

# the composition root (cli/app.py) makes the process's files private with these
private_folder = private_files.private_folder
private_file = private_files.private_file
restrict_process_umask = private_files.restrict_process_umask



def as_domain_error(error: BaseException) -> DomainError | None:
    """The sentence for a database error raised outside a unit of work (which translates its own):
    a backup's copy, opening a file. None when ``error`` is no database error."""
    return db_errors.translate(error)


def default_data_dir() -> Path:
    override = os.environ.get("QANDAS_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs
    return Path(platformdirs.user_data_dir("Qandas", appauthor=False))


def default_database_url() -> str:
    """``QANDAS_DB`` when set, else ``qandas.sqlite3`` in the user's data folder."""
    env = os.environ.get("QANDAS_DB")
    if env:
        return normalize_url(env)
    folder = private_files.private_folder(default_data_dir())
    return normalize_url(str(folder / "qandas.sqlite3"))


def prepare_database(url: str) -> tuple[Engine, schema.UpgradeResult]:
    """Open the database, upgrading it (with a backup) when it is older; returns (engine, UpgradeResult)."""
    url = normalize_url(url)
    path = sqlite_path(url)
    if path is not None and not path.parent.exists():
        raise DatabaseError("The folder of the database does not exist: {path}", path=str(path.parent))
    remove_temporary_leftovers(url)
    engine = create_engine(url)
    try:
        server_backup = _backup_server_before_upgrade(url, engine) if path is None else None
        result = schema.upgrade(url, engine=engine)
    except Exception:
        engine.dispose()
        raise
    if server_backup is not None:
        result = dataclasses.replace(result, backup=server_backup)
    return engine, result


def default_backup_folder(url: str) -> Path:
    """Where backups go unless the administrator chose a folder (here, not in services.backup,
    so that a start does not load the backup machinery, Argon2 and cryptography with it)."""
    path = sqlite_path(url)
    return path.parent / "backups" if path is not None else default_data_dir() / "backups"


def remove_temporary_leftovers(url: str) -> list[Path]:
    """At start: the temporary copies a killed backup, restore or upgrade left behind go."""
    path = sqlite_path(url)
    folders = {default_data_dir(), default_backup_folder(url)} | ({path.parent} if path is not None else set())
    return private_files.remove_leftovers(*sorted(folders))


def _backup_server_before_upgrade(url: str, engine: Engine) -> Path | None:
    """A server database (PostgreSQL) is dumped with pg_dump before its schema changes, as the
    SQLite file is copied by storage.schema; without the client tools the upgrade is refused
    unless QANDAS_UPGRADE_WITHOUT_BACKUP=1 says to go on regardless."""
    if schema.database_state(engine).kind != "older":
        return None
    from domain.permissions import SYSTEM_ACTOR
    from services import backup
    folder = backup.default_folder(url)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"qandas-before-{schema.head_revision()}-{dt.datetime.now():%Y%m%d-%H%M%S}.qbak"
    try:
        backup.write(url, target, SYSTEM_ACTOR)
    except DatabaseError:
        if os.environ.get("QANDAS_UPGRADE_WITHOUT_BACKUP") == "1":
            return None
        raise
    private_files.prune_copies(sorted(folder.glob("qandas-before-*.qbak")))
    return target


@dataclass(frozen=True)
class CheckReport:
    ok: bool
    revision: str | None
    head: str
    state: str
    problems: tuple[str, ...]


def check_database(engine: Engine) -> CheckReport:
    state = schema.database_state(engine)
    problems = list(schema.integrity_problems(engine))
    if state.kind != "current":
        problems.append(f"schema revision {state.revision or 'none'} is not the current {schema.head_revision()}")
    return CheckReport(not problems, state.revision, schema.head_revision(), state.kind, tuple(problems))


def head_revision() -> str:
    return schema.head_revision()


def open_engine(url: str) -> Engine:
    """An engine on the database without changing it (for checks)."""
    return create_engine(normalize_url(url))
