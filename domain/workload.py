"""A worker's day: who is responsible for what, and what counts as due.

"My work" and the registry's due columns read these windows, so a worker and the registry
agree on what "due this week" or "expires soon" means. Dates come in (``today``); nothing
here reads a clock or a database.

*Contact* is the family's ``last_contact_date``: the day the family was registered or
imported, moved forward whenever a worker records a contact on the card ("Record contact").
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.messages import N_
from domain.permissions import Role

STATUS_EXPIRY_DAYS = 60   # "my families whose status expires within 60 days"
NO_CONTACT_DAYS = 90      # "families without contact for 90 days"
PAYMENT_AHEAD_DAYS = 7    # unpaid subsidy items due within a week (and all overdue ones)
REGISTRY_EXPIRY_DAYS = 30  # the registry filter "status expires in 30 days"


class WorkSection:
    """The parts of "My work", in the order a worker reads them."""
    OVERDUE_TASKS = "overdue_tasks"
    WEEK_TASKS = "week_tasks"
    STATUS_EXPIRING = "status_expiring"
    PAYMENTS_DUE = "payments_due"
    NO_CONTACT = "no_contact"
    ALL = (OVERDUE_TASKS, WEEK_TASKS, STATUS_EXPIRING, PAYMENTS_DUE, NO_CONTACT)
    LABELS = {OVERDUE_TASKS: N_("Overdue tasks"), WEEK_TASKS: N_("Tasks due this week"),
              STATUS_EXPIRING: N_("Kandas status expires within 60 days"),
              PAYMENTS_DUE: N_("Payments due"), NO_CONTACT: N_("No contact for 90 days")}


class DueFilter:
    """The registry's "what is due" filter."""
    OVERDUE = "overdue"            # an open task (reminders included) past its due date
    DUE_WEEK = "due_week"          # an open task due by the end of this week
    ALL = (OVERDUE, DUE_WEEK)
    LABELS = {OVERDUE: N_("Overdue"), DUE_WEEK: N_("Due this week")}


@dataclass(frozen=True)
class WorkWindows:
    """The dates that bound each section of "My work" for ``today``."""
    today: dt.date
    week_end: dt.date
    status_until: dt.date
    payments_until: dt.date
    silent_since: dt.date


def week_end(today: dt.date) -> dt.date:
    """The Sunday of ``today``'s week ("due this week" includes the weekend after Friday)."""
    return today + dt.timedelta(days=6 - today.weekday())


def work_windows(today: dt.date) -> WorkWindows:
    return WorkWindows(today=today, week_end=week_end(today),
                       status_until=today + dt.timedelta(days=STATUS_EXPIRY_DAYS),
                       payments_until=today + dt.timedelta(days=PAYMENT_AHEAD_DAYS),
                       silent_since=today - dt.timedelta(days=NO_CONTACT_DAYS))


def task_section(due_date: dt.date | None, today: dt.date) -> str | None:
    """Which task section an open task falls in, or None (undated or due after this week)."""
    if due_date is None:
        return None
    if due_date < today:
        return WorkSection.OVERDUE_TASKS
    if due_date <= week_end(today):
        return WorkSection.WEEK_TASKS
    return None


def is_overdue(next_due: dt.date | None, today: dt.date) -> bool:
    return next_due is not None and next_due < today


def may_reassign(role: str) -> bool:
    """Supervisors (and administrators) hand families to another worker; a case worker does not."""
    return role in (Role.SUPERVISOR, Role.ADMINISTRATOR)


def default_responsible(chosen: int | None, actor_user_id: int | None) -> int | None:
    """A new family's worker: the one chosen on the form, else whoever registers or imports it."""
    return chosen if chosen is not None else actor_user_id


def default_assignee(chosen: int | None, family_worker: int | None, actor_user_id: int | None) -> int | None:
    """A task's assignee: the one chosen, else the family's worker, else whoever adds it."""
    for candidate in (chosen, family_worker, actor_user_id):
        if candidate is not None:
            return candidate
    return None
