"""Tasks and deadlines: when a task is overdue or due soon, and which reminders the data calls for.

Reminders are planned from plain facts (a status's end date, a document's expiry, a
subsidy item's unpaid remainder, a family's last contact) so that the rule is written
once here and tested without a database. Each planned reminder carries an ``auto_key``
that names the fact it comes from; the service creates a task only for keys it has not
seen, which makes generation idempotent, and closes open reminders whose fact no longer
calls for them (the status was extended, the payment made, the family contacted).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from typing import Any, Callable, Iterable

from domain.errors import FieldProblem, ValidationError
from domain.messages import N_, NC_
from domain.permissions import Role


class TaskKind:
    MANUAL = "manual"
    STATUS_EXPIRY = "status_expiry"
    DOCUMENT_EXPIRY = "document_expiry"
    PAYMENT_DUE = "payment_due"
    NO_CONTACT = "no_contact"
    AUTOMATIC = (STATUS_EXPIRY, DOCUMENT_EXPIRY, PAYMENT_DUE, NO_CONTACT)
    ALL = (MANUAL, *AUTOMATIC)
    LABELS = {MANUAL: N_("Task"), STATUS_EXPIRY: N_("Kandas certificate expires"),
              DOCUMENT_EXPIRY: N_("Identity document expires"), PAYMENT_DUE: N_("Subsidy payment due"),
              NO_CONTACT: N_("No contact with the family")}


class TaskState:
    DONE = "done"
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    OPEN = "open"
    CONTEXT = "task state"  # "Open" and "Overdue" are also a button and a report column
    LABELS = {DONE: NC_("task state", "Done"), OVERDUE: NC_("task state", "Overdue"),
              DUE_TODAY: NC_("task state", "Due today"), DUE_SOON: NC_("task state", "Due soon"),
              OPEN: NC_("task state", "Open")}


class TaskListFilter:
    """What the task lists can show."""
    OPEN = "open"
    DONE = "done"
    OVERDUE = "overdue"
    ALL = (OPEN, DONE, OVERDUE)
    LABELS = {OPEN: N_("Open tasks"), DONE: N_("Completed tasks"), OVERDUE: N_("Overdue tasks")}


# How far ahead each reminder looks, in days. These are the centre's working habits, not
# legal numbers; an administrator may change them in the settings table under these keys.
@dataclass(frozen=True)
class ReminderPolicy:
    status_days: int = 30
    document_days: int = 30
    payment_days: int = 7
    contact_days: int = 90
    due_soon_days: int = 7

    SETTING_KEYS = {"status_days": "reminder_status_expiry_days", "document_days": "reminder_document_expiry_days",
                    "payment_days": "reminder_payment_due_days", "contact_days": "reminder_no_contact_days",
                    "due_soon_days": "task_due_soon_days"}

    @classmethod
    def from_settings(cls, read: Callable[[str], str | None]) -> "ReminderPolicy":
        values: dict[str, int] = {}
        for attribute, key in cls.SETTING_KEYS.items():
            raw = read(key)
            if raw is not None and str(raw).strip().isdigit():
                values[attribute] = int(raw)
        return cls(**values)


def task_state(due_date: dt.date | None, done: bool, today: dt.date, soon_days: int = 7) -> str:
    if done:
        return TaskState.DONE
    if due_date is None:
        return TaskState.OPEN
    if due_date < today:
        return TaskState.OVERDUE
    if due_date == today:
        return TaskState.DUE_TODAY
    if (due_date - today).days <= soon_days:
        return TaskState.DUE_SOON
    return TaskState.OPEN


def may_see_all_tasks(role: str) -> bool:
    """Supervisors and administrators see every worker's tasks; others see their own."""
    return role in (Role.SUPERVISOR, Role.ADMINISTRATOR)


def validate_task(title: str, due_date: dt.date | None, today: dt.date) -> str:
    problems = []
    clean = " ".join(title.split())
    if not clean:
        problems.append(FieldProblem("title", N_("Describe the task.")))
    elif len(clean) > 500:
        problems.append(FieldProblem("title", N_("The description is too long (at most {limit} characters)."),
                                     {"limit": 500}))
    if due_date is not None and due_date < today - dt.timedelta(days=366):
        problems.append(FieldProblem("due_date", N_("The due date is more than a year in the past.")))
    if problems:
        raise ValidationError(problems)
    return clean


# --- facts the reminder rules read --------------------------------------------------------
@dataclass(frozen=True)
class StatusFact:
    status_id: int
    family_id: int
    person_name: str
    valid_until: dt.date
    ended: bool
    superseded: bool  # a later status of the same person exists (an extension)


@dataclass(frozen=True)
class DocumentFact:
    document_id: int
    family_id: int
    person_name: str
    kind: str
    number: str
    expiry_date: dt.date


@dataclass(frozen=True)
class SubsidyFact:
    item_id: int
    family_id: int
    kind: str
    due_date: dt.date
    amount_due: Decimal
    paid: Decimal


@dataclass(frozen=True)
class ContactFact:
    family_id: int
    case_number: str
    last_contact: dt.date | None
    registered_on: dt.date
    closed: bool


@dataclass(frozen=True)
class PlannedReminder:
    auto_key: str
    kind: str
    family_id: int
    title: str  # msgid
    params: dict[str, Any] = field(default_factory=dict)
    due_date: dt.date | None = None


def status_reminder(fact: StatusFact, today: dt.date, policy: ReminderPolicy) -> PlannedReminder | None:
    """The current, unended status ends within the horizon (or ended by time within it)."""
    if fact.ended or fact.superseded:
        return None
    window = dt.timedelta(days=policy.status_days)
    # A certificate that expired long ago is a registry matter, not a fresh reminder.
    if not (today - window <= fact.valid_until <= today + window):
        return None
    return PlannedReminder(f"status_expiry:{fact.status_id}", TaskKind.STATUS_EXPIRY, fact.family_id,
                           N_("Kandas certificate of {name} is valid until {date}: arrange the extension."),
                           {"name": fact.person_name, "date": fact.valid_until.isoformat()}, fact.valid_until)


def document_reminder(fact: DocumentFact, today: dt.date, policy: ReminderPolicy) -> PlannedReminder | None:
    window = dt.timedelta(days=policy.document_days)
    if not (today - window <= fact.expiry_date <= today + window):
        return None
    # The expiry date is part of the key: a corrected date is a new fact and a new reminder.
    return PlannedReminder(f"document_expiry:{fact.document_id}:{fact.expiry_date.isoformat()}",
                           TaskKind.DOCUMENT_EXPIRY, fact.family_id,
                           N_("Document {number} of {name} expires on {date}."),
                           {"name": fact.person_name, "number": fact.number, "kind": fact.kind,
                            "date": fact.expiry_date.isoformat()}, fact.expiry_date)


def payment_reminder(fact: SubsidyFact, today: dt.date, policy: ReminderPolicy) -> PlannedReminder | None:
    remainder = fact.amount_due - fact.paid
    if remainder <= 0 or fact.due_date > today + dt.timedelta(days=policy.payment_days):
        return None
    return PlannedReminder(f"payment_due:{fact.item_id}", TaskKind.PAYMENT_DUE, fact.family_id,
                           N_("Subsidy payment of {amount} is due on {date}."),
                           {"amount": str(remainder), "kind": fact.kind, "date": fact.due_date.isoformat()},
                           fact.due_date)


def contact_reminder(fact: ContactFact, today: dt.date, policy: ReminderPolicy) -> PlannedReminder | None:
    if fact.closed:
        return None
    since = fact.last_contact or fact.registered_on
    due = since + dt.timedelta(days=policy.contact_days)
    if due > today:
        return None
    # The last contact date is part of the key: recording contact makes this reminder obsolete.
    return PlannedReminder(f"no_contact:{fact.family_id}:{since.isoformat()}", TaskKind.NO_CONTACT,
                           fact.family_id, N_("No contact with family {case_number} since {date}."),
                           {"case_number": fact.case_number, "date": since.isoformat()}, due)


def plan_reminders(today: dt.date, policy: ReminderPolicy, statuses: Iterable[StatusFact] = (),
                   documents: Iterable[DocumentFact] = (), subsidies: Iterable[SubsidyFact] = (),
                   contacts: Iterable[ContactFact] = ()) -> dict[str, PlannedReminder]:
    """Every reminder the facts call for today, keyed by ``auto_key``."""
    planned: dict[str, PlannedReminder] = {}
    found = chain((status_reminder(f, today, policy) for f in statuses),
                  (document_reminder(f, today, policy) for f in documents),
                  (payment_reminder(f, today, policy) for f in subsidies),
                  (contact_reminder(f, today, policy) for f in contacts))
    for reminder in found:
        if reminder is not None:
            planned[reminder.auto_key] = reminder
    return planned


def standing_key(fact: StatusFact | DocumentFact | SubsidyFact | ContactFact) -> str | None:
    """The reminder key this fact still justifies, whatever the date; None when the fact is
    settled. An open reminder whose key no fact stands behind any more closes itself."""
    if isinstance(fact, StatusFact):
        return None if fact.ended or fact.superseded else f"status_expiry:{fact.status_id}"
    if isinstance(fact, DocumentFact):
        return f"document_expiry:{fact.document_id}:{fact.expiry_date.isoformat()}"
    if isinstance(fact, SubsidyFact):
        return f"payment_due:{fact.item_id}" if fact.amount_due - fact.paid > 0 else None
    if fact.closed:
        return None
    return f"no_contact:{fact.family_id}:{(fact.last_contact or fact.registered_on).isoformat()}"


def parse_auto_key(auto_key: str) -> tuple[str, int] | None:
    """(kind, id of the record behind it) from a key such as ``status_expiry:17``."""
    parts = auto_key.split(":")
    if len(parts) < 2 or parts[0] not in TaskKind.AUTOMATIC or not parts[1].isdigit():
        return None
    return parts[0], int(parts[1])
