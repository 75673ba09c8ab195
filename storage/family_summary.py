"""The registry row's copy of the head and the member count, kept on ``family``.

A registry page shows, for each family, the head's name, IIN and birth date and how many
members it has. Reading them from ``person`` costs three index probes per family (600 random
page reads for a page at a million persons, more than the search itself), so ``family``
carries copies: ``head_name`` (``domain.names.full_name`` of the head), ``head_iin``,
``head_birth_date`` and ``member_count``. The head is the member whose relation is ``head``
(the lowest id if there were two); a family without one shows an empty name.

Every writer keeps them through here:

* ``install`` — a flush listener: a person inserted, deleted, moved to another family or whose
  relation, name, IIN or birth date changed, and a family that gained or lost members, get
  their copies recomputed from ``person`` (only rows whose copy differs are written, so an edit
  that does not touch the head takes no lock on the family row);
* ``refresh`` — the same for bulk Core writers (the import, its undo).

The head's name is ``domain.names.full_name`` of the head's parts, computed in Python from what
the database returns (no SQL copy of that rule).

The copies are not mapped on ``Family`` (``storage.mapping``): the ORM never writes them and
never bumps the family's version for them.
"""
from __future__ import annotations

from typing import Iterable

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from domain.families import Family, Person
from domain.names import full_name
from storage import tables

t_family, t_person = tables.family, tables.person
COLUMNS = ("head_name", "head_iin", "head_birth_date", "member_count")
# A person's attributes that a registry row shows (or that decide which person is the head).
_PERSON_ATTRIBUTES = ("relation", "surname", "given_name", "patronymic", "iin", "birth_date", "family_id")
_CHUNK = 500


def computed(family_id) -> dict:
    """Column → SQL computing it from ``person`` for the family ``family_id``; the head's name comes
    as its three parts (``head_surname`` …), joined by ``domain.names.full_name`` in Python so that
    the rule for a full name exists once."""
    head = t_person.alias("summary_head")

    def of_head(expression):
        return (sa.select(expression).where(head.c.family_id == family_id, head.c.relation == "head")
                .order_by(head.c.id).limit(1).scalar_subquery())

    counted = t_person.alias("summary_member")
    return {
        "head_surname": of_head(head.c.surname), "head_given_name": of_head(head.c.given_name),
        "head_patronymic": of_head(head.c.patronymic),
        "head_iin": of_head(head.c.iin),
        "head_birth_date": of_head(head.c.birth_date),
        "member_count": sa.select(sa.func.count()).select_from(counted)
        .where(counted.c.family_id == family_id).scalar_subquery(),
    }


def _copies(row) -> tuple:
    """The values of ``COLUMNS`` from a row of ``computed`` (labelled ``new_<name>``)."""
    name = full_name(row.new_head_surname or "", row.new_head_given_name or "", row.new_head_patronymic)
    return name, row.new_head_iin, row.new_head_birth_date, row.new_member_count


def refresh(connection, family_ids: Iterable[int | None], compare: bool = True) -> int:
    """Recompute the copies of these families and write those that differ (returns how many); with
    ``compare=False`` (bulk writers, whose families all changed) write them all (returns 0)."""
    ids = sorted({i for i in family_ids if i is not None})
    _lock(connection, ids)
    values = computed(t_family.c.id)
    stored = [t_family.c[name] for name in COLUMNS]
    changed = []
    for start in range(0, len(ids), _CHUNK):
        query = (sa.select(t_family.c.id, *stored, *(expression.label("new_" + name)
                                                      for name, expression in values.items()))
                 .where(t_family.c.id.in_(ids[start:start + _CHUNK])))
        for row in connection.execute(query):
            old, new = tuple(row[1:1 + len(COLUMNS)]), _copies(row)
            if old != new or not compare:
                changed.append({"family": row[0], **dict(zip(COLUMNS, new))})
    if changed and connection.dialect.name == "postgresql":  # one statement (audit triggers fire once)
        from storage.bulk_insert_pg import update_rows_pg
        update_rows_pg(connection, t_family, "family", changed)
    elif changed:
        connection.execute(t_family.update().where(t_family.c.id == sa.bindparam("family"))
                           .values({name: sa.bindparam(name) for name in COLUMNS}), changed)
    return len(changed) if compare else 0


def _lock(connection, ids: list[int]) -> None:
    """On a server, wait for any other transaction writing these families before computing.

    Under READ COMMITTED an UPDATE that waited for a row still writes values its subqueries
    computed before the wait: an import adding a member and another seat renaming the head
    would each write a copy without the other's change. With the rows locked first (in id
    order, so two writers cannot deadlock on them), the statement that computes the copies
    starts after the other writer committed and sees its persons. SQLite has one writer."""
    if not ids or connection.dialect.name == "sqlite":
        return
    for start in range(0, len(ids), _CHUNK):
        connection.execute(sa.select(t_family.c.id).where(t_family.c.id.in_(ids[start:start + _CHUNK]))
                           .order_by(t_family.c.id).with_for_update())


def _loaded(state, key: str) -> list:
    """The attribute's value now and before this flush (what is loaded; nothing is fetched)."""
    history = state.attrs[key].history
    return [state.dict.get(key), *history.added, *history.unchanged, *history.deleted]


def _touched(session: Session) -> set[int]:
    families: set[int] = set()
    for instance in session.new:
        if isinstance(instance, Person):
            families.update(_loaded(inspect(instance), "family_id"))
        elif isinstance(instance, Family) and instance.id is not None:
            families.add(instance.id)
    for instance in session.deleted:
        if isinstance(instance, Person):
            families.update(_loaded(inspect(instance), "family_id"))
    for instance in session.dirty:
        state = inspect(instance)
        if isinstance(instance, Person):
            if any(state.attrs[key].history.has_changes() for key in _PERSON_ATTRIBUTES):
                families.update(_loaded(state, "family_id"))
        elif isinstance(instance, Family) and instance.id is not None:
            members = state.attrs.members.history
            if members.added or members.deleted:
                families.add(instance.id)
    return families


def _after_flush(session: Session, _context) -> None:
    # The new/dirty/deleted lists and attribute history still describe what this flush wrote.
    families = _touched(session)
    if families:
        refresh(session.connection(), families)


def install(session_class: type[Session]) -> None:
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
