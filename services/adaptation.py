"""Adaptation and integration services delivered, and accommodation in the centre."""
from __future__ import annotations

import datetime as dt

from domain.adaptation import is_overstay, stay_limit, validate_check_in, validate_check_out, validate_service
from domain.messages import N_
from domain.permissions import Action
from services.changes import Changes
from services.programmes import RecordService
from services.quota_dto import QuotaWriteResult, ServiceRow, StayRow

from typing import Any, TYPE_CHECKING

if TYPE_CHECKING:
    from storage.unit_of_work import SqlAlchemyUnitOfWork

SERVICES_CHANGED = Changes(services=True)


class AdaptationService(RecordService):
    def _max_stay(self, uow: SqlAlchemyUnitOfWork) -> int:
        return int(uow.reference.setting("centre_max_stay_months", "6") or 6)

    def record_service(self, family_id: int, kind: str, delivered_on: dt.date, person_id: int | None = None,
                       note: str = "") -> QuotaWriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        validate_service(kind=kind, delivered_on=delivered_on, today=self.ctx.today(), note=note)
        with self.ctx.uow() as uow:
            self._family(uow, family_id)
            if person_id is not None:
                self._person_family(uow, person_id, family_id)
            row_id = self._insert(uow, "adaptation_service", {
                "family_id": family_id, "person_id": person_id, "kind": kind, "delivered_on": delivered_on,
                "note": note.strip()})
            uow.commit()
        return QuotaWriteResult(row_id, SERVICES_CHANGED)

    def services(self, family_id: int) -> list[ServiceRow]:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            return [ServiceRow(r["id"], r["family_id"], r["person_id"], (r["person_name"] or "").strip(), r["kind"],
                               r["delivered_on"], r["note"]) for r in uow.programmes.services(family_id)]

    def per_month(self, year: int) -> list[dict[str, Any]]:
        """Services delivered per month and kind in ``year`` (count and families served)."""
        self.ctx.actor.require(Action.VIEW_REPORTS)
        with self.ctx.reading() as uow:
            return uow.programmes.services_per_month(year)

    def check_in(self, family_id: int, check_in: dt.date, room: str = "") -> QuotaWriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            self._family(uow, family_id)
            validate_check_in(check_in, self.ctx.today(), uow.programmes.open_stays(family_id))
            row_id = self._insert(uow, "accommodation", {"family_id": family_id, "room": room.strip()[:64],
                                                        "check_in": check_in})
            uow.families.add_event(family_id, "check_in", N_("Checked in to the centre, room {room}."),
                                   {"room": room.strip()}, self.ctx.actor.login, self.ctx.now())
            uow.commit()
        return QuotaWriteResult(row_id, SERVICES_CHANGED)

    def check_out(self, stay_id: int, check_out: dt.date, reason: str = "") -> Changes:
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            row = self._get(uow, "accommodation", stay_id)
            validate_check_out(row["check_in"], check_out, self.ctx.today(), row["check_out"] is not None)
            self._update(uow, "accommodation", stay_id, row, {"check_out": check_out,
                                                               "leave_reason": reason.strip()[:200]})
            uow.families.add_event(row["family_id"], "check_out", N_("Checked out of the centre."), {},
                                   self.ctx.actor.login, self.ctx.now())
            uow.commit()
        return SERVICES_CHANGED

    def stays(self, family_id: int) -> list[StayRow]:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            months = self._max_stay(uow)
            return [self._stay(r, months) for r in uow.programmes.stays(family_id)]

    def residents(self) -> list[StayRow]:
        """Families living in the centre now, the longest stay first; overstays flagged."""
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            months = self._max_stay(uow)
            return [self._stay(r, months) for r in uow.programmes.residents()]

    def _stay(self, r: dict[str, Any], months: int) -> StayRow:
        return StayRow(r["id"], r["family_id"], r["room"], r["check_in"], r["check_out"], r["leave_reason"],
                       stay_limit(r["check_in"], months), is_overstay(r["check_in"], r["check_out"], months,
                                                                      self.ctx.today()),
                       r.get("case_number", ""), r.get("head_name") or "")

    def stays_per_month(self, year: int) -> dict[int, int]:
        self.ctx.actor.require(Action.VIEW_REPORTS)
        with self.ctx.reading() as uow:
            return uow.programmes.stays_per_month(year)
