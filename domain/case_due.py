"""What is due on one case, as the family card's header shows it.

The same rules as the registry's due columns (storage.family_repository): a member's status
lasts until the latest end of their granted, not ended statuses (an extension outlasts the
first grant); the family's "status valid until" is the earliest of its members'. The next due
date is the earliest open task (reminders included); it is overdue when it is before today.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from domain.kandas_status import Decision
from domain.workload import is_overdue


@dataclass(frozen=True)
class StatusSpan:
    """One kandas status of a member, as far as its validity goes."""
    person_id: int
    decision: str
    valid_until: dt.date | None
    ended_on: dt.date | None


@dataclass(frozen=True)
class CaseDue:
    status_valid_until: dt.date | None
    next_due_date: dt.date | None
    overdue: bool


def status_valid_until(statuses: Iterable[StatusSpan]) -> dt.date | None:
    latest: dict[int, dt.date] = {}
    for status in statuses:
        if status.decision != Decision.GRANTED or status.ended_on is not None or status.valid_until is None:
            continue
        known = latest.get(status.person_id)
        latest[status.person_id] = status.valid_until if known is None else max(known, status.valid_until)
    return min(latest.values(), default=None)


def case_due(statuses: Iterable[StatusSpan], open_task_due_dates: Iterable[dt.date | None],
             today: dt.date) -> CaseDue:
    next_due = min((day for day in open_task_due_dates if day is not None), default=None)
    return CaseDue(status_valid_until(statuses), next_due, is_overdue(next_due, today))
