"""Education quota for kandas: places by institution and specialty group, applications, results."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from domain.errors import FieldProblem, RuleViolation, ValidationError
from domain.kandas_status import EndReason, KandasStatus
from domain.messages import N_


class EducationLevel:
    COLLEGE = "college"
    UNIVERSITY = "university"
    ALL = (COLLEGE, UNIVERSITY)
    LABELS = {COLLEGE: N_("College"), UNIVERSITY: N_("University")}


class ApplicationResult:
    PENDING = "pending"
    ADMITTED = "admitted"
    NOT_ADMITTED = "not_admitted"
    WITHDREW = "withdrew"
    ALL = (PENDING, ADMITTED, NOT_ADMITTED, WITHDREW)
    LABELS = {PENDING: N_("Awaiting the result"), ADMITTED: N_("Admitted"),
              NOT_ADMITTED: N_("Not admitted"), WITHDREW: N_("Withdrew")}


def validate_quota_line(*, year: int, level: str, institution: str, specialty_group: str, places: int) -> None:
    problems = []
    if not 2000 <= year <= 2100:
        problems.append(FieldProblem("year", N_("Enter a year between 2000 and 2100.")))
    if level not in EducationLevel.ALL:
        problems.append(FieldProblem("level", N_("Choose college or university.")))
    if not institution.strip():
        problems.append(FieldProblem("institution", N_("Enter the institution.")))
    if not specialty_group.strip():
        problems.append(FieldProblem("specialty_group", N_("Enter the specialty group.")))
    if places < 1:
        problems.append(FieldProblem("places", N_("The number of places must be at least one.")))
    if problems:
        raise ValidationError(problems)


def validate_application(*, year: int, applied_on: dt.date, result: str, decided_on: dt.date | None,
                         today: dt.date, quota_year: int | None) -> None:
    problems = []
    if result not in ApplicationResult.ALL:
        problems.append(FieldProblem("result", N_("Choose the result.")))
    if applied_on > today:
        problems.append(FieldProblem("applied_on", N_("The date cannot be in the future.")))
    if quota_year is not None and quota_year != year:
        problems.append(FieldProblem("education_quota_id", N_("The quota places belong to another year.")))
    if result != ApplicationResult.PENDING and decided_on is None:
        problems.append(FieldProblem("decided_on", N_("Enter the date of the result.")))
    if decided_on is not None and decided_on < applied_on:
        problems.append(FieldProblem("decided_on", N_("The result cannot come before the application.")))
    if decided_on is not None and decided_on > today:
        problems.append(FieldProblem("decided_on", N_("The date cannot be in the future.")))
    if problems:
        raise ValidationError(problems)


def check_places_left(places: int, admitted: int) -> None:
    """One more admission under a quota line must fit its places."""
    if admitted + 1 > places:
        raise RuleViolation("education_quota_full", N_(
            "All {places} quota places of this line are already taken."), places=places)


def kandas_places(state_order_places: int, percent: Decimal) -> int:
    """The kandas share of a line's state-order places: ``education_quota_percent`` (4 %, decree
    No. 264 of 2012 as amended by No. 923 of 2017, shared/domain.md §4). The decree gives no
    rounding; half a place and more counts as a place (half up), which is our product rule."""
    return int((Decimal(state_order_places) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def line_places(state_order_places: int, percent: Decimal, override: int | None, override_reason: str) -> int:
    """The places a quota line offers: the derived share, or a stated override with its reason."""
    problems = []
    if state_order_places < 1:
        problems.append(FieldProblem("state_order_places", N_(
            "Enter the state-order places of the line (at least one).")))
    if override is not None and override < 1:
        problems.append(FieldProblem("kandas_places_override", N_("The number of places must be at least one.")))
    if override is not None and not override_reason.strip():
        problems.append(FieldProblem("override_reason", N_(
            "Changing the kandas places from their share of {percent} % needs a reason."), {"percent": percent}))
    if len(override_reason.strip()) > 500:
        problems.append(FieldProblem("override_reason", N_("The reason is too long.")))
    if problems:
        raise ValidationError(problems)
    return override if override is not None else kandas_places(state_order_places, percent)


def check_applicant(statuses: Iterable[KandasStatus], applied_on: dt.date) -> None:
    """The education quota is for ethnic Kazakhs who are not citizens (shared/domain.md §4, §9):
    the applicant needs a kandas status valid on the application date and no citizenship."""
    statuses = list(statuses)
    citizenship = [s.ended_on for s in statuses
                   if s.end_reason == EndReason.CITIZENSHIP and s.ended_on is not None and s.ended_on <= applied_on]
    if citizenship:
        raise RuleViolation("education_citizen", N_(
            "The applicant obtained citizenship on {date}; the kandas education quota is for non-citizens."),
            date=min(citizenship))
    if not any(s.is_valid_on(applied_on) for s in statuses):
        raise RuleViolation("education_needs_status", N_(
            "The applicant has no valid kandas status on the application date {date}."), date=applied_on)
