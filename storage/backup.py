"""Backup files: a zip holding ``manifest.json`` and a consistent copy of the database.

SQLite: the sqlite3 backup API copies a consistent snapshot page by page while other
connections keep working. PostgreSQL: ``pg_dump -Fc`` (restored with ``pg_restore
--single-transaction``). Everything is written under a temporary name and renamed, so a
killed process never leaves a half-written file under the final name.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from sqlalchemy.engine import make_url

from domain.messages import N_
from storage import private_files, sqlcipher_files
from storage.engine import DatabaseError

FORMAT = "qandas-backup"
FORMAT_VERSION = 2  # the newest this code reads; 2 = an encrypted payload (plain backups stay 1)
PLAIN_VERSION = 1
MANIFEST = "manifest.json"
PAYLOADS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
SUFFIX = ".qbak"
Step = Callable[[int, int], None]


@dataclass(frozen=True)
class Manifest:
    format: str
    format_version: int
    app_version: str
    schema_revision: str | None
    created_at: str
    dialect: str
    payload: str
    sha256: str
    size: int
    # The audit anchor at the moment of the copy: entries and newest hash in the payload (None in
    # backups made before anchors existed). Printed by restore, compared with the payload's chain.
    audit_count: int | None = None
    audit_head: str | None = None
    # Encrypted backups (format 2, storage.backup_crypto): cipher, KDF and its salt, nonce prefix,
    # key check. The payload entry holds the ciphertext; ``sha256``/``size`` are of the plaintext.
    encryption: dict | None = None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def snapshot_sqlite(source: Path, target: Path, step: Step | None = None) -> None:
    """Copy a live SQLite database with the backup API, a few pages at a time; the copy of an
    encrypted register is encrypted with the same key (storage.sqlcipher_files)."""
    src = sqlcipher_files.connect(source, timeout=30)
    try:
        dst = sqlcipher_files.connect(target, encrypted=sqlcipher_files.is_encrypted(source))
        try:
            def progress(_status, remaining, total):
                if step is not None:
                    step(total - remaining, total)
            src.backup(dst, pages=512, progress=progress)
            dst.execute("PRAGMA journal_mode = DELETE")  # a self-contained file, no -wal beside it
        finally:
            dst.close()
    finally:
        src.close()


def find_pg_tool(name: str) -> str | None:
    """``pg_dump``/``pg_restore`` of the newest version at hand (storage.pg_binaries: the pip
    package's 18 first; an older system pg_dump refuses to dump a newer server)."""
    from storage.pg_binaries import tool
    return tool(name)


def _libpq(url: str) -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL tools; the password goes in the environment, not argv."""
    parsed = make_url(url)
    args = []
    if parsed.host:
        args += ["-h", parsed.host]
    if parsed.port:
        args += ["-p", str(parsed.port)]
    if parsed.username:
        args += ["-U", parsed.username]
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    return args + ["-d", parsed.database or "postgres"], env


def _run_pg_tool(name: str, args: list[str], url: str | None) -> None:
    """Run a PostgreSQL client tool; ``url`` None: one that does not connect (a file in, a file out)."""
    tool = find_pg_tool(name)
    if tool is None:
        raise DatabaseError(N_("{tool} was not found: install the PostgreSQL client tools (the same major "
                               "version as the server) or put their folder on PATH."), tool=name)
    conn_args, env = _libpq(url) if url is not None else ([], {**os.environ})
    done = subprocess.run([tool, *conn_args, *args], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [""]
        # the first error, not the NOTICE lines psql prints before it
        detail = next((line for line in lines if "ERROR" in line or "FATAL" in line), lines[0])
        raise DatabaseError(N_("{tool} failed: {detail}"), tool=name, detail=detail)


def write_backup(url: str, out: Path, app_version: str, schema_revision: str | None,
                 created_at: dt.datetime, step: Step | None = None, key=None) -> Manifest:
    """Write a backup file to ``out`` (temporary names, then one rename); encrypted with ``key``
    (a ``storage.backup_crypto.BackupKey``) when one is given."""
    parsed = make_url(url)
    dialect = parsed.get_backend_name()
    if dialect not in PAYLOADS:
        raise DatabaseError(N_("Backups are not supported for this database: {dialect}"), dialect=dialect)
    out = Path(out)
    if not out.parent.exists():
        raise DatabaseError(N_("The folder does not exist: {path}"), path=str(out.parent))
    # the snapshot and the zip are made in a private folder of this process (SQLite writes
    # -journal/-wal files beside the snapshot); a process killed mid-copy leaves them there, 0700,
    # for the next start to remove, not as plaintext copies beside the backups
    with private_files.work_folder(out.parent, "backup") as workdir:
        return _write_backup_in(workdir, parsed, url, out, app_version, schema_revision, created_at, step, key)


def _write_backup_in(workdir: Path, parsed, url: str, out: Path, app_version: str, schema_revision: str | None,
                     created_at: dt.datetime, step: Step | None, key=None) -> Manifest:
    dialect = parsed.get_backend_name()
    payload = workdir / PAYLOADS[dialect]
    archive = workdir / (out.name + ".part")
    try:
        if dialect == "sqlite":
            snapshot_sqlite(Path(parsed.database), payload, step)
            head = _sqlite_audit_head(payload)
        else:
            head = _pg_dump_with_head(url, payload)
        manifest = Manifest(FORMAT, PLAIN_VERSION, app_version, schema_revision,
                            created_at.replace(microsecond=0).isoformat(), dialect, PAYLOADS[dialect],
                            _sha256(payload), payload.stat().st_size, *head)
        if key is not None:
            _write_encrypted(archive, payload, manifest, key)
            manifest = read_manifest(archive)
        else:
            with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as bundle:
                bundle.writestr(MANIFEST, json.dumps(asdict(manifest), indent=2))
                bundle.write(payload, manifest.payload)
        with open(archive, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(archive, private_files.FILE_MODE)
        os.replace(archive, out)
        return manifest
    finally:
        archive.unlink(missing_ok=True)


def _write_encrypted(archive: Path, payload: Path, manifest: Manifest, key) -> None:
    """Manifest in clear (authenticated as associated data), payload compressed then encrypted."""
    import secrets
    import zlib

    from storage import backup_crypto
    manifest = Manifest(**{**asdict(manifest), "format_version": 2, "payload": manifest.payload + ".enc",
                           "encryption": key.params(secrets.token_hex(8))})
    data = asdict(manifest)
    packed = payload.with_name(payload.name + ".z")
    try:
        with open(payload, "rb") as source, open(packed, "wb") as sink:
            squeeze = zlib.compressobj(1)
            for block in iter(lambda: source.read(1 << 20), b""):
                sink.write(squeeze.compress(block))
            sink.write(squeeze.flush())
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as bundle:
            bundle.writestr(MANIFEST, json.dumps(data, indent=2))
            with open(packed, "rb") as source, bundle.open(manifest.payload, "w", force_zip64=True) as sink:
                backup_crypto.encrypt_stream(source, sink, key, manifest.encryption["nonce_prefix"],
                                             backup_crypto.manifest_digest(data))
    finally:
        packed.unlink(missing_ok=True)


_HEAD_SQL = "SELECT key, value FROM setting WHERE key IN ('audit.count', 'audit.head_hash')"


def _head_of(values: dict) -> tuple[int | None, str | None]:
    count = values.get("audit.count")
    return (int(count) if count is not None and str(count).isdigit() else None), values.get("audit.head_hash")


def _sqlite_audit_head(payload: Path) -> tuple[int | None, str | None]:
    try:
        connection = sqlcipher_files.connect(payload)
    except DatabaseError:
        return None, None
    try:
        return _head_of(dict(connection.execute(_HEAD_SQL).fetchall()))
    except sqlcipher_files.driver_errors():
        return None, None
    finally:
        connection.close()


def _pg_dump_with_head(url: str, payload: Path) -> tuple[int | None, str | None]:
    """pg_dump of the snapshot in which the audit head was read, so the manifest's anchor is
    exactly the payload's head even while other seats keep writing."""
    import sqlalchemy as sa
    engine = sa.create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
            snapshot = connection.execute(sa.text("SELECT pg_export_snapshot()")).scalar()
            head = _head_of(dict(connection.execute(sa.text(_HEAD_SQL)).all()))
            _run_pg_tool("pg_dump", ["-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                                     "-f", str(payload)], url)
            connection.rollback()
        return head
    finally:
        engine.dispose()


def read_manifest(path: Path) -> Manifest:
    """The manifest of a backup file; refuses anything that is not a Qandas backup."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseError(N_("The file does not exist: {path}"), path=str(path))
    try:
        with zipfile.ZipFile(path) as bundle:
            data = json.loads(bundle.read(MANIFEST).decode("utf-8"))
            names = set(bundle.namelist())
        manifest = Manifest(**data)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, UnicodeDecodeError) as error:
        raise DatabaseError(N_("This file is not a Qandas backup: {path}"), path=str(path)) from error
    if manifest.format != FORMAT or manifest.payload not in names or manifest.dialect not in PAYLOADS:
        raise DatabaseError(N_("This file is not a Qandas backup: {path}"), path=str(path))
    if manifest.format_version > FORMAT_VERSION:
        raise DatabaseError(N_("This backup was made by a newer version of Qandas ({version})."),
                            version=manifest.app_version)
    return manifest


def extract_payload(path: Path, manifest: Manifest, target: Path, key=None) -> None:
    """Unpack the database copy (decrypting it with ``key`` if it is encrypted) and check it
    against the manifest's SHA-256."""
    if manifest.encryption is not None:
        _extract_encrypted(path, manifest, target, key)
    else:
        with zipfile.ZipFile(path) as bundle, bundle.open(manifest.payload) as source, open(target, "wb") as sink:
            shutil.copyfileobj(source, sink, 1 << 20)
            sink.flush()
            os.fsync(sink.fileno())
    if _sha256(target) != manifest.sha256:
        raise DatabaseError(N_("The backup file is damaged (its checksum does not match): {path}"), path=str(path))


def _extract_encrypted(path: Path, manifest: Manifest, target: Path, key) -> None:
    import zlib

    from storage import backup_crypto
    if key is None:
        raise DatabaseError(N_("This backup is encrypted: give its passphrase to restore it."))
    packed = target.with_name(target.name + ".z")
    try:
        try:
            with zipfile.ZipFile(path) as bundle, bundle.open(manifest.payload) as source, open(packed, "wb") as sink:
                backup_crypto.decrypt_stream(source, sink, key, manifest.encryption["nonce_prefix"],
                                             backup_crypto.manifest_digest(asdict(manifest)), str(path))
        except (zipfile.BadZipFile, OSError, EOFError) as error:  # a damaged container: edited as well
            raise backup_crypto.EditedBackup(str(path)) from error
        with open(packed, "rb") as source, open(target, "wb") as sink:
            unpack = zlib.decompressobj()
            for block in iter(lambda: source.read(1 << 20), b""):
                sink.write(unpack.decompress(block))
            sink.write(unpack.flush())
            sink.flush()
            os.fsync(sink.fileno())
    finally:
        packed.unlink(missing_ok=True)


def sqlite_file_revision(path: Path) -> tuple[str | None, list[str]]:
    """(schema revision, integrity problems) of an SQLite file, read without changing it."""
    connection = sqlcipher_files.connect(path, read_only=True)
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        try:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlcipher_files.driver_errors():
            revision = None
        return (revision[0] if revision else None), ([] if problems == ["ok"] else problems)
    except sqlcipher_files.driver_errors() as error:
        return None, [str(error)]
    finally:
        connection.close()


def settle_sqlite(path: Path) -> None:
    """Fold a file's write-ahead log into it and switch the log off: the file alone holds everything."""
    connection = sqlcipher_files.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()


def replace_sqlite(database: Path, restored: Path, keep_as: Path) -> None:
    """Swap the restored file in with one rename, keeping the replaced database as ``keep_as``.

    The live file's WAL is checkpointed and switched off first: a stale ``-wal`` beside the
    new file would otherwise be replayed into it. Switching the journal mode needs the only
    connection, so a database still open elsewhere is refused rather than corrupted.
    """
    if database.exists():
        kept = private_files.temporary_file(keep_as.parent)
        try:
            snapshot_sqlite(database, kept)
            os.replace(kept, keep_as)
        finally:
            kept.unlink(missing_ok=True)
            private_files.drop_empty_area(keep_as.parent)
        connection = sqlcipher_files.connect(database, timeout=5)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlcipher_files.driver_errors() as error:
            raise DatabaseError(N_("The database is in use; close Qandas on this computer and try again.")) \
                from error
        finally:
            connection.close()
        if str(mode).lower() != "delete":
            raise DatabaseError(N_("The database is in use; close Qandas on this computer and try again."))
    os.replace(restored, database)
    for leftover in (Path(str(database) + "-wal"), Path(str(database) + "-shm")):
        leftover.unlink(missing_ok=True)


# Everything of ours in the schema, whatever revision made it: ``pg_restore --clean`` drops only
# what the backup holds, so tables, functions and triggers a newer revision added stayed behind and
# the upgrade after restoring an older backup failed on them ("relation already exists").
_EMPTY_SCHEMA = """
DO $$
DECLARE item record;
BEGIN
    FOR item IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
        EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', item.tablename);
    END LOOP;
    FOR item IN SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() LOOP
        EXECUTE format('DROP SEQUENCE IF EXISTS %I CASCADE', item.sequencename);
    END LOOP;
    FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
                JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = current_schema() AND p.prokind IN ('f', 'p') LOOP
        EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', item.signature);
    END LOOP;
    FOR item IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = current_schema() AND t.typtype IN ('e', 'd') LOOP
        EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', item.typname);
    END LOOP;
END $$;
"""


def postgres_script(dump: Path, script: Path) -> None:
    """The SQL that replays a dump (read by the restore's checks, then run by ``restore_postgres``)."""
    _run_pg_tool("pg_restore", ["--no-owner", "--no-privileges", "-f", str(script), str(dump)], None)


def restore_postgres(dump: Path, url: str, after_sql: str = "") -> None:
    """The backup replaces everything of ours in ONE transaction, or nothing changes: pg_restore
    turns the dump into SQL, and psql runs «empty the schema», that SQL and ``after_sql`` (the
    restore's own audit entry) in a single transaction."""
    with private_files.work_folder(dump.parent, "restore") as folder:
        script = folder / "restore.sql"
        postgres_script(dump, script)
        restore_postgres_script(script, url, after_sql)


def restore_postgres_script(script: Path, url: str, after_sql: str = "") -> None:
    extra = []
    if after_sql:
        tail = script.with_name("after.sql")
        tail.write_text(after_sql, encoding="utf-8")
        extra = ["-f", str(tail)]
    _run_pg_tool("psql", ["--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1",
                          "-c", _EMPTY_SCHEMA, "-f", str(script), *extra], url)


def audit_entry_sql(row: dict, count: int) -> str:
    """SQL appending one audit entry (computed by ``storage.audit``) and moving the head settings:
    the restore's entry, inside the psql transaction that restores a PostgreSQL backup. Values
    are dollar-quoted with a tag they do not contain."""
    import secrets
    tag = "$q" + secrets.token_hex(6) + "$"

    def q(value) -> str:
        if value is None:
            return "NULL"
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        if tag in text:
            raise ValueError("quote tag inside a value")
        return f"{tag}{text}{tag}"
    when = q(row["occurred_at"].isoformat(sep=" "))
    # an entry in the erasable-values format (revision 0014) carries its salt and digest too
    extra = [c for c in ("values_salt", "values_digest", "legacy_hash") if c in row]
    return (
        "RESET search_path;\n"  # pg_restore's SQL empties it; the application's tables are on the default path
        "INSERT INTO audit_log (occurred_at, actor_login, action, entity, entity_id, before, after, "
        + "".join(f"{c}, " for c in extra) + "prev_hash, hash) "
        f"VALUES ({when}, {q(row['actor_login'])}, {q(row['action'])}, {q(row['entity'])}, {q(row['entity_id'])}, "
        f"{q(row['before'])}, {q(row['after'])}, " + "".join(f"{q(row[c])}, " for c in extra)
        + f"{q(row['prev_hash'])}, {q(row['hash'])});\n"
        + "".join(
            f"INSERT INTO setting (key, value, updated_at, updated_by) VALUES ({q(key)}, {q(value)}, {when}, "
            f"{q(row['actor_login'])}) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "
            "updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by;\n"
            for key, value in (("audit.head_hash", row["hash"]), ("audit.count", str(count)))))


def prune(folder: Path, keep: int, pattern: str = "qandas-*" + SUFFIX) -> list[Path]:
    """Delete the oldest automatic backups beyond the newest ``keep``."""
    files = sorted(folder.glob(pattern), key=lambda p: p.name, reverse=True)
    removed = []
    for old in files[max(keep, 1):]:
        old.unlink(missing_ok=True)
        removed.append(old)
    return removed
