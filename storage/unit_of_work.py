"""The unit of work: one session, one transaction; no commit means rollback.

A unit of work that may write begins its transaction as a writer (on SQLite ``BEGIN
IMMEDIATE``, see ``storage.engine``), so everything it checks before writing is still true
when it commits. A ``read_only`` one only reads and never waits for another seat's write.
"""
from __future__ import annotations

import datetime as dt
import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from domain.permissions import Actor
from storage import audit, db_errors, family_summary, pg_roles, search_tokens
from storage.audit_anchor import AnchorKeeper
from storage.attachment_repository import AttachmentRepository
from storage.duplicate_repository import DuplicateRepository
from storage.merge_repository import MergeRepository
from storage.family_repository import FamilyRepository
from storage.import_repository import ImportRepository
from storage.mapping import start_mappers
from storage.programme_repository import ProgrammeRepository
from storage.quota_repository import QuotaRepository
from storage.record_repository import RecordRepository
from storage.reference_repository import ReferenceRepository
from storage.task_repository import TaskRepository
from storage.worker_repository import WorkerRepository
from storage.workload_repository import WorkloadRepository
from storage.audit_repository import AuditRepository
from storage.letter_repository import LetterRepository
from storage.conflicts import describe_conflict, versioned_candidates
from storage.engine import READ_ONLY
from storage.user_repository import UserRepository
from storage.reporting_repository import ReportingRepository
from storage.employer_subsidy_repository import EmployerSubsidyRepository
from storage.closed_month_repository import ClosedMonthRepository
from storage.privacy_repository import PrivacyRepository
from storage.subject_access_repository import SubjectAccessRepository
from storage.retention_repository import RetentionRepository


# Called with each unit of work as it is entered. Empty in the application; tests hook in to
# count the units of work of one user action and to fail a database call made on the GUI thread.
ENTER_HOOKS: list[Callable[["SqlAlchemyUnitOfWork"], None]] = []
# The connection of a ``per_statement`` read on PostgreSQL: the driver begins no transaction.
PER_STATEMENT = {"isolation_level": "AUTOCOMMIT"}


class QandasSession(Session):
    """The session class our audit listener is attached to."""


audit.install(QandasSession)
search_tokens.install(QandasSession)
family_summary.install(QandasSession)


class SqlAlchemyUnitOfWork:
    def __init__(self, session_factory: Callable[..., Session], actor: Actor,
                 clock: Callable[[], dt.datetime], anchor: AnchorKeeper | None = None,
                 read_only: bool = False, per_statement: bool = False) -> None:
        """``per_statement`` (with ``read_only``): on PostgreSQL no transaction is begun, each
        statement reads what was committed when it started. That is what PostgreSQL's READ
        COMMITTED gives inside a transaction too, without the BEGIN and ROLLBACK round trips
        (search as you type: docs/search-speed.md). Not for server-side cursors (they need a
        transaction) nor for several reads that must agree (``shared_read``)."""
        self._session_factory = session_factory
        self.actor = actor
        self.clock = clock
        self._anchor = anchor
        self.read_only = read_only
        self.per_statement = per_statement and read_only

    def __enter__(self) -> "SqlAlchemyUnitOfWork":
        for hook in ENTER_HOOKS:
            hook(self)
        self.session = self._session_factory(execution_options=READ_ONLY) if self.read_only \
            else self._session_factory()
        self.session.info["actor"] = self.actor
        self.session.info["audit_pending"] = []
        self.families = FamilyRepository(self.session)
        self.reference = ReferenceRepository(self.session)
        self.duplicates = DuplicateRepository(self.session)
        self.merges = MergeRepository(self.session)
        self.quotas = QuotaRepository(self.session)
        self.programmes = ProgrammeRepository(self.session)
        self.tasks = TaskRepository(self.session)
        self.attachments = AttachmentRepository(self.session)
        self.records = RecordRepository(self.session)
        self.workers = WorkerRepository(self.session)
        self.workload = WorkloadRepository(self.session)
        self.users = UserRepository(self.session)
        self.audit_log = AuditRepository(self.session)
        self.letters = LetterRepository(self.session)
        self.imports = ImportRepository(self.session)
        self.reporting = ReportingRepository(self.session)
        self.employer_subsidies = EmployerSubsidyRepository(self.session)
        self.closed_months = ClosedMonthRepository(self.session)
        self.privacy = PrivacyRepository(self.session)
        self.subject_access = SubjectAccessRepository(self.session)
        self.retention = RetentionRepository(self.session)
        try:
            postgresql = self.session.get_bind().dialect.name == "postgresql"
            if postgresql and self.per_statement:
                self.session.connection(execution_options=PER_STATEMENT)
            self.hosted = postgresql and pg_roles.is_hosted(self.session.connection())
            if self.hosted and not self.read_only:
                pg_roles.set_actor(self.session.connection(), self.actor.login)
        except Exception as failure:  # a server that went away: the same sentence as inside a unit of work
            self.session.close()
            db_errors.raise_translated(failure)
            raise
        return self

    def __exit__(self, _kind, error, _traceback) -> None:
        try:
            self.rollback()
        except Exception as failure:  # noqa: BLE001 - a dead connection cannot roll back
            if error is None:
                db_errors.raise_translated(failure)
                raise
        finally:
            self.session.close()
        if error is not None:
            # The one place where a database error becomes a sentence, for every service call.
            db_errors.raise_translated(error)

    def audit(self, action: str, entity: str, entity_id: Any = None,
              before: dict | None = None, after: dict | None = None) -> None:
        """Record an action that the ORM listener cannot see (Core writes, exports, logins)."""
        self.session.info["audit_pending"].append(
            audit.AuditEntry(action, entity, None if entity_id is None else str(entity_id), before, after))

    def manage_login(self, action: str, login: str, role: str | None = None, password: str | None = None) -> None:
        """On a hosted register, the user's own database login follows the user row (same
        transaction); elsewhere there is nothing to do."""
        if self.hosted:
            pg_roles.manage_login(self.session.connection(), action, login, role, password)

    def flush(self) -> None:
        candidates = versioned_candidates(self.session)
        try:
            self.session.flush()
        except StaleDataError as error:
            self.rollback()
            raise describe_conflict(self.session.get_bind(), candidates) from error

    def commit(self) -> None:
        candidates = versioned_candidates(self.session)
        try:
            self.session.flush()
            pending = self.session.info["audit_pending"]
            if self.hosted:  # the database's triggers wrote the row changes' entries already
                pending = [e for e in pending if not pg_roles.written_by_trigger(e.entity, e.action)]
            now = self.clock()
            head = audit.append_entries(self.session, pending, self.actor.login, now)
            self.session.info["audit_pending"] = []
            self._commit_anchored(head, now)
        except StaleDataError as error:
            self.rollback()
            raise describe_conflict(self.session.get_bind(), candidates) from error

    def _commit_anchored(self, head: tuple[int, str] | None, now: dt.datetime) -> None:
        """Commit, moving the anchor file first while the chain's lock is still held (commit order
        = anchor order across processes); a failed commit puts the previous anchor back."""
        if head is None or self._anchor is None:
            self.session.commit()
            return
        previous = self._anchor.move(head[0], head[1], now)
        try:
            self.session.commit()
        except BaseException:
            self._anchor.put_back(previous)
            raise

    def rollback(self) -> None:
        self.session.rollback()
        self.session.info["audit_pending"] = []


class UnitOfWorkFactory:
    """Makes units of work bound to one engine; what ``services`` receive."""

    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime] | None = None,
                 anchored: bool = True) -> None:
        """``anchored=False``: no anchor file (a restore's temporary copy, which is not yet "the" database)."""
        start_mappers()
        self.engine = engine
        self.clock = clock or (lambda: dt.datetime.now().replace(microsecond=0))
        self._sessions = sessionmaker(bind=engine, class_=QandasSession, expire_on_commit=False)
        self.anchor = AnchorKeeper(engine.url.render_as_string(hide_password=False)) if anchored else None

        self._shared = threading.local()  # the read shared by one thread's calls, see shared_read

    def __call__(self, actor: Actor, read_only: bool = False,
                 per_statement: bool = False) -> "SqlAlchemyUnitOfWork | _SharedUse":
        shared = getattr(self._shared, "uow", None)
        if read_only and shared is not None:
            return _SharedUse(shared)
        return SqlAlchemyUnitOfWork(self._sessions, actor, self.clock, self.anchor, read_only, per_statement)

    @contextmanager
    def shared_read(self, actor: Actor) -> Iterator[None]:
        """Every read-only unit of work this thread opens inside is one session and one transaction:
        a screen that needs many reads (the family card) makes one trip and sees one snapshot."""
        if getattr(self._shared, "uow", None) is not None:
            yield
            return
        with SqlAlchemyUnitOfWork(self._sessions, actor, self.clock, self.anchor, read_only=True) as uow:
            self._shared.uow = uow
            try:
                yield
            finally:
                self._shared.uow = None


class _SharedUse:
    """A read inside ``shared_read``: the shared unit of work, left open for the next read."""

    def __init__(self, uow: SqlAlchemyUnitOfWork) -> None:
        self._uow = uow

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        return self._uow

    def __exit__(self, *_exc: Any) -> None:
        return None
