"""Frozen values of the family card's records: tasks, attachments, users, status changes."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from services.changes import Changes


@dataclass(frozen=True)
class TaskInput:
    title: str
    family_id: int | None = None
    assignee_id: int | None = None
    due_date: dt.date | None = None


@dataclass(frozen=True)
class TaskRow:
    id: int
    family_id: int | None
    case_number: str
    head_name: str
    assignee_id: int | None
    assignee_name: str
    kind: str
    title: str  # a msgid for automatic reminders (fill with params), the worker's text otherwise
    params: dict[str, Any]
    due_date: dt.date | None
    done_at: dt.datetime | None
    done_by: str | None
    auto_key: str | None
    state: str  # domain.tasks.TaskState
    version: int
    updated_at: dt.datetime
    updated_by: str

    @property
    def automatic(self) -> bool:
        return self.auto_key is not None


@dataclass(frozen=True)
class ReminderSummary:
    created: int
    closed: int
    changes: Changes = field(default_factory=Changes)


@dataclass(frozen=True)
class UserRow:
    id: int
    login: str
    display_name: str
    role: str


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    family_id: int
    person_id: int | None
    file_name: str
    description: str
    sha256: str
    size: int
    created_at: dt.datetime
    created_by: str
    version: int


@dataclass(frozen=True)
class ExtensionInput:
    applied_on: dt.date | None
    channel: str | None = None
    decision: str = "pending"
    decided_on: dt.date | None = None
    certificate_number: str = ""


@dataclass(frozen=True)
class StatusEndInput:
    ended_on: dt.date | None
    reason: str | None
    close_case: bool = False  # citizenship: also close the case and stop the support due later


@dataclass(frozen=True)
class DecisionInput:
    decision: str
    decided_on: dt.date | None
    certificate_number: str = ""
