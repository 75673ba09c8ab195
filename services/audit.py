"""The audit log: who did what and when, filtered and sorted in SQL; chain verification."""
from __future__ import annotations

import datetime as dt
from typing import Sequence

from domain.messages import N_
from domain.permissions import Action
from services.context import ServiceContext
from services.dto_admin import AuditFilter, AuditRow, AuditVerification
from services.progress import Progress
from storage.audit import verify_chain

BREAK_MESSAGES = {
    "edited": N_("Audit entry {id} was changed after it was written."),
    "unlinked": N_("The audit entry before entry {id} was deleted or changed."),
    "missing_tail": N_("The newest audit entries were deleted (from entry {id} on)."),
    "head_mismatch": N_("Audit entry {id} is not the newest entry that was written."),
}


def _filters(flt: AuditFilter | None) -> dict:
    flt = flt or AuditFilter()
    return {"actor": flt.actor or None, "entity": flt.entity or None,
            "entity_id": (str(flt.entity_id).strip() or None) if flt.entity_id is not None else None,
            "since": dt.datetime.combine(flt.since, dt.time()) if flt.since else None,
            "until": dt.datetime.combine(flt.until + dt.timedelta(days=1), dt.time()) if flt.until else None,
            "action": flt.action or None}


class AuditService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def search(self, flt: AuditFilter | None = None, sort: str = "id", descending: bool = True,
               limit: int | None = None) -> list[int]:
        self.ctx.actor.require(Action.VIEW_AUDIT)
        with self.ctx.reading() as uow:
            return uow.audit_log.search_ids(sort, descending, limit, **_filters(flt))

    def count(self, flt: AuditFilter | None = None) -> int:
        self.ctx.actor.require(Action.VIEW_AUDIT)
        with self.ctx.reading() as uow:
            return uow.audit_log.count(**_filters(flt))

    def rows(self, ids: Sequence[int]) -> list[AuditRow]:
        self.ctx.actor.require(Action.VIEW_AUDIT)
        with self.ctx.reading() as uow:
            return [AuditRow(r["id"], r["occurred_at"], r["actor_login"], r["action"], r["entity"],
                             r["entity_id"], r["before"], r["after"]) for r in uow.audit_log.rows(list(ids))]

    def list(self, flt: AuditFilter | None = None, limit: int | None = None) -> list[AuditRow]:
        return self.rows(self.search(flt, limit=limit))

    def actors(self) -> list[str]:
        self.ctx.actor.require(Action.VIEW_AUDIT)
        with self.ctx.reading() as uow:
            return uow.audit_log.distinct("actor_login")

    def entities(self) -> list[str]:
        self.ctx.actor.require(Action.VIEW_AUDIT)
        with self.ctx.reading() as uow:
            return uow.audit_log.distinct("entity")

    def record(self, action: str, entity: str, entity_id=None, details: dict | None = None) -> None:
        """An entry for something that changes no row: an export, a printed report, a viewed file.

        Any signed-in user records their own actions; other services call this (or ``uow.audit``
        inside their own transaction) when they write a file.
        """
        with self.ctx.uow() as uow:
            uow.audit(action, entity, entity_id, None, details or {})
            uow.commit()

    def verify(self, progress: Progress | None = None) -> AuditVerification:
        """Recompute every hash and link; the first broken entry, or ok."""
        self.ctx.actor.require(Action.VIEW_AUDIT)
        with self.ctx.reading() as uow:
            total = uow.audit_log.total()
            head_hash, head_count = uow.audit_log.head()

            def entries():
                for done, row in enumerate(uow.audit_log.chain(), start=1):
                    if progress is not None and done % 2000 == 0:
                        progress.step(done, total, N_("Checking the audit log…"))
                    yield row

            checked, broken = verify_chain(entries(), head_hash, head_count)
        if broken is None:
            return AuditVerification(True, checked)
        return AuditVerification(False, checked, broken.entry_id, broken.reason, BREAK_MESSAGES[broken.reason])
