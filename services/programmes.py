"""Shared plumbing of the employment, education and adaptation services (Core rows, audited)."""
from __future__ import annotations

from typing import Any

from domain.errors import NotFound, ValidationError
from domain.families import Family
from domain.messages import N_
from services.context import ServiceContext
from storage.unit_of_work import SqlAlchemyUnitOfWork


class RecordService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _stamps(self, created: bool = True) -> dict[str, Any]:
        now, login = self.ctx.now(), self.ctx.actor.login
        stamps = {"updated_at": now, "updated_by": login}
        return {"created_at": now, "created_by": login, **stamps} if created else stamps

    def _person_family(self, uow: SqlAlchemyUnitOfWork, person_id: int, family_id: int | None = None) -> int:
        person = uow.families.get_person(person_id)
        if person is None or (family_id is not None and person.family_id != family_id):
            raise ValidationError("person_id", N_("Choose a member of the family."))
        return person.family_id

    def _family(self, uow: SqlAlchemyUnitOfWork, family_id: int) -> Family:
        family = uow.families.get(family_id)
        if family is None:
            raise NotFound("family", family_id)
        return family

    def _insert(self, uow: SqlAlchemyUnitOfWork, table: str, values: dict[str, Any]) -> int:
        row_id = uow.programmes.insert(table, {**values, **self._stamps()})
        uow.audit("insert", table, row_id, None, values)
        return row_id

    def _update(self, uow: SqlAlchemyUnitOfWork, table: str, row_id: int, before: dict[str, Any],
                values: dict[str, Any]) -> None:
        uow.programmes.update(table, row_id, {**values, **self._stamps(created=False)})
        uow.audit("update", table, row_id, {k: before.get(k) for k in values}, values)

    def _get(self, uow: SqlAlchemyUnitOfWork, table: str, row_id: int, lock: bool = False) -> dict[str, Any]:
        row = uow.programmes.get(table, row_id, lock)
        if row is None:
            raise NotFound(table, row_id)
        return row
