"""Merging two records of one person, and taking a merge back.

A merge is about one person: the removed record's documents, statuses and every record of other
areas that names it move to the kept person; the rest of its household stays a case of its own
(with a new head where needed) unless the reviewer moves it too, and a case left with nobody in
it moves along. Everything the merge changed is written down (``person_merge``: the rows as they
were and the rows it re-pointed), so that a supervisor can undo it while nothing of it has
changed since — the kept person not edited, every moved row still where the merge put it.
"""
from __future__ import annotations

from dataclasses import dataclass

from domain.duplicates import check_merge, missing_fields, successor_head
from domain.errors import NotFound, RuleViolation
from domain.families import Relation
from domain.messages import N_
from services.changes import Changes
from services.context import ServiceContext, check_version, stamp

from typing import Any, TYPE_CHECKING

if TYPE_CHECKING:
    from domain.families import Family
    from domain.families import Person
    from storage.unit_of_work import SqlAlchemyUnitOfWork

MERGE_CHANGES = Changes(families=True, persons=True, documents=True, statuses=True, tasks=True)
# Moved through the mapped relationships (or dropped with the person), not by the generic move.
_PERSON_SKIP = frozenset({"identity_document", "kandas_status", "person_search_token", "duplicate_candidate",
                          "person", "person_merge"})
_FAMILY_SKIP = frozenset({"person", "person_merge"})


@dataclass(frozen=True)
class MergeResult:
    kept_person_id: int
    kept_family_id: int
    removed_family_id: int | None
    moved: dict[str, Any]
    changes: Changes
    merge_id: int = 0


def _candidates_of(uow: SqlAlchemyUnitOfWork, person_ids: list[int]) -> list[dict[str, Any]]:
    rows = {row["id"]: row for column in ("person_a_id", "person_b_id")
            for row in uow.merges.snapshots("duplicate_candidate", column, person_ids)}
    return list(rows.values())


def merge_persons(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, candidate: dict[str, Any], keep_person_id: int,
                  expected_versions: dict[int, int], move_household: bool) -> MergeResult:
    ids = (candidate["person_a_id"], candidate["person_b_id"])
    if keep_person_id not in ids:
        raise RuleViolation("keep_person", N_("Choose which of the two persons to keep."))
    other_id = ids[1] if keep_person_id == ids[0] else ids[0]
    kept, other = uow.families.existing_person(keep_person_id), uow.families.existing_person(other_id)
    for person in (kept, other):
        check_version(person, expected_versions.get(person.id), uow, "person")
    check_merge(kept, other)
    kept_family, other_family = uow.families.existing(kept.family_id), uow.families.existing(other.family_id)
    undo: dict[str, Any] = {"removed_person": uow.merges.snapshot("person", other.id),
            "kept_person": uow.merges.snapshot("person", kept.id),
            "other_family": uow.merges.snapshot("family", other_family.id),
            "candidates": _candidates_of(uow, [kept.id, other.id]),
            "moves": [], "relations": [], "removed_family": None}
    before = {"kept": _snapshot(kept), "removed": _snapshot(other), "removed_case": other_family.case_number}
    taken = missing_fields(kept, other)
    values = {name: getattr(other, name) for name in taken}
    if "iin" in values:
        other.iin = None  # free the unique IIN before the kept person takes it
        uow.flush()
    for name, value in values.items():
        setattr(kept, name, value)
    kept.refresh_keys()
    for table, items in (("identity_document", other.documents), ("kandas_status", other.statuses)):
        if items:
            undo["moves"].append([table, "person_id", [item.id for item in items], other.id, kept.id])
    for document in list(other.documents):
        other.documents.remove(document)
        kept.documents.append(document)
    for status in list(other.statuses):
        other.statuses.remove(status)
        kept.statuses.append(status)
    stamp(kept, ctx)
    uow.flush()
    moved = uow.duplicates.move_person_rows(other.id, kept.id, _PERSON_SKIP, undo["moves"])
    uow.duplicates.repoint(other.id, kept.id, candidate["id"])
    other_name, was_head = other.full_name, other.relation == Relation.HEAD
    other_family.members.remove(other)
    uow.flush()
    removed_family_id = None
    household_moves = other_family is not kept_family and (move_household or not other_family.members)
    if other_family is not kept_family and not household_moves:
        _leave_household(ctx, uow, other_family, kept, kept_family, other_name, was_head, undo)
    if household_moves:
        undo["removed_family"] = undo["other_family"]
        members = list(other_family.members)
        if members:
            undo["moves"].append(["person", "family_id", [m.id for m in members], other_family.id, kept_family.id])
        for member in members:
            other_family.members.remove(member)
            if member.relation == Relation.HEAD:
                undo["relations"].append([member.id, member.relation])
                member.relation = Relation.OTHER
            stamp(member, ctx)
            kept_family.members.append(member)
        uow.flush()
        for table, count in uow.duplicates.move_family_rows(other_family.id, kept_family.id, _FAMILY_SKIP,
                                                            undo["moves"]).items():
            moved[table] = moved.get(table, 0) + count
        removed_family_id = other_family.id
        uow.families.delete(other_family)
    elif was_head and kept.relation != Relation.HEAD and other_family is kept_family:
        undo["relations"].append([kept.id, kept.relation])
        kept.relation = Relation.HEAD  # the family keeps a head
    uow.flush()
    uow.families.sync_search_tokens(kept)
    stamp(kept_family, ctx)
    kept_family.head_sort_key = kept_family.head.sort_key if kept_family.head else ""
    uow.families.add_event(kept_family.id, "duplicate_merged", N_(
        "Duplicate record of {other} (case {case_number}) merged into {name}."),
        {"other": other_name, "case_number": before["removed_case"], "name": kept.full_name,
         "fields": taken}, ctx.actor.login, ctx.now())
    uow.flush()
    undo["kept_version"] = kept.version
    merge_id = uow.merges.record({"kept_person_id": kept.id, "kept_family_id": kept_family.id,
                                  "removed_person_id": other_id, "removed_family_id": removed_family_id,
                                  "merged_at": ctx.now(), "merged_by": ctx.actor.login, "undo": undo})
    uow.audit("merge", "person", kept.id, before,
              {"kept": _snapshot(kept), "fields_taken": taken, "moved": moved, "merge_id": merge_id,
               "removed_family_id": removed_family_id, "household_moved": household_moves})
    return MergeResult(kept.id, kept_family.id, removed_family_id, moved, MERGE_CHANGES, merge_id)


def _leave_household(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, family: Family, kept: Person, kept_family: Family,
                     other_name: str, was_head: bool, undo: dict[str, Any]) -> None:
    """The merged person's household stays a case of its own; it gets a head if it lost one."""
    params = {"other": other_name, "name": kept.full_name, "case_number": kept_family.case_number}
    heir = successor_head(family.members) if was_head else None
    if heir is not None:
        undo["relations"].append([heir.id, heir.relation])
        heir.relation = Relation.HEAD
        stamp(heir, ctx)
        family.head_sort_key = heir.sort_key
        stamp(family, ctx)
        uow.families.add_event(family.id, "duplicate_merged_away", N_(
            "{other} was a duplicate of {name} (case {case_number}) and was merged there; "
            "{heir} now heads this family."), {**params, "heir": heir.full_name}, ctx.actor.login, ctx.now())
    else:
        uow.families.add_event(family.id, "duplicate_merged_away", N_(
            "{other} was a duplicate of {name} (case {case_number}) and was merged there."),
            params, ctx.actor.login, ctx.now())


# ``what`` (the table that changed) stays in the error's params for the log; the sentence needs none.
_CHANGED_SINCE = N_("This merge cannot be undone: records it changed have been edited or moved since. Correct "
                    "them by hand instead.")


def undo_merge(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, merge_id: int) -> Changes:
    record = uow.merges.get(merge_id)
    if record is None:
        raise NotFound("person_merge", merge_id)
    if record["undone_at"] is not None:
        raise RuleViolation("merge_undone", N_("This merge has already been undone."))
    undo = record["undo"]
    kept_id, removed = record["kept_person_id"], undo["removed_person"]
    kept_now = uow.merges.snapshot("person", kept_id)
    if kept_now is None or kept_now["version"] != undo["kept_version"]:
        raise RuleViolation("merge_changed", _CHANGED_SINCE, what="person")
    for table, column, ids, _old, new in undo["moves"]:
        if not uow.merges.still_pointing(table, column, ids, new):
            raise RuleViolation("merge_changed", _CHANGED_SINCE, what=table)
    for person_id, _relation in undo["relations"]:
        if not uow.merges.exists("person", person_id):
            raise RuleViolation("merge_changed", _CHANGED_SINCE, what="person")
    if uow.merges.exists("person", removed["id"]) or (
            undo["removed_family"] and uow.merges.exists("family", undo["removed_family"]["id"])):
        raise RuleViolation("merge_changed", _CHANGED_SINCE, what="family")
    _put_back(ctx, uow, record, undo)
    return MERGE_CHANGES


def _put_back(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, record: dict[str, Any], undo: dict[str, Any]) -> None:
    kept_id, removed = record["kept_person_id"], undo["removed_person"]
    now, login = ctx.now(), ctx.actor.login
    # the kept person's own fields first: it may hold the removed person's (unique) IIN
    kept_before = {key: value for key, value in undo["kept_person"].items() if key not in ("id", "version")}
    uow.merges.set_values("person", kept_id, {**kept_before, "version": undo["kept_version"] + 1,
                                              "updated_at": now.isoformat(), "updated_by": login})
    if undo["removed_family"]:
        uow.merges.put_back("family", undo["removed_family"])
    uow.merges.put_back("person", removed)
    for table, column, ids, old, _new in reversed(undo["moves"]):
        uow.merges.point(table, column, ids, old)
    for person_id, relation in undo["relations"]:
        uow.merges.set_values("person", person_id, {"relation": relation})
    other_family = undo["other_family"]
    if not undo["removed_family"]:
        uow.merges.set_values("family", other_family["id"], {"head_sort_key": other_family["head_sort_key"]})
    uow.merges.delete("duplicate_candidate", [row["id"] for row in undo["candidates"]])
    for row in undo["candidates"]:
        uow.merges.put_back("duplicate_candidate", row)
    families = {record["kept_family_id"], other_family["id"]}
    uow.merges.refresh_copies(families, [kept_id, removed["id"]])
    uow.merges.mark_undone(record["id"], login, now)
    params = {"name": removed_name(removed), "case_number": other_family["case_number"]}
    for family_id in sorted(families):
        uow.families.add_event(family_id, "duplicate_merge_undone", N_(
            "The merge of {name} (case {case_number}) was undone."), params, login, now)
    uow.audit("undo_merge", "person", kept_id, {"merge_id": record["id"]},
              {"restored_person_id": removed["id"], "restored_family_id": (undo["removed_family"] or {}).get("id")})


def removed_name(row: dict[str, Any]) -> str:
    return " ".join(part for part in (row.get("surname"), row.get("given_name"), row.get("patronymic")) if part)


def _snapshot(person: Person) -> dict[str, Any]:
    return {"id": person.id, "family_id": person.family_id, "name": person.full_name, "iin": person.iin,
            "birth_date": person.birth_date, "sex": person.sex}
