"""Employment: job placements, active employment measures, the year's plan vs fact."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from domain.errors import FieldProblem, ValidationError
from domain.iin import check_digit
from domain.messages import N_


class MeasureKind:
    TRAINING = "training"
    SUBSIDISED_JOB = "subsidised_job"
    MICROCREDIT = "microcredit"
    PUBLIC_WORKS = "public_works"
    YOUTH_PRACTICE = "youth_practice"
    BUSINESS_GRANT = "business_grant"
    CAREER_CENTRE = "career_centre_registration"
    ALL = (TRAINING, SUBSIDISED_JOB, MICROCREDIT, PUBLIC_WORKS, YOUTH_PRACTICE, BUSINESS_GRANT, CAREER_CENTRE)
    LABELS = {TRAINING: N_("Short-term vocational training"), SUBSIDISED_JOB: N_("Subsidised job"),
              MICROCREDIT: N_("Microcredit"), PUBLIC_WORKS: N_("Public works"),
              YOUTH_PRACTICE: N_("Youth practice"), BUSINESS_GRANT: N_("Grant for a new business"),
              CAREER_CENTRE: N_("Registration at a career centre")}


def validate_bin(text: str | None, field: str = "employer_bin") -> str:
    """A business identification number: 12 digits with the same check digit as an IIN.

    Empty is allowed (a sole trader abroad, a BIN not known yet)."""
    value = "".join(ch for ch in (text or "") if ch not in " \u00a0-.")
    if not value:
        return ""
    if len(value) != 12 or not value.isdigit():
        raise ValidationError(field, N_("A BIN has 12 digits."))
    if check_digit(value[:11]) != int(value[11]):
        raise ValidationError(field, N_("The BIN «{value}» has a wrong check digit."), value=value)
    return value


def _period_problems(started_on: dt.date, ended_on: dt.date | None, today: dt.date) -> list[FieldProblem]:
    problems = []
    if started_on > today + dt.timedelta(days=366):
        problems.append(FieldProblem("started_on", N_("The start date is too far in the future.")))
    if ended_on is not None and ended_on < started_on:
        problems.append(FieldProblem("ended_on", N_("The end date cannot be before the start date.")))
    return problems


def validate_placement(*, employer_name: str, employer_bin: str | None, position: str, started_on: dt.date,
                       ended_on: dt.date | None, today: dt.date) -> str:
    """Check a job placement; returns the clean BIN."""
    problems = []
    if not employer_name.strip():
        problems.append(FieldProblem("employer_name", N_("Enter the employer.")))
    elif len(employer_name.strip()) > 300:
        problems.append(FieldProblem("employer_name", N_("The employer name is too long.")))
    if len(position.strip()) > 200:
        problems.append(FieldProblem("position", N_("The position is too long.")))
    clean_bin = ""
    try:
        clean_bin = validate_bin(employer_bin)
    except ValidationError as error:
        problems.extend(error.problems)
    problems.extend(_period_problems(started_on, ended_on, today))
    if problems:
        raise ValidationError(problems)
    return clean_bin


def validate_measure(*, kind: str, started_on: dt.date, ended_on: dt.date | None, today: dt.date) -> None:
    problems = []
    if kind not in MeasureKind.ALL:
        problems.append(FieldProblem("kind", N_("Choose the kind of measure.")))
    problems.extend(_period_problems(started_on, ended_on, today))
    if problems:
        raise ValidationError(problems)


@dataclass(frozen=True)
class PlanFact:
    """A planned number and what was achieved; the share is None without a plan."""

    planned: int | None
    achieved: int

    @property
    def percent(self) -> Decimal | None:
        if not self.planned:
            return None
        return (Decimal(self.achieved) * 100 / Decimal(self.planned)).quantize(Decimal("0.1"))


def validate_employment_plan(year: int, placements_planned: int, measures_planned: int) -> None:
    problems = []
    if not 2000 <= year <= 2100:
        problems.append(FieldProblem("year", N_("Enter a year between 2000 and 2100.")))
    if placements_planned < 0:
        problems.append(FieldProblem("placements_planned", N_("The number cannot be negative.")))
    if measures_planned < 0:
        problems.append(FieldProblem("measures_planned", N_("The number cannot be negative.")))
    if problems:
        raise ValidationError(problems)
