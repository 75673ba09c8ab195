"""The registry row's copy of the head, the member count and the status end, kept on ``family``.

A registry page shows, for each family, the head's name, IIN and birth date, how many
members it has and until when their kandas statuses are valid. Reading them from ``person``
and ``kandas_status`` costs three index probes per family and one more per member (about
1 000 random page reads for a page at a million persons, more than the search itself), so
``family`` carries copies: ``head_name`` (``domain.names.full_name`` of the head), ``head_iin``,
``head_birth_date``, ``member_count`` and ``status_valid_until``. The head is the member whose
relation is ``head`` (the lowest id if there were two); a family without one shows an empty name.
``status_valid_until`` is the earliest end among the members' current statuses: a member's
current status is their latest-ending granted status that has not ended (``ended_on`` empty: an
extension, citizenship or a cancellation ends one), a member without one does not count, and a
family where no member has one has none. It does not depend on today: a date in the past shows
an expired status.

Every writer keeps them through here:

* ``install`` — a flush listener: a person inserted, deleted, moved to another family or whose
  relation, name, IIN or birth date changed, a kandas status inserted, deleted, moved to another
  person or whose decision, end or validity changed, and a family that gained or lost members,
  get their family's copies recomputed from ``person`` and ``kandas_status`` (only rows whose
  copy differs are written, so an edit that does not touch them takes no lock on the family row);
* ``refresh`` — the same for bulk Core writers (the import, its undo, retention, merge undo);
* ``new_family_copies`` — the copies of a family the import writes with all its members, which
  it inserts with the family row instead of computing them again from what it just wrote;
* ``refresh_next_due`` — ``next_due_date``, the earliest due date of the family's open tasks
  (reminders included), after every write of ``task``: ``storage.task_repository``, and a
  household merge moving tasks to the kept family and its undo moving them back
  (``storage.duplicate_repository``, ``storage.merge_repository``); a family's tasks go with it
  when it is deleted.

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
from domain.kandas_status import KandasStatus
from domain.names import full_name
from storage import tables

t_family, t_person, t_status, t_task = tables.family, tables.person, tables.kandas_status, tables.task
COLUMNS = ("head_name", "head_iin", "head_birth_date", "member_count", "status_valid_until")
# A person's attributes that a registry row shows (or that decide which person is the head).
_PERSON_ATTRIBUTES = ("relation", "surname", "given_name", "patronymic", "iin", "birth_date", "family_id")
# A status's attributes that decide whether it is current and when it ends.
_STATUS_ATTRIBUTES = ("person_id", "decision", "ended_on", "valid_until")
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
    member, status = t_person.alias("summary_status_member"), t_status.alias("summary_status")
    # per member the end of their current status (the last entry of ix_kandas_status_person_current)
    member_end = (sa.select(sa.func.max(status.c.valid_until))
                  .where(status.c.person_id == member.c.id, status.c.decision == "granted",
                         status.c.ended_on.is_(None), status.c.valid_until.is_not(None))
                  .scalar_subquery())
    return {
        "head_surname": of_head(head.c.surname), "head_given_name": of_head(head.c.given_name),
        "head_patronymic": of_head(head.c.patronymic),
        "head_iin": of_head(head.c.iin),
        "head_birth_date": of_head(head.c.birth_date),
        "member_count": sa.select(sa.func.count()).select_from(counted)
        .where(counted.c.family_id == family_id).scalar_subquery(),
        "status_valid_until": sa.select(sa.func.min(member_end)).select_from(member)
        .where(member.c.family_id == family_id).scalar_subquery(),
    }


def _copies(row) -> tuple:
    """The values of ``COLUMNS`` from a row of ``computed`` (labelled ``new_<name>``)."""
    name = full_name(row.new_head_surname or "", row.new_head_given_name or "", row.new_head_patronymic)
    return name, row.new_head_iin, row.new_head_birth_date, row.new_member_count, row.new_status_valid_until


def new_family_copies(members: list) -> dict:
    """``COLUMNS`` of a family written with exactly these members (in id order, each with
    ``relation``, ``surname``, ``given_name``, ``patronymic``, ``iin``, ``birth_date``) and no
    statuses yet: what ``refresh`` would compute, known without asking the database (the import)."""
    head = next((member for member in members if member.relation == "head"), None)
    if head is None:
        return {"head_name": full_name("", "", None), "head_iin": None, "head_birth_date": None,
                "member_count": len(members), "status_valid_until": None}
    return {"head_name": full_name(head.surname or "", head.given_name or "", head.patronymic),
            "head_iin": head.iin, "head_birth_date": head.birth_date, "member_count": len(members),
            "status_valid_until": None}


def refresh(connection, family_ids: Iterable[int | None], compare: bool = True) -> int:
    """Recompute the copies of these families and write those that differ (returns how many); with
    ``compare=False`` (bulk writers, whose families all changed) write them all (returns 0)."""
    ids = sorted({i for i in family_ids if i is not None})
    lock_families(connection, ids)
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


def next_due(family_id):
    """SQL: the earliest due date of the family ``family_id``'s open tasks (one seek of
    ix_task_family_open_due)."""
    return (sa.select(sa.func.min(t_task.c.due_date))
            .where(t_task.c.family_id == family_id, t_task.c.done_at.is_(None), t_task.c.due_date.is_not(None))
            .scalar_subquery())


def refresh_next_due(connection, family_ids: Iterable[int | None]) -> None:
    """Recompute ``next_due_date`` of these families, writing only those that differ (a task done
    that was not the earliest leaves its family's row alone)."""
    ids = sorted({i for i in family_ids if i is not None})
    lock_families(connection, ids)
    due = next_due(t_family.c.id)
    for start in range(0, len(ids), _CHUNK):
        connection.execute(t_family.update()
                           .where(t_family.c.id.in_(ids[start:start + _CHUNK]),
                                  t_family.c.next_due_date.is_distinct_from(due))
                           .values(next_due_date=due))


def lock_families(connection, family_ids: Iterable[int | None]) -> None:
    """On a server, wait for any other transaction writing these families before computing.

    Under READ COMMITTED an UPDATE that waited for a row still writes values its subqueries
    computed before the wait: an import adding a member and another seat renaming the head
    would each write a copy without the other's change. With the rows locked first (in id
    order, so two writers cannot deadlock on them), the statement that computes the copies
    starts after the other writer committed and sees its persons. SQLite has one writer.

    FOR NO KEY UPDATE, the lock an UPDATE of non-key columns takes: it does not conflict with the
    KEY SHARE lock that inserting a person or a task into the family takes on its row, so two
    seats that each inserted into the family and then refresh wait for each other instead of
    deadlocking. A writer of a family's tasks takes the family row first (storage.task_repository),
    in the order a reassignment takes them (family, then its tasks), and bulk writers go through
    families in id order: two seats never hold each other's next row."""
    ids = sorted({i for i in family_ids if i is not None})
    if not ids or connection.dialect.name == "sqlite":
        return
    for start in range(0, len(ids), _CHUNK):
        connection.execute(sa.select(t_family.c.id).where(t_family.c.id.in_(ids[start:start + _CHUNK]))
                           .order_by(t_family.c.id).with_for_update(key_share=True))


def _loaded(state, key: str) -> list:
    """The attribute's value now and before this flush (what is loaded; nothing is fetched)."""
    history = state.attrs[key].history
    return [state.dict.get(key), *history.added, *history.unchanged, *history.deleted]


def _touched(session: Session) -> set[int]:
    families: set[int] = set()
    persons: set[int] = set()  # whose statuses changed: their families are looked up below
    for instance in session.new:
        if isinstance(instance, Person):
            families.update(_loaded(inspect(instance), "family_id"))
        elif isinstance(instance, KandasStatus):
            persons.update(_loaded(inspect(instance), "person_id"))
        elif isinstance(instance, Family) and instance.id is not None:
            families.add(instance.id)
    for instance in session.deleted:
        if isinstance(instance, Person):
            families.update(_loaded(inspect(instance), "family_id"))
        elif isinstance(instance, KandasStatus):
            persons.update(_loaded(inspect(instance), "person_id"))
    for instance in session.dirty:
        state = inspect(instance)
        if isinstance(instance, Person):
            if any(state.attrs[key].history.has_changes() for key in _PERSON_ATTRIBUTES):
                families.update(_loaded(state, "family_id"))
        elif isinstance(instance, KandasStatus):
            if any(state.attrs[key].history.has_changes() for key in _STATUS_ATTRIBUTES):
                persons.update(_loaded(state, "person_id"))
        elif isinstance(instance, Family) and instance.id is not None:
            members = state.attrs.members.history
            if members.added or members.deleted:
                families.add(instance.id)
    ids = sorted(i for i in persons if i is not None)
    for start in range(0, len(ids), _CHUNK):  # a person deleted in this flush counted above already
        families.update(session.connection().scalars(
            sa.select(t_person.c.family_id).where(t_person.c.id.in_(ids[start:start + _CHUNK]))))
    return families


def _after_flush(session: Session, _context) -> None:
    # The new/dirty/deleted lists and attribute history still describe what this flush wrote.
    families = _touched(session)
    if families:
        refresh(session.connection(), families)


def install(session_class: type[Session]) -> None:
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
