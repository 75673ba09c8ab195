"""Frozen values of the administration area: users, audit entries, backups."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class UserRow:
    id: int
    login: str
    display_name: str
    role: str
    active: bool
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None
    failed_logins: int
    version: int


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    entity: str | None = None
    entity_id: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None  # inclusive
    action: str | None = None
    case_number: str | None = None  # the family's entries: its own, its members' and their records'
    person: str | None = None  # an IIN or words of a name: that person's entries


@dataclass(frozen=True)
class AuditRow:
    id: int
    occurred_at: dt.datetime
    actor_login: str
    action: str
    entity: str
    entity_id: str | None
    before: Any
    after: Any


@dataclass(frozen=True)
class AuditVerification:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str | None = None  # edited, unlinked, missing_tail, missing_head, head_mismatch, anchor_*
    message: str = ""  # an N_() msgid, filled with ``params``
    params: dict[str, Any] = field(default_factory=dict)  # id, and for the anchor count/anchor_count/path
    head_count: int = 0  # the database's own head (entries, newest hash)
    head_hash: str = ""
    anchor_path: str = ""  # the anchor file checked ("" for an in-memory database)
    anchor_state: str = ""  # matches, behind (other seats appended since), absent, damaged, differs
    anchor_count: int | None = None
    anchor_hash: str = ""


@dataclass(frozen=True)
class BackupResult:
    path: str
    dialect: str
    schema_revision: str | None
    created_at: str
    sha256: str
    size: int


@dataclass(frozen=True)
class RestoreResult:
    path: str
    schema_revision: str | None
    created_at: str
    kept_as: str | None
