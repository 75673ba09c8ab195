"""Education quota: the year's places by institution and specialty group, applications and results."""
from __future__ import annotations

import datetime as dt

from decimal import Decimal

from domain.education import (ApplicationResult, check_applicant, check_places_left, line_places,
                              validate_application, validate_quota_line)
from domain.errors import ValidationError
from domain.messages import Nn_
from domain.permissions import Action
from services.changes import Changes
from services.programmes import RecordService
from services.quota_dto import ApplicationRow, EducationLineRow, PlanFactFigure, QuotaWriteResult
from services.quotas import check_row_version

from typing import Any, TYPE_CHECKING

if TYPE_CHECKING:
    from storage.unit_of_work import SqlAlchemyUnitOfWork

EDUCATION_CHANGED = Changes(education=True)


class EducationService(RecordService):
    def save_line(self, year: int, level: str, institution: str, specialty_group: str, state_order_places: int,
                  places_override: int | None = None, override_reason: str = "") -> QuotaWriteResult:
        """Set one institution and specialty group's line (adds or updates): its state-order places,
        from which the kandas places are the ``education_quota_percent`` setting (4 %), unless an
        override with a reason says otherwise (shared/domain.md §4, §9)."""
        self.ctx.actor.require(Action.MANAGE_QUOTAS)
        with self.ctx.uow() as uow:
            percent = Decimal(uow.reference.setting("education_quota_percent", "4"))
            places = line_places(state_order_places, percent, places_override, override_reason)
            validate_quota_line(year=year, level=level, institution=institution, specialty_group=specialty_group,
                                places=places)
            key = (year, level, institution.strip(), specialty_group.strip())
            values = {"places": places, "state_order_places": state_order_places,
                      "kandas_places_override": places_override,
                      "override_reason": override_reason.strip() if places_override is not None else ""}
            line_id = uow.programmes.education_line_id(*key)
            if line_id is None:
                line_id = self._insert(uow, "education_quota", {
                    "year": year, "level": level, "institution": key[2], "specialty_group": key[3], **values})
            else:
                self._get(uow, "education_quota", line_id, lock=True)  # admissions wait while we count
                admitted = uow.programmes.admitted_on_line(line_id)
                if places < admitted:
                    raise ValidationError("places", Nn_("{count} applicant is already admitted on this line.",
                                                        "{count} applicants are already admitted on this line."),
                                          count=admitted)
                self._update(uow, "education_quota", line_id, self._get(uow, "education_quota", line_id), values)
            uow.commit()
        return QuotaWriteResult(line_id, EDUCATION_CHANGED)

    def lines(self, year: int) -> list[EducationLineRow]:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            return [EducationLineRow(r["id"], r["year"], r["level"], r["institution"], r["specialty_group"],
                                     r["places"], int(r["applications"]), int(r["admitted"]),
                                     r.get("state_order_places"), r.get("kandas_places_override"),
                                     r.get("override_reason") or "")
                    for r in uow.programmes.education_lines(year)]

    def _check(self, uow: SqlAlchemyUnitOfWork, person_id: int, year: int, line_id: int | None, applied_on: dt.date,
               result: str,
               decided_on: dt.date | None, application_id: int | None = None) -> None:
        self._person_family(uow, person_id)
        # The line is locked before its admissions are counted: seats admitting at once take turns,
        # and each counts the admissions of those before it (PostgreSQL; SQLite's writer lock does it).
        line = self._get(uow, "education_quota", line_id, lock=True) if line_id is not None else None
        validate_application(year=year, applied_on=applied_on, result=result, decided_on=decided_on,
                             today=self.ctx.today(), quota_year=line["year"] if line else None)
        if line is not None and line_id is not None and result == ApplicationResult.ADMITTED:
            check_places_left(line["places"], uow.programmes.admitted_on_line(line_id, application_id))

    def apply(self, person_id: int, year: int, education_quota_id: int | None, applied_on: dt.date,
              result: str = ApplicationResult.PENDING, decided_on: dt.date | None = None) -> QuotaWriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            self._check(uow, person_id, year, education_quota_id, applied_on, result, decided_on)
            check_applicant(uow.families.existing_person(person_id).statuses, applied_on)
            row_id = self._insert(uow, "education_application", {
                "person_id": person_id, "education_quota_id": education_quota_id, "year": year,
                "applied_on": applied_on, "result": result, "decided_on": decided_on})
            uow.commit()
        return QuotaWriteResult(row_id, EDUCATION_CHANGED)

    def set_result(self, application_id: int, result: str, decided_on: dt.date | None,
                   expected_version: int | None = None) -> Changes:
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            row = self._get(uow, "education_application", application_id, lock=True)
            check_row_version(uow, row, expected_version, "education_application")
            self._check(uow, row["person_id"], row["year"], row["education_quota_id"], row["applied_on"], result,
                        decided_on, application_id)
            self._update(uow, "education_application", application_id, row,
                         {"result": result, "decided_on": decided_on})
            uow.commit()
        return EDUCATION_CHANGED

    def applications(self, family_id: int) -> list[ApplicationRow]:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            return [ApplicationRow(r["id"], r["person_id"], r["person_name"], r["year"], r["education_quota_id"],
                                   r["institution"] or "", r["specialty_group"] or "", r["level"] or "",
                                   r["applied_on"], r["result"], r["decided_on"], r["version"])
                    for r in uow.programmes.applications(family_id)]

    def plan_vs_fact(self, year: int) -> tuple[PlanFactFigure, dict[str, int], list[dict[str, Any]]]:
        """(places vs admitted, counts by result, places/admitted by level) for ``year``."""
        self.ctx.actor.require(Action.VIEW_REPORTS)
        from services.dashboard import education_figures
        as_of = min(self.ctx.today(), dt.date(year, 12, 31))  # the report's as-of figures
        with self.ctx.reading() as uow:
            totals, levels = education_figures(uow.reporting.education(year, as_of))
        by_level = list(levels)
        places = totals.pop("places")
        results = {result: totals.get(result, 0) for result in ApplicationResult.ALL}
        return PlanFactFigure(places or None, results[ApplicationResult.ADMITTED]), results, by_level

