"""An in-memory unit of work for the service tests that test rules only (accounts, settings).

It implements the protocols of ``services.unit_of_work`` (mypy checks it: tests/test_types.py)
with the same transaction rules as ``storage.unit_of_work.SqlAlchemyUnitOfWork``: each unit of
work works on its own copy of the data, ``commit`` publishes the copy and the pending audit
entries (stamped with the actor and the clock), and leaving without a commit drops both. A
read-only unit of work refuses to write (stricter than SQLite, whose deferred transaction would
upgrade to a write: a service that writes while "reading" is a bug either way). What it cannot prove — SQL, constraints, triggers,
the audit chain, PostgreSQL logins, concurrency — stays in the tests on real SQLite and
PostgreSQL files (tests/services/test_users.py, test_centre_settings.py and the storage tests).
"""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, overload

from domain.permissions import SYSTEM_ACTOR, Actor
from services.centre import CentreService
from services.context import ServiceContext
from services.unit_of_work import (AccountsUnitOfWork, AccountsUnitOfWorkFactory, AccountStore, AnchorLocation,
                                   AuditCounts, SettingStore)
from services.users import UserService

# what ``uow.users`` hands out: every column but the password hash (storage.user_repository)
PUBLIC_USER_FIELDS = ("id", "login", "display_name", "role", "active", "failed_logins", "locked_until",
                      "last_login_at", "created_at", "created_by", "updated_at", "updated_by", "version")


class ReadOnlyWriteError(RuntimeError):
    """A read-only unit of work was asked to write."""


@dataclass(frozen=True)
class AuditRecord:
    action: str
    entity: str
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    actor_login: str
    occurred_at: dt.datetime


@dataclass
class MemoryData:
    """The committed state: what a database file would hold."""

    settings: dict[str, str] = field(default_factory=dict)
    users: dict[int, dict[str, Any]] = field(default_factory=dict)  # with "password_hash"
    audit: list[AuditRecord] = field(default_factory=list)
    next_user_id: int = 1


class _Settings:
    def __init__(self, uow: "MemoryUnitOfWork") -> None:
        self._uow = uow

    @overload
    def setting(self, key: str, default: str) -> str: ...

    @overload
    def setting(self, key: str, default: None = None) -> str | None: ...

    def setting(self, key: str, default: str | None = None) -> str | None:
        return self._uow.data.settings.get(key, default)

    def set_setting(self, key: str, value: str, actor: str, now: dt.datetime) -> None:
        self._uow.writing()
        self._uow.data.settings[key] = value

    def user_name(self, login: str) -> str:
        for user in self._uow.data.users.values():
            if user["login"] == login:
                return str(user["display_name"] or login)
        return login


class _Accounts:
    def __init__(self, uow: "MemoryUnitOfWork") -> None:
        self._uow = uow

    def _rows(self) -> list[dict[str, Any]]:
        return sorted(self._uow.data.users.values(), key=lambda user: str(user["login"]))

    @staticmethod
    def _public(user: dict[str, Any]) -> dict[str, Any]:
        return {name: user[name] for name in PUBLIC_USER_FIELDS}

    def count(self, active_only: bool = False, role: str | None = None) -> int:
        return sum(1 for user in self._rows()
                   if (not active_only or user["active"]) and (role is None or user["role"] == role))

    def all(self) -> list[dict[str, Any]]:
        return [self._public(user) for user in self._rows()]

    def get(self, user_id: int) -> dict[str, Any] | None:
        user = self._uow.data.users.get(user_id)
        return None if user is None else self._public(user)

    def by_login(self, login: str) -> dict[str, Any] | None:
        found = [user for user in self._rows() if user["login"] == login]
        return self._public(found[0]) if found else None

    def password_hash(self, user_id: int) -> str | None:
        user = self._uow.data.users.get(user_id)
        return None if user is None else str(user["password_hash"])

    def add(self, login: str, display_name: str, role: str, password_hash: str, actor: str,
            now: dt.datetime) -> int:
        self._uow.writing()
        if self.by_login(login) is not None:  # the table's unique login
            raise ValueError(f"login {login!r} exists")
        user_id = self._uow.data.next_user_id
        self._uow.data.next_user_id += 1
        self._uow.data.users[user_id] = {
            "id": user_id, "login": login, "display_name": display_name, "role": role,
            "password_hash": password_hash, "active": True, "failed_logins": 0, "locked_until": None,
            "last_login_at": None, "created_at": now, "created_by": actor, "updated_at": now,
            "updated_by": actor, "version": 1}
        return user_id

    def update(self, user_id: int, expected_version: int | None, actor: str | None, now: dt.datetime,
               **values: Any) -> bool:
        self._uow.writing()
        user = self._uow.data.users.get(user_id)
        if user is None or (expected_version is not None and user["version"] != expected_version):
            return False
        unknown = set(values) - set(user)
        if unknown:
            raise KeyError(f"no such user columns: {sorted(unknown)}")
        user.update(values)
        if actor is not None:  # an administrative change (not a sign-in counter)
            user.update(updated_at=now, updated_by=actor, version=user["version"] + 1)
        return True


class _AuditCounts:
    def __init__(self, uow: "MemoryUnitOfWork") -> None:
        self._uow = uow

    def count(self, *, entity: str | None = None) -> int:
        return sum(1 for entry in self._uow.data.audit if entity is None or entry.entity == entity)

    def total(self) -> int:
        return len(self._uow.data.audit)


class MemoryUnitOfWork:
    """One transaction on a copy of ``MemoryData``; see the module's docstring."""

    def __init__(self, database: "MemoryDatabase", actor: Actor, clock: Callable[[], dt.datetime],
                 read_only: bool = False) -> None:
        self._database = database
        self.actor = actor
        self._clock = clock
        self.read_only = read_only
        self.data = MemoryData()
        self._pending: list[tuple[str, str, str | None, dict[str, Any] | None, dict[str, Any] | None]] = []
        self._reference = _Settings(self)
        self._users = _Accounts(self)
        self._audit_log = _AuditCounts(self)

    @property
    def reference(self) -> SettingStore:
        return self._reference

    @property
    def users(self) -> AccountStore:
        return self._users

    @property
    def audit_log(self) -> AuditCounts:
        return self._audit_log

    def __enter__(self) -> "MemoryUnitOfWork":
        self._database.units_opened += 1
        self.rollback()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.rollback()

    def writing(self) -> None:
        if self.read_only:
            raise ReadOnlyWriteError("a read-only unit of work cannot write")

    def audit(self, action: str, entity: str, entity_id: Any = None,
              before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> None:
        self.writing()
        self._pending.append((action, entity, None if entity_id is None else str(entity_id),
                              copy.deepcopy(before), copy.deepcopy(after)))

    def manage_login(self, action: str, login: str, role: str | None = None,
                     password: str | None = None) -> None:
        """Only a hosted PostgreSQL register has database logins; like a file register, nothing to do."""

    def commit(self) -> None:
        now = self._clock()
        for action, entity, entity_id, before, after in self._pending:
            self.data.audit.append(AuditRecord(action, entity, entity_id, before, after, self.actor.login, now))
        self._pending = []
        self._database.committed = copy.deepcopy(self.data)

    def rollback(self) -> None:
        self.data = copy.deepcopy(self._database.committed)
        self._pending = []


class MemoryDatabase:
    """The shared, committed state plus the factory services receive (``AccountsUnitOfWorkFactory``)."""

    def __init__(self, clock: Callable[[], dt.datetime]) -> None:
        self.committed = MemoryData()
        self.clock = clock
        self.units_opened = 0

    @property
    def anchor(self) -> AnchorLocation | None:
        return None  # no anchor file: an in-memory register is never "the" database

    def __call__(self, actor: Actor, read_only: bool = False) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self, actor, self.clock, read_only)

    @property
    def audit(self) -> list[AuditRecord]:
        return list(self.committed.audit)


class MemoryServices:
    """The accounts and settings services on one ``MemoryDatabase``, as ``AppServices`` wires them."""

    def __init__(self, database: MemoryDatabase, actor: Actor = SYSTEM_ACTOR) -> None:
        self.database = database
        # ServiceContext is typed for the SQL factory; the services it feeds here take only the protocols
        self.ctx = ServiceContext(database, actor, database.clock)  # type: ignore[arg-type]
        self.users = UserService(self.ctx)
        self.centre = CentreService(self.ctx)

    def for_actor(self, actor: Actor) -> "MemoryServices":
        return MemoryServices(self.database, actor)


def _fits(database: MemoryDatabase, uow: MemoryUnitOfWork) -> tuple[AccountsUnitOfWorkFactory, AccountsUnitOfWork]:
    """Checked by mypy, never run: the in-memory classes implement the services' protocols."""
    return database, uow
