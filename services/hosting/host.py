"""The host PC: share the register (``init``), run it (``start``/``stop``), say how it is.

``init_host`` moves the SQLite register losslessly: the server is made in the data folder, the
schema migrated to the same revision, every table copied in one transaction (the audit chain
and attachments included), then the counts of every table are compared and ``audit verify``
must be ok — otherwise the new database is dropped and the SQLite file stays the register.
Only then do the roles and triggers go on (storage.pg_roles), the administrator who shares
gets their database login, this PC remembers the connection, and the SQLite file is renamed
so that nobody keeps working in it by mistake.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from domain.errors import DomainError, PermissionDenied, RuleViolation
from domain.messages import N_
from domain.permissions import SYSTEM_ACTOR, Action, Role
from services.database import default_data_dir, prepare_database
from services.hosting import autostart
from services.hosting.client import ConnectionProfile, save_profile
from storage import pg_roles, pg_tls, register_copy
from storage.audit_anchor import anchor_path
from storage.engine import sqlite_path
from storage.pg_cluster import DEFAULT_PORT, Cluster, HostError, free_port

if TYPE_CHECKING:
    from domain.permissions import Actor
    from services import AppServices
    from services.dto_admin import AuditVerification, BackupResult
    from storage.engine import Engine
    from storage.schema import UpgradeResult

# copy progress: (tables done, tables in all, table being copied)
Step = Callable[[int, int, str], None]

log = logging.getLogger(__name__)
HOST_FOLDER = "host"


@dataclass(frozen=True)
class HostInitReport:
    tables: int
    rows: int
    audit_entries: int
    counts: dict[str, int] = field(default_factory=dict)
    port: int = DEFAULT_PORT
    fingerprint: str = ""
    moved_sqlite_to: str = ""
    autostart: str = ""


@dataclass(frozen=True)
class HostStatus:
    hosted: bool
    running: bool
    port: int | None
    folder: str
    fingerprint: str = ""


def host_folder(data_dir: Path | None = None) -> Path:
    return (data_dir or default_data_dir()) / HOST_FOLDER


def _owner_services(cluster: Cluster, clock: Callable[[], dt.datetime] | None = None,
                    ) -> tuple[AppServices, UpgradeResult]:
    from services import AppServices
    engine, result = prepare_database(cluster.owner_url())
    return AppServices(engine, SYSTEM_ACTOR, clock) if clock else AppServices(engine, SYSTEM_ACTOR), result


def init_host(sqlite_url: str, admin_login: str, password: str, data_dir: Path | None = None,
              port: int | None = None, listen: str = "*", start_at_sign_in: bool = True,
              step: Step | None = None) -> HostInitReport:
    """Share the SQLite register at ``sqlite_url`` from this PC (see the module docstring)."""
    from services import AppServices
    data_dir = data_dir or default_data_dir()
    path = sqlite_path(sqlite_url)
    if path is None:
        raise RuleViolation("host_needs_sqlite", N_("Only a register kept on this PC (an SQLite file) can be "
                                                    "shared; this one is already on a server."))
    source_engine, _ = prepare_database(sqlite_url)  # at the current revision, like the server will be
    try:
        actor = AppServices(source_engine).users.authenticate(admin_login, password)
        if not actor.can(Action.MANAGE_USERS):
            raise PermissionDenied(Action.MANAGE_USERS, actor.role)
        cluster = Cluster(host_folder(data_dir))
        cert, key = pg_tls.make_certificate(pg_tls.host_names())
        config = cluster.init(free_port() if port is None else port, listen, cert, key)
        try:
            report = _move(cluster, source_engine, actor, password, step)
        except BaseException:
            cluster.destroy()
            raise
    finally:
        source_engine.dispose()
    fingerprint = pg_tls.fingerprint(cert)
    save_profile(ConnectionProfile("127.0.0.1", actor.login, config.port, config.database, fingerprint), cert,
                 data_dir)
    moved = path.with_name(f"{path.stem}-moved-to-host-{dt.datetime.now():%Y%m%d-%H%M%S}{path.suffix}")
    for suffix in ("", "-wal", "-shm"):
        if Path(str(path) + suffix).exists():
            Path(str(path) + suffix).rename(str(moved) + suffix)
    entry = str(autostart.install(data_dir)) if start_at_sign_in else ""
    return HostInitReport(report.tables, report.rows, report.audit_entries, report.counts, config.port,
                          fingerprint, str(moved), entry)


def _move(cluster: Cluster, source_engine: Engine, actor: Actor, password: str, step: Step | None,
          ) -> HostInitReport:
    cluster.start()
    cluster.create_database()
    owner, _ = _owner_services(cluster)
    try:
        target = owner.engine
        copied = register_copy.copy_register(source_engine, target, step)
        counts = register_copy.table_counts(target)
        expected = register_copy.table_counts(source_engine)
        if counts != expected:
            differing = sorted(name for name in expected if counts.get(name) != expected[name])
            raise HostError(N_("The register was not moved: the copy of {tables} differs from the original."),
                            tables=", ".join(differing))
        verification = _verify_copy(owner, source_engine)
        if not verification.ok:
            raise HostError(N_("The register was not moved: the audit log did not verify after the copy "
                               "({reason})."), reason=verification.reason)
        with target.begin() as connection:
            pg_roles.install(connection)
            # every user gets a login role; the administrator sharing can sign in at once, the others
            # once an administrator sets their password (the register keeps only hashes)
            pg_roles.create_user_logins(connection, {actor.login: password})
        pg_roles.forget()
        with target.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            # The tables were just filled: without statistics the planner chose plans for empty
            # tables, and until VACUUM marks their pages all-visible every index-only scan (search
            # reads the token indexes alone) visits the table too; autovacuum would do both only on
            # its next rounds, meanwhile competing with the first users. Measured at 100 000
            # persons right after the move: search as you type p95 51 ms, 24 ms with ANALYZE.
            connection.exec_driver_sql("VACUUM (ANALYZE)")
        return HostInitReport(len(copied), sum(copied.values()), copied.get("audit_log", 0), counts)
    finally:
        owner.engine.dispose()


def _verify_copy(owner: AppServices, source_engine: Engine) -> AuditVerification:
    """The copied chain, checked link by link and against the anchor this PC kept for the SQLite
    register; then the anchor of the new database starts at the copy's head.

    The server's database was created just now, but its address (this PC, the usual port, the
    owner's name) is that of any register hosted here before: an anchor file under it describes
    a database that no longer exists, and compared with this one it read as a rewritten log."""
    keeper = owner.ctx.uow_factory.anchor
    if keeper is not None:
        keeper.forget()
    source_anchor = anchor_path(source_engine.url.render_as_string(hide_password=False))
    against = source_anchor if source_anchor is not None and source_anchor.is_file() else None
    verification = owner.audit.verify(against=against)
    if verification.ok and keeper is not None:
        keeper.move(verification.head_count, verification.head_hash, owner.ctx.now())
    return verification


def start_host(data_dir: Path | None = None, backup: bool = True) -> HostStatus:
    """Start the server (if it is not running), bring the schema to the current revision as the
    owner, re-apply the roles (a migration may have added tables) and make the day's backup."""
    cluster = Cluster(host_folder(data_dir))
    cluster.start()
    owner, _result = _owner_services(cluster)
    try:
        with owner.engine.begin() as connection:
            pg_roles.install(connection)
        pg_roles.forget()
        if backup:
            owner.backup.auto_backup_if_due()
    finally:
        owner.engine.dispose()
    return status(data_dir)


def backup_host(data_dir: Path | None = None) -> BackupResult | None:
    cluster = Cluster(host_folder(data_dir))
    owner, _ = _owner_services(cluster)
    try:
        return owner.backup.auto_backup_if_due()
    finally:
        owner.engine.dispose()


def stop_host(data_dir: Path | None = None) -> bool:
    return Cluster(host_folder(data_dir)).stop()


def status(data_dir: Path | None = None) -> HostStatus:
    folder = host_folder(data_dir)
    if not folder.exists():
        return HostStatus(False, False, None, str(folder))
    cluster = Cluster(folder)
    config = cluster.config
    cert = cluster.folder / "server.crt"
    fingerprint = ""
    try:
        fingerprint = pg_tls.fingerprint(cert.read_bytes()) if cert.exists() else ""
    except (OSError, ValueError):
        pass
    return HostStatus(cluster.exists(), cluster.running(), config.port if config else None, str(folder), fingerprint)


def require_administrator(role: str) -> None:
    if role != Role.ADMINISTRATOR:
        raise PermissionDenied(Action.MANAGE_USERS, role)


__all__ = ["init_host", "start_host", "stop_host", "status", "backup_host", "HostInitReport", "HostStatus",
           "DomainError"]
