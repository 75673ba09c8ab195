"""Frozen values the quota, payment, employment, education and adaptation services return."""
from __future__ import annotations

from typing import Any

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from services.changes import Changes


@dataclass(frozen=True)
class QuotaPlanRow:
    id: int
    year: int
    region_code: str
    persons_planned: int
    families_planned: int | None
    order_reference: str
    families_included: int
    persons_included: int
    version: int


@dataclass(frozen=True)
class InclusionInput:
    family_id: int
    year: int
    region_code: str
    decision_date: dt.date
    decision_number: str
    housing_coefficient: Decimal
    settlement: str = ""
    persons: int | None = None  # None: every current member of the family
    override: bool = False
    override_reason: str = ""
    arrived_on: dt.date | None = None  # the move to the region, when already known (import, demo)
    arrived_address: str = ""


@dataclass(frozen=True)
class InclusionRow:
    id: int
    family_id: int
    case_number: str
    head_name: str
    year: int
    region_code: str
    settlement: str
    decision_date: dt.date
    decision_number: str
    persons_count: int
    over_plan_override: bool
    override_reason: str
    cancelled_on: dt.date | None
    amount_owed: Decimal
    amount_paid: Decimal
    version: int
    arrived_on: dt.date | None = None
    arrived_address: str = ""
    cancel_reason: str = ""


@dataclass(frozen=True)
class ScheduleRow:
    id: int
    inclusion_id: int
    kind: str
    period_month: dt.date | None
    due_date: dt.date
    amount_due: Decimal
    paid: Decimal
    mrp_year: int
    mrp_coefficient: Decimal
    persons: int
    overdue: bool

    @property
    def outstanding(self) -> Decimal:
        return self.amount_due - self.paid


@dataclass(frozen=True)
class PaymentRow:
    id: int
    subsidy_item_id: int
    kind: str
    period_month: dt.date | None
    paid_on: dt.date
    amount: Decimal
    document_number: str
    created_by: str


@dataclass(frozen=True)
class FamilyQuotaDetails:
    family_id: int
    members: int
    inclusions: tuple[InclusionRow, ...]
    schedule: tuple[ScheduleRow, ...]
    payments: tuple[PaymentRow, ...]


@dataclass(frozen=True)
class OutstandingRow:
    item_id: int
    family_id: int
    case_number: str
    head_name: str
    region_code: str
    decision_number: str
    kind: str
    period_month: dt.date | None
    due_date: dt.date
    amount_due: Decimal
    paid: Decimal
    overdue: bool

    @property
    def outstanding(self) -> Decimal:
        return self.amount_due - self.paid


@dataclass(frozen=True)
class PaymentTotalRow:
    month: int
    region_code: str
    total: Decimal
    payments: int


@dataclass(frozen=True)
class QuotaWriteResult:
    id: int
    changes: Changes
    over_plan: bool = False


@dataclass(frozen=True)
class PlacementRow:
    id: int
    person_id: int
    person_name: str
    employer_name: str
    employer_bin: str
    position: str
    started_on: dt.date
    ended_on: dt.date | None
    employer_subsidy: bool
    version: int = 0
    subsidy_due: Decimal | None = None  # the claimed employer subsidy's ledger item, if there is one
    subsidy_paid: Decimal | None = None


@dataclass(frozen=True)
class MeasureRow:
    id: int
    person_id: int
    person_name: str
    kind: str
    provider: str
    started_on: dt.date
    ended_on: dt.date | None
    note: str


@dataclass(frozen=True)
class EducationLineRow:
    id: int
    year: int
    level: str
    institution: str
    specialty_group: str
    places: int  # kandas places in force (derived from the state order, or overridden)
    applications: int
    admitted: int
    state_order_places: int | None = None
    places_override: int | None = None
    override_reason: str = ""


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    person_id: int
    person_name: str
    year: int
    education_quota_id: int | None
    institution: str
    specialty_group: str
    level: str
    applied_on: dt.date
    result: str
    decided_on: dt.date | None
    version: int


@dataclass(frozen=True)
class ServiceRow:
    id: int
    family_id: int
    person_id: int | None
    person_name: str
    kind: str
    delivered_on: dt.date
    note: str


@dataclass(frozen=True)
class StayRow:
    id: int
    family_id: int
    room: str
    check_in: dt.date
    check_out: dt.date | None
    leave_reason: str
    stay_limit: dt.date
    overstay: bool
    case_number: str = ""
    head_name: str = ""


@dataclass(frozen=True)
class RegionPlanFact:
    region_code: str
    families_planned: int | None
    persons_planned: int | None
    families_included: int
    persons_included: int
    families_moved: int = 0
    persons_moved: int = 0


@dataclass(frozen=True)
class PlanFactFigure:
    planned: int | None
    achieved: int


@dataclass(frozen=True)
class DashboardSummary:
    year: int
    quota: tuple[RegionPlanFact, ...]
    employment_placements: PlanFactFigure
    employment_measures: PlanFactFigure
    placements_by_region: dict[str, Any] = field(default_factory=dict)
    education: PlanFactFigure = PlanFactFigure(None, 0)
    education_by_level: tuple[Any, ...] = ()
    education_results: dict[str, Any] = field(default_factory=dict)
    services_per_month: tuple[Any, ...] = ()
    payments_total: Decimal = Decimal("0")
    outstanding_overdue: Decimal = Decimal("0")
