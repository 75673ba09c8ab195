"""The audit log as a history: each entry with the case, the person and the user it concerns.

``entries`` resolves names in one read; ``services.history_text`` puts an entry into words in a
language. The audit screen and the family card's timeline both go through these two.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from domain.permissions import Action
from services.context import ServiceContext
from services.dto_admin import AuditFilter

if TYPE_CHECKING:
    from services.audit import AuditService
    from storage.unit_of_work import SqlAlchemyUnitOfWork


@dataclass(frozen=True)
class HistoryNames:
    """Lookups shared by the entries of one read (the formatter turns ids and codes into words)."""
    families: dict[int, str] = field(default_factory=dict)  # id → case number
    persons: dict[int, str] = field(default_factory=dict)  # id → full name
    users: dict[int | str, str] = field(default_factory=dict)  # id and login → display name
    regions: dict[str, dict[str, str]] = field(default_factory=dict)  # code → {"kk", "ru", "en"}
    countries: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    occurred_at: dt.datetime
    actor_login: str
    action: str
    entity: str
    entity_id: str | None
    before: Any
    after: Any
    family_id: int | None  # the case the record belongs to, if any
    person_id: int | None
    title: str | None  # a task's title: a worker's words, or a reminder's msgid filled from ``title_params``
    title_params: dict[str, Any] | None
    names: HistoryNames


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _params(value: Any) -> dict[str, Any] | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


class HistoryService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def entries(self, ids: Sequence[int]) -> list[HistoryEntry]:
        """Audit entries by id (supervisors and administrators), with their names resolved."""
        self.ctx.actor.require(Action.VIEW_AUDIT)
        with self.ctx.reading() as uow:
            return self._entries(uow, uow.audit_log.rows(list(ids)))

    def family_history(self, family_id: int, limit: int = 1000) -> list[HistoryEntry]:
        """Every recorded change of one family, its members and their records, newest first: the card's
        timeline, for whoever may open the card."""
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            ids = uow.audit_log.search_ids("id", True, limit, family_id=family_id)
            return self._entries(uow, uow.audit_log.rows(ids))

    def users(self) -> list[tuple[str, str]]:
        """(login, name) of everyone who appears in the log, by name: the audit screen's user filter."""
        self.ctx.actor.require(Action.VIEW_AUDIT)
        with self.ctx.reading() as uow:
            logins = uow.audit_log.distinct("actor_login")
            names = uow.audit_log.names([])["users"]
        return sorted(((login, names.get(login, login)) for login in logins), key=lambda pair: pair[1].lower())

    def search(self, flt: AuditFilter | None = None, limit: int | None = None) -> list[HistoryEntry]:
        return self.entries(self._audit().search(flt, limit=limit))

    def _audit(self) -> AuditService:
        from services.audit import AuditService
        return AuditService(self.ctx)

    @staticmethod
    def _entries(uow: SqlAlchemyUnitOfWork, rows: list[dict[str, Any]]) -> list[HistoryEntry]:
        found = uow.audit_log.names(rows)
        names = HistoryNames(found["families"], found["persons"], found["users"], found["regions"],
                             found["countries"])
        result: list[HistoryEntry] = []
        for row in rows:
            owner = found["owner"].get((row["entity"], row["entity_id"]), {})
            result.append(HistoryEntry(row["id"], row["occurred_at"], row["actor_login"], row["action"],
                                       row["entity"], row["entity_id"], row["before"], row["after"],
                                       _int(owner.get("family_id")), _int(owner.get("person_id")),
                                       owner.get("title"), _params(owner.get("params")), names))
        return result
