"""Education quota for kandas: places by institution and specialty group, applications, results."""
from __future__ import annotations

import datetime as dt

from domain.errors import FieldProblem, RuleViolation, ValidationError
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
