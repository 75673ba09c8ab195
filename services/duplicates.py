"""The duplicate review list: compare two possibly identical persons, merge them or keep both.

A merge (``services.person_merge``) runs in one transaction and moves one person's records to
the kept person; their household moves only when the reviewer says so. It can be undone while
nothing of it has changed since. The whole-register scan lists likely pairs by score.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.duplicate_scan import ScannedPerson, candidate_pairs
from domain.duplicate_scoring import STRONG, Evidence, PersonFacts
from domain.duplicates import DuplicateReason, DuplicateStatus
from domain.errors import NotFound, RuleViolation
from domain.messages import N_
from domain.names import full_name
from domain.permissions import Action
from services.cases import _person_details
from services.changes import Changes
from services.context import ServiceContext
from services.dto import PersonDetails
from services.person_merge import MergeResult, merge_persons, undo_merge
from services.progress import NullProgress, Progress

from typing import Any, TYPE_CHECKING

if TYPE_CHECKING:
    from storage.unit_of_work import SqlAlchemyUnitOfWork


@dataclass(frozen=True)
class DuplicateRow:
    id: int
    reason: str
    detected_at: dt.datetime
    person_a_id: int
    name_a: str
    birth_date_a: dt.date | None
    iin_a: str | None
    case_a: str
    person_b_id: int
    name_b: str
    birth_date_b: dt.date | None
    iin_b: str | None
    case_b: str


@dataclass(frozen=True)
class DuplicateSide:
    person: PersonDetails
    family_id: int
    case_number: str
    stage: str
    region_code: str | None
    origin_country_code: str | None
    arrival_date: dt.date | None
    address: str
    phone: str
    other_members: tuple[str, ...]


@dataclass(frozen=True)
class DuplicatePair:
    id: int
    reason: str
    status: str
    detected_at: dt.datetime
    a: DuplicateSide
    b: DuplicateSide


@dataclass(frozen=True)
class ScanSide:
    person_id: int
    case_number: str
    name: str
    birth_date: dt.date | None
    iin: str | None


@dataclass(frozen=True)
class ScanRow:
    a: ScanSide
    b: ScanSide
    score: int
    evidence: tuple[Evidence, ...]  # messages marked with N_(); the caller translates


@dataclass(frozen=True)
class ScanResult:
    persons: int
    threshold: int
    pairs: tuple[ScanRow, ...]
    recorded: int


class DuplicateService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def open_pairs(self, limit: int = 1000) -> list[DuplicateRow]:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            return [DuplicateRow(
                r["id"], r["reason"], r["detected_at"],
                r["a_id"], full_name(r["a_surname"], r["a_given_name"], r["a_patronymic"]), r["a_birth_date"],
                r["a_iin"], r["a_case"],
                r["b_id"], full_name(r["b_surname"], r["b_given_name"], r["b_patronymic"]), r["b_birth_date"],
                r["b_iin"], r["b_case"]) for r in uow.duplicates.open_rows(limit)]

    def open_count(self) -> int:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            return uow.duplicates.open_count()

    def scan(self, threshold: int = STRONG, record: bool = False,
             progress: Progress | None = None) -> ScanResult:
        """Every pair of persons in the register that scores at least ``threshold`` (pairs a
        reviewer already merged or marked distinct are left out); ``record`` puts new pairs on
        the review list."""
        self.ctx.actor.require(Action.EDIT_CASES if record else Action.VIEW_CASES)
        progress = progress or NullProgress()
        sides: dict[int, ScanSide] = {}
        scanned: list[ScannedPerson] = []
        with self.ctx.uow() as uow:
            for chunk in uow.duplicates.scan_rows():
                progress.check()
                for row in chunk:
                    facts = PersonFacts(row["surname"], row["given_name"], row["patronymic"], row["birth_date"],
                                        row["iin"], row["passports"], (row["phone"],) if row["phone"] else ())
                    scanned.append(ScannedPerson(row["id"], row["family_id"], facts))
                    sides[row["id"]] = ScanSide(row["id"], row["case_number"],
                                                full_name(row["surname"], row["given_name"], row["patronymic"]),
                                                row["birth_date"], row["iin"])
                progress.step(len(scanned), None, N_("Reading persons"))
            decided = uow.duplicates.decided_pairs()
        found = candidate_pairs(scanned, threshold, decided)
        rows = tuple(ScanRow(sides[p.a.id], sides[p.b.id], p.match.value, p.match.evidence) for p in found)
        recorded = self._record_scanned(rows) if record and rows else 0
        return ScanResult(len(scanned), threshold, rows, recorded)

    def _record_scanned(self, rows: tuple[ScanRow, ...]) -> int:
        with self.ctx.uow() as uow:
            before = uow.duplicates.open_count()
            for row in rows:
                uow.duplicates.record(row.a.person_id, row.b.person_id, DuplicateReason.SCORED, self.ctx.now())
            recorded = uow.duplicates.open_count() - before
            if recorded:
                uow.audit("insert", "duplicate_candidate", None, None, {"scan": recorded})
            uow.commit()
        return recorded

    def pair(self, candidate_id: int) -> DuplicatePair:
        """Both persons side by side with their families, documents and statuses."""
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            row = self._candidate(uow, candidate_id)
            return DuplicatePair(row["id"], row["reason"], row["status"], row["detected_at"],
                                 self._side(uow, row["person_a_id"]), self._side(uow, row["person_b_id"]))

    @staticmethod
    def _candidate(uow: SqlAlchemyUnitOfWork, candidate_id: int) -> dict[str, Any]:
        row = uow.duplicates.get(candidate_id)
        if row is None:
            raise NotFound("duplicate", candidate_id)
        return row

    @staticmethod
    def _side(uow: SqlAlchemyUnitOfWork, person_id: int) -> DuplicateSide:
        person = uow.families.existing_person(person_id)
        if person is None:
            raise NotFound("person", person_id)
        family = uow.families.existing(person.family_id)
        return DuplicateSide(_person_details(person), family.id, family.case_number, family.stage,
                             family.region_code, family.origin_country_code, family.arrival_date,
                             family.address, family.phone,
                             tuple(m.full_name for m in family.members if m is not person))

    def mark_distinct(self, candidate_id: int) -> Changes:
        """Two different people: the pair leaves the list and is not flagged again."""
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            row = self._open_candidate(uow, candidate_id)
            a, b = uow.families.existing_person(row["person_a_id"]), uow.families.existing_person(row["person_b_id"])
            uow.duplicates.resolve(candidate_id, DuplicateStatus.DISTINCT, self.ctx.actor.login, self.ctx.now())
            for person, other in ((a, b), (b, a)):
                uow.families.add_event(person.family_id, "duplicate_distinct", N_(
                    "{name} and {other} (case {case_number}) were checked: they are different people."),
                    {"name": person.full_name, "other": other.full_name,
                     "case_number": uow.families.existing(other.family_id).case_number},
                    self.ctx.actor.login, self.ctx.now())
                if a.family_id == b.family_id:
                    break
            uow.audit("update", "duplicate_candidate", candidate_id, {"status": DuplicateStatus.OPEN},
                      {"status": DuplicateStatus.DISTINCT})
            uow.commit()
        return Changes(persons=True)

    def _open_candidate(self, uow: SqlAlchemyUnitOfWork, candidate_id: int) -> dict[str, Any]:
        row = self._candidate(uow, candidate_id)
        if row["status"] != DuplicateStatus.OPEN:
            raise RuleViolation("duplicate_resolved", N_("This pair has already been reviewed."))
        return row

    def merge(self, candidate_id: int, keep_person_id: int,
              expected_versions: dict[int, int] | None = None, move_household: bool = False) -> MergeResult:
        """Keep ``keep_person_id`` and move the other person's own records to it
        (``services.person_merge``); ``move_household`` takes the other household along."""
        self.ctx.actor.require(Action.DELETE_CASES)
        with self.ctx.uow() as uow:
            candidate = self._open_candidate(uow, candidate_id)
            result = merge_persons(self.ctx, uow, candidate, keep_person_id, expected_versions or {}, move_household)
            uow.commit()
            return result

    def undo_merge(self, merge_id: int) -> Changes:
        """Take a merge back while nothing of it has changed since: the removed person (and their
        case, if it was closed) come back with everything the merge moved."""
        self.ctx.actor.require(Action.DELETE_CASES)
        with self.ctx.uow() as uow:
            changes = undo_merge(self.ctx, uow, merge_id)
            uow.commit()
            return changes
