"""The application API that gui/, reports/ and the command line use.

``AppServices`` is built once by ``main.py`` (or a test) and handed down; every
service takes plain values and returns frozen DTOs plus ``Changes``.
"""
from __future__ import annotations

import datetime as dt
import importlib
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Callable, Generic, TypeVar, overload

from domain.permissions import SYSTEM_ACTOR, Actor
from services.context import ServiceContext
from storage.engine import Engine
from storage.unit_of_work import UnitOfWorkFactory

if TYPE_CHECKING:
    from services.demo import DemoResult
    from services.progress import Progress
    from services.adaptation import AdaptationService
    from services.attachments import AttachmentService
    from services.audit import AuditService
    from services.backup import BackupService
    from services.cases import CaseService
    from services.centre import CentreService
    from services.closed_months import ClosedMonthService
    from services.dashboard import DashboardService
    from services.duplicates import DuplicateService
    from services.education import EducationService
    from services.employment import EmploymentService
    from services.family_records import FamilyRecordsService
    from services.history import HistoryService
    from services.hosting.hosting_service import HostingService
    from services.imports import ImportService
    from services.info import InfoService
    from services.letters import LetterService
    from services.payments import PaymentService
    from services.privacy import PrivacyService
    from services.quota_reference import QuotaReferenceService
    from services.quotas import QuotaService
    from services.reference import ReferenceService
    from services.register_encryption import RegisterEncryptionService
    from services.registration import RegistrationService
    from services.reporting import ReportingService
    from services.retention import RetentionService
    from services.subject_access import SubjectAccessService
    from services.tasks import TaskService
    from services.users import UserService
    from services.view_log import ViewLogService
    from services.workers import WorkerService
    from services.workload import WorkloadService

T = TypeVar("T")


class _Lazy(Generic[T]):
    """A service of ``AppServices`` whose module is imported and whose object is built on first
    use: the window's first screen needs a handful of the thirty services, and importing the
    others (the import, hosting, quotas, letters…) was a fifth of a cold start. Services only
    keep the context, so building one late, or twice by two threads at once, changes nothing."""

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name, self.attribute = module, name, ""

    def __set_name__(self, owner: type, attribute: str) -> None:
        self.attribute = attribute

    @overload
    def __get__(self, instance: None, owner: type) -> "_Lazy[T]": ...

    @overload
    def __get__(self, instance: "AppServices", owner: type) -> T: ...

    def __get__(self, instance: "AppServices | None", owner: type) -> "T | _Lazy[T]":
        if instance is None:
            return self
        service: T = getattr(importlib.import_module(self.module), self.name)(instance.ctx)
        instance.__dict__[self.attribute] = service  # the next look-up finds the object itself
        return service


class AppServices:
    cases: _Lazy[CaseService] = _Lazy("services.cases", "CaseService")
    registration: _Lazy[RegistrationService] = _Lazy("services.registration", "RegistrationService")
    reference: _Lazy[ReferenceService] = _Lazy("services.reference", "ReferenceService")
    centre: _Lazy[CentreService] = _Lazy("services.centre", "CentreService")
    info: _Lazy[InfoService] = _Lazy("services.info", "InfoService")
    tasks: _Lazy[TaskService] = _Lazy("services.tasks", "TaskService")
    records: _Lazy[FamilyRecordsService] = _Lazy("services.family_records", "FamilyRecordsService")
    attachments: _Lazy[AttachmentService] = _Lazy("services.attachments", "AttachmentService")
    workers: _Lazy[WorkerService] = _Lazy("services.workers", "WorkerService")
    workload: _Lazy[WorkloadService] = _Lazy("services.workload", "WorkloadService")
    duplicates: _Lazy[DuplicateService] = _Lazy("services.duplicates", "DuplicateService")
    users: _Lazy[UserService] = _Lazy("services.users", "UserService")
    audit: _Lazy[AuditService] = _Lazy("services.audit", "AuditService")
    history: _Lazy[HistoryService] = _Lazy("services.history", "HistoryService")
    letters: _Lazy[LetterService] = _Lazy("services.letters", "LetterService")
    backup: _Lazy[BackupService] = _Lazy("services.backup", "BackupService")
    imports: _Lazy[ImportService] = _Lazy("services.imports", "ImportService")
    reporting: _Lazy[ReportingService] = _Lazy("services.reporting", "ReportingService")
    closed_months: _Lazy[ClosedMonthService] = _Lazy("services.closed_months", "ClosedMonthService")
    privacy: _Lazy[PrivacyService] = _Lazy("services.privacy", "PrivacyService")
    view_log: _Lazy[ViewLogService] = _Lazy("services.view_log", "ViewLogService")
    subject_access: _Lazy[SubjectAccessService] = _Lazy("services.subject_access", "SubjectAccessService")
    retention: _Lazy[RetentionService] = _Lazy("services.retention", "RetentionService")
    hosting: _Lazy[HostingService] = _Lazy("services.hosting.hosting_service", "HostingService")
    register_encryption: _Lazy[RegisterEncryptionService] = _Lazy(  # SQLCipher at rest
        "services.register_encryption", "RegisterEncryptionService")
    # the quota area
    quotas: _Lazy[QuotaService] = _Lazy("services.quotas", "QuotaService")
    payments: _Lazy[PaymentService] = _Lazy("services.payments", "PaymentService")
    employment: _Lazy[EmploymentService] = _Lazy("services.employment", "EmploymentService")
    education: _Lazy[EducationService] = _Lazy("services.education", "EducationService")
    adaptation: _Lazy[AdaptationService] = _Lazy("services.adaptation", "AdaptationService")
    dashboard: _Lazy[DashboardService] = _Lazy("services.dashboard", "DashboardService")
    quota_reference: _Lazy[QuotaReferenceService] = _Lazy("services.quota_reference", "QuotaReferenceService")

    def __init__(self, engine: Engine, actor: Actor = SYSTEM_ACTOR,
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        self.engine = engine
        self.clock = clock or (lambda: dt.datetime.now())
        self.uow_factory = UnitOfWorkFactory(engine, self.clock)
        self.ctx = ServiceContext(self.uow_factory, actor, self.clock)

    @property
    def actor(self) -> Actor:
        return self.ctx.actor

    def reading_together(self) -> AbstractContextManager[None]:
        """A context in which this thread's reads share one unit of work (one trip, one snapshot)."""
        return self.uow_factory.shared_read(self.ctx.actor)

    def for_actor(self, actor: Actor) -> "AppServices":
        """The same database seen by another user (after signing in)."""
        return AppServices(self.engine, actor, self.clock)

    def demo(self, families: int = 200, seed: int = 2026, progress: Progress | None = None,
             families_only: bool = False) -> DemoResult:
        from services import demo
        return demo.generate(self.ctx, families, seed, progress, families_only)
