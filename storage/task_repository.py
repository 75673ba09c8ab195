"""Tasks and the facts the reminder rules read: all selected and ordered in SQL."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.stages import FINISHED, is_finished
from domain.names import full_name
from domain.tasks import ContactFact, DocumentFact, StatusFact, SubsidyFact, TaskListFilter
from storage import family_summary, tables
from storage.bulk_insert import insert_rows

t_task, t_family, t_person, t_user = tables.task, tables.family, tables.person, tables.app_user
t_status, t_doc = tables.kandas_status, tables.identity_document
t_item, t_payment, t_inclusion = tables.subsidy_item, tables.payment, tables.quota_inclusion
CHUNK = 500


def _chunks(values: Sequence, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


class TaskRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- lists ------------------------------------------------------------------------
    def ids(self, *, today: dt.date, state: str = TaskListFilter.OPEN, assignee_id: int | None = None,
            family_id: int | None = None, only_assigned: bool = False) -> list[int]:
        """Task ids in the order a worker reads them: earliest due first, undated last."""
        query = sa.select(t_task.c.id)
        if state == TaskListFilter.DONE:
            query = query.where(t_task.c.done_at.is_not(None))
        else:
            query = query.where(t_task.c.done_at.is_(None))
            if state == TaskListFilter.OVERDUE:
                query = query.where(t_task.c.due_date < today)
        if only_assigned:
            query = query.where(t_task.c.assignee_id == assignee_id)
        if family_id is not None:
            query = query.where(t_task.c.family_id == family_id)
        if state == TaskListFilter.DONE:
            order = [t_task.c.done_at.desc(), t_task.c.id.desc()]
        else:
            order = [sa.case((t_task.c.due_date.is_(None), 1), else_=0), t_task.c.due_date, t_task.c.id]
        return list(self.session.scalars(query.order_by(*order)))

    def rows(self, ids: Sequence[int]) -> list[dict]:
        """Task rows with the family's case number, its head and the assignee's name."""
        if not ids:
            return []
        head = sa.select(t_person.c.family_id, t_person.c.surname, t_person.c.given_name,
                         t_person.c.patronymic).where(t_person.c.relation == "head").subquery()
        result: dict[int, dict] = {}
        for chunk in _chunks(list(ids)):
            query = (sa.select(t_task, t_family.c.case_number, head.c.surname, head.c.given_name,
                               head.c.patronymic, t_user.c.display_name, t_user.c.login)
                     .select_from(t_task)
                     .outerjoin(t_family, t_family.c.id == t_task.c.family_id)
                     .outerjoin(head, head.c.family_id == t_task.c.family_id)
                     .outerjoin(t_user, t_user.c.id == t_task.c.assignee_id)
                     .where(t_task.c.id.in_(chunk)))
            for row in self.session.execute(query):
                values = row._asdict()
                values["head_name"] = full_name(values.pop("surname") or "", values.pop("given_name") or "",
                                                values.pop("patronymic") or "")
                values["assignee_name"] = values.pop("display_name") or values.pop("login") or ""
                values.pop("login", None)
                result[values["id"]] = values
        return [result[i] for i in ids if i in result]

    def get(self, task_id: int) -> dict | None:
        row = self.session.execute(sa.select(t_task).where(t_task.c.id == task_id)).first()
        return row._asdict() if row else None

    # Every write of ``task`` here ends with ``_due_changed``: the family row carries its earliest
    # open due date for the registry (storage.family_summary.refresh_next_due; a household merge
    # and its undo, which re-point a family's tasks with SQL of their own, refresh it too).
    def _due_changed(self, family_ids: Iterable[int | None]) -> None:
        family_summary.refresh_next_due(self.session.connection(), family_ids)

    def insert(self, values: dict) -> int:
        task_id = self.session.execute(t_task.insert().values(**values)).inserted_primary_key[0]
        self._due_changed([values.get("family_id")])
        return task_id

    def insert_many(self, rows: list[dict]) -> None:
        """Tasks in one ``executemany`` (the demo writes its workers' task history this way)."""
        if rows:
            insert_rows(self.session, t_task, rows)
            self._due_changed(row.get("family_id") for row in rows)

    def insert_reminders(self, rows: list[dict]) -> dict[str, int]:
        """Insert reminders in one ``executemany`` (a first pass over a large database makes tens
        of thousands: one statement each took 15 s at 100 000 persons); auto key → new task id."""
        insert_rows(self.session, t_task, rows)
        self._due_changed(row.get("family_id") for row in rows)
        ids: dict[str, int] = {}
        for chunk in _chunks([row["auto_key"] for row in rows]):
            query = sa.select(t_task.c.auto_key, t_task.c.id).where(t_task.c.auto_key.in_(chunk))
            ids.update((key, task_id) for key, task_id in self.session.execute(query))
        return ids

    def update(self, task_id: int, version: int, values: dict) -> bool:
        """Write ``values`` if the task still has ``version``; False when someone changed it."""
        families: list[int | None] = []
        if {"due_date", "done_at", "family_id"} & values.keys():
            before = self.session.scalar(sa.select(t_task.c.family_id).where(t_task.c.id == task_id))
            families = [before, values.get("family_id", before)]
            # the family row before the task row, as every writer of both takes them
            family_summary.lock_families(self.session.connection(), families)
        result = self.session.execute(t_task.update().where(t_task.c.id == task_id, t_task.c.version == version)
                                      .values(version=t_task.c.version + 1, **values))
        if result.rowcount != 1:
            return False
        if families:
            self._due_changed(families)
        return True

    def delete(self, task_id: int, version: int) -> bool:
        family_id = self.session.scalar(sa.select(t_task.c.family_id).where(t_task.c.id == task_id))
        family_summary.lock_families(self.session.connection(), [family_id])
        result = self.session.execute(t_task.delete().where(t_task.c.id == task_id, t_task.c.version == version))
        if result.rowcount != 1:
            return False
        self._due_changed([family_id])
        return True

    def existing_keys(self, keys: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(list(keys)):
            found.update(self.session.scalars(sa.select(t_task.c.auto_key).where(t_task.c.auto_key.in_(chunk))))
        return found

    def open_by_keys(self, keys: Iterable[str]) -> dict[str, dict]:
        """Open reminders with these keys: key → id, version, params."""
        found: dict[str, dict] = {}
        for chunk in _chunks(list(keys)):
            query = sa.select(t_task.c.auto_key, t_task.c.id, t_task.c.version, t_task.c.params).where(
                t_task.c.auto_key.in_(chunk), t_task.c.done_at.is_(None))
            for row in self.session.execute(query):
                found[row.auto_key] = {"id": row.id, "version": row.version, "params": row.params or {}}
        return found

    def open_auto_tasks(self, family_id: int | None = None) -> list[tuple[int, str, int]]:
        """(id, auto_key, version) of every open automatic reminder (of one family)."""
        query = sa.select(t_task.c.id, t_task.c.auto_key, t_task.c.version).where(
            t_task.c.auto_key.is_not(None), t_task.c.done_at.is_(None))
        if family_id is not None:
            query = query.where(t_task.c.family_id == family_id)
        return [tuple(row) for row in self.session.execute(query)]

    def users(self) -> list[dict]:
        query = sa.select(t_user.c.id, t_user.c.login, t_user.c.display_name, t_user.c.role).where(
            t_user.c.active.is_(True)).order_by(t_user.c.display_name, t_user.c.login)
        return [row._asdict() for row in self.session.execute(query)]

    def responsible_users(self, family_ids: Iterable[int]) -> dict[int, int | None]:
        found: dict[int, int | None] = {}
        for chunk in _chunks(list(set(family_ids))):
            found.update(self.session.execute(sa.select(t_family.c.id, t_family.c.responsible_user_id)
                                              .where(t_family.c.id.in_(chunk))).all())
        return found

    # --- facts for the reminder rules ---------------------------------------------------------
    def status_facts(self, *, window: tuple[dt.date, dt.date] | None = None,
                     ids: Sequence[int] | None = None) -> list[StatusFact]:
        later = sa.alias(t_status)
        superseded = sa.exists().where(later.c.person_id == t_status.c.person_id, later.c.id > t_status.c.id,
                                       later.c.decision != "refused")
        query = (sa.select(t_status.c.id, t_status.c.valid_until, t_status.c.ended_on, t_person.c.family_id,
                           t_person.c.surname, t_person.c.given_name, t_person.c.patronymic,
                           superseded.label("superseded"))
                 .join(t_person, t_person.c.id == t_status.c.person_id)
                 .where(t_status.c.decision == "granted", t_status.c.valid_until.is_not(None)))
        return [StatusFact(r.id, r.family_id, full_name(r.surname, r.given_name, r.patronymic), r.valid_until,
                           r.ended_on is not None, bool(r.superseded))
                for r in self._select(query, t_status.c.id, t_status.c.valid_until, window, ids)]

    def document_facts(self, *, window: tuple[dt.date, dt.date] | None = None,
                       ids: Sequence[int] | None = None) -> list[DocumentFact]:
        query = (sa.select(t_doc.c.id, t_doc.c.kind, t_doc.c.number, t_doc.c.expiry_date, t_person.c.family_id,
                           t_person.c.surname, t_person.c.given_name, t_person.c.patronymic)
                 .join(t_person, t_person.c.id == t_doc.c.person_id)
                 .where(t_doc.c.expiry_date.is_not(None)))
        return [DocumentFact(r.id, r.family_id, full_name(r.surname, r.given_name, r.patronymic), r.kind,
                             r.number, r.expiry_date)
                for r in self._select(query, t_doc.c.id, t_doc.c.expiry_date, window, ids)]

    def subsidy_facts(self, *, due_by: dt.date | None = None, ids: Sequence[int] | None = None) -> list[SubsidyFact]:
        # paid per item through the payment index: a grouped subquery over every payment ran once
        # per chunk of 500 ids (26 times for the open reminders of a 100 000-person database, 3 s)
        paid = sa.func.coalesce(sa.select(sa.func.sum(t_payment.c.amount))
                                .where(t_payment.c.subsidy_item_id == t_item.c.id).scalar_subquery(), 0)
        query = (sa.select(t_item.c.id, t_item.c.kind, t_item.c.due_date, t_item.c.amount_due,
                           t_inclusion.c.family_id, paid.label("paid"))
                 .join(t_inclusion, t_inclusion.c.id == t_item.c.inclusion_id)
                 .where(t_inclusion.c.cancelled_on.is_(None)))
        if due_by is not None:
            query = query.where(t_item.c.due_date <= due_by, t_item.c.amount_due > paid)
        rows = self._select(query, t_item.c.id, None, None, ids)
        return [SubsidyFact(r.id, r.family_id, r.kind, r.due_date, Decimal(r.amount_due), Decimal(r.paid))
                for r in rows]

    def contact_facts(self, *, silent_since: dt.date | None = None,
                      ids: Sequence[int] | None = None) -> list[ContactFact]:
        query = sa.select(t_family.c.id, t_family.c.case_number, t_family.c.last_contact_date,
                          t_family.c.created_at, t_family.c.stage)
        if silent_since is not None:
            query = query.where(t_family.c.stage.not_in(sorted(FINISHED)), sa.or_(
                t_family.c.last_contact_date <= silent_since,
                sa.and_(t_family.c.last_contact_date.is_(None),
                        t_family.c.created_at < dt.datetime.combine(silent_since + dt.timedelta(days=1),
                                                                    dt.time()))))
        return [ContactFact(r.id, r.case_number, r.last_contact_date, r.created_at.date(), is_finished(r.stage))
                for r in self._select(query, t_family.c.id, None, None, ids)]

    def _select(self, query, id_column, date_column, window, ids):
        if ids is not None:
            rows = []
            for chunk in _chunks(list(ids)):
                rows.extend(self.session.execute(query.where(id_column.in_(chunk))))
            return rows
        if window is not None:
            query = query.where(date_column >= window[0], date_column <= window[1])
        return list(self.session.execute(query))
