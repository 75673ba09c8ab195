"""Who looked at personal data, and when: written by the services that show or hand out the data.

Opening a family card, exporting a list, printing a report and producing a person's own file each
add a row to ``record_view`` inside the same unit of work as the read, so a view is logged exactly
when the data left the database. Reading the log is for supervisors (``Action.VIEW_ACCESS_LOG``).
"""
from __future__ import annotations

from domain.permissions import Action
from services.context import ServiceContext
from services.privacy_dto import ViewRow


class ViewKind:
    CARD = "card"
    EXPORT = "export"
    PRINT = "print"
    SUBJECT_ACCESS = "subject_access"
    ALL = (CARD, EXPORT, PRINT, SUBJECT_ACCESS)


def log_view(uow, ctx: ServiceContext, kind: str, family_id: int | None = None, person_id: int | None = None,
             detail: str = "") -> None:
    """Add a view row inside an open unit of work; the caller commits."""
    uow.privacy.add_view({"occurred_at": ctx.now(), "actor_login": ctx.actor.login, "kind": kind,
                          "family_id": family_id, "person_id": person_id, "detail": detail[:500]})


def view_row(r: dict) -> ViewRow:
    return ViewRow(r["id"], r["occurred_at"], r["actor_login"], r["kind"], r["family_id"], r["person_id"],
                   r["detail"])


class ViewLogService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def for_family(self, family_id: int, limit: int = 1000) -> list[ViewRow]:
        self.ctx.actor.require(Action.VIEW_ACCESS_LOG)
        with self.ctx.reading() as uow:
            return [view_row(r) for r in uow.privacy.views(family_id=family_id, limit=limit)]

    def for_user(self, actor_login: str, limit: int = 1000) -> list[ViewRow]:
        self.ctx.actor.require(Action.VIEW_ACCESS_LOG)
        with self.ctx.reading() as uow:
            return [view_row(r) for r in uow.privacy.views(actor_login=actor_login, limit=limit)]

    def recent(self, limit: int = 1000) -> list[ViewRow]:
        self.ctx.actor.require(Action.VIEW_ACCESS_LOG)
        with self.ctx.reading() as uow:
            return [view_row(r) for r in uow.privacy.views(limit=limit)]

    def users(self) -> list[str]:
        self.ctx.actor.require(Action.VIEW_ACCESS_LOG)
        with self.ctx.reading() as uow:
            return uow.privacy.view_actors()
