"""Regional quota: who may be included in which receiving region and year.

Every refusal is a ``RuleViolation`` whose ``rule`` names the rule and whose message
says it in words, so a clerk reads *why* and a test can check *which*. The figures
(receiving regions, plan sizes) come in as arguments: they are reference data.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from domain.errors import FieldProblem, RuleViolation, ValidationError
from domain.kandas_status import KandasStatus
from domain.messages import N_


class QuotaRule:
    """Names of the inclusion rules (``RuleViolation.rule``)."""

    STATUS_NOT_VALID = "status_not_valid"
    REGION_NOT_RECEIVING = "region_not_receiving"
    ALREADY_INCLUDED = "already_included"
    NO_PLAN = "no_plan"
    OVER_PLAN = "over_plan"
    OVERRIDE_REASON = "override_reason_required"


@dataclass(frozen=True)
class QuotaPlanFigures:
    year: int
    region_code: str
    persons_planned: int
    families_planned: int | None = None


@dataclass(frozen=True)
class QuotaUsage:
    """What the region's plan has already used this year (cancelled inclusions do not count)."""

    families: int = 0
    persons: int = 0


@dataclass(frozen=True)
class InclusionRequest:
    year: int
    region_code: str
    decision_date: dt.date
    decision_number: str
    persons: int
    settlement: str = ""
    override: bool = False
    override_reason: str = ""


@dataclass(frozen=True)
class InclusionVerdict:
    """The outcome of the checks: allowed, and whether it uses a recorded override."""

    over_plan: bool
    override_reason: str


def validate_request(request: InclusionRequest, today: dt.date) -> None:
    problems: list[FieldProblem] = []
    if not request.decision_number.strip():
        problems.append(FieldProblem("decision_number", N_("Enter the number of the inclusion decision.")))
    if request.decision_date > today:
        problems.append(FieldProblem("decision_date", N_("The decision date cannot be in the future.")))
    if request.persons < 1:
        problems.append(FieldProblem("persons", N_("At least one person must be included.")))
    if abs(request.year - request.decision_date.year) > 1:
        problems.append(FieldProblem("year", N_(
            "The quota year {year} does not match the decision date."), {"year": request.year}))
    if len(request.settlement) > 200:
        problems.append(FieldProblem("settlement", N_("The settlement name is too long.")))
    if problems:
        raise ValidationError(problems)


def head_status_valid(statuses: Iterable[KandasStatus], day: dt.date) -> bool:
    return any(status.is_valid_on(day) for status in statuses)


def check_inclusion(request: InclusionRequest, *, status_valid: bool, receiving_regions: set[str],
                    included_years: Iterable[int], plan: QuotaPlanFigures | None,
                    usage: QuotaUsage) -> InclusionVerdict:
    """Apply the inclusion rules in the order a clerk would check them.

    ``included_years``: the years of the family's live (not cancelled) inclusions."""
    if not status_valid:
        raise RuleViolation(QuotaRule.STATUS_NOT_VALID, N_(
            "The head of family has no valid kandas status on the decision date {date}."),
            date=request.decision_date)
    if request.region_code not in receiving_regions:
        raise RuleViolation(QuotaRule.REGION_NOT_RECEIVING, N_(
            "The region does not receive kandas under the quota in {year}."), year=request.year)
    live = sorted(set(included_years))
    if live:  # one live inclusion per family (shared/domain.md §9)
        raise RuleViolation(QuotaRule.ALREADY_INCLUDED, N_(
            "The family is already included in the quota for {year}; cancel that inclusion with a reason "
            "before a new one."), year=live[-1])
    if plan is None:
        raise RuleViolation(QuotaRule.NO_PLAN, N_(
            "There is no quota plan for this region in {year}; an administrator must enter it."),
            year=request.year)
    over = exceeds_plan(plan, usage, request.persons)
    if not over:
        return InclusionVerdict(False, "")
    if not request.override:
        raise RuleViolation(QuotaRule.OVER_PLAN, N_(
            "The quota plan for the region in {year} would be exceeded: {used} of {planned} places taken, "
            "{persons} more requested. Only a supervisor's override with a reason allows this."),
            year=request.year, used=usage.persons, planned=plan.persons_planned, persons=request.persons)
    reason = request.override_reason.strip()
    if not reason:
        raise RuleViolation(QuotaRule.OVERRIDE_REASON, N_("An override of the quota plan needs a written reason."))
    return InclusionVerdict(True, reason)


def exceeds_plan(plan: QuotaPlanFigures, usage: QuotaUsage, persons: int) -> bool:
    """True when one more family of ``persons`` goes over the persons (or families) planned."""
    if usage.persons + persons > plan.persons_planned:
        return True
    return plan.families_planned is not None and usage.families + 1 > plan.families_planned


def validate_plan(year: int, persons_planned: int, families_planned: int | None) -> None:
    problems: list[FieldProblem] = []
    if not 2000 <= year <= 2100:
        problems.append(FieldProblem("year", N_("Enter a year between 2000 and 2100.")))
    if persons_planned < 0:
        problems.append(FieldProblem("persons_planned", N_("The number cannot be negative.")))
    if families_planned is not None and families_planned < 0:
        problems.append(FieldProblem("families_planned", N_("The number cannot be negative.")))
    if families_planned is not None and persons_planned < families_planned:
        problems.append(FieldProblem("persons_planned", N_(
            "A plan cannot have fewer persons than families.")))
    if problems:
        raise ValidationError(problems)


def validate_cancellation(decision_date: dt.date, cancelled_on: dt.date, today: dt.date,
                          already_cancelled: bool, reason: str) -> None:
    """A cancelled inclusion frees its plan places; support not yet due is no longer owed."""
    if already_cancelled:
        raise RuleViolation("already_cancelled", N_("This inclusion is already cancelled."))
    problems: list[FieldProblem] = []
    if cancelled_on < decision_date:
        problems.append(FieldProblem("cancelled_on", N_("The cancellation cannot come before the decision.")))
    if cancelled_on > today:
        problems.append(FieldProblem("cancelled_on", N_("The date cannot be in the future.")))
    if not reason.strip():
        problems.append(FieldProblem("reason", N_("Enter the reason for the cancellation.")))
    elif len(reason.strip()) > 500:
        problems.append(FieldProblem("reason", N_("The reason is too long.")))
    if problems:
        raise ValidationError(problems)


def validate_move(*, decision_date: dt.date, arrived_on: dt.date | None, address: str, today: dt.date,
                  cancelled: bool, already_moved: bool) -> None:
    """The move to the region is a dated fact of a live inclusion (shared/domain.md §9), recorded once:
    rent items are generated from its month, so changing it afterwards would rewrite the ledger."""
    if cancelled:
        raise RuleViolation("inclusion_cancelled", N_("This inclusion is cancelled."))
    if already_moved:
        raise RuleViolation("already_moved", N_("The move to the region is already recorded for this inclusion."))
    problems: list[FieldProblem] = []
    if arrived_on is None:
        problems.append(FieldProblem("arrived_on", N_("Enter the date of the move to the region.")))
    elif arrived_on > today:
        problems.append(FieldProblem("arrived_on", N_("The date cannot be in the future.")))
    elif arrived_on < decision_date:
        problems.append(FieldProblem("arrived_on", N_(
            "The move cannot come before the inclusion decision ({date})."), {"date": decision_date}))
    if not address.strip():
        problems.append(FieldProblem("arrived_address", N_("Enter the address in the region.")))
    elif len(address.strip()) > 500:
        problems.append(FieldProblem("arrived_address", N_("The address is too long.")))
    if problems:
        raise ValidationError(problems)


def moved_as_of(arrived_on: dt.date | None, day: dt.date) -> bool:
    """A family counts as moved to the region on ``day`` once its move date is on or before it."""
    return arrived_on is not None and arrived_on <= day
