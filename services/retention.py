"""Retention (issue #19): periods per kind of case, the list of cases due, anonymising them in
one run, and anonymising one person on request with a reason. Administrator only, audited.

The rules (kinds, periods, when a case is due) are in ``domain.retention``; what is removed and
what stays is in ``storage.retention_repository``. A run is one transaction: all the due cases
or none of them. Its audit entry names case numbers and counts, never a removed value.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain import retention as rules
from domain.errors import NotFound, RuleViolation
from domain.messages import N_
from domain.permissions import Action
from services.changes import NOTHING, Changes
from services.context import ServiceContext
from services.progress import NullProgress, Progress

if TYPE_CHECKING:
    from storage.unit_of_work import SqlAlchemyUnitOfWork


@dataclass(frozen=True)
class RetentionCaseRow:
    family_id: int
    case_number: str
    kind: str
    finished_on: dt.date
    due_on: dt.date
    persons: int


@dataclass(frozen=True)
class AnonymisationResult:
    families: int
    persons: int
    documents: int
    attachments: int
    audit_entries_erased: int
    case_numbers: tuple[str, ...] = ()

    @property
    def changes(self) -> Changes:
        """What screens must reload: anonymised families show new names, documents and files."""
        touched = bool(self.families or self.persons)
        return Changes(families=touched, persons=touched, documents=bool(self.documents or self.attachments),
                       tasks=touched)


class RetentionService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- periods ------------------------------------------------------------------------------
    def periods(self) -> dict[str, int | None]:
        """Years per kind of case (None: kept until someone sets a period)."""
        self.ctx.actor.require(Action.ANONYMISE)
        with self.ctx.reading() as uow:
            return _periods(uow)

    def set_period(self, kind: str, years: str | int | None) -> Changes:
        """Set (or, with an empty value, clear) the period of one kind of case."""
        self.ctx.actor.require(Action.ANONYMISE)
        value = rules.clean_years(kind, years)
        with self.ctx.uow() as uow:
            before = _periods(uow)[kind]
            if before == value:
                return NOTHING
            key = rules.setting_key(kind)
            uow.reference.set_setting(key, "" if value is None else str(value), self.ctx.actor.login, self.ctx.now())
            uow.audit("update", "setting", key, {"years": before}, {"years": value})
            uow.commit()
        return Changes(reference=True)

    # --- the run ------------------------------------------------------------------------------
    def due(self, today: dt.date | None = None) -> list[RetentionCaseRow]:
        """Finished cases whose period has run out, oldest first (what ``apply`` would anonymise)."""
        self.ctx.actor.require(Action.ANONYMISE)
        with self.ctx.reading() as uow:
            return _due(uow, today or self.ctx.today())

    def apply(self, today: dt.date | None = None, progress: Progress | None = None) -> AnonymisationResult:
        """Anonymise every case due today, in one transaction, and record the run."""
        self.ctx.actor.require(Action.ANONYMISE)
        progress = progress or NullProgress()
        today = today or self.ctx.today()
        with self.ctx.uow() as uow:
            rows = _due(uow, today)
            if not rows:
                return AnonymisationResult(0, 0, 0, 0, 0)
            progress.step(0, 2, N_("Removing personal data…"))
            now = self.ctx.now()
            family_ids = [row.family_id for row in rows]
            person_ids = uow.retention.person_ids(family_ids)
            counts = uow.retention.anonymise_families(family_ids, now)
            progress.check()
            progress.step(1, 2, N_("Removing personal data…"))
            erased = uow.retention.erase_audit_values(family_ids, person_ids, now)
            result = AnonymisationResult(counts["families"], counts["persons"], counts["documents"],
                                         counts["attachments"], erased, tuple(r.case_number for r in rows))
            uow.audit("anonymise", "retention", None, None, {
                "rule": "retention period", "as_of": today.isoformat(), "cases": list(result.case_numbers),
                "families": result.families, "persons": result.persons, "documents": result.documents,
                "attachments": result.attachments, "audit_entries_erased": erased})
            uow.commit()
        progress.step(2, 2, "")
        return result

    def anonymise_person(self, person_id: int, reason: str) -> AnonymisationResult:
        """Remove one person's data now, on their request (or another reason the law gives)."""
        self.ctx.actor.require(Action.ANONYMISE)
        reason = rules.clean_reason(reason)
        with self.ctx.uow() as uow:
            person = uow.retention.person(int(person_id))
            if person is None:
                raise NotFound("person", person_id)
            if person["anonymised_at"] is not None:
                raise RuleViolation("already_anonymised", N_("This person's data were already removed."))
            now = self.ctx.now()
            counts = uow.retention.anonymise_persons([person["id"]], now)
            erased = uow.retention.erase_audit_values([], [person["id"]], now, whole_families=False)
            uow.audit("anonymise", "person", person["id"], None, {
                "rule": "request", "reason": reason, "family_id": person["family_id"],
                "documents": counts["documents"], "attachments": counts["attachments"],
                "audit_entries_erased": erased})
            uow.commit()
        return AnonymisationResult(0, counts["persons"], counts["documents"], counts["attachments"], erased)


def _periods(uow: SqlAlchemyUnitOfWork) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for kind in rules.KINDS:
        text = uow.reference.setting(rules.setting_key(kind), "") or ""
        found[kind] = int(text) if text.strip().isdigit() else None
    return found


def _due(uow: SqlAlchemyUnitOfWork, today: dt.date) -> list[RetentionCaseRow]:
    periods = _periods(uow)
    rows = []
    for case in uow.retention.finished_cases():
        kind = rules.case_kind(case["stage"], case["closed_reason"])
        years = periods.get(kind) if kind else None
        finished = case["finished_at"]
        finished_on = finished.date() if isinstance(finished, dt.datetime) else finished
        if kind is None or years is None or not rules.is_due(finished_on, years, today):
            continue
        rows.append(RetentionCaseRow(case["id"], case["case_number"], kind, finished_on,
                                     rules.due_on(finished_on, years), case["member_count"]))
    rows.sort(key=lambda r: (r.due_on, r.case_number))
    return rows
