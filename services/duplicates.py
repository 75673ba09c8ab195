"""The duplicate review list: compare two possibly identical persons, merge them or keep both.

A merge runs in one transaction: the removed person's documents, statuses and every
record of other areas that names them move to the kept person; when the removed person
came from another family, that family's other members, timeline, tasks, attachments and
quota records move to the kept family and the emptied case is deleted. The timeline of
the kept family and the audit log record what happened.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.duplicates import DuplicateStatus, check_merge, missing_fields
from domain.errors import NotFound, RuleViolation
from domain.families import Relation
from domain.messages import N_
from domain.names import full_name
from domain.permissions import Action
from services.cases import _person_details
from services.changes import Changes
from services.context import ServiceContext, check_version, stamp
from services.dto import PersonDetails

MERGE_CHANGES = Changes(families=True, persons=True, documents=True, statuses=True, tasks=True)
# Moved through the mapped relationships (or dropped with the person), not by the generic move.
_PERSON_SKIP = frozenset({"identity_document", "kandas_status", "person_search_token", "duplicate_candidate",
                          "person"})
_FAMILY_SKIP = frozenset({"person"})


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
class MergeResult:
    kept_person_id: int
    kept_family_id: int
    removed_family_id: int | None
    moved: dict
    changes: Changes


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

    def pair(self, candidate_id: int) -> DuplicatePair:
        """Both persons side by side with their families, documents and statuses."""
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            row = self._candidate(uow, candidate_id)
            return DuplicatePair(row["id"], row["reason"], row["status"], row["detected_at"],
                                 self._side(uow, row["person_a_id"]), self._side(uow, row["person_b_id"]))

    @staticmethod
    def _candidate(uow, candidate_id: int) -> dict:
        row = uow.duplicates.get(candidate_id)
        if row is None:
            raise NotFound("duplicate", candidate_id)
        return row

    @staticmethod
    def _side(uow, person_id: int) -> DuplicateSide:
        person = uow.families.get_person(person_id)
        if person is None:
            raise NotFound("person", person_id)
        family = uow.families.get(person.family_id)
        return DuplicateSide(_person_details(person), family.id, family.case_number, family.stage,
                             family.region_code, family.origin_country_code, family.arrival_date,
                             family.address, family.phone,
                             tuple(m.full_name for m in family.members if m is not person))

    def mark_distinct(self, candidate_id: int) -> Changes:
        """Two different people: the pair leaves the list and is not flagged again."""
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            row = self._open_candidate(uow, candidate_id)
            a, b = uow.families.get_person(row["person_a_id"]), uow.families.get_person(row["person_b_id"])
            uow.duplicates.resolve(candidate_id, DuplicateStatus.DISTINCT, self.ctx.actor.login, self.ctx.now())
            for person, other in ((a, b), (b, a)):
                uow.families.add_event(person.family_id, "duplicate_distinct", N_(
                    "{name} and {other} (case {case_number}) were checked: they are different people."),
                    {"name": person.full_name, "other": other.full_name,
                     "case_number": uow.families.get(other.family_id).case_number},
                    self.ctx.actor.login, self.ctx.now())
                if a.family_id == b.family_id:
                    break
            uow.audit("update", "duplicate_candidate", candidate_id, {"status": DuplicateStatus.OPEN},
                      {"status": DuplicateStatus.DISTINCT})
            uow.commit()
        return Changes(persons=True)

    def _open_candidate(self, uow, candidate_id: int) -> dict:
        row = self._candidate(uow, candidate_id)
        if row["status"] != DuplicateStatus.OPEN:
            raise RuleViolation("duplicate_resolved", N_("This pair has already been reviewed."))
        return row

    def merge(self, candidate_id: int, keep_person_id: int,
              expected_versions: dict[int, int] | None = None) -> MergeResult:
        """Keep ``keep_person_id``; move everything of the other person (and their family) to it."""
        self.ctx.actor.require(Action.DELETE_CASES)
        expected_versions = expected_versions or {}
        with self.ctx.uow() as uow:
            row = self._open_candidate(uow, candidate_id)
            ids = (row["person_a_id"], row["person_b_id"])
            if keep_person_id not in ids:
                raise RuleViolation("keep_person", N_("Choose which of the two persons to keep."))
            other_id = ids[1] if keep_person_id == ids[0] else ids[0]
            kept, other = uow.families.get_person(keep_person_id), uow.families.get_person(other_id)
            for person in (kept, other):
                check_version(person, expected_versions.get(person.id), uow, "person")
            check_merge(kept, other)
            kept_family = uow.families.get(kept.family_id)
            other_family = uow.families.get(other.family_id)
            before = {"kept": _snapshot(kept), "removed": _snapshot(other), "removed_case": other_family.case_number}
            taken = missing_fields(kept, other)
            values = {name: getattr(other, name) for name in taken}
            if "iin" in values:
                other.iin = None  # free the unique IIN before the kept person takes it
                uow.flush()
            for name, value in values.items():
                setattr(kept, name, value)
            kept.refresh_keys()
            for document in list(other.documents):
                other.documents.remove(document)
                kept.documents.append(document)
            for status in list(other.statuses):
                other.statuses.remove(status)
                kept.statuses.append(status)
            stamp(kept, self.ctx)
            uow.flush()
            moved = uow.duplicates.move_person_rows(other.id, kept.id, _PERSON_SKIP)
            uow.duplicates.repoint(other.id, kept.id, candidate_id)
            other_name, was_head = other.full_name, other.relation == Relation.HEAD
            other_family.members.remove(other)
            uow.flush()
            removed_family_id = None
            if other_family is not kept_family:
                for member in list(other_family.members):
                    other_family.members.remove(member)
                    if member.relation == Relation.HEAD:
                        member.relation = Relation.OTHER
                    stamp(member, self.ctx)
                    kept_family.members.append(member)
                uow.flush()
                for table, count in uow.duplicates.move_family_rows(other_family.id, kept_family.id,
                                                                    _FAMILY_SKIP).items():
                    moved[table] = moved.get(table, 0) + count
                removed_family_id = other_family.id
                uow.families.delete(other_family)
            elif was_head and kept.relation != Relation.HEAD:
                kept.relation = Relation.HEAD  # the family keeps a head
            uow.flush()
            uow.families.sync_search_tokens(kept)
            stamp(kept_family, self.ctx)
            kept_family.head_sort_key = kept_family.head.sort_key if kept_family.head else ""
            uow.families.add_event(kept_family.id, "duplicate_merged", N_(
                "Duplicate record of {other} (case {case_number}) merged into {name}."),
                {"other": other_name, "case_number": before["removed_case"], "name": kept.full_name,
                 "fields": taken}, self.ctx.actor.login, self.ctx.now())
            uow.audit("merge", "person", kept.id, before,
                      {"kept": _snapshot(kept), "fields_taken": taken, "moved": moved,
                       "removed_family_id": removed_family_id})
            uow.commit()
            return MergeResult(kept.id, kept_family.id, removed_family_id, moved, MERGE_CHANGES)


def _snapshot(person) -> dict:
    return {"id": person.id, "family_id": person.family_id, "name": person.full_name, "iin": person.iin,
            "birth_date": person.birth_date, "sex": person.sex}
