"""Kandas status: application, decision, one year of validity, extension, end by citizenship.

The length of validity is reference data (``status_validity_months``), not a literal.
"""
from __future__ import annotations

import calendar
import datetime as dt

from domain.errors import FieldProblem, RuleViolation, ValidationError
from domain.messages import N_


class Channel:
    CON = "con"          # State Corporation (ЦОН)
    EGOV = "egov"
    MIGRATION_PORTAL = "migration_portal"  # migration.enbek.kz
    FOREIGN_MISSION = "foreign_mission"
    MIO = "mio"          # local executive body directly
    ALL = (CON, EGOV, MIGRATION_PORTAL, FOREIGN_MISSION, MIO)
    LABELS = {CON: N_("Public service centre (CON)"), EGOV: N_("egov.kz"),
              MIGRATION_PORTAL: N_("migration.enbek.kz"), FOREIGN_MISSION: N_("Foreign mission"),
              MIO: N_("Local executive body")}


class Decision:
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"
    ALL = (PENDING, GRANTED, REFUSED)
    LABELS = {PENDING: N_("Pending"), GRANTED: N_("Granted"), REFUSED: N_("Refused")}


class StatusKind:
    INITIAL = "initial"
    EXTENSION = "extension"
    ALL = (INITIAL, EXTENSION)


class EndReason:
    """Why a status period stopped (shared/domain.md §1, §9).

    ``EXTENDED`` is written only by granting an extension: the extended period is closed
    on the day the new one starts, so it never counts as "expired without an end". A clerk
    chooses among ``CHOSEN``."""

    CITIZENSHIP = "citizenship"
    EXPIRED = "expired"
    REVOKED = "revoked"
    LEFT_COUNTRY = "left_country"
    DEATH = "death"
    REFUSED = "refused"  # the person gave up the status
    EXTENDED = "extended"
    ALL = (CITIZENSHIP, EXPIRED, REVOKED, LEFT_COUNTRY, DEATH, REFUSED, EXTENDED)
    CHOSEN = (CITIZENSHIP, EXPIRED, REVOKED, LEFT_COUNTRY, DEATH, REFUSED)
    LABELS = {CITIZENSHIP: N_("Citizenship obtained"), EXPIRED: N_("Expired"),
              REVOKED: N_("Revoked"), LEFT_COUNTRY: N_("Left the country"), DEATH: N_("Death"),
              REFUSED: N_("Gave up the status"), EXTENDED: N_("Extended")}


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later; the 29-31st falls back to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class KandasStatus:
    # Columns storage adds when the status is saved (storage/mapping.py).
    id: int
    person_id: int
    version: int

    def __init__(self, kind: str = StatusKind.INITIAL, *, channel: str | None = None,
                 applied_on: dt.date | None = None, decision: str = Decision.PENDING,
                 decided_on: dt.date | None = None, certificate_number: str = "",
                 granted_on: dt.date | None = None, valid_until: dt.date | None = None) -> None:
        self.kind = kind
        self.channel = channel
        self.applied_on = applied_on
        self.decision = decision
        self.decided_on = decided_on
        self.certificate_number = certificate_number
        self.granted_on = granted_on
        self.valid_until = valid_until
        self.ended_on: dt.date | None = None
        self.end_reason: str | None = None

    def grant(self, granted_on: dt.date, validity_months: int, certificate_number: str = "") -> None:
        self.decision = Decision.GRANTED
        self.decided_on = self.decided_on or granted_on
        self.granted_on = granted_on
        # Valid one period: granted 2025-03-01 for 12 months runs to 2026-02-28 inclusive.
        self.valid_until = add_months(granted_on, validity_months) - dt.timedelta(days=1)
        self.certificate_number = certificate_number

    def grant_extension(self, granted_on: dt.date, validity_months: int, previous_valid_until: dt.date,
                        certificate_number: str = "") -> None:
        """An extension runs on from the day after the previous period, not from the decision,
        so a timely extension leaves no gap and gains no days."""
        self.decision = Decision.GRANTED
        self.decided_on = self.decided_on or granted_on
        self.granted_on = granted_on
        start = extension_start(previous_valid_until, granted_on)
        self.valid_until = add_months(start, validity_months) - dt.timedelta(days=1)
        self.certificate_number = certificate_number

    def end(self, ended_on: dt.date, reason: str) -> None:
        if reason not in EndReason.ALL:
            raise ValidationError("end_reason", N_("Choose why the status ended."))
        if self.granted_on and ended_on < self.granted_on:
            raise ValidationError("ended_on", N_("The status cannot end before it was granted."))
        self.ended_on = ended_on
        self.end_reason = reason

    def is_valid_on(self, day: dt.date) -> bool:
        if self.decision != Decision.GRANTED or self.granted_on is None or self.valid_until is None:
            return False
        if self.ended_on is not None and day >= self.ended_on:
            return False
        return self.granted_on <= day <= self.valid_until

    def days_left(self, day: dt.date) -> int | None:
        return (self.valid_until - day).days if self.is_valid_on(day) and self.valid_until else None


def extension_start(previous_valid_until: dt.date, granted_on: dt.date) -> dt.date:
    """The first day of an extension period: the day after the previous period, or the
    decision day when the decision came later (a late extension gains no days back)."""
    return max(previous_valid_until + dt.timedelta(days=1), granted_on)


def close_extended(previous: KandasStatus, extension: KandasStatus) -> None:
    """Granting an extension closes the period it extends on the day the new one starts
    (shared/domain.md §9: an extension is not an expiry)."""
    if extension.decision != Decision.GRANTED or extension.granted_on is None or previous.valid_until is None:
        raise RuleViolation("extension_needs_status", N_("Only a granted status can be extended."))
    if previous.ended_on is not None:
        raise RuleViolation("status_ended", N_("This status has ended; it cannot be extended."))
    previous.ended_on = extension_start(previous.valid_until, extension.granted_on)
    previous.end_reason = EndReason.EXTENDED


def extended_period(statuses: list[KandasStatus], extension: KandasStatus) -> KandasStatus | None:
    """The granted, unended period an extension continues: the latest one granted before it."""
    earlier = [s for s in statuses if s is not extension and s.decision == Decision.GRANTED
               and s.granted_on is not None and s.valid_until is not None and s.ended_on is None
               and (extension.granted_on is None or s.granted_on <= extension.granted_on)]
    return max(earlier, key=lambda s: (s.granted_on, getattr(s, "id", None) or 0)) if earlier else None


def validate_status_dates(applied_on: dt.date | None, decided_on: dt.date | None,
                          granted_on: dt.date | None, today: dt.date) -> None:
    problems = []
    for name, value in (("applied_on", applied_on), ("decided_on", decided_on), ("granted_on", granted_on)):
        if value is not None and value > today:
            problems.append(FieldProblem(name, N_("The date cannot be in the future.")))
    if applied_on and decided_on and decided_on < applied_on:
        problems.append(FieldProblem("decided_on", N_("The decision cannot come before the application.")))
    if applied_on and granted_on and granted_on < applied_on:
        problems.append(FieldProblem("granted_on", N_("The status cannot be granted before the application.")))
    if problems:
        raise ValidationError(problems)


def check_extension(current: KandasStatus, applied_on: dt.date | None, today: dt.date) -> dt.date:
    """An extension continues a granted, unended status and is applied for before it ends;
    returns the last day of the status it continues."""
    if current.decision != Decision.GRANTED or current.valid_until is None:
        raise RuleViolation("extension_needs_status", N_("Only a granted status can be extended."))
    if current.ended_on is not None:
        raise RuleViolation("status_ended", N_("This status has ended; it cannot be extended."))
    if applied_on is None:
        raise ValidationError("applied_on", N_("Enter the date of the extension application."))
    if applied_on > today:
        raise ValidationError("applied_on", N_("The date cannot be in the future."))
    if applied_on > current.valid_until:
        raise ValidationError("applied_on", N_(
            "An extension must be applied for before the status ends ({date}); after that a new "
            "application is needed."), date=current.valid_until)
    return current.valid_until


def check_end(status: KandasStatus, ended_on: dt.date | None, reason: str | None,
              today: dt.date) -> tuple[dt.date, str]:
    """A clerk ends a granted period with a reason, on a day inside it (or the day after its
    last day); "extended" is never chosen by hand, only granting an extension writes it.
    Returns (ended_on, reason), both checked."""
    if status.ended_on is not None:
        raise RuleViolation("status_ended", N_("This status has already ended."))
    if status.decision != Decision.GRANTED or status.granted_on is None or status.valid_until is None:
        raise RuleViolation("end_needs_status", N_("Only a granted status can end."))
    problems = []
    if ended_on is None:
        problems.append(FieldProblem("ended_on", N_("Enter the date the status ended.")))
    elif ended_on > today:
        problems.append(FieldProblem("ended_on", N_("The date cannot be in the future.")))
    elif ended_on < status.granted_on:
        problems.append(FieldProblem("ended_on", N_("The status cannot end before it was granted.")))
    elif ended_on > status.valid_until + dt.timedelta(days=1):
        problems.append(FieldProblem("ended_on", N_(
            "The status was valid until {date}; it cannot end after that."), {"date": status.valid_until}))
    if reason is None or reason not in EndReason.CHOSEN:
        problems.append(FieldProblem("end_reason", N_("Choose why the status ended.")))
    if problems or ended_on is None or reason is None:
        raise ValidationError(problems)
    return ended_on, reason


def days_left(decision: str, valid_until: dt.date | None, ended_on: dt.date | None, today: dt.date) -> int | None:
    """Days of validity left today, or None for a status that is not (or no longer) in force."""
    if decision != Decision.GRANTED or valid_until is None or ended_on is not None or valid_until < today:
        return None
    return (valid_until - today).days


def check_decision(status: KandasStatus, decision: str, decided_on: dt.date | None, today: dt.date) -> dt.date:
    """A decision is recorded once, on a pending application, and not before it was filed;
    returns the date of the decision."""
    if status.decision != Decision.PENDING:
        raise RuleViolation("already_decided", N_("A decision is already recorded for this application."))
    problems = []
    if decision not in (Decision.GRANTED, Decision.REFUSED):
        problems.append(FieldProblem("decision", N_("Choose the decision.")))
    if decided_on is None:
        problems.append(FieldProblem("decided_on", N_("Enter the date of the decision.")))
    elif decided_on > today:
        problems.append(FieldProblem("decided_on", N_("The date cannot be in the future.")))
    elif status.applied_on and decided_on < status.applied_on:
        problems.append(FieldProblem("decided_on", N_("The decision cannot come before the application.")))
    if problems or decided_on is None:
        raise ValidationError(problems)
    return decided_on
