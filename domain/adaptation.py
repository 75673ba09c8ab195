"""Adaptation and integration services delivered, and accommodation in the centre.

The maximum stay is the setting ``centre_max_stay_months`` (unverified in law, default 6):
a stay beyond it is allowed (people are not put on the street) but flagged.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from domain.errors import FieldProblem, RuleViolation, ValidationError
from domain.kandas_status import add_months
from domain.messages import N_


class ServiceKind:
    LANGUAGE_COURSE = "language_course"
    LEGAL = "legal_consultation"
    PSYCHOLOGICAL = "psychological_consultation"
    INFORMATION = "information"
    SOCIAL = "social"
    MEDICAL = "medical"
    EDUCATIONAL = "educational"
    ALL = (LANGUAGE_COURSE, LEGAL, PSYCHOLOGICAL, INFORMATION, SOCIAL, MEDICAL, EDUCATIONAL)
    LABELS = {LANGUAGE_COURSE: N_("Language course"), LEGAL: N_("Legal consultation"),
              PSYCHOLOGICAL: N_("Psychological consultation"), INFORMATION: N_("Information service"),
              SOCIAL: N_("Social service"), MEDICAL: N_("Medical service"),
              EDUCATIONAL: N_("Educational service")}


def validate_service(*, kind: str, delivered_on: dt.date, today: dt.date, note: str = "") -> None:
    problems = []
    if kind not in ServiceKind.ALL:
        problems.append(FieldProblem("kind", N_("Choose the kind of service.")))
    if delivered_on > today:
        problems.append(FieldProblem("delivered_on", N_("The date cannot be in the future.")))
    if len(note) > 500:
        problems.append(FieldProblem("note", N_("The note is too long.")))
    if problems:
        raise ValidationError(problems)


def stay_limit(check_in: dt.date, max_months: int) -> dt.date:
    """The last day of the allowed stay: check-in on 31 Aug for 6 months runs to 28 Feb."""
    return add_months(check_in, max_months) - dt.timedelta(days=1)


def is_overstay(check_in: dt.date, check_out: dt.date | None, max_months: int, today: dt.date) -> bool:
    return (check_out or today) > stay_limit(check_in, max_months)


def validate_check_in(check_in: dt.date, today: dt.date, open_stays: int) -> None:
    if check_in > today:
        raise ValidationError("check_in", N_("The date cannot be in the future."))
    if open_stays:
        raise RuleViolation("already_in_centre", N_(
            "The family already lives in the centre; check it out before a new stay."))


def validate_check_out(check_in: dt.date, check_out: dt.date, today: dt.date, already_out: bool) -> None:
    if already_out:
        raise RuleViolation("already_checked_out", N_("The family has already checked out."))
    if check_out < check_in:
        raise ValidationError("check_out", N_("The check-out cannot be before the check-in."))
    if check_out > today:
        raise ValidationError("check_out", N_("The date cannot be in the future."))


def stays_overlap(stays: Iterable[tuple[dt.date, dt.date | None]], check_in: dt.date) -> bool:
    return any(start <= check_in and (end is None or check_in < end) for start, end in stays)
