"""Bringing a database to the current schema safely.

Before touching a database we find out what it is: empty, ours at an older or the
current revision, ours from a newer Qandas, or something else. Only the first three
are opened; an older SQLite file is backed up beside itself before the upgrade.
"""
from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from domain.messages import N_
from storage.engine import DatabaseError, create_engine, normalize_url, sqlite_path
from storage.seed import ensure_reference_data


def alembic_config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("migrations")))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def script_directory() -> ScriptDirectory:
    """Read once per process: Alembic executes every revision file to build its map, which cost
    more than the rest of opening a database that is already current."""
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return script_directory().get_current_head()


def known_revisions() -> set[str]:
    return {rev.revision for rev in script_directory().walk_revisions()}


@dataclass(frozen=True)
class DatabaseState:
    kind: str  # "empty", "current", "older", "newer", "foreign"
    revision: str | None


def database_state(engine: sa.Engine) -> DatabaseState:
    try:
        with engine.connect() as connection:
            table_names = set(sa.inspect(connection).get_table_names())
            revision = MigrationContext.configure(connection).get_current_revision()
    except sa.exc.OperationalError as error:
        raise DatabaseError(N_("Cannot open the database: {detail}"), detail=str(error.orig).strip().splitlines()[0]) from error
    except sa.exc.DatabaseError as error:
        raise DatabaseError(N_("The database cannot be read: {detail}"),
                            detail=str(error.orig).strip().splitlines()[0]) from error
    if revision is None:
        return DatabaseState("empty" if not table_names else "foreign", None)
    if revision == head_revision():
        return DatabaseState("current", revision)
    if revision in known_revisions():
        return DatabaseState("older", revision)
    return DatabaseState("newer", revision)


def backup_sqlite(path: Path, label: str) -> Path:
    """A consistent copy beside the file via SQLite's backup API (safe while others read)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.{stamp}.{label}.bak{path.suffix or '.sqlite3'}")
    temporary = target.with_name(target.name + ".part")
    source = sqlite3.connect(str(path))
    try:
        destination = sqlite3.connect(str(temporary))
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    temporary.replace(target)
    return target


def _migrate(url: str, engine: sa.Engine) -> None:
    """Run the migrations in ONE transaction, on SQLite too.

    Python's sqlite3 module commits before every CREATE/ALTER on its own, so a process
    killed mid-upgrade would leave half a schema that no later run can recognise. With
    the driver's own transaction handling off and an explicit BEGIN IMMEDIATE, SQLite's
    transactional DDL makes the upgrade all or nothing.
    """
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
        return
    migration_engine = create_engine(url)

    @sa.event.listens_for(migration_engine, "connect")
    def _no_driver_transactions(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(migration_engine, "begin")
    def _begin_immediate(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        with migration_engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
    finally:
        migration_engine.dispose()


@dataclass(frozen=True)
class UpgradeResult:
    before: DatabaseState
    revision: str
    backup: Path | None


def upgrade(url_or_path: str, engine: sa.Engine | None = None, backup: bool = True) -> UpgradeResult:
    """Bring the database to head (refusing foreign and newer ones) and seed reference data."""
    url = normalize_url(url_or_path)
    own_engine = engine is None
    engine = engine or create_engine(url)
    try:
        state = database_state(engine)
        if state.kind == "foreign":
            raise DatabaseError(N_("This database was not made by Qandas; it is left untouched."))
        if state.kind == "newer":
            raise DatabaseError(N_("This database comes from a newer version of Qandas (revision {revision}); "
                                   "install that version to open it."), revision=state.revision)
        backup_path = None
        path = sqlite_path(url)
        if state.kind == "older" and backup and path is not None and path.exists():
            backup_path = backup_sqlite(path, f"before-{head_revision()}")
        if state.kind != "current":
            _migrate(url, engine)
        with engine.begin() as connection:
            ensure_reference_data(connection)
        return UpgradeResult(state, head_revision(), backup_path)
    finally:
        if own_engine:
            engine.dispose()


def integrity_problems(engine: sa.Engine) -> list[str]:
    """What is wrong with the database file itself (empty list when fine)."""
    problems: list[str] = []
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            rows = [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            if rows != ["ok"]:
                problems.extend(rows)
            problems.extend(f"foreign key: {tuple(r)}" for r in
                            connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall())
    return problems


