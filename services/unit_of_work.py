"""What a service needs from a unit of work, as typed protocols.

``storage.unit_of_work.SqlAlchemyUnitOfWork`` is the application's implementation. The
protocols name the narrow part an area uses, so a second implementation can stand in where
only the rules are under test: ``tests/memory_uow.py`` keeps accounts, settings and audit
entries in memory (one transaction per unit of work, rollback unless committed). mypy checks
both against these protocols: ``accounts_unit`` hands the application's factory out as the
protocol, and tests/test_types.py checks the in-memory one.

Only the accounts and settings areas are written against a protocol so far; the rest of the
services take ``SqlAlchemyUnitOfWork`` and are tested on real SQLite and PostgreSQL.
"""
from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol, overload

from domain.permissions import Actor

if TYPE_CHECKING:
    from services.context import ServiceContext


class SettingStore(Protocol):
    """Key/value settings and users' display names (``uow.reference``)."""

    @overload
    def setting(self, key: str, default: str) -> str: ...

    @overload
    def setting(self, key: str, default: None = None) -> str | None: ...

    def set_setting(self, key: str, value: str, actor: str, now: dt.datetime) -> None: ...

    def user_name(self, login: str) -> str: ...


class AccountStore(Protocol):
    """Application accounts (``uow.users``): plain dicts without the password hash."""

    def count(self, active_only: bool = False, role: str | None = None) -> int: ...

    def all(self) -> list[dict[str, Any]]: ...

    def get(self, user_id: int) -> dict[str, Any] | None: ...

    def by_login(self, login: str) -> dict[str, Any] | None: ...

    def password_hash(self, user_id: int) -> str | None: ...

    def add(self, login: str, display_name: str, role: str, password_hash: str, actor: str,
            now: dt.datetime) -> int: ...

    def update(self, user_id: int, expected_version: int | None, actor: str | None, now: dt.datetime,
               **values: Any) -> bool:
        """False when ``expected_version`` is given and the row has another one (nothing changes)."""
        ...


class AuditCounts(Protocol):
    """How many audit entries exist (``uow.audit_log``), all or of one entity."""

    def count(self, *, entity: str | None = None) -> int: ...

    def total(self) -> int: ...


class SettingsUnitOfWork(Protocol):
    """A unit of work of the settings area: settings, audit, commit (no commit: rollback)."""

    @property
    def reference(self) -> SettingStore: ...

    def audit(self, action: str, entity: str, entity_id: Any = None,
              before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class AccountsUnitOfWork(SettingsUnitOfWork, Protocol):
    """A unit of work of the accounts area (``services.users``)."""

    actor: Actor

    @property
    def users(self) -> AccountStore: ...

    @property
    def audit_log(self) -> AuditCounts: ...

    def manage_login(self, action: str, login: str, role: str | None = None,
                     password: str | None = None) -> None: ...


class AnchorLocation(Protocol):
    """Where the audit anchor file is kept (None: this database has none)."""

    @property
    def path(self) -> Any: ...


class AccountsUnitOfWorkFactory(Protocol):
    """Makes the units of work of the accounts and settings areas (what ``ServiceContext`` holds)."""

    @property
    def anchor(self) -> AnchorLocation | None: ...

    def __call__(self, actor: Actor, read_only: bool = False) -> AbstractContextManager[AccountsUnitOfWork]: ...


def accounts_unit(ctx: ServiceContext, read_only: bool = False) -> AbstractContextManager[AccountsUnitOfWork]:
    """A unit of work of ``ctx``'s factory, typed as the protocol: the accounts and settings
    services use only what the protocol offers (mypy holds them to it), whichever factory it is."""
    factory: AccountsUnitOfWorkFactory = ctx.uow_factory
    return factory(ctx.actor, read_only)
