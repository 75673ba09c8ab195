"""Reading the staff list (responsible workers for filters and forms)."""
from __future__ import annotations

from dataclasses import dataclass

from domain.permissions import Action
from services.context import ServiceContext


@dataclass(frozen=True)
class WorkerRow:
    id: int
    login: str
    display_name: str
    role: str
    active: bool

    @property
    def label(self) -> str:
        return self.display_name or self.login


class WorkerService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list(self, include_inactive: bool = False) -> list[WorkerRow]:
        """Active staff accounts by name (inactive ones too when asked, e.g. for old cases)."""
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            return [WorkerRow(r["id"], r["login"], r["display_name"], r["role"], bool(r["active"]))
                    for r in uow.workers.list(include_inactive)]
