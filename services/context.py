"""What every service needs: a unit-of-work factory, the acting user and a clock."""
from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Callable

from domain.errors import ConflictError
from domain.permissions import Actor
from storage.unit_of_work import SqlAlchemyUnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class ServiceContext:
    uow_factory: UnitOfWorkFactory
    actor: Actor
    clock: Callable[[], dt.datetime]

    def uow(self) -> AbstractContextManager[SqlAlchemyUnitOfWork]:
        """A unit of work that may write: its checks and writes are one serialised step."""
        return self.uow_factory(self.actor)

    def reading(self, per_statement: bool = False) -> AbstractContextManager[SqlAlchemyUnitOfWork]:
        """A unit of work that only reads: it never waits for another seat's write.
        ``per_statement``: no transaction on PostgreSQL, for the reads at every keystroke and
        scroll (``SqlAlchemyUnitOfWork``)."""
        return self.uow_factory(self.actor, read_only=True, per_statement=per_statement)

    def now(self) -> dt.datetime:
        return self.clock().replace(microsecond=0)

    def today(self) -> dt.date:
        return self.clock().date()

    def with_actor(self, actor: Actor) -> "ServiceContext":
        return ServiceContext(self.uow_factory, actor, self.clock)


def stamp(entity: Any, ctx: ServiceContext, created: bool = False) -> None:
    """Attribute a change to the acting user."""
    now = ctx.now()
    if created:
        entity.created_at, entity.created_by = now, ctx.actor.login
    entity.updated_at, entity.updated_by = now, ctx.actor.login


def check_version(entity: Any, expected: int | None, uow: SqlAlchemyUnitOfWork, what: str) -> None:
    """Optimistic locking: refuse to save over a record changed since the user opened it."""
    if expected is not None and entity.version != expected:
        raise ConflictError(what, changed_by=uow.reference.user_name(entity.updated_by),
                            changed_at=entity.updated_at)
