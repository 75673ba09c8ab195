"""The quota area's services, attached to ``AppServices`` in one line (keeps merges small)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from services.adaptation import AdaptationService
from services.dashboard import DashboardService
from services.education import EducationService
from services.employment import EmploymentService
from services.payments import PaymentService
from services.quota_reference import QuotaReferenceService
from services.quotas import QuotaService

if TYPE_CHECKING:
    from services import AppServices


def attach_quota_services(app: AppServices) -> None:
    ctx = app.ctx
    app.quotas = QuotaService(ctx)
    app.payments = PaymentService(ctx)
    app.employment = EmploymentService(ctx)
    app.education = EducationService(ctx)
    app.adaptation = AdaptationService(ctx)
    app.dashboard = DashboardService(ctx)
    app.quota_reference = QuotaReferenceService(ctx)
