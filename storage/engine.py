"""Engines for the embedded SQLite file and for a PostgreSQL server.

SQLite connections get foreign keys, WAL and a busy timeout so that a second
process (a backup, a second window) waits instead of failing.

SQLite transactions are begun by us, not by the driver (SQLAlchemy's documented recipe for
pysqlite: the driver's ``isolation_level`` is None and a ``begin`` listener emits BEGIN).
Python's sqlite3 module would begin only at the first INSERT/UPDATE, so every read before it
ran outside the transaction and a check-then-write (is the item still owed? is the case
number free?) was not one step. A transaction starts with ``BEGIN IMMEDIATE``: it takes the
database's single write lock at once, waiting up to the busy timeout, so two seats' checks
and writes happen one after the other. A connection marked ``READ_ONLY`` (the execution
option ``sqlite_begin="DEFERRED"``, what a read-only unit of work uses) begins a plain
read transaction and never waits for a writer (WAL lets readers and one writer work at once).
On PostgreSQL a seat waits for another seat's row lock at most as long (``lock_timeout``).

Every engine hides SQL parameters (``hide_parameters``): an error or a log line shows the
statement, never the IINs, names or password hashes bound to it. A new SQLite file is
created readable by its owner only; SQLite gives its -wal and -shm files the same mode.
A PostgreSQL connection that waited in the pool for more than ``IDLE_PING_SECONDS`` is checked
before use (``_ping_if_idle``, SQLAlchemy's pre-ping limited to idle connections), so after a
server restart the next operation reconnects instead of failing on a dead connection. One used
moments ago is not pinged: the ping is a round trip (through the TLS gateway of a hosted
register, as much as a search's own statement), and a keystroke checks a connection out once or
more. If the server went away within those seconds, the first statement fails with "cannot reach
the database", SQLAlchemy discards every pooled connection, and the next operation connects anew.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from domain.errors import DomainError
from domain.messages import N_
from storage.private_files import private_file

# The engine type for layers that may not import SQLAlchemy themselves (services' annotations).
Engine = sa.Engine

# How long a seat waits for another seat's write (an import of a large register holds the
# lock for seconds) before it gets "busy, try again".
BUSY_TIMEOUT_MS = 30_000
# Execution options naming how an SQLite transaction begins (see the module docstring).
SQLITE_BEGIN = "sqlite_begin"
READ_ONLY = {SQLITE_BEGIN: "DEFERRED"}


class DatabaseError(DomainError):
    """The database cannot be used: bad URL, unreadable file, foreign or newer schema."""


def normalize_url(url_or_path: str) -> str:
    """Accept a SQLAlchemy URL or a plain file path for SQLite."""
    text = str(url_or_path).strip()
    if not text:
        raise DatabaseError(N_("The database address is empty."))
    if "://" not in text:
        return "sqlite:///" + str(Path(text).expanduser().resolve())
    if text.startswith("postgresql://"):
        text = "postgresql+psycopg://" + text[len("postgresql://"):]
    return text


def masked(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _on_sqlite_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()
    dbapi_connection.isolation_level = None  # no implicit BEGIN: _on_sqlite_begin emits it


def _on_sqlite_begin(connection) -> None:
    mode = connection.get_execution_options().get(SQLITE_BEGIN, "IMMEDIATE")
    connection.exec_driver_sql("BEGIN DEFERRED" if mode == "DEFERRED" else "BEGIN IMMEDIATE")


def _on_postgresql_connect(dbapi_connection, _record) -> None:
    """A seat waits for another seat's row lock as long as SQLite waits for its write lock, then
    gets "busy, try again" (SQLSTATE 55P03) instead of hanging behind a stuck transaction.

    Every statement Qandas sends is planned for its own values: psycopg would prepare a
    statement on the server from its fifth run, and PostgreSQL may then plan it once for any
    value. Search as you type sends the same statements with words matched by ten persons or
    by a hundred thousand; one plan for both took a two-word search from 9 ms to 35 ms at a
    million persons. Unprepared statements are always planned for their values. (The server's
    ``plan_cache_mode = force_custom_plan`` did the same, but for the SQL inside the audit and
    copy triggers too, re-planned at every row: a 100 000-row import 32 → 42 s.)"""
    dbapi_connection.prepare_threshold = None
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {BUSY_TIMEOUT_MS}")
    finally:
        dbapi_connection.autocommit = autocommit


def check_local_folder(path: Path) -> None:
    """Refuse an SQLite file on a network drive or share: its locks do not hold there, and two
    PCs writing it corrupt the register (storage.network_drive)."""
    from storage.network_drive import network_filesystem
    kind = network_filesystem(path.parent)
    if kind is not None:
        raise DatabaseError(N_("The database {path} is on a network drive ({kind}). Several PCs cannot share a "
                               "database file safely: keep it on this PC, or share the register from one PC "
                               "with host mode (Administration → Share this register on the office network)."),
                            path=str(path), kind=kind)


def check_sqlite_file(path: Path, passphrase: str | None = None) -> None:
    """Refuse a file that is not an SQLite database before anything touches it."""
    check_local_folder(path)
    if not path.exists() or path.stat().st_size == 0:
        if not path.parent.exists():
            raise DatabaseError(N_("The folder of the database does not exist: {path}"), path=str(path.parent))
        return
    if not os.access(path, os.R_OK):
        raise DatabaseError(N_("The database file cannot be read: {path}"), path=str(path))
    from storage import sqlcipher_files
    encrypted = sqlcipher_files.is_encrypted(path)
    if not encrypted:
        with open(path, "rb") as handle:
            if handle.read(16) != sqlcipher_files.MAGIC:
                raise DatabaseError(N_("This file is not a Qandas database: {path}"), path=str(path))
    try:
        # an encrypted file: PassphraseNeeded, or WrongDatabasePassphrase when the key does not fit
        connection = sqlcipher_files.connect(path, encrypted=encrypted, key=passphrase, read_only=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlcipher_files.driver_errors() as error:
        raise DatabaseError(N_("The database file is damaged: {path} ({detail})"),
                            path=str(path), detail=str(error)) from error


def _create_private(path: Path) -> None:
    """An SQLite file of ours is the owner's alone (made so if it is new or ours and too open)."""
    if path.parent.exists():
        private_file(path)


def _sqlcipher_options(path: Path, key: str | None = None) -> dict:
    """An encrypted register is opened through sqlcipher3's DBAPI (its errors are what SQLAlchemy
    wraps), each connection keyed with this process's passphrase before anything else."""
    from storage import sqlcipher_files
    if not sqlcipher_files.is_encrypted(path):
        return {}
    key = key or sqlcipher_files.passphrase()
    return {"module": sqlcipher_files.module(),
            "creator": lambda: sqlcipher_files.connect(path, encrypted=True, key=key)}


# A pooled server connection idle for longer than this is pinged before use (module docstring).
IDLE_PING_SECONDS = 5.0
_IDLE_SINCE = "qandas_idle_since"  # the pool record's info key: time.monotonic() of its last check-in


def _ping_if_idle(engine: sa.Engine) -> None:
    """Pre-ping a pooled connection only when it sat idle for ``IDLE_PING_SECONDS`` or more.

    A failed ping raises ``InvalidatePoolError`` in the pool's checkout event: SQLAlchemy then
    discards this and every older pooled connection (a dead one means the server restarted) and
    checks out a new connection, as ``pool_pre_ping`` does."""
    def fresh(_dbapi_connection, record) -> None:
        record.info[_IDLE_SINCE] = None  # just connected: nothing to check

    def idle_from_now(_dbapi_connection, record) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    def ping_if_idle(dbapi_connection, record, _proxy) -> None:
        since = record.info.get(_IDLE_SINCE, 0.0)
        if since is None or time.monotonic() - since < IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise sa.exc.InvalidatePoolError(f"the pooled connection is dead: {type(error).__name__}") from error

    sa.event.listen(engine, "connect", fresh)
    sa.event.listen(engine, "checkin", idle_from_now)
    sa.event.listen(engine, "checkout", ping_if_idle)


def create_engine(url_or_path: str, passphrase: str | None = None, **kwargs) -> sa.Engine:
    """An engine with our connection settings; an encrypted SQLite file is keyed with
    ``passphrase`` or, by default, this process's (storage.sqlcipher_files)."""
    url = normalize_url(url_or_path)
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseError(N_("The database address is not valid: {url}"), url=masked(url)) from error
    try:
        if parsed.get_backend_name() == "sqlite":
            path = sqlite_path(url)
            if path is not None:
                check_sqlite_file(path, passphrase)
                _create_private(path)
                kwargs = {**_sqlcipher_options(path, passphrase), **kwargs}
            engine = sa.create_engine(url, hide_parameters=True, **kwargs)
            sa.event.listen(engine, "connect", _on_sqlite_connect)
            sa.event.listen(engine, "begin", _on_sqlite_begin)
            return engine
        engine = sa.create_engine(url, hide_parameters=True, **kwargs)
        _ping_if_idle(engine)
        if parsed.get_backend_name() == "postgresql":
            sa.event.listen(engine, "connect", _on_postgresql_connect)
        return engine
    except (NoSuchModuleError, ArgumentError, ImportError) as error:
        raise DatabaseError(N_("The database address is not supported: {url}"), url=masked(url)) from error
