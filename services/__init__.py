"""The application API that gui/, reports/ and the command line use.

``AppServices`` is built once by ``main.py`` (or a test) and handed down; every
service takes plain values and returns frozen DTOs plus ``Changes``.
"""
from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Callable

from domain.permissions import SYSTEM_ACTOR, Actor
from services.audit import AuditService
from services.history import HistoryService
from services.letters import LetterService
from services.backup import BackupService
from services.cases import CaseService
from services.context import ServiceContext
from services.attachments import AttachmentService
from services.family_records import FamilyRecordsService
from services.imports import ImportService
from services.info import InfoService
from services.centre import CentreService
from services.reference import ReferenceService
from services.registration import RegistrationService
from services.quota_area import attach_quota_services
from services.tasks import TaskService
from services.workers import WorkerService
from services.workload import WorkloadService
from services.duplicates import DuplicateService
from services.users import UserService
from services.hosting.hosting_service import HostingService
from services.reporting import ReportingService
from services.closed_months import ClosedMonthService
from services.privacy import PrivacyService
from services.view_log import ViewLogService
from services.subject_access import SubjectAccessService
from services.retention import RetentionService
from services.register_encryption import RegisterEncryptionService
from storage.engine import Engine
from storage.unit_of_work import UnitOfWorkFactory

if TYPE_CHECKING:
    from services.adaptation import AdaptationService
    from services.dashboard import DashboardService
    from services.demo import DemoResult
    from services.education import EducationService
    from services.employment import EmploymentService
    from services.payments import PaymentService
    from services.progress import Progress
    from services.quota_reference import QuotaReferenceService
    from services.quotas import QuotaService


class AppServices:
    # attached by services.quota_area.attach_quota_services
    quotas: QuotaService
    payments: PaymentService
    employment: EmploymentService
    education: EducationService
    adaptation: AdaptationService
    dashboard: DashboardService
    quota_reference: QuotaReferenceService

    def __init__(self, engine: Engine, actor: Actor = SYSTEM_ACTOR,
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        self.engine = engine
        self.clock = clock or (lambda: dt.datetime.now())
        self.uow_factory = UnitOfWorkFactory(engine, self.clock)
        self.ctx = ServiceContext(self.uow_factory, actor, self.clock)
        self.cases = CaseService(self.ctx)
        self.registration = RegistrationService(self.ctx)
        self.reference = ReferenceService(self.ctx)
        self.centre = CentreService(self.ctx)
        self.info = InfoService(self.ctx)
        attach_quota_services(self)
        self.tasks = TaskService(self.ctx)
        self.records = FamilyRecordsService(self.ctx)
        self.attachments = AttachmentService(self.ctx)
        self.workers = WorkerService(self.ctx)
        self.workload = WorkloadService(self.ctx)
        self.duplicates = DuplicateService(self.ctx)
        self.users = UserService(self.ctx)
        self.audit = AuditService(self.ctx)
        self.history = HistoryService(self.ctx)
        self.letters = LetterService(self.ctx)
        self.backup = BackupService(self.ctx)
        self.imports = ImportService(self.ctx)
        self.reporting = ReportingService(self.ctx)
        self.closed_months = ClosedMonthService(self.ctx)
        self.privacy = PrivacyService(self.ctx)
        self.view_log = ViewLogService(self.ctx)
        self.subject_access = SubjectAccessService(self.ctx)
        self.retention = RetentionService(self.ctx)
        self.register_encryption = RegisterEncryptionService(self.ctx)  # SQLCipher at rest
        self.hosting = HostingService(self.ctx)

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
