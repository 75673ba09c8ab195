"""Frozen values of the administration area: users, audit entries, backups."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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
    reason: str | None = None  # edited, unlinked, missing_tail, head_mismatch
    message: str = ""  # an N_() msgid, filled with broken_id


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
