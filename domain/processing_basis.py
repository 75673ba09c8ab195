"""A person's basis of processing personal data (Law No. 94-V "On personal data and their protection").

Processing needs a basis: the person's consent (Art. 7: given on a date, in a form, ideally with
the signed form scanned) or a duty the law puts on the centre. Consent can be withdrawn; the
record then stays as evidence that there *was* a basis until that day. A person has a basis on a
day when one of their records is in force then; a family needs one for every member.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from domain.errors import FieldProblem, ValidationError
from domain.messages import N_


class BasisKind:
    CONSENT = "consent"
    LEGAL_OBLIGATION = "legal_obligation"
    ALL = (CONSENT, LEGAL_OBLIGATION)
    LABELS = {CONSENT: N_("Consent"), LEGAL_OBLIGATION: N_("Legal obligation")}


class ConsentForm:
    """How the consent was given (the law allows written, electronic or another verifiable form)."""

    WRITTEN = "written"
    ELECTRONIC = "electronic"
    ALL = (WRITTEN, ELECTRONIC)
    LABELS = {WRITTEN: N_("Written, signed"), ELECTRONIC: N_("Electronic (e-signature, eGov)")}


@dataclass(frozen=True)
class BasisPeriod:
    """What the rules need of one basis record."""

    valid_from: dt.date
    withdrawn_on: dt.date | None = None

    def in_force(self, day: dt.date) -> bool:
        """From ``valid_from`` up to the day before the withdrawal (withdrawn today = no basis today)."""
        return self.valid_from <= day and (self.withdrawn_on is None or day < self.withdrawn_on)


def has_basis(periods: Iterable[BasisPeriod], day: dt.date) -> bool:
    return any(p.in_force(day) for p in periods)


def persons_without_basis(bases_by_person: dict[int, list[BasisPeriod]], day: dt.date) -> list[int]:
    """The members (ids, in the order given) with no basis in force on ``day``."""
    return [person_id for person_id, periods in bases_by_person.items() if not has_basis(periods, day)]


def check_consent(consent_date: dt.date | None, form: str | None, today: dt.date) -> None:
    problems = []
    if consent_date is None:
        problems.append(FieldProblem("consent_date", N_("Enter the date the consent was given.")))
    elif consent_date > today:
        problems.append(FieldProblem("consent_date", N_("The consent date {date} is in the future."),
                                     {"date": consent_date.isoformat()}))
    if form not in ConsentForm.ALL:
        problems.append(FieldProblem("consent_form", N_("Choose how the consent was given.")))
    if problems:
        raise ValidationError(problems)


def check_legal_basis(ground_code: str | None, active_codes: Iterable[str], valid_from: dt.date | None,
                      today: dt.date) -> None:
    problems = []
    if not ground_code or ground_code not in set(active_codes):
        problems.append(FieldProblem("legal_ground", N_("Choose the law that obliges the centre to process "
                                                        "the data from the list.")))
    if valid_from is None:
        problems.append(FieldProblem("valid_from", N_("Enter the date from which the basis applies.")))
    elif valid_from > today:
        problems.append(FieldProblem("valid_from", N_("The date {date} is in the future."),
                                     {"date": valid_from.isoformat()}))
    if problems:
        raise ValidationError(problems)


def check_withdrawal(period: BasisPeriod, withdrawn_on: dt.date | None, today: dt.date) -> None:
    if period.withdrawn_on is not None:
        raise ValidationError("withdrawn_on", N_("This basis was already withdrawn on {date}."),
                              date=period.withdrawn_on.isoformat())
    if withdrawn_on is None:
        raise ValidationError("withdrawn_on", N_("Enter the date of the withdrawal."))
    if withdrawn_on > today:
        raise ValidationError("withdrawn_on", N_("The date {date} is in the future."), date=withdrawn_on.isoformat())
    if withdrawn_on < period.valid_from:
        raise ValidationError("withdrawn_on", N_("The withdrawal ({date}) cannot be before the basis began ({start})."),
                              date=withdrawn_on.isoformat(), start=period.valid_from.isoformat())


def check_ground_code(code: str) -> str:
    code = (code or "").strip().lower()
    if not code or len(code) > 32 or not all(ch.isalnum() or ch == "_" for ch in code) or not code.isascii():
        raise ValidationError("code", N_("A code is 1 to 32 Latin letters, digits or underscores."))
    return code
