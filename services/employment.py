"""Employment: job placements, active measures and the year's plan vs fact."""
from __future__ import annotations

import datetime as dt

from domain.employment import validate_employment_plan, validate_measure, validate_placement
from domain.messages import N_
from domain.permissions import Action
from services.changes import NOTHING, Changes
from services.employer_subsidy import sync_claim_in, withdraw_claim_in
from services.payments import PAYMENT_CHANGED
from services.programmes import RecordService
from services.quotas import check_row_version
from services.quota_dto import MeasureRow, PlacementRow, PlanFactFigure, QuotaWriteResult

EMPLOYMENT_CHANGED = Changes(employment=True)


class EmploymentService(RecordService):
    def add_placement(self, person_id: int, employer_name: str, employer_bin: str, position: str,
                      started_on: dt.date, ended_on: dt.date | None = None,
                      employer_subsidy: bool = False) -> QuotaWriteResult:
        """Record a job; a claimed employer subsidy becomes an item of the family's quota ledger."""
        self.ctx.actor.require(Action.EDIT_CASES)
        clean_bin = validate_placement(employer_name=employer_name, employer_bin=employer_bin, position=position,
                                       started_on=started_on, ended_on=ended_on, today=self.ctx.today())
        with self.ctx.uow() as uow:
            family_id = self._person_family(uow, person_id)
            values = {"person_id": person_id, "employer_name": employer_name.strip(), "employer_bin": clean_bin,
                      "position": position.strip(), "started_on": started_on, "ended_on": ended_on,
                      "employer_subsidy": employer_subsidy}
            row_id = self._insert(uow, "job_placement", values)
            uow.families.add_event(family_id, "job_placement", N_("Placed in a job at {employer}."),
                                   {"employer": employer_name.strip()}, self.ctx.actor.login, self.ctx.now())
            ledger = sync_claim_in(self.ctx, uow, {"id": row_id, **values}, family_id)
            uow.commit()
        return QuotaWriteResult(row_id, EMPLOYMENT_CHANGED | (PAYMENT_CHANGED if ledger else NOTHING))

    def update_placement(self, placement_id: int, employer_name: str, employer_bin: str, position: str,
                         started_on: dt.date, ended_on: dt.date | None, employer_subsidy: bool,
                         expected_version: int | None = None) -> Changes:
        """Edit a job; ticking, unticking or moving the start of a claimed subsidy updates its ledger item."""
        self.ctx.actor.require(Action.EDIT_CASES)
        clean_bin = validate_placement(employer_name=employer_name, employer_bin=employer_bin, position=position,
                                       started_on=started_on, ended_on=ended_on, today=self.ctx.today())
        with self.ctx.uow() as uow:
            before = self._get(uow, "job_placement", placement_id, lock=True)
            check_row_version(uow, before, expected_version, "job_placement")
            family_id = self._person_family(uow, before["person_id"])
            values = {"employer_name": employer_name.strip(), "employer_bin": clean_bin,
                      "position": position.strip(), "started_on": started_on, "ended_on": ended_on,
                      "employer_subsidy": employer_subsidy}
            self._update(uow, "job_placement", placement_id, before, values)
            ledger = sync_claim_in(self.ctx, uow, {**before, **values}, family_id, before["started_on"])
            uow.commit()
        return EMPLOYMENT_CHANGED | (PAYMENT_CHANGED if ledger else NOTHING)

    def delete_placement(self, placement_id: int, expected_version: int | None = None) -> Changes:
        """Delete a job recorded by mistake, with its unpaid employer-subsidy item; refused once paid."""
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            before = self._get(uow, "job_placement", placement_id, lock=True)
            check_row_version(uow, before, expected_version, "job_placement")
            family_id = self._person_family(uow, before["person_id"])
            ledger = withdraw_claim_in(self.ctx, uow, before, family_id)
            uow.employer_subsidies.delete_placement(placement_id)
            uow.audit("delete", "job_placement", placement_id,
                      {k: before[k] for k in ("person_id", "employer_name", "employer_bin", "position",
                                              "started_on", "ended_on", "employer_subsidy")}, None)
            uow.families.add_event(family_id, "job_placement", N_("Job placement at {employer} deleted."),
                                   {"employer": before["employer_name"]}, self.ctx.actor.login, self.ctx.now())
            uow.commit()
        return EMPLOYMENT_CHANGED | (PAYMENT_CHANGED if ledger else NOTHING)

    def end_placement(self, placement_id: int, ended_on: dt.date) -> Changes:
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            row = self._get(uow, "job_placement", placement_id)
            validate_placement(employer_name=row["employer_name"], employer_bin=row["employer_bin"],
                               position=row["position"], started_on=row["started_on"], ended_on=ended_on,
                               today=self.ctx.today())
            self._update(uow, "job_placement", placement_id, row, {"ended_on": ended_on})
            uow.commit()
        return EMPLOYMENT_CHANGED

    def add_measure(self, person_id: int, kind: str, started_on: dt.date, ended_on: dt.date | None = None,
                    provider: str = "", note: str = "") -> QuotaWriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        validate_measure(kind=kind, started_on=started_on, ended_on=ended_on, today=self.ctx.today())
        with self.ctx.uow() as uow:
            self._person_family(uow, person_id)
            row_id = self._insert(uow, "employment_measure", {
                "person_id": person_id, "kind": kind, "provider": provider.strip()[:300],
                "started_on": started_on, "ended_on": ended_on, "note": note.strip()[:500]})
            uow.commit()
        return QuotaWriteResult(row_id, EMPLOYMENT_CHANGED)

    def placements(self, family_id: int) -> list[PlacementRow]:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            rows = uow.programmes.placements(family_id)
            ledger = uow.employer_subsidies.amounts_by_placement([r["id"] for r in rows])
            return [PlacementRow(r["id"], r["person_id"], r["person_name"], r["employer_name"], r["employer_bin"],
                                 r["position"], r["started_on"], r["ended_on"], bool(r["employer_subsidy"]),
                                 r["version"], *ledger.get(r["id"], (None, None)))
                    for r in rows]

    def measures(self, family_id: int) -> list[MeasureRow]:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            return [MeasureRow(r["id"], r["person_id"], r["person_name"], r["kind"], r["provider"], r["started_on"],
                               r["ended_on"], r["note"]) for r in uow.programmes.measures(family_id)]

    def save_plan(self, year: int, placements_planned: int, measures_planned: int = 0) -> Changes:
        self.ctx.actor.require(Action.MANAGE_QUOTAS)
        validate_employment_plan(year, placements_planned, measures_planned)
        with self.ctx.uow() as uow:
            before = uow.programmes.employment_plan(year)
            values = {"placements_planned": placements_planned, "measures_planned": measures_planned}
            if before is None:
                self._insert(uow, "employment_plan", {"year": year, **values})
            else:
                self._update(uow, "employment_plan", before["id"], before, values)
            uow.commit()
        return EMPLOYMENT_CHANGED

    def plan_vs_fact(self, year: int) -> tuple[PlanFactFigure, PlanFactFigure]:
        """(job placements, active measures) planned and achieved in ``year``."""
        self.ctx.actor.require(Action.VIEW_REPORTS)
        with self.ctx.reading() as uow:
            plan = uow.programmes.employment_plan(year)
            return (PlanFactFigure(plan["placements_planned"] if plan else None,
                                   uow.programmes.placements_started(year)),
                    PlanFactFigure(plan["measures_planned"] if plan else None,
                                   uow.programmes.measures_started(year)))
