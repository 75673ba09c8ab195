"""Converting the SQLite register between plain and SQLCipher-encrypted (``db encrypt``/``decrypt``).

The conversion is SQLCipher's documented way, ``sqlcipher_export``: the open database is
exported, schema, rows and ``user_version``, into an attached database with the other key (an
empty key: plain). The copy is made in the private temporary area beside the register (0600,
same disk, so the swap is one rename) and checked before it replaces anything: the row count of
every table equals the original's and the audit chain of the copy verifies. The swap itself is
``storage.backup.replace_sqlite``, the restore's: refused while another program has the file
open, the live file's write-ahead log folded in first.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy.orm import Session

from domain.messages import N_
from storage import sqlcipher_files
from storage.audit import verify_chain
from storage.audit_repository import AuditRepository
from storage.engine import DatabaseError, create_engine


def export(source: Path, target: Path, *, source_key: str | None, target_key: str | None) -> None:
    """Write the whole of ``source`` into the new file ``target`` (encrypted with ``target_key``,
    plain when it is None), read in one transaction, so the copy is one consistent state."""
    connection = sqlcipher_files.connect(source, encrypted=source_key is not None, key=source_key,
                                         timeout=30) if source_key is not None else _plain_on_cipher(source)
    try:
        connection.isolation_level = None
        connection.execute(f"ATTACH DATABASE {sqlcipher_files.quoted(str(target))} AS converted "
                           f"KEY {sqlcipher_files.quoted(target_key or '')}")
        # BEGIN IMMEDIATE: no seat writes while the copy is made (one consistent state)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("SELECT sqlcipher_export('converted')")
        connection.execute("COMMIT")
        connection.execute("DETACH DATABASE converted")
    except sqlcipher_files.driver_errors() as error:
        raise DatabaseError(N_("The database could not be converted: {detail}. Nothing was changed."),
                            detail=str(error)) from error
    finally:
        connection.close()


def _plain_on_cipher(path: Path) -> Any:
    """A plain file opened with sqlcipher3 (only it has ``sqlcipher_export``), no key."""
    connection = sqlcipher_files.module().connect(str(path), timeout=30)
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return connection


def table_counts(path: Path, key: str | None) -> dict[str, int]:
    """Rows in every table of the file (the conversion must keep each count)."""
    connection = sqlcipher_files.connect(path, encrypted=key is not None, key=key, read_only=True)
    try:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
    finally:
        connection.close()


@contextlib.contextmanager
def _session(path: Path, key: str | None) -> Iterator[Session]:
    engine = create_engine(str(path), passphrase=key)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def audit_chain_break(path: Path, key: str | None) -> str | None:
    """None when the audit chain of the file verifies (links, hashes, head); else the reason."""
    with _session(path, key) as session:
        repository = AuditRepository(session)
        head_hash, head_count = repository.head()
        _checked, broken = verify_chain(repository.chain(), head_hash, head_count)
    return None if broken is None else f"{broken.reason} at entry {broken.entry_id}"


def settle_or_refuse(database: Path, key: str | None) -> None:
    """Fold the write-ahead log into the file and switch it off; refused (nothing changed) while
    another program has the register open, since its later writes would go to the replaced file."""
    connection = sqlcipher_files.connect(database, encrypted=key is not None, key=key, timeout=5)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlcipher_files.driver_errors() as error:
        raise _in_use() from error
    finally:
        connection.close()
    if str(mode).lower() != "delete":
        raise _in_use()


def _in_use() -> DatabaseError:
    return DatabaseError(N_("The database is in use; close Qandas on this computer and try again."))


def keep_copy(source: Path, keep_as: Path) -> None:
    """An owner-only copy of the (encrypted) file ``source`` under ``keep_as``, written under a
    temporary name first."""
    import shutil

    from storage import private_files
    part = private_files.temporary_file(keep_as.parent, ".keep-part")
    try:
        shutil.copyfile(source, part)
        private_files.private_file(part)
        part.replace(keep_as)
    finally:
        part.unlink(missing_ok=True)
        private_files.drop_empty_area(keep_as.parent)


def swap(database: Path, converted: Path) -> None:
    """The converted file takes the register's name in one rename; no stale log stays beside it."""
    import os
    os.replace(converted, database)
    for leftover in (Path(f"{database}-wal"), Path(f"{database}-shm"), Path(f"{database}-journal")):
        leftover.unlink(missing_ok=True)
