"""Bringing a database to the current schema safely.

Before touching a database we find out what it is: empty, ours at an older or the
current revision, ours from a newer Qandas, or something else. Only the first three
are opened; an older SQLite file is backed up beside itself before the upgrade.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from domain.messages import N_
from storage import private_files, sqlcipher_files
from storage.engine import READ_ONLY, DatabaseError, create_engine, normalize_url, sqlite_path
from storage.seed import ensure_reference_data

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# Alembic is imported only where a migration runs: every start asks for the revisions, and
# loading Alembic for that alone cost a tenth of the window's cold start.
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\s*=\s*(?:None|['\"]([^'\"]+)['\"])", re.M)


def alembic_config(connection=None) -> "Config":
    from alembic.config import Config
    config = Config()
    config.set_main_option("script_location", str(resources.files("migrations")))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def script_directory() -> "ScriptDirectory":
    """Read once per process: Alembic executes every revision file to build its map (only the
    migration tests and a database that needs an upgrade come here)."""
    from alembic.script import ScriptDirectory
    return ScriptDirectory.from_config(alembic_config())


@functools.lru_cache(maxsize=1)
def _revision_graph() -> tuple[str, frozenset[str]]:
    """(head, every revision) read from the revision files' own ``revision``/``down_revision``
    lines; a chain that is not one line of revisions is left to Alembic to read."""
    revisions, parents = set(), set()
    for entry in resources.files("migrations").joinpath("versions").iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("__"):
            continue
        text = entry.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            break
        revisions.add(revision.group(1))
        if down.group(1):
            parents.add(down.group(1))
    else:
        heads = revisions - parents
        if len(heads) == 1 and parents <= revisions:
            return heads.pop(), frozenset(revisions)
    directory = script_directory()
    return directory.get_current_head(), frozenset(rev.revision for rev in directory.walk_revisions())


def head_revision() -> str:
    return _revision_graph()[0]


def known_revisions() -> set[str]:
    return set(_revision_graph()[1])


def _current_revision(connection, table_names: set[str]) -> str | None:
    if "alembic_version" not in table_names:
        return None
    rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    return rows[0][0] if len(rows) == 1 else None


@dataclass(frozen=True)
class DatabaseState:
    kind: str  # "empty", "current", "older", "newer", "foreign"
    revision: str | None


def database_state(engine: sa.Engine) -> DatabaseState:
    try:
        with engine.connect().execution_options(**READ_ONLY) as connection:
            table_names = set(sa.inspect(connection).get_table_names())
            revision = _current_revision(connection, table_names)
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
    """A consistent copy beside the file via SQLite's backup API (safe while others read).

    Encrypted (a backup file, ``.qbak``) when the administrator set a backup passphrase and this
    computer holds its key; the copies of this kind beyond the pruning rule
    (``private_files.prune_copies``) are deleted afterwards.
    """
    from storage import backup_crypto
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    url = f"sqlite:///{path}"
    key = backup_crypto.load_key(url)
    if key is not None:
        from storage import backup as backup_files
        target = path.with_name(f"{path.stem}.{stamp}.{label}.qbak")
        revision = sqlite_revision(path)
        backup_files.write_backup(url, target, "", revision, dt.datetime.now(), key=key)
    else:
        target = _plain_copy(path, label, stamp)
    private_files.prune_copies(sorted(path.parent.glob(f"{glob_escape(path.stem)}.*.before-*")))
    return target


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def sqlite_revision(path: Path) -> str | None:
    connection = sqlcipher_files.connect(path, read_only=True)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlcipher_files.driver_errors():
        return None
    finally:
        connection.close()


def _plain_copy(path: Path, label: str, stamp: str) -> Path:
    target = path.with_name(f"{path.stem}.{stamp}.{label}.bak{path.suffix or '.sqlite3'}")
    # made in the private temporary folder (0600): a killed upgrade leaves no readable copy beside it
    temporary = private_files.temporary_file(path.parent, ".upgrade-part")
    try:
        # the copy of an encrypted register is encrypted with the same key
        source = sqlcipher_files.connect(path)
        try:
            destination = sqlcipher_files.connect(temporary, encrypted=sqlcipher_files.is_encrypted(path))
            try:
                source.backup(destination)
            finally:
                destination.close()
        finally:
            source.close()
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)
        private_files.drop_empty_area(path.parent)
    return target


def _migrate(url: str, engine: sa.Engine) -> None:
    """Run the migrations in ONE transaction, on SQLite too.

    Python's sqlite3 module would commit before every CREATE/ALTER on its own, so a process
    killed mid-upgrade would leave half a schema that no later run can recognise. Our SQLite
    engines turn the driver's own transaction handling off and begin with ``BEGIN IMMEDIATE``
    (``storage.engine``), so SQLite's transactional DDL makes the upgrade all or nothing.
    """
    from alembic import command
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
        return
    migration_engine = create_engine(url)  # ours, whatever engine the caller passed
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
        with _schema_lock(engine):
            return _upgrade(url, engine, backup)
    finally:
        if own_engine:
            engine.dispose()


@contextlib.contextmanager
def _schema_lock(engine: sa.Engine):
    """On a server, hold a session-level advisory lock (``pg_roles.SCHEMA_LOCK_KEY``) on a
    connection of its own while the schema is looked at, migrated and seeded: a second seat
    starting at the same instant waits here, then finds the database current and seeded."""
    if engine.dialect.name != "postgresql":
        yield
        return
    from storage.pg_roles import SCHEMA_LOCK_KEY
    with engine.connect() as connection:
        connection.exec_driver_sql(f"SELECT pg_advisory_lock({SCHEMA_LOCK_KEY})")
        connection.commit()
        try:
            yield
        finally:
            connection.exec_driver_sql(f"SELECT pg_advisory_unlock({SCHEMA_LOCK_KEY})")
            connection.commit()


def _upgrade(url: str, engine: sa.Engine, backup: bool) -> UpgradeResult:
    """``upgrade``'s work, under the schema lock on a server."""
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


def integrity_problems(engine: sa.Engine) -> list[str]:
    """What is wrong with the database file itself (empty list when fine)."""
    problems: list[str] = []
    with engine.connect().execution_options(**READ_ONLY) as connection:
        if connection.dialect.name == "sqlite":
            rows = [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            if rows != ["ok"]:
                problems.extend(rows)
            problems.extend(f"foreign key: {tuple(r)}" for r in
                            connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall())
    return problems


