"""What an audit entry is about, in words: case numbers, people's names, users, owners of child rows.

The audit log keeps table names and ids (``task 474``); reading it as a history needs the case and
the person each row belongs to. Rows still present are looked up as they are now; a deleted row's
owner comes from the values the entry kept (its ``before``).
"""
from __future__ import annotations

from typing import Any, Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage import tables

# child tables whose rows belong to a family or a person, by the column that says so
FAMILY_OWNED = {t.name: t for t in tables.metadata.sorted_tables
                if "family_id" in t.c and "id" in t.c and t.name not in ("person", "person_search_token")}
PERSON_OWNED = {t.name: t for t in tables.metadata.sorted_tables
                if "person_id" in t.c and "family_id" not in t.c and "id" in t.c}


def _ints(values: Iterable[Any]) -> set[int]:
    found = set()
    for value in values:
        try:
            found.add(int(value))
        except (TypeError, ValueError):
            continue
    return found


def _full_name(row) -> str:
    return " ".join(part for part in (row.surname, row.given_name, row.patronymic) if part)


def resolve(session: Session, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Names for the entries ``rows`` (audit_log rows as dicts):

    ``owner``: (entity, entity_id) → {"family_id", "person_id", "title"}; ``families``: id → case number;
    ``persons``: id → full name; ``users``: id and login → display name; ``regions``/``countries``:
    code → {"kk", "ru", "en"} names.
    """
    owner: dict[tuple[str, str], dict[str, Any]] = {}
    by_entity: dict[str, set[int]] = {}
    for row in rows:
        values = {**(row["before"] or {}), **(row["after"] or {})} if isinstance(row["before"] or {}, dict) \
            and isinstance(row["after"] or {}, dict) else {}
        key = (row["entity"], row["entity_id"])
        owner[key] = {"family_id": values.get("family_id"), "person_id": values.get("person_id"),
                      "title": values.get("title"), "params": values.get("params")}
        if row["entity"] == "family":
            owner[key]["family_id"] = row["entity_id"]
        if row["entity"] == "person":
            owner[key]["person_id"] = row["entity_id"]
        if row["entity_id"] is not None:
            by_entity.setdefault(row["entity"], set()).update(_ints([row["entity_id"]]))
    # rows still present: who owns them now (an update's values hold only what changed)
    for entity, ids in by_entity.items():
        table = FAMILY_OWNED.get(entity) if entity != "person" else tables.person
        table = table if table is not None else PERSON_OWNED.get(entity)
        if table is None or not ids:
            continue
        wanted = ("family_id", "person_id", "title", "params") if entity == "task" else ("family_id", "person_id")
        columns = [table.c.id] + [table.c[name] for name in wanted if name in table.c]
        for found in session.execute(sa.select(*columns).where(table.c.id.in_(ids))):
            entry = owner[(entity, str(found.id))]
            for name in wanted:
                if name in found._fields and found._mapping[name] is not None:
                    entry[name] = found._mapping[name]
    values = [v for row in rows for side in (row["before"], row["after"]) if isinstance(side, dict)
              for v in [side]]
    person_ids = _ints(o["person_id"] for o in owner.values()) | _ints(
        v.get(k) for v in values for k in ("person_id", "kept_person_id", "removed_person_id",
                                           "person_a_id", "person_b_id"))
    persons: dict[int, str] = {}
    person_family: dict[int, int] = {}
    if person_ids:
        p = tables.person
        for found in session.execute(sa.select(p.c.id, p.c.family_id, p.c.surname, p.c.given_name, p.c.patronymic)
                                     .where(p.c.id.in_(person_ids))):
            persons[found.id] = _full_name(found)
            person_family[found.id] = found.family_id
    for row in rows:  # a deleted person is named by the values its entry kept
        if row["entity"] == "person" and isinstance(row["before"], dict) and row["entity_id"]:
            persons.setdefault(int(row["entity_id"]), _full_name(_Names(row["before"])))
    for entry in owner.values():
        if entry["family_id"] is None and entry["person_id"] is not None:
            entry["family_id"] = person_family.get(_first(_ints([entry["person_id"]])))
    family_ids = _ints(o["family_id"] for o in owner.values()) | _ints(
        v.get(k) for v in values for k in ("family_id", "kept_family_id", "removed_family_id"))
    families: dict[int, str] = {}
    if family_ids:
        f = tables.family
        families = {r.id: r.case_number for r in session.execute(
            sa.select(f.c.id, f.c.case_number).where(f.c.id.in_(family_ids)))}
    for row in rows:
        if row["entity"] == "family" and isinstance(row["before"], dict) and row["entity_id"]:
            families.setdefault(int(row["entity_id"]), row["before"].get("case_number") or "")
    u = tables.app_user
    users: dict[Any, str] = {}
    for found in session.execute(sa.select(u.c.id, u.c.login, u.c.display_name)):
        users[found.id] = users[found.login] = found.display_name or found.login
    regions = {r.code: {"kk": r.name_kk, "ru": r.name_ru, "en": r.name_en}
               for r in session.execute(sa.select(tables.region))}
    countries = {r.code: {"kk": r.name_kk, "ru": r.name_ru, "en": r.name_en}
                 for r in session.execute(sa.select(tables.country))}
    return {"owner": owner, "families": families, "persons": persons, "users": users, "regions": regions,
            "countries": countries}


class _Names:
    def __init__(self, values: dict) -> None:
        self.surname, self.given_name = values.get("surname") or "", values.get("given_name") or ""
        self.patronymic = values.get("patronymic") or ""


def _first(values: set[int]) -> int | None:
    return next(iter(values), None)


def _deleted_rows(owners: dict[str, Any]):
    """(entity, entity_id) of deleted rows that belonged to the owner: ``owners`` maps a column
    (``family_id``, ``person_id``) to the owner's id or a select of ids. A deletion's entry keeps
    the row's values or not, the row's insert entry always does. Deletions are found through the
    index on (action, entity) and their inserts through (entity, entity_id): no entry is read whole."""
    d, i = tables.audit_log.alias("deleted"), tables.audit_log.alias("created")

    def owned(values):
        terms = []
        for key, owner in owners.items():
            column = values[key].as_integer()
            terms.append(column.in_(owner) if isinstance(owner, (sa.Select, list, tuple)) else column == owner)
        return sa.or_(*terms)

    created = sa.select(i.c.id).where(i.c.entity == d.c.entity, i.c.entity_id == d.c.entity_id,
                                      i.c.action == "insert", owned(i.c.after))
    return sa.select(d.c.entity, d.c.entity_id).where(d.c.action == "delete",
                                                      sa.or_(owned(d.c.before), created.exists()))


def _deleted_terms(session: Session, owners: dict[str, Any]) -> list:
    """The deleted rows as literal (entity, ids) terms: read first, so that the filter's OR keeps
    every term answerable from an index (a subquery term in it makes the database read every entry)."""
    found: dict[str, list[str]] = {}
    for entity, entity_id in session.execute(_deleted_rows(owners)):
        found.setdefault(entity, []).append(entity_id)
    a = tables.audit_log
    return [sa.and_(a.c.entity == entity, a.c.entity_id.in_(ids)) for entity, ids in found.items()]


def family_filter(session: Session, family_id: int):
    """Entries about the family, its members and every row of theirs (rows as they are now, or the
    family recorded in a deleted row's values). Every term is answered from an index."""
    a = tables.audit_log
    key = str(family_id)
    p = tables.person
    persons = sa.select(sa.cast(p.c.id, sa.String)).where(p.c.family_id == family_id)
    person_ids = sa.select(p.c.id).where(p.c.family_id == family_id)
    clauses = [sa.and_(a.c.entity == "family", a.c.entity_id == key),
               sa.and_(a.c.entity == "person", a.c.entity_id.in_(persons)),
               *_deleted_terms(session, {"family_id": family_id, "person_id": person_ids})]
    for name, table in FAMILY_OWNED.items():
        clauses.append(sa.and_(a.c.entity == name, a.c.entity_id.in_(
            sa.select(sa.cast(table.c.id, sa.String)).where(table.c.family_id == family_id))))
    for name, table in PERSON_OWNED.items():
        clauses.append(sa.and_(a.c.entity == name, a.c.entity_id.in_(
            sa.select(sa.cast(table.c.id, sa.String)).where(table.c.person_id.in_(person_ids)))))
    return sa.or_(*clauses)


def person_filter(session: Session, person_ids: list[int]):
    """Entries about these persons and their own rows (documents, statuses, placements …)."""
    a = tables.audit_log
    keys = [str(i) for i in person_ids]
    clauses = [sa.and_(a.c.entity == "person", a.c.entity_id.in_(keys))]
    clauses.extend(_deleted_terms(session, {"person_id": list(person_ids)}))
    for name, table in PERSON_OWNED.items():
        clauses.append(sa.and_(a.c.entity == name, a.c.entity_id.in_(
            sa.select(sa.cast(table.c.id, sa.String)).where(table.c.person_id.in_(person_ids)))))
    if "person_id" in tables.attachment.c:
        t = tables.attachment
        clauses.append(sa.and_(a.c.entity == "attachment", a.c.entity_id.in_(
            sa.select(sa.cast(t.c.id, sa.String)).where(t.c.person_id.in_(person_ids)))))
    return sa.or_(*clauses)


def matching_persons(session: Session, iin: str | None, name_keys: list[str], limit: int = 200) -> list[int]:
    """Persons with this IIN, or whose folded name (``search_key``) contains every one of ``name_keys``."""
    p = tables.person
    if iin:
        query = sa.select(p.c.id).where(p.c.iin == iin)
    elif name_keys:
        query = sa.select(p.c.id)
        for key in name_keys:
            query = query.where(p.c.search_key.contains(key, autoescape=True))
    else:
        return []
    return list(session.scalars(query.order_by(p.c.id).limit(limit)))


def family_by_case_number(session: Session, case_number: str) -> int | None:
    f = tables.family
    return session.scalar(sa.select(f.c.id).where(f.c.case_number == case_number.strip()))
